/**
 * Early warnings: pure rules that say which alerts should exist for a subject
 * (indicator or item) at an evaluation date. The Putre seed asks for
 * "indicadores de alerta temprana, que se graficarán en un sistema de alarmas
 * y de temporalidad que notificarán a los administradores del sistema, con el
 * propósito de que tomen las acciones correctivas" (Etapa 4); PRODUCT.md adds
 * "acknowledged with a corrective action, never sent twice".
 *
 * Never twice: each alert has a key rule:subject:period that does not depend
 * on the evaluation date, so evaluating again (or later) yields the same key,
 * and the caller inserts only keys it has not stored (`newAlerts`). Messages
 * avoid "N días de atraso" for the same reason: a stored alert stays true.
 */
import { addDays, isIsoDate } from "./calendar";
import { formatDate, formatPercent } from "./format";
import type { Periodicity } from "./periods";
import { parsePeriodKey, periodLabel, periodsBetween } from "./periods";
import type { Milestone, Status } from "./status";

export type AlertRule =
  | "milestone_missed"
  | "report_overdue"
  | "item_overdue"
  | "forecast_miss"
  | "status_worsened"
  | "budget_lagging";

export type Severity = "high" | "medium";

export interface Alert {
  readonly key: string;
  readonly rule: AlertRule;
  readonly subjectId: string;
  readonly periodKey: string;
  readonly severity: Severity;
  readonly title: string;
  readonly message: string;
}

export interface SubjectState {
  readonly id: string;
  /** How people call it, quoted in messages. */
  readonly name: string;
  readonly milestone?: Milestone;
  /** Reporting duty: one validated-or-submitted measurement per period from `from` to `to`. */
  readonly reporting?: {
    readonly periodicity: Periodicity;
    readonly graceDays: number;
    readonly from: string;
    readonly to?: string;
    readonly submittedPeriodKeys: readonly string[];
  };
  readonly schedule?: { readonly endDate: string; readonly finished: boolean };
  /** From forecast.ts, with the period of the last measurement it used. */
  readonly forecast?: {
    readonly probabilityOfMeeting: number;
    readonly targetDate: string;
    readonly basedOnPeriodKey: string;
  };
  /** Budget execution indicators ("clp"): their latest status. */
  readonly budget?: { readonly periodKey: string; readonly status: Status };
  readonly statuses?: {
    readonly previous: { readonly periodKey: string; readonly status: Status };
    readonly current: { readonly periodKey: string; readonly status: Status };
  };
}

export interface AlertOptions {
  /** Alert when the probability of meeting the target falls below this. */
  readonly forecastThreshold: number;
}

export const DEFAULT_ALERT_OPTIONS: AlertOptions = { forecastThreshold: 0.5 };

export function alertKey(rule: AlertRule, subjectId: string, periodKey: string): string {
  return `${rule}:${subjectId}:${periodKey}`;
}

const STATUS_WORDS: Record<Status, string> = {
  done: "cumplido",
  on_track: "en camino",
  at_risk: "en riesgo",
  off_track: "atrasado",
  no_data: "sin datos",
};
/** no_data has no rank: a missing report is the overdue rule's business. */
const RANK: Partial<Record<Status, number>> = { done: 3, on_track: 2, at_risk: 1, off_track: 0 };

const label = (key: string) => {
  const p = parsePeriodKey(key);
  return p ? periodLabel(p) : key;
};

