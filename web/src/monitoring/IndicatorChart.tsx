import { useId, useState } from "react";
import { t } from "../i18n/es-CL";
import { formatDate, formatWithUnit } from "../i18n/format";
import type { IndicatorFigure, MeasurementDto } from "../types";
import {
  bandPath,
  linePath,
  linearScale,
  niceDomain,
  periodicityOf,
  periodPosition,
} from "./chart-scale";

export interface ChartProps {
  name: string;
  unit: string | null;
  /** Validated measurements, oldest first. */
  points: MeasurementDto[];
  /** Every measurement the reader may see, for the data table. */
  table: MeasurementDto[];
  baseline: number | null;
  target: number | null;
  /** Per-period targets ("2025-Q2" → value): the expected path passes through them. */
  targets?: Array<{ period: string; value: number }>;
  startYear: number;
  endYear: number;
  figure: IndicatorFigure | null;
}

/** Where a period ends on the chart's year axis ("2025-Q2" → 2025.5, "2025" → 2026). */
function periodEnd(key: string): number {
  const half = { year: 0.5, semester: 0.25, quarter: 0.125, month: 1 / 24 }[
    periodicityOf(key) ?? "year"
  ];
  return periodPosition(key) + half;
}

const WIDTH = 640;
const HEIGHT = 260;
const MARGIN = { top: 16, right: 20, bottom: 32, left: 56 };

/**
 * The history of an indicator (validated values), the expected path from the baseline to the
 * target, and the forecast with its 80 % interval, drawn in SVG. role="img" with a summary for
 * screen readers, and a table with the same data behind a toggle.
 */
