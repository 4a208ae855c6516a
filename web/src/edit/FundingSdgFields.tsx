import { useEffect, useMemo, useState } from "react";
import { api } from "../api";
import { useApi } from "../hooks/useApi";
import { t } from "../i18n/es-CL";
import { formatClp, parseLocaleNumber, truncate } from "../i18n/format";
import type { PlanDetail } from "../types";
import { FUNDING_SOURCES } from "../../../src/modules/reference/funding-sources";
import type sdgReference from "../../../src/modules/reference/data/sdg.json";
import { EditField, ListError } from "./fields";
import { rowKey, type LinksDraft, type LinksSetter as Setter } from "./item-links";

/** The funding rows and the SDGs of an item's form. */

/** The SDG catalogue (17 goals, 169 targets), loaded only when an item form opens. */
type SdgCatalogue = (typeof sdgReference)["goals"];

function useSdgCatalogue(): SdgCatalogue | null {
  const [goals, setGoals] = useState<SdgCatalogue | null>(null);
  useEffect(() => {
    let live = true;
    void import("../../../src/modules/reference/data/sdg.json").then(
      (module) => live && setGoals(module.default.goals),
    );
    return () => {
      live = false;
    };
  }, []);
  return goals;
}

export function FundingField({
  cut,
  planId,
  draft,
  set,
  errors,
}: {
  cut: string;
  planId: string;
  draft: LinksDraft;
  set: Setter;
  errors: Record<string, string>;
}) {
  const plan = useApi<PlanDetail>(api.plan(cut, planId));
  const years =
    plan.status === "success" ? `${plan.data.startYear}–${plan.data.endYear}` : undefined;
  const update = (i: number, change: Partial<LinksDraft["funding"][number]>) =>
    set(
      "funding",
      draft.funding.map((row, k) => (k === i ? { ...row, ...change } : row)),
    );
  return (
    <fieldset className="links-group">
      <legend>{t("item.funding")}</legend>
      {draft.funding.length === 0 && <p className="muted">{t("itemLinks.fundingEmpty")}</p>}
      {draft.funding.map((row, i) => {
        const amount = parseLocaleNumber(row.amount);
        const source = FUNDING_SOURCES.find((s) => s.code === row.sourceCode);
        const name = source?.name ?? row.sourceCode;
        return (
          <div
            key={row.key}
            className="links-row"
            role="group"
            aria-label={t("itemLinks.fundingRow", { n: i + 1, name })}
          >
            <EditField
              id={`links-funding-${i}-source`}
              label={t("itemLinks.fundingSource")}
              error={errors[`funding.${i}.sourceCode`]}
            >
              {(props) => (
                <select
                  {...props}
                  value={row.sourceCode}
                  onChange={(e) => update(i, { sourceCode: e.target.value })}
                >
                  {FUNDING_SOURCES.map((s) => (
                    <option key={s.code} value={s.code}>
                      {s.name === s.description ? s.name : `${s.name} · ${s.description}`}
                    </option>
                  ))}
                </select>
              )}
            </EditField>
            <EditField
              id={`links-funding-${i}-year`}
              label={t("itemLinks.fundingYear")}
              {...(years ? { hint: t("itemLinks.fundingYearHint", { years }) } : {})}
              error={errors[`funding.${i}.year`]}
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
            <EditField
              id={`links-funding-${i}-amount`}
              label={t("itemLinks.fundingAmount")}
              hint={amount !== null ? formatClp(amount) : t("itemLinks.fundingAmountHint")}
              error={errors[`funding.${i}.amount`]}
            >
              {(props) => (
                <input
                  {...props}
                  inputMode="numeric"
                  value={row.amount}
                  onChange={(e) => update(i, { amount: e.target.value })}
                />
              )}
            </EditField>
            <button
              type="button"
              className="button button-secondary button-small links-remove"
              onClick={() =>
                set(
                  "funding",
                  draft.funding.filter((_, k) => k !== i),
                )
              }
            >
              {t("itemLinks.remove", { name })}
            </button>
          </div>
        );
      })}
      <ListError id="links-funding-error" message={errors.funding} />
      <button
        type="button"
        className="button button-secondary"
        onClick={() =>
          set("funding", [
            ...draft.funding,
            { key: rowKey(), sourceCode: "municipal", year: "", amount: "" },
          ])
        }
      >
        {t("itemLinks.fundingAdd")}
      </button>
      <EditField
        id="links-funding-text"
        label={t("field.fundingText")}
        hint={t("itemLinks.fundingTextHint")}
        error={errors.fundingText}
      >
        {(props) => (
          <input
            {...props}
            value={draft.fundingText}
            onChange={(e) => set("fundingText", e.target.value)}
          />
        )}
      </EditField>
    </fieldset>
  );
}

