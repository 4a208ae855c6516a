import type { TrafficLight } from "../types";

/**
 * The dashboard's filters, kept in the URL query so that every widget reads the same ones and a
 * link reproduces the view: ?unidad=…&territorio=…&ods=4&estado=at_risk&fuente=FNDR&periodo=2025.
 */
export interface DashboardFilters {
  unit: string | null;
  territory: string | null;
  sdg: string | null;
  status: TrafficLight | null;
  funding: string | null;
  period: string | null;
}

export type FilterName = keyof DashboardFilters;

/** Query parameter of each filter (Spanish, as people read them in links). */
export const FILTER_PARAMS: Record<FilterName, string> = {
  unit: "unidad",
  territory: "territorio",
  sdg: "ods",
  status: "estado",
  funding: "fuente",
  period: "periodo",
};

export const STATUSES: readonly TrafficLight[] = [
  "done",
  "on_track",
  "at_risk",
  "off_track",
  "no_data",
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PERIOD = /^\d{4}(-(S[12]|Q[1-4]|0[1-9]|1[0-2]))?$/;

/** Reads the filters from a query string; values that cannot be right are ignored. */
export function parseFilters(search: URLSearchParams | string): DashboardFilters {
  const params = typeof search === "string" ? new URLSearchParams(search) : search;
  const read = (name: FilterName) => params.get(FILTER_PARAMS[name])?.trim() || null;
  const unit = read("unit");
  const territory = read("territory");
  const sdg = read("sdg");
  const status = read("status");
  const funding = read("funding");
  const period = read("period");
  const sdgNumber = sdg === null ? NaN : Number(sdg);
  return {
    unit: unit && UUID.test(unit) ? unit.toLowerCase() : null,
    territory: territory && UUID.test(territory) ? territory.toLowerCase() : null,
    sdg:
      Number.isInteger(sdgNumber) && sdgNumber >= 1 && sdgNumber <= 17 ? String(sdgNumber) : null,
    status:
      status && (STATUSES as readonly string[]).includes(status) ? (status as TrafficLight) : null,
    funding: funding && /^[\w.-]{1,60}$/.test(funding) ? funding : null,
    period: period && PERIOD.test(period.toUpperCase()) ? period.toUpperCase() : null,
  };
}

/** The query string of the filters (only those set, in a fixed order), without "?". */
export function serializeFilters(filters: Partial<DashboardFilters>): string {
  const params = new URLSearchParams();
  for (const name of Object.keys(FILTER_PARAMS) as FilterName[]) {
    const value = filters[name];
    if (value) params.set(FILTER_PARAMS[name], value);
  }
  return params.toString();
}

/** The filters with one changed (null removes it); other query parameters are kept. */
export function withFilter(
  search: URLSearchParams,
  name: FilterName,
  value: string | null,
): URLSearchParams {
  const next = new URLSearchParams(search);
  if (value) next.set(FILTER_PARAMS[name], value);
  else next.delete(FILTER_PARAMS[name]);
  return next;
}

export function activeFilterCount(filters: DashboardFilters): number {
  return Object.values(filters).filter((value) => value !== null).length;
}

/** The dimension group of the figures that the filters select (the first dimension filter set). */
export function selectedGroup(
  filters: DashboardFilters,
): { dimension: "unit" | "territory" | "sdg" | "funding"; key: string } | null {
  if (filters.unit) return { dimension: "unit", key: filters.unit };
  if (filters.territory) return { dimension: "territory", key: filters.territory };
  if (filters.sdg) return { dimension: "sdg", key: filters.sdg };
  if (filters.funding) return { dimension: "funding", key: filters.funding };
  return null;
}

/** Does a period key ("2025-Q2") fall in the filter's period ("2025", or the same key)? */
export function periodMatches(filter: string | null, period: string): boolean {
  if (!filter) return true;
  if (filter === period) return true;
  return /^\d{4}$/.test(filter) && period.startsWith(`${filter}-`);
}

/** The tags an item carries, to decide whether the dimension filters keep it. */
export interface ItemTags {
  units: string[];
  territories: string[];
  sdgs: string[];
  funding: string[];
}

export function tagsMatch(filters: DashboardFilters, tags: ItemTags | undefined): boolean {
  const needsTags = filters.unit || filters.territory || filters.sdg || filters.funding;
  if (!needsTags) return true;
  if (!tags) return false;
  return (
    (!filters.unit || tags.units.includes(filters.unit)) &&
    (!filters.territory || tags.territories.includes(filters.territory)) &&
    (!filters.sdg || tags.sdgs.includes(filters.sdg)) &&
    (!filters.funding || tags.funding.includes(filters.funding))
  );
}
