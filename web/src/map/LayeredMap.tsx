/**
 * A MapLibre GL map of GeoJSON layers, reusable by the staff app and the public portal: each
 * layer is one GeoJSON source drawn as fill (polygons), line (lines and outlines) and circle
 * (points); names are HTML labels (no glyph server needed, so it works offline); the popup is an
 * HTML panel the parent renders, so it is reachable by keyboard and read by screen readers.
 * Without a tile URL, or when the tiles fail, the layers are drawn on a plain background.
 */
import {
  Map as MapLibreMap,
  NavigationControl,
  setWorkerUrl,
  type ExpressionSpecification,
  type GeoJSONSource,
  type LayerSpecification,
  type StyleSpecification,
} from "maplibre-gl";
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";
import "maplibre-gl/dist/maplibre-gl.css";
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { t } from "../i18n/es-CL";
import { anchorOf, BACKGROUND, boundsOf, declutter, type Bounds } from "./style";
import { MapPopup, usePopupFocus } from "./MapPopup";
import type { Feature, FeatureCollection, Geometry } from "./types";

setWorkerUrl(workerUrl);

declare global {
  interface Window {
    /** The page's map, for browser tests (map.project gives a feature's pixel). */
    __rumboMap?: MapLibreMap;
  }
}

type Color = string | ExpressionSpecification;

/** One layer of the map: its features, how to draw them and which property identifies each. */
export interface MapLayerDef {
  id: string;
  collection: FeatureCollection<object>;
  visible: boolean;
  /** The property that identifies a feature (selection, popups). */
  keyProperty: string;
  /** A property to show as an HTML label at each feature (e.g. a territory's name). */
  labelProperty?: string;
  fillColor?: Color;
  fillOpacity?: number;
  lineColor?: Color;
  lineWidth?: number;
  circleColor?: Color;
  circleRadius?: number | ExpressionSpecification;
  /** Clicking its features selects them (false for a background layer such as territories). */
  interactive?: boolean;
}

export interface MapSelection {
  layerId: string;
  key: string;
  /** Where the popup points; the feature's own anchor when absent. */
  at?: [number, number];
}

export interface LayeredMapProps {
  layers: MapLayerDef[];
  tileUrl: string | null;
  attribution: string | null;
  label: string;
  selection: MapSelection | null;
  onSelect: (selection: MapSelection | null) => void;
  renderPopup: (selection: MapSelection) => ReactNode;
  /** When set, a click on the map places something there instead of selecting a feature. */
  onPick?: ((lngLat: [number, number]) => void) | null;
  /** Shown over the map while picking (what a click will do). */
  pickHint?: string | null;
  /** Fit the view to these bounds when they first become available. */
  fitTo?: Bounds | null;
}

const POLYGONS: ExpressionSpecification = [
  "match",
  ["geometry-type"],
  ["Polygon", "MultiPolygon"],
  true,
  false,
];
const POINTS: ExpressionSpecification = [
  "match",
  ["geometry-type"],
  ["Point", "MultiPoint"],
  true,
  false,
];
const SELECTED: ExpressionSpecification = ["boolean", ["feature-state", "selected"], false];

function styleOf(tileUrl: string | null, attribution: string | null): StyleSpecification {
  return {
    version: 8,
    sources: tileUrl
      ? {
          basemap: {
            type: "raster",
            tiles: [tileUrl],
            tileSize: 256,
            maxzoom: 19,
            ...(attribution ? { attribution } : {}),
          },
        }
      : {},
    layers: [
      { id: "background", type: "background", paint: { "background-color": BACKGROUND } },
      ...(tileUrl ? [{ id: "basemap", type: "raster" as const, source: "basemap" }] : []),
    ],
  };
}

