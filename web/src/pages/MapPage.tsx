/**
 * The plan's map (issue #7): territories, the diagnosis choropleth, prioritised problems, the
 * plan's items coloured by status and the gap layer, with switches, legends, popups, the
 * dashboard's filters (in the URL), lists that make every feature reachable by keyboard, the
 * exports, and, for editors, adding problems and placing items by clicking the map.
 */
import { useCallback, useMemo, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router-dom";
import { api, routes } from "../api";
import { roleIn, useSession } from "../auth/session";
import { Empty, ErrorState, Loading } from "../components/States";
import { PlanBreadcrumbs } from "../components/PlanBreadcrumbs";
import { invalidateApi, useApi } from "../hooks/useApi";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { t } from "../i18n/es-CL";
import { serializeFilters } from "../monitoring/filters";
import { SimulatedNotice } from "../monitoring/StatusBadge";
import { useFilters } from "../monitoring/useFilters";
import { flattenTree } from "../monitoring/useItemIndex";
import type { PlanDetail, PlanTree, UnitList } from "../types";
import { DiagnosisControls, type DiagnosisChoice } from "../map/DiagnosisControls";
import { FeatureLists } from "../map/FeatureLists";
import { GapTable } from "../map/GapTable";
import { ItemPlacer, type Draft } from "../map/ItemPlacer";
import { LayeredMap, type MapLayerDef, type MapSelection } from "../map/LayeredMap";
import {
  diagnosisLayer,
  gapBreaks,
  gapLayer,
  itemsLayer,
  LAYER_IDS,
  parseLayers,
  problemsLayer,
  territoriesLayer,
  type LayerId,
} from "../map/layers";
import {
  choroplethEntries,
  classLabels,
  LegendBlock,
  priorityEntries,
  statusEntries,
  territoryEntries,
} from "../map/Legend";
import { mapApi, mapRoutes } from "../map/mapApi";
import { MapFilters } from "../map/MapFilters";
import { DiagnosisPopup, GapPopup, ItemPopup, ProblemPopup, TerritoryPopup } from "../map/Popups";
import { ProblemForm } from "../map/ProblemForm";
import { boundsOf } from "../map/style";
import type {
  ClassMethod,
  DiagnosisLayer,
  DiagnosisVariable,
  FeatureCollection,
  GapLayer,
  ItemProperties,
  MapConfig,
  ProblemProperties,
  TerritoryProperties,
} from "../map/types";
import "../styles/forms.css";
import "../styles/monitoring.css";
import "../styles/map.css";

const EMPTY = { type: "FeatureCollection" as const, features: [] };

export default function MapPage() {
  const { cut = "", planId = "" } = useParams();
  const plan = useApi<PlanDetail>(api.plan(cut, planId));
  const config = useApi<MapConfig>(mapApi.config());
  const territories = useApi<FeatureCollection<TerritoryProperties>>(mapApi.territories(cut), {
    keep: false,
  });
  useDocumentTitle(
    plan.status === "success"
      ? `${t("map.title")}${t("common.separator")}${plan.data.title}`
      : t("map.title"),
  );
  if (plan.status === "error") return <ErrorState error={plan.error} onRetry={plan.retry} />;
  if (config.status === "error") return <ErrorState error={config.error} onRetry={config.retry} />;
  if (territories.status === "error")
    return <ErrorState error={territories.error} onRetry={territories.retry} />;
  if (plan.status === "loading" || config.status === "loading" || territories.status === "loading")
    return <Loading />;
  return <PlanMap cut={cut} plan={plan.data} config={config.data} territories={territories.data} />;
}

type Mode =
  | { kind: "idle" }
  | { kind: "addProblem"; point: [number, number] | null; picking: boolean }
  | { kind: "editProblem"; problem: ProblemProperties };

function PlanMap({
  cut,
  plan,
  config,
  territories,
}: {
  cut: string;
  plan: PlanDetail;
  config: MapConfig;
  territories: FeatureCollection<TerritoryProperties>;
}) {
  const { me } = useSession();
  const role = roleIn(me, cut);
  const canEdit = role === "admin" || role === "operator" || role === "editor";
  const canImport = role === "admin" || role === "operator";
  const { filters, setFilter } = useFilters();
  const [searchParams, setSearchParams] = useSearchParams();
  // The switches answer at once; the URL follows (so a link reproduces the view).
  const [visible, setVisible] = useState(() => parseLayers(searchParams.get("capas")));
  const filterQuery = serializeFilters(filters);

  const setParam = useCallback(
    (name: string, value: string | null) =>
      setSearchParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          if (value === null) next.delete(name);
          else next.set(name, value);
          return next;
        },
        { replace: true, preventScrollReset: true },
      ),
    [setSearchParams],
  );
  const toggle = (id: LayerId, on: boolean) => {
    const next = new Set(visible);
    if (on) next.add(id);
    else next.delete(id);
    setVisible(next);
    setParam("capas", LAYER_IDS.filter((layer) => next.has(layer)).join(","));
  };

  const items = useApi<FeatureCollection<ItemProperties>>(mapApi.items(cut, plan.id, filterQuery), {
    keep: false,
  });
  const problems = useApi<FeatureCollection<ProblemProperties>>(mapApi.problems(cut), {
    keep: false,
  });
  const gap = useApi<GapLayer>(visible.has("gap") ? mapApi.gap(cut, plan.id) : null, {
    keep: false,
  });
  const variables = useApi<{ items: DiagnosisVariable[] }>(mapApi.diagnosisVariables(cut), {
    keep: false,
  });
  const units = useApi<UnitList>(role ? api.units(cut) : null);
  const tree = useApi<PlanTree>(canEdit ? api.tree(cut, plan.id) : null);

  const variableList = variables.status === "success" ? variables.data.items : [];
  const method = (["quantile", "equal", "manual"] as const).find(
    (m) => m === searchParams.get("metodo"),
  );
  const choice: DiagnosisChoice = {
    variable: searchParams.get("variable") ?? variableList[0]?.key ?? null,
    method: method ?? "quantile",
    classes: Math.min(7, Math.max(2, Number(searchParams.get("clases")) || 5)),
    breaks: (searchParams.get("cortes") ?? "")
      .split(",")
      .map(Number)
      .filter((n) => searchParams.get("cortes") && Number.isFinite(n)),
  };
  const breaksKey = choice.breaks.join(",");
  const diagnosisQuery = useMemo(
    () =>
      choice.variable && (choice.method !== "manual" || breaksKey !== "")
        ? {
            variable: choice.variable,
            method: choice.method,
            classes: choice.classes,
            breaks: breaksKey.split(",").map(Number),
          }
        : null,
    [choice.variable, choice.method, choice.classes, breaksKey],
  );
  const diagnosis = useApi<DiagnosisLayer>(
    visible.has("diagnosis") && diagnosisQuery ? mapApi.diagnosis(cut, diagnosisQuery) : null,
  );
  const setChoice = (next: DiagnosisChoice) =>
    setSearchParams(
      (previous) => {
        const params = new URLSearchParams(previous);
        if (next.variable) params.set("variable", next.variable);
        params.set("metodo", next.method);
        params.set("clases", String(next.classes));
        if (next.breaks.length > 0) params.set("cortes", next.breaks.join(","));
        else params.delete("cortes");
        return params;
      },
      { replace: true, preventScrollReset: true },
    );

  const [selection, setSelection] = useState<MapSelection | null>(null);
  // On a phone the panels start closed, so the map comes first; they open with one tap.
  const [wide] = useState(() => window.matchMedia("(min-width: 52rem)").matches);
  const [mode, setMode] = useState<Mode>({ kind: "idle" });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const territoryChoices = useMemo(
    () =>
      territories.features
        .map((f) => ({ key: f.properties.id, name: f.properties.name }))
        .sort((a, b) => a.name.localeCompare(b.name, "es")),
    [territories],
  );
  const unitChoices =
    units.status === "success" ? units.data.items.map((u) => ({ key: u.id, name: u.name })) : [];
  const years: string[] = [];
  for (let year = plan.startYear; year <= plan.endYear; year += 1) years.push(String(year));
  const approximate = territories.features.some((f) => f.properties.approximate);
  const fitTo = useMemo(() => boundsOf(territories.features.map((f) => f.geometry)), [territories]);

  const diagnosisData = diagnosis.status === "success" ? diagnosis.data : null;
  const diagnosisClasses = diagnosisData
    ? Math.max(1, diagnosisData.breaks.length)
    : choice.classes;
  const itemData = items.status === "success" ? items.data : null;
  const problemData = problems.status === "success" ? problems.data : null;
  const gapData = gap.status === "success" ? gap.data : null;

  const layers = useMemo<MapLayerDef[]>(() => {
    const list: MapLayerDef[] = [
      diagnosisLayer(
        diagnosisData?.collection ?? EMPTY,
        diagnosisClasses,
        visible.has("diagnosis"),
      ),
      gapLayer(gapData?.collection ?? EMPTY, visible.has("gap")),
      territoriesLayer(territories, visible.has("territories")),
      itemsLayer(itemData ?? EMPTY, visible.has("items")),
      problemsLayer(problemData ?? EMPTY, visible.has("problems")),
    ];
    if (draft) {
      const features = draft.vertices.map((vertex, index) => ({
        type: "Feature" as const,
        geometry: { type: "Point" as const, coordinates: vertex },
        properties: { key: `v${index}` },
      }));
      const line =
        draft.shape !== "Point" && draft.vertices.length > 1
          ? [
              {
                type: "Feature" as const,
                geometry: {
                  type: "LineString" as const,
                  coordinates:
                    draft.shape === "Polygon" && draft.vertices.length > 2
                      ? [...draft.vertices, draft.vertices[0] as [number, number]]
                      : draft.vertices,
                },
                properties: { key: "line" },
              },
            ]
          : [];
      list.push({
        id: "draft",
        collection: { type: "FeatureCollection", features: [...line, ...features] },
        visible: true,
        keyProperty: "key",
        lineColor: "#111111",
        lineWidth: 2,
        circleColor: "#111111",
        circleRadius: 5,
        interactive: false,
      });
    }
    return list;
  }, [
    diagnosisData,
    diagnosisClasses,
    gapData,
    territories,
    itemData,
    problemData,
    draft,
    visible,
  ]);

  const reloadProblems = () => invalidateApi((path) => path.includes("/map/"));
  const picking = draft !== null || (mode.kind === "addProblem" && mode.picking);
  const onPick = picking
    ? (lngLat: [number, number]) => {
        if (draft)
          setDraft({
            ...draft,
            vertices: draft.shape === "Point" ? [lngLat] : [...draft.vertices, lngLat],
          });
        else setMode({ kind: "addProblem", point: lngLat, picking: false });
      }
    : null;
  const pickHint = draft
    ? t(`map.place.hint.${draft.shape}`)
    : mode.kind === "addProblem" && mode.picking
      ? t("map.problem.pickHint")
      : null;

  const renderPopup = (current: MapSelection) => {
    const find = <P extends object>(
      collection: FeatureCollection<P> | null | undefined,
      key: keyof P,
    ) => collection?.features.find((f) => String(f.properties[key]) === current.key)?.properties;
    switch (current.layerId) {
      case "territories": {
        const territory = find(territories, "id");
        return territory ? <TerritoryPopup territory={territory} /> : null;
      }
      case "diagnosis": {
        const feature = find(diagnosisData?.collection, "territoryId");
        return feature && diagnosisData ? (
          <DiagnosisPopup feature={feature} layer={diagnosisData} />
        ) : null;
      }
      case "gap": {
        const row = find(gapData?.collection, "territoryId");
        return row ? <GapPopup row={row} /> : null;
      }
      case "items": {
        const item = find(itemData, "itemId");
        return item ? <ItemPopup cut={cut} item={item} /> : null;
      }
      case "problems": {
        const problem = find(problemData, "id");
        return problem ? (
          <ProblemPopup
            problem={problem}
            onEdit={canEdit ? () => setMode({ kind: "editProblem", problem }) : null}
          />
        ) : null;
      }
      default:
        return null;
    }
  };

  const exportLink = (layer: "territories" | "diagnosis" | "problems" | "items") => {
    const query =
      layer === "items"
        ? filterQuery
        : layer === "diagnosis" && diagnosisQuery
          ? new URL(mapApi.diagnosis(cut, diagnosisQuery), "http://x").search.slice(1)
          : "";
    if (layer === "diagnosis" && !diagnosisQuery) return null;
    return (
      <a key={layer} href={mapApi.layerExport(cut, layer, query, plan.id)} download>
        {t("map.export.geojson", { layer: t(`map.layer.${layer}`) })}
      </a>
    );
  };

  const layerError = (id: LayerId) => {
    const resource =
      id === "items"
        ? items
        : id === "problems"
          ? problems
          : id === "gap"
            ? gap
            : id === "diagnosis"
              ? diagnosis
              : null;
    if (!resource || resource.status !== "error" || !visible.has(id)) return null;
    if (id === "diagnosis" && resource.error.status === 400) return null;
    return (
      <p className="field-error small" role="alert">
        {t("map.layerError")} {resource.error.problem.detail ?? ""}{" "}
        <button type="button" className="link-button" onClick={resource.retry}>
          {t("state.error.retry")}
        </button>
      </p>
    );
  };
  const diagnosisServerError =
    diagnosis.status === "error" && diagnosis.error.status === 400
      ? (diagnosis.error.problem.errors?.[0]?.message ?? diagnosis.error.problem.detail ?? null)
      : null;
  const simulatedDiagnosis = diagnosisData?.variable.simulated ?? false;
  const simulatedPlacement =
    (itemData?.features.some((f) => f.properties.simulated) ?? false) ||
    (problemData?.features.some((f) => f.properties.simulated) ?? false);

  return (
    <div className="container map-page">
      <PlanBreadcrumbs cut={cut} plan={plan} current={t("map.title")}>
        <li>
          <Link to={routes.dashboard(cut, plan.id, filterQuery)}>{t("dashboard.title")}</Link>
        </li>
      </PlanBreadcrumbs>
      <header className="page-head">
        <h1>{t("map.title")}</h1>
        <p className="lead">{t("map.intro")}</p>
        {plan.isDemo && <p className="badge badge-demo">{t("plan.demoBadge")}</p>}
        {approximate && (
          <div className="notice notice-simulated" role="note">
            <span className="badge badge-simulated">{t("map.approximate.badge")}</span>
            <p>{t("map.approximate.note")}</p>
          </div>
        )}
        {canImport && (
          <p className="dashboard-actions">
            <Link
              className="button button-secondary"
              to={mapRoutes.territoryImport(cut, mapRoutes.map(cut, plan.id))}
            >
              {t("map.import.territoriesCta")}
            </Link>
            <Link
              className="button button-secondary"
              to={mapRoutes.diagnosisImport(cut, mapRoutes.map(cut, plan.id))}
            >
              {t("map.import.diagnosisCta")}
            </Link>
          </p>
        )}
      </header>

      <div className="map-layout">
        <aside className="map-side" aria-label={t("map.controls")}>
          <details className="map-panel card" open={wide}>
            <summary>
              <h2 className="map-panel-title">{t("map.layers")}</h2>
            </summary>
            <fieldset className="map-layer-switches">
              <legend className="visually-hidden">{t("map.layers")}</legend>
              {LAYER_IDS.map((id) => (
                <div key={id} className="map-layer-switch">
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      checked={visible.has(id)}
                      onChange={(event) => toggle(id, event.target.checked)}
                    />
                    {t(`map.layer.${id}`)}
                  </label>
                  {layerError(id)}
                </div>
              ))}
            </fieldset>
            {visible.has("diagnosis") && (
              <DiagnosisControls
                variables={variableList}
                choice={choice}
                onChange={setChoice}
                serverError={diagnosisServerError}
              />
            )}
          </details>

          <section className="map-panel card map-legend" aria-labelledby="leyenda">
            <h2 id="leyenda" className="map-panel-title">
              {t("map.legend")}
            </h2>
            {visible.size === 0 && <p className="muted small">{t("map.legend.none")}</p>}
            {visible.has("territories") && (
              <LegendBlock
                title={t("map.layer.territories")}
                entries={territoryEntries()}
                note={approximate ? t("map.approximate.short") : null}
              />
            )}
            {visible.has("diagnosis") && diagnosisData && (
              <LegendBlock
                title={`${diagnosisData.variable.label}${diagnosisData.variable.unit ? ` (${diagnosisData.variable.unit})` : ""}`}
                entries={choroplethEntries(
                  "diagnosis",
                  classLabels(diagnosisData.breaks),
                  diagnosisData.collection.features.some((f) => f.properties.value === null),
                )}
                note={[diagnosisData.variable.year, diagnosisData.variable.source]
                  .filter((part) => part !== null && part !== "")
                  .join(" · ")}
              />
            )}
            {visible.has("diagnosis") && simulatedDiagnosis && <SimulatedNotice compact />}
            {simulatedPlacement && (visible.has("items") || visible.has("problems")) && (
              <p className="small">
                <span className="badge badge-simulated">{t("simulated.badge")}</span>{" "}
                {t("map.simulated.note")}
              </p>
            )}
            {visible.has("gap") && gapData && (
              <LegendBlock
                title={t("map.layer.gap")}
                entries={choroplethEntries(
                  "gap",
                  gapBreaks(gapData.rows).map((value, index) =>
                    t("map.legend.gapClass", {
                      number: index + 1,
                      value: value.toFixed(2).replace(".", ","),
                    }),
                  ),
                  false,
                )}
                note={t("map.legend.gapNote")}
              />
            )}
            {visible.has("items") && (
              <LegendBlock title={t("map.layer.items")} entries={statusEntries()} />
            )}
            {visible.has("problems") && (
              <LegendBlock title={t("map.layer.problems")} entries={priorityEntries()} />
            )}
          </section>

          <MapFilters
            open={wide}
            filters={filters}
            setFilter={setFilter}
            units={unitChoices}
            territories={territoryChoices}
            years={years}
          />
        </aside>

        <div className="map-main">
          <LayeredMap
            key={config.tileUrl ?? "sin-teselas"}
            layers={layers}
            tileUrl={config.tileUrl}
            attribution={config.attribution}
            label={t("map.canvasLabel", { plan: plan.title })}
            selection={selection}
            onSelect={setSelection}
            renderPopup={renderPopup}
            onPick={onPick}
            pickHint={pickHint}
            fitTo={fitTo}
          />
          {!config.tileUrl && <p className="muted small">{t("map.noTiles")}</p>}
          <p className="visually-hidden">{t("map.canvasHelp")}</p>
          <div className="map-status" role="status">
            {message}
          </div>

          {canEdit && (
            <section aria-labelledby="herramientas" className="map-tools card">
              <h2 id="herramientas" className="map-panel-title">
                {t("map.tools")}
              </h2>
              {mode.kind === "idle" && !draft && (
                <p className="form-actions">
                  <button
                    type="button"
                    className="button"
                    onClick={() => {
                      setMessage(null);
                      setMode({ kind: "addProblem", point: null, picking: true });
                    }}
                  >
                    {t("map.problem.add")}
                  </button>
                </p>
              )}
              {mode.kind === "addProblem" && (
                <>
                  {mode.picking && (
                    <p className="form-actions">
                      <button
                        type="button"
                        className="button button-secondary"
                        onClick={() => setMode({ kind: "addProblem", point: null, picking: false })}
                      >
                        {t("map.problem.forTerritory")}
                      </button>
                      <button
                        type="button"
                        className="button button-secondary"
                        onClick={() => setMode({ kind: "idle" })}
                      >
                        {t("map.cancel")}
                      </button>
                    </p>
                  )}
                  {!mode.picking && (
                    <ProblemForm
                      cut={cut}
                      point={mode.point}
                      territories={territoryChoices}
                      onDone={(text) => {
                        setMode({ kind: "idle" });
                        setMessage(text);
                        reloadProblems();
                      }}
                      onCancel={() => setMode({ kind: "idle" })}
                    />
                  )}
                </>
              )}
              {mode.kind === "editProblem" && (
                <ProblemForm
                  key={mode.problem.id}
                  cut={cut}
                  problem={mode.problem}
                  territories={territoryChoices}
                  onDone={(text) => {
                    setMode({ kind: "idle" });
                    setMessage(text);
                    reloadProblems();
                  }}
                  onCancel={() => setMode({ kind: "idle" })}
                />
              )}
              {mode.kind === "idle" && tree.status === "success" && (
                <ItemPlacer
                  cut={cut}
                  planId={plan.id}
                  items={flattenTree(tree.data.items)}
                  draft={draft}
                  setDraft={(next) => {
                    setDraft(next);
                    if (next) setSelection(null);
                  }}
                  onSaved={(text) => {
                    setMessage(text);
                    invalidateApi((path) => path.includes("/map/") || path.includes("/items/"));
                  }}
                />
              )}
            </section>
          )}
        </div>
      </div>

      <FeatureLists
        cut={cut}
        items={itemData}
        itemsLoading={items.status === "loading"}
        problems={problemData}
        territories={territories}
        canEdit={canEdit}
        onShow={(layerId, key) => {
          if (!visible.has(layerId)) toggle(layerId, true);
          setSelection({ layerId, key });
        }}
        onEditProblem={(problem) => setMode({ kind: "editProblem", problem })}
        onDeleted={(text) => {
          setMessage(text);
          setSelection(null);
          reloadProblems();
        }}
      />

      {visible.has("gap") &&
        (gapData ? (
          <GapTable
            rows={gapData.rows}
            method={gapData.method}
            xlsxUrl={mapApi.gapExport(cut, plan.id, "xlsx")}
            csvUrl={mapApi.gapExport(cut, plan.id, "csv")}
            geojsonUrl={null}
            onShow={(territoryId) => setSelection({ layerId: "gap", key: territoryId })}
          />
        ) : gap.status === "loading" ? (
          <Loading />
        ) : null)}
      {!visible.has("gap") && (
        <section className="section map-section" aria-labelledby="brecha-oculta">
          <h2 id="brecha-oculta">{t("map.gap.title")}</h2>
          <p>
            <button type="button" className="link-button" onClick={() => toggle("gap", true)}>
              {t("map.gap.show")}
            </button>
          </p>
        </section>
      )}

      <section aria-labelledby="exportar" className="section map-section">
        <h2 id="exportar">{t("map.export.title")}</h2>
        <p className="map-exports">
          {exportLink("territories")}
          {exportLink("diagnosis")}
          {exportLink("problems")}
          {exportLink("items")}
          <a href={mapApi.gapExport(cut, plan.id, "xlsx")} download>
            {t("map.gap.xlsx")}
          </a>
          <a href={mapApi.gapExport(cut, plan.id, "csv")} download>
            {t("map.gap.csv")}
          </a>
        </p>
      </section>
      {territories.features.length === 0 && <Empty>{t("map.noTerritories")}</Empty>}
    </div>
  );
}

export type { ClassMethod };
