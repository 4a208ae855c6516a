import { transition, type AlertEvent, type AlertState } from "../../domain/monitoring/alerts";
import { conflict, invalid } from "../../server/writes";
import { todayInChile } from "./figures";

/** Acknowledging and resolving an alert go through the domain's lifecycle (`transition`). */

interface StoredAlert {
  status: "open" | "acknowledged" | "resolved";
  corrective_action: string | null;
  action_owner: string | null;
  action_due_date: string | null;
  acknowledged_at: Date | null;
  resolution_note: string | null;
}

/** The stored alert as the domain's lifecycle state (src/domain/monitoring/alerts.ts). */
export function stateOf(a: StoredAlert): AlertState {
  if (a.status === "open") return { state: "open" };
  const ack = {
    correctiveAction: a.corrective_action ?? "",
    owner: a.action_owner ?? "",
    actionDueDate: a.action_due_date ?? "",
    acknowledgedOn: a.acknowledged_at ? todayInChile(a.acknowledged_at) : "",
  };
  if (a.status === "acknowledged") return { state: "acknowledged", ...ack };
  return { state: "resolved", ...ack, resolvedOn: "", note: a.resolution_note ?? "" };
}

/** A transition of the domain's lifecycle: field errors (400), or 409 for the wrong state. */
export function lifecycle(current: AlertState, event: AlertEvent): AlertState {
  const result = transition(current, event);
  if (result.ok) return result.state;
  const wrongState = result.errors.find((e) => e.field === "state");
  if (wrongState) throw conflict(wrongState.message);
  const path = (field: string) => (field === "actionDueDate" ? "dueDate" : field);
  throw invalid(result.errors.map((e) => ({ path: path(e.field), message: e.message })));
}
