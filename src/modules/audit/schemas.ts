import { z } from "zod";

/** One change as the history of an item shows it (a row of audit_log). */
export const auditEntrySchema = z.object({
  id: z.uuid(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const historySchema = z.object({ items: z.array(auditEntrySchema) });
