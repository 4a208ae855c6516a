import { t } from "../i18n/es-CL";
import { formatNumber } from "../i18n/format";
import { STATUSES } from "../monitoring/filters";
import { trafficLabel } from "../monitoring/StatusBadge";
import { NO_VALUE_COLOR, PRIORITY_COLORS, ramp, STATUS_COLORS, TERRITORY_LINE } from "./style";

export interface LegendEntry {
  color: string;
  label: string;
  shape?: "fill" | "line" | "dot";
}

/** One layer's legend: a title and swatches with text (colour is never the only cue). */
export function LegendBlock({
  title,
  entries,
  note,
}: {
  title: string;
  entries: LegendEntry[];
  note?: string | null;
}) {
  return (
    <div className="map-legend-block">
      <h3 className="map-legend-title">{title}</h3>
      <ul className="map-legend-list">
        {entries.map((entry) => (
          <li key={`${entry.color}:${entry.label}`}>
            <span
              className={`map-swatch map-swatch-${entry.shape ?? "fill"}`}
              style={
                entry.shape === "line"
                  ? { borderColor: entry.color }
                  : { backgroundColor: entry.color }
              }
              aria-hidden="true"
            />
            {entry.label}
          </li>
        ))}
      </ul>
      {note && <p className="muted small">{note}</p>}
    </div>
  );
}

/**
 * The text of each class of a choropleth from its upper limits, ascending (class i holds values
 * above breaks[i − 1] and up to breaks[i]; the last limit is the highest value).
 */
export function classLabels(breaks: number[]): string[] {
  const f = (value: number) => formatNumber(value);
  return breaks.map((limit, i) =>
    i === 0
      ? t("map.legend.upTo", { value: f(limit) })
      : t("map.legend.range", { from: f(breaks[i - 1] as number), to: f(limit) }),
  );
}

export function choroplethEntries(
  kind: "diagnosis" | "gap",
  labels: string[],
  withNoValue: boolean,
): LegendEntry[] {
  const colors = ramp(kind, labels.length);
  const entries = labels.map((label, i) => ({ color: colors[i] as string, label }));
  if (withNoValue) entries.push({ color: NO_VALUE_COLOR, label: t("map.legend.noValue") });
  return entries;
}

export const statusEntries = (): LegendEntry[] =>
  STATUSES.map((status) => ({
    color: STATUS_COLORS[status],
    label: trafficLabel(status),
    shape: "dot",
  }));

export const priorityEntries = (): LegendEntry[] =>
  [1, 2, 3, 4, 5].map((priority) => ({
    color: PRIORITY_COLORS[priority] as string,
    label: priorityLabel(priority),
    shape: "dot",
  }));

export const territoryEntries = (): LegendEntry[] => [
  { color: TERRITORY_LINE, label: t("map.legend.territoryBoundary"), shape: "line" },
];

export function priorityLabel(priority: number): string {
  return t("map.priority.label", {
    priority,
    text: t(`map.priority.${Math.min(5, Math.max(1, Math.round(priority))) as 1 | 2 | 3 | 4 | 5}`),
  });
}
