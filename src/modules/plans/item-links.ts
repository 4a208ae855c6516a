import type { MunicipalityScope } from "../../server/scope";
import type { ItemFields } from "./edit-schemas";
import { axisIds } from "./item-checks";

/**
 * Writes an item's links (units, territories, funding, SDGs, transversal
 * axes, dependencies). Each list given replaces the item's current one; a
 * list not given is left alone. Values were checked by checkItemFields.
 */
export async function writeItemLinks(
  scope: MunicipalityScope,
  planId: string,
  itemId: string,
  fields: ItemFields,
): Promise<void> {
  const m = scope.municipality.id;
  const trx = scope.trx;
  const base = { municipality_id: m, item_id: itemId };
  const clear = async (
    table:
      | "plan_item_unit"
      | "plan_item_territory"
      | "plan_item_funding"
      | "plan_item_sdg"
      | "plan_item_axis"
      | "plan_item_dependency",
  ) => {
    await trx
      .deleteFrom(table)
      .where("municipality_id", "=", m)
      .where("item_id", "=", itemId)
      .execute();
  };

  if (fields.responsibleUnitIds !== undefined || fields.coResponsibleUnitIds !== undefined) {
    const current = await trx
      .selectFrom("plan_item_unit")
      .where("municipality_id", "=", m)
      .where("item_id", "=", itemId)
      .select(["unit_id", "role"])
      .orderBy("sort")
      .execute();
    const keep = (role: "responsible" | "co_responsible") =>
      current.filter((u) => u.role === role).map((u) => u.unit_id);
    const responsible = unique(fields.responsibleUnitIds ?? keep("responsible"));
    const co = unique(fields.coResponsibleUnitIds ?? keep("co_responsible")).filter(
      (id) => !responsible.includes(id),
    );
    await clear("plan_item_unit");
    const rows = [
      ...responsible.map((unit_id) => ({ unit_id, role: "responsible" as const })),
      ...co.map((unit_id) => ({ unit_id, role: "co_responsible" as const })),
    ].map((r, sort) => ({ ...base, ...r, sort }));
    if (rows.length > 0) await trx.insertInto("plan_item_unit").values(rows).execute();
  }

  if (fields.territoryIds !== undefined) {
    await clear("plan_item_territory");
    const ids = unique(fields.territoryIds);
    if (ids.length > 0)
      await trx
        .insertInto("plan_item_territory")
        .values(ids.map((territory_id) => ({ ...base, territory_id })))
        .execute();
  }

  if (fields.funding !== undefined) {
    await clear("plan_item_funding");
    if (fields.funding.length > 0)
      await trx
        .insertInto("plan_item_funding")
        .values(
          fields.funding.map((f, sort) => ({
            ...base,
            source_code: f.sourceCode,
            year: f.year ?? null,
            amount: f.amount ?? null,
            sort,
          })),
        )
        .execute();
  }

  if (fields.sdgs !== undefined) {
    // An SDG the plan document itself names keeps that origin when re-sent.
    const before = await trx
      .selectFrom("plan_item_sdg")
      .where("municipality_id", "=", m)
      .where("item_id", "=", itemId)
      .select(["goal_number", "target_code", "origin"])
      .execute();
    const key = (goal: number, target: string | null | undefined) => `${goal}/${target ?? ""}`;
    const origin = new Map(before.map((s) => [key(s.goal_number, s.target_code), s.origin]));
    await clear("plan_item_sdg");
    const seen = new Set<string>();
    const rows = fields.sdgs.flatMap((s) => {
      const k = key(s.goal, s.target);
      if (seen.has(k)) return [];
      seen.add(k);
      return [
        {
          ...base,
          goal_number: s.goal,
          target_code: s.target ?? null,
          origin: origin.get(k) ?? ("editor" as const),
        },
      ];
    });
    if (rows.length > 0) await trx.insertInto("plan_item_sdg").values(rows).execute();
  }

  if (fields.transversalAxisKeys !== undefined) {
    await clear("plan_item_axis");
    const ids = [...(await axisIds(scope, planId, fields.transversalAxisKeys)).values()];
    if (ids.length > 0)
      await trx
        .insertInto("plan_item_axis")
        .values(ids.map((axis_id) => ({ ...base, axis_id })))
        .execute();
  }

  if (fields.dependsOn !== undefined) {
    await clear("plan_item_dependency");
    const ids = unique(fields.dependsOn);
    if (ids.length > 0)
      await trx
        .insertInto("plan_item_dependency")
        .values(ids.map((depends_on_id) => ({ ...base, depends_on_id })))
        .execute();
  }
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
