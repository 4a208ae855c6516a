import { sql, type Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { HttpProblem, notFound } from "../../server/problem";
import { forbidden, type MunicipalityScope } from "../../server/scope";
import { actAsUser, deleteUserSessions } from "../auth/sessions";
import type { MemberDto, MemberPatch } from "./schemas";
import { unitsOfMunicipality } from "./provision";

function membersQuery(trx: Transaction<Database>, municipalityId: string) {
  return trx
    .selectFrom("membership as ms")
    .innerJoin("app_user as u", "u.id", "ms.user_id")
    .where("ms.municipality_id", "=", municipalityId)
    .select((eb) => [
      "u.id",
      "u.email",
      "u.display_name as displayName",
      "ms.role",
      sql<boolean>`u.disabled_at is not null`.as("disabled"),
      "u.is_demo as isDemo",
      "u.version",
      // Only this municipality's units, even for the caller's own row (visible elsewhere to them).
      eb
        .selectFrom("membership_unit as mu")
        .whereRef("mu.user_id", "=", "ms.user_id")
        .where("mu.municipality_id", "=", municipalityId)
        .select(sql<string[]>`coalesce(array_agg(mu.unit_id order by mu.unit_id), '{}')`.as("ids"))
        .as("unitIds"),
    ]);
}

/** The members of the scope's municipality, by e-mail. */
export async function listMembers(scope: MunicipalityScope): Promise<MemberDto[]> {
  const rows = await membersQuery(scope.trx, scope.municipality.id).orderBy("u.email").execute();
  return rows.map((r) => ({ ...r, unitIds: r.unitIds ?? [] }));
}

async function findMember(scope: MunicipalityScope, userId: string): Promise<MemberDto> {
  const row = await membersQuery(scope.trx, scope.municipality.id)
    .where("u.id", "=", userId)
    .forUpdate(["ms", "u"])
    .executeTakeFirst();
  if (!row)
    throw notFound(
      `El usuario ${userId} no pertenece a la Municipalidad de ${scope.municipality.name}.`,
    );
  return { ...row, unitIds: row.unitIds ?? [] };
}

/**
 * How many municipalities besides this one the user belongs to, or Infinity
 * for an operator. Row-level security shows a user's own memberships
 * everywhere; asking as the target user counts theirs without reading them.
 */
async function otherMemberships(scope: MunicipalityScope, userId: string): Promise<number> {
  const { trx } = scope;
  const user = await trx
    .selectFrom("app_user")
    .select("is_operator")
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
  if (user.is_operator) return Infinity;
  await actAsUser(trx, userId);
  try {
    const row = await trx
      .selectFrom("membership")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("user_id", "=", userId)
      .where("municipality_id", "!=", scope.municipality.id)
      .executeTakeFirstOrThrow();
    return row.n;
  } finally {
    await actAsUser(trx, scope.principal?.userId ?? "");
  }
}

function refuseOwnAdminLoss(scope: MunicipalityScope, member: MemberDto, nextRole: string | null) {
  if (member.id === scope.principal?.userId && member.role === "admin" && nextRole !== "admin")
    throw forbidden(
      "No puede quitarse su propio rol de administrador; pídaselo a otro administrador.",
    );
}

/**
 * Changes a member's role, units or disabled state. Disabling closes all the
 * user's sessions at once. An administrator may disable only users who belong
 * to no other municipality; the operator may always.
 */
export async function updateMember(
  scope: MunicipalityScope,
  userId: string,
  patch: MemberPatch,
): Promise<MemberDto> {
  const { trx } = scope;
  const m = scope.municipality.id;
  const member = await findMember(scope, userId);
  if (member.version !== patch.version)
    throw new HttpProblem(
      409,
      "Conflicto de versión",
      "Otra persona cambió este usuario mientras usted lo editaba. Recargue y vuelva a intentarlo.",
    );
  let changed = false;
  if (patch.role !== undefined && patch.role !== member.role) {
    refuseOwnAdminLoss(scope, member, patch.role);
    await trx
      .updateTable("membership")
      .set({ role: patch.role })
      .where("municipality_id", "=", m)
      .where("user_id", "=", userId)
      .execute();
    await scope.audit({
      action: "update",
      entityType: "membership",
      entityId: userId,
      before: { role: member.role },
      after: { role: patch.role },
    });
    changed = true;
  }
  if (patch.unitIds !== undefined) {
    const unitIds = [...new Set(patch.unitIds)].sort();
    const known = await unitsOfMunicipality(trx, m, unitIds);
    if (known.length !== unitIds.length)
      throw new HttpProblem(
        400,
        "Unidad desconocida",
        "Una o más unidades no son de esta municipalidad.",
        [{ path: "body.unitIds", message: "unidad desconocida en esta municipalidad" }],
      );
    if (unitIds.join() !== member.unitIds.join()) {
      await trx
        .deleteFrom("membership_unit")
        .where("municipality_id", "=", m)
        .where("user_id", "=", userId)
        .execute();
      if (unitIds.length > 0)
        await trx
          .insertInto("membership_unit")
          .values(
            unitIds.map((unitId) => ({ municipality_id: m, user_id: userId, unit_id: unitId })),
          )
          .execute();
      await scope.audit({
        action: "update",
        entityType: "membership",
        entityId: userId,
        before: { unitIds: member.unitIds },
        after: { unitIds },
      });
      changed = true;
    }
  }
  if (patch.disabled !== undefined && patch.disabled !== member.disabled) {
    if (userId === scope.principal?.userId)
      throw forbidden("No puede deshabilitar su propia cuenta.");
    if (scope.role !== "operator" && (await otherMemberships(scope, userId)) > 0)
      throw forbidden(
        "Este usuario pertenece también a otra municipalidad: solo el operador de la plataforma puede deshabilitar su cuenta. Puede quitarlo de esta municipalidad.",
      );
    await trx
      .updateTable("app_user")
      .set({ disabled_at: patch.disabled ? new Date() : null })
      .where("id", "=", userId)
      .execute();
    if (patch.disabled) await deleteUserSessions(trx, userId);
    await scope.audit({
      action: patch.disabled ? "disable" : "enable",
      entityType: "app_user",
      entityId: userId,
      before: { disabled: member.disabled },
      after: { disabled: patch.disabled },
    });
    changed = true;
  }
  if (changed)
    await trx
      .updateTable("app_user")
      .set((eb) => ({ version: eb("version", "+", 1), updated_at: new Date() }))
      .where("id", "=", userId)
      .execute();
  return findMember(scope, userId);
}

/** Removes a user from the municipality (their account and other memberships stay). */
export async function removeMember(scope: MunicipalityScope, userId: string): Promise<void> {
  const member = await findMember(scope, userId);
  refuseOwnAdminLoss(scope, member, null);
  await scope.trx
    .deleteFrom("membership")
    .where("municipality_id", "=", scope.municipality.id)
    .where("user_id", "=", userId)
    .execute();
  await scope.audit({
    action: "revoke",
    entityType: "membership",
    entityId: userId,
    before: { email: member.email, role: member.role, unitIds: member.unitIds },
  });
}
