import type { Role } from "../../db/schema";
import { switchMunicipality, type TenantContext } from "../../db/tenant";
import { HttpProblem } from "../../server/problem";
import type { MunicipalityScope } from "../../server/scope";
import { hashPassword, passwordProblem, verifyPassword } from "../auth/crypto";
import { queueMail } from "../mail/outbox";
import type { InvitationDto } from "./schemas";
import { findUserByEmail, provisionUser, unitsOfMunicipality } from "./provision";
import { consumeToken, INVITATION_TTL_MS, issueToken } from "./tokens";

const ROLE_NAMES: Record<Role, string> = {
  admin: "administración",
  editor: "edición",
  validator: "validación",
  viewer: "consulta",
};

/**
 * Invites an e-mail to the scope's municipality with a role (and, for
 * editors, units): a one-time link valid 7 days, mailed through the outbox.
 */
export async function createInvitation(
  scope: MunicipalityScope,
  input: { email: string; role: Role; unitIds: string[] },
  publicUrl: string,
): Promise<InvitationDto> {
  const { trx, municipality } = scope;
  const unitIds = [...new Set(input.unitIds)];
  const known = await unitsOfMunicipality(trx, municipality.id, unitIds);
  if (known.length !== unitIds.length)
    throw new HttpProblem(
      400,
      "Unidad desconocida",
      "Una o más unidades no son de esta municipalidad.",
      [{ path: "body.unitIds", message: "unidad desconocida en esta municipalidad" }],
    );
  const existing = await findUserByEmail(trx, input.email);
  if (existing) {
    const member = await trx
      .selectFrom("membership")
      .select("role")
      .where("municipality_id", "=", municipality.id)
      .where("user_id", "=", existing.id)
      .executeTakeFirst();
    if (member)
      throw new HttpProblem(
        409,
        "Ya es integrante",
        `${existing.email} ya tiene una cuenta en ${municipality.name}; cambie su rol en la lista de usuarios.`,
      );
  }
  const { token, expiresAt } = await issueToken(trx, {
    purpose: "invitation",
    email: input.email,
    userId: existing?.id ?? null,
    municipalityId: municipality.id,
    role: input.role,
    unitIds,
    createdBy: scope.principal?.userId ?? null,
    ttlMs: INVITATION_TTL_MS,
  });
  const inviter = scope.principal?.displayName || scope.principal?.email || "La municipalidad";
  await queueMail(trx, {
    to: input.email,
    subject: `Rumbo: invitación a la Municipalidad de ${municipality.name}`,
    body: [
      "Hola:",
      "",
      `${inviter} le invita a Rumbo, la plataforma del plan de desarrollo comunal de la Municipalidad de ${municipality.name}, con el rol de ${ROLE_NAMES[input.role]}.`,
      "Para aceptar, abra este enlace (vale por 7 días y una sola vez):",
      "",
      `${publicUrl}/invitacion?token=${token}`,
      "",
      "Si no esperaba esta invitación, ignore este mensaje.",
    ].join("\n"),
  });
  await scope.audit({
    action: "create",
    entityType: "invitation",
    entityId: input.email.toLowerCase(),
    after: { email: input.email, role: input.role, unitIds, expiresAt: expiresAt.toISOString() },
  });
  return { email: input.email, role: input.role, unitIds, expiresAt: expiresAt.toISOString() };
}

/**
 * Spends an invitation: creates the account if the e-mail is new (with the
 * password given), or, for an existing account, checks its current password
 * and leaves it unchanged; then adds the membership and units.
 */
export async function acceptInvitation(
  ctx: TenantContext,
  input: { token: string; password: string; displayName: string },
): Promise<{ userId: string }> {
  const { trx } = ctx;
  const invitation = await consumeToken(trx, input.token, "invitation");
  const municipalityId = invitation.municipality_id!;
  await switchMunicipality(ctx, municipalityId);
  const existing = await findUserByEmail(trx, invitation.email);
  if (existing) {
    if (existing.disabled_at !== null)
      throw new HttpProblem(
        403,
        "Cuenta deshabilitada",
        "La cuenta de este correo está deshabilitada. Consulte a quien administra su municipalidad.",
      );
  }
  if (existing?.password_hash) {
    if (!(await verifyPassword(existing.password_hash, input.password)))
      throw new HttpProblem(
        400,
        "Contraseña incorrecta",
        "Este correo ya tiene una cuenta en Rumbo: ingrese su contraseña actual para aceptar la invitación.",
        [{ path: "body.password", message: "no es la contraseña actual de la cuenta" }],
      );
  } else {
    const problem = passwordProblem(input.password);
    if (problem)
      throw new HttpProblem(400, "Contraseña inválida", problem, [
        { path: "body.password", message: problem },
      ]);
  }
  const passwordHash = existing?.password_hash ?? (await hashPassword(input.password));
  const result = await provisionUser(ctx, {
    email: invitation.email,
    displayName: input.displayName,
    passwordHash,
    membership: { municipalityId, role: invitation.role!, unitIds: invitation.unit_ids },
  });
  if (existing && existing.password_hash === null)
    await trx
      .updateTable("app_user")
      .set({ password_hash: passwordHash, updated_at: new Date() })
      .where("id", "=", existing.id)
      .execute();
  if (!result.addedMembership)
    throw new HttpProblem(409, "Ya es integrante", "Su cuenta ya pertenece a esta municipalidad.");
  return { userId: result.userId };
}