/** The alerts that should exist for one subject at `asOf`. */
export function alertsFor(s: SubjectState, asOf: string, options = DEFAULT_ALERT_OPTIONS): Alert[] {
  const out: Alert[] = [];
  const add = (
    rule: AlertRule,
    periodKey: string,
    severity: Severity,
    title: string,
    message: string,
  ) =>
    out.push({
      key: alertKey(rule, s.id, periodKey),
      rule,
      subjectId: s.id,
      periodKey,
      severity,
      title,
      message,
    });

  const m = s.milestone;
  if (m && asOf > m.dueDate && (m.doneDate === null || m.doneDate > asOf)) {
    add(
      "milestone_missed",
      m.dueDate,
      "high",
      "Hito vencido sin cumplir",
      `El hito «${s.name}» venció el ${formatDate(m.dueDate)} sin cumplirse.`,
    );
  }

  const r = s.reporting;
  if (r) {
    const last = r.to !== undefined && r.to < asOf ? r.to : asOf;
    const submitted = new Set(r.submittedPeriodKeys);
    for (const p of periodsBetween(r.periodicity, r.from, last)) {
      const deadline = addDays(p.end, r.graceDays);
      if (asOf <= deadline || submitted.has(p.key)) continue;
      add(
        "report_overdue",
        p.key,
        "medium",
        "Reporte atrasado",
        `Falta el reporte de ${periodLabel(p)} de «${s.name}»; el plazo venció el ${formatDate(deadline)}.`,
      );
    }
  }

  const sch = s.schedule;
  if (sch && !sch.finished && asOf > sch.endDate) {
    add(
      "item_overdue",
      sch.endDate,
      "high",
      "Iniciativa fuera de plazo",
      `«${s.name}» debía terminar el ${formatDate(sch.endDate)} y no figura como terminada.`,
    );
  }

  const f = s.forecast;
  if (f && f.probabilityOfMeeting < options.forecastThreshold) {
    add(
      "forecast_miss",
      f.basedOnPeriodKey,
      "medium",
      "La proyección no alcanza la meta",
      `Con la tendencia hasta ${label(f.basedOnPeriodKey)}, «${s.name}» tiene ${formatPercent(f.probabilityOfMeeting)} de probabilidad de cumplir su meta al ${formatDate(f.targetDate)}.`,
    );
  }

  const b = s.budget;
  if (b && (b.status === "at_risk" || b.status === "off_track")) {
    add(
      "budget_lagging",
      b.periodKey,
      b.status === "off_track" ? "high" : "medium",
      "Ejecución presupuestaria atrasada",
      `La ejecución presupuestaria de «${s.name}» va atrasada respecto de lo programado (${label(b.periodKey)}).`,
    );
  }

  const st = s.statuses;
  const before = st ? RANK[st.previous.status] : undefined;
  const now = st ? RANK[st.current.status] : undefined;
  if (st && before !== undefined && now !== undefined && now < before) {
    add(
      "status_worsened",
      st.current.periodKey,
      st.current.status === "off_track" ? "high" : "medium",
      "Empeoró el semáforo",
      `«${s.name}» pasó de ${STATUS_WORDS[st.previous.status]} (${label(st.previous.periodKey)}) a ${STATUS_WORDS[st.current.status]} (${label(st.current.periodKey)}).`,
    );
  }
  return out;
}

