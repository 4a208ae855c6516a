import { useState } from "react";
import { api, asApiError, getJson, sendJson } from "../api";
import { FormMessage } from "../components/Form";
import { t } from "../i18n/es-CL";
import type { ItemDetail, TreeNode } from "../types";
import { mapApi } from "./mapApi";
import type { DrawnGeometry } from "./types";

export type Shape = "Point" | "LineString" | "Polygon";

export interface Draft {
  itemId: string;
  shape: Shape;
  vertices: Array<[number, number]>;
}

const MIN_VERTICES: Record<Shape, number> = { Point: 1, LineString: 2, Polygon: 3 };

/** The geometry a draft stands for, or null while it has too few vertices. */
export function draftGeometry(draft: Draft): DrawnGeometry | null {
  if (draft.vertices.length < MIN_VERTICES[draft.shape]) return null;
  if (draft.shape === "Point") return { type: "Point", coordinates: draft.vertices[0] as number[] };
  if (draft.shape === "LineString") return { type: "LineString", coordinates: draft.vertices };
  const ring = [...draft.vertices];
  // RFC 7946: counter-clockwise exterior ring (shoelace sum > 0), closed.
  const area = ring.reduce((sum, [x1, y1], i) => {
    const [x2, y2] = ring[(i + 1) % ring.length] as [number, number];
    return sum + (x1 * y2 - x2 * y1);
  }, 0);
  if (area < 0) ring.reverse();
  return { type: "Polygon", coordinates: [[...ring, ring[0] as [number, number]]] };
}

/**
 * Places a plan item on the map: choose the item and the shape, click the map (one point, or
 * the vertices of a line or polygon), save. The server assigns the item to the territories that
 * contain it.
 */
export function ItemPlacer({
  cut,
  planId,
  items,
  draft,
  setDraft,
  onSaved,
}: {
  cut: string;
  planId: string;
  items: TreeNode[];
  draft: Draft | null;
  setDraft: (draft: Draft | null) => void;
  onSaved: (message: string) => void;
}) {
  const [itemId, setItemId] = useState("");
  const [shape, setShape] = useState<Shape>("Point");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [itemError, setItemError] = useState<string | null>(null);

  const save = async (geometry: DrawnGeometry | null, id: string) => {
    setBusy(true);
    setError(null);
    try {
      const item = await getJson<ItemDetail>(api.item(cut, id));
      await sendJson("PUT", mapApi.itemGeometry(cut, planId, id), {
        geometry,
        version: item.version,
      });
      setDraft(null);
      onSaved(geometry ? t("map.place.saved") : t("map.place.removed"));
    } catch (caught) {
      const apiError = asApiError(caught);
      setError(apiError.problem.detail ?? apiError.problem.title);
    } finally {
      setBusy(false);
    }
  };

  if (draft) {
    const geometry = draftGeometry(draft);
    const title = items.find((item) => item.id === draft.itemId)?.title ?? "";
    return (
      <div className="map-form">
        <h3>{t("map.place.drawing", { title })}</h3>
        <p className="muted small" role="status">
          {t(`map.place.hint.${draft.shape}`)}{" "}
          {t("map.place.vertices", { count: draft.vertices.length })}
        </p>
        <FormMessage tone="error">{error}</FormMessage>
        <p className="form-actions">
          <button
            type="button"
            className="button"
            disabled={!geometry || busy}
            onClick={() => void save(geometry, draft.itemId)}
          >
            {t("map.place.save")}
          </button>
          <button
            type="button"
            className="button button-secondary"
            disabled={draft.vertices.length === 0}
            onClick={() => setDraft({ ...draft, vertices: draft.vertices.slice(0, -1) })}
          >
            {t("map.place.undo")}
          </button>
          <button type="button" className="button button-secondary" onClick={() => setDraft(null)}>
            {t("map.cancel")}
          </button>
        </p>
      </div>
    );
  }

  return (
    <div className="map-form">
      <h3>{t("map.place.title")}</h3>
      <FormMessage tone="error">{error}</FormMessage>
      <div className={itemError ? "field field-invalid" : "field"}>
        <label htmlFor="ubicar-iniciativa">{t("map.place.item")}</label>
        <select
          id="ubicar-iniciativa"
          value={itemId}
          aria-invalid={itemError ? true : undefined}
          aria-describedby={itemError ? "ubicar-iniciativa-error" : undefined}
          onChange={(event) => {
            setItemId(event.target.value);
            setItemError(null);
          }}
        >
          <option value="">{t("map.place.choose")}</option>
          {items.map((item) => (
            <option key={item.id} value={item.id}>
              {`${item.code} ${item.title}`}
            </option>
          ))}
        </select>
        {itemError && (
          <p id="ubicar-iniciativa-error" className="field-error">
            {itemError}
          </p>
        )}
      </div>
      <fieldset className="map-shape">
        <legend>{t("map.place.shape")}</legend>
        {(["Point", "LineString", "Polygon"] as const).map((option) => (
          <label key={option} className="checkbox">
            <input
              type="radio"
              name="forma"
              value={option}
              checked={shape === option}
              onChange={() => setShape(option)}
            />
            {t(`map.place.shape.${option}`)}
          </label>
        ))}
      </fieldset>
      <p className="form-actions">
        <button
          type="button"
          className="button"
          onClick={() => {
            if (!itemId) {
              setItemError(t("map.place.error.item"));
              return;
            }
            setDraft({ itemId, shape, vertices: [] });
          }}
        >
          {t("map.place.start")}
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={busy}
          onClick={() => {
            if (!itemId) {
              setItemError(t("map.place.error.item"));
              return;
            }
            void save(null, itemId);
          }}
        >
          {t("map.place.remove")}
        </button>
      </p>
    </div>
  );
}
