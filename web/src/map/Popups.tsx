import { Link } from "react-router-dom";
import { routes } from "../api";
import { t } from "../i18n/es-CL";
import { formatClp, formatNumber, territoryKindLabel } from "../i18n/format";
import { StatusBadge } from "../monitoring/StatusBadge";
import { priorityLabel } from "./Legend";
import type {
  DiagnosisLayer,
  DiagnosisProperties,
  GapRow,
  ItemProperties,
  ProblemProperties,
  TerritoryProperties,
} from "./types";

/** What a popup shows for each layer's feature (the same text the lists below the map show). */
export function TerritoryPopup({ territory }: { territory: TerritoryProperties }) {
  return (
    <>
      <h3 className="map-popup-title">{territory.name}</h3>
      <p className="small">
        {territoryKindLabel(territory.kind)} · {t("map.code", { code: territory.code })}
      </p>
      {territory.approximate && <p className="small muted">{t("map.approximate.short")}</p>}
    </>
  );
}

export function DiagnosisPopup({
  feature,
  layer,
}: {
  feature: DiagnosisProperties;
  layer: DiagnosisLayer;
}) {
  const { variable } = layer;
  return (
    <>
      <h3 className="map-popup-title">{feature.name}</h3>
      <p>
        {variable.label}:{" "}
        <strong>
          {feature.value === null
            ? t("map.legend.noValue")
            : `${formatNumber(feature.value)}${variable.unit ? ` ${variable.unit}` : ""}`}
        </strong>
      </p>
      <p className="small muted">
        {[variable.year, variable.source]
          .filter((part) => part !== null && part !== "")
          .join(" · ")}
      </p>
    </>
  );
}

export function GapPopup({ row }: { row: GapRow }) {
  return (
    <>
      <h3 className="map-popup-title">{row.name}</h3>
      <dl className="map-popup-facts">
        <dt>{t("map.gap.rank")}</dt>
        <dd>{row.rank}</dd>
        <dt>{t("map.gap.problemWeight")}</dt>
        <dd>{formatNumber(row.problemWeight)}</dd>
        <dt>{t("map.gap.items")}</dt>
        <dd>{formatNumber(row.itemCount)}</dd>
        <dt>{t("map.gap.investment")}</dt>
        <dd>{formatClp(row.investmentClp)}</dd>
        <dt>{t("map.gap.gap")}</dt>
        <dd>{formatNumber(row.gap)}</dd>
      </dl>
    </>
  );
}

export function ItemPopup({ cut, item }: { cut: string; item: ItemProperties }) {
  return (
    <>
      <h3 className="map-popup-title">
        <Link to={routes.item(cut, item.itemId)}>
          {item.code ? `${item.code} ` : ""}
          {item.title}
        </Link>
      </h3>
      <p>
        <StatusBadge status={item.status} small />
      </p>
      {item.statusExplanation && <p className="small">{item.statusExplanation}</p>}
      <p className="small">
        {item.investmentClp !== null
          ? t("map.item.investment", { amount: formatClp(item.investmentClp) })
          : t("map.item.noInvestment")}
      </p>
      <p className="small muted">{t(`map.item.placement.${item.placement}`)}</p>
      <p>
        <Link className="button button-small" to={routes.item(cut, item.itemId)}>
          {t("map.item.open")}
        </Link>
      </p>
    </>
  );
}

export function ProblemPopup({
  problem,
  onEdit,
}: {
  problem: ProblemProperties;
  onEdit: (() => void) | null;
}) {
  return (
    <>
      <h3 className="map-popup-title">{problem.title}</h3>
      <p>
        <strong>{priorityLabel(problem.priority)}</strong>
        {problem.category ? ` · ${problem.category}` : ""}
      </p>
      {problem.territoryName && <p className="small">{problem.territoryName}</p>}
      {problem.description && <p className="small">{problem.description}</p>}
      {onEdit && (
        <p>
          <button type="button" className="button button-small" onClick={onEdit}>
            {t("map.problem.edit")}
          </button>
        </p>
      )}
    </>
  );
}
