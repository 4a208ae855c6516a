import { createHash, randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { inTenant, type Actor } from "../../db/tenant";
import { notFound } from "../../server/problem";
import type { MunicipalityScope } from "../../server/scope";
import { conflict, invalid } from "../../server/writes";
import { applyImport, type ApplyResult, type UnitChoice } from "./apply";
import { createImportedPlan } from "./new-plan";
import { dryRun } from "./dry-run";
import { ImportFileError } from "./grid";
import {
  INTERRUPTED,
  insertJob,
  lockJob,
  markApplied,
  markFailed,
  markReady,
  saveProgress,
  sweepJobs,
  type JobTarget,
  type JobView,
} from "./jobs";
import { parseWorkbook } from "./parse";
import { progressWriter } from "./progress";
import { unitCandidates } from "./queries";
import { readWorkbook } from "./read";
import type { ParsedWorkbook } from "./tree";

/**
 * An import's life: the upload is read in a worker thread of the instance that
 * received it, then compared with the plan (the dry run, kept as the preview),
 * then applied on confirmation in one transaction. The job (progress, parsed
 * workbook, preview, the dry run's fingerprint, result) lives in the database
 * (jobs.ts), so that any instance answers its polls and its confirmation; the
 * confirmation recomputes the dry run in its transaction and refuses if it no
 * longer equals what was shown.
 */
export const JOB_GONE =
  "No existe esa importación (o ya expiró: las vistas previas duran una hora).";

/**
 * Workbooks being read by this process. The limit protects this process's CPU
 * and memory (the reads run in its worker thread), so it is counted here, in
 * memory, and not in the database: each instance has its own.
 */
const READING = new Set<string>();
const MAX_READING = 4;

export function busy(): boolean {
  return READING.size >= MAX_READING;
}

interface NewImport {
  municipalityId: string;
  actor: Actor;
  fileName: string;
  content: Buffer;
  planId: string | null;
}

/** Records a new job, reading, for the actor's user (expired jobs of the municipality go). */
export async function createImportJob(
  db: Kysely<Database>,
  input: NewImport & { id?: string },
): Promise<{ view: JobView; target: JobTarget }> {
  const id = input.id ?? randomUUID();
  const view = await inTenant(db, input.municipalityId, input.actor, async ({ trx }) => {
    await sweepJobs(trx);
    return insertJob(trx, {
      id,
      municipalityId: input.municipalityId,
      userId: input.actor.userId,
      fileName: input.fileName,
      sha256: createHash("sha256").update(input.content).digest("hex"),
      planId: input.planId,
    });
  });
  return { view, target: { id, municipalityId: input.municipalityId, planId: input.planId } };
}

/** Starts reading an upload in the background; the job is polled for progress and preview. */
export async function startImport(db: Kysely<Database>, input: NewImport): Promise<JobView> {
  // The slot is taken before the first await, so that simultaneous uploads count.
  const id = randomUUID();
  READING.add(id);
  try {
    const { view, target } = await createImportJob(db, { ...input, id });
    // Should even the failure fail to be written, the job turns "interrupted" (jobs.ts).
    void runJob(db, target, input.content, input.actor)
      .catch(() => {})
      .finally(() => READING.delete(id));
    return view;
  } catch (error) {
    READING.delete(id);
    throw error;
  }
}

/** Reads, parses and compares a workbook, writing each step to its job; also used by the CLI. */
export async function runJob(
  db: Kysely<Database>,
  job: JobTarget,
  content: Buffer,
  actor: Actor,
): Promise<void> {
  const write = <T>(fn: Parameters<typeof inTenant<T>>[3]) =>
    inTenant(db, job.municipalityId, actor, fn);
  const progress = progressWriter((p) => write(({ trx }) => saveProgress(trx, job.id, p)));
  try {
    const grid = await readWorkbook(content, (p) =>
      progress.report({ phase: p.phase, done: p.done, total: p.total }),
    );
    progress.report({ phase: "comparing", done: 0, total: 1 });
    // Compared as it will be read back on confirmation: from its JSON.
    const parsed = JSON.stringify(parseWorkbook(grid));
    await progress.stop();
    await write(async (ctx) => {
      const scope = ctx as MunicipalityScope;
      const parsedBack = JSON.parse(parsed) as ParsedWorkbook;
      const { preview, fingerprint } = await dryRun(
        scope,
        job.municipalityId,
        job.planId,
        parsedBack,
      );
      await markReady(ctx.trx, job.id, { parsed, preview, fingerprint, planId: preview.planId });
    });
  } catch (error) {
    await progress.stop();
    const message =
      error instanceof ImportFileError
        ? error.message
        : `No se pudo leer el libro: ${(error as Error).message}`;
    const status = error instanceof ImportFileError ? error.status : 500;
    await write(({ trx }) => markFailed(trx, job.id, message, status));
  }
}

/**
 * Applies a job's preview, in the caller's transaction: the job is locked,
 * the dry run recomputed and refused if it changed, and the job marked applied
 * with the changes, so that a second confirmation is refused (409).
 */
export async function confirmImport(
  scope: MunicipalityScope,
  jobId: string,
  userId: string | null,
  body: { choices: UnitChoice[]; deleteMissing: boolean; planTitle?: string | undefined },
): Promise<ApplyResult> {
  const job = await lockJob(scope.trx, jobId, userId);
  if (!job) throw notFound(JOB_GONE);
  if (job.status === "applied")
    throw conflict("Esta importación ya se aplicó. Suba el libro de nuevo para otra vista previa.");
  if (job.stale) throw conflict(INTERRUPTED);
  if (job.status !== "ready" || !job.parsed || !job.preview)
    throw conflict("La vista previa aún no está lista.");
  if (job.preview.summary.errors > 0)
    throw conflict(
      "El libro tiene errores (vea la vista previa): corríjalos y súbalo de nuevo. No se escribió nada.",
    );
  const parsed = job.parsed;
  const again = await dryRun(scope, scope.municipality.id, job.plan_id, parsed);
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
      body.planTitle ?? `Plan importado de ${job.file_name}`,
      job.file_name,
      parsed.items,
    ));
  const result = await applyImport(scope, {
    planId,
    items: parsed.items,
    diff: again.diff,
    existing: again.existing,
    choices: body.choices,
    deleteMissing: body.deleteMissing,
    fileName: job.file_name,
    sha256: job.sha256,
    jobId: job.id,
  });
  await markApplied(scope.trx, job.id, result);
  return result;
}
