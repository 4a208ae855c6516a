import { useMemo, useState, type ReactNode } from "react";
import { Link, useParams } from "react-router-dom";
import { api, routes } from "../api";
import { mayReportOn, mayValidate, roleIn, unitsIn, useSession } from "../auth/session";
import { Empty, ErrorState, Loading } from "../components/States";
import { PlanBreadcrumbs } from "../components/PlanBreadcrumbs";
import { useApi, type Resource } from "../hooks/useApi";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { t, tp } from "../i18n/es-CL";
import { formatDate, formatPercent } from "../i18n/format";
import { AlertList, type AlertView } from "../monitoring/AlertList";
import {
  activeFilterCount,
  periodMatches,
  selectedGroup,
  STATUSES,
  tagsMatch,
  type DashboardFilters,
  type FilterName,
} from "../monitoring/filters";
import { ProgressBar, SimulatedNotice, StatusBadge, trafficLabel } from "../monitoring/StatusBadge";
import { useFilters } from "../monitoring/useFilters";
import { flattenTree, tagsFromTree } from "../monitoring/useItemIndex";
import type {
  AlertDto,
  FigureGroup,
  ItemFigure,
  ItemIndex,
  PlanDetail,
  PlanFigures,
  PlanTree,
  TerritoryList,
  TrafficLight,
  TreeNode,
  UnitList,
} from "../types";
import { FUNDING_SOURCES } from "../../../src/modules/reference/funding-sources";
import "../styles/forms.css";
import "../styles/tree.css";
import "../styles/monitoring.css";

type Dimension = "unit" | "territory" | "sdg" | "funding";
type Names = Record<Dimension, Map<string, string>>;

export default function DashboardPage() {
  const { cut = "", planId = "" } = useParams();
  const plan = useApi<PlanDetail>(api.plan(cut, planId));
  const figures = useApi<PlanFigures>(api.figures(cut, planId), { keep: false });
  useDocumentTitle(
    plan.status === "success"
      ? `${t("dashboard.title")}${t("common.separator")}${plan.data.title}`
      : t("dashboard.title"),
  );
  if (plan.status === "error") return <ErrorState error={plan.error} onRetry={plan.retry} />;
  if (figures.status === "error")
    return <ErrorState error={figures.error} onRetry={figures.retry} />;
  if (plan.status === "loading" || figures.status === "loading") return <Loading />;
  return <Dashboard cut={cut} plan={plan.data} figures={figures.data} />;
}

