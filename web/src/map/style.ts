/**
 * Colours and geometry helpers of the map layers. Status colours are the dashboard's progress
 * bars (--bar-* in styles/monitoring.css), so a traffic light reads the same on the map.
 */
import type { TrafficLight } from "../types";
import type { Geometry, Position } from "./types";

export const STATUS_COLORS: Record<TrafficLight, string> = {
  done: "#2e8540",
  on_track: "#1a6fc0",
  at_risk: "#c98200",
  off_track: "#c0392b",
  no_data: "#8a96a3",
};

/** Priority 1 (highest) to 5 (lowest): darker and larger is more urgent. */
export const PRIORITY_COLORS: Record<number, string> = {
  1: "#7f0000",
  2: "#b30000",
  3: "#e34a33",
  4: "#fc8d59",
  5: "#fdbb84",
};

export const PRIORITY_RADIUS: Record<number, number> = { 1: 11, 2: 10, 3: 9, 4: 8, 5: 7 };

/** Sequential ramps (ColorBrewer, colour-blind safe) for choropleths of up to 7 classes. */
const BLUES = ["#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"];
const ORANGES = ["#feedde", "#fdd0a2", "#fdae6b", "#fd8d3c", "#f16913", "#d94801", "#8c2d04"];

/** `count` colours of a ramp, spread from its light end to its dark end. */
export function ramp(kind: "diagnosis" | "gap", count: number): string[] {
  const colors = kind === "diagnosis" ? BLUES : ORANGES;
  if (count <= 1) return [colors[3] as string];
  return Array.from({ length: count }, (_, index) => {
    const position = Math.round((index * (colors.length - 1)) / (count - 1));
    return colors[position] as string;
  });
}

export const NO_VALUE_COLOR = "#d9d9d9";
export const TERRITORY_LINE = "#123c63";
export const BACKGROUND = "#eef2f0";

/** Every position of a geometry, flattened. */
export function positions(geometry: Geometry): Position[] {
  switch (geometry.type) {
    case "Point":
      return [geometry.coordinates];
    case "MultiPoint":
    case "LineString":
      return geometry.coordinates;
    case "MultiLineString":
    case "Polygon":
      return geometry.coordinates.flat();
    case "MultiPolygon":
      return geometry.coordinates.flat(2);
  }
}

export type Bounds = [[number, number], [number, number]];

/** The bounding box of some geometries ([[west, south], [east, north]]), or null if empty. */
export function boundsOf(geometries: Array<Geometry | null>): Bounds | null {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const geometry of geometries) {
    if (!geometry) continue;
    for (const [lon, lat] of positions(geometry)) {
      if (lon === undefined || lat === undefined) continue;
      west = Math.min(west, lon);
      east = Math.max(east, lon);
      south = Math.min(south, lat);
      north = Math.max(north, lat);
    }
  }
  return Number.isFinite(west)
    ? [
        [west, south],
        [east, north],
      ]
    : null;
}

/**
 * Where to put a feature's label or popup: a point itself, a line's middle vertex, or the centre
 * of a polygon's largest ring's bounding box (good enough for the compact shapes of sectors).
 */
export function anchorOf(geometry: Geometry): [number, number] | null {
  let ring: Position[] = [];
  switch (geometry.type) {
    case "Point":
      return toPair(geometry.coordinates);
    case "LineString":
      return toPair(geometry.coordinates[Math.floor(geometry.coordinates.length / 2)]);
    case "MultiPoint":
      return toPair(geometry.coordinates[0]);
    case "MultiLineString": {
      const line = geometry.coordinates[0] ?? [];
      return toPair(line[Math.floor(line.length / 2)]);
    }
    case "Polygon":
      ring = geometry.coordinates[0] ?? [];
      break;
    case "MultiPolygon":
      for (const polygon of geometry.coordinates)
        if ((polygon[0]?.length ?? 0) > ring.length) ring = polygon[0] ?? [];
      break;
  }
  const box = boundsOf([{ type: "LineString", coordinates: ring }]);
  return box ? [(box[0][0] + box[1][0]) / 2, (box[0][1] + box[1][1]) / 2] : null;
}

function toPair(position: Position | undefined): [number, number] | null {
  if (!position || position[0] === undefined || position[1] === undefined) return null;
  return [position[0], position[1]];
}

/** A label placed on the map, in pixels: centred above its anchor (see .layered-map-label). */
export interface PlacedLabel {
  key: string;
  text: string;
  x: number;
  y: number;
}

/** The label's font (0.78rem bold): about 7 px a character and 16 px a line. */
const CHAR_WIDTH = 7;
const LINE_HEIGHT = 16;

/**
 * The labels that fit without covering one another, first come first kept: a close cluster of
 * localities shows one name, and the others appear as the map is zoomed in. A label's box is
 * estimated from its length, so this needs no layout pass.
 */
export function declutter<L extends PlacedLabel>(labels: readonly L[]): L[] {
  const kept: Array<{ left: number; right: number; top: number; bottom: number }> = [];
  return labels.filter((label) => {
    const half = (label.text.length * CHAR_WIDTH) / 2 + 2;
    const box = {
      left: label.x - half,
      right: label.x + half,
      top: label.y - 1.5 * LINE_HEIGHT,
      bottom: label.y - 0.5 * LINE_HEIGHT,
    };
    const covers = kept.some(
      (k) => box.left < k.right && k.left < box.right && box.top < k.bottom && k.top < box.bottom,
    );
    if (!covers) kept.push(box);
    return !covers;
  });
}