function styleLayers(def: MapLayerDef): LayerSpecification[] {
  const layers: LayerSpecification[] = [];
  if (def.fillColor !== undefined)
    layers.push({
      id: `${def.id}-fill`,
      type: "fill",
      source: def.id,
      filter: POLYGONS,
      paint: { "fill-color": def.fillColor, "fill-opacity": def.fillOpacity ?? 0.6 },
    });
  if (def.lineColor !== undefined)
    layers.push({
      id: `${def.id}-line`,
      type: "line",
      source: def.id,
      filter: ["!", POINTS],
      paint: {
        "line-color": ["case", SELECTED, "#111111", def.lineColor],
        "line-width": ["case", SELECTED, (def.lineWidth ?? 1.5) + 2.5, def.lineWidth ?? 1.5],
      },
    });
  if (def.circleColor !== undefined)
    layers.push({
      id: `${def.id}-circle`,
      type: "circle",
      source: def.id,
      filter: POINTS,
      paint: {
        "circle-color": def.circleColor,
        "circle-radius": def.circleRadius ?? 7,
        "circle-stroke-color": ["case", SELECTED, "#111111", "#ffffff"],
        "circle-stroke-width": ["case", SELECTED, 3, 1.5],
      },
    });
  return layers;
}

/** Applies a layer definition to the map: source data, paint and visibility. */
function sync(map: MapLibreMap, def: MapLayerDef, previous: MapLayerDef | undefined): void {
  const data = def.collection as unknown as Parameters<GeoJSONSource["setData"]>[0];
  const source = map.getSource<GeoJSONSource>(def.id);
  if (!source) {
    map.addSource(def.id, { type: "geojson", data, promoteId: def.keyProperty });
    for (const layer of styleLayers(def)) map.addLayer(layer);
  } else if (previous?.collection !== def.collection) {
    source.setData(data);
  }
  for (const layer of styleLayers(def)) {
    if (!map.getLayer(layer.id)) map.addLayer(layer);
    map.setLayoutProperty(layer.id, "visibility", def.visible ? "visible" : "none");
    if (layer.type === "fill" && layer.paint) {
      map.setPaintProperty(layer.id, "fill-color", layer.paint["fill-color"]);
      map.setPaintProperty(layer.id, "fill-opacity", layer.paint["fill-opacity"]);
    }
    if (layer.type === "circle" && layer.paint) {
      map.setPaintProperty(layer.id, "circle-color", layer.paint["circle-color"]);
      map.setPaintProperty(layer.id, "circle-radius", layer.paint["circle-radius"]);
    }
  }
}

/**
 * The area of the bounding box of a rendered feature's whole geometry, in square degrees (0 for
 * a point), read from the layer's collection: the rendered geometry is clipped to its tile.
 */
function sizeOf(
  defs: MapLayerDef[],
  rendered: { source: string; properties: Record<string, unknown> },
): number {
  const def = defs.find((candidate) => candidate.id === rendered.source);
  const feature = def && featureOf(def, String(rendered.properties[def.keyProperty]));
  const box = feature?.geometry ? boundsOf([feature.geometry]) : null;
  return box ? (box[1][0] - box[0][0]) * (box[1][1] - box[0][1]) : Infinity;
}

function featureOf(def: MapLayerDef | undefined, key: string): Feature<object> | undefined {
  return def?.collection.features.find(
    (feature) => String((feature.properties as Record<string, unknown>)[def.keyProperty]) === key,
  );
}

