import { useSearchParams } from "react-router-dom";
import { FUNDING_SOURCES } from "../../../src/modules/reference/funding-sources";
import { t, tp } from "../i18n/es-CL";
import {
  activeFilterCount,
  FILTER_PARAMS,
  STATUSES,
  type DashboardFilters,
  type FilterName,
} from "../monitoring/filters";
import { trafficLabel } from "../monitoring/StatusBadge";

interface Choice {
  key: string;
  name: string;
}

/**
 * The dashboard's filters on the map (same URL parameters as the dashboard, so a link carries
 * them from one to the other). Only the items layer is filtered; the other layers are the
 * municipality's, not the plan's.
 */
export function MapFilters({
  open,
  filters,
  setFilter,
  units,
  territories,
  years,
}: {
  open: boolean;
  filters: DashboardFilters;
  setFilter: (name: FilterName, value: string | null) => void;
  units: Choice[];
  territories: Choice[];
  years: string[];
}) {
  const [, setSearchParams] = useSearchParams();
  const active = activeFilterCount(filters);
  const clear = () =>
    setSearchParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        for (const name of Object.values(FILTER_PARAMS)) next.delete(name);
        return next;
      },
      { replace: true, preventScrollReset: true },
    );
  const sdgs = Array.from({ length: 17 }, (_, i) => ({
    key: String(i + 1),
    name: t("dashboard.sdgName", { number: i + 1 }),
  }));
  const select = (name: FilterName, label: string, choices: Choice[], all: string) => (
    <div className="field filter-field">
      <label htmlFor={`mapa-filtro-${name}`}>{label}</label>
      <select
        id={`mapa-filtro-${name}`}
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
    <details className="map-panel card" open={open}>
      <summary>
        <h2 className="map-panel-title">
          {t("dashboard.filters")}
          {active > 0 && (
            <span className="muted small"> · {tp("dashboard.filtersActive", active)}</span>
          )}
        </h2>
      </summary>
      <p className="muted small">{t("map.filters.scope")}</p>
      <div className="map-filter-grid">
        {select("unit", t("dashboard.filter.unit"), units, t("dashboard.filterAllFem"))}
        {select(
          "territory",
          t("dashboard.filter.territory"),
          territories,
          t("dashboard.filterAll"),
        )}
        {select("sdg", t("dashboard.filter.sdg"), sdgs, t("dashboard.filterAll"))}
        {select(
          "status",
          t("dashboard.filter.status"),
          STATUSES.map((s) => ({ key: s, name: trafficLabel(s) })),
          t("dashboard.filterAll"),
        )}
        {select(
          "funding",
          t("dashboard.filter.funding"),
          FUNDING_SOURCES.map((s) => ({ key: s.code, name: s.name })),
          t("dashboard.filterAllFem"),
        )}
        {select(
          "period",
          t("dashboard.filter.period"),
          years.map((y) => ({ key: y, name: y })),
          t("dashboard.filterAll"),
        )}
      </div>
      {active > 0 && (
        <button type="button" className="link-button" onClick={clear}>
          {t("dashboard.clearFilters")}
        </button>
      )}
    </details>
  );
}
