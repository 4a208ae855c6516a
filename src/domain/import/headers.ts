import { normalizeText } from "../text";

/**
 * Column headers of the workbooks planners write (the PLADECO matrices) and of
 * Rumbo's template, recognised whatever their case, accents, spacing,
 * punctuation or number: "Actividades", "ACTIVIDAD", "Responsable(s)",
 * "Proyecto / Estudios" and "PROYECTOS-ESTUDIO" all name one column.
 */
export type ColumnKey =
  | "code"
  | "axis"
  | "strategic_objective"
  | "plan"
  | "program"
  | "project"
  | "local_objective"
  | "action"
  | "activity"
  | "indicator"
  | "goal"
  | "deadline"
  | "sdg"
  | "responsible"
  | "funding"
  | "periodicity"
  | "status"
  | "progress"
  | "explanation";

/** A header reduced to its words: no accents, punctuation or plural "s", in upper case. */
export function normalizeHeader(text: string): string {
  return normalizeText(text.replace(/\((e?s)\)/gi, "$1").replace(/[()°º/\\\-–—_.:;,%]+/g, " "))
    .split(" ")
    .filter((w) => w !== "" && w !== "N")
    .map(singular)
    .join(" ");
}

/** Singulars whose plural adds "ES" (ACTIVIDADES, INDICADORES, PLANES, LOCALES). */
const ES_PLURALS = new Set(["PLAN", "ACTIVIDAD", "ACCION", "INDICADOR", "LOCAL", "OBJETIVO"]);

/** Spanish plural to singular, for header words only (ACTIVIDADES → ACTIVIDAD, PLAZOS → PLAZO). */
function singular(word: string): string {
  if (word.endsWith("ES") && ES_PLURALS.has(word.slice(0, -2))) return word.slice(0, -2);
  if (word.length > 2 && word.endsWith("S")) return word.slice(0, -1);
  return word;
}

const HEADERS: Array<[ColumnKey, string[]]> = [
  ["code", ["CODIGO", "COD", "CODIGO RUMBO"]],
  ["axis", ["EJE", "LINEAMIENTO", "LINEAMIENTO ESTRATEGICO", "EJE ESTRATEGICO"]],
  ["strategic_objective", ["OBJETIVO ESTRATEGICO"]],
  ["plan", ["PLAN"]],
  ["program", ["PROGRAMA"]],
  ["project", ["PROYECTO ESTUDIO", "PROYECTO O ESTUDIO", "PROYECTO Y ESTUDIO", "PROYECTO"]],
  ["local_objective", ["OBJETIVO LOCAL"]],
  ["action", ["PROGRAMA O PROYECTO", "PROGRAMA PROYECTO", "PROGRAMA Y PROYECTO"]],
  ["activity", ["ACTIVIDAD", "ACCION"]],
  ["indicator", ["INDICADOR"]],
  ["goal", ["META POR OD", "META OD", "META"]],
  ["deadline", ["PLAZO"]],
  ["sdg", ["OD"]],
  ["responsible", ["RESPONSABLE", "UNIDAD RESPONSABLE"]],
  ["funding", ["FINANCIAMIENTO", "FUENTE DE FINANCIAMIENTO", "FUENTE FINANCIAMIENTO"]],
  ["periodicity", ["PERIODICIDAD"]],
  ["status", ["ESTADO", "SEMAFORO"]],
  ["progress", ["AVANCE", "AVANCE PORCENTAJE"]],
  ["explanation", ["EXPLICACION"]],
];

const BY_TEXT = new Map<string, ColumnKey>(
  HEADERS.flatMap(([key, texts]) => texts.map((t) => [normalizeHeader(t), key] as const)),
);

/** The column a header cell names, or null. */
export function columnOf(text: string): ColumnKey | null {
  // Headers are a few words; a longer cell is data (and need not be normalised).
  if (text.length > 40) return null;
  return BY_TEXT.get(normalizeHeader(text)) ?? null;
}

/** The columns of a row of header cells (1-based column numbers), when the row is a header. */
export function headerColumns(cells: readonly (string | null)[]): Map<ColumnKey, number> {
  const columns = new Map<ColumnKey, number>();
  cells.forEach((cell, index) => {
    if (!cell) return;
    const key = columnOf(cell);
    if (key && !columns.has(key)) columns.set(key, index + 1);
  });
  return columns;
}

/** The three kinds of table a sheet may hold. */
export type TableKind = "strategic" | "action" | "template";

/**
 * Which table a header row opens: the template (one row per activity), the
 * strategic table or the action matrix; null when the row is not a header.
 */
export function tableKind(columns: ReadonlyMap<ColumnKey, number>): TableKind | null {
  const has = (...keys: ColumnKey[]) => keys.every((k) => columns.has(k));
  if (has("axis", "activity") && (columns.has("local_objective") || columns.has("action")))
    return "template";
  if (has("action", "activity")) return "action";
  if (has("strategic_objective", "plan", "program")) return "strategic";
  return null;
}

/** The words of an axis heading: "LINEAMIENTO 1: …", "LINEAMIENTO ESTRATÉGICO N°1 …", "EJE 2 – …". */
const AXIS_HEADING =
  /^\s*(?:lineamiento|eje)(?:\s+estrat[eé]gico)?\s*(?:n\s*[°º.]?\s*)?(\d+)?\s*[:.\-–—]?\s*/iu;

/** The title of an axis heading cell, or null when the cell is not one. */
export function axisHeading(text: string): { number: number | null; title: string } | null {
  const m = AXIS_HEADING.exec(text);
  if (!m) return null;
  const rest = text.slice(m[0].length).trim();
  // "Lineamientos estratégicos del plan" is prose, not a heading: a heading has a number or a colon.
  if (!m[1] && !/[:\-–—]\s*$/.test(m[0])) return null;
  return { number: m[1] ? Number(m[1]) : null, title: rest };
}

/** "OBJETIVO LOCAL: …" rows: the objective's text, or null when the cell is not one. */
export function localObjectiveHeading(text: string): string | null {
  const m = /^\s*objetivos?\s+local(?:es)?\s*(?:n\s*[°º.]?\s*\d+)?\s*[:.\-–—]?\s*/iu.exec(text);
  return m ? text.slice(m[0].length).trim() : null;
}
