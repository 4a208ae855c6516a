import { t } from "../i18n/es-CL";
import { EditField } from "./fields";
import { periodParts, type IndicatorDraft, type TargetRow } from "./indicator-draft";
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
  const update = (i: number, change: Partial<TargetRow>) =>
    set(
      "targets",
      draft.targets.map((row, k) => (k === i ? { ...row, ...change } : row)),
    );
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
        <EditField
          id={`${prefix}-target-date`}
          label={t("indicatorEdit.targetDate")}
          error={f.targetDate}
        >
          {(props) => (
            <input
              {...props}
              type="date"
              value={draft.targetDate}
              onChange={(e) => set("targetDate", e.target.value)}
            />
          )}
        </EditField>
      </div>
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
      <h4 className="links-subheading">{t("indicatorEdit.periodTargets")}</h4>
      <p className="field-hint">
        {years
          ? t("indicatorEdit.periodTargetsHint", { start: years.start, end: years.end })
          : t("indicatorEdit.periodTargetsHintNoYears")}
      </p>
      {draft.targets.map((row, i) => {
        const name = row.part ? `${row.year}-${row.part}` : row.year;
        return (
          <div
            key={row.key}
            className="links-row"
            role="group"
            aria-label={t("indicatorEdit.periodTarget", { n: i + 1 })}
          >
            <EditField
              id={`${prefix}-t${i}-year`}
              label={t("indicatorEdit.targetYear")}
              error={f[`targets.${i}.period`]}
            >
              {(props) => (
                <input
                  {...props}
                  inputMode="numeric"
                  value={row.year}
                  onChange={(e) => update(i, { year: e.target.value })}
                />
              )}
            </EditField>
            {parts.length > 1 || row.part ? (
              <EditField id={`${prefix}-t${i}-part`} label={t("indicatorEdit.targetPart")}>
                {(props) => (
                  <select
                    {...props}
                    value={row.part}
                    onChange={(e) => update(i, { part: e.target.value })}
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
            <EditField
              id={`${prefix}-t${i}-value`}
              label={t("indicatorEdit.targetRowValue")}
              error={f[`targets.${i}.value`]}
            >
              {(props) => (
                <input
                  {...props}
                  inputMode="decimal"
                  value={row.value}
                  onChange={(e) => update(i, { value: e.target.value })}
                />
              )}
            </EditField>
            <button
              type="button"
              className="button button-secondary button-small links-remove"
              onClick={() =>
                set(
                  "targets",
                  draft.targets.filter((_, k) => k !== i),
                )
              }
            >
              {t("itemLinks.remove", {
                name: name || t("indicatorEdit.periodTarget", { n: i + 1 }),
              })}
            </button>
          </div>
        );
      })}
      {f.targets && <p className="field-error">{f.targets}</p>}
      <button
        type="button"
        className="button button-secondary"
        onClick={() =>
          set("targets", [
            ...draft.targets,
            { key: rowKey(), year: nextYear(), part: "", value: "" },
          ])
        }
      >
        {t("indicatorEdit.addTarget")}
      </button>
      <h4 className="links-subheading">{t("indicatorEdit.gap")}</h4>
      <p className="field-hint">{t("indicatorEdit.gapHint")}</p>
      <div className="edit-row">
        <EditField
          id={`${prefix}-gap-reference`}
          label={t("indicatorEdit.gapReferenceValue")}
          error={f.gapReferenceValue}
        >
          {(props) => (
            <input
              {...props}
              inputMode="decimal"
              value={draft.gapReferenceValue}
              onChange={(e) => set("gapReferenceValue", e.target.value)}
            />
          )}
        </EditField>
        <EditField
          id={`${prefix}-gap-percent`}
          label={t("indicatorEdit.gapPercent")}
          error={f.gapPercent}
        >
          {(props) => (
            <input
              {...props}
              inputMode="decimal"
              value={draft.gapPercent}
              onChange={(e) => set("gapPercent", e.target.value)}
            />
          )}
        </EditField>
      </div>
    </fieldset>
  );
}
