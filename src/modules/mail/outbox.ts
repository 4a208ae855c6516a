import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema";

export interface Mail {
  to: string;
  subject: string;
  body: string;
}

/**
 * Puts an e-mail in the outbox, in the caller's transaction: if the change
 * that sends it rolls back, nothing is sent. The dispatcher (dispatcher.ts)
 * delivers it when SMTP_URL is set; otherwise it waits for `rumbo outbox`.
 */
export async function queueMail(trx: Transaction<Database>, mail: Mail): Promise<void> {
  await trx
    .insertInto("outbox_message")
    .values({ to_address: mail.to, subject: mail.subject, body: mail.body })
    .execute();
}

export interface OutboxEntry {
  id: string;
  to: string;
  subject: string;
  body: string;
  createdAt: Date;
  sentAt: Date | null;
  error: string | null;
}

/** The outbox, oldest first: only unsent messages unless `all`. */
export async function listOutbox(
  db: Kysely<Database> | Transaction<Database>,
  options: { all?: boolean } = {},
): Promise<OutboxEntry[]> {
  let query = db
    .selectFrom("outbox_message")
    .select([
      "id",
      "to_address as to",
      "subject",
      "body",
      "created_at as createdAt",
      "sent_at as sentAt",
      "error",
    ])
    .orderBy("created_at")
    .orderBy("id");
  if (!options.all) query = query.where("sent_at", "is", null);
  return query.execute();
}
