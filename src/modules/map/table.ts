import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";

/**
 * A table of values keyed by territory code, from CSV (comma, semicolon or tab;
 * as Chilean spreadsheets save it) or from the first sheet of an xlsx.
 * Row numbers are the file's: the header is row 1.
 */
export interface Table {
  header: string[];
  rows: Array<{ row: number; cells: Array<string | number | null> }>;
}

export class TableError extends Error {}

function cellValue(v: ExcelJS.CellValue): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "string") return v;
  if (typeof v === "boolean") return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object" && "result" in v) {
    const r = v.result;
    return typeof r === "number" || typeof r === "string" ? r : null;
  }
  if (typeof v === "object" && "richText" in v) return v.richText.map((t) => t.text).join("");
  if (typeof v === "object" && "text" in v) return String(v.text);
  return null;
}

async function readXlsx(buffer: Buffer): Promise<Table> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch {
    throw new TableError("El archivo .xlsx está dañado o no es una planilla de Excel.");
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new TableError("La planilla no tiene hojas.");
  const rows: Table["rows"] = [];
  let header: string[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const values = Array.isArray(row.values) ? row.values.slice(1) : [];
    const cells = values.map((v) => cellValue(v as ExcelJS.CellValue));
    if (header.length === 0) header = cells.map((c) => String(c ?? "").trim());
    else rows.push({ row: number, cells });
  });
  return { header, rows };
}

function readCsv(buffer: Buffer): Table {
  const text = buffer.toString("utf8").replace(/^\uFEFF/, "");
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: [";", ",", "\t"],
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as string[][];
  } catch (error) {
    throw new TableError(`El CSV no se pudo leer: ${(error as Error).message}.`);
  }
  const [header = [], ...rest] = records;
  return { header, rows: rest.map((cells, i) => ({ row: i + 2, cells })) };
}

export async function readTable(buffer: Buffer): Promise<Table> {
  const table =
    buffer.length >= 4 && buffer.readUInt32LE(0) === 0x04034b50
      ? await readXlsx(buffer)
      : readCsv(buffer);
  if (table.header.length < 2)
    throw new TableError(
      "La primera fila debe nombrar al menos dos columnas: el código del territorio y el valor.",
    );
  return table;
}

/**
 * A number as people type it in Chile ("1.234,5", "12,5") or as a program
 * writes it ("1234.5"); empty → null; anything else → undefined (an error).
 */
export function parseNumber(cell: string | number | null): number | null | undefined {
  if (cell === null) return null;
  if (typeof cell === "number") return Number.isFinite(cell) ? cell : undefined;
  const s = cell.trim().replace(/\s/g, "");
  if (s === "" || s === "-") return null;
  if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) return Number(s.replace(/\./g, "").replace(",", "."));
  if (/^-?\d+(,\d+)?$/.test(s)) return Number(s.replace(",", "."));
  if (/^-?\d*\.?\d+(e-?\d+)?$/i.test(s)) return Number(s);
  return undefined;
}
