import {
  axisHeading,
  columnOf,
  headerColumns,
  localObjectiveHeading,
  tableKind,
  type ColumnKey,
  type TableKind,
} from "../../domain/import/headers";
import { cellRef, type GridRow, type GridSheet, type ImportMessage } from "./grid";
import {
  indicatorsOf,
  newItem,
  sameTitle,
  splitSdgLine,
  type ImportItem,
  type LevelKey,
} from "./tree";

/**
 * Reads sheets laid out as the real PLADECO matrices (and the export's axis
 * sheets): an axis heading, the strategic table, then "OBJETIVO LOCAL:" rows
 * each followed by an action matrix. Merged cells arrive as a value in the
 * first row and blanks below, so a blank parent cell continues the item above;
 * spacer rows and repeated header rows are skipped.
 */
const STRATEGIC: LevelKey[] = ["strategic_objective", "plan", "program", "project"];
const IGNORED: ColumnKey[] = ["status", "progress", "explanation"];
const NO_COLUMNS = new Map<ColumnKey, number>();

interface SheetState {
  axis: ImportItem | null;
  table: { kind: TableKind; columns: Map<ColumnKey, number> } | null;
  /** The open items of the strategic table, by level. */
  chain: Partial<Record<LevelKey, ImportItem>>;
  local: ImportItem | null;
  action: ImportItem | null;
  activity: ImportItem | null;
  stray: number;
  strayCell: string | null;
}

export function parseMatrixSheets(
  sheets: readonly GridSheet[],
  axes: ImportItem[],
  messages: ImportMessage[],
): { ignoredColumns: boolean } {
  let ignoredColumns = false;
  for (const sheet of sheets) {
    const s: SheetState = {
      axis: null,
      table: null,
      chain: {},
      local: null,
      action: null,
      activity: null,
      stray: 0,
      strayCell: null,
    };
    const warn = (cell: string, message: string, severity: "error" | "warning" = "warning") =>
      messages.push({ severity, sheet: sheet.name, cell, message });
    for (const row of sheet.rows) {
      const first = row.cells.findIndex((c) => c !== null);
      if (first < 0) continue;
      const text = row.cells[first]!;
      const at = { sheet: sheet.name, cell: cellRef(first + 1, row.n) };

      // A header row starts with a header cell; only then are its other cells read as headers.
      const columns = columnOf(text) ? headerColumns(row.cells) : NO_COLUMNS;
      const kind = tableKind(columns);
      if (kind === "strategic" || kind === "action") {
        s.table = { kind, columns };
        if (IGNORED.some((k) => columns.has(k))) ignoredColumns = true;
        continue;
      }
      const heading = axisHeading(text);
      if (heading) {
        const title = heading.title || row.cells.slice(first + 1).find((c) => c !== null) || "";
        if (!title) {
          warn(at.cell, "el encabezado del lineamiento no tiene título; se omite.");
          continue;
        }
        s.axis = axes.find((a) => sameTitle(a.title, title)) ?? null;
        if (!s.axis) {
          s.axis = newItem("axis", title, at);
          axes.push(s.axis);
        }
        s.table = null;
        s.chain = {};
        s.local = s.action = s.activity = null;
        continue;
      }
      const objective = localObjectiveHeading(text);
      if (objective !== null) {
        const title = objective || row.cells.slice(first + 1).find((c) => c !== null) || "";
        if (!title) {
          warn(at.cell, "la fila «OBJETIVO LOCAL:» no dice cuál es el objetivo; se omite.");
          continue;
        }
        const axis = ensureAxis(s, sheet, axes, at, messages);
        s.local = newItem("local_objective", title, at);
        axis.children.push(s.local);
        s.action = s.activity = null;
        s.table = null;
        continue;
      }
      if (!s.table) {
        s.stray++;
        s.strayCell ??= at.cell;
        continue;
      }
      if (s.table.kind === "strategic") strategicRow(s, sheet, row, axes, messages);
      else actionRow(s, sheet, row, warn);
    }
    if (s.stray > 0)
      messages.push({
        severity: "warning",
        sheet: sheet.name,
        cell: s.strayCell ?? undefined,
        message: `${s.stray === 1 ? "1 fila no está" : `${s.stray} filas no están`} bajo un encabezado de tabla reconocido y no se ${s.stray === 1 ? "importa" : "importan"} (la primera, aquí).`,
      });
  }
  return { ignoredColumns };
}

function ensureAxis(
  s: SheetState,
  sheet: GridSheet,
  axes: ImportItem[],
  at: { sheet: string; cell: string },
  messages: ImportMessage[],
): ImportItem {
  if (s.axis) return s.axis;
  // No "LINEAMIENTO" heading above: the sheet's name is the axis (warned once).
  s.axis = axes.find((a) => sameTitle(a.title, sheet.name)) ?? null;
  if (!s.axis) {
    s.axis = newItem("axis", sheet.name, at);
    axes.push(s.axis);
    messages.push({
      severity: "warning",
      sheet: sheet.name,
      cell: at.cell,
      message: `no hay un encabezado «LINEAMIENTO …» antes de esta fila; se usa el nombre de la hoja («${sheet.name}») como lineamiento.`,
    });
  }
  return s.axis;
}

