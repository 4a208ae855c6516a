import { t } from "../i18n/es-CL";
import { numberForInput, parseLocaleNumber } from "../i18n/format";
import type { ItemDetail } from "../types";

/**
 * The links of an item as the item form edits them (units with their role, territories,
 * funding rows, the document's funding text, SDGs with targets, transversal axes), and the
 * PATCH fields they turn into. Rows keep the order in which they are sent, so that a field
 * error of the server ("funding.1.amount") lands on the row it names.
 */

export type UnitRole = "responsible" | "co_responsible";

export interface FundingRow {
  key: number;
  sourceCode: string;
  year: string;
  amount: string;
}

export interface SdgRow {
  key: number;
  goal: string;
  target: string;
}

export interface LinksDraft {
  units: Array<{ id: string; role: UnitRole }>;
  territoryIds: string[];
  funding: FundingRow[];
  fundingText: string;
  sdgs: SdgRow[];
  axisKeys: string[];
}

export type LinksSetter = <K extends keyof LinksDraft>(key: K, value: LinksDraft[K]) => void;

/** What each list of an item's links is given by the form. */
export interface LinksFieldProps {
  cut: string;
  planId: string;
  draft: LinksDraft;
  set: LinksSetter;
  /** Field errors by the server's path without "body." ("funding.0.amount"). */
  errors: Record<string, string>;
}

let nextKey = 1;
/** A key for a new row, unique in this tab (React lists). */
export const rowKey = (): number => nextKey++;

export function linksOf(item: ItemDetail): LinksDraft {
  return {
    units: item.responsibleUnits.map((u) => ({ id: u.id, role: u.role })),
    territoryIds: item.territories.map((x) => x.id),
    funding: item.funding.map((f) => ({
      key: rowKey(),
      sourceCode: f.sourceCode,
      year: f.year === null ? "" : String(f.year),
      amount: numberForInput(f.amount),
    })),
    fundingText: item.fundingText ?? "",
    sdgs: item.sdgs.map((s) => ({
      key: rowKey(),
      goal: String(s.goalNumber),
      target: s.targetCode ?? "",
    })),
    axisKeys: item.transversalAxes.map((a) => a.key),
  };
}

/** The PATCH field name and index of a unit row (responsible and co-responsible are two lists). */
export function unitErrorPath(draft: LinksDraft, index: number): string {
  const row = draft.units[index];
  if (!row) return "";
  const position = draft.units.slice(0, index).filter((u) => u.role === row.role).length;
  return `${row.role === "responsible" ? "responsibleUnitIds" : "coResponsibleUnitIds"}.${position}`;
}

interface Sent {
  responsibleUnitIds: string[];
  coResponsibleUnitIds: string[];
  territoryIds: string[];
  funding: Array<{ sourceCode: string; year: number | null; amount: number | null }>;
  fundingText: string | null;
  sdgs: Array<{ goal: number; target: string | null }>;
  transversalAxisKeys: string[];
}

/**
 * The link fields that differ from the item, ready to send, or the field errors found before
 * sending (a year or an amount that is not a number), by the server's paths.
 */
export function linkChanges(
  draft: LinksDraft,
  item: ItemDetail,
): { body: Partial<Sent>; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const sent = (d: LinksDraft, check: boolean): Sent => ({
    responsibleUnitIds: d.units.filter((u) => u.role === "responsible").map((u) => u.id),
    coResponsibleUnitIds: d.units.filter((u) => u.role === "co_responsible").map((u) => u.id),
    territoryIds: d.territoryIds,
    funding: d.funding.map((f, i) => {
      const year = f.year.trim() === "" ? null : Number(f.year.trim());
      const amount = parseLocaleNumber(f.amount);
      if (check && year !== null && !Number.isInteger(year))
        errors[`funding.${i}.year`] = t("itemLinks.error.year");
      if (check && f.amount.trim() !== "" && amount === null)
        errors[`funding.${i}.amount`] = t("itemLinks.error.amount");
      return { sourceCode: f.sourceCode, year, amount };
    }),
    fundingText: d.fundingText.trim() || null,
    sdgs: d.sdgs.map((s) => ({ goal: Number(s.goal), target: s.target || null })),
    transversalAxisKeys: d.axisKeys,
  });
  const now = sent(draft, true);
  const was = sent(linksOf(item), false);
  const body: Partial<Sent> = {};
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (!same(now.responsibleUnitIds, was.responsibleUnitIds))
    body.responsibleUnitIds = now.responsibleUnitIds;
  if (!same(now.coResponsibleUnitIds, was.coResponsibleUnitIds))
    body.coResponsibleUnitIds = now.coResponsibleUnitIds;
  if (!same(now.territoryIds, was.territoryIds)) body.territoryIds = now.territoryIds;
  if (!same(now.funding, was.funding)) body.funding = now.funding;
  if (now.fundingText !== was.fundingText) body.fundingText = now.fundingText;
  if (!same(now.sdgs, was.sdgs)) body.sdgs = now.sdgs;
  if (!same([...now.transversalAxisKeys].sort(), [...was.transversalAxisKeys].sort()))
    body.transversalAxisKeys = now.transversalAxisKeys;
  return { body, errors };
}
