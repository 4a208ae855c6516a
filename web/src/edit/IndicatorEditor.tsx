import { useMemo, useRef, useState, type FormEvent } from "react";
import { parseFormula, variablesOf } from "../../../src/domain/formula";
import { api, asApiError, sendJson } from "../api";
import { FormMessage } from "../components/Form";
import { invalidateApi } from "../hooks/useApi";
import { t } from "../i18n/es-CL";
import { indicatorKindLabel } from "../i18n/format";
import type { ItemDetail } from "../types";
import { EditField, noErrors, writeErrors, type WriteErrors } from "./fields";

type Indicator = ItemDetail["indicators"][number];
const KINDS = ["formula", "value", "milestone", "evidence"] as const;
type Kind = (typeof KINDS)[number];

const indicatorPath = (cut: string, id: string) =>
  `/api/municipalities/${encodeURIComponent(cut)}/indicators/${encodeURIComponent(id)}`;

function refresh(cut: string, item: ItemDetail): void {
  const planPath = api.plan(cut, item.planId);
  invalidateApi(
    (path) =>
      path === api.item(cut, item.id) || path.startsWith(planPath) || path.includes("/indicators/"),
  );
}

/** "1.234,5" → 1234.5; "" → null; NaN when it is not a number. */
function parseValue(text: string): number | null {
  const clean = text.trim().replace(/\./g, "").replace(",", ".");
  return clean === "" ? null : Number(clean);
}

const shown = (value: number | null) => (value === null ? "" : String(value).replace(".", ","));

interface Draft {
  name: string;
  kind: Kind;
  formula: string;
  unit: string;
  targetText: string;
  targetValue: string;
  baselineText: string;
  baselineValue: string;
  milestoneDueDate: string;
}

function draftOf(indicator: Indicator | null): Draft {
  return {
    name: indicator?.name ?? "",
    kind: indicator?.kind ?? "value",
    formula: indicator?.formula ?? "",
    unit: indicator?.unit ?? "",
    targetText: indicator?.targetText ?? "",
    targetValue: shown(indicator?.targetValue ?? null),
    baselineText: indicator?.baselineText ?? "",
    baselineValue: shown(indicator?.baselineValue ?? null),
    milestoneDueDate: indicator?.milestoneDueDate ?? "",
  };
}

/** The formula's error (message and 1-based position) as the user types, or null. */
function formulaProblem(formula: string): string | null {
  if (!formula.trim()) return null;
  const parsed = parseFormula(formula);
  if (parsed.ok) return null;
  return t("indicatorEdit.formulaError", {
    message: parsed.error.message,
    position: parsed.error.position + 1,
  });
}

