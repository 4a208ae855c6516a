import type { Writable } from "node:stream";
import type { Workbook, Worksheet } from "exceljs";
import type { ExportData, ExportIndicatorRow, ExportItemRow } from "./queries";
import {
  BOLD,
  BORDER,
  FROZEN_HEADER,
  PERCENT_FORMAT,
  addLandscapeSheet,
  fitRowHeights,
  mergeCells,
  setStatus,
  setText,
  styleHeader,
  yieldTurn,
} from "./xlsx-style";

/**
 * The axis sheets of the export, in the layout of real PLADECO matrices (the
 * contract with the importer, issue #6): an axis heading, the strategic table
 * (OBJETIVO ESTRATÉGICO | PLAN | PROGRAMA | PROYECTO/ESTUDIOS, merged over
 * their children), then per local objective an "OBJETIVO LOCAL:" row and the
 * action matrix. Rumbo adds CÓDIGO first (the stable key for re-import) and
 * ESTADO, AVANCE %, EXPLICACIÓN at the end.
 */
export const STRATEGIC_HEADER = [
  "CÓDIGO",
  "OBJETIVO ESTRATÉGICO",
  "PLAN",
  "PROGRAMA",
  "PROYECTO/ESTUDIOS",
  "ESTADO",
  "AVANCE %",
  "EXPLICACIÓN",
];
export const ACTION_HEADER = [
  "CÓDIGO",
  "PROGRAMA O PROYECTO",
  "ACTIVIDADES",
  "INDICADORES",
  "PLAZOS",
  "METAS POR ODS",
  "RESPONSABLES",
  "FINANCIAMIENTO",
  "ESTADO",
  "AVANCE %",
  "EXPLICACIÓN",
];
const WIDTHS = [11, 40, 45, 40, 30, 35, 28, 25, 14, 10, 45];
const LAST = ACTION_HEADER.length;
const LOCAL_OBJECTIVE = "local_objective";

