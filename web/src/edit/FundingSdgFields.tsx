import { useEffect, useMemo, useState } from "react";
import { api } from "../api";
import { useApi } from "../hooks/useApi";
import { t } from "../i18n/es-CL";
import { formatClp, parseLocaleNumber, truncate } from "../i18n/format";
import type { PlanDetail } from "../types";
import { FUNDING_SOURCES } from "../../../src/modules/reference/funding-sources";
import type sdgReference from "../../../src/modules/reference/data/sdg.json";
import { EditableRows } from "./EditableRows";
import { EditField, EditInput } from "./fields";
import { rowKey, type FundingRow, type LinksFieldProps } from "./item-links";

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

export function FundingField({ cut, planId, draft, set, errors }: LinksFieldProps) {
  const plan = useApi<PlanDetail>(api.plan(cut, planId));
  const years =
    plan.status === "success" ? `${plan.data.startYear}–${plan.data.endYear}` : undefined;
  const nameOf = (row: FundingRow) =>
    FUNDING_SOURCES.find((s) => s.code === row.sourceCode)?.name ?? row.sourceCode;
  return (
    <fieldset className="links-group">
      <legend>{t("item.funding")}</legend>
      <EditableRows
        rows={draft.funding}
        onChange={(rows) => set("funding", rows)}
        empty={t("itemLinks.fundingEmpty")}
        label={(row, i) => t("itemLinks.fundingRow", { n: i + 1, name: nameOf(row) })}
        removeName={nameOf}
        error={errors.funding}
        errorId="links-funding-error"
        addLabel={t("itemLinks.fundingAdd")}
        newRow={() => ({ key: rowKey(), sourceCode: "municipal", year: "", amount: "" })}
      >
        {(row, i, update) => {
          const amount = parseLocaleNumber(row.amount);
          return (
            <>
              <EditField
                id={`links-funding-${i}-source`}
                label={t("itemLinks.fundingSource")}
                error={errors[`funding.${i}.sourceCode`]}
              >
                {(props) => (
                  <select
                    {...props}
                    value={row.sourceCode}
                    onChange={(e) => update({ sourceCode: e.target.value })}
                  >
                    {FUNDING_SOURCES.map((s) => (
                      <option key={s.code} value={s.code}>
                        {s.name === s.description ? s.name : `${s.name} · ${s.description}`}
                      </option>
                    ))}
                  </select>
                )}
              </EditField>
              <EditInput
                id={`links-funding-${i}-year`}
                label={t("itemLinks.fundingYear")}
                hint={years ? t("itemLinks.fundingYearHint", { years }) : undefined}
                error={errors[`funding.${i}.year`]}
                inputMode="numeric"
                value={row.year}
                onChange={(year) => update({ year })}
              />
              <EditInput
                id={`links-funding-${i}-amount`}
                label={t("itemLinks.fundingAmount")}
                hint={amount !== null ? formatClp(amount) : t("itemLinks.fundingAmountHint")}
                error={errors[`funding.${i}.amount`]}
                inputMode="numeric"
                value={row.amount}
                onChange={(value) => update({ amount: value })}
              />
            </>
          );
        }}
      </EditableRows>
      <EditInput
        id="links-funding-text"
        label={t("field.fundingText")}
        hint={t("itemLinks.fundingTextHint")}
        error={errors.fundingText}
        value={draft.fundingText}
        onChange={(value) => set("fundingText", value)}
      />
    </fieldset>
  );
}

export function SdgsField({
  draft,
  set,
  errors,
}: Pick<LinksFieldProps, "draft" | "set" | "errors">) {
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
  return (
    <fieldset className="links-group">
      <legend>{t("item.sdgs")}</legend>
      <EditableRows
        rows={draft.sdgs}
        onChange={(rows) => set("sdgs", rows)}
        empty={t("itemLinks.sdgsEmpty")}
        label={(row) => t("dashboard.sdgName", { number: row.goal })}
        error={errors.sdgs}
        errorId="links-sdgs-error"
        addLabel={t("itemLinks.sdgAdd")}
        newRow={() => ({ key: rowKey(), goal: "1", target: "" })}
      >
        {(row, i, update) => {
          const targets = goals?.find((g) => String(g.number) === row.goal)?.targets ?? [];
          return (
            <>
              <EditField
                id={`links-sdg-${i}-goal`}
                label={t("itemLinks.sdgGoal")}
                error={errors[`sdgs.${i}.goal`]}
              >
                {(props) => (
                  <select
                    {...props}
                    value={row.goal}
                    onChange={(e) => update({ goal: e.target.value, target: "" })}
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
                    onChange={(e) => update({ target: e.target.value })}
                  >
                    <option value="">{t("itemLinks.sdgNoTarget")}</option>
                    {row.target && !targets.some((x) => x.code === row.target) && (
                      <option value={row.target}>
                        {t("item.sdgTarget", { code: row.target })}
                      </option>
                    )}
                    {targets.map((x) => (
                      <option key={x.code} value={x.code}>
                        {`${x.code} · ${truncate(x.title, 80)}`}
                      </option>
                    ))}
                  </select>
                )}
              </EditField>
            </>
          );
        }}
      </EditableRows>
    </fieldset>
  );
}
