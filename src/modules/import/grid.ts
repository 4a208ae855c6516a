/**
 * A workbook as the importer sees it once read: each sheet's non-empty rows
 * as texts, with their row numbers, and the messages found while reading.
 */
export interface GridRow {
  /** 1-based row number in the sheet. */
  n: number;
  /** Cell texts by column (index 0 is column A); null for an empty cell. */
  cells: (string | null)[];
}

export interface GridSheet {
  name: string;
  hidden: boolean;
  rows: GridRow[];
}

export interface Grid {
  sheets: GridSheet[];
  messages: ImportMessage[];
}

export type Severity = "error" | "warning" | "info";

/** A finding about the workbook, citing the sheet and cell when there is one. */
export interface ImportMessage {
  severity: Severity;
  sheet?: string | undefined;
  cell?: string | undefined;
  message: string;
}

/** "C14" from a 1-based column and row. */
export function cellRef(column: number, row: number): string {
  let name = "";
  for (let c = column; c > 0; c = Math.floor((c - 1) / 26))
    name = String.fromCharCode(65 + ((c - 1) % 26)) + name;
  return `${name}${row}`;
}

/** "Hoja 'Salud', celda C14: …", as the planner will look it up. */
export function describeMessage(m: ImportMessage): string {
  const where = m.sheet
    ? m.cell
      ? `Hoja '${m.sheet}', celda ${m.cell}: `
      : `Hoja '${m.sheet}': `
    : "";
  return `${where}${m.message}`;
}

/** The file could not be read as a workbook: a message for the person who sent it. */
export class ImportFileError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 413 | 415 = 400,
  ) {
    super(message);
  }
}
