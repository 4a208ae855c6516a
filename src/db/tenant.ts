import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "./schema";

/** Who is acting: a signed-in user, the command line, or the system itself. */
export interface Actor {
  userId: string | null;
  /** E-mail of the user, or "cli:<command>", or "system". */
  label: string;
  requestId?: string | undefined;
}

export interface Change {
  action:
    "create" | "update" | "delete" | "move" | "disable" | "enable" | "grant" | "revoke" | "restore";
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

export interface TenantContext {
  trx: Transaction<Database>;
  municipalityId: string | null;
  actor: Actor;
  /** Appends one row to the audit trail, in this transaction. */
  audit(change: Change): Promise<void>;
}

/**
 * Runs `fn` in one transaction scoped to a municipality: the municipality and
 * user are set for this transaction only (set_config(..., true)) and the
 * transaction runs as the role rumbo_app, so PostgreSQL's row-level security
 * hides and refuses every other municipality's rows. The application's own
 * checks come first; this is the second lock.
 *
 * With `municipalityId` null, only platform-level rows are visible (users,
 * sessions, audit rows without municipality).
 */
export async function inTenant<T>(
  db: Kysely<Database>,
  municipalityId: string | null,
  actor: Actor,
  fn: (ctx: TenantContext) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => fn(await enterTenant(trx, municipalityId, actor)));
}

/** Scopes an open transaction to a municipality (see inTenant). */
export async function enterTenant(
  trx: Transaction<Database>,
  municipalityId: string | null,
  actor: Actor,
): Promise<TenantContext> {
  await sql`select
        set_config('rumbo.municipality_id', ${municipalityId ?? ""}, true),
        set_config('rumbo.user_id', ${actor.userId ?? ""}, true)`.execute(trx);
  await sql`set local role rumbo_app`.execute(trx);
  const ctx: TenantContext = {
    trx,
    municipalityId,
    actor,
    audit: async (change) => {
      await trx
        .insertInto("audit_log")
        .values({
          municipality_id: ctx.municipalityId,
          actor_user_id: actor.userId,
          actor_label: actor.label,
          action: change.action,
          entity_type: change.entityType,
          entity_id: change.entityId,
          before: change.before === undefined ? null : JSON.stringify(change.before),
          after: change.after === undefined ? null : JSON.stringify(change.after),
          request_id: actor.requestId ?? null,
        })
        .execute();
    },
  };
  return ctx;
}

export const SYSTEM: Actor = { userId: null, label: "system" };
export const cliActor = (command: string): Actor => ({ userId: null, label: `cli:${command}` });

/**
 * Narrows a platform-level transaction to one municipality, once the
 * municipality of a URL is known.
 */
export async function switchMunicipality(
  ctx: TenantContext,
  municipalityId: string,
): Promise<void> {
  await sql`select set_config('rumbo.municipality_id', ${municipalityId}, true)`.execute(ctx.trx);
  ctx.municipalityId = municipalityId;
}

/**
 * On a server, the application's login role must not be able to step around
 * row-level security: refuse to start if it is a superuser, has BYPASSRLS or
 * owns the tables.
 */
export async function checkApplicationRole(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{
    role: string;
    rolsuper: boolean;
    rolbypassrls: boolean;
    owned: number;
    member: boolean;
  }>`select current_user as role, r.rolsuper, r.rolbypassrls,
        (select count(*)::int from pg_tables where schemaname = 'public' and tableowner = current_user) as owned,
        pg_has_role(current_user, 'rumbo_app', 'MEMBER') as member
      from pg_roles r where r.rolname = current_user`.execute(db);
  const r = rows[0]!;
  const problems: string[] = [];
  if (r.rolsuper) problems.push(`el rol ${r.role} es superusuario`);
  if (r.rolbypassrls) problems.push(`el rol ${r.role} tiene BYPASSRLS`);
  if (r.owned > 0) problems.push(`el rol ${r.role} es dueño de ${r.owned} tablas`);
  if (!r.member) problems.push(`el rol ${r.role} no es miembro de rumbo_app`);
  return problems;
}