/** Sheet names: at most 31 characters, none of : \ / ? * [ ], unique in the workbook. */
export function sheetName(wanted: string, taken: Set<string>): string {
  const base = wanted
    .replace(/[:\\/?*[\]]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 31)
    .trim();
  let name = base || "Hoja";
  for (let n = 2; taken.has(name.toLowerCase()); n += 1) {
    const suffix = ` (${n})`;
    name = base.slice(0, 31 - suffix.length).trim() + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
}

function statusCells(ws: Worksheet, rowNumber: number, item: ExportItemRow, first: number) {
  const row = ws.getRow(rowNumber);
  setStatus(row.getCell(first), item.status);
  const progress = row.getCell(first + 1);
  progress.value = item.progress;
  progress.numFmt = PERCENT_FORMAT;
  progress.alignment = { vertical: "top" };
  setText(row.getCell(first + 2), item.explanation);
}

/** Merges a column's cells over consecutive rows that show the same item. */
function mergeRuns(ws: Worksheet, column: number, ids: Array<string | null>, firstRow: number) {
  let start = 0;
  for (let i = 1; i <= ids.length; i += 1) {
    if (i === ids.length || ids[i] !== ids[start]) {
      if (i - start > 1 && ids[start] !== null)
        mergeCells(ws, firstRow + start, column, firstRow + i - 1, column);
      start = i;
    }
  }
}

function border(ws: Worksheet, from: number, to: number, columns: number) {
  for (let r = from; r <= to; r += 1)
    for (let c = 1; c <= columns; c += 1) ws.getRow(r).getCell(c).border = BORDER;
}

/** The leaves under an item, each with the path from the item's child down to it. */
function paths(
  children: Map<string | null, ExportItemRow[]>,
  item: ExportItemRow,
): ExportItemRow[][] {
  const out: ExportItemRow[][] = [];
  const walk = (node: ExportItemRow, path: ExportItemRow[]) => {
    const kids = children.get(node.id) ?? [];
    if (kids.length === 0) out.push(path);
    for (const k of kids) walk(k, [...path, k]);
  };
  for (const k of children.get(item.id) ?? []) walk(k, [k]);
  return out;
}

function heading(ws: Worksheet, text: string, item: ExportItemRow, size: number) {
  const row = ws.addRow([]);
  setText(row.getCell(1), text);
  row.getCell(1).font = { ...BOLD, size };
  mergeCells(ws, row.number, 1, row.number, 8);
  statusCells(ws, row.number, item, 9);
  return row.number;
}

function strategicTable(ws: Worksheet, rows: ExportItemRow[][]) {
  styleHeader(ws.addRow(STRATEGIC_HEADER));
  const first = (ws.lastRow?.number ?? 0) + 1;
  for (const path of rows) {
    const cells = path.slice(0, 4);
    const deepest = path[path.length - 1]!;
    const row = ws.addRow([]);
    setText(row.getCell(1), deepest.code);
    cells.forEach((item, i) => setText(row.getCell(2 + i), item.title));
    statusCells(ws, row.number, deepest, 6);
  }
  for (let depth = 0; depth < 3; depth += 1)
    mergeRuns(
      ws,
      2 + depth,
      rows.map((p) => (p.length > depth + 1 ? p[depth]!.id : null)),
      first,
    );
  border(ws, first, ws.lastRow?.number ?? 0, STRATEGIC_HEADER.length);
}

function targetText(i: ExportIndicatorRow): string {
  return i.targetText ?? (i.targetValue === null ? "" : String(i.targetValue));
}

function actionTable(
  ws: Worksheet,
  children: Map<string | null, ExportItemRow[]>,
  objective: ExportItemRow,
  indicatorsOf: Map<string, ExportIndicatorRow[]>,
) {
  styleHeader(ws.addRow(ACTION_HEADER));
  const first = (ws.lastRow?.number ?? 0) + 1;
  const owners: string[] = [];
  for (const action of children.get(objective.id) ?? []) {
    const activities = children.get(action.id) ?? [];
    for (const activity of activities.length ? activities : [action]) {
      const indicators = indicatorsOf.get(activity.code) ?? [];
      // An indicator without a goal leaves no blank line: the cell is read as a list of goals.
      const goals = indicators.map(targetText).filter((goal) => goal !== "");
      if (activity.sdgs.length) goals.push(`ODS: ${activity.sdgs.join(", ")}`);
      const row = ws.addRow([]);
      setText(row.getCell(1), activity.code);
      setText(row.getCell(2), action.title);
      setText(row.getCell(3), activity === action ? null : activity.title);
      setText(row.getCell(4), indicators.map((i) => i.name).join("\n"));
      setText(row.getCell(5), activity.deadlineText);
      setText(row.getCell(6), goals.join("\n").trim());
      setText(row.getCell(7), activity.responsibleText ?? activity.units.join("; "));
      setText(row.getCell(8), activity.fundingText);
      statusCells(ws, row.number, activity, 9);
      owners.push(action.id);
    }
  }
  mergeRuns(ws, 2, owners, first);
  border(ws, first, ws.lastRow?.number ?? 0, LAST);
}

/**
 * One sheet per axis (root item) of the plan. A matrix sheet is small (the
 * plan's items, not its measurements) and its cells are merged over rows once
 * they are all there, so each sheet is made whole, then committed.
 */
export async function addAxisSheets(
  wb: Workbook,
  data: ExportData,
  taken: Set<string>,
  out: Writable,
): Promise<void> {
  const children = new Map<string | null, ExportItemRow[]>();
  for (const item of data.items)
    children.set(item.parentId, [...(children.get(item.parentId) ?? []), item]);
  const indicatorsOf = new Map<string, ExportIndicatorRow[]>();
  for (const i of data.indicators)
    indicatorsOf.set(i.itemCode, [...(indicatorsOf.get(i.itemCode) ?? []), i]);
  const axisWord = (data.levels[0]?.name ?? "Lineamiento").split(" ")[0]!.toUpperCase();

  for (const axis of children.get(null) ?? []) {
    const ws = addLandscapeSheet(wb, sheetName(`${axis.code} ${axis.title}`, taken), [
      FROZEN_HEADER,
    ]);
    ws.columns = WIDTHS.map((width) => ({ width }));
    heading(ws, `${axisWord} ${axis.code}: ${axis.title}`, axis, 14);
    const kids = children.get(axis.id) ?? [];
    const strategic = kids.filter((k) => k.level !== LOCAL_OBJECTIVE);
    if (strategic.length) {
      ws.addRow([]);
      const rows = strategic.flatMap((s) => {
        const below = paths(children, s);
        return below.length ? below.map((p) => [s, ...p]) : [[s]];
      });
      strategicTable(ws, rows);
    }
    for (const objective of kids.filter((k) => k.level === LOCAL_OBJECTIVE)) {
      ws.addRow([]);
      heading(ws, `OBJETIVO LOCAL: ${objective.title}`, objective, 11);
      actionTable(ws, children, objective, indicatorsOf);
    }
    fitRowHeights(ws);
    ws.commit();
    await yieldTurn(out);
  }
}
