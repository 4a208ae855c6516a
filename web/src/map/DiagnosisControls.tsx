import { useEffect, useState } from "react";
import { t } from "../i18n/es-CL";
import { formatNumber } from "../i18n/format";
import type { ClassMethod, DiagnosisVariable } from "./types";

export interface DiagnosisChoice {
  variable: string | null;
  method: ClassMethod;
  classes: number;
  breaks: number[];
}

/**
 * Manual class limits as people type them in Chile: "10; 20,5; 30" (decimal comma, limits
 * separated by semicolons). Returns the numbers, or the message to show next to the field.
 */
export function parseBreaks(text: string): { breaks: number[] } | { error: string } {
  const parts = text
    .split(";")
    .map((part) => part.trim())
    .filter((part) => part !== "");
  if (parts.length === 0) return { error: t("map.diagnosis.error.breaksEmpty") };
  const breaks: number[] = [];
  for (const [index, part] of parts.entries()) {
    const value = Number(part.replace(/\./g, "").replace(",", "."));
    if (!Number.isFinite(value))
      return { error: t("map.diagnosis.error.breaksNumber", { position: index + 1, text: part }) };
    if (breaks.length > 0 && value <= (breaks[breaks.length - 1] as number))
      return { error: t("map.diagnosis.error.breaksOrder", { position: index + 1 }) };
    breaks.push(value);
  }
  return { breaks };
}

export function formatBreaks(breaks: number[]): string {
  return breaks.map((value) => formatNumber(value).replace(/\./g, "")).join("; ");
}

/** The diagnosis variable and how its values are grouped into classes. */
export function DiagnosisControls({
  variables,
  choice,
  onChange,
  serverError,
}: {
  variables: DiagnosisVariable[];
  choice: DiagnosisChoice;
  onChange: (choice: DiagnosisChoice) => void;
  /** The API's complaint about the classes (e.g. limits outside the values), shown in place. */
  serverError: string | null;
}) {
  const [breaksText, setBreaksText] = useState(formatBreaks(choice.breaks));
  const [breaksError, setBreaksError] = useState<string | null>(null);
  useEffect(() => setBreaksText(formatBreaks(choice.breaks)), [choice.breaks]);
  const breaksMessage = breaksError ?? (choice.method === "manual" ? serverError : null);

  if (variables.length === 0) return <p className="muted small">{t("map.diagnosis.none")}</p>;
  return (
    <div className="map-diagnosis-controls">
      <div className="field">
        <label htmlFor="diagnostico-variable">{t("map.diagnosis.variable")}</label>
        <select
          id="diagnostico-variable"
          value={choice.variable ?? ""}
          onChange={(event) => onChange({ ...choice, variable: event.target.value || null })}
        >
          {variables.map((variable) => (
            <option key={variable.key} value={variable.key}>
              {variable.label}
              {variable.year ? ` (${variable.year})` : ""}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="diagnostico-metodo">{t("map.diagnosis.method")}</label>
        <select
          id="diagnostico-metodo"
          value={choice.method}
          onChange={(event) => onChange({ ...choice, method: event.target.value as ClassMethod })}
        >
          <option value="quantile">{t("map.diagnosis.method.quantile")}</option>
          <option value="equal">{t("map.diagnosis.method.equal")}</option>
          <option value="manual">{t("map.diagnosis.method.manual")}</option>
        </select>
      </div>
      {choice.method === "manual" ? (
        <form
          className={breaksMessage ? "field field-invalid" : "field"}
          onSubmit={(event) => {
            event.preventDefault();
            const parsed = parseBreaks(breaksText);
            if ("error" in parsed) {
              setBreaksError(parsed.error);
              return;
            }
            setBreaksError(null);
            onChange({ ...choice, breaks: parsed.breaks });
          }}
        >
          <label htmlFor="diagnostico-cortes">{t("map.diagnosis.breaks")}</label>
          <p id="diagnostico-cortes-ayuda" className="field-hint">
            {t("map.diagnosis.breaksHint")}
          </p>
          <span className="inline-field">
            <input
              id="diagnostico-cortes"
              value={breaksText}
              inputMode="decimal"
              aria-invalid={breaksMessage ? true : undefined}
              aria-describedby={`diagnostico-cortes-ayuda${breaksMessage ? " diagnostico-cortes-error" : ""}`}
              onChange={(event) => setBreaksText(event.target.value)}
            />
            <button type="submit" className="button button-small">
              {t("map.diagnosis.apply")}
            </button>
          </span>
          {breaksMessage && (
            <p id="diagnostico-cortes-error" className="field-error">
              {breaksMessage}
            </p>
          )}
        </form>
      ) : (
        <div className={serverError ? "field field-invalid" : "field"}>
          <label htmlFor="diagnostico-clases">{t("map.diagnosis.classes")}</label>
          <select
            id="diagnostico-clases"
            value={choice.classes}
            aria-invalid={serverError ? true : undefined}
            aria-describedby={serverError ? "diagnostico-clases-error" : undefined}
            onChange={(event) => onChange({ ...choice, classes: Number(event.target.value) })}
          >
            {[2, 3, 4, 5, 6, 7].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
          {serverError && (
            <p id="diagnostico-clases-error" className="field-error">
              {serverError}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