export function SdgsField({
  draft,
  set,
  errors,
}: {
  draft: LinksDraft;
  set: Setter;
  errors: Record<string, string>;
}) {
  const goals = useSdgCatalogue();
  const goalOptions = useMemo(
    () =>
      Array.from({ length: 17 }, (_, i) => {
        const goal = goals?.find((g) => g.number === i + 1);
        return {
          value: String(i + 1),
          label: goal
            ? t("item.sdgChip", { number: i + 1, title: goal.shortTitle })
            : t("dashboard.sdgName", { number: i + 1 }),
        };
      }),
    [goals],
  );
  const update = (i: number, change: Partial<LinksDraft["sdgs"][number]>) =>
    set(
      "sdgs",
      draft.sdgs.map((row, k) => (k === i ? { ...row, ...change } : row)),
    );
  return (
    <fieldset className="links-group">
      <legend>{t("item.sdgs")}</legend>
      {draft.sdgs.length === 0 && <p className="muted">{t("itemLinks.sdgsEmpty")}</p>}
      {draft.sdgs.map((row, i) => {
        const targets = goals?.find((g) => String(g.number) === row.goal)?.targets ?? [];
        const label = t("dashboard.sdgName", { number: row.goal });
        return (
          <div key={row.key} className="links-row" role="group" aria-label={label}>
            <EditField
              id={`links-sdg-${i}-goal`}
              label={t("itemLinks.sdgGoal")}
              error={errors[`sdgs.${i}.goal`]}
            >
              {(props) => (
                <select
                  {...props}
                  value={row.goal}
                  onChange={(e) => update(i, { goal: e.target.value, target: "" })}
                >
                  {goalOptions.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              )}
            </EditField>
            <EditField
              id={`links-sdg-${i}-target`}
              label={t("itemLinks.sdgTarget")}
              error={errors[`sdgs.${i}.target`]}
            >
              {(props) => (
                <select
                  {...props}
                  value={row.target}
                  onChange={(e) => update(i, { target: e.target.value })}
                >
                  <option value="">{t("itemLinks.sdgNoTarget")}</option>
                  {row.target && !targets.some((x) => x.code === row.target) && (
                    <option value={row.target}>{t("item.sdgTarget", { code: row.target })}</option>
                  )}
                  {targets.map((x) => (
                    <option key={x.code} value={x.code}>
                      {`${x.code} · ${truncate(x.title, 80)}`}
                    </option>
                  ))}
                </select>
              )}
            </EditField>
            <button
              type="button"
              className="button button-secondary button-small links-remove"
              onClick={() =>
                set(
                  "sdgs",
                  draft.sdgs.filter((_, k) => k !== i),
                )
              }
            >
              {t("itemLinks.remove", { name: label })}
            </button>
          </div>
        );
      })}
      <ListError id="links-sdgs-error" message={errors.sdgs} />
      <button
        type="button"
        className="button button-secondary"
        onClick={() => set("sdgs", [...draft.sdgs, { key: rowKey(), goal: "1", target: "" }])}
      >
        {t("itemLinks.sdgAdd")}
      </button>
    </fieldset>
  );
}
