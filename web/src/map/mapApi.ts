import type { ClassMethod } from "./types";

const base = (cut: string) => `/api/municipalities/${encodeURIComponent(cut)}`;
const planBase = (cut: string, planId: string) =>
  `${base(cut)}/plans/${encodeURIComponent(planId)}`;

export type ExportLayer = "territories" | "diagnosis" | "problems" | "items";

export interface DiagnosisQuery {
  variable: string;
  method: ClassMethod;
  classes: number;
  breaks: number[];
}

export function diagnosisQuery(query: DiagnosisQuery): string {
  const params = new URLSearchParams({ variable: query.variable, method: query.method });
  if (query.method === "manual") params.set("breaks", query.breaks.join(","));
  else params.set("classes", String(query.classes));
  return params.toString();
}

/** Paths of the map API (issue #7), each spelled once. `filters` is a serialised query. */
export const mapApi = {
  config: () => "/api/map/config",
  territories: (cut: string) => `${base(cut)}/map/layers/territories`,
  territoryImport: (cut: string) => `${base(cut)}/territories/import`,
  diagnosisVariables: (cut: string) => `${base(cut)}/map/diagnosis/variables`,
  diagnosisImport: (cut: string) => `${base(cut)}/map/diagnosis/import`,
  diagnosis: (cut: string, query: DiagnosisQuery) =>
    `${base(cut)}/map/layers/diagnosis?${diagnosisQuery(query)}`,
  problems: (cut: string) => `${base(cut)}/map/layers/problems`,
  problemsWrite: (cut: string) => `${base(cut)}/map/problems`,
  problem: (cut: string, id: string) => `${base(cut)}/map/problems/${encodeURIComponent(id)}`,
  items: (cut: string, planId: string, filters: string) =>
    `${planBase(cut, planId)}/map/layers/items${filters ? `?${filters}` : ""}`,
  itemGeometry: (cut: string, planId: string, itemId: string) =>
    `${planBase(cut, planId)}/items/${encodeURIComponent(itemId)}/geometry`,
  gap: (cut: string, planId: string) => `${planBase(cut, planId)}/map/gap`,
  gapExport: (cut: string, planId: string, format: "xlsx" | "csv") =>
    `${planBase(cut, planId)}/map/gap.${format}`,
  /** GeoJSON attachment of a layer, with the same query as the layer itself. */
  layerExport: (cut: string, layer: ExportLayer, query: string, planId?: string) =>
    layer === "items" && planId
      ? `${planBase(cut, planId)}/map/layers/items.geojson${query ? `?${query}` : ""}`
      : `${base(cut)}/map/layers/${layer}.geojson${query ? `?${query}` : ""}`,
};

/** Pages of the map screens. */
export const mapRoutes = {
  map: (cut: string, planId: string, query?: string) =>
    `/m/${cut}/planes/${planId}/mapa${query ? `?${query}` : ""}`,
  territoryImport: (cut: string, back?: string) =>
    `/m/${cut}/territorios/importar${back ? `?volver=${encodeURIComponent(back)}` : ""}`,
  diagnosisImport: (cut: string, back?: string) =>
    `/m/${cut}/diagnostico/importar${back ? `?volver=${encodeURIComponent(back)}` : ""}`,
};
