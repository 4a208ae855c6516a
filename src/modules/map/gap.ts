import { sql } from "kysely";
import type { MunicipalityScope } from "../../server/scope";
import { asGeo, collection, territoryShapes } from "./layers";
import type { GapDto, GapRow } from "./schemas";
import { AreaIndex } from "./spatial";

/**
 * The gap layer: "cruzar ambos mapas para obtener las coincidencias y las
 * brechas existentes" (methodology seed). Per territory with a geometry:
 *
 *   problemWeight = Σ (6 − priority) over its prioritised problems (priority 1
 *                   weighs 5, priority 5 weighs 1); a problem with only a point
 *                   counts in every polygon territory that contains the point
 *   itemCount     = the plan's items placed in the territory
 *   investmentClp = Σ of those items' funding amounts, each item's amount
 *                   split equally among its territories (no double counting)
 *   need          = problemWeight / max problemWeight            (0 … 1)
 *   coverage      = ½ · itemCount / max itemCount
 *                 + ½ · investmentClp / max investmentClp         (0 … 1)
 *   gap           = need − coverage                               (−1 … 1)
 *
 * rank 1 is the widest gap (ties: heavier problems first, then by code).
 */
export const GAP_METHOD =
  "Brecha = necesidad − cobertura, por territorio. Necesidad: el peso de sus problemas priorizados " +
  "(cada problema pesa 6 − prioridad: prioridad 1 pesa 5, prioridad 5 pesa 1; un problema con solo un punto " +
  "cuenta en cada territorio que lo contiene), dividido por el mayor peso de la comuna. Cobertura: la mitad " +
  "del número de iniciativas del plan ubicadas en el territorio dividido por el mayor número, más la mitad " +
  "de su inversión (el monto de cada iniciativa repartido en partes iguales entre sus territorios) dividida " +
  "por la mayor inversión. Ambas van de 0 a 1; la brecha va de −1 (más cobertura que problemas) a 1 " +
  "(problemas sin cobertura). El rango 1 es la brecha mayor.";

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

export async function gapFor(scope: MunicipalityScope, planId: string): Promise<GapDto> {
  const m = scope.municipality.id;
  const [shapes, problems, items] = await Promise.all([
    territoryShapes(scope.trx, m),
    scope.trx
      .selectFrom("territorial_problem")
      .select(["territory_id", "priority", "lon", "lat"])
      .where("municipality_id", "=", m)
      .execute(),
    scope.trx
      .selectFrom("plan_item_territory as t")
      .innerJoin("plan_item as i", "i.id", "t.item_id")
      .where("i.plan_id", "=", planId)
      .select([
        "t.item_id",
        "t.territory_id",
        (eb) =>
          eb
            .selectFrom("plan_item_funding as f")
            .whereRef("f.item_id", "=", "i.id")
            .select(sql<number | null>`sum(f.amount)::float8`.as("s"))
            .as("amount"),
        (eb) =>
          eb
            .selectFrom("plan_item_territory as o")
            .whereRef("o.item_id", "=", "i.id")
            .select(sql<number>`count(*)::int`.as("n"))
            .as("places"),
      ])
      .execute(),
  ]);
  const index = new AreaIndex(
    shapes.flatMap((s) =>
      s.display.type === "Polygon" || s.display.type === "MultiPolygon"
        ? [{ id: s.id, geometry: s.display }]
        : [],
    ),
  );
  const weight = new Map<string, number>();
  const add = (id: string, w: number) => weight.set(id, (weight.get(id) ?? 0) + w);
  for (const p of problems) {
    const w = 6 - p.priority;
    if (p.territory_id) add(p.territory_id, w);
    else if (p.lon !== null) for (const id of index.containing([p.lon, p.lat!])) add(id, w);
  }
  const count = new Map<string, number>();
  const money = new Map<string, number>();
  for (const r of items) {
    count.set(r.territory_id, (count.get(r.territory_id) ?? 0) + 1);
    const share = (Number(r.amount ?? 0) || 0) / Math.max(1, Number(r.places ?? 1));
    money.set(r.territory_id, (money.get(r.territory_id) ?? 0) + share);
  }
  const maxOf = (map: Map<string, number>) => Math.max(0, ...shapes.map((s) => map.get(s.id) ?? 0));
  const maxW = maxOf(weight);
  const maxC = maxOf(count);
  const maxM = maxOf(money);
  const ratio = (x: number, max: number) => (max > 0 ? x / max : 0);
  const unranked = shapes.map((s) => {
    const problemWeight = weight.get(s.id) ?? 0;
    const itemCount = count.get(s.id) ?? 0;
    const investmentClp = Math.round(money.get(s.id) ?? 0);
    const coverage = 0.5 * ratio(itemCount, maxC) + 0.5 * ratio(money.get(s.id) ?? 0, maxM);
    const gap = ratio(problemWeight, maxW) - coverage;
    return {
      territoryId: s.id,
      code: s.code,
      name: s.name,
      problemWeight,
      itemCount,
      investmentClp,
      coverage: round(coverage),
      gap: round(gap),
      rank: 0,
    };
  });
  const rows: GapRow[] = unranked
    .sort(
      (a, b) => b.gap - a.gap || b.problemWeight - a.problemWeight || a.code.localeCompare(b.code),
    )
    .map((r, i) => ({ ...r, rank: i + 1 }));
  const shapeOf = new Map(shapes.map((s) => [s.id, s]));
  return {
    rows,
    collection: collection(
      rows.map((r) => ({
        type: "Feature" as const,
        id: r.territoryId,
        geometry: asGeo(shapeOf.get(r.territoryId)!.display),
        properties: { ...r, approximate: shapeOf.get(r.territoryId)!.approximate },
      })),
    ),
    method: GAP_METHOD,
  };
}
