import type { TenantContext } from "../../db/tenant";
import { HttpProblem } from "../../server/problem";
import { hashPassword, passwordProblem } from "../auth/crypto";
import { deleteUserSessions } from "../auth/sessions";
import { clearFailures } from "../auth/throttle";
import { queueMail } from "../mail/outbox";
import { findUserByEmail } from "./provision";
import { consumeToken, issueToken, RESET_TTL_MS } from "./tokens";

/** Unused reset links per account and hour: enough for a person, too few to flood a mailbox. */
const MAX_PENDING_RESETS = 3;

/**
 * Mails a one-time link to the account of that e-mail, if there is one and it
 * is enabled. The caller answers 202 either way, so the answer does not tell
 * who has an account.
 */
export async function requestPasswordReset(
  ctx: TenantContext,
  email: string,
  publicUrl: string,
): Promise<void> {
  const { trx } = ctx;
  const user = await findUserByEmail(trx, email);
  if (!user || user.disabled_at !== null) return;
  const pending = await trx
    .selectFrom("one_time_token")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("purpose", "=", "password_reset")
    .where("user_id", "=", user.id)
    .where("used_at", "is", null)
    .where("expires_at", ">", new Date())
    .executeTakeFirstOrThrow();
  if (pending.n >= MAX_PENDING_RESETS) return;
  const { token } = await issueToken(trx, {
    purpose: "password_reset",
    email: user.email,
    userId: user.id,
    ttlMs: RESET_TTL_MS,
  });
  await queueMail(trx, {
    to: user.email,
    subject: "Rumbo: restablecer su contraseña",
    body: [
      `Hola${user.display_name ? ` ${user.display_name}` : ""}:`,
      "",
      "Alguien (ojalá usted) pidió restablecer la contraseña de su cuenta en Rumbo.",
      "Para elegir una contraseña nueva, abra este enlace (vale por una hora y una sola vez):",
      "",
      `${publicUrl}/restablecer?token=${token}`,
      "",
      "Si no lo pidió, ignore este mensaje: su contraseña sigue igual.",
    ].join("\n"),
  });
  await ctx.audit({
    action: "create",
    entityType: "password_reset",
    entityId: user.id,
    after: { email: user.email },
  });
}

/**
 * Sets the new password of the token's account, closes all its sessions and
 * spends the token (and any other pending reset link of the account).
 */
export async function confirmPasswordReset(
  ctx: TenantContext,
  token: string,
  password: string,
): Promise<void> {
  const { trx } = ctx;
  const row = await consumeToken(trx, token, "password_reset");
  const problem = passwordProblem(password);
  if (problem)
    throw new HttpProblem(400, "Contraseña inválida", problem, [
      { path: "body.password", message: problem },
    ]);
  const user = await trx
    .selectFrom("app_user")
    .select(["id", "email", "disabled_at"])
    .where("id", "=", row.user_id!)
    .executeTakeFirst();
  if (!user || user.disabled_at !== null)
    throw new HttpProblem(400, "Enlace inválido", "La cuenta de este enlace está deshabilitada.");
  const passwordHash = await hashPassword(password);
  await trx
    .updateTable("app_user")
    .set((eb) => ({
      password_hash: passwordHash,
      version: eb("version", "+", 1),
      updated_at: new Date(),
    }))
    .where("id", "=", user.id)
    .execute();
  await deleteUserSessions(trx, user.id);
  await clearFailures(trx, user.email);
  await trx
    .updateTable("one_time_token")
    .set({ used_at: new Date() })
    .where("purpose", "=", "password_reset")
    .where("user_id", "=", user.id)
    .where("used_at", "is", null)
    .execute();
  await ctx.audit({
    action: "update",
    entityType: "app_user",
    entityId: user.id,
    after: { passwordReset: true, sessionsClosed: true },
  });
}
