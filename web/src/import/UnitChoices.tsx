import { t } from "../i18n/es-CL";
import type { UnitList } from "../types";
import type { ImportUnit } from "./types";

/** What the planner chose for a responsible text: a unit's id, "create" or "none". */
export type Choices = Record<string, string>;

export const CREATE = "__crear__";
export const NONE = "__ninguna__";

/** The default choice: the most similar unit when there is one, otherwise no unit. */
export function defaultChoices(units: ImportUnit[]): Choices {
  const out: Choices = {};
  for (const u of units)
    if (u.kind === "similar" || u.kind === "none") out[u.text] = u.suggestions[0]?.unitId ?? NONE;
  return out;
}

/** Responsible texts and their units: matched ones listed, the others asked. */
export function UnitChoices({
  units,
  allUnits,
  choices,
  onChange,
}: {
  units: ImportUnit[];
  allUnits: UnitList["items"];
  choices: Choices;
  onChange: (text: string, value: string) => void;
}) {
  const matched = units.filter((u) => u.kind !== "similar" && u.kind !== "none");
  const asked = units.filter((u) => u.kind === "similar" || u.kind === "none");
  return (
    <div>
      <p>{t("import.unitsIntro")}</p>
      {asked.map((u, i) => {
        const id = `import-unidad-${i}`;
        const suggested = new Set(u.suggestions.map((s) => s.unitId));
        return (
          <div className="field" key={u.text}>
            <label htmlFor={id}>{t("import.unitChoice", { text: u.text })}</label>
            <select
              id={id}
              value={choices[u.text] ?? NONE}
              onChange={(e) => onChange(u.text, e.target.value)}
            >
              {u.suggestions.map((s) => (
                <option key={s.unitId} value={s.unitId}>
                  {t("import.unitSuggestion", { name: s.name, score: Math.round(s.score * 100) })}
                </option>
              ))}
              <option value={CREATE}>{t("import.unitCreate", { text: u.text })}</option>
              <option value={NONE}>{t("import.unitNone")}</option>
              {allUnits.length > 0 && (
                <optgroup label={t("import.unitOther")}>
                  {allUnits
                    .filter((x) => !suggested.has(x.id))
                    .map((x) => (
                      <option key={x.id} value={x.id}>
                        {x.name}
                      </option>
                    ))}
                </optgroup>
              )}
            </select>
          </div>
        );
      })}
      {matched.length > 0 && (
        <ul className="plain-list small">
          {matched.map((u) => (
            <li key={u.text}>
              {t("import.unitMatched", { text: u.text, units: u.unitNames.join(", ") })}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
