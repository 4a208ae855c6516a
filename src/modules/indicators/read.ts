import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { IndicatorDetail } from "./schemas";

/**
 * Indicators as the API presents them, with their whole definition (variables
 * with labels, periodicity, per-period and final targets, direction, sources):
 * the one mapping from rows, used by the editing API (one indicator) and by the
 * item's detail (all of an item's indicators, in their order). Variables and
 * targets are read with one query each for the whole set.
 */
export async function readIndicators(
  db: Kysely<Database>,
  municipalityId: string,
  where: { indicatorId: string } | { itemId: string },
): Promise<IndicatorDetail[]> {
  const rows = await db
    .selectFrom("indicator")
    .where("municipality_id", "=", municipalityId)
    .$if("indicatorId" in where, (q) =>
      q.where("id", "=", (where as { indicatorId: string }).indicatorId),
    )
    .$if("itemId" in where, (q) => q.where("item_id", "=", (where as { itemId: string }).itemId))
    .select([
      "id",
      "item_id as itemId",
      "name",
      "kind",
      "formula",
      "unit",
      "target_text as targetText",
      "target_value as targetValue",
      "target_unit as targetUnit",
      "baseline_text as baselineText",
      "baseline_value as baselineValue",
      "value_type as valueType",
      "direction",
      "band_min as bandMin",
      "band_max as bandMax",
      sql<string | null>`baseline_date::text`.as("baselineDate"),
      "baseline_pending as baselinePending",
      sql<string | null>`target_date::text`.as("targetDate"),
      "gap_reference_value as gapReferenceValue",
      "gap_percent as gapPercent",
      "periodicity",
      "grace_days as graceDays",
      "category",
      "program_goal_type as programGoalType",
      "data_source as dataSource",
      "verification_means as verificationMeans",
      sql<string | null>`milestone_due_date::text`.as("milestoneDueDate"),
      sql<string | null>`milestone_done_date::text`.as("milestoneDoneDate"),
      "version",
    ])
    .orderBy("sort")
    .orderBy("id")
    .execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [variables, targets] = await Promise.all([
    db
      .selectFrom("indicator_variable")
      .select(["indicator_id", "name", "label"])
      .where("municipality_id", "=", municipalityId)
      .where("indicator_id", "in", ids)
      .orderBy("sort")
      .execute(),
    db
      .selectFrom("indicator_target")
      .select(["indicator_id", "period_key as period", "value"])
      .where("municipality_id", "=", municipalityId)
      .where("indicator_id", "in", ids)
      .orderBy("period_key")
      .execute(),
  ]);
  return rows.map((row) => ({
    ...row,
    variables: variables
      .filter((v) => v.indicator_id === row.id)
      .map((v) => ({ name: v.name, label: v.label })),
    targets: targets
      .filter((t) => t.indicator_id === row.id)
      .map((t) => ({ period: t.period, value: Number(t.value) })),
  }));
}
