import { sql, type Transaction } from "kysely";
import type { AlertRule, Database, Periodicity, TrafficLight } from "../../db/schema";
import { evaluateAlerts, type SubjectState } from "../../domain/monitoring/alerts";
import { addDays } from "../../domain/monitoring/calendar";

/**
 * The alerts the rules call for in one municipality on the day `asOf`: the
 * plan's state read into the domain's subjects (src/domain/monitoring/
 * alerts.ts), whose rules decide — milestones missed, reports overdue after
 * the periodicity's grace days, items past their end date, forecasts that
 * miss the target, budget execution lagging, a status worse than at the
 * validated period before (indicator_figure.previous_status).
 */

type Trx = Transaction<Database>;

export interface Candidate {
  plan_id: string;
  rule: AlertRule;
  subject_type: "indicator" | "item";
  subject_id: string;
  period_key: string;
  item_id: string;
  message: string;
}

const ACTIVE = sql<boolean>`p.status not in ('done', 'cancelled', 'suspended') and pl.approval_status <> 'closed'`;

export async function alertCandidates(trx: Trx, asOf: string): Promise<Candidate[]> {
  const { rows: indicators } = await sql<{
    id: string;
    name: string;
    item_id: string;
    plan_id: string;
    kind: string;
    periodicity: Periodicity;
    grace_days: number;
    start_year: number;
    end_year: number;
    baseline_date: string | null;
    target_date: string | null;
    milestone_due_date: string | null;
    milestone_done_date: string | null;
    value_type: string | null;
    status: TrafficLight | null;
    latest_period: string | null;
    previous_status: TrafficLight | null;
    previous_period: string | null;
    forecast_probability: number | null;
    submitted: string[] | null;
  }>`select i.id, i.name, i.item_id, p.plan_id, i.kind, i.periodicity, i.grace_days,
      pl.start_year, pl.end_year, i.baseline_date::text, i.target_date::text,
      i.milestone_due_date::text, i.milestone_done_date::text, i.value_type,
      f.status, f.latest_period, f.previous_status, f.previous_period, f.forecast_probability,
      (select array_agg(m.period_key) from measurement m
        where m.indicator_id = i.id and m.status in ('submitted', 'validated')) as submitted
    from indicator i join plan_item p on p.id = i.item_id join plan pl on pl.id = p.plan_id
    left join indicator_figure f on f.indicator_id = i.id
    where ${ACTIVE}`.execute(trx);
  const { rows: items } = await sql<{
    id: string;
    code: string;
    title: string;
    plan_id: string;
    end_date: string;
  }>`select p.id, p.code, p.title, p.plan_id, p.end_date::text
    from plan_item p join plan pl on pl.id = p.plan_id
    where p.end_date is not null and ${ACTIVE}`.execute(trx);

  const where = new Map<string, { plan_id: string; item_id: string; type: "indicator" | "item" }>();
  const subjects: SubjectState[] = [];
  for (const i of indicators) {
    where.set(i.id, { plan_id: i.plan_id, item_id: i.item_id, type: "indicator" });
    const planStart = `${i.start_year}-01-01`;
    const from =
      i.baseline_date && addDays(i.baseline_date, 1) > planStart
        ? addDays(i.baseline_date, 1)
        : planStart;
    const probability = i.forecast_probability === null ? null : Number(i.forecast_probability);
    subjects.push({
      id: i.id,
      name: short(i.name),
      ...(i.kind === "milestone" && i.milestone_due_date
        ? {
            milestone: {
              dueDate: i.milestone_due_date,
              doneDate: i.milestone_done_date ?? (i.status === "done" ? asOf : null),
            },
          }
        : {}),
      ...(i.kind !== "milestone"
        ? {
            reporting: {
              periodicity: i.periodicity,
              graceDays: i.grace_days,
              from,
              to: `${i.end_year}-12-31`,
              submittedPeriodKeys: i.submitted ?? [],
            },
          }
        : {}),
      ...(probability !== null && i.status !== "done" && i.latest_period
        ? {
            forecast: {
              probabilityOfMeeting: probability,
              targetDate: i.target_date ?? `${i.end_year}-12-31`,
              basedOnPeriodKey: i.latest_period,
            },
          }
        : {}),
      ...(i.value_type === "clp" && i.status && i.latest_period
        ? { budget: { periodKey: i.latest_period, status: i.status } }
        : {}),
      ...(i.status && i.latest_period && i.previous_status && i.previous_period
        ? {
            statuses: {
              previous: { periodKey: i.previous_period, status: i.previous_status },
              current: { periodKey: i.latest_period, status: i.status },
            },
          }
        : {}),
    });
  }
  for (const i of items) {
    where.set(i.id, { plan_id: i.plan_id, item_id: i.id, type: "item" });
    subjects.push({
      id: i.id,
      name: `${i.code} ${short(i.title)}`,
      schedule: { endDate: i.end_date, finished: false },
    });
  }
  return evaluateAlerts(subjects, asOf).map((a) => {
    const w = where.get(a.subjectId)!;
    return {
      plan_id: w.plan_id,
      rule: a.rule,
      subject_type: w.type,
      subject_id: a.subjectId,
      period_key: a.periodKey,
      item_id: w.item_id,
      message: a.message,
    };
  });
}

const short = (text: string) => (text.length > 140 ? `${text.slice(0, 137)}…` : text);
