import { t } from "../i18n/es-CL";
import { EditableRows } from "./EditableRows";
import { EditField, EditInput } from "./fields";
import { periodParts, type IndicatorDraft } from "./indicator-draft";
import { rowKey } from "./item-links";

type Setter = <K extends keyof IndicatorDraft>(key: K, value: IndicatorDraft[K]) => void;

/**
 * An indicator's targets: the final one (value, date, text as the plan words it), one per
 * period (a year, or its semester, quarter or month by the periodicity) and the gap-closing
 * target. Each server error ("targets.1.value") sits under its row's field.
 */
export function TargetsGroup({
  prefix,
  draft,
  set,
  errors: f,
  years,
}: {
  prefix: string;
  draft: IndicatorDraft;
  set: Setter;
  errors: Record<string, string>;
  years: { start: number; end: number } | null;
}) {
  const parts = periodParts(draft.periodicity);
  const partLabel = (part: string) =>
    part === ""
      ? t("indicatorEdit.period.year")
      : part.startsWith("S")
        ? t("indicatorEdit.period.semester", { n: part.slice(1) })
        : part.startsWith("Q")
          ? t("indicatorEdit.period.quarter", { n: part.slice(1) })
          : t("indicatorEdit.period.month", { n: part });
  const nextYear = () => {
    const last = Number(draft.targets.at(-1)?.year);
    if (Number.isInteger(last) && last > 0) return String(last + 1);
    return years ? String(years.start) : "";
  };
  return (
    <fieldset className="links-group">
      <legend>{t("indicatorEdit.targets")}</legend>
      <div className="edit-row">
        <EditInput
          id={`${prefix}-target-value`}
          label={t("indicatorEdit.targetValue")}
          error={f.targetValue}
          inputMode="decimal"
          value={draft.targetValue}
          onChange={(value) => set("targetValue", value)}
        />
        <EditInput
          id={`${prefix}-target-date`}
          label={t("indicatorEdit.targetDate")}
          error={f.targetDate}
          type="date"
          value={draft.targetDate}
          onChange={(value) => set("targetDate", value)}
        />
      </div>
      <EditInput
        id={`${prefix}-target-text`}
        label={t("indicatorEdit.targetText")}
        error={f.targetText}
        value={draft.targetText}
        onChange={(value) => set("targetText", value)}
      />
      <h4 className="links-subheading">{t("indicatorEdit.periodTargets")}</h4>
      <p className="field-hint">
        {years
          ? t("indicatorEdit.periodTargetsHint", { start: years.start, end: years.end })
          : t("indicatorEdit.periodTargetsHintNoYears")}
      </p>
      <EditableRows
        rows={draft.targets}
        onChange={(rows) => set("targets", rows)}
        label={(_, i) => t("indicatorEdit.periodTarget", { n: i + 1 })}
        removeName={(row, i) =>
          (row.part ? `${row.year}-${row.part}` : row.year) ||
          t("indicatorEdit.periodTarget", { n: i + 1 })
        }
        error={f.targets}
        addLabel={t("indicatorEdit.addTarget")}
        newRow={() => ({ key: rowKey(), year: nextYear(), part: "", value: "" })}
      >
        {(row, i, update) => (
          <>
            <EditInput
              id={`${prefix}-t${i}-year`}
              label={t("indicatorEdit.targetYear")}
              error={f[`targets.${i}.period`]}
              inputMode="numeric"
              value={row.year}
              onChange={(year) => update({ year })}
            />
            {parts.length > 1 || row.part ? (
              <EditField id={`${prefix}-t${i}-part`} label={t("indicatorEdit.targetPart")}>
                {(props) => (
                  <select
                    {...props}
                    value={row.part}
                    onChange={(e) => update({ part: e.target.value })}
                  >
                    {[...new Set([...parts, row.part])].map((p) => (
                      <option key={p} value={p}>
                        {partLabel(p)}
                      </option>
                    ))}
                  </select>
                )}
              </EditField>
            ) : null}
            <EditInput
              id={`${prefix}-t${i}-value`}
              label={t("indicatorEdit.targetRowValue")}
              error={f[`targets.${i}.value`]}
              inputMode="decimal"
              value={row.value}
              onChange={(value) => update({ value })}
            />
          </>
        )}
      </EditableRows>
      <h4 className="links-subheading">{t("indicatorEdit.gap")}</h4>
      <p className="field-hint">{t("indicatorEdit.gapHint")}</p>
      <div className="edit-row">
        <EditInput
          id={`${prefix}-gap-reference`}
          label={t("indicatorEdit.gapReferenceValue")}
          error={f.gapReferenceValue}
          inputMode="decimal"
          value={draft.gapReferenceValue}
          onChange={(value) => set("gapReferenceValue", value)}
        />
        <EditInput
          id={`${prefix}-gap-percent`}
          label={t("indicatorEdit.gapPercent")}
          error={f.gapPercent}
          inputMode="decimal"
          value={draft.gapPercent}
          onChange={(value) => set("gapPercent", value)}
        />
      </div>
    </fieldset>
  );
}
