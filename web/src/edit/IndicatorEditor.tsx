import { useMemo, useState, type FormEvent } from "react";
import { api, asApiError, sendJson } from "../api";
import { FormMessage } from "../components/Form";
import { invalidateApi, useApi } from "../hooks/useApi";
import { t } from "../i18n/es-CL";
import type { ItemDetail, PlanDetail } from "../types";
import { writeErrors } from "./fields";
import { ConfirmDelete, EditForm, FormActions, ToggleButton, useWrite } from "./form-parts";
import {
  bodyOf,
  draftOf,
  formulaProblem,
  type Indicator,
  type IndicatorDraft,
} from "./indicator-draft";
import { IndicatorDefinitionFields } from "./IndicatorDefinitionFields";

const indicatorPath = (cut: string, id: string) =>
  `/api/municipalities/${encodeURIComponent(cut)}/indicators/${encodeURIComponent(id)}`;

function refresh(cut: string, item: ItemDetail): void {
  const planPath = api.plan(cut, item.planId);
  invalidateApi(
    (path) =>
      path === api.item(cut, item.id) || path.startsWith(planPath) || path.includes("/indicators/"),
  );
}

/** Add or edit an indicator of an item with its whole monitoring definition. */
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
  const [draft, setDraft] = useState<IndicatorDraft>(() => draftOf(indicator));
  const { errors, busy, message, fail, send } = useWrite();
  const [version, setVersion] = useState(indicator?.version ?? 0);
  const plan = useApi<PlanDetail>(api.plan(cut, item.planId));
  const years =
    plan.status === "success" ? { start: plan.data.startYear, end: plan.data.endYear } : null;
  const set = <K extends keyof IndicatorDraft>(key: K, value: IndicatorDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const formulaError = useMemo(() => formulaProblem(draft), [draft]);
  const prefix = indicator ? `ind-${indicator.id.slice(0, 8)}` : "ind-nuevo";
  const headingId = `${prefix}-titulo`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { body, errors: local } = bodyOf(draft);
    if (Object.keys(local).length > 0) {
      fail({ fields: local, form: t("edit.error.fields") });
      return;
    }
    await send(
      async () => {
        if (indicator)
          await sendJson("PATCH", indicatorPath(cut, indicator.id), { ...body, version });
        else await sendJson("POST", `${api.item(cut, item.id)}/indicators`, body);
        refresh(cut, item);
        onClose(indicator ? t("indicatorEdit.saved") : t("indicatorEdit.added"));
      },
      (failure) => {
        if (!(failure.status === 409 && failure.problem.current)) return writeErrors(failure);
        // Someone else saved it meanwhile: the next save goes on their version.
        const current = failure.problem.current as Indicator;
        setVersion(current.version);
        return { fields: {}, form: t("indicatorEdit.conflict", { name: current.name }) };
      },
    );
  };

  return (
    <EditForm
      labelledBy={headingId}
      heading={indicator ? t("indicatorEdit.editTitle") : t("indicatorEdit.addTitle")}
      onSubmit={submit}
      message={message}
      error={errors.form}
    >
      <IndicatorDefinitionFields
        prefix={prefix}
        draft={draft}
        set={set}
        errors={errors.fields}
        formulaError={formulaError}
        years={years}
      />
      <FormActions
        submit={busy ? t("edit.saving") : indicator ? t("edit.save") : t("indicatorEdit.addSubmit")}
        disabled={busy}
        onCancel={() => onClose(null)}
      />
    </EditForm>
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
  const [notice, setNotice] = useState<string | null>(null);
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
        <ToggleButton
          expanded={mode === "edit"}
          onClick={() => {
            setNotice(null);
            setMode(mode === "edit" ? null : "edit");
          }}
          short={t("indicatorEdit.editShort")}
          full={t("indicatorEdit.edit", { name: indicator.name })}
        />
        <ToggleButton
          expanded={mode === "delete"}
          onClick={() => setMode(mode === "delete" ? null : "delete")}
          short={t("indicatorEdit.deleteShort")}
          full={t("indicatorEdit.delete", { name: indicator.name })}
        />
      </div>
      <FormMessage tone="info">{notice}</FormMessage>
      {mode === "edit" && (
        <IndicatorForm
          item={item}
          cut={cut}
          indicator={indicator}
          onClose={(message) => {
            setMode(null);
            setNotice(message);
          }}
        />
      )}
      {mode === "delete" && (
        <ConfirmDelete
          label={t("indicatorEdit.deleteGroup")}
          disabled={busy}
          onConfirm={() => void remove()}
          onCancel={() => setMode(null)}
        >
          <p>{t("indicatorEdit.deleteConfirm", { name: indicator.name })}</p>
          <FormMessage tone="error">{error}</FormMessage>
        </ConfirmDelete>
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
