import { useEffect, useRef, type ReactNode, type RefObject } from "react";
import type { Map as MapLibreMap } from "maplibre-gl";
import { t } from "../i18n/es-CL";

/**
 * The focus of the map's popup: it moves into the popup when a feature is selected, and back
 * to what opened it (the canvas, or the list's button) when the popup closes by its button or
 * by Escape (WCAG 2.4.3), or to the canvas when that element is gone.
 */
export function usePopupFocus(
  map: MapLibreMap | null,
  selection: object | null,
  selectionKey: string | null,
  onClose: () => void,
) {
  const popupRef = useRef<HTMLDivElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const fromCanvas = useRef(false);

  useEffect(() => {
    if (!map || !selectionKey) return;
    const active = document.activeElement;
    if (fromCanvas.current) opener.current = map.getCanvas();
    else if (active instanceof HTMLElement && !popupRef.current?.contains(active))
      opener.current = active;
    popupRef.current?.focus({ preventScroll: true });
    // Only when the selection changes, not on every render.
  }, [map, selectionKey]);
  useEffect(() => {
    fromCanvas.current = false;
  }, [selection]);

  return {
    popupRef,
    /** Says that the next selection comes from a click on the canvas. */
    openedFromCanvas: () => {
      fromCanvas.current = true;
    },
    close: () => {
      const target = opener.current?.isConnected ? opener.current : map?.getCanvas();
      opener.current = null;
      onClose();
      target?.focus({ preventScroll: true });
    },
  };
}

/** The popup: a dialog next to its feature, with a close button, closed by Escape as well. */
export function MapPopup({
  popupRef,
  below,
  left,
  top,
  onClose,
  children,
}: {
  popupRef: RefObject<HTMLDivElement | null>;
  /** Drawn below its point (the point is in the upper half of the map). */
  below: boolean;
  left: number;
  top: number;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <div
      ref={popupRef}
      className={`layered-map-popup${below ? " layered-map-popup-below" : ""}`}
      role="dialog"
      aria-label={t("map.popup.label")}
      tabIndex={-1}
      style={{ left, top }}
      onKeyDown={(event) => {
        if (event.key === "Escape") onClose();
      }}
    >
      <button
        type="button"
        className="layered-map-popup-close"
        aria-label={t("map.popup.close")}
        onClick={onClose}
      >
        ×
      </button>
      {children}
    </div>
  );
}
