import { sql, type Updateable } from "kysely";
import { z } from "zod";
import type { Database } from "../db/schema";
import { isSelfOrDescendant } from "../domain/tree";
import { HttpProblem, notFound } from "./problem";
import type { MunicipalityScope } from "./scope";

/**
 * Shared pieces of the editing API: the version every change carries
 * (optimistic concurrency), field errors found against the database, and the
 * 409 that hands back the entity as it is now.
 */

/** The version of the entity the client last saw. */
export const versionSchema = z
  .number("indique la versión que leyó (un entero)")
  .int()
  .min(1, "la versión empieza en 1");

export const versionBodySchema = z.strictObject({ version: versionSchema });

/** The bare answer of a DELETE. */
export const noContentSchema = z.null();

export interface FieldError {
  path: string;
  message: string;
}

export function invalid(errors: FieldError[]): HttpProblem {
  return new HttpProblem(400, "Solicitud inválida", "Uno o más campos no son válidos.", errors);
}

/**
 * Collects the field errors of checks that need the database, so that a
 * request learns all of them at once; `throwIfAny` answers 400.
 */
export class FieldErrors {
  readonly list: FieldError[] = [];
  add(path: string, message: string): void {
    this.list.push({ path, message });
  }
  throwIfAny(): void {
    if (this.list.length > 0) throw invalid(this.list);
  }
  /** A node's new parent in a tree (child → parent): it must exist, and not lie within the node. */
  parent(
    parents: ReadonlyMap<string, string | null>,
    nodeId: string,
    parentId: string,
    messages: { missing: string; within: string },
  ): void {
    if (!parents.has(parentId)) this.add("body.parentId", messages.missing);
    else if (isSelfOrDescendant(parents, nodeId, parentId))
      this.add("body.parentId", messages.within);
  }
}

/** 400 unless a node's new parent (none: a root) is in the tree and does not lie within the node. */
export async function checkNewParent(
  parentId: string | null,
  nodeId: string,
  parents: () => Promise<ReadonlyMap<string, string | null>>,
  messages: { missing: string; within: string },
): Promise<void> {
  if (parentId === null) return;
  const errors = new FieldErrors();
  errors.parent(await parents(), nodeId, parentId, messages);
  errors.throwIfAny();
}

/** Someone else changed the entity since the client read it. */
export function staleVersion(what: string, current: unknown): HttpProblem {
  return new HttpProblem(
    409,
    "Conflicto de edición",
    `${what} cambió desde que usted lo leyó. Revise su estado actual (en «current») y vuelva a aplicar sus cambios.`,
    undefined,
    current,
  );
}

export function conflict(detail: string): HttpProblem {
  return new HttpProblem(409, "Conflicto", detail);
}

/**
 * Checks the client's version against the entity's: 404 when the entity does
 * not exist here, 409 with its current state when it changed meanwhile.
 */
export function checkVersion<T extends { version: number }>(
  current: T | undefined,
  expected: number,
  what: string,
  missing: string,
): T {
  if (!current) throw notFound(missing);
  if (current.version !== expected) throw staleVersion(what, current);
  return current;
}

/** The tables whose rows carry a version the client must send back to change them. */
type VersionedTable =
  "plan" | "plan_item" | "org_unit" | "territory" | "indicator" | "territorial_problem";

/** A row of the municipality, at the version the client last saw. */
interface VersionedRow<T extends VersionedTable> {
  table: T;
  id: string;
  version: number;
}

/** What a 409 hands back: the entity's name, and the entity as it is now. */
interface Stale {
  what: string;
  current: () => Promise<unknown>;
}

/**
 * Changes a row and bumps its version if the client's is still current; 409
 * with the entity as it is now if someone got there first.
 *
 * ```sql
 * update org_unit set name = $1, version = version + 1, updated_at = now()
 * where municipality_id = $2 and id = $3 and version = $4 returning version
 * ```
 * Returns the new version.
 */
export async function updateVersioned<T extends VersionedTable>(
  scope: MunicipalityScope,
  row: VersionedRow<T>,
  set: Updateable<Database[T]>,
  stale: Stale,
): Promise<number> {
  const done = await scope.trx
    .updateTable(row.table as VersionedTable)
    .set({
      ...(set as Updateable<Database[VersionedTable]>),
      version: sql`version + 1`,
      updated_at: sql`now()`,
    })
    .where("municipality_id", "=", scope.municipality.id)
    .where("id", "=", row.id)
    .where("version", "=", row.version)
    .returning("version")
    .executeTakeFirst();
  if (!done) throw staleVersion(stale.what, await stale.current());
  return done.version;
}

/** Deletes a row if the client's version is still current; 409 as `updateVersioned`. */
export async function deleteVersioned(
  scope: MunicipalityScope,
  row: VersionedRow<VersionedTable>,
  stale: Stale,
): Promise<void> {
  const done = await scope.trx
    .deleteFrom(row.table)
    .where("municipality_id", "=", scope.municipality.id)
    .where("id", "=", row.id)
    .where("version", "=", row.version)
    .returning("id")
    .executeTakeFirst();
  if (!done) throw staleVersion(stale.what, await stale.current());
}

/** Strings from forms: trimmed, and at least one character when given. */
export const text = (max: number) => z.string().trim().min(1).max(max);
export const optionalText = (max: number) => z.string().trim().max(max);
