import { createHash } from "node:crypto";
import type { MunicipalityScope } from "../../server/scope";
import { invalid } from "../../server/writes";
import { diffPlan, type Diff } from "./diff";
import { describeMessage, type ImportMessage } from "./grid";
import { planSnapshot, plansOf, unitCandidates } from "./queries";
import type { Preview } from "./schemas";
import { countItems, type ParsedWorkbook } from "./tree";

/**
 * The dry run: the workbook compared with its target plan, as the preview the
 * planner sees and a fingerprint of its decisions (what is created, changed,
 * missing, and how responsible texts map to units). Run on upload and again in
 * the confirmation's transaction, which refuses if the fingerprint changed.
 */

/** Which plan the import goes to: the one named, the municipality's only plan, or a new one. */
async function targetPlan(
  scope: Pick<MunicipalityScope, "trx">,
  municipalityId: string,
  planId: string | null,
) {
  const plans = await plansOf(scope.trx, municipalityId);
  if (planId) {
    const plan = plans.find((p) => p.id === planId);
    if (!plan)
      throw invalid([{ path: "planId", message: `La municipalidad no tiene un plan ${planId}.` }]);
    return plan;
  }
  if (plans.length === 1) return plans[0]!;
  if (plans.length > 1)
    throw invalid([
      {
        path: "planId",
        message: `La municipalidad tiene ${plans.length} planes: indique a cuál importar.`,
      },
    ]);
  return null;
}

export async function dryRun(
  scope: Pick<MunicipalityScope, "trx">,
  municipalityId: string,
  planId: string | null,
  parsed: ParsedWorkbook,
): Promise<{
  preview: Preview;
  fingerprint: string;
  diff: Diff;
  existing: Awaited<ReturnType<typeof planSnapshot>>;
}> {
  const plan = await targetPlan(scope, municipalityId, planId);
  const existing = plan ? await planSnapshot(scope.trx, municipalityId, plan.id) : [];
  const units = await unitCandidates(scope.trx, municipalityId);
  const diff = diffPlan(parsed.items, existing, units);
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const count = (kind: string) => diff.entries.filter((e) => e.kind === kind).length;
  const messages = [...parsed.messages, ...diff.moved].map((m: ImportMessage) => ({
    ...m,
    sheet: m.sheet ?? null,
    cell: m.cell ?? null,
    text: describeMessage(m),
  }));
  const preview: Preview = {
    layout: parsed.layout,
    planId: plan?.id ?? null,
    planTitle: plan?.title ?? null,
    summary: {
      items: countItems(parsed.items),
      create: count("create"),
      update: count("update"),
      unchanged: count("unchanged"),
      missing: diff.missing.length,
      errors: messages.filter((m) => m.severity === "error").length,
      warnings: messages.filter((m) => m.severity === "warning").length,
    },
    entries: diff.entries,
    missing: diff.missing,
    units: diff.units.map((u) => ({
      text: u.text,
      kind: u.match.kind,
      unitIds:
        u.match.kind === "exact" || u.match.kind === "normalized"
          ? [u.match.unitId]
          : u.match.kind === "parts"
            ? u.match.unitIds
            : [],
      suggestions:
        u.match.kind === "similar"
          ? u.match.suggestions.map((s) => ({
              unitId: s.unitId,
              name: unitName.get(s.unitId) ?? "",
              score: s.score,
            }))
          : [],
      unitNames: (u.match.kind === "exact" || u.match.kind === "normalized"
        ? [u.match.unitId]
        : u.match.kind === "parts"
          ? u.match.unitIds
          : []
      ).map((id) => unitName.get(id) ?? ""),
    })),
    messages,
  };
  const fingerprint = createHash("sha256")
    .update(
      JSON.stringify([
        preview.planId,
        diff.entries.map((e) => [e.kind, e.itemId, e.changes]),
        diff.missing,
        diff.units,
      ]),
    )
    .digest("hex");
  return { preview, fingerprint, diff, existing };
}
