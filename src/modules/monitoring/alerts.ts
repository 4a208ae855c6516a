import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { inTenant, SYSTEM } from "../../db/tenant";
import { CLEARED_REASON, transition } from "../../domain/monitoring/alerts";
import { alertCandidates, type Candidate } from "./alert-candidates";
import { recomputePlan, todayInChile } from "./figures";
import { notifyNewAlerts, sendDigests } from "./notifications";

/**
 * Early warnings: rules evaluated over the plan and its figures, stored once
 * per (municipality, rule, subject, period). Evaluating is idempotent — an
 * alert that exists is never inserted again (`on conflict do nothing`) — so
 * any number of app instances may run the evaluator against one server: the
 * unique key decides which one creates an alert, and only that one notifies.
 * Which alerts exist is the domain's decision (alert-candidates.ts).
 */

type Trx = Transaction<Database>;

/**
 * Alerts whose condition no longer holds on `asOf` (not among the
 * candidates) are resolved, through the domain's lifecycle, with the note
 * "resuelta automáticamente: …".
 */
export async function resolveCleared(trx: Trx, candidates: Candidate[], asOf: string) {
  const live = new Set(candidates.map(order));
  const pending = await trx
    .selectFrom("alert")
    .select(["id", "rule", "subject_id", "period_key", "status"])
    .where("status", "<>", "resolved")
    .execute();
  const cleared = pending.filter((a) => !live.has(order(a)));
  for (const a of cleared) {
    const result = transition(a.status === "open" ? { state: "open" } : ACKNOWLEDGED, {
      type: "clear",
      on: asOf,
      reason: CLEARED_REASON[a.rule],
    });
    if (!result.ok || result.state.state !== "resolved") continue;
    await trx
      .updateTable("alert")
      .set({
        status: "resolved",
        resolution_note: result.state.note,
        resolved_at: sql`now()`,
        version: sql`version + 1`,
      })
      .where("id", "=", a.id)
      .where("status", "<>", "resolved")
      .execute();
  }
  return cleared.length;
}

/** The fields of an acknowledged alert do not change its automatic resolution. */
const ACKNOWLEDGED = {
  state: "acknowledged",
  correctiveAction: "",
  owner: "",
  actionDueDate: "",
  acknowledgedOn: "",
} as const;

const order = (c: Pick<Candidate, "rule" | "subject_id" | "period_key">) =>
  `${c.rule}|${c.subject_id}|${c.period_key}`;

export interface EvaluationResult {
  municipalities: number;
  created: number;
}

/**
 * One evaluation round over every municipality: figures brought to the day,
 * alerts inserted idempotently, new alerts notified (immediately or in the
 * daily digest, per user).
 */
export async function evaluateAlerts(
  db: Kysely<Database>,
  options: { asOf?: string; publicUrl?: string } = {},
): Promise<EvaluationResult> {
  const asOf = options.asOf ?? todayInChile();
  const publicUrl = options.publicUrl ?? "";
  const municipalities = await db.selectFrom("municipality").select(["id", "cut_code"]).execute();
  let created = 0;
  for (const m of municipalities) {
    // Statuses depend on the day: a plan's figures follow the calendar.
    const stale = await inTenant(db, m.id, SYSTEM, ({ trx }) =>
      trx
        .selectFrom("plan")
        .select("id")
        .where((eb) => eb.or([eb("figures_as_of", "is", null), eb("figures_as_of", "<", asOf)]))
        .execute(),
    );
    for (const p of stale)
      await inTenant(db, m.id, SYSTEM, async ({ trx }) => {
        const row = await trx
          .selectFrom("plan")
          .select("figures_as_of")
          .where("id", "=", p.id)
          .executeTakeFirst();
        if (row && (row.figures_as_of === null || row.figures_as_of < asOf))
          await recomputePlan(trx, p.id, asOf);
      });
    created += await inTenant(db, m.id, SYSTEM, async ({ trx }) => {
      const candidates = await alertCandidates(trx, asOf);
      await resolveCleared(trx, candidates, asOf);
      if (candidates.length === 0) return 0;
      // One order for every instance: concurrent inserts of the same keys wait, never deadlock.
      const rows = candidates
        .map((c) => ({ ...c, municipality_id: m.id }))
        .sort((a, b) => order(a).localeCompare(order(b)));
      const inserted: string[] = [];
      for (let i = 0; i < rows.length; i += 1000) {
        const chunk = await trx
          .insertInto("alert")
          .values(rows.slice(i, i + 1000))
          .onConflict((oc) =>
            oc.columns(["municipality_id", "rule", "subject_id", "period_key"]).doNothing(),
          )
          .returning("id")
          .execute();
        inserted.push(...chunk.map((r) => r.id));
      }
      await notifyNewAlerts(trx, m.id, m.cut_code, inserted, publicUrl);
      await sendDigests(trx, m.id, m.cut_code, asOf, publicUrl);
      return inserted.length;
    });
  }
  return { municipalities: municipalities.length, created };
}

/**
 * Runs the evaluator every `intervalMs` inside the server (never two rounds
 * of one instance at once). Returns the function that stops it.
 */
export function startAlertScheduler(
  db: Kysely<Database>,
  options: { intervalMs: number; publicUrl: string; onError: (error: unknown) => void },
): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await evaluateAlerts(db, { publicUrl: options.publicUrl });
    } catch (error) {
      options.onError(error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
