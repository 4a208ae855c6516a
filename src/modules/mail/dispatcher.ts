import nodemailer from "nodemailer";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";

export interface Transport {
  sendMail(message: { from: string; to: string; subject: string; text: string }): Promise<unknown>;
}

export interface DispatcherOptions {
  smtpUrl?: string;
  /** For tests: a transport instead of SMTP. */
  transport?: Transport;
  from: string;
  intervalMs?: number;
  log?: (message: string) => void;
}

export interface Dispatcher {
  /** Sends what is waiting now; resolves with how many were attempted. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

const BATCH = 20;

/**
 * Sends every unsent outbox message, one short transaction per message. The
 * row stays locked (`for update skip locked`) while it is sent, so several
 * app instances never send the same message twice. A failed message keeps its
 * error and is not retried; `rumbo outbox --all` shows it.
 */
export async function sendPending(
  db: Kysely<Database>,
  transport: Transport,
  from: string,
): Promise<number> {
  let attempted = 0;
  while (attempted < BATCH) {
    const sent = await db.transaction().execute(async (trx) => {
      const message = await trx
        .selectFrom("outbox_message")
        .select(["id", "to_address", "subject", "body"])
        .where("sent_at", "is", null)
        .where("error", "is", null)
        .orderBy("created_at")
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!message) return false;
      try {
        await transport.sendMail({
          from,
          to: message.to_address,
          subject: message.subject,
          text: message.body,
        });
        await trx
          .updateTable("outbox_message")
          .set({ sent_at: new Date() })
          .where("id", "=", message.id)
          .execute();
      } catch (error) {
        await trx
          .updateTable("outbox_message")
          .set({ error: String((error as Error).message ?? error).slice(0, 1000) })
          .where("id", "=", message.id)
          .execute();
      }
      return true;
    });
    if (!sent) break;
    attempted += 1;
  }
  return attempted;
}

/** Started by `rumbo serve` when SMTP_URL is set: sends the outbox every few seconds. */
export function startDispatcher(db: Kysely<Database>, options: DispatcherOptions): Dispatcher {
  const transport: Transport =
    options.transport ??
    nodemailer.createTransport({
      url: options.smtpUrl!,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
  const log = options.log ?? ((m: string) => console.error(m));
  let running: Promise<number> | null = null;
  const runOnce = () => {
    running ??= sendPending(db, transport, options.from)
      .catch((error: Error) => {
        log(`rumbo: no se pudo revisar la bandeja de salida: ${error.message}`);
        return 0;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void runOnce(), options.intervalMs ?? 5000);
  timer.unref();
  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
