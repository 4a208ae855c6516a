import type {
  AlertRule,
  AlertStatus,
  Direction,
  IndicatorCategory,
  IndicatorKind,
  Periodicity,
  PlanKind,
  TrafficLight,
} from "../../db/schema";

/**
 * The Spanish (es-CL) words the exported files use. The files are documents a
 * planner reads, written on the server; the words match the web app's
 * catalogue (web/src/i18n/es-CL.ts: traffic.*, alert.rule.*, alert.status.*).
 */
export const STATUS_LABEL: Record<TrafficLight, string> = {
  done: "Cumplido",
  on_track: "En curso",
  at_risk: "En riesgo",
  off_track: "Atrasado",
  no_data: "Sin datos",
};

/** Traffic-light fills (ARGB), light enough for black text to keep its contrast. */
export const STATUS_FILL: Record<TrafficLight, string> = {
  done: "FF9FD5B3",
  on_track: "FFC6EFCE",
  at_risk: "FFFFEB9C",
  off_track: "FFFFC7CE",
  no_data: "FFE7E6E6",
};

export const STATUS_ORDER: TrafficLight[] = ["done", "on_track", "at_risk", "off_track", "no_data"];

export const KIND_LABEL: Record<IndicatorKind, string> = {
  formula: "Fórmula",
  value: "Valor",
  milestone: "Hito",
  evidence: "Medio de verificación",
};

export const DIRECTION_LABEL: Record<Direction, string> = {
  increase: "Aumentar",
  decrease: "Disminuir",
  band: "Mantener en un rango",
};

/** The template's periodicity list: the words the importer reads back. */
export const PERIODICITY_LABEL: Record<Periodicity, string> = {
  month: "Mensual",
  quarter: "Trimestral",
  semester: "Semestral",
  year: "Anual",
};

export const CATEGORY_LABEL: Record<IndicatorCategory, string> = {
  early_warning: "Alerta temprana",
  department_goal: "Meta de la dirección",
  program_goal: "Meta de programa",
};

export const ALERT_RULE_LABEL: Record<AlertRule, string> = {
  milestone_missed: "Hito no cumplido",
  report_overdue: "Reporte atrasado",
  item_overdue: "Iniciativa vencida",
  forecast_miss: "Proyección bajo la meta",
  budget_lagging: "Ejecución presupuestaria rezagada",
  status_worsened: "El estado empeoró",
};

export const ALERT_STATUS_LABEL: Record<AlertStatus, string> = {
  open: "Abierta",
  acknowledged: "Con acción correctiva",
  resolved: "Resuelta",
};

/** "2026-11-22" → "22-11-2026". */
export function chileanDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : iso;
}

/** The first word of an export's file name, by the kind of plan. */
export const FILE_PREFIX: Record<PlanKind, string> = {
  pladeco: "pladeco",
  strategic: "plan-estrategico",
  territorial: "plan-territorial",
};

/** A file name without accents or spaces: "pladeco-vallenar-2026-11-22.xlsx". */
export function exportFileName(
  municipality: string,
  exportedOn: string,
  extension: string,
  suffix = "",
  kind: PlanKind = "pladeco",
): string {
  const slug = municipality
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `${FILE_PREFIX[kind]}-${slug}${suffix ? `-${suffix}` : ""}-${exportedOn}.${extension}`;
}
