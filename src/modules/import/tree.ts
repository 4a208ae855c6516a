import { parseGoal } from "../../domain/goal";
import { normalizeText } from "../../domain/text";
import type { Periodicity } from "../../db/schema";
import type { FixtureItem } from "../demo/fixture-schema";
import type { ImportMessage } from "./grid";

/**
 * A plan read from a workbook: the demo fixture's item tree (fixture-schema.ts),
 * each item with the sheet and cell it came from and, when the workbook has a
 * CÓDIGO column, Rumbo's code of the item (the key for re-import).
 */
export type LevelKey =
  | "axis"
  | "strategic_objective"
  | "plan"
  | "program"
  | "project"
  | "local_objective"
  | "action"
  | "activity";

export const LEVELS: Array<{ key: LevelKey; name: string; plural: string }> = [
  { key: "axis", name: "Lineamiento estratégico", plural: "Lineamientos estratégicos" },
  { key: "strategic_objective", name: "Objetivo estratégico", plural: "Objetivos estratégicos" },
  { key: "plan", name: "Plan", plural: "Planes" },
  { key: "program", name: "Programa", plural: "Programas" },
  { key: "project", name: "Proyecto o estudio", plural: "Proyectos y estudios" },
  { key: "local_objective", name: "Objetivo local", plural: "Objetivos locales" },
  { key: "action", name: "Programa o proyecto", plural: "Programas o proyectos" },
  { key: "activity", name: "Actividad", plural: "Actividades" },
];

export interface ImportIndicator {
  text: string;
  targetText?: string | undefined;
  targetValue?: number | null | undefined;
  targetUnit?: string | undefined;
  periodicity?: Periodicity | undefined;
}

export interface ImportItem extends Omit<FixtureItem, "children" | "indicators" | "level"> {
  level: LevelKey;
  code?: string | undefined;
  sheet: string;
  cell: string;
  indicators: ImportIndicator[];
  children: ImportItem[];
}

export interface ParsedWorkbook {
  layout: "matrix" | "template" | "none";
  items: ImportItem[];
  messages: ImportMessage[];
}

export function newItem(
  level: LevelKey,
  title: string,
  at: { sheet: string; cell: string },
  code?: string | null,
): ImportItem {
  return {
    level,
    title,
    ...(code ? { code } : {}),
    sheet: at.sheet,
    cell: at.cell,
    sourceRef: `Hoja '${at.sheet}', celda ${at.cell}`,
    responsibleUnits: [],
    indicators: [],
    sdg: [],
    transversalAxes: [],
    territories: [],
    children: [],
  };
}

/** Titles compare without case, accents or spacing. */
export const sameTitle = (a: string, b: string) => normalizeText(a) === normalizeText(b);

/** Splits a multi-line cell into its lines. */
export const lines = (text: string | null | undefined): string[] =>
  (text ?? "")
    .split("\n")
    .map((l) => l.replace(/^[•\-–*·]\s*/, "").trim())
    .filter((l) => l !== "");

/**
 * The indicators of an activity from its INDICADORES and METAS cells: one
 * indicator per line; goals paired line by line when the counts agree, else
 * the whole goal cell belongs to the first indicator (as the PLADECO writes it).
 */
/**
 * The goal cell without its SDG line: Rumbo's export (and planners who follow it) ends the
 * METAS POR ODS cell with a line such as "ODS: 3, 8", which names the row's SDGs, not a goal.
 */
export function splitSdgLine(goalCell: string | null): { goals: string | null; sdgs: string[] } {
  if (!goalCell) return { goals: goalCell, sdgs: [] };
  const sdgs: string[] = [];
  const kept = goalCell.split(/\r?\n/).filter((line) => {
    const m = /^\s*ODS\s*:\s*(\d{1,2}(?:\s*[,;]\s*\d{1,2})*)\s*$/i.exec(line);
    if (!m) return true;
    for (const n of m[1]!.split(/[,;]/)) {
      const goal = Number(n.trim());
      if (goal >= 1 && goal <= 17 && !sdgs.includes(String(goal))) sdgs.push(String(goal));
    }
    return false;
  });
  const goals = kept.join("\n").trim();
  return { goals: goals === "" ? null : goals, sdgs };
}

export function indicatorsOf(
  indicatorCell: string | null,
  goalCell: string | null,
  periodicity?: Periodicity,
): ImportIndicator[] {
  const texts = lines(indicatorCell);
  const goals = lines(goalCell);
  if (texts.length === 0) return [];
  const paired = goals.length === texts.length;
  return texts.map((text, i) => {
    const targetText = paired ? goals[i] : i === 0 && goalCell ? goalCell.trim() : undefined;
    const goal = parseGoal(targetText);
    return {
      text,
      ...(targetText ? { targetText } : {}),
      ...(targetText ? { targetValue: goal?.value ?? null } : {}),
      ...(goal?.unit ? { targetUnit: goal.unit } : {}),
      ...(periodicity ? { periodicity } : {}),
    };
  });
}

export function countItems(items: readonly ImportItem[]): number {
  return items.reduce((n, i) => n + 1 + countItems(i.children), 0);
}
