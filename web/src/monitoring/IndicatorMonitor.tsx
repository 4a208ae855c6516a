import { lazy, Suspense, useState } from "react";
import { api } from "../api";
import { useApi } from "../hooks/useApi";
import { t } from "../i18n/es-CL";
import { formatFileSize, formatPercent, formatWithUnit } from "../i18n/format";
import type { IndicatorFigure, ItemDetail, MeasurementDetail, MeasurementDto } from "../types";
import { ProgressBar, StatusBadge } from "./StatusBadge";

const IndicatorChart = lazy(() => import("./IndicatorChart"));
const ReportForm = lazy(() => import("./ReportForm"));

type Indicator = ItemDetail["indicators"][number];

/** An indicator's monitoring on the item page: status, chart, evidence and, for reporters, the form. */
export function IndicatorMonitor({
  cut,
  indicator,
  startYear,
  endYear,
  isMember,
  canReport,
}: {
  cut: string;
  indicator: Indicator;
  startYear: number;
  endYear: number;
  isMember: boolean;
  canReport: boolean;
}) {
  const figure = useApi<IndicatorFigure>(api.indicatorFigure(cut, indicator.id));
  const measurements = useApi<{ items: MeasurementDto[] }>(api.measurements(cut, indicator.id));
  const [reporting, setReporting] = useState(false);
  const unit = indicator.targetUnit ?? indicator.unit;
  const fig = figure.status === "success" ? figure.data : null;
  const items = measurements.status === "success" ? measurements.data.items : [];
  const validated = items.filter((m) => m.status === "validated");
  const simulated = fig?.isSimulated ?? items.some((m) => m.isSimulated);
  const fmt = (value: number) => formatWithUnit(value, unit);

  return (
    <div className="indicator-monitor" data-indicator={indicator.id}>
      <div className="indicator-status">
        <StatusBadge status={fig?.status ?? "no_data"} />
        {fig?.progress !== null && fig?.progress !== undefined && (
          <span>{t("indicator.progress", { value: formatPercent(fig.progress) })}</span>
        )}
        {simulated && <span className="badge badge-simulated">{t("simulated.badge")}</span>}
      </div>
      {figure.status === "error" && <p className="muted small">{t("indicator.noFigure")}</p>}
      {fig && (
        <>
          <p className="indicator-explanation">{fig.explanation}</p>
          {fig.progress !== null && (
            <ProgressBar
              value={fig.progress}
              status={fig.status}
              label={t("indicator.progress", { value: indicator.name })}
            />
          )}
          <ul className="indicator-figures">
            {fig.latestValue !== null && fig.latestPeriod && (
              <li>
                {t("indicator.latest", { value: fmt(fig.latestValue), period: fig.latestPeriod })}
              </li>
            )}
            {fig.expectedValue !== null && (
              <li>{t("indicator.expected", { value: fmt(fig.expectedValue) })}</li>
            )}
            {fig.forecast && (
              <li>
                {t("indicator.forecast", {
                  value: fmt(fig.forecast.value),
                  low: fmt(fig.forecast.low),
                  high: fmt(fig.forecast.high),
                  probability: formatPercent(fig.forecast.probability),
                })}
              </li>
            )}
          </ul>
        </>
      )}
      {measurements.status === "error" && (
        <p className="error-text small">
          {t("indicator.measurementsError", {
            detail: measurements.error.problem.detail ?? measurements.error.problem.title,
          })}
        </p>
      )}
      {measurements.status === "success" && indicator.kind !== "evidence" && (
        <Suspense fallback={<p className="muted small">{t("indicator.chartLoading")}</p>}>
          <IndicatorChart
            name={indicator.name}
            unit={unit}
            points={validated}
            table={items}
            baseline={indicator.baselineValue}
            target={indicator.targetValue}
            targets={indicator.targets}
            startYear={startYear}
            endYear={endYear}
            figure={fig}
          />
        </Suspense>
      )}
      {isMember && measurements.status === "success" && (
        <EvidenceGallery cut={cut} measurements={items.filter((m) => !m.isSimulated)} />
      )}
      {canReport && measurements.status === "success" && (
        <>
          {!reporting ? (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => setReporting(true)}
            >
              {t("report.open")}
            </button>
          ) : (
            <Suspense fallback={<p className="muted small">{t("state.loading")}</p>}>
              <ReportForm cut={cut} indicator={indicator} measurements={items} figure={fig} />
            </Suspense>
          )}
        </>
      )}
    </div>
  );
}

/** The files attached to the indicator's reports: image previews, PDFs and others as links. */
function EvidenceGallery({ cut, measurements }: { cut: string; measurements: MeasurementDto[] }) {
  // Simulated reports carry no files; real ones are read one by one (the list has no files).
  const recent = measurements.slice(-6);
  return (
    <div className="evidence">
      <h4>{t("indicator.evidence")}</h4>
      {recent.length === 0 ? (
        <p className="muted small">{t("indicator.evidenceEmpty")}</p>
      ) : (
        <ul className="evidence-list">
          {recent.map((m) => (
            <MeasurementEvidence key={m.id} cut={cut} measurement={m} />
          ))}
        </ul>
      )}
    </div>
  );
}

function MeasurementEvidence({ cut, measurement }: { cut: string; measurement: MeasurementDto }) {
  const detail = useApi<MeasurementDetail>(api.measurement(cut, measurement.id));
  if (detail.status !== "success") return null;
  return (
    <>
      {detail.data.evidence.map((file) => {
        const url = api.evidence(cut, file.id);
        const isImage = file.contentType.startsWith("image/");
        return (
          <li key={file.id} className="evidence-card">
            {isImage ? (
              <a href={url}>
                <img src={url} alt={file.fileName} loading="lazy" />
                <span>{file.fileName}</span>
              </a>
            ) : (
              <a href={url}>
                <span className="file-icon" aria-hidden="true">
                  {file.contentType === "application/pdf" ? "PDF" : "DOC"}
                </span>
                {file.fileName}
              </a>
            )}
            <span className="muted small">
              {" "}
              · {formatFileSize(file.size)} · {measurement.period} ·{" "}
              {t(`measurementStatus.${measurement.status}`)}
            </span>
          </li>
        );
      })}
    </>
  );
}
