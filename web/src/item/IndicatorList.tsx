import type { ReactNode } from "react";
import { t } from "../i18n/es-CL";
import { formatNumber, indicatorKindLabel } from "../i18n/format";
import type { ItemDetail } from "../types";

type Indicator = ItemDetail["indicators"][number];

export function IndicatorList({
  indicators,
  extra,
}: {
  indicators: Indicator[];
  /** What follows each indicator's facts (its monitoring: status, chart, evidence, report). */
  extra?: (indicator: Indicator) => ReactNode;
}) {
  if (indicators.length === 0) return <p className="empty">{t("item.noIndicators")}</p>;
  return (
    <ol className="indicator-list">
      {indicators.map((indicator) => (
        <li key={indicator.id} className="card indicator">
          <div className="indicator-head">
            <h3>{indicator.name}</h3>
            <span className={`badge badge-kind-${indicator.kind}`}>
              {indicatorKindLabel(indicator.kind)}
            </span>
          </div>
          <dl className="indicator-facts">
            {indicator.formula && indicator.formula !== indicator.name && (
              <div>
                <dt>{t("item.indicatorFormula")}</dt>
                <dd>
                  <code>{indicator.formula}</code>
                </dd>
              </div>
            )}
            {indicator.unit && (
              <div>
                <dt>{t("item.indicatorUnit")}</dt>
                <dd>{indicator.unit}</dd>
              </div>
            )}
            <div>
              <dt>{t("item.indicatorTarget")}</dt>
              <dd>
                <Target indicator={indicator} />
              </dd>
            </div>
            <div>
              <dt>{t("item.indicatorBaseline")}</dt>
              <dd>{baseline(indicator)}</dd>
            </div>
          </dl>
          {extra?.(indicator)}
        </li>
      ))}
    </ol>
  );
}

function withUnit(value: number, unit: string | null): string {
  const number = formatNumber(value);
  if (!unit) return number;
  return unit === "%" ? `${number}${unit}` : `${number} ${unit}`;
}

function Target({ indicator }: { indicator: Indicator }) {
  const value =
    indicator.targetValue !== null
      ? withUnit(indicator.targetValue, indicator.targetUnit ?? indicator.unit)
      : null;
  if (!indicator.targetText && value === null)
    return <span className="muted">{t("item.noTarget")}</span>;
  return (
    <>
      {indicator.targetText && <p>{indicator.targetText}</p>}
      {value !== null && (
        <p className="target-value">{t("item.indicatorTargetValue", { value })}</p>
      )}
    </>
  );
}

function baseline(indicator: Indicator): string {
  if (indicator.baselineText) {
    return indicator.baselineValue !== null
      ? `${indicator.baselineText} (${withUnit(indicator.baselineValue, indicator.unit)})`
      : indicator.baselineText;
  }
  if (indicator.baselineValue !== null) return withUnit(indicator.baselineValue, indicator.unit);
  return t("item.noBaseline");
}
