import { sql, type Transaction } from "kysely";
import type { z } from "zod";
import type { Database } from "../../db/schema";
import type { ApplyResult } from "./apply";
import type { jobSchema, Preview } from "./schemas";
import type { ParsedWorkbook } from "./tree";

/**
 * The import jobs table (migration 0011), shared by every app instance: the
 * instance that reads an upload writes its progress and preview here, and any
 * instance answers the polls and the confirmation. Every function runs in the
 * caller's tenant transaction (inTenant), so row-level security keeps each
 * municipality's jobs to itself; the user is checked here. Times are the
 * database's (now()), the one clock all instances share.
 */
export type JobView = z.infer<typeof jobSchema>;
export type JobProgress = JobView["progress"];

/** What the reading needs to know of its job. */
export interface JobTarget {
  id: string;
  municipalityId: string;
  planId: string | null;
}

/** A job lives an hour: older ones are not returned, and swept on the next import. */
const ALIVE = sql<boolean>`created_at > now() - interval '1 hour'`;

/**
 * A reading job touches its row at least every 30 seconds (progress.ts); one
 * silent for three minutes belonged to an instance that stopped or died.
 */
const STALE = sql<boolean>`status = 'reading' and updated_at < now() - interval '3 minutes'`;
export const INTERRUPTED = "La lectura se interrumpió; vuelva a subir el archivo.";

const VIEW = [
  "id",
  "file_name",
  "sha256",
  "status",
  "phase",
  "done",
  "total",
  "error",
  "preview",
  "result",
] as const;

function viewOf(row: {
  id: string;
  file_name: string;
  sha256: string;
  status: JobView["status"];
  phase: JobProgress["phase"];
  done: number;
  total: number;
  error: string | null;
  preview: unknown;
  result: unknown;
  stale: boolean;
}): JobView {
  return {
    id: row.id,
    fileName: row.file_name,
    sha256: row.sha256,
    status: row.stale ? "failed" : row.status,
    progress: { phase: row.phase, done: row.done, total: row.total },
    error: row.stale ? INTERRUPTED : row.error,
    // Written by this module from the same types (markReady, markApplied).
    preview: row.preview as Preview | null,
    result: row.result as ApplyResult | null,
  };
}

/** One live job of this user (null: of the command line), in the caller's municipality. */
function live(trx: Transaction<Database>, id: string, userId: string | null) {
  return trx
    .selectFrom("import_job")
    .where("id", "=", id)
    .where((eb) => (userId === null ? eb("user_id", "is", null) : eb("user_id", "=", userId)))
    .where(ALIVE);
}

/** Deletes the municipality's expired jobs (row-level security limits it to this one). */
export async function sweepJobs(trx: Transaction<Database>): Promise<void> {
  await trx
    .deleteFrom("import_job")
    .where(sql<boolean>`not (${ALIVE})`)
    .execute();
}

export async function insertJob(
  trx: Transaction<Database>,
  job: {
    id: string;
    municipalityId: string;
    userId: string | null;
    fileName: string;
    sha256: string;
    planId: string | null;
  },
): Promise<JobView> {
  const row = await trx
    .insertInto("import_job")
    .values({
      id: job.id,
      municipality_id: job.municipalityId,
      user_id: job.userId,
      file_name: job.fileName,
      sha256: job.sha256,
      plan_id: job.planId,
    })
    .returning([...VIEW, sql<boolean>`false`.as("stale")])
    .executeTakeFirstOrThrow();
  return viewOf(row);
}

export async function readJob(
  trx: Transaction<Database>,
  id: string,
  userId: string | null,
): Promise<JobView | undefined> {
  const row = await live(trx, id, userId)
    .select([...VIEW, STALE.as("stale")])
    .executeTakeFirst();
  return row && viewOf(row);
}

/**
 * The job for its confirmation, locked (select … for update) until the
 * transaction ends: a second confirmation, from this or another instance,
 * waits for the first and then finds the job applied.
 */
export async function lockJob(trx: Transaction<Database>, id: string, userId: string | null) {
  const row = await live(trx, id, userId)
    .select([
      "id",
      "status",
      "file_name",
      "sha256",
      "plan_id",
      "parsed",
      "preview",
      "fingerprint",
      STALE.as("stale"),
    ])
    .forUpdate()
    .executeTakeFirst();
  return (
    row && {
      ...row,
      parsed: row.parsed as ParsedWorkbook | null,
      preview: row.preview as Preview | null,
    }
  );
}

/** Progress of a job still reading (a job already finished keeps its state). */
export async function saveProgress(
  trx: Transaction<Database>,
  id: string,
  p: JobProgress,
): Promise<void> {
  await trx
    .updateTable("import_job")
    .set({ phase: p.phase, done: p.done, total: p.total, updated_at: sql`now()` })
    .where("id", "=", id)
    .where("status", "=", "reading")
    .execute();
}

export async function markReady(
  trx: Transaction<Database>,
  id: string,
  ready: { parsed: string; preview: Preview; fingerprint: string; planId: string | null },
): Promise<void> {
  await trx
    .updateTable("import_job")
    .set({
      status: "ready",
      phase: "comparing",
      done: 1,
      total: 1,
      parsed: ready.parsed,
      preview: JSON.stringify(ready.preview),
      fingerprint: ready.fingerprint,
      plan_id: ready.planId,
      updated_at: sql`now()`,
    })
    .where("id", "=", id)
    .where("status", "=", "reading")
    .execute();
}

export async function markFailed(
  trx: Transaction<Database>,
  id: string,
  error: string,
  status: number,
): Promise<void> {
  await trx
    .updateTable("import_job")
    .set({ status: "failed", error, error_status: status, updated_at: sql`now()` })
    .where("id", "=", id)
    .where("status", "=", "reading")
    .execute();
}

/** The parsed workbook is no longer needed once applied; the preview and result stay for polls. */
export async function markApplied(
  trx: Transaction<Database>,
  id: string,
  result: ApplyResult,
): Promise<void> {
  await trx
    .updateTable("import_job")
    .set({
      status: "applied",
      parsed: null,
      result: JSON.stringify(result),
      updated_at: sql`now()`,
    })
    .where("id", "=", id)
    .execute();
}

export async function deleteJob(trx: Transaction<Database>, id: string): Promise<void> {
  await trx.deleteFrom("import_job").where("id", "=", id).execute();
}
