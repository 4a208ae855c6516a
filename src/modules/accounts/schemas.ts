import { z } from "zod";
import { roleSchema } from "../auth/schemas";

const emailSchema = z
  .string()
  .trim()
  .max(254)
  .regex(/^[^@\s]+@[^@\s]+$/, "correo electrónico inválido");
const tokenSchema = z.string().min(20).max(200);

export const passwordResetBodySchema = z.object({ email: emailSchema });

export const passwordResetConfirmBodySchema = z.object({
  token: tokenSchema,
  password: z.string().max(200),
});

export const invitationBodySchema = z.object({
  email: emailSchema,
  role: roleSchema,
  /** The units an editor answers for; ignored by the other roles' permissions. */
  unitIds: z.array(z.uuid()).max(200).default([]),
});

export const invitationSchema = z.object({
  email: z.string(),
  role: roleSchema,
  unitIds: z.array(z.uuid()),
  expiresAt: z.string(),
});
export type InvitationDto = z.infer<typeof invitationSchema>;

export const acceptInvitationBodySchema = z.object({
  token: tokenSchema,
  /** A new password, or the current one when the e-mail already has an account. */
  password: z.string().max(200),
  displayName: z.string().trim().min(1).max(200),
});

export const userParamsSchema = z.object({
  cut: z.string().regex(/^\d{5}$/, "el código CUT tiene 5 dígitos"),
  userId: z.uuid(),
});

export const memberSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: roleSchema,
  unitIds: z.array(z.uuid()),
  disabled: z.boolean(),
  isDemo: z.boolean(),
  /** Send it back with a change: it refuses a change made on stale data (409). */
  version: z.number().int(),
});
export type MemberDto = z.infer<typeof memberSchema>;

export const memberListSchema = z.object({ items: z.array(memberSchema) });

export const memberPatchSchema = z.object({
  role: roleSchema.optional(),
  unitIds: z.array(z.uuid()).max(200).optional(),
  disabled: z.boolean().optional(),
  version: z.number().int(),
});
export type MemberPatch = z.infer<typeof memberPatchSchema>;
