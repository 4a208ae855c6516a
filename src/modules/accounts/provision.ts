import type { Transaction } from "kysely";
import type { Database, Role } from "../../db/schema";
import { switchMunicipality, type TenantContext } from "../../db/tenant";

export interface NewMembership {
  municipalityId: string;
  role: Role;
  unitIds: string[];
}

export interface Provision {
  email: string;
  displayName?: string | undefined;
  /** argon2id hash; only used when the user is created. */
  passwordHash: string;
  isOperator?: boolean;
  isDemo?: boolean;
  membership?: NewMembership;
}

export interface Provisioned {
  userId: string;
  createdUser: boolean;
  /** False when the user already had a membership in that municipality. */
  addedMembership: boolean;
}

export function findUserByEmail(trx: Transaction<Database>, email: string) {
  return trx
    .selectFrom("app_user")
    .selectAll()
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", email.toLowerCase()))
    .executeTakeFirst();
}

/** The ids among `unitIds` that are units of the transaction's municipality. */
export async function unitsOfMunicipality(
  trx: Transaction<Database>,
  municipalityId: string,
  unitIds: readonly string[],
): Promise<string[]> {
  if (unitIds.length === 0) return [];
  const rows = await trx
    .selectFrom("org_unit")
    .select("id")
    .where("municipality_id", "=", municipalityId)
    .where("id", "in", [...unitIds])
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Creates the user if the e-mail is new (an existing user keeps their
 * password), makes them operator if asked, and adds the membership with its
 * units. Audited, without the password. Used by invitations, `rumbo user add`
 * and the demo accounts. Leaves the transaction scoped to the membership's
 * municipality.
 */
export async function provisionUser(ctx: TenantContext, p: Provision): Promise<Provisioned> {
  const { trx } = ctx;
  let user = await findUserByEmail(trx, p.email);
  let createdUser = false;
  if (!user) {
    user = await trx
      .insertInto("app_user")
      .values({
        email: p.email,
        display_name: p.displayName ?? "",
        password_hash: p.passwordHash,
        is_operator: p.isOperator ?? false,
        is_demo: p.isDemo ?? false,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    createdUser = true;
    await ctx.audit({
      action: "create",
      entityType: "app_user",
      entityId: user.id,
      after: {
        email: user.email,
        displayName: user.display_name,
        isOperator: user.is_operator,
        isDemo: user.is_demo,
      },
    });
  } else if (p.isOperator && !user.is_operator) {
    await trx
      .updateTable("app_user")
      .set((eb) => ({ is_operator: true, version: eb("version", "+", 1), updated_at: new Date() }))
      .where("id", "=", user.id)
      .execute();
    await ctx.audit({
      action: "grant",
      entityType: "app_user",
      entityId: user.id,
      before: { isOperator: false },
      after: { isOperator: true },
    });
  }
  let addedMembership = false;
  if (p.membership) {
    const m = p.membership;
    if (ctx.municipalityId !== m.municipalityId) await switchMunicipality(ctx, m.municipalityId);
    const inserted = await trx
      .insertInto("membership")
      .values({ municipality_id: m.municipalityId, user_id: user.id, role: m.role })
      .onConflict((oc) => oc.columns(["municipality_id", "user_id"]).doNothing())
      .returning("user_id")
      .executeTakeFirst();
    if (inserted) {
      addedMembership = true;
      const unitIds = await unitsOfMunicipality(trx, m.municipalityId, m.unitIds);
      if (unitIds.length > 0)
        await trx
          .insertInto("membership_unit")
          .values(
            unitIds.map((unitId) => ({
              municipality_id: m.municipalityId,
              user_id: user.id,
              unit_id: unitId,
            })),
          )
          .execute();
      await ctx.audit({
        action: "grant",
        entityType: "membership",
        entityId: user.id,
        after: { email: user.email, role: m.role, unitIds },
      });
    }
  }
  return { userId: user.id, createdUser, addedMembership };
}
