import { sql, type Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { queueMail } from "../mail/outbox";

/**
 * E-mail about alerts, through the outbox: to the editors of the item's
 * responsible units and the municipality's administrators, at once or in a
 * daily digest as each prefers (notification_preference; at once by default).
 * alert_delivery holds one row per alert and person: an alert is never sent
 * to anyone twice, whichever instance gets there first.
 */

type Trx = Transaction<Database>;

interface Recipient {
  user_id: string;
  email: string;
  mode: "immediate" | "daily_digest" | "none";
}

/** Who hears about alerts of an item: its units' editors and the administrators. */
async function recipientsOf(trx: Trx, itemIds: string[]): Promise<Map<string, Recipient[]>> {
  const { rows } = await sql<Recipient & { item_id: string }>`
    select distinct x.item_id, u.id as user_id, u.email, coalesce(np.mode, 'immediate') as mode
    from (
      select iu.item_id, mu.user_id from plan_item_unit iu
        join membership_unit mu on mu.unit_id = iu.unit_id
        join membership m on m.user_id = mu.user_id and m.municipality_id = mu.municipality_id and m.role = 'editor'
        where iu.item_id = any(${itemIds}::uuid[]) and iu.role = 'responsible'
      union
      select i.id, m.user_id from unnest(${itemIds}::uuid[]) as i(id)
        cross join membership m where m.role = 'admin' and m.municipality_id = rumbo_municipality()
    ) x
    join app_user u on u.id = x.user_id and u.disabled_at is null
    left join notification_preference np on np.user_id = u.id and np.municipality_id = rumbo_municipality()
    order by x.item_id, u.id`.execute(trx);
  const out = new Map<string, Recipient[]>();
  for (const r of rows) out.set(r.item_id, [...(out.get(r.item_id) ?? []), r]);
  return out;
}

const link = (publicUrl: string, cut: string) =>
  publicUrl ? `\n\nRevise las alertas en ${publicUrl}/m/${cut}/alertas` : "";

/** Mails the new alerts to the people who want them at once; marks the alerts notified. */
export async function notifyNewAlerts(
  trx: Trx,
  municipalityId: string,
  cut: string,
  alertIds: string[],
  publicUrl: string,
): Promise<void> {
  if (alertIds.length === 0) return;
  const alerts = await trx
    .selectFrom("alert")
    .select(["id", "item_id", "message"])
    .where("id", "in", alertIds)
    .where("notified_at", "is", null)
    .orderBy("id")
    .forUpdate()
    .execute();
  const recipients = await recipientsOf(
    trx,
    alerts.map((a) => a.item_id),
  );
  for (const a of alerts)
    for (const r of recipients.get(a.item_id) ?? []) {
      if (r.mode !== "immediate") continue;
      const fresh = await trx
        .insertInto("alert_delivery")
        .values({ municipality_id: municipalityId, alert_id: a.id, user_id: r.user_id })
        .onConflict((oc) => oc.columns(["alert_id", "user_id"]).doNothing())
        .returning("alert_id")
        .executeTakeFirst();
      if (fresh)
        await queueMail(trx, {
          to: r.email,
          subject: `Rumbo: alerta temprana`,
          body: `${a.message}${link(publicUrl, cut)}`,
        });
    }
  await trx
    .updateTable("alert")
    .set({ notified_at: sql`now()` })
    .where(
      "id",
      "in",
      alerts.map((a) => a.id),
    )
    .execute();
}

/** One e-mail a day per person who chose the digest, with the open alerts not yet sent to them. */
export async function sendDigests(
  trx: Trx,
  municipalityId: string,
  cut: string,
  asOf: string,
  publicUrl: string,
): Promise<number> {
  const due = await trx
    .selectFrom("notification_preference as np")
    .innerJoin("app_user as u", "u.id", "np.user_id")
    .select(["np.user_id", "u.email"])
    .where("np.mode", "=", "daily_digest")
    .where((eb) =>
      eb.or([
        eb("np.digest_sent_at", "is", null),
        eb(sql`(np.digest_sent_at at time zone 'America/Santiago')::date`, "<", asOf),
      ]),
    )
    .orderBy("np.user_id")
    .forUpdate("np")
    .skipLocked()
    .execute();
  let sent = 0;
  for (const person of due) {
    const open = await trx
      .selectFrom("alert as a")
      .select(["a.id", "a.item_id", "a.message"])
      .where("a.status", "<>", "resolved")
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("alert_delivery as d")
              .select("d.alert_id")
              .whereRef("d.alert_id", "=", "a.id")
              .where("d.user_id", "=", person.user_id),
          ),
        ),
      )
      .orderBy("a.created_at")
      .execute();
    const recipients = await recipientsOf(trx, [...new Set(open.map((a) => a.item_id))]);
    const mine = open.filter((a) =>
      (recipients.get(a.item_id) ?? []).some((r) => r.user_id === person.user_id),
    );
    if (mine.length > 0) {
      await trx
        .insertInto("alert_delivery")
        .values(
          mine.map((a) => ({
            municipality_id: municipalityId,
            alert_id: a.id,
            user_id: person.user_id,
          })),
        )
        .onConflict((oc) => oc.columns(["alert_id", "user_id"]).doNothing())
        .execute();
      await queueMail(trx, {
        to: person.email,
        subject: `Rumbo: resumen diario de alertas (${mine.length})`,
        body: `${mine.map((a) => `- ${a.message}`).join("\n")}${link(publicUrl, cut)}`,
      });
      sent += 1;
    }
    await trx
      .updateTable("notification_preference")
      .set({ digest_sent_at: sql`now()` })
      .where("user_id", "=", person.user_id)
      .execute();
  }
  return sent;
}