function Dashboard({
  cut,
  plan,
  figures,
}: {
  cut: string;
  plan: PlanDetail;
  figures: PlanFigures;
}) {
  const { me } = useSession();
  const role = roleIn(me, cut);
  const isMember = role !== null;
  const { filters, setFilter, clear } = useFilters();
  const index = useApi<ItemIndex>(api.itemIndex(cut, plan.id));
  const units = useApi<UnitList>(isMember ? api.units(cut) : null);
  const territories = useApi<TerritoryList>(isMember ? api.territories(cut) : null);

  const groups = useMemo(() => {
    const byDimension = new Map<string, FigureGroup[]>();
    for (const group of figures.groups)
      byDimension.set(group.dimension, [...(byDimension.get(group.dimension) ?? []), group]);
    return byDimension;
  }, [figures]);

  const names = useMemo<Names>(() => {
    const result: Names = {
      unit: new Map(),
      territory: new Map(),
      sdg: new Map(),
      funding: new Map(),
    };
    for (const source of FUNDING_SOURCES) result.funding.set(source.code, source.name);
    if (units.status === "success")
      for (const unit of units.data.items) result.unit.set(unit.id, unit.name);
    if (territories.status === "success")
      for (const territory of territories.data.items)
        result.territory.set(territory.id, territory.name);
    if (index.status === "success") {
      for (const unit of index.data.units) result.unit.set(unit.id, unit.name);
      for (const territory of index.data.territories)
        result.territory.set(territory.id, territory.name);
      for (const goal of index.data.sdgGoals)
        result.sdg.set(
          String(goal.number),
          `${t("dashboard.sdgName", { number: goal.number })}${t("common.separator")}${goal.title}`,
        );
      for (const source of index.data.fundingSources) result.funding.set(source.code, source.name);
    }
    return result;
  }, [units, territories, index]);

  const nameOf = (dimension: Dimension, key: string): string =>
    names[dimension].get(key) ??
    (dimension === "sdg"
      ? t("dashboard.sdgName", { number: key })
      : t("dashboard.unknownKey", { key }));

  const selected = selectedGroup(filters);
  const headline =
    (selected &&
      figures.groups.find((g) => g.dimension === selected.dimension && g.key === selected.key)) ||
    figures.groups.find((g) => g.dimension === "plan") ||
    null;
  const scope = selected ? nameOf(selected.dimension, selected.key) : null;
  const canReportSomething =
    role === "admin" || role === "operator" || (role === "editor" && unitsIn(me, cut).length > 0);

  return (
    <div className="container dashboard">
      <PlanBreadcrumbs cut={cut} plan={plan} current={t("dashboard.title")} />
      <header className="page-head dashboard-head">
        <h1>{t("dashboard.title")}</h1>
        <p className="lead">{t("dashboard.intro")}</p>
        {figures.asOf && (
          <p className="muted">{t("dashboard.asOf", { date: formatDate(figures.asOf) })}</p>
        )}
        {figures.hasSimulated && <SimulatedNotice />}
        <p>
          <Link to={`${routes.plan(cut, plan.id)}#descargas`}>{t("export.dashboardLink")}</Link>
        </p>
        {(canReportSomething || mayValidate(role)) && (
          <p className="dashboard-actions">
            {canReportSomething && (
              <Link className="button" to={routes.report(cut)}>
                {t("dashboard.reportCta")}
              </Link>
            )}
            {mayValidate(role) && (
              <Link className="button button-secondary" to={routes.validate(cut)}>
                {t("dashboard.validateCta")}
              </Link>
            )}
          </p>
        )}
      </header>

      <FilterBar
        filters={filters}
        setFilter={setFilter}
        clear={clear}
        groups={groups}
        nameOf={nameOf}
        plan={plan}
      />

      {figures.groups.length === 0 ? (
        <Empty>{t("dashboard.noFigures")}</Empty>
      ) : (
        <>
          <section aria-labelledby="resumen" className="section dashboard-summary">
            <h2 id="resumen" className="visually-hidden">
              {t("dashboard.compliance")}
            </h2>
            <Headline group={headline} scope={scope} />
            <StatusCounts group={headline} scope={scope} filters={filters} setFilter={setFilter} />
          </section>

          <AxesSection
            cut={cut}
            plan={plan}
            groups={groups.get("axis") ?? []}
            filtered={selected !== null}
          />
        </>
      )}

      {isMember && <AlertsSections cut={cut} plan={plan} filters={filters} index={index} />}
      {role === "editor" && <MineSection cut={cut} planId={plan.id} figures={figures} />}

      {figures.groups.length > 0 && (
        <>
          <DrillDown cut={cut} plan={plan} figures={figures} filters={filters} />
          <section aria-labelledby="desglose" className="section">
            <h2 id="desglose">{t("dashboard.breakdowns")}</h2>
            <div className="breakdowns">
              {(["unit", "territory", "sdg", "funding"] as const).map((dimension) => (
                <Breakdown
                  key={dimension}
                  dimension={dimension}
                  groups={groups.get(dimension) ?? []}
                  nameOf={nameOf}
                  selected={filters[dimension]}
                  onSelect={(key) => setFilter(dimension, key === filters[dimension] ? null : key)}
                />
              ))}
            </div>
          </section>
        </>
      )}
    </div>
  );
}

