import { Link, useParams } from "react-router-dom";
import { api, routes } from "../api";
import { ItemStatusBadge } from "../components/Badges";
import { LongText } from "../components/LongText";
import { mayEditItem, mayReportOn, roleIn, useRoleIn, useSession } from "../auth/session";
import { ErrorState, Loading } from "../components/States";
import { AddIndicator, IndicatorTools } from "../edit/IndicatorEditor";
import { ItemEditor } from "../edit/ItemEditor";
import { useApi } from "../hooks/useApi";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { t, tp } from "../i18n/es-CL";
import { truncate } from "../i18n/format";
import { HistorySection } from "../item/HistorySection";
import { IndicatorList } from "../item/IndicatorList";
import { ItemSheet } from "../item/ItemSheet";
import { AlertList } from "../monitoring/AlertList";
import { IndicatorMonitor } from "../monitoring/IndicatorMonitor";
import { SimulatedNotice } from "../monitoring/StatusBadge";
import type { AlertDto, ItemDetail, PlanDetail, PlanFigures } from "../types";
import "../styles/item.css";
import "../styles/forms.css";
import "../styles/monitoring.css";
import "../styles/edit.css";

export default function ItemPage() {
  const { cut = "", itemId = "" } = useParams();
  const item = useApi<ItemDetail>(api.item(cut, itemId));
  useDocumentTitle(
    item.status === "success"
      ? `${item.data.code} ${truncate(item.data.title, 60)}`
      : item.status === "error"
        ? t("state.error.notFound")
        : null,
  );

  if (item.status === "loading") return <Loading />;
  if (item.status === "error") return <ErrorState error={item.error} onRetry={item.retry} />;
  return <ItemView item={item.data} cut={cut} />;
}

function ItemView({ item, cut }: { item: ItemDetail; cut: string }) {
  // Members of the municipality (any role) and platform operators read the history.
  const isMember = useRoleIn(cut) !== null;
  const { me } = useSession();
  const plan = useApi<PlanDetail>(api.plan(cut, item.planId));
  const figures = useApi<PlanFigures>(api.figures(cut, item.planId));
  const canReport = mayReportOn(
    me,
    cut,
    item.responsibleUnits.map((u) => u.id),
  );
  const canEdit = mayEditItem(
    me,
    cut,
    item.responsibleUnits.map((u) => u.id),
  );
  const role = roleIn(me, cut);
  const isAdmin = role === "admin" || role === "operator";
  const years =
    plan.status === "success"
      ? { start: plan.data.startYear, end: plan.data.endYear }
      : { start: new Date().getFullYear() - 4, end: new Date().getFullYear() + 3 };
  return (
    <article className="container item">
      <Breadcrumbs item={item} cut={cut} />
      <header className="page-head">
        <p className="eyebrow">{t("item.heading", { level: item.level.name, code: item.code })}</p>
        <h1 className="item-title">{item.title}</h1>
        <p className="item-head-meta">
          <ItemStatusBadge status={item.status} />
          <Link to={routes.tree(cut, item.planId, item.id)}>{t("item.openInTree")}</Link>
          {isMember && <a href="#historial">{t("history.link")}</a>}
          <Link to={routes.dashboard(cut, item.planId)}>{t("nav.dashboard")}</Link>
        </p>
        {figures.status === "success" &&
          figures.data.hasSimulated &&
          item.indicators.length > 0 && <SimulatedNotice compact />}
      </header>

      {canEdit && <ItemEditor item={item} cut={cut} isAdmin={isAdmin} />}

      {item.description && (
        <section aria-labelledby="description" className="section">
          <h2 id="description">{t("item.description")}</h2>
          <LongText text={item.description} />
        </section>
      )}

      <section aria-labelledby="sheet" className="section">
        <h2 id="sheet">{t("item.sheet")}</h2>
        <ItemSheet item={item} cut={cut} />
      </section>

      <section aria-labelledby="indicators" className="section">
        <h2 id="indicators">{t("item.indicators")}</h2>
        <IndicatorList
          indicators={item.indicators}
          extra={(indicator) => (
            <>
              {canEdit && <IndicatorTools item={item} cut={cut} indicator={indicator} />}
              <IndicatorMonitor
                cut={cut}
                indicator={indicator}
                startYear={years.start}
                endYear={years.end}
                isMember={isMember}
                canReport={canReport}
              />
            </>
          )}
        />
        {canEdit && <AddIndicator item={item} cut={cut} />}
      </section>

      {isMember && <ItemAlerts cut={cut} item={item} canAct={canReport} />}

      {item.children.length > 0 && (
        <section aria-labelledby="children" className="section">
          <h2 id="children">{t("item.children")}</h2>
          <p className="muted">{tp("item.childrenIntro", item.children.length)}</p>
          <ul className="child-list">
            {item.children.map((child) => (
              <li key={child.id}>
                <Link to={routes.item(cut, child.id)}>
                  <span className="child-label">
                    {t("item.heading", { level: child.levelName, code: child.code })}
                  </span>
                  <span className="child-title">{child.title}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}

      {isMember && <HistorySection cut={cut} itemId={item.id} />}
    </article>
  );
}

function Breadcrumbs({ item, cut }: { item: ItemDetail; cut: string }) {
  return (
    <nav aria-label={t("item.breadcrumbs")} className="breadcrumbs">
      <ol>
        <li>
          <Link to={routes.plan(cut, item.planId)}>{item.planTitle}</Link>
        </li>
        {item.ancestors.map((ancestor, index) => (
          <li
            key={ancestor.id}
            className={index < item.ancestors.length - 1 ? "crumb-middle" : undefined}
          >
            <Link to={routes.item(cut, ancestor.id)} title={ancestor.title}>
              {ancestor.code}
              {t("common.separator")}
              {truncate(ancestor.title, 48)}
            </Link>
          </li>
        ))}
        <li aria-current="page" className="crumb-current">
          {item.code}
          {t("common.separator")}
          {truncate(item.title, 48)}
        </li>
      </ol>
    </nav>
  );
}

function ItemAlerts({ cut, item, canAct }: { cut: string; item: ItemDetail; canAct: boolean }) {
  const alerts = useApi<{ items: AlertDto[] }>(api.alerts(cut, item.planId), { keep: false });
  const mine =
    alerts.status === "success" ? alerts.data.items.filter((a) => a.itemId === item.id) : [];
  return (
    <section aria-labelledby="alertas-iniciativa" className="section">
      <h2 id="alertas-iniciativa">{t("indicator.alerts")}</h2>
      {alerts.status === "loading" && <p className="muted">{t("state.loading")}</p>}
      {alerts.status === "error" && (
        <p className="error-text">{alerts.error.problem.detail ?? alerts.error.problem.title}</p>
      )}
      {alerts.status === "success" &&
        (mine.length === 0 ? (
          <p className="empty">{t("indicator.alertsEmpty")}</p>
        ) : (
          <AlertList cut={cut} alerts={mine.map((alert) => ({ alert, canAct }))} />
        ))}
    </section>
  );
}
