import { inertText } from "./inert";
import type { ExportData } from "./queries";
import { TABLES, type CellValue, type Column, type Table, type TableKey } from "./tables";

/**
 * Open data as CSV, one file per table, written for a spreadsheet set up in
 * Chile: UTF-8 with a byte-order mark (so Excel reads the accents right), `;`
 * between fields and a decimal comma (Excel in es-CL reads "12,5" as a number
 * and takes "12.5" for twelve thousand five hundred), dates as YYYY-MM-DD,
 * percentages as numbers from 0 to 100, CRLF line ends (RFC 4180). Every text
 * field is neutralised against formula injection (inert.ts). For programs,
 * the JSON export carries the same figures with plain numbers.
 */
export const CSV_SEPARATOR = ";";
const BOM = "\uFEFF";

function quote(text: string): string {
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A number with a decimal comma and no thousands separator: 1234.5 → "1234,5". */
function number(value: number): string {
  const rounded = Math.round(value * 1e6) / 1e6;
  return String(rounded).replace(".", ",");
}

function field<R>(column: Column<R>, value: CellValue): string {
  if (value === null) return "";
  if (typeof value === "number")
    return number(column.type === "percent" ? Math.round(value * 1000) / 10 : value);
  return quote(inertText(value));
}

export function tableCsv<R>(table: Table<R>, rows: R[]): string {
  const lines = [table.columns.map((c) => quote(inertText(c.header))).join(CSV_SEPARATOR)];
  for (const r of rows)
    lines.push(table.columns.map((c) => field(c, c.value(r))).join(CSV_SEPARATOR));
  return BOM + lines.join("\r\n") + "\r\n";
}

/** One table of the export as CSV, or null when the reader may not see it (alerts). */
export function exportCsv(data: ExportData, key: TableKey): string | null {
  // Each table is typed by its own rows; the switch keeps the pairing checked.
  switch (key) {
    case "items":
      return tableCsv(TABLES.items, data.items);
    case "indicators":
      return tableCsv(TABLES.indicators, data.indicators);
    case "measurements":
      return tableCsv(TABLES.measurements, data.measurements);
    case "alerts":
      return data.alerts === null ? null : tableCsv(TABLES.alerts, data.alerts);
  }
}
