import type { ValueType } from "../../db/schema";
import {
  ALERT_RULE_LABEL,
  ALERT_STATUS_LABEL,
  CATEGORY_LABEL,
  DIRECTION_LABEL,
  KIND_LABEL,
  PERIODICITY_LABEL,
  STATUS_LABEL,
} from "./labels";
import type {
  ExportAlertRow,
  ExportData,
  ExportIndicatorRow,
  ExportItemRow,
  ExportMeasurementRow,
} from "./queries";

/**
 * The flat tables of an export, defined once and written twice: as the
 * Indicadores, Mediciones and Alertas sheets of the workbook and as the CSV
 * files of the open data. A column says how its value reads: text, a number
 * (CLP when the indicator measures pesos), a ratio shown as a percentage, or
 * a calendar date.
 */
export type ColumnType = "text" | "number" | "percent" | "date";
export type CellValue = string | number | null;

export interface Column<R> {
  header: string;
  width: number;
  type: ColumnType;
  value: (row: R) => CellValue;
  /** Pesos: the value is formatted as CLP ("$ 45.773.072"). */
  clp?: (row: R) => boolean;
}

export interface Table<R> {
  /** The `table=` name of the CSV and the sheet's name. */
  key: TableKey;
  sheet: string;
  columns: Array<Column<R>>;
  rows: (data: ExportData) => R[] | null;
}

export const TABLE_KEYS = ["items", "indicators", "measurements", "alerts"] as const;
export type TableKey = (typeof TABLE_KEYS)[number];

const isClp = (r: { valueType: ValueType | null }) => r.valueType === "clp";
const yesNo = (b: boolean) => (b ? "Sí" : "No");

export const itemsTable: Table<ExportItemRow> = {
  key: "items",
  sheet: "Iniciativas",
  rows: (d) => d.items,
  columns: [
    { header: "CÓDIGO", width: 12, type: "text", value: (r) => r.code },
    { header: "NIVEL", width: 20, type: "text", value: (r) => r.level },
    { header: "INICIATIVA", width: 60, type: "text", value: (r) => r.title },
    { header: "PLAZOS", width: 16, type: "text", value: (r) => r.deadlineText },
    { header: "INICIO", width: 12, type: "date", value: (r) => r.startDate },
    { header: "TÉRMINO", width: 12, type: "date", value: (r) => r.endDate },
    {
      header: "RESPONSABLES",
      width: 30,
      type: "text",
      value: (r) => r.responsibleText ?? (r.units.join("; ") || null),
    },
    { header: "FINANCIAMIENTO", width: 30, type: "text", value: (r) => r.fundingText },
    { header: "ODS", width: 10, type: "text", value: (r) => r.sdgs.join(", ") || null },
    { header: "ESTADO", width: 14, type: "text", value: (r) => r.status && STATUS_LABEL[r.status] },
    { header: "AVANCE %", width: 10, type: "percent", value: (r) => r.progress },
    { header: "EXPLICACIÓN", width: 50, type: "text", value: (r) => r.explanation },
  ],
};

