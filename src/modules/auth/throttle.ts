import type { Transaction } from "kysely";
import type { Database } from "../../db/schema";

/** Failed logins allowed per e-mail and per address within the window. */
export const WINDOW_MS = 15 * 60 * 1000;
export const MAX_PER_EMAIL = 5;
export const MAX_PER_IP = 30;

const emailKey = (email: string) => `email:${email.toLowerCase()}`;
const ipKey = (ip: string) => `ip:${ip}`;

/** Kept in the database, so that several app instances share the count. */
export async function isThrottled(
  trx: Transaction<Database>,
  email: string,
  ip: string,
): Promise<boolean> {
  const since = new Date(Date.now() - WINDOW_MS);
  const rows = await trx
    .selectFrom("login_failure")
    .where("key", "in", [emailKey(email), ipKey(ip)])
    .where("at", ">", since)
    .select(["key", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy("key")
    .execute();
  const count = (key: string) => rows.find((r) => r.key === key)?.n ?? 0;
  return count(emailKey(email)) >= MAX_PER_EMAIL || count(ipKey(ip)) >= MAX_PER_IP;
}

export async function recordFailure(
  trx: Transaction<Database>,
  email: string,
  ip: string,
): Promise<void> {
  await trx
    .insertInto("login_failure")
    .values([{ key: emailKey(email) }, { key: ipKey(ip) }])
    .execute();
  await trx
    .deleteFrom("login_failure")
    .where("at", "<", new Date(Date.now() - 2 * WINDOW_MS))
    .execute();
}

export async function clearFailures(trx: Transaction<Database>, email: string): Promise<void> {
  await trx.deleteFrom("login_failure").where("key", "=", emailKey(email)).execute();
}
