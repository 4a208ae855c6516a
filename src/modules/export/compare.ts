import ExcelJS from "exceljs";
import { EXPORT_DATE_LABEL, SUMMARY_SHEET } from "./workbook";

/**
 * Compares two exported workbooks cell by cell, as a reader sees them: texts,
 * numbers and dates (as YYYY-MM-DD), sheet by sheet, ignoring the export date
 * (the one cell that changes between two exports of the same data) and the
 * file's own metadata. Used to prove that an export is deterministic, that
 * LibreOffice reads back what we wrote, and (with the importer) that export →
 * import → export gives the same content.
 */
export type CellText = string | number | null;

function plain(value: ExcelJS.CellValue): CellText {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return value;
  if (typeof value === "string") return value === "" ? null : value;
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ("richText" in value) return plain(value.richText.map((r) => r.text).join(""));
  if ("formula" in value || "sharedFormula" in value) return plain(value.result ?? null);
  if ("text" in value) return plain(value.text);
  if ("error" in value) return value.error;
  return null;
}

/** Every sheet as rows of plain values, trailing empty cells and rows dropped. */
export function workbookCells(wb: ExcelJS.Workbook): Map<string, CellText[][]> {
  const out = new Map<string, CellText[][]>();
  for (const ws of wb.worksheets) {
    const rows: CellText[][] = [];
    for (let r = 1; r <= ws.rowCount; r += 1) {
      const row = ws.getRow(r);
      const cells: CellText[] = [];
      for (let c = 1; c <= Math.max(row.cellCount, ws.columnCount); c += 1)
        cells.push(plain(row.getCell(c).value));
      while (cells.length && cells[cells.length - 1] === null) cells.pop();
      rows.push(cells);
    }
    while (rows.length && rows[rows.length - 1]!.length === 0) rows.pop();
    if (ws.name === SUMMARY_SHEET)
      for (const cells of rows) if (cells[0] === EXPORT_DATE_LABEL) cells.splice(1);
    out.set(ws.name, rows);
  }
  return out;
}

const column = (n: number): string =>
  n <= 26
    ? String.fromCharCode(64 + n)
    : column(Math.floor((n - 1) / 26)) + column(((n - 1) % 26) + 1);

const same = (a: CellText, b: CellText) =>
  typeof a === "number" && typeof b === "number"
    ? Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a))
    : a === b;

/** The differences, as a planner would report them ("Hoja 'Resumen', celda B3: …"); empty when equal. */
export function compareWorkbooks(a: ExcelJS.Workbook, b: ExcelJS.Workbook, limit = 20): string[] {
  const left = workbookCells(a);
  const right = workbookCells(b);
  const out: string[] = [];
  const names = [...left.keys()];
  const otherNames = [...right.keys()];
  if (names.join("\n") !== otherNames.join("\n"))
    out.push(`Hojas distintas: ${names.join(", ")} ≠ ${otherNames.join(", ")}`);
  for (const name of names) {
    const l = left.get(name)!;
    const r = right.get(name);
    if (!r) continue;
    for (let i = 0; i < Math.max(l.length, r.length) && out.length < limit; i += 1) {
      const lr = l[i] ?? [];
      const rr = r[i] ?? [];
      for (let j = 0; j < Math.max(lr.length, rr.length) && out.length < limit; j += 1)
        if (!same(lr[j] ?? null, rr[j] ?? null))
          out.push(
            `Hoja '${name}', celda ${column(j + 1)}${i + 1}: ${JSON.stringify(lr[j] ?? null)} ≠ ${JSON.stringify(rr[j] ?? null)}`,
          );
    }
  }
  return out;
}

export async function readWorkbook(data: Buffer | ArrayBuffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as ArrayBuffer);
  return wb;
}
