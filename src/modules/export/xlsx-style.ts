import { once } from "node:events";
import type { Writable } from "node:stream";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { Cell, PageSetup, Row, Workbook, Worksheet, WorksheetView } from "exceljs";
import { inertText } from "./inert";
import { STATUS_FILL, STATUS_LABEL } from "./labels";
import type { CellValue, Column, Table } from "./tables";
import type { ExportData } from "./queries";
import type { TrafficLight } from "../../db/schema";

/** Formats as a Chilean planner reads them; Excel shows the locale's separators ($ 45.773.072). */
export const CLP_FORMAT = '"$" #,##0';
export const DATE_FORMAT = "dd-mm-yyyy";
export const PERCENT_FORMAT = "0%";
const HEADER_FILL = "FFD9E1F2";
/** Named, so that a program without the workbook's theme does not fall back to a serif face. */
export const BOLD = { name: "Calibri", size: 11, bold: true } as const;
const THIN = { style: "thin" as const, color: { argb: "FFB4B4B4" } };
export const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

const fill = (argb: string) => ({
  type: "pattern" as const,
  pattern: "solid" as const,
  fgColor: { argb },
});

/** A calendar date (YYYY-MM-DD) as the spreadsheet's date at midnight UTC: no time zone can move it. */
export function dateValue(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

/** A text cell, neutralised against formula injection, wrapped at the top. */
export function setText(cell: Cell, text: string | null | undefined): void {
  cell.value = text === null || text === undefined || text === "" ? null : inertText(text);
  cell.alignment = { wrapText: true, vertical: "top" };
}

/** A cell of a flat table: numbers stay numbers, dates are dates, everything else inert text. */
export function setValue(cell: Cell, type: Column<never>["type"], value: CellValue, clp: boolean) {
  cell.alignment = { wrapText: true, vertical: "top" };
  if (value === null) return;
  if (typeof value === "string") {
    if (type === "date" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
      cell.value = dateValue(value);
      cell.numFmt = DATE_FORMAT;
    } else setText(cell, value);
    return;
  }
  cell.value = value;
  if (type === "percent") cell.numFmt = PERCENT_FORMAT;
  else if (clp) cell.numFmt = CLP_FORMAT;
}

export function styleHeader(row: Row): void {
  row.font = { ...BOLD };
  row.eachCell((cell) => {
    cell.fill = fill(HEADER_FILL);
    cell.border = BORDER;
    cell.alignment = { wrapText: true, vertical: "middle" };
  });
}

/** The status cell's traffic-light colour. */
export function setStatus(cell: Cell, status: TrafficLight | null): void {
  setText(cell, status ? STATUS_LABEL[status] : null);
  if (status) cell.fill = fill(STATUS_FILL[status]);
}

const LANDSCAPE: Partial<PageSetup> = {
  orientation: "landscape",
  paperSize: 9,
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
};

export function landscape(ws: Worksheet): void {
  ws.pageSetup = { ...LANDSCAPE };
}

/** The first column and the header row stay in view. */
export const FROZEN_HEADER: Partial<WorksheetView> = { state: "frozen", xSplit: 1, ySplit: 1 };

/**
 * A landscape sheet with its views. The streaming writer writes the views and
 * the fit-to-page flag when the sheet is added, so both are given here; the
 * page setup is then set as `landscape` sets it (no margins of its own).
 */
export function addLandscapeSheet(
  wb: Workbook,
  name: string,
  views: Array<Partial<WorksheetView>> = [],
): Worksheet {
  const ws = wb.addWorksheet(name, { views, pageSetup: { ...LANDSCAPE } });
  landscape(ws);
  return ws;
}

/** Rows written between two turns of the event loop. */
export const ROWS_PER_TURN = 500;

/**
 * Lets the server answer other requests between two batches of rows, and waits
 * while the reader of the file is behind (a full output buffer), so that the
 * rows written but not yet read stay a few batches at most. Throws when the
 * output was closed before the end (the client went away).
 */
export async function yieldTurn(out: Writable): Promise<void> {
  await nextTurn();
  if (out.writableNeedDrain && !out.destroyed)
    await Promise.race([once(out, "drain"), once(out, "close")]);
  if (out.destroyed) throw new Error("La descarga se interrumpió antes de terminar el archivo.");
}

/** Merged ranges of each sheet, as the row heights need them (the streaming writer keeps its own private). */
const MERGES = new WeakMap<Worksheet, string[]>();

/** Merges a range of cells and records it for `fitRowHeights`. */
export function mergeCells(
  ws: Worksheet,
  top: number,
  left: number,
  bottom: number,
  right: number,
): void {
  ws.mergeCells(top, left, bottom, right);
  const ranges = MERGES.get(ws) ?? [];
  ranges.push(`${ws.getCell(top, left).address}:${ws.getCell(bottom, right).address}`);
  MERGES.set(ws, ranges);
}

/**
 * A flat table as a sheet: bold header with fill, widths, frozen header,
 * autofilter. Each row is committed (written out) as soon as it is made, with a
 * turn of the event loop every `ROWS_PER_TURN` rows; the sheet is committed at
 * the end.
 */
export async function writeTableSheet<R>(
  wb: Workbook,
  table: Table<R>,
  rows: R[],
  out: Writable,
): Promise<void> {
  const ws = addLandscapeSheet(wb, table.sheet, [FROZEN_HEADER]);
  ws.columns = table.columns.map((c) => ({ width: c.width }));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  const widthOf = (c: number) => table.columns[c - 1]?.width ?? DEFAULT_WIDTH;
  const header = ws.addRow(table.columns.map((c) => c.header));
  styleHeader(header);
  fitRowHeight(header, widthOf);
  header.commit();
  const statusColumn = table.columns.findIndex((c) => c.header === "ESTADO");
  let written = 0;
  for (const r of rows) {
    const row = ws.addRow([]);
    table.columns.forEach((c, i) => {
      setValue(row.getCell(i + 1), c.type, c.value(r), c.clp?.(r) ?? false);
    });
    if (statusColumn >= 0 && table.key !== "alerts") {
      const status = (r as { status?: TrafficLight | null }).status ?? null;
      if (status) row.getCell(statusColumn + 1).fill = fill(STATUS_FILL[status]);
    }
    fitRowHeight(row, widthOf);
    row.commit();
    written += 1;
    if (written % ROWS_PER_TURN === 0) await yieldTurn(out);
  }
  ws.commit();
}

export const demoNote = (data: ExportData): string | null =>
  data.hasSimulated
    ? "Datos simulados: el seguimiento de este plan es una historia de demostración, no mediciones reales."
    : data.plan.isDemo
      ? "Plan de demostración."
      : null;

/** Characters of the default font that fit in one unit of column width (a little under one). */
const CHARS_PER_WIDTH = 1.1;
const MAX_ROW_HEIGHT = 409;

const DEFAULT_WIDTH = 9;

/**
 * The height of a row of wrapped text, estimated from the length of each line
 * against its column's width. `span` gives, for merged cells, the width they
 * cover (cells merged across columns) or null (merged over several rows: their
 * text spreads over the rows, so they are left out).
 */
function fitRowHeight(
  row: Row,
  widthOf: (column: number) => number,
  span: Map<string, number | null> = new Map(),
): void {
  let height = 0;
  row.eachCell((cell) => {
    if (typeof cell.value !== "string") return;
    const key = `${row.number}:${Number(cell.col)}`;
    const merged = span.get(key);
    if (merged === null) return;
    const width = (merged ?? widthOf(Number(cell.col))) * CHARS_PER_WIDTH;
    const lines = cell.value
      .split("\n")
      .reduce((n, line) => n + Math.max(1, Math.ceil(line.length / Math.max(1, width))), 0);
    const lineHeight = (cell.font?.size ?? 11) * 1.3;
    height = Math.max(height, lines * lineHeight + 3);
  });
  if (height > 16) row.height = Math.min(MAX_ROW_HEIGHT, Math.ceil(height));
}

/**
 * Row heights for wrapped text (`fitRowHeight`) over the rows of a sheet not
 * yet committed. Excel does not fit rows when it opens a file, and a planner
 * should not have to: without this, a long activity shows as one clipped line.
 * Merged ranges are those made with `mergeCells`.
 */
export function fitRowHeights(ws: Worksheet): void {
  const widthOf = (c: number) => ws.getColumn(c).width ?? DEFAULT_WIDTH;
  const span = new Map<string, number | null>();
  for (const range of MERGES.get(ws) ?? []) {
    const [from, to] = range.split(":");
    if (!from || !to) continue;
    const a = ws.getCell(from);
    const b = ws.getCell(to);
    let width = 0;
    for (let c = Number(a.col); c <= Number(b.col); c += 1) width += widthOf(c);
    for (let r = Number(a.row); r <= Number(b.row); r += 1)
      for (let c = Number(a.col); c <= Number(b.col); c += 1)
        span.set(
          `${r}:${c}`,
          a.row === b.row && r === Number(a.row) && c === Number(a.col) ? width : null,
        );
  }
  ws.eachRow((row) => fitRowHeight(row, widthOf, span));
}
