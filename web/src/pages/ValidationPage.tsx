import { useId, useRef, useState, type FormEvent } from "react";
import { Link, useParams } from "react-router-dom";
import { api, asApiError, routes, sendJson } from "../api";
import { mayValidate, roleIn, useSession } from "../auth/session";
import { Empty, ErrorState, Loading } from "../components/States";
import { useApi } from "../hooks/useApi";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { t, tp } from "../i18n/es-CL";
import { formatDateTime, formatFileSize, formatWithUnit } from "../i18n/format";
import { refreshAfterWrite } from "../monitoring/ReportForm";
import type {
  MeasurementDetail,
  MeasurementQueueEntry,
  MeasurementQueuePage,
  PlanSummaryPage,
} from "../types";
import "../styles/forms.css";
import "../styles/monitoring.css";

const QUEUE_SIZE = 200;

/** The validator's queue: submitted reports, approved or rejected with a reason. */
export default function ValidationPage() {
  const { cut = "" } = useParams();
  const { me, state: session } = useSession();
  const allowed = mayValidate(roleIn(me, cut));
  const queue = useApi<MeasurementQueuePage>(
    allowed ? api.measurementQueue(cut, "submitted", QUEUE_SIZE) : null,
    { keep: false },
  );
  const plans = useApi<PlanSummaryPage>(allowed ? api.plans(cut) : null);
  const planId = plans.status === "success" ? plans.data.items[0]?.id : undefined;
  const [done, setDone] = useState<Set<string>>(() => new Set());
  const [status, setStatus] = useState<string | null>(null);
  useDocumentTitle(t("validate.title"));

  if (session.status === "loading") return <Loading />;
  if (!allowed)
    return (
      <div className="container">
        <h1>{t("validate.title")}</h1>
        <p className="notice">{t("validate.notAllowed")}</p>
        {!me && <Link to={routes.login(routes.validate(cut))}>{t("session.signIn")}</Link>}
      </div>
    );
  if (queue.status === "error") return <ErrorState error={queue.error} />;

  const entries: MeasurementQueueEntry[] =
    queue.status === "success" ? queue.data.items.filter((m) => !done.has(m.id)) : [];
  const waiting =
    queue.status === "success"
      ? queue.data.total - queue.data.items.filter((m) => done.has(m.id)).length
      : 0;

  return (
    <div className="container">
      <div className="page-head">
        <h1>{t("validate.title")}</h1>
        <p className="lead">{t("validate.intro")}</p>
        {planId && <Link to={routes.dashboard(cut, planId)}>{t("nav.dashboard")}</Link>}
      </div>
      <p role="status" aria-live="polite" className="form-message-info">
        {status}
      </p>
      {queue.status === "loading" ? (
        <p role="status" className="muted">
          <span className="spinner spinner-small" aria-hidden="true" /> {t("validate.loading")}
        </p>
      ) : entries.length === 0 ? (
        <Empty>{t("validate.empty")}</Empty>
      ) : (
        <>
          <p className="muted">{tp("validate.count", Math.max(waiting, entries.length))}</p>
          <ul className="queue-list">
            {entries.map((entry) => (
              <QueueEntry
                key={entry.id}
                cut={cut}
                entry={entry}
                onDone={(message) => {
                  setStatus(message);
                  setDone((previous) => new Set(previous).add(entry.id));
                }}
              />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function QueueEntry({
  cut,
  entry,
  onDone,
}: {
  cut: string;
  entry: MeasurementQueueEntry;
  onDone: (message: string) => void;
}) {
  const measurement = entry;
  const id = useId();
  // The files are read only when there are some: the queue already says how many.
  const detail = useApi<MeasurementDetail>(
    entry.evidenceCount > 0 ? api.measurement(cut, measurement.id) : null,
    { keep: false },
  );
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const unit = entry.indicator.targetUnit ?? entry.indicator.unit;
  const titleId = `${id}-title`;

  async function act(action: "validate" | "reject") {
    setBusy(true);
    setError(null);
    try {
      await sendJson("POST", api.measurementAction(cut, measurement.id, action), {
        version: detail.status === "success" ? detail.data.version : measurement.version,
        ...(action === "reject" ? { reason: reason.trim() } : {}),
      });
      refreshAfterWrite(entry.indicator.id);
      onDone(
        t(action === "validate" ? "validate.approved" : "validate.rejected", {
          period: measurement.period,
        }),
      );
    } catch (caught) {
      const problem = asApiError(caught).problem;
      setError(problem.errors?.[0]?.message ?? problem.detail ?? problem.title);
      setBusy(false);
    }
  }

  const reject = (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      setError(t("validate.reasonRequired"));
      requestAnimationFrame(() => reasonRef.current?.focus());
      return;
    }
    void act("reject");
  };

  return (
    <li className="card queue-entry" aria-labelledby={titleId} data-measurement={measurement.id}>
      <h2 id={titleId} className="h3">
        {entry.indicator.name} · {measurement.period}
      </h2>
      <p className="small">
        <Link to={routes.item(cut, entry.item.id)}>
          {entry.item.code} · {entry.item.title}
        </Link>
      </p>
      <p>
        <strong>
          {t("validate.value", {
            value: measurement.value === null ? "–" : formatWithUnit(measurement.value, unit),
          })}
        </strong>
        {measurement.submittedAt && (
          <span className="muted small">
            {" "}
            · {t("validate.submittedAt", { date: formatDateTime(String(measurement.submittedAt)) })}
          </span>
        )}
        {measurement.isSimulated && (
          <>
            {" "}
            <span className="badge badge-simulated">{t("simulated.badge")}</span>
          </>
        )}
      </p>
      {Object.keys(measurement.variables).length > 0 && (
        <p className="small">
          {Object.entries(measurement.variables)
            .map(([name, value]) => `${name} = ${formatWithUnit(value, null)}`)
            .join(" · ")}
        </p>
      )}
      {measurement.comment && <p className="small">{measurement.comment}</p>}
      {entry.evidenceCount === 0 ? (
        <p className="muted small">{t("validate.noEvidence")}</p>
      ) : (
        detail.status === "success" &&
        (detail.data.evidence.length === 0 ? (
          <p className="muted small">{t("validate.noEvidence")}</p>
        ) : (
          <ul className="plain-list small">
            {detail.data.evidence.map((file) => (
              <li key={file.id}>
                <a href={api.evidence(cut, file.id)}>
                  {file.contentType === "application/pdf" && (
                    <span className="file-icon" aria-hidden="true">
                      PDF
                    </span>
                  )}
                  {file.fileName}
                </a>{" "}
                · {formatFileSize(file.size)}
              </li>
            ))}
          </ul>
        ))
      )}
      <div className="queue-actions">
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => void act("validate")}
        >
          {t("validate.approve")}
        </button>
        {!rejecting && (
          <button
            type="button"
            className="button button-secondary"
            disabled={busy}
            onClick={() => {
              setRejecting(true);
              requestAnimationFrame(() => reasonRef.current?.focus());
            }}
          >
            {t("validate.reject")}
          </button>
        )}
      </div>
      {rejecting && (
        <form className="form" onSubmit={reject} noValidate>
          <div className={error ? "field field-invalid" : "field"}>
            <label htmlFor={`${id}-reason`}>
              {t("validate.reason")} <span className="field-required">{t("form.required")}</span>
            </label>
            <textarea
              ref={reasonRef}
              id={`${id}-reason`}
              rows={3}
              maxLength={2000}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
            />
            {error && (
              <p id={`${id}-error`} className="field-error">
                {error}
              </p>
            )}
          </div>
          <div className="form-actions">
            <button type="submit" className="button" disabled={busy}>
              {t("validate.confirmReject")}
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => setRejecting(false)}
            >
              {t("alert.cancel")}
            </button>
          </div>
        </form>
      )}
      {!rejecting && error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
