import type { ReactNode } from "react";
import { t } from "../i18n/es-CL";
import { indicatorKindLabel } from "../i18n/format";
import { EditField } from "./fields";
import {
  CATEGORIES,
  DIRECTIONS,
  formulaVariableNames,
  KINDS,
  PERIODICITIES,
  PROGRAM_GOAL_TYPES,
  VALUE_TYPES,
  type IndicatorDraft,
  type Kind,
} from "./indicator-draft";
import { TargetsGroup } from "./IndicatorTargetsFields";

type Setter = <K extends keyof IndicatorDraft>(key: K, value: IndicatorDraft[K]) => void;

interface Props {
  prefix: string;
  draft: IndicatorDraft;
  set: Setter;
  errors: Record<string, string>;
  /** The formula's error while typing (before the server sees it). */
  formulaError: string | null;
  /** The plan's years, for the targets' hint. */
  years: { start: number; end: number } | null;
}

function Group({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <fieldset className="links-group">
      <legend>{legend}</legend>
      {children}
    </fieldset>
  );
}

/** A text input of the draft with its label and error. */
function TextInput({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  type,
  numeric,
  disabled,
}: {
  id: string;
  label: string;
  hint?: string;
  error: string | undefined;
  value: string;
  onChange: (value: string) => void;
  type?: "date";
  numeric?: boolean;
  disabled?: boolean;
}) {
  return (
    <EditField id={id} label={label} error={error} {...(hint ? { hint } : {})}>
      {(props) => (
        <input
          {...props}
          {...(type ? { type } : {})}
          {...(numeric ? { inputMode: "decimal" as const } : {})}
          disabled={disabled}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </EditField>
  );
}

function Choice<T extends string>({
  id,
  label,
  error,
  value,
  options,
  labelOf,
  onChange,
  empty,
}: {
  id: string;
  label: string;
  error: string | undefined;
  value: T | "";
  options: readonly T[];
  labelOf: (option: T) => string;
  onChange: (value: T | "") => void;
  empty?: string;
}) {
  return (
    <EditField id={id} label={label} error={error}>
      {(props) => (
        <select {...props} value={value} onChange={(e) => onChange(e.target.value as T | "")}>
          {empty !== undefined && <option value="">{empty}</option>}
          {options.map((o) => (
            <option key={o} value={o}>
              {labelOf(o)}
            </option>
          ))}
        </select>
      )}
    </EditField>
  );
}

/** What an indicator measures and how it is followed: every field of its definition. */
export function IndicatorDefinitionFields({
  prefix,
  draft,
  set,
  errors: f,
  formulaError,
  years,
}: Props) {
  const variables = formulaVariableNames(draft);
  const quantitative = draft.kind === "value" || draft.kind === "formula";
  return (
    <>
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
      <Choice
        id={`${prefix}-kind`}
        label={t("indicatorEdit.kind")}
        error={f.kind}
        value={draft.kind}
        options={KINDS}
        labelOf={(k: Kind) => indicatorKindLabel(k)}
        onChange={(k) => k && set("kind", k)}
      />
      {draft.kind === "formula" && (
        <>
          <EditField
            id={`${prefix}-formula`}
            label={t("indicatorEdit.formula")}
            hint={t("indicatorEdit.formulaHint")}
            error={f.formula ?? formulaError ?? f.variables}
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
          {variables.length > 0 && (
            <Group legend={t("indicatorEdit.variables")}>
              <p className="field-hint">{t("indicatorEdit.variablesHint")}</p>
              {variables.map((name, i) => (
                <TextInput
                  key={name}
                  id={`${prefix}-var-${i}`}
                  label={t("indicatorEdit.variableLabel", { name })}
                  error={f[`variables.${i}.label`] ?? f[`variables.${i}.name`]}
                  value={draft.variableLabels[name] ?? ""}
                  onChange={(v) => set("variableLabels", { ...draft.variableLabels, [name]: v })}
                />
              ))}
            </Group>
          )}
        </>
      )}
      {quantitative && (
        <div className="edit-row">
          <Choice
            id={`${prefix}-value-type`}
            label={t("indicatorEdit.valueType")}
            error={f.valueType}
            value={draft.valueType}
            options={VALUE_TYPES}
            labelOf={(v) => t(`indicatorEdit.valueType.${v}`)}
            onChange={(v) => set("valueType", v)}
            empty={t("indicatorEdit.notSet")}
          />
          <TextInput
            id={`${prefix}-unit`}
            label={t("indicatorEdit.unit")}
            error={f.unit}
            value={draft.unit}
            onChange={(v) => set("unit", v)}
          />
        </div>
      )}
      {draft.kind === "milestone" && (
        <div className="edit-row">
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
          <TextInput
            id={`${prefix}-done`}
            type="date"
            label={t("indicatorEdit.milestoneDoneDate")}
            error={f.milestoneDoneDate}
            value={draft.milestoneDoneDate}
            onChange={(v) => set("milestoneDoneDate", v)}
          />
        </div>
      )}
      {draft.kind === "evidence" && <p className="field-hint">{t("indicatorEdit.evidenceHint")}</p>}

      {quantitative && (
        <>
          <Group legend={t("indicatorEdit.direction")}>
            <Choice
              id={`${prefix}-direction`}
              label={t("indicatorEdit.directionLabel")}
              error={f.direction}
              value={draft.direction}
              options={DIRECTIONS}
              labelOf={(d) => t(`indicatorEdit.direction.${d}`)}
              onChange={(d) => d && set("direction", d)}
            />
            {draft.direction === "band" && (
              <div className="edit-row">
                <TextInput
                  id={`${prefix}-band-min`}
                  label={t("indicatorEdit.bandMin")}
                  error={f.bandMin}
                  numeric
                  value={draft.bandMin}
                  onChange={(v) => set("bandMin", v)}
                />
                <TextInput
                  id={`${prefix}-band-max`}
                  label={t("indicatorEdit.bandMax")}
                  error={f.bandMax}
                  numeric
                  value={draft.bandMax}
                  onChange={(v) => set("bandMax", v)}
                />
              </div>
            )}
          </Group>
          <Group legend={t("indicatorEdit.baseline")}>
            <div className="links-checks">
              <span>
                <input
                  type="checkbox"
                  id={`${prefix}-baseline-pending`}
                  checked={draft.baselinePending}
                  onChange={(e) => set("baselinePending", e.target.checked)}
                />{" "}
                <label htmlFor={`${prefix}-baseline-pending`}>
                  {t("indicatorEdit.baselinePending")}
                </label>
              </span>
            </div>
            <div className="edit-row">
              <TextInput
                id={`${prefix}-baseline-value`}
                label={t("indicatorEdit.baselineValue")}
                error={f.baselineValue}
                numeric
                disabled={draft.baselinePending}
                value={draft.baselinePending ? "" : draft.baselineValue}
                onChange={(v) => set("baselineValue", v)}
              />
              <TextInput
                id={`${prefix}-baseline-date`}
                type="date"
                label={t("indicatorEdit.baselineDate")}
                error={f.baselineDate}
                value={draft.baselineDate}
                onChange={(v) => set("baselineDate", v)}
              />
            </div>
            <TextInput
              id={`${prefix}-baseline-text`}
              label={t("indicatorEdit.baselineText")}
              error={f.baselineText}
              value={draft.baselineText}
              onChange={(v) => set("baselineText", v)}
            />
          </Group>
          <TargetsGroup prefix={prefix} draft={draft} set={set} errors={f} years={years} />
        </>
      )}

      <Group legend={t("indicatorEdit.followUp")}>
        <div className="edit-row">
          <Choice
            id={`${prefix}-periodicity`}
            label={t("indicatorEdit.periodicity")}
            error={f.periodicity}
            value={draft.periodicity}
            options={PERIODICITIES}
            labelOf={(p) => t(`indicatorEdit.periodicity.${p}`)}
            onChange={(p) => p && set("periodicity", p)}
          />
          <TextInput
            id={`${prefix}-grace`}
            label={t("indicatorEdit.graceDays")}
            hint={t("indicatorEdit.graceDaysHint")}
            error={f.graceDays}
            numeric
            value={draft.graceDays}
            onChange={(v) => set("graceDays", v)}
          />
        </div>
        <div className="edit-row">
          <Choice
            id={`${prefix}-category`}
            label={t("indicatorEdit.category")}
            error={f.category}
            value={draft.category}
            options={CATEGORIES}
            labelOf={(c) => t(`indicatorEdit.category.${c}`)}
            onChange={(c) => set("category", c)}
            empty={t("indicatorEdit.notSet")}
          />
          {draft.category === "program_goal" && (
            <Choice
              id={`${prefix}-goal-type`}
              label={t("indicatorEdit.programGoalType")}
              error={f.programGoalType}
              value={draft.programGoalType}
              options={PROGRAM_GOAL_TYPES}
              labelOf={(g) => t(`indicatorEdit.programGoalType.${g}`)}
              onChange={(g) => set("programGoalType", g)}
              empty={t("indicatorEdit.notSet")}
            />
          )}
        </div>
        <TextInput
          id={`${prefix}-source`}
          label={t("indicatorEdit.dataSource")}
          error={f.dataSource}
          value={draft.dataSource}
          onChange={(v) => set("dataSource", v)}
        />
        <TextInput
          id={`${prefix}-means`}
          label={t("indicatorEdit.verificationMeans")}
          hint={t("indicatorEdit.verificationMeansHint")}
          error={f.verificationMeans}
          value={draft.verificationMeans}
          onChange={(v) => set("verificationMeans", v)}
        />
      </Group>
    </>
  );
}
