/**
 * The map's layer definitions, built from the API's collections: the staff map uses all five;
 * the public portal can take the same builders with its own data sources.
 */
import type { ExpressionSpecification } from "maplibre-gl";
import type { MapLayerDef } from "./LayeredMap";
import {
  NO_VALUE_COLOR,
  PRIORITY_COLORS,
  PRIORITY_RADIUS,
  ramp,
  STATUS_COLORS,
  TERRITORY_LINE,
} from "./style";
import type {
  DiagnosisProperties,
  FeatureCollection,
  GapRow,
  ItemProperties,
  ProblemProperties,
  TerritoryProperties,
} from "./types";

export const LAYER_IDS = ["territories", "diagnosis", "gap", "items", "problems"] as const;
export type LayerId = (typeof LAYER_IDS)[number];

/** Colour by class number (0 … n-1); features without a class are grey. */
function classColor(colors: string[]): ExpressionSpecification {
  const match: unknown[] = ["match", ["coalesce", ["get", "class"], -1]];
  colors.forEach((color, index) => match.push(index, color));
  match.push(NO_VALUE_COLOR);
  return match as ExpressionSpecification;
}

export function territoriesLayer(
  collection: FeatureCollection<TerritoryProperties>,
  visible: boolean,
): MapLayerDef {
  return {
    id: "territories",
    collection,
    visible,
    keyProperty: "id",
    labelProperty: "name",
    fillColor: "#ffffff",
    fillOpacity: 0.15,
    lineColor: TERRITORY_LINE,
    lineWidth: 1.5,
    circleColor: TERRITORY_LINE,
    circleRadius: 5,
  };
}

export function diagnosisLayer(
  collection: FeatureCollection<DiagnosisProperties>,
  classes: number,
  visible: boolean,
): MapLayerDef {
  return {
    id: "diagnosis",
    collection,
    visible,
    keyProperty: "territoryId",
    fillColor: classColor(ramp("diagnosis", classes)),
    fillOpacity: 0.75,
    lineColor: "#5b6b7c",
    lineWidth: 0.8,
  };
}

/** The gap collection's rows get a class by their gap (rank quantiles over five classes). */
export const GAP_CLASSES = 5;

export function gapClassOf(row: GapRow, rows: GapRow[]): number | null {
  if (rows.length === 0 || !Number.isFinite(row.gap)) return null;
  const sorted = rows.map((r) => r.gap).sort((a, b) => a - b);
  const below = sorted.filter((gap) => gap < row.gap).length;
  return Math.min(GAP_CLASSES - 1, Math.floor((below / sorted.length) * GAP_CLASSES));
}

/** The upper gap value of each class, for the legend (class i holds gaps up to breaks[i]). */
export function gapBreaks(rows: GapRow[]): number[] {
  const byClass = new Map<number, number>();
  for (const row of rows) {
    const klass = gapClassOf(row, rows);
    if (klass !== null) byClass.set(klass, Math.max(byClass.get(klass) ?? -Infinity, row.gap));
  }
  return [...byClass.entries()].sort((a, b) => a[0] - b[0]).map(([, gap]) => gap);
}

export function gapLayer(collection: FeatureCollection<GapRow>, visible: boolean): MapLayerDef {
  const rows = collection.features.map((feature) => feature.properties);
  const classed = {
    ...collection,
    features: collection.features.map((feature) => ({
      ...feature,
      properties: { ...feature.properties, class: gapClassOf(feature.properties, rows) },
    })),
  };
  return {
    id: "gap",
    collection: classed,
    visible,
    keyProperty: "territoryId",
    fillColor: classColor(ramp("gap", GAP_CLASSES)),
    fillOpacity: 0.75,
    lineColor: "#7a4a1e",
    lineWidth: 0.8,
  };
}

const statusColor: ExpressionSpecification = [
  "match",
  ["get", "status"],
  "done",
  STATUS_COLORS.done,
  "on_track",
  STATUS_COLORS.on_track,
  "at_risk",
  STATUS_COLORS.at_risk,
  "off_track",
  STATUS_COLORS.off_track,
  STATUS_COLORS.no_data,
];

export function itemsLayer(
  collection: FeatureCollection<ItemProperties>,
  visible: boolean,
): MapLayerDef {
  return {
    id: "items",
    collection,
    visible,
    keyProperty: "itemId",
    fillColor: statusColor,
    fillOpacity: 0.35,
    lineColor: statusColor,
    lineWidth: 3,
    circleColor: statusColor,
    circleRadius: 8,
  };
}

const priorityColor: ExpressionSpecification = [
  "match",
  ["get", "priority"],
  ...[1, 2, 3, 4].flatMap((p) => [p, PRIORITY_COLORS[p] as string]),
  PRIORITY_COLORS[5] as string,
] as unknown as ExpressionSpecification;

const priorityRadius: ExpressionSpecification = [
  "match",
  ["get", "priority"],
  ...[1, 2, 3, 4].flatMap((p) => [p, PRIORITY_RADIUS[p] as number]),
  PRIORITY_RADIUS[5] as number,
] as unknown as ExpressionSpecification;

export function problemsLayer(
  collection: FeatureCollection<ProblemProperties>,
  visible: boolean,
): MapLayerDef {
  return {
    id: "problems",
    collection,
    visible,
    keyProperty: "id",
    fillColor: priorityColor,
    fillOpacity: 0.25,
    lineColor: priorityColor,
    lineWidth: 2,
    circleColor: priorityColor,
    circleRadius: priorityRadius,
  };
}

/** Parses the layers in the URL (`capas=territories,items`); absent → the default set. */
export const DEFAULT_LAYERS: LayerId[] = ["territories", "items", "problems"];

export function parseLayers(value: string | null): Set<LayerId> {
  if (value === null) return new Set(DEFAULT_LAYERS);
  return new Set(
    value.split(",").filter((id): id is LayerId => (LAYER_IDS as readonly string[]).includes(id)),
  );
}
