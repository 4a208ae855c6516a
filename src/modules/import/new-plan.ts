import { randomUUID } from "node:crypto";
import { parseDeadline } from "../../domain/deadline";
import type { MunicipalityScope } from "../../server/scope";
import { LEVELS, type ImportItem } from "./tree";

/**
 * The plan an import creates when the municipality has none: a PLADECO with the
 * demo fixture's levels, its years taken from the workbook's deadlines.
 */
export async function createImportedPlan(
  scope: MunicipalityScope,
  title: string,
  fileName: string,
  items: readonly ImportItem[],
): Promise<string> {
  const m = scope.municipality.id;
  const years = collectYears(items);
  const now = new Date().getUTCFullYear();
  const start = years.length ? Math.min(...years) : now;
  const end = years.length ? Math.max(...years, start) : now + 6;
  const planId = randomUUID();
  await scope.trx
    .insertInto("plan")
    .values({
      id: planId,
      municipality_id: m,
      kind: "pladeco",
      title,
      start_year: start,
      end_year: end,
      source: JSON.stringify({
        title,
        publisher: scope.municipality.name,
        file: fileName,
        note: "Importado desde un libro de Excel.",
      }),
    })
    .execute();
  await scope.trx
    .insertInto("plan_version")
    .values({ municipality_id: m, plan_id: planId, label: "Importación", year: now })
    .execute();
  await scope.trx
    .insertInto("plan_level")
    .values(LEVELS.map((l, i) => ({ municipality_id: m, plan_id: planId, ...l, sort: i })))
    .execute();
  await scope.audit({
    action: "create",
    entityType: "plan",
    entityId: planId,
    after: { title, source: fileName },
  });
  return planId;
}

function collectYears(items: readonly ImportItem[]): number[] {
  const out: number[] = [];
  const walk = (nodes: readonly ImportItem[]) => {
    for (const n of nodes) {
      const d = parseDeadline(n.deadlineText);
      if (d.kind === "range") out.push(Number(d.start.slice(0, 4)), Number(d.end.slice(0, 4)));
      walk(n.children);
    }
  };
  walk(items);
  return out.filter((y) => y >= 1990 && y <= 2100);
}
