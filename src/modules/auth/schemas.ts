import { z } from "zod";

export const roleSchema = z.enum(["admin", "editor", "validator", "viewer"]);

export const loginBodySchema = z.object({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(200),
});

export const meSchema = z.object({
  user: z.object({
    id: z.uuid(),
    email: z.string(),
    displayName: z.string(),
    isOperator: z.boolean(),
  }),
  memberships: z.array(
    z.object({
      municipalityId: z.uuid(),
      cutCode: z.string(),
      role: roleSchema,
      unitIds: z.array(z.uuid()),
    }),
  ),
  /** Send it back in the X-CSRF-Token header of every write. */
  csrfToken: z.string(),
});
export type Me = z.infer<typeof meSchema>;
