import { useId, useMemo, useRef, useState, type FormEvent } from "react";
import { api, asApiError, errorsByPath, postFile, sendJson } from "../api";
import { invalidateApi, useApi } from "../hooks/useApi";
import { t } from "../i18n/es-CL";
import { formatFileSize, formatNumber, numberForInput, parseLocaleNumber } from "../i18n/format";
import type { IndicatorFigure, ItemDetail, MeasurementDetail, MeasurementDto } from "../types";
import {
  formulaVariables,
  PERIOD_EXAMPLE,
  periodOf,
  previewFormula,
  todayInChile,
} from "./report-logic";

type Indicator = ItemDetail["indicators"][number];

/** After a write: what shows this indicator's data, the plan's figures and alerts load again. */
export function refreshAfterWrite(indicatorId: string): void {
  invalidateApi(
    (path) =>
      path.includes(indicatorId) ||
      path.includes("/figures") ||
      path.includes("/figure") ||
      path.includes("/alerts") ||
      path.includes("/measurements/") ||
      path.includes("/measurements?"),
  );
}

/** The progress report of one period: variables or value, comment, evidence; draft or submit. */
export default function ReportForm({
  cut,
  indicator,
  measurements,
  figure,
}: {
  cut: string;
  indicator: Indicator;
  measurements: MeasurementDto[];
  figure: IndicatorFigure | null;
}) {
  const id = useId();
  const periodicity = indicator.periodicity;
  const example = PERIOD_EXAMPLE[periodicity];
  const [period, setPeriod] = useState(() => periodOf(periodicity, todayInChile()));
  const existing = measurements.find((m) => m.period === period.trim().toUpperCase()) ?? null;
  const detail = useApi<MeasurementDetail>(existing ? api.measurement(cut, existing.id) : null, {
    keep: false,
  });
  const names = useMemo(() => formulaVariables(indicator.formula), [indicator.formula]);
  const [values, setValues] = useState<Record<string, string>>({});
  const [loadedFor, setLoadedFor] = useState<string | null>(null);
  const [comment, setComment] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: "error" | "info"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);

  // Editing an existing draft or rejected report: its values fill the form once.
  const existingKey = existing ? `${existing.id}:${existing.version}` : `new:${period}`;
  if (loadedFor !== existingKey) {
    setLoadedFor(existingKey);
    if (existing) {
      const next: Record<string, string> = {};
      for (const name of names) next[name] = numberForInput(existing.variables[name]);
      next.value = numberForInput(existing.value);
      setValues(next);
      setComment(existing.comment);
    } else {
      setValues({});
      setComment("");
    }
  }

  const locked = existing && (existing.status === "submitted" || existing.status === "validated");
  const parsed: Record<string, number | null> = {};
  for (const name of names) parsed[name] = parseLocaleNumber(values[name] ?? "");
  const preview =
    indicator.kind === "formula" && indicator.formula
      ? previewFormula(indicator.formula, parsed)
      : null;
  const computed =
    indicator.kind === "formula"
      ? preview?.ok
        ? preview.value
        : null
      : parseLocaleNumber(values.value ?? "");
  const expected = figure?.expectedValue ?? null;
  const decreasing = indicator.direction === "decrease";
  const labels = new Map(indicator.variables.map((v) => [v.name, v.label]));

  function validate(): Record<string, string> {
    const found: Record<string, string> = {};
    if (!/^\d{4}(-(S[12]|Q[1-4]|0[1-9]|1[0-2]))?$/.test(period.trim().toUpperCase()))
      found.period = t("report.error.period", { example });
    if (indicator.kind === "formula")
      for (const name of names) {
        const text = values[name] ?? "";
        if (text.trim() === "") found[`variables.${name}`] = t("report.error.required");
        else if (parsed[name] === null) found[`variables.${name}`] = t("report.error.number");
      }
    if (indicator.kind === "value") {
      const text = values.value ?? "";
      if (text.trim() === "") found.value = t("report.error.required");
      else if (parseLocaleNumber(text) === null) found.value = t("report.error.number");
    }
    return found;
  }

  function focusFirstError(found: Record<string, string>) {
    requestAnimationFrame(() => {
      const first = formRef.current?.querySelector<HTMLElement>("[aria-invalid='true']");
      first?.focus();
    });
    if (Object.keys(found).length > 0)
      setMessage({ tone: "error", text: t("report.error.summary") });
  }

  function body(): Record<string, unknown> {
    const payload: Record<string, unknown> = { comment };
    if (indicator.kind === "formula") {
      const variables: Record<string, number> = {};
      for (const name of names) variables[name] = parsed[name] as number;
      payload.variables = variables;
    } else if (indicator.kind === "value") payload.value = parseLocaleNumber(values.value ?? "");
    else if (indicator.kind === "milestone") payload.value = values.value === "1" ? 1 : 0;
    return payload;
  }

  /** Saves the draft (creating it if needed) and uploads the chosen file; returns the report. */
  async function save(): Promise<MeasurementDetail> {
    let saved: MeasurementDetail;
    if (existing)
      saved = await sendJson<MeasurementDetail>("PATCH", api.measurement(cut, existing.id), {
        version: existing.version,
        ...body(),
      });
    else
      saved = await sendJson<MeasurementDetail>("POST", api.measurements(cut, indicator.id), {
        period: period.trim().toUpperCase(),
        ...body(),
      });
    if (file) {
      setProgress(0);
      await postFile(api.measurementAction(cut, saved.id, "evidence"), file, {
        onProgress: setProgress,
      });
      setFile(null);
      if (fileRef.current) fileRef.current.value = "";
    }
    return saved;
  }

  async function run(submit: boolean) {
    const found = validate();
    setErrors(found);
    setMessage(null);
    if (Object.keys(found).length > 0) return focusFirstError(found);
    setBusy(true);
    try {
      const saved = await save();
      if (submit) {
        await sendJson("POST", api.measurementAction(cut, saved.id, "submit"), {
          version: saved.version,
        });
        setMessage({ tone: "info", text: t("report.submitted", { period: saved.period }) });
      } else setMessage({ tone: "info", text: t("report.saved", { period: saved.period }) });
      setErrors({});
    } catch (error) {
      const problem = asApiError(error).problem;
      const byPath = errorsByPath(problem);
      setErrors(byPath);
      setMessage({ tone: "error", text: problem.detail ?? problem.title });
      focusFirstError(byPath);
    } finally {
      setBusy(false);
      setProgress(null);
      refreshAfterWrite(indicator.id);
    }
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void run(true);
  };

  const describedBy = (name: string, hint?: string) =>
    [hint, errors[name] ? `${id}-${name}-error` : null].filter(Boolean).join(" ") || undefined;
  const fieldError = (name: string) =>
    errors[name] ? (
      <p id={`${id}-${name}-error`} className="field-error">
        {errors[name]}
      </p>
    ) : null;

  return (
    <form ref={formRef} className="report-form form" onSubmit={onSubmit} noValidate>
      <h4>{t("report.title")}</h4>
      <div className={errors.period ? "field field-invalid" : "field"}>
        <label htmlFor={`${id}-period`}>
          {t("report.period")} <span className="field-required">{t("form.required")}</span>
        </label>
        <p id={`${id}-period-hint`} className="field-hint">
          {t("report.periodHint", { periodicity: t(`report.periodicity.${periodicity}`), example })}
        </p>
        <input
          id={`${id}-period`}
          name="period"
          value={period}
          onChange={(e) => setPeriod(e.target.value)}
          aria-invalid={errors.period ? true : undefined}
          aria-describedby={describedBy("period", `${id}-period-hint`)}
          autoComplete="off"
          inputMode="text"
        />
        {fieldError("period")}
      </div>
      {existing && (
        <p className="small">
          <span className="measurement-chip">
            {t("report.current", {
              period: existing.period,
              status: t(`measurementStatus.${existing.status}`),
            })}
          </span>
          {existing.rejectionReason && (
            <span className="error-text">
              {" "}
              {t("report.rejectedBecause", { reason: existing.rejectionReason })}
            </span>
          )}
        </p>
      )}
      {locked ? (
        <p className="muted">
          {t("report.locked", {
            period: existing.period,
            status: t(`measurementStatus.${existing.status}`).toLowerCase(),
          })}
        </p>
      ) : (
        <>
          {indicator.kind === "formula" &&
            names.map((name) => {
              const key = `variables.${name}`;
              return (
                <div key={name} className={errors[key] ? "field field-invalid" : "field"}>
                  <label htmlFor={`${id}-${name}`}>
                    {labels.get(name) || name}{" "}
                    <span className="field-required">{t("form.required")}</span>
                  </label>
                  <p id={`${id}-${name}-hint`} className="field-hint">
                    {t("report.variableHint", { name, formula: indicator.formula ?? "" })}
                  </p>
                  <input
                    id={`${id}-${name}`}
                    name={key}
                    inputMode="decimal"
                    value={values[name] ?? ""}
                    onChange={(e) => setValues({ ...values, [name]: e.target.value })}
                    aria-invalid={errors[key] ? true : undefined}
                    aria-describedby={describedBy(key, `${id}-${name}-hint`)}
                  />
                  {fieldError(key)}
                </div>
              );
            })}
          {indicator.kind === "value" && (
            <div className={errors.value ? "field field-invalid" : "field"}>
              <label htmlFor={`${id}-value`}>
                {t("report.value")}
                {indicator.unit ? ` (${indicator.unit})` : ""}{" "}
                <span className="field-required">{t("form.required")}</span>
              </label>
              <input
                id={`${id}-value`}
                name="value"
                inputMode="decimal"
                value={values.value ?? ""}
                onChange={(e) => setValues({ ...values, value: e.target.value })}
                aria-invalid={errors.value ? true : undefined}
                aria-describedby={describedBy("value")}
              />
              {fieldError("value")}
            </div>
          )}
          {indicator.kind === "milestone" && (
            <fieldset className="field">
              <legend>{t("report.milestone")}</legend>
              {[
                ["1", t("report.milestoneDone")],
                ["0", t("report.milestoneNotDone")],
              ].map(([value, label]) => (
                <label key={value} className="radio">
                  <input
                    type="radio"
                    name={`${id}-milestone`}
                    value={value}
                    checked={(values.value ?? "0") === value}
                    onChange={() => setValues({ ...values, value: value ?? "0" })}
                  />{" "}
                  {label}
                </label>
              ))}
            </fieldset>
          )}
          {indicator.kind === "evidence" && <p className="muted">{t("report.evidenceOnly")}</p>}
          {(indicator.kind === "formula" || indicator.kind === "value") && (
            <div className="report-preview" role="status" aria-live="polite">
              {preview && !preview.ok
                ? preview.missing
                  ? t("report.previewPending")
                  : t("report.previewError", { detail: preview.message })
                : computed !== null
                  ? t("report.preview", { value: formatNumber(computed) })
                  : t("report.previewPending")}
              {computed !== null && expected !== null && (
                <span className="report-preview-status">
                  {" "}
                  {t("report.previewStatus", {
                    expected: formatNumber(expected),
                    status: (decreasing ? computed <= expected : computed >= expected)
                      ? t("report.previewAbove")
                      : t("report.previewBelow"),
                  })}
                </span>
              )}
            </div>
          )}
          {errors.variables && <p className="field-error">{errors.variables}</p>}
          <div className="field">
            <label htmlFor={`${id}-comment`}>{t("report.comment")}</label>
            <p id={`${id}-comment-hint`} className="field-hint">
              {t("report.commentHint")}
            </p>
            <textarea
              id={`${id}-comment`}
              name="comment"
              rows={3}
              maxLength={5000}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              aria-describedby={describedBy("comment", `${id}-comment-hint`)}
            />
          </div>
          <div className={errors.file || errors.evidence ? "field field-invalid" : "field"}>
            <label htmlFor={`${id}-file`}>{t("report.evidence")}</label>
            <p id={`${id}-file-hint`} className="field-hint">
              {t("report.evidenceHint")}
            </p>
            <input
              ref={fileRef}
              id={`${id}-file`}
              name="file"
              type="file"
              accept=".pdf,.png,.jpg,.jpeg,.webp,.docx,.xlsx,application/pdf,image/png,image/jpeg,image/webp"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              aria-invalid={errors.file || errors.evidence ? true : undefined}
              aria-describedby={describedBy(errors.file ? "file" : "evidence", `${id}-file-hint`)}
            />
            {file && (
              <p className="small muted">
                {file.name} · {formatFileSize(file.size)}
              </p>
            )}
            {progress !== null && (
              <>
                <label htmlFor={`${id}-progress`} className="small">
                  {t("report.uploading", { name: file?.name ?? "" })}
                </label>
                <progress
                  id={`${id}-progress`}
                  className="upload-progress"
                  max={100}
                  value={Math.round(progress * 100)}
                  aria-label={t("report.uploadProgress")}
                />
              </>
            )}
            {fieldError("file")}
            {fieldError("evidence")}
          </div>
          {detail.status === "success" && detail.data.evidence.length > 0 && (
            <ul className="plain-list small">
              {detail.data.evidence.map((e) => (
                <li key={e.id}>
                  <a href={api.evidence(cut, e.id)}>{e.fileName}</a> · {formatFileSize(e.size)}
                </li>
              ))}
            </ul>
          )}
          <div className="form-actions">
            <button
              type="button"
              className="button button-secondary"
              disabled={busy}
              onClick={() => void run(false)}
            >
              {busy ? t("report.saving") : t("report.saveDraft")}
            </button>
            <button type="submit" className="button" disabled={busy}>
              {t("report.submit")}
            </button>
          </div>
        </>
      )}
      <div role="status" aria-live="polite">
        {message && (
          <p
            className={
              message.tone === "error"
                ? "form-message form-message-error"
                : "form-message form-message-info"
            }
          >
            {message.text}
          </p>
        )}
      </div>
    </form>
  );
}