function Headline({ group, scope }: { group: FigureGroup | null; scope: string | null }) {
  const status: TrafficLight = group?.status ?? "no_data";
  return (
    <div className="card kpi">
      <p className="kpi-label">
        {scope ? t("dashboard.complianceOf", { scope }) : t("dashboard.compliance")}
      </p>
      <p className="kpi-value" data-testid="cumplimiento">
        {group?.progress !== null && group?.progress !== undefined
          ? formatPercent(group.progress)
          : t("dashboard.complianceNone")}
      </p>
      <StatusBadge status={status} />
      <ProgressBar
        value={group?.progress ?? null}
        status={status}
        label={scope ? t("dashboard.complianceOf", { scope }) : t("dashboard.compliance")}
      />
      <p className="muted small">{t("dashboard.complianceHelp")}</p>
    </div>
  );
}

const COUNT_FIELD: Record<TrafficLight, "done" | "onTrack" | "atRisk" | "offTrack" | "noData"> = {
  done: "done",
  on_track: "onTrack",
  at_risk: "atRisk",
  off_track: "offTrack",
  no_data: "noData",
};

function StatusCounts({
  group,
  scope,
  filters,
  setFilter,
}: {
  group: FigureGroup | null;
  scope: string | null;
  filters: DashboardFilters;
  setFilter: (name: FilterName, value: string | null) => void;
}) {
  return (
    <div className="card counts">
      <h3>{scope ? t("dashboard.countsScope", { scope }) : t("dashboard.counts")}</h3>
      <ul className="count-list" data-testid="conteos">
        {STATUSES.map((status) => (
          <li key={status}>
            <button
              type="button"
              className={`count count-${status}`}
              aria-pressed={filters.status === status}
              onClick={() => setFilter("status", filters.status === status ? null : status)}
            >
              <span className="count-value">{group ? group[COUNT_FIELD[status]] : 0}</span>
              <StatusBadge status={status} small />
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Counts({
  group,
}: {
  group: Pick<FigureGroup, "done" | "onTrack" | "atRisk" | "offTrack" | "noData">;
}) {
  return (
    <ul className="mini-counts">
      {STATUSES.map((status) => (
        <li key={status} className={`mini-count mini-${status}`}>
          <span className="visually-hidden">{trafficLabel(status)}: </span>
          <span aria-hidden="true" className="mini-dot" />
          <span aria-hidden="true">{trafficLabel(status)} </span>
          {group[COUNT_FIELD[status]]}
        </li>
      ))}
    </ul>
  );
}

function AxesSection({
  cut,
  plan,
  groups,
  filtered,
}: {
  cut: string;
  plan: PlanDetail;
  groups: FigureGroup[];
  filtered: boolean;
}) {
  const byKey = new Map(groups.map((g) => [g.key, g]));
  return (
    <section aria-labelledby="lineamientos" className="section">
      <h2 id="lineamientos">{t("dashboard.axes")}</h2>
      {filtered && <p className="muted small">{t("dashboard.axesFilteredNote")}</p>}
      <ul className="axis-status-grid" data-testid="lineamientos">
        {plan.axes.map((axis) => {
          const group = byKey.get(axis.id);
          const status = group?.status ?? "no_data";
          return (
            <li
              key={axis.id}
              className={`card axis-status axis-status-${status}`}
              data-axis={axis.id}
            >
              <p className="axis-code">
                {t("plan.axisLabel", { level: axis.levelName, code: axis.code })}
              </p>
              <h3>
                <Link to={routes.item(cut, axis.id)}>{axis.title}</Link>
              </h3>
              <p className="axis-status-line">
                <StatusBadge status={status} />
                <span className="axis-progress-text">
                  {group?.progress !== null && group?.progress !== undefined
                    ? t("dashboard.axisProgress", { value: formatPercent(group.progress) })
                    : t("dashboard.axisNoProgress")}
                </span>
              </p>
              <ProgressBar
                value={group?.progress ?? null}
                status={status}
                label={t("dashboard.axisProgress", { value: axis.code })}
              />
              {group && <Counts group={group} />}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function FilterBar({
  filters,
  setFilter,
  clear,
  groups,
  nameOf,
  plan,
}: {
  filters: DashboardFilters;
  setFilter: (name: FilterName, value: string | null) => void;
  clear: () => void;
  groups: Map<string, FigureGroup[]>;
  nameOf: (dimension: Dimension, key: string) => string;
  plan: PlanDetail;
}) {
  const active = activeFilterCount(filters);
  const options = (dimension: Dimension) =>
    (groups.get(dimension) ?? [])
      .map((g) => ({ key: g.key, name: nameOf(dimension, g.key) }))
      .sort((a, b) =>
        dimension === "sdg" ? Number(a.key) - Number(b.key) : a.name.localeCompare(b.name, "es"),
      );
  const years: string[] = [];
  for (let year = plan.startYear; year <= plan.endYear; year += 1) years.push(String(year));
  if (filters.period && !years.includes(filters.period)) years.push(filters.period);
  const select = (
    name: FilterName,
    label: string,
    choices: Array<{ key: string; name: string }>,
    all = t("dashboard.filterAll"),
  ) => (
    <div className="field filter-field">
      <label htmlFor={`filtro-${name}`}>{label}</label>
      <select
        id={`filtro-${name}`}
        value={filters[name] ?? ""}
        onChange={(event) => setFilter(name, event.target.value || null)}
      >
        <option value="">{all}</option>
        {choices.map((choice) => (
          <option key={choice.key} value={choice.key}>
            {choice.name}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <section aria-labelledby="filtros" className="filter-bar card">
      <h2 id="filtros" className="filter-title">
        {t("dashboard.filters")}
        {active > 0 && (
          <span className="muted small"> · {tp("dashboard.filtersActive", active)}</span>
        )}
      </h2>
      <div className="filter-grid">
        {select("unit", t("dashboard.filter.unit"), options("unit"), t("dashboard.filterAllFem"))}
        {select("territory", t("dashboard.filter.territory"), options("territory"))}
        {select("sdg", t("dashboard.filter.sdg"), options("sdg"))}
        {select(
          "status",
          t("dashboard.filter.status"),
          STATUSES.map((s) => ({ key: s, name: trafficLabel(s) })),
        )}
        {select(
          "funding",
          t("dashboard.filter.funding"),
          options("funding"),
          t("dashboard.filterAllFem"),
        )}
        {select(
          "period",
          t("dashboard.filter.period"),
          years.map((y) => ({ key: y, name: y })),
        )}
      </div>
      {active > 0 && (
        <button type="button" className="link-button" onClick={clear}>
          {t("dashboard.clearFilters")}
        </button>
      )}
    </section>
  );
}

function Breakdown({
  dimension,
  groups,
  nameOf,
  selected,
  onSelect,
}: {
  dimension: Dimension;
  groups: FigureGroup[];
  nameOf: (dimension: Dimension, key: string) => string;
  selected: string | null;
  onSelect: (key: string) => void;
}) {
  const [expanded, setExpanded] = useState(false);
  const rows = [...groups].sort(
    (a, b) => (b.progress ?? -1) - (a.progress ?? -1) || b.items - a.items,
  );
  const shown = expanded ? rows : rows.slice(0, 8);
  const titleId = `desglose-${dimension}`;
  return (
    <div className="card breakdown">
      <h3 id={titleId}>{t(`dashboard.breakdown.${dimension}`)}</h3>
      {rows.length === 0 ? (
        <Empty>{t("dashboard.breakdown.empty")}</Empty>
      ) : (
        <div className="table-scroll">
          <table className="breakdown-table" aria-labelledby={titleId}>
            <thead>
              <tr>
                <th scope="col">{t("dashboard.breakdown.name")}</th>
                <th scope="col">{t("dashboard.breakdown.progress")}</th>
                <th scope="col">{t("dashboard.breakdown.status")}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((group) => {
                const name = nameOf(dimension, group.key);
                return (
                  <tr
                    key={group.key}
                    className={selected === group.key ? "is-selected" : undefined}
                  >
                    <th scope="row">
                      <button
                        type="button"
                        className="link-button breakdown-name"
                        aria-pressed={selected === group.key}
                        onClick={() => onSelect(group.key)}
                        title={t("dashboard.breakdown.select", { name })}
                      >
                        {name}
                      </button>
                      <span className="muted small"> · {tp("plan.itemCount", group.items)}</span>
                    </th>
                    <td className="bar-cell">
                      <span className="bar-text">
                        {group.progress === null ? "–" : formatPercent(group.progress)}
                      </span>
                      <span className="bar" aria-hidden="true">
                        <span
                          className={`bar-fill progress-${group.status}`}
                          style={{
                            width: `${Math.max(0, Math.min(1, group.progress ?? 0)) * 100}%`,
                          }}
                        />
                      </span>
                    </td>
                    <td>
                      <StatusBadge status={group.status} small />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {rows.length > 8 && (
        <button
          type="button"
          className="link-button"
          aria-expanded={expanded}
          onClick={() => setExpanded(!expanded)}
        >
          {expanded ? t("common.readLess") : `${t("dashboard.showAll")} (${rows.length})`}
        </button>
      )}
    </div>
  );
}

type IndexState = Resource<ItemIndex>;
type IndexedItem = ItemIndex["items"][number];

function indexedItem(index: IndexState, itemId: string): IndexedItem | undefined {
  return index.status === "success" ? index.data.items.find((i) => i.id === itemId) : undefined;
}

function itemLabel(index: IndexState, itemId: string): { code: string; title: string } | undefined {
  const item = indexedItem(index, itemId);
  return item ? { code: item.code, title: item.title } : undefined;
}

function AlertsSections({
  cut,
  plan,
  filters,
  index,
}: {
  cut: string;
  plan: PlanDetail;
  filters: DashboardFilters;
  index: IndexState;
}) {
  const { me } = useSession();
  const alerts = useApi<{ items: AlertDto[] }>(api.alerts(cut, plan.id), { keep: false });
  const tree = useApi<PlanTree>(api.tree(cut, plan.id));
  const treeTags = useMemo(
    () => (tree.status === "success" ? tagsFromTree(tree.data.items) : undefined),
    [tree],
  );
  const [showAll, setShowAll] = useState(false);
  if (alerts.status === "loading")
    return (
      <section className="section" aria-labelledby="alertas" aria-busy="true">
        <h2 id="alertas">{t("dashboard.alerts")}</h2>
        <Loading />
      </section>
    );
  if (alerts.status === "error")
    return (
      <section className="section" aria-labelledby="alertas">
        <h2 id="alertas">{t("dashboard.alerts")}</h2>
        <p className="error-text">{alerts.error.problem.detail ?? alerts.error.problem.title}</p>
        <button type="button" className="button button-secondary" onClick={alerts.retry}>
          {t("state.error.retry")}
        </button>
      </section>
    );
  const tags = treeTags;
  const kept = alerts.data.items.filter(
    (a) =>
      a.status === "open" &&
      periodMatches(filters.period, a.period) &&
      tagsMatch(filters, tags?.get(a.itemId)),
  );
  const view = (alert: AlertDto): AlertView => {
    const item = indexedItem(index, alert.itemId);
    return {
      alert,
      item: itemLabel(index, alert.itemId),
      canAct: mayReportOn(me, cut, item?.unitIds ?? []),
    };
  };
  const main = kept.filter((a) => a.rule !== "report_overdue");
  const overdue = kept.filter((a) => a.rule === "report_overdue");
  const shown = showAll ? main : main.slice(0, 6);
  return (
    <div className="two-columns dashboard-alerts">
      <section aria-labelledby="alertas" className="section">
        <h2 id="alertas">
          {t("dashboard.alerts")} <span className="count-pill">{main.length}</span>
        </h2>
        {main.length === 0 ? (
          <Empty>{t("dashboard.alertsEmpty")}</Empty>
        ) : (
          <>
            <AlertList cut={cut} alerts={shown.map(view)} />
            {main.length > shown.length && (
              <p>
                <span className="muted small">
                  {t("dashboard.alertsMore", { shown: shown.length, total: main.length })}{" "}
                </span>
                <button type="button" className="link-button" onClick={() => setShowAll(true)}>
                  {t("dashboard.showAll")}
                </button>
              </p>
            )}
          </>
        )}
      </section>
      <section aria-labelledby="atrasados" className="section">
        <h2 id="atrasados">
          {t("dashboard.overdue")} <span className="count-pill">{overdue.length}</span>
        </h2>
        {overdue.length === 0 ? (
          <Empty>{t("dashboard.overdueEmpty")}</Empty>
        ) : (
          <OverdueList cut={cut} alerts={overdue} index={index} />
        )}
      </section>
    </div>
  );
}

function OverdueList({
  cut,
  alerts,
  index,
}: {
  cut: string;
  alerts: AlertDto[];
  index: IndexState;
}) {
  const [expanded, setExpanded] = useState(false);
  const shown = expanded ? alerts : alerts.slice(0, 8);
  return (
    <>
      <ul className="overdue-list">
        {shown.map((alert) => {
          const item = itemLabel(index, alert.itemId);
          return (
            <li key={alert.id}>
              <Link to={routes.item(cut, alert.itemId)}>
                {item ? `${item.code}${t("common.separator")}${item.title}` : alert.message}
              </Link>
              <span className="muted small"> {t("alert.period", { period: alert.period })}</span>
            </li>
          );
        })}
      </ul>
      {alerts.length > shown.length && (
        <button type="button" className="link-button" onClick={() => setExpanded(true)}>
          {`${t("dashboard.showAll")} (${alerts.length})`}
        </button>
      )}
    </>
  );
}

function MineSection({
  cut,
  planId,
  figures,
}: {
  cut: string;
  planId: string;
  figures: PlanFigures;
}) {
  const { me } = useSession();
  const tree = useApi<PlanTree>(api.tree(cut, planId));
  const mine = unitsIn(me, cut);
  const byItem = new Map(figures.items.map((f) => [f.itemId, f]));
  let body: ReactNode;
  if (mine.length === 0) body = <Empty>{t("dashboard.mineNoUnits")}</Empty>;
  else if (tree.status === "error")
    body = <p className="error-text">{tree.error.problem.detail ?? tree.error.problem.title}</p>;
  else if (tree.status !== "success")
    body = (
      <p role="status" className="muted">
        <span className="spinner spinner-small" aria-hidden="true" /> {t("state.loading")}
      </p>
    );
  else {
    // The tree carries each item's units: no need to read the items one by one.
    const items = flattenTree(tree.data.items).filter(
      (item) => item.indicatorCount > 0 && item.unitIds.some((u) => mine.includes(u)),
    );
    body =
      items.length === 0 ? (
        <Empty>{t("dashboard.mineEmpty")}</Empty>
      ) : (
        <ul className="mine-list">
          {items.map((item) => {
            const figure = byItem.get(item.id);
            return (
              <li key={item.id} className="mine-entry">
                <Link to={routes.item(cut, item.id)}>
                  {item.code}
                  {t("common.separator")}
                  {item.title}
                </Link>
                <StatusBadge status={figure?.status ?? "no_data"} small />
                {figure && <span className="muted small">{figure.explanation}</span>}
              </li>
            );
          })}
        </ul>
      );
  }
  return (
    <section aria-labelledby="mias" className="section">
      <h2 id="mias">{t("dashboard.mine")}</h2>
      <p className="muted">{t("dashboard.mineIntro")}</p>
      {body}
    </section>
  );
}

/** The plan's tree with each element's status and its explanation, filtered like the rest. */
function DrillDown({
  cut,
  plan,
  figures,
  filters,
}: {
  cut: string;
  plan: PlanDetail;
  figures: PlanFigures;
  filters: DashboardFilters;
}) {
  const tree = useApi<PlanTree>(api.tree(cut, plan.id));
  const [open, setOpen] = useState<Set<string>>(() => new Set());
  const byItem = useMemo(() => new Map(figures.items.map((f) => [f.itemId, f])), [figures]);
  const needsTags = Boolean(filters.unit || filters.territory || filters.sdg || filters.funding);
  const tags = useMemo(
    () => (tree.status === "success" ? tagsFromTree(tree.data.items) : undefined),
    [tree],
  );

  const visible = useMemo(() => {
    if (tree.status !== "success") return null;
    if (!filters.status && !needsTags) return null;
    const keep = new Set<string>();
    const visit = (node: TreeNode): boolean => {
      const figure = byItem.get(node.id);
      const self =
        (!filters.status || figure?.status === filters.status) &&
        (!needsTags || tagsMatch(filters, tags?.get(node.id)));
      let any = self;
      for (const child of node.children) if (visit(child)) any = true;
      if (any) keep.add(node.id);
      return any;
    };
    for (const root of tree.data.items) visit(root);
    return keep;
  }, [tree, filters, needsTags, tags, byItem]);

  const toggle = (id: string) =>
    setOpen((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <section aria-labelledby="recorrido" className="section">
      <h2 id="recorrido">{t("dashboard.tree")}</h2>
      <p className="muted">{t("dashboard.treeIntro")}</p>
      {needsTags && !tags && (
        <p role="status" className="muted small">
          {t("dashboard.treeTagsLoading")}
        </p>
      )}
      {tree.status === "loading" && <Loading />}
      {tree.status === "error" && (
        <p className="error-text">{tree.error.problem.detail ?? tree.error.problem.title}</p>
      )}
      {tree.status === "success" &&
        (visible && visible.size === 0 ? (
          <Empty>{t("dashboard.treeEmpty")}</Empty>
        ) : (
          <DrillList
            nodes={tree.data.items}
            cut={cut}
            byItem={byItem}
            open={open}
            toggle={toggle}
            visible={visible}
            depth={0}
            label={t("tree.label", { plan: plan.title })}
          />
        ))}
    </section>
  );
}

function DrillList({
  nodes,
  cut,
  byItem,
  open,
  toggle,
  visible,
  depth,
  label,
  id,
}: {
  nodes: TreeNode[];
  cut: string;
  byItem: Map<string, ItemFigure>;
  open: Set<string>;
  toggle: (id: string) => void;
  visible: Set<string> | null;
  depth: number;
  label?: string;
  id?: string;
}) {
  const shown = visible ? nodes.filter((n) => visible.has(n.id)) : nodes;
  return (
    <ul className={depth === 0 ? "drill" : "drill-group"} aria-label={label} id={id}>
      {shown.map((node) => {
        const figure = byItem.get(node.id);
        const status = figure?.status ?? "no_data";
        const hasChildren = node.children.length > 0;
        // Filtering opens the path to every match.
        const isOpen =
          hasChildren &&
          (open.has(node.id) || (visible !== null && depth < 6 && !open.has(`closed:${node.id}`)));
        const groupId = `drill-${node.id}`;
        return (
          <li key={node.id} className="drill-node" data-item={node.id} data-status={status}>
            <div className="drill-row">
              {hasChildren ? (
                <button
                  type="button"
                  className="tree-toggle"
                  aria-expanded={isOpen}
                  aria-controls={isOpen ? groupId : undefined}
                  aria-label={t("tree.toggle", { code: node.code })}
                  onClick={() =>
                    toggle(visible !== null && !open.has(node.id) ? `closed:${node.id}` : node.id)
                  }
                >
                  <span className="tree-chevron" aria-hidden="true" />
                </button>
              ) : (
                <span className="tree-leaf" aria-hidden="true" />
              )}
              <div className="drill-content">
                <Link to={routes.item(cut, node.id)} className="drill-link">
                  <span className="tree-level">
                    {t("tree.nodeLabel", { level: node.levelName, code: node.code })}
                  </span>
                  {t("common.separator")}
                  {node.title}
                </Link>
                <span className="drill-meta">
                  <StatusBadge status={status} small />
                  {figure?.progress !== null && figure?.progress !== undefined && (
                    <span className="small">{formatPercent(figure.progress)}</span>
                  )}
                  {figure && <span className="drill-explanation small">{figure.explanation}</span>}
                </span>
              </div>
            </div>
            {isOpen && (
              <DrillList
                nodes={node.children}
                cut={cut}
                byItem={byItem}
                open={open}
                toggle={toggle}
                visible={visible}
                depth={depth + 1}
                id={groupId}
              />
            )}
          </li>
        );
      })}
    </ul>
  );
}