export function LayeredMap({
  layers,
  tileUrl,
  attribution,
  label,
  selection,
  onSelect,
  renderPopup,
  onPick = null,
  pickHint = null,
  fitTo = null,
}: LayeredMapProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const [tilesFailed, setTilesFailed] = useState(false);
  const [webglFailed, setWebglFailed] = useState(false);
  const [, setFrame] = useState(0);
  const applied = useRef(new Map<string, MapLayerDef>());
  const latest = useRef({ layers, onSelect, onPick });
  latest.current = { layers, onSelect, onPick };
  const fitted = useRef(false);
  const selectedState = useRef<{ source: string; id: string } | null>(null);
  const selectionKey = selection ? `${selection.layerId}:${selection.key}` : null;
  const popup = usePopupFocus(map, selection, selectionKey, () => onSelect(null));
  const canvasOpened = useRef(popup.openedFromCanvas);
  canvasOpened.current = popup.openedFromCanvas;

  // One map per mounted component; the style never changes after creation.
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let created: MapLibreMap;
    try {
      created = new MapLibreMap({
        container,
        style: styleOf(tileUrl, attribution),
        center: [-70.76, -28.58],
        zoom: 8,
        attributionControl: tileUrl ? { compact: false } : false,
        fadeDuration: 0,
        locale: {
          "Map.Title": label,
          "NavigationControl.ZoomIn": t("map.control.zoomIn"),
          "NavigationControl.ZoomOut": t("map.control.zoomOut"),
          "NavigationControl.ResetBearing": t("map.control.resetBearing"),
          "AttributionControl.ToggleAttribution": t("map.control.attribution"),
        },
      });
    } catch {
      setWebglFailed(true);
      return;
    }
    created.addControl(new NavigationControl({ showCompass: false }), "top-right");
    created.on("error", (event) => {
      if ((event as { sourceId?: unknown }).sourceId === "basemap") {
        setTilesFailed(true);
        if (created.getLayer("basemap")) created.setLayoutProperty("basemap", "visibility", "none");
      }
    });
    created.on("load", () => {
      window.__rumboMap = created;
      setMap(created);
    });
    let pending = false;
    created.on("move", () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        setFrame((n) => n + 1);
      });
    });
    created.on("click", (event) => {
      const { onPick: pick, onSelect: select, layers: current } = latest.current;
      if (pick) {
        pick([event.lngLat.lng, event.lngLat.lat]);
        return;
      }
      const ids = current
        .filter((def) => def.visible && def.interactive !== false)
        .flatMap((def) => styleLayers(def).map((layer) => layer.id))
        .filter((id) => created.getLayer(id));
      const hits =
        ids.length > 0 ? created.queryRenderedFeatures(event.point, { layers: ids }) : [];
      // Of the features under the pointer in the topmost layer, the most specific: a point before
      // a polygon, a neighbourhood before the comuna that contains it.
      const top = hits[0]?.layer.id;
      const hit = hits
        .filter((candidate) => candidate.layer.id === top)
        .map((candidate) => ({ candidate, size: sizeOf(current, candidate) }))
        .sort((a, b) => a.size - b.size)[0]?.candidate;
      const def = hit && current.find((candidate) => candidate.id === hit.source);
      if (!hit || !def) {
        select(null);
        return;
      }
      canvasOpened.current();
      select({
        layerId: def.id,
        key: String((hit.properties as Record<string, unknown>)[def.keyProperty]),
        at: [event.lngLat.lng, event.lngLat.lat],
      });
    });
    created.on("mousemove", (event) => {
      const ids = latest.current.layers
        .filter((def) => def.visible && def.interactive !== false)
        .flatMap((def) => styleLayers(def).map((layer) => layer.id))
        .filter((id) => created.getLayer(id));
      const over =
        ids.length > 0 && created.queryRenderedFeatures(event.point, { layers: ids }).length > 0;
      created.getCanvas().style.cursor = latest.current.onPick
        ? "crosshair"
        : over
          ? "pointer"
          : "";
    });
    return () => {
      if (window.__rumboMap === created) delete window.__rumboMap;
      created.remove();
      applied.current.clear();
      setMap(null);
    };
    // The style is fixed for the map's life; a new tile URL mounts a new map (key on the parent).
  }, []);

  // Layers: sources, paint and visibility follow the props, in order (first is drawn lowest).
  useEffect(() => {
    if (!map) return;
    const ids = new Set(layers.map((def) => def.id));
    for (const [id, def] of applied.current) {
      if (ids.has(id)) continue;
      for (const layer of styleLayers(def)) if (map.getLayer(layer.id)) map.removeLayer(layer.id);
      if (map.getSource(id)) map.removeSource(id);
      applied.current.delete(id);
    }
    for (const def of layers) {
      sync(map, def, applied.current.get(def.id));
      applied.current.set(def.id, def);
    }
    for (const def of layers)
      for (const layer of styleLayers(def)) if (map.getLayer(layer.id)) map.moveLayer(layer.id);
  }, [map, layers]);

  useEffect(() => {
    if (!map || !fitTo || fitted.current) return;
    fitted.current = true;
    map.fitBounds(fitTo, { padding: 30, duration: 0, maxZoom: 14 });
  }, [map, fitTo]);

  // The selected feature is outlined (feature state), brought into view, and its popup focused.
  const selectedDef = selection ? layers.find((def) => def.id === selection.layerId) : undefined;
  const selectedFeature = selection ? featureOf(selectedDef, selection.key) : undefined;
  const anchor: [number, number] | null =
    selection?.at ?? (selectedFeature?.geometry ? anchorOf(selectedFeature.geometry) : null);
  useEffect(() => {
    if (!map) return;
    const previous = selectedState.current;
    if (previous && map.getSource(previous.source))
      map.setFeatureState({ source: previous.source, id: previous.id }, { selected: false });
    selectedState.current = null;
    if (!selection || !map.getSource(selection.layerId)) return;
    map.setFeatureState({ source: selection.layerId, id: selection.key }, { selected: true });
    selectedState.current = { source: selection.layerId, id: selection.key };
  }, [map, selection, layers]);

  useEffect(() => {
    if (!map || !selectionKey || !anchor) return;
    if (!selection?.at) {
      const bounds = map.getBounds();
      if (!bounds.contains(anchor)) map.jumpTo({ center: anchor });
    }
    // Only when the selection changes, not on every anchor recomputation.
  }, [map, selectionKey]);

  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const observer = new ResizeObserver(() =>
      setSize({ width: container.clientWidth, height: container.clientHeight }),
    );
    observer.observe(container);
    return () => observer.disconnect();
  }, []);

  const project = (lngLat: [number, number]) => (map ? map.project(lngLat) : null);
  const inside = (x: number, y: number) => x >= 0 && y >= 0 && x <= size.width && y <= size.height;

  // A polygon's name shows once it is drawn wide enough to hold it (no pile of names on a
  // comuna-wide view); a point's name always shows.
  const roomy = (geometry: Geometry | null) => {
    if (!map || !geometry || geometry.type === "Point" || geometry.type === "MultiPoint")
      return true;
    const box = boundsOf([geometry]);
    if (!box) return false;
    const west = map.project(box[0]);
    const east = map.project(box[1]);
    return Math.abs(east.x - west.x) >= 60;
  };
  const labels = declutter(
    map
      ? layers
          .filter((def) => def.visible && def.labelProperty)
          .flatMap((def) =>
            def.collection.features.map((feature) => {
              const properties = feature.properties as Record<string, unknown>;
              const point = feature.geometry ? anchorOf(feature.geometry as Geometry) : null;
              const pixel = point ? project(point) : null;
              return pixel && inside(pixel.x, pixel.y) && roomy(feature.geometry)
                ? {
                    key: `${def.id}:${String(properties[def.keyProperty])}`,
                    text: String(properties[def.labelProperty as string] ?? ""),
                    x: pixel.x,
                    y: pixel.y,
                  }
                : null;
            }),
          )
          .filter((entry) => entry !== null)
      : [],
  );

  const popupPixel = anchor ? project(anchor) : null;
  const popupContent = selection && selectedFeature ? renderPopup(selection) : null;
  const popupLeft = popupPixel
    ? Math.min(Math.max(popupPixel.x, 130), Math.max(130, size.width - 130))
    : 0;

  return (
    <div className={`layered-map${onPick ? " layered-map-picking" : ""}`}>
      <div
        ref={containerRef}
        className="layered-map-canvas"
        data-map-ready={map ? "true" : "false"}
      />
      {webglFailed && (
        <p className="layered-map-note" role="alert">
          {t("map.noWebgl")}
        </p>
      )}
      {tilesFailed && (
        <p className="layered-map-note" role="status">
          {t("map.tilesFailed")}
        </p>
      )}
      {pickHint && (
        <p className="layered-map-hint" role="status">
          {pickHint}
        </p>
      )}
      <div className="layered-map-labels" aria-hidden="true">
        {labels.map((entry) => (
          <span
            key={entry.key}
            className="layered-map-label"
            style={{ transform: `translate(${entry.x}px, ${entry.y}px) translate(-50%, -150%)` }}
          >
            {entry.text}
          </span>
        ))}
      </div>
      {popupContent && popupPixel && (
        <MapPopup
          popupRef={popup.popupRef}
          below={popupPixel.y < size.height / 2}
          left={popupLeft}
          top={Math.min(Math.max(popupPixel.y, 0), size.height)}
          onClose={popup.close}
        >
          {popupContent}
        </MapPopup>
      )}
    </div>
  );
}

export { boundsOf };
