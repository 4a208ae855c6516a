import { sql, type Kysely, type Transaction } from "kysely";
import type { AlertRule, Database, Periodicity } from "../../db/schema";
import { inTenant, SYSTEM } from "../../db/tenant";
import { formatDate } from "../../domain/monitoring/format";
import { parsePeriodKey, periodLabel } from "../../domain/monitoring/periods";
import { recomputePlan, todayInChile } from "./figures";
import { duePeriodKey } from "./logic";
import { notifyNewAlerts, sendDigests } from "./notifications";

/**
 * Early warnings: rules evaluated over the plan and its figures, stored once
 * per (municipality, rule, subject, period). Evaluating is idempotent — an
 * alert that exists is never inserted again (`on conflict do nothing`) — so
 * any number of app instances may run the evaluator against one server: the
 * unique key decides which one creates an alert, and only that one notifies.
 */

type Trx = Transaction<Database>;

interface Candidate {
  plan_id: string;
  rule: AlertRule;
  subject_type: "indicator" | "item";
  subject_id: string;
  period_key: string;
  item_id: string;
  message: string;
}

/** The alerts the rules call for in one municipality on the day `asOf`. */
export async function alertCandidates(trx: Trx, asOf: string): Promise<Candidate[]> {
  const out: Candidate[] = [];
  const active = sql<boolean>`p.status not in ('done', 'cancelled', 'suspended') and pl.approval_status <> 'closed'`;

  const milestones = await sql<{
    id: string;
    name: string;
    item_id: string;
    plan_id: string;
    due: string;
  }>`
    select i.id, i.name, i.item_id, p.plan_id, i.milestone_due_date as due
    from indicator i join plan_item p on p.id = i.item_id join plan pl on pl.id = p.plan_id
    left join indicator_figure f on f.indicator_id = i.id
    where i.kind = 'milestone' and i.milestone_due_date < ${asOf} and i.milestone_done_date is null
      and coalesce(f.status, '') <> 'done' and ${active}`.execute(trx);
  for (const m of milestones.rows)
    out.push({
      plan_id: m.plan_id,
      rule: "milestone_missed",
      subject_type: "indicator",
      subject_id: m.id,
      period_key: m.due,
      item_id: m.item_id,
      message: `Hito vencido el ${formatDate(m.due)} sin cumplirse: ${short(m.name)}.`,
    });

  const items = await sql<{
    id: string;
    code: string;
    title: string;
    plan_id: string;
    end_date: string;
  }>`
    select p.id, p.code, p.title, p.plan_id, p.end_date
    from plan_item p join plan pl on pl.id = p.plan_id
    where p.end_date < ${asOf} and ${active}`.execute(trx);
  for (const i of items.rows)
    out.push({
      plan_id: i.plan_id,
      rule: "item_overdue",
      subject_type: "item",
      subject_id: i.id,
      period_key: "",
      item_id: i.id,
      message: `La iniciativa ${i.code} «${short(i.title)}» debía terminar el ${formatDate(i.end_date)} y no está terminada.`,
    });

  const reporting = await sql<{
    id: string;
    name: string;
    item_id: string;
    plan_id: string;
    periodicity: Periodicity;
    grace_days: number;
    start_year: number;
    end_year: number;
    baseline_date: string | null;
  }>`select i.id, i.name, i.item_id, p.plan_id, i.periodicity, i.grace_days, pl.start_year, pl.end_year, i.baseline_date
    from indicator i join plan_item p on p.id = i.item_id join plan pl on pl.id = p.plan_id
    where i.kind <> 'milestone' and ${active}`.execute(trx);
  const due = reporting.rows
    .map((r) => ({ r, key: duePeriodKey(r.periodicity, r.grace_days, asOf) }))
    .filter(({ r, key }) => {
      const p = parsePeriodKey(key)!;
      return (
        p.year >= r.start_year &&
        p.year <= r.end_year &&
        (!r.baseline_date || p.end > r.baseline_date)
      );
    });
  if (due.length > 0) {
    const reported = await sql<{ indicator_id: string; period_key: string }>`
      select m.indicator_id, m.period_key from measurement m
      join unnest(${due.map((d) => d.r.id)}::uuid[], ${due.map((d) => d.key)}::text[]) as d(id, key)
        on m.indicator_id = d.id and m.period_key = d.key
      where m.status in ('submitted', 'validated')`.execute(trx);
    const done = new Set(reported.rows.map((x) => `${x.indicator_id}|${x.period_key}`));
    for (const { r, key } of due)
      if (!done.has(`${r.id}|${key}`))
        out.push({
          plan_id: r.plan_id,
          rule: "report_overdue",
          subject_type: "indicator",
          subject_id: r.id,
          period_key: key,
          item_id: r.item_id,
          message: `Falta el reporte de ${periodLabel(parsePeriodKey(key)!)} (plazo vencido): ${short(r.name)}.`,
        });
  }

  const figures = await sql<{
    id: string;
    name: string;
    item_id: string;
    plan_id: string;
    value_type: string | null;
    status: string;
    latest_period: string | null;
    forecast_probability: number | null;
  }>`select i.id, i.name, i.item_id, p.plan_id, i.value_type, f.status, f.latest_period, f.forecast_probability
    from indicator_figure f join indicator i on i.id = f.indicator_id
    join plan_item p on p.id = i.item_id join plan pl on pl.id = p.plan_id
    where f.status <> 'done' and ${active}
      and (f.forecast_probability < 0.5 or (i.value_type = 'clp' and f.status in ('at_risk', 'off_track')))`.execute(
    trx,
  );
  for (const f of figures.rows) {
    if (f.forecast_probability !== null && f.forecast_probability < 0.5)
      out.push({
        plan_id: f.plan_id,
        rule: "forecast_miss",
        subject_type: "indicator",
        subject_id: f.id,
        period_key: f.latest_period ?? "",
        item_id: f.item_id,
        message: `La proyección no alcanza la meta (probabilidad ${Math.round(f.forecast_probability * 100)} %): ${short(f.name)}.`,
      });
    if (f.value_type === "clp" && (f.status === "at_risk" || f.status === "off_track"))
      out.push({
        plan_id: f.plan_id,
        rule: "budget_lagging",
        subject_type: "indicator",
        subject_id: f.id,
        period_key: f.latest_period ?? "",
        item_id: f.item_id,
        message: `La ejecución presupuestaria va atrasada respecto de lo programado: ${short(f.name)}.`,
      });
  }
  return out;
}

const order = (c: Candidate) => `${c.rule}|${c.subject_id}|${c.period_key}`;
const short = (text: string) => (text.length > 140 ? `${text.slice(0, 137)}…` : text);

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