export const indicatorsTable: Table<ExportIndicatorRow> = {
  key: "indicators",
  sheet: "Indicadores",
  rows: (d) => d.indicators,
  columns: [
    { header: "CÓDIGO", width: 12, type: "text", value: (r) => r.itemCode },
    { header: "INICIATIVA", width: 40, type: "text", value: (r) => r.itemTitle },
    { header: "INDICADOR", width: 45, type: "text", value: (r) => r.name },
    { header: "FÓRMULA", width: 30, type: "text", value: (r) => r.formula },
    { header: "TIPO", width: 14, type: "text", value: (r) => KIND_LABEL[r.kind] },
    { header: "UNIDAD", width: 12, type: "text", value: (r) => r.unit },
    { header: "SENTIDO", width: 14, type: "text", value: (r) => DIRECTION_LABEL[r.direction] },
    {
      header: "LÍNEA BASE",
      width: 16,
      type: "number",
      value: (r) => r.baselineValue ?? r.baselineText ?? "Por establecer",
      clp: isClp,
    },
    {
      header: "META FINAL",
      width: 16,
      type: "number",
      value: (r) => r.targetValue ?? r.targetText,
      clp: isClp,
    },
    {
      header: "PERIODICIDAD",
      width: 13,
      type: "text",
      value: (r) => PERIODICITY_LABEL[r.periodicity],
    },
    {
      header: "CATEGORÍA",
      width: 18,
      type: "text",
      value: (r) => r.category && CATEGORY_LABEL[r.category],
    },
    { header: "FUENTE DE DATOS", width: 25, type: "text", value: (r) => r.dataSource },
    {
      header: "MEDIO DE VERIFICACIÓN",
      width: 25,
      type: "text",
      value: (r) => r.verificationMeans,
    },
    {
      header: "ÚLTIMO VALOR VALIDADO",
      width: 16,
      type: "number",
      value: (r) => r.latestValue,
      clp: isClp,
    },
    { header: "PERÍODO", width: 10, type: "text", value: (r) => r.latestPeriod },
    { header: "ESTADO", width: 14, type: "text", value: (r) => r.status && STATUS_LABEL[r.status] },
    { header: "AVANCE %", width: 10, type: "percent", value: (r) => r.progress },
    { header: "EXPLICACIÓN", width: 50, type: "text", value: (r) => r.explanation },
    {
      header: "PROYECCIÓN",
      width: 14,
      type: "number",
      value: (r) => r.forecastValue,
      clp: isClp,
    },
    {
      header: "PROYECCIÓN MÍNIMA",
      width: 14,
      type: "number",
      value: (r) => r.forecastLow,
      clp: isClp,
    },
    {
      header: "PROYECCIÓN MÁXIMA",
      width: 14,
      type: "number",
      value: (r) => r.forecastHigh,
      clp: isClp,
    },
  ],
};

export const measurementsTable: Table<ExportMeasurementRow> = {
  key: "measurements",
  sheet: "Mediciones",
  rows: (d) => d.measurements,
  columns: [
    { header: "CÓDIGO", width: 12, type: "text", value: (r) => r.itemCode },
    { header: "INDICADOR", width: 45, type: "text", value: (r) => r.indicator },
    { header: "PERÍODO", width: 10, type: "text", value: (r) => r.period },
    { header: "DESDE", width: 12, type: "date", value: (r) => r.periodStart },
    { header: "HASTA", width: 12, type: "date", value: (r) => r.periodEnd },
    { header: "VALOR", width: 16, type: "number", value: (r) => r.value, clp: isClp },
    { header: "VALIDADA EL", width: 12, type: "date", value: (r) => r.validatedOn },
    { header: "COMENTARIO", width: 40, type: "text", value: (r) => r.comment || null },
    { header: "SIMULADA", width: 10, type: "text", value: (r) => yesNo(r.isSimulated) },
  ],
};

export const alertsTable: Table<ExportAlertRow> = {
  key: "alerts",
  sheet: "Alertas",
  rows: (d) => d.alerts,
  columns: [
    { header: "CÓDIGO", width: 12, type: "text", value: (r) => r.itemCode },
    { header: "INICIATIVA", width: 40, type: "text", value: (r) => r.itemTitle },
    { header: "REGLA", width: 24, type: "text", value: (r) => ALERT_RULE_LABEL[r.rule] },
    { header: "PERÍODO", width: 10, type: "text", value: (r) => r.period },
    { header: "MENSAJE", width: 50, type: "text", value: (r) => r.message },
    { header: "ESTADO", width: 20, type: "text", value: (r) => ALERT_STATUS_LABEL[r.status] },
    { header: "ACCIÓN CORRECTIVA", width: 40, type: "text", value: (r) => r.correctiveAction },
    { header: "RESPONSABLE DE LA ACCIÓN", width: 25, type: "text", value: (r) => r.actionOwner },
    { header: "PLAZO DE LA ACCIÓN", width: 12, type: "date", value: (r) => r.actionDueDate },
    { header: "CREADA EL", width: 12, type: "date", value: (r) => r.createdOn },
    { header: "ATENDIDA EL", width: 12, type: "date", value: (r) => r.acknowledgedOn },
    { header: "RESUELTA EL", width: 12, type: "date", value: (r) => r.resolvedOn },
  ],
};

/** Every table by its CSV name; each is typed by its own rows. */
export const TABLES = {
  items: itemsTable,
  indicators: indicatorsTable,
  measurements: measurementsTable,
  alerts: alertsTable,
} as const;