const value = (row: GridRow, column: number | undefined) =>
  column === undefined ? null : (row.cells[column - 1] ?? null);

function strategicRow(
  s: SheetState,
  sheet: GridSheet,
  row: GridRow,
  axes: ImportItem[],
  messages: ImportMessage[],
) {
  const columns = s.table!.columns;
  const code = value(row, columns.get("code"));
  let deepest: ImportItem | null = null;
  let changed = false;
  for (const [index, level] of STRATEGIC.entries()) {
    const column = columns.get(level);
    const text = value(row, column);
    if (!text || column === undefined) continue;
    const current = s.chain[level];
    const isLeaf = level === "project";
    if (!changed && !isLeaf && current && sameTitle(current.title, text)) continue;
    const at = { sheet: sheet.name, cell: cellRef(column, row.n) };
    const parent =
      STRATEGIC.slice(0, index)
        .reverse()
        .map((l) => s.chain[l])
        .find((i) => i !== undefined) ?? ensureAxis(s, sheet, axes, at, messages);
    const item = newItem(level, text, at);
    parent.children.push(item);
    s.chain[level] = item;
    for (const lower of STRATEGIC.slice(index + 1)) delete s.chain[lower];
    deepest = item;
    changed = true;
  }
  if (deepest && code) {
    deepest.code = code;
    const chain = [s.axis, ...STRATEGIC.map((l) => s.chain[l])].filter(
      (i): i is ImportItem => i !== undefined && i !== null,
    );
    codePrefixes(chain.slice(0, chain.indexOf(deepest) + 1));
  }
}

/**
 * Rumbo's codes are hierarchical (2.3.1 is a child of 2.3): the items above one that carries a
 * code take its prefixes when they have none, so that an exported plan keeps every code.
 */
function codePrefixes(chain: readonly ImportItem[]) {
  const last = chain[chain.length - 1];
  const segments = last?.code?.split(".") ?? [];
  if (segments.length !== chain.length) return;
  for (const [k, item] of chain.slice(0, -1).entries())
    item.code ??= segments.slice(0, k + 1).join(".");
}

function actionRow(
  s: SheetState,
  sheet: GridSheet,
  row: GridRow,
  warn: (cell: string, message: string, severity?: "error" | "warning") => void,
) {
  const columns = s.table!.columns;
  const get = (k: ColumnKey) => value(row, columns.get(k));
  const cellOf = (k: ColumnKey) => cellRef(columns.get(k) ?? 1, row.n);
  const actionText = get("action");
  const activityText = get("activity");
  const indicatorText = get("indicator");
  const { goals: goalText, sdgs } = splitSdgLine(get("goal"));
  const withSdgs = (item: ImportItem) => {
    if (sdgs.length === 0) return;
    item.sdg = [...new Set([...item.sdg, ...sdgs])];
    item.sdgOrigin = "source";
  };
  if (!s.local) {
    warn(
      cellOf("action"),
      "la fila no está bajo una fila «OBJETIVO LOCAL:»; no se importa.",
      "error",
    );
    return;
  }
  if (actionText && !(s.action && sameTitle(s.action.title, actionText))) {
    // Without an activity on its row, the row's code, deadline, responsible and funding are
    // the action's own (a program or project with no activities).
    s.action = newItem(
      "action",
      actionText,
      { sheet: sheet.name, cell: cellOf("action") },
      activityText ? null : get("code"),
    );
    if (!activityText) {
      s.action.deadlineText = get("deadline") ?? undefined;
      s.action.responsibleText = get("responsible") ?? undefined;
      s.action.fundingText = get("funding") ?? undefined;
    }
    s.local.children.push(s.action);
    s.activity = null;
    if (!activityText && s.axis) codePrefixes([s.axis, s.local, s.action]);
  }
  if (activityText) {
    const parent = s.action ?? s.local;
    const activity = newItem(
      "activity",
      activityText,
      { sheet: sheet.name, cell: cellOf("activity") },
      get("code"),
    );
    activity.deadlineText = get("deadline") ?? undefined;
    activity.responsibleText = get("responsible") ?? undefined;
    activity.fundingText = get("funding") ?? undefined;
    activity.indicators = indicatorsOf(indicatorText, goalText);
    withSdgs(activity);
    parent.children.push(activity);
    if (s.axis)
      codePrefixes(s.action ? [s.axis, s.local, s.action, activity] : [s.axis, s.local, activity]);
    s.activity = activity;
    return;
  }
  if (indicatorText || goalText || sdgs.length > 0) {
    // A row that only continues the activity above (more indicators), or an action without activities.
    const owner = s.activity ?? s.action;
    if (!owner) {
      warn(
        cellOf("indicator"),
        "hay un indicador o una meta sin ACTIVIDAD ni PROGRAMA O PROYECTO en su fila ni arriba; no se importa.",
        "error",
      );
      return;
    }
    owner.indicators.push(...indicatorsOf(indicatorText, goalText));
    withSdgs(owner);
    return;
  }
  if (!actionText) {
    const stray = (["deadline", "responsible", "funding"] as ColumnKey[]).find((k) => get(k));
    if (stray) warn(cellOf(stray), "la fila no tiene ACTIVIDAD; este valor no se importa.");
  }
}