/** Add, edit or delete an indicator of an item (for those who may edit it). */
export function IndicatorForm({
  item,
  cut,
  indicator,
  onClose,
}: {
  item: ItemDetail;
  cut: string;
  /** null: a new indicator. */
  indicator: Indicator | null;
  onClose: (message: string | null) => void;
}) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(indicator));
  const [errors, setErrors] = useState<WriteErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(indicator?.version ?? 0);
  const message = useRef<HTMLDivElement>(null);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const formulaError = useMemo(
    () => (draft.kind === "formula" ? formulaProblem(draft.formula) : null),
    [draft.kind, draft.formula],
  );
  const prefix = indicator ? `ind-${indicator.id.slice(0, 8)}` : "ind-nuevo";
  const headingId = `${prefix}-titulo`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const targetValue = parseValue(draft.targetValue);
    const baselineValue = parseValue(draft.baselineValue);
    const local: Record<string, string> = {};
    if (!draft.name.trim()) local.name = t("indicatorEdit.nameMissing");
    if (Number.isNaN(targetValue)) local.targetValue = t("edit.error.number");
    if (Number.isNaN(baselineValue)) local.baselineValue = t("edit.error.number");
    if (formulaError) local.formula = formulaError;
    if (Object.keys(local).length > 0) {
      setErrors({ fields: local, form: t("edit.error.fields") });
      message.current?.focus();
      return;
    }
    let variables: Array<{ name: string; label: string }> = [];
    if (draft.kind === "formula") {
      const parsed = parseFormula(draft.formula);
      const labels = new Map((indicator?.variables ?? []).map((v) => [v.name, v.label]));
      if (parsed.ok)
        variables = variablesOf(parsed.ast).map((name) => ({
          name,
          label: labels.get(name) ?? name,
        }));
    }
    const body = {
      name: draft.name.trim(),
      kind: draft.kind,
      formula: draft.kind === "formula" ? draft.formula.trim() || null : null,
      variables,
      unit: draft.unit.trim() || null,
      targetText: draft.targetText.trim() || null,
      targetValue,
      baselineText: draft.baselineText.trim() || null,
      baselineValue,
      ...(draft.kind === "milestone" ? { milestoneDueDate: draft.milestoneDueDate || null } : {}),
    };
    setBusy(true);
    try {
      if (indicator)
        await sendJson("PATCH", indicatorPath(cut, indicator.id), { ...body, version });
      else await sendJson("POST", `${api.item(cut, item.id)}/indicators`, body);
      refresh(cut, item);
      onClose(indicator ? t("indicatorEdit.saved") : t("indicatorEdit.added"));
    } catch (error) {
      const failure = asApiError(error);
      if (failure.status === 409 && failure.problem.current) {
        const current = failure.problem.current as Indicator;
        setVersion(current.version);
        setErrors({
          fields: {},
          form: t("indicatorEdit.conflict", { name: current.name }),
        });
      } else setErrors(writeErrors(failure));
      message.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const f = errors.fields;
  const formulaShown = f.formula ?? formulaError ?? undefined;
  return (
    <form
      className="form edit-form"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-labelledby={headingId}
    >
      <h3 id={headingId}>
        {indicator ? t("indicatorEdit.editTitle") : t("indicatorEdit.addTitle")}
      </h3>
      <FormMessage ref={message} tone="error">
        {errors.form}
      </FormMessage>
      <EditField id={`${prefix}-name`} label={t("indicatorEdit.name")} error={f.name} required>
        {(props) => (
          <textarea
            {...props}
            rows={2}
            value={draft.name}
            onChange={(e) => set("name", e.target.value)}
          />
        )}
      </EditField>
      <EditField id={`${prefix}-kind`} label={t("indicatorEdit.kind")} error={f.kind}>
        {(props) => (
          <select
            {...props}
            value={draft.kind}
            onChange={(e) => set("kind", e.target.value as Kind)}
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {indicatorKindLabel(k)}
              </option>
            ))}
          </select>
        )}
      </EditField>
      {draft.kind === "formula" && (
        <EditField
          id={`${prefix}-formula`}
          label={t("indicatorEdit.formula")}
          hint={t("indicatorEdit.formulaHint")}
          error={formulaShown ?? f.variables}
          required
        >
          {(props) => (
            <input
              {...props}
              spellCheck={false}
              value={draft.formula}
              onChange={(e) => set("formula", e.target.value)}
            />
          )}
        </EditField>
      )}
      {draft.kind === "milestone" && (
        <EditField
          id={`${prefix}-due`}
          label={t("indicatorEdit.milestoneDueDate")}
          error={f.milestoneDueDate}
          required
        >
          {(props) => (
            <input
              {...props}
              type="date"
              value={draft.milestoneDueDate}
              onChange={(e) => set("milestoneDueDate", e.target.value)}
            />
          )}
        </EditField>
      )}
      <EditField id={`${prefix}-unit`} label={t("indicatorEdit.unit")} error={f.unit}>
        {(props) => (
          <input {...props} value={draft.unit} onChange={(e) => set("unit", e.target.value)} />
        )}
      </EditField>
      <div className="edit-row">
        <EditField
          id={`${prefix}-target-text`}
          label={t("indicatorEdit.targetText")}
          error={f.targetText}
        >
          {(props) => (
            <input
              {...props}
              value={draft.targetText}
              onChange={(e) => set("targetText", e.target.value)}
            />
          )}
        </EditField>
        <EditField
          id={`${prefix}-target-value`}
          label={t("indicatorEdit.targetValue")}
          error={f.targetValue}
        >
          {(props) => (
            <input
              {...props}
              inputMode="decimal"
              value={draft.targetValue}
              onChange={(e) => set("targetValue", e.target.value)}
            />
          )}
        </EditField>
      </div>
      <div className="edit-row">
        <EditField
          id={`${prefix}-baseline-text`}
          label={t("indicatorEdit.baselineText")}
          error={f.baselineText}
        >
          {(props) => (
            <input
              {...props}
              value={draft.baselineText}
              onChange={(e) => set("baselineText", e.target.value)}
            />
          )}
        </EditField>
        <EditField
          id={`${prefix}-baseline-value`}
          label={t("indicatorEdit.baselineValue")}
          error={f.baselineValue}
        >
          {(props) => (
            <input
              {...props}
              inputMode="decimal"
              value={draft.baselineValue}
              onChange={(e) => set("baselineValue", e.target.value)}
            />
          )}
        </EditField>
      </div>
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? t("edit.saving") : indicator ? t("edit.save") : t("indicatorEdit.addSubmit")}
        </button>
        <button type="button" className="button button-secondary" onClick={() => onClose(null)}>
          {t("edit.cancel")}
        </button>
      </div>
    </form>
  );
}