/** All alerts for many subjects, one per key, ordered by key. */
export function evaluateAlerts(
  subjects: readonly SubjectState[],
  asOf: string,
  options = DEFAULT_ALERT_OPTIONS,
): Alert[] {
  const byKey = new Map<string, Alert>();
  for (const s of subjects) for (const a of alertsFor(s, asOf, options)) byKey.set(a.key, a);
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The alerts to create and send now: those whose key is not stored yet. */
export function newAlerts(evaluated: readonly Alert[], storedKeys: ReadonlySet<string>): Alert[] {
  return evaluated.filter((a) => !storedKeys.has(a.key));
}

// Lifecycle: open → acknowledged (with a corrective action) → resolved.

export type AlertState =
  | { readonly state: "open" }
  | ({ readonly state: "acknowledged" } & Acknowledgement)
  | ({
      readonly state: "resolved";
      readonly resolvedOn: string;
      readonly note: string;
    } & Acknowledgement)
  | {
      readonly state: "resolved";
      readonly resolvedOn: string;
      readonly note: string;
      readonly automatic: true;
    };

interface Acknowledgement {
  readonly correctiveAction: string;
  readonly owner: string;
  /** Date by which the owner commits to carry out the corrective action. */
  readonly actionDueDate: string;
  readonly acknowledgedOn: string;
}

export type AlertEvent =
  | ({ readonly type: "acknowledge" } & Acknowledgement)
  | { readonly type: "resolve"; readonly on: string; readonly note?: string }
  /** The evaluator found the condition no longer holds: resolved without an action. */
  | { readonly type: "clear"; readonly on: string; readonly reason: string };

/** Why an alert's condition stopped holding, by rule. */
export const CLEARED_REASON: Record<AlertRule, string> = {
  milestone_missed: "el hito figura cumplido",
  report_overdue: "se recibió el reporte",
  item_overdue: "la iniciativa ya no está fuera de plazo",
  forecast_miss: "la proyección volvió a alcanzar la meta",
  status_worsened: "el semáforo ya no empeora",
  budget_lagging: "la ejecución presupuestaria dejó de estar atrasada",
};

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export type TransitionResult =
  | { readonly ok: true; readonly state: AlertState }
  | { readonly ok: false; readonly errors: FieldError[] };

export const MIN_ACTION_LENGTH = 10;

export function transition(current: AlertState, event: AlertEvent): TransitionResult {
  const errors: FieldError[] = [];
  if (event.type === "clear") {
    if (current.state === "resolved")
      return { ok: false, errors: [{ field: "state", message: "La alerta ya está resuelta" }] };
    if (!isIsoDate(event.on))
      return {
        ok: false,
        errors: [{ field: "on", message: "La fecha de resolución no es válida" }],
      };
    const note = `resuelta automáticamente: ${event.reason}`;
    return {
      ok: true,
      state:
        current.state === "acknowledged"
          ? { ...current, state: "resolved", resolvedOn: event.on, note }
          : { state: "resolved", resolvedOn: event.on, note, automatic: true },
    };
  }
  if (event.type === "acknowledge") {
    if (current.state !== "open") {
      errors.push({
        field: "state",
        message: "Solo se puede registrar una acción correctiva en una alerta abierta",
      });
    }
    const action = event.correctiveAction.trim();
    if (action.length < MIN_ACTION_LENGTH) {
      errors.push({
        field: "correctiveAction",
        message: `Describa la acción correctiva (al menos ${MIN_ACTION_LENGTH} caracteres)`,
      });
    }
    if (event.owner.trim() === "")
      errors.push({ field: "owner", message: "Indique el responsable de la acción correctiva" });
    if (!isIsoDate(event.acknowledgedOn)) {
      errors.push({ field: "acknowledgedOn", message: "La fecha de registro no es válida" });
    }
    if (!isIsoDate(event.actionDueDate)) {
      errors.push({
        field: "actionDueDate",
        message: "Indique una fecha comprometida válida para la acción correctiva",
      });
    } else if (isIsoDate(event.acknowledgedOn) && event.actionDueDate < event.acknowledgedOn) {
      errors.push({
        field: "actionDueDate",
        message: "La fecha comprometida no puede ser anterior a la fecha de registro",
      });
    }
    if (errors.length > 0) return { ok: false, errors };
    const { type: _type, ...ack } = event;
    return {
      ok: true,
      state: { state: "acknowledged", ...ack, correctiveAction: action, owner: event.owner.trim() },
    };
  }
  if (current.state !== "acknowledged") {
    const message: string =
      current.state === "open"
        ? "Para resolver una alerta primero debe registrarse una acción correctiva"
        : "La alerta ya está resuelta";
    return { ok: false, errors: [{ field: "state", message }] };
  }
  if (!isIsoDate(event.on))
    errors.push({ field: "on", message: "La fecha de resolución no es válida" });
  else if (event.on < current.acknowledgedOn) {
    errors.push({
      field: "on",
      message: "La fecha de resolución no puede ser anterior a la acción correctiva",
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  const { state: _state, ...ack } = current;
  return {
    ok: true,
    state: { state: "resolved", ...ack, resolvedOn: event.on, note: event.note?.trim() ?? "" },
  };
}
