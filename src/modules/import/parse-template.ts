import type { ColumnKey } from "../../domain/import/headers";
import { normalizeText } from "../../domain/text";
import type { Periodicity } from "../../db/schema";
import { cellRef, type GridSheet, type ImportMessage } from "./grid";
import { indicatorsOf, newItem, sameTitle, type ImportItem, type LevelKey } from "./tree";

/**
 * Reads the template layout ("Plantilla"): one row per activity (or per extra
 * indicator of an activity), each repeating its path. The strategic branch
 * (EJE → OBJETIVO ESTRATÉGICO → PLAN → PROGRAMA → PROYECTO/ESTUDIOS) and the
 * action branch (EJE → OBJETIVO LOCAL → PROGRAMA O PROYECTO → ACTIVIDAD) are
 * found or created by title under their parent.
 */
const STRATEGIC: LevelKey[] = ["strategic_objective", "plan", "program", "project"];
const ACTION: LevelKey[] = ["local_objective", "action"];

const PERIODICITY: Record<string, Periodicity> = {
  MENSUAL: "month",
  TRIMESTRAL: "quarter",
  SEMESTRAL: "semester",
  ANUAL: "year",
};

export function parseTemplateSheet(
  sheet: GridSheet,
  headerRow: number,
  columns: Map<ColumnKey, number>,
  axes: ImportItem[],
  messages: ImportMessage[],
): void {
  const warn = (cell: string, message: string, severity: "error" | "warning" = "warning") =>
    messages.push({ severity, sheet: sheet.name, cell, message });
  for (const row of sheet.rows) {
    if (row.n <= headerRow) continue;
    const get = (k: ColumnKey) => {
      const c = columns.get(k);
      return c === undefined ? null : (row.cells[c - 1] ?? null);
    };
    const at = (k: ColumnKey) => ({ sheet: sheet.name, cell: cellRef(columns.get(k) ?? 1, row.n) });
    const axisTitle = get("axis");
    if (!axisTitle) {
      warn(at("axis").cell, "la fila no tiene EJE; no se importa.", "error");
      continue;
    }
    const axis = findOrAdd(axes, "axis", axisTitle, at("axis"));
    const code = get("code");
    const activityText = get("activity");

    let parent = axis;
    let strategicLeaf: ImportItem | null = null;
    for (const level of STRATEGIC) {
      const text = get(level);
      if (!text) continue;
      parent = findOrAdd(parent.children, level, text, at(level));
      strategicLeaf = parent;
    }
    parent = axis;
    for (const level of ACTION) {
      const text = get(level);
      if (!text) continue;
      parent = findOrAdd(parent.children, level, text, at(level));
    }
    if (!activityText) {
      if (strategicLeaf && code && !strategicLeaf.code) strategicLeaf.code = code;
      if (get("indicator"))
        warn(
          at("indicator").cell,
          "hay un INDICADOR sin ACTIVIDAD en la fila; no se importa.",
          "error",
        );
      continue;
    }
    if (parent === axis) {
      warn(
        at("activity").cell,
        "la ACTIVIDAD no tiene OBJETIVO LOCAL ni PROGRAMA O PROYECTO; se omite.",
        "error",
      );
      continue;
    }
    const periodicityText = get("periodicity");
    const periodicity = periodicityText ? PERIODICITY[normalizeText(periodicityText)] : undefined;
    if (periodicityText && !periodicity)
      warn(
        at("periodicity").cell,
        `la periodicidad «${periodicityText}» no es Mensual, Trimestral, Semestral ni Anual; se deja la del indicador.`,
      );
    const indicators = indicatorsOf(get("indicator"), get("goal"), periodicity);
    // The same activity on several rows (same title, same or no code): more indicators.
    const previous = parent.children.find(
      (c) =>
        c.level === "activity" &&
        sameTitle(c.title, activityText) &&
        (c.code ?? null) === (code ?? null),
    );
    if (previous) {
      previous.indicators.push(...indicators);
      continue;
    }
    const activity = newItem("activity", activityText, at("activity"), code);
    activity.deadlineText = get("deadline") ?? undefined;
    activity.responsibleText = get("responsible") ?? undefined;
    activity.fundingText = get("funding") ?? undefined;
    activity.indicators = indicators;
    const sdg = get("sdg");
    if (sdg) {
      const goals = [...sdg.matchAll(/(?:^|[\s,;])(\d{1,2})(?=\s*(?:[–\-:,;]|$|\s))/g)].map(
        (m) => m[1]!,
      );
      const valid = goals.filter((g) => Number(g) >= 1 && Number(g) <= 17);
      if (valid.length === 0)
        warn(at("sdg").cell, `«${sdg}» no nombra un ODS entre 1 y 17; se omite.`);
      activity.sdg = [...new Set(valid)];
      activity.sdgOrigin = "source";
    }
    parent.children.push(activity);
  }
}

function findOrAdd(
  siblings: ImportItem[],
  level: LevelKey,
  title: string,
  at: { sheet: string; cell: string },
): ImportItem {
  const found = siblings.find((s) => s.level === level && sameTitle(s.title, title));
  if (found) return found;
  const item = newItem(level, title, at);
  siblings.push(item);
  return item;
}
