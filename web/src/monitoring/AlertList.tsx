import { useId, useRef, useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { api, asApiError, errorsByPath, routes, sendJson } from "../api";
import { invalidateApi } from "../hooks/useApi";
import { t } from "../i18n/es-CL";
import { formatDate, formatDateTime, truncate } from "../i18n/format";
import type { AlertDto } from "../types";

export const alertRuleLabel = (rule: AlertDto["rule"]): string => t(`alert.rule.${rule}`);

export interface AlertView {
  alert: AlertDto;
  /** The item's code and title, when known. */
  item?: { code: string; title: string } | undefined;
  /** Whether the signed-in user may acknowledge it (the API checks again). */
  canAct: boolean;
}

/** Alerts with their rule, message, period and, for those allowed, "Acusar recibo". */
export function AlertList({ cut, alerts }: { cut: string; alerts: AlertView[] }) {
  return (
    <ul className="alert-list">
      {alerts.map((view) => (
        <AlertEntry key={view.alert.id} cut={cut} view={view} />
      ))}
    </ul>
  );
}

function AlertEntry({ cut, view }: { cut: string; view: AlertView }) {
  const { alert } = view;
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  return (
    <li className={`alert-entry alert-${alert.rule} alert-status-${alert.status}`}>
      <p className="alert-head">
        <span className="alert-rule">
          <span aria-hidden="true">⚠ </span>
          {alertRuleLabel(alert.rule)}
        </span>
        <span className="muted small">
          {t("alert.period", { period: alert.period })}
          {t("common.separator")}
          {t("alert.since", { date: formatDateTime(String(alert.createdAt)) })}
        </span>
      </p>
      <p className="alert-message">{alert.message}</p>
      {view.item && (
        <p className="small">
          <Link to={routes.item(cut, alert.itemId)}>
            {t("alert.item", { code: view.item.code })}
            {t("common.separator")}
            {truncate(view.item.title, 80)}
          </Link>
        </p>
      )}
      {alert.status !== "open" && alert.correctiveAction && (
        <p className="alert-action small">
          <strong>{t(`alert.status.${alert.status}`)}</strong>
          {t("common.separator")}
          {t("alert.actionSummary", {
            action: alert.correctiveAction,
            owner: alert.actionOwner ?? "",
            date: alert.actionDueDate ? formatDate(alert.actionDueDate) : "",
          })}
        </p>
      )}
      <p role="status" className="alert-saved">
        {saved}
      </p>
      {view.canAct && alert.status === "open" && !open && (
        <button
          ref={buttonRef}
          type="button"
          className="button button-secondary button-small"
          onClick={() => {
            setSaved(null);
            setOpen(true);
          }}
        >
          {t("alert.acknowledge")}
        </button>
      )}
      {open && (
        <AcknowledgeForm
          cut={cut}
          alert={alert}
          onCancel={() => {
            setOpen(false);
            requestAnimationFrame(() => buttonRef.current?.focus());
          }}
          onDone={() => {
            setOpen(false);
            setSaved(t("alert.saved"));
          }}
        />
      )}
    </li>
  );
}

type AckField = "correctiveAction" | "owner" | "dueDate";

function AcknowledgeForm({
  cut,
  alert,
  onCancel,
  onDone,
}: {
  cut: string;
  alert: AlertDto;
  onCancel: () => void;
  onDone: () => void;
}) {
  const id = useId();
  const [values, setValues] = useState<Record<AckField, string>>({
    correctiveAction: "",
    owner: "",
    dueDate: "",
  });
  const [errors, setErrors] = useState<Partial<Record<AckField, string>>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const refs = useRef<Partial<Record<AckField, HTMLInputElement | HTMLTextAreaElement | null>>>({});
  const order: AckField[] = ["correctiveAction", "owner", "dueDate"];

  const focusFirst = (found: Partial<Record<AckField, string>>) => {
    const first = order.find((field) => found[field]);
    if (first) requestAnimationFrame(() => refs.current[first]?.focus());
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Partial<Record<AckField, string>> = {};
    if (!values.correctiveAction.trim()) found.correctiveAction = t("alert.error.action");
    if (!values.owner.trim()) found.owner = t("alert.error.owner");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.dueDate)) found.dueDate = t("alert.error.dueDate");
    setErrors(found);
    setMessage(null);
    if (Object.keys(found).length > 0) return focusFirst(found);
    setBusy(true);
    try {
      await sendJson("POST", api.acknowledgeAlert(cut, alert.id), {
        version: alert.version,
        correctiveAction: values.correctiveAction.trim(),
        owner: values.owner.trim(),
        dueDate: values.dueDate,
      });
      invalidateApi((path) => path.includes("/alerts"));
      onDone();
    } catch (error) {
      const problem = asApiError(error).problem;
      const byPath = errorsByPath(problem);
      const fromServer: Partial<Record<AckField, string>> = {};
      for (const field of order) if (byPath[field]) fromServer[field] = byPath[field];
      setErrors(fromServer);
      setMessage(problem.detail ?? problem.title);
      focusFirst(fromServer);
    } finally {
      setBusy(false);
    }
  }

  const field = (name: AckField, label: string, control: "input" | "textarea" | "date") => {
    const fieldId = `${id}-${name}`;
    const error = errors[name];
    const hintId = name === "dueDate" ? `${fieldId}-hint` : undefined;
    const describedBy = [hintId, error ? `${fieldId}-error` : null].filter(Boolean).join(" ");
    const common = {
      id: fieldId,
      name,
      value: values[name],
      required: true,
      "aria-invalid": error ? true : undefined,
      "aria-describedby": describedBy || undefined,
    };
    return (
      <div className={error ? "field field-invalid" : "field"}>
        <label htmlFor={fieldId}>
          {label} <span className="field-required">{t("form.required")}</span>
        </label>
        {hintId && (
          <p id={hintId} className="field-hint">
            {t("alert.dueDateHint")}
          </p>
        )}
        {control === "textarea" ? (
          <textarea
            {...common}
            ref={(el) => {
              refs.current[name] = el;
            }}
            rows={3}
            maxLength={4000}
            onChange={(e) => setValues({ ...values, [name]: e.target.value })}
          />
        ) : (
          <input
            {...common}
            ref={(el) => {
              refs.current[name] = el;
            }}
            type={control === "date" ? "date" : "text"}
            maxLength={300}
            onChange={(e) => setValues({ ...values, [name]: e.target.value })}
          />
        )}
        {error && (
          <p id={`${fieldId}-error`} className="field-error">
            {error}
          </p>
        )}
      </div>
    );
  };

  return (
    <form className="form ack-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{t("alert.acknowledgeTitle")}</h4>
      {message && (
        <p className="form-message form-message-error" role="alert">
          {message}
        </p>
      )}
      {field("correctiveAction", t("alert.correctiveAction"), "textarea")}
      {field("owner", t("alert.owner"), "input")}
      {field("dueDate", t("alert.dueDate"), "date")}
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? t("alert.saving") : t("alert.save")}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t("alert.cancel")}
        </button>
      </div>
    </form>
  );
}
