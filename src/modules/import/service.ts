import { createHash, randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { inTenant, type Actor } from "../../db/tenant";
import type { MunicipalityScope } from "../../server/scope";
import { conflict, invalid } from "../../server/writes";
import { applyImport, type ApplyResult, type UnitChoice } from "./apply";
import { createImportedPlan } from "./new-plan";
import { diffPlan, type Diff } from "./diff";
import { describeMessage, ImportFileError, type ImportMessage } from "./grid";
import { parseWorkbook } from "./parse";
import { planSnapshot, plansOf, unitCandidates } from "./queries";
import { readWorkbook, type ReadProgress } from "./read";
import type { Preview } from "./schemas";
import { countItems, type ParsedWorkbook } from "./tree";

/**
 * An import's life: the upload is read in a worker (progress kept here), then
 * compared with the plan (the dry run, kept as the preview), then applied on
 * confirmation in one transaction. The preview is kept in this process, keyed
 * by a random id and the file's SHA-256; the confirmation recomputes the dry
 * run in its transaction and refuses if it no longer equals what was shown.
 */
export interface ImportJob {
  id: string;
  municipalityId: string;
  userId: string | null;
  fileName: string;
  sha256: string;
  planId: string | null;
  status: "reading" | "ready" | "failed" | "applied";
  progress: { phase: ReadProgress["phase"] | "comparing"; done: number; total: number };
  error: string | null;
  errorStatus: number;
  parsed: ParsedWorkbook | null;
  preview: Preview | null;
  fingerprint: string | null;
  result: ApplyResult | null;
  createdAt: number;
}

const JOBS = new Map<string, ImportJob>();
const TTL_MS = 60 * 60 * 1000;
const MAX_READING = 4;

function sweep(): void {
  const now = Date.now();
  for (const [id, job] of JOBS) if (now - job.createdAt > TTL_MS) JOBS.delete(id);
}

export function getJob(
  id: string,
  municipalityId: string,
  userId: string | null,
): ImportJob | undefined {
  sweep();
  const job = JOBS.get(id);
  return job && job.municipalityId === municipalityId && job.userId === userId ? job : undefined;
}

export function busy(): boolean {
  return [...JOBS.values()].filter((j) => j.status === "reading").length >= MAX_READING;
}

/** Starts reading an upload in the background; the job is polled for progress and preview. */
export function startImport(
  db: Kysely<Database>,
  input: {
    municipalityId: string;
    actor: Actor;
    fileName: string;
    content: Buffer;
    planId: string | null;
  },
): ImportJob {
  sweep();
  const job = transientJob(input.municipalityId, input.fileName, input.content, input.planId);
  job.userId = input.actor.userId;
  JOBS.set(job.id, job);
  void runJob(db, job, input.content, input.actor);
  return job;
}

/** Reads, parses and compares a workbook; the whole dry run, also used by the CLI. */
export async function runJob(
  db: Kysely<Database>,
  job: ImportJob,
  content: Buffer,
  actor: Actor,
): Promise<void> {
  try {
    const grid = await readWorkbook(content, (p) => (job.progress = { ...p }));
    job.progress = { phase: "comparing", done: 0, total: 1 };
    job.parsed = parseWorkbook(grid);
    const { preview, fingerprint } = await inTenant(db, job.municipalityId, actor, async (ctx) => {
      const scope = ctx as MunicipalityScope;
      return dryRun(scope, job.municipalityId, job.planId, job.parsed!);
    });
    job.preview = preview;
    job.planId = preview.planId;
    job.fingerprint = fingerprint;
    job.progress = { phase: "comparing", done: 1, total: 1 };
    job.status = "ready";
  } catch (error) {
    job.status = "failed";
    job.error =
      error instanceof ImportFileError
        ? error.message
        : `No se pudo leer el libro: ${(error as Error).message}`;
    job.errorStatus = error instanceof ImportFileError ? error.status : 500;
  }
}

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

async function dryRun(
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
  const messages = parsed.messages.map((m: ImportMessage) => ({
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

/** Applies a job's preview: recomputed in this transaction, refused if it changed. */
export async function confirmImport(
  scope: MunicipalityScope,
  job: ImportJob,
  body: { choices: UnitChoice[]; deleteMissing: boolean; planTitle?: string | undefined },
): Promise<ApplyResult> {
  if (job.status === "applied")
    throw conflict("Esta importación ya se aplicó. Suba el libro de nuevo para otra vista previa.");
  if (job.status !== "ready" || !job.parsed) throw conflict("La vista previa aún no está lista.");
  if (job.preview!.summary.errors > 0)
    throw conflict(
      "El libro tiene errores (vea la vista previa): corríjalos y súbalo de nuevo. No se escribió nada.",
    );
  const again = await dryRun(scope, scope.municipality.id, job.planId, job.parsed);
  if (again.fingerprint !== job.fingerprint)
    throw conflict(
      "El plan cambió desde la vista previa. Suba el libro de nuevo para ver las diferencias actuales. No se escribió nada.",
    );
  const errors = [];
  const texts = new Set(again.diff.units.map((u) => u.text));
  for (const [i, c] of body.choices.entries())
    if (!texts.has(c.text))
      errors.push({
        path: `choices.${i}.text`,
        message: `«${c.text}» no es un responsable de esta importación.`,
      });
  const unitIds = new Set(
    (await unitCandidates(scope.trx, scope.municipality.id)).map((u) => u.id),
  );
  for (const [i, c] of body.choices.entries())
    if (c.kind === "unit")
      for (const id of c.unitIds)
        if (!unitIds.has(id))
          errors.push({ path: `choices.${i}.unitIds`, message: `No existe la unidad ${id}.` });
  if (errors.length > 0) throw invalid(errors);
  const planId =
    again.preview.planId ??
    (await createImportedPlan(
      scope,
      body.planTitle ?? `Plan importado de ${job.fileName}`,
      job.fileName,
      job.parsed.items,
    ));
  const result = await applyImport(scope, {
    planId,
    items: job.parsed.items,
    diff: again.diff,
    existing: again.existing,
    choices: body.choices,
    deleteMissing: body.deleteMissing,
    fileName: job.fileName,
    sha256: job.sha256,
  });
  job.status = "applied";
  job.result = result;
  return result;
}

/** A new job in its reading state; the CLI and the benchmark use one without the registry. */
export function transientJob(
  municipalityId: string,
  fileName: string,
  content: Buffer,
  planId: string | null,
): ImportJob {
  return {
    id: randomUUID(),
    municipalityId,
    userId: null,
    fileName,
    sha256: createHash("sha256").update(content).digest("hex"),
    planId,
    status: "reading",
    progress: { phase: "checking", done: 0, total: 0 },
    error: null,
    errorStatus: 400,
    parsed: null,
    preview: null,
    fingerprint: null,
    result: null,
    createdAt: Date.now(),
  };
}