/** Edit and delete buttons of one indicator, with their form or confirmation below. */
export function IndicatorTools({
  item,
  cut,
  indicator,
}: {
  item: ItemDetail;
  cut: string;
  indicator: Indicator;
}) {
  const [mode, setMode] = useState<"edit" | "delete" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    setBusy(true);
    try {
      await sendJson("DELETE", indicatorPath(cut, indicator.id), { version: indicator.version });
      refresh(cut, item);
    } catch (failure) {
      const problem = asApiError(failure).problem;
      setError(
        problem.status === 409
          ? t("indicatorEdit.conflict", { name: indicator.name })
          : (problem.detail ?? problem.title),
      );
      setBusy(false);
    }
  };
  return (
    <div className="indicator-tools">
      <div className="edit-toolbar">
        <button
          type="button"
          className="button button-secondary button-small"
          aria-expanded={mode === "edit"}
          onClick={() => setMode(mode === "edit" ? null : "edit")}
        >
          {t("indicatorEdit.edit", { name: indicator.name })}
        </button>
        <button
          type="button"
          className="button button-secondary button-small"
          aria-expanded={mode === "delete"}
          onClick={() => setMode(mode === "delete" ? null : "delete")}
        >
          {t("indicatorEdit.delete", { name: indicator.name })}
        </button>
      </div>
      {mode === "edit" && (
        <IndicatorForm item={item} cut={cut} indicator={indicator} onClose={() => setMode(null)} />
      )}
      {mode === "delete" && (
        <div
          className="edit-form danger-zone"
          role="group"
          aria-label={t("indicatorEdit.deleteGroup")}
        >
          <p>{t("indicatorEdit.deleteConfirm", { name: indicator.name })}</p>
          <FormMessage tone="error">{error}</FormMessage>
          <div className="form-actions">
            <button
              type="button"
              className="button button-danger"
              disabled={busy}
              onClick={() => void remove()}
            >
              {t("edit.deleteSubmit")}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setMode(null)}>
              {t("edit.cancel")}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

/** "Agregar indicador" with its form. */
export function AddIndicator({ item, cut }: { item: ItemDetail; cut: string }) {
  const [open, setOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <div className="indicator-add">
      <button
        type="button"
        className="button button-secondary"
        aria-expanded={open}
        onClick={() => {
          setNotice(null);
          setOpen(!open);
        }}
      >
        {t("indicatorEdit.add")}
      </button>
      <FormMessage tone="info">{notice}</FormMessage>
      {open && (
        <IndicatorForm
          item={item}
          cut={cut}
          indicator={null}
          onClose={(message) => {
            setOpen(false);
            setNotice(message);
          }}
        />
      )}
    </div>
  );
}