export default function IndicatorChart(props: ChartProps) {
  const { name, unit, points, table, baseline, target, startYear, endYear, figure } = props;
  const targets = props.targets ?? [];
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();
  const fmt = (value: number) => formatWithUnit(value, unit);

  const series = points
    .filter((m) => m.value !== null)
    .map((m) => ({ x: periodPosition(m.period), y: m.value as number, period: m.period }))
    .filter((p) => Number.isFinite(p.x));
  const forecast = figure?.forecast ?? null;
  const last = series[series.length - 1];
  const xEnd = endYear + 1;
  const values = [
    ...series.map((p) => p.y),
    ...(baseline !== null ? [baseline] : []),
    ...(target !== null ? [target] : []),
    ...targets.map((p) => p.value),
    ...(forecast ? [forecast.low, forecast.high] : []),
  ];
  const { domain, ticks } = niceDomain(values);
  const x = linearScale([startYear, xEnd], [MARGIN.left, WIDTH - MARGIN.right]);
  const y = linearScale(domain, [HEIGHT - MARGIN.bottom, MARGIN.top]);
  const years: number[] = [];
  for (let year = startYear; year <= endYear; year += 1) years.push(year);

  // The expected path: from the baseline through each per-period target (at the period's end)
  // to the final target; a straight line from the baseline to the target when there are none.
  const steps = targets
    .map((p) => ({ at: periodEnd(p.period), value: p.value }))
    .filter((p) => Number.isFinite(p.at) && p.at > startYear && p.at <= xEnd)
    .sort((a, b) => a.at - b.at);
  const pathPoints: Array<[number, number]> = [
    ...(baseline !== null ? [[x(startYear), y(baseline)] as [number, number]] : []),
    ...steps.map((p) => [x(p.at), y(p.value)] as [number, number]),
    ...(target !== null && (steps.length === 0 || steps[steps.length - 1]!.at < xEnd)
      ? [[x(xEnd), y(target)] as [number, number]]
      : []),
  ];
  const expected = pathPoints.length >= 2 ? linePath(pathPoints) : "";
  const band =
    forecast && last
      ? bandPath(
          [
            [x(last.x), y(last.y)],
            [x(xEnd), y(forecast.high)],
          ],
          [
            [x(last.x), y(last.y)],
            [x(xEnd), y(forecast.low)],
          ],
        )
      : "";

  let summary =
    series.length === 0 || !last
      ? t("indicator.chartSummaryEmpty", { name })
      : t("indicator.chartSummary", {
          name,
          count: series.length,
          first: series[0]?.period ?? "",
          last: last.period,
          lastValue: fmt(last.y),
        });
  if (target !== null) summary += t("indicator.chartTarget", { target: fmt(target) });
  if (forecast)
    summary += t("indicator.chartForecast", {
      value: fmt(forecast.value),
      low: fmt(forecast.low),
      high: fmt(forecast.high),
    });

  return (
    <figure className="chart-figure">
      <svg
        className="chart"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={summary}
        preserveAspectRatio="xMidYMid meet"
      >
        {ticks.map((tick) => (
          <g key={tick}>
            <line
              x1={MARGIN.left}
              x2={WIDTH - MARGIN.right}
              y1={y(tick)}
              y2={y(tick)}
              stroke="#e1e6ec"
            />
            <text x={MARGIN.left - 6} y={y(tick) + 4} textAnchor="end">
              {formatWithUnit(tick, unit === "%" ? "%" : null)}
            </text>
          </g>
        ))}
        {years.map((year) => (
          <text key={year} x={x(year + 0.5)} y={HEIGHT - 10} textAnchor="middle">
            {year}
          </text>
        ))}
        <line
          x1={MARGIN.left}
          x2={WIDTH - MARGIN.right}
          y1={HEIGHT - MARGIN.bottom}
          y2={HEIGHT - MARGIN.bottom}
          stroke="#8a96a3"
        />
        {band && (
          <path d={band} fill="rgba(26, 111, 192, 0.18)" stroke="#1a6fc0" strokeDasharray="4 3" />
        )}
        {expected && (
          <path d={expected} fill="none" stroke="#6b4fa0" strokeWidth={2} strokeDasharray="6 4" />
        )}
        {target !== null && (
          <line
            x1={MARGIN.left}
            x2={WIDTH - MARGIN.right}
            y1={y(target)}
            y2={y(target)}
            stroke="#2e8540"
            strokeWidth={1.5}
          />
        )}
        {series.length > 0 && (
          <path
            d={linePath(series.map((p) => [x(p.x), y(p.y)]))}
            fill="none"
            stroke="#123c63"
            strokeWidth={2.5}
          />
        )}
        {series.map((p) => (
          <circle key={p.period} cx={x(p.x)} cy={y(p.y)} r={3.5} fill="#123c63" />
        ))}
        {forecast && last && (
          <circle
            cx={x(xEnd)}
            cy={y(forecast.value)}
            r={4}
            fill="#fff"
            stroke="#1a6fc0"
            strokeWidth={2}
          />
        )}
      </svg>
      <figcaption>
        <ul className="chart-legend">
          <li>
            <span className="legend-swatch legend-actual" aria-hidden="true" />
            {t("indicator.legend.actual")}
          </li>
          {expected && (
            <li>
              <span className="legend-swatch legend-expected" aria-hidden="true" />
              {t("indicator.legend.expected")}
            </li>
          )}
          {target !== null && (
            <li>
              <span className="legend-swatch legend-target" aria-hidden="true" />
              {t("indicator.legend.target")}
            </li>
          )}
          {band && (
            <li>
              <span className="legend-swatch legend-forecast" aria-hidden="true" />
              {t("indicator.legend.forecast")}
            </li>
          )}
        </ul>
        <button
          type="button"
          className="link-button"
          aria-expanded={showTable}
          aria-controls={tableId}
          onClick={() => setShowTable(!showTable)}
        >
          {showTable ? t("indicator.hideTable") : t("indicator.showTable")}
        </button>
      </figcaption>
      <div id={tableId} hidden={!showTable} className="table-scroll">
        <table className="data-table">
          <caption className="visually-hidden">{t("indicator.table.caption", { name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("indicator.table.period")}</th>
              <th scope="col">{t("indicator.table.value")}</th>
              <th scope="col">{t("indicator.table.status")}</th>
            </tr>
          </thead>
          <tbody>
            {table.map((m) => (
              <tr key={m.id}>
                <th scope="row">
                  {m.period}{" "}
                  <span className="muted small">
                    ({formatDate(m.periodStart)} – {formatDate(m.periodEnd)})
                  </span>
                </th>
                <td>{m.value === null ? "–" : fmt(m.value)}</td>
                <td>
                  {t(`measurementStatus.${m.status}`)}
                  {m.isSimulated && <span className="muted small"> · {t("simulated.badge")}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
