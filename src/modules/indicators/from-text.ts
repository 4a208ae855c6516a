import type { Insertable } from "kysely";
import type { Database, Periodicity } from "../../db/schema";
import { formulaFromIndicatorText } from "../../domain/formula";

/** An indicator as a plan writes it: its text, its goal and, from a workbook, its periodicity. */
export interface WrittenIndicator {
  text: string;
  targetText?: string | undefined;
  targetValue?: number | null | undefined;
  targetUnit?: string | undefined;
  periodicity?: Periodicity | undefined;
}

/**
 * The row of an indicator read from a plan (the demo fixture, an imported
 * workbook): the text stays as written (name); the reading adds a formula or
 * a unit when it finds one.
 */
export function indicatorRow(
  m: string,
  itemId: string,
  ind: WrittenIndicator,
  sort: number,
): Insertable<Database["indicator"]> {
  const reading = formulaFromIndicatorText(ind.text);
  return {
    municipality_id: m,
    item_id: itemId,
    name: ind.text,
    kind: reading.kind,
    formula: reading.kind === "formula" ? reading.formula : null,
    unit: reading.kind === "value" ? reading.unit : null,
    target_text: ind.targetText ?? null,
    target_value: ind.targetValue ?? (reading.kind === "value" ? reading.target : null),
    target_unit: ind.targetUnit ?? (reading.kind === "value" ? reading.unit : null),
    ...(ind.periodicity ? { periodicity: ind.periodicity } : {}),
    sort,
  };
}
