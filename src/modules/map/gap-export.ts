import ExcelJS from "exceljs";
import type { GapDto } from "./schemas";

/** The gap table as people open it in a spreadsheet: Spanish headers, es-CL numbers. */
const HEADERS = [
  "Rango",
  "Código",
  "Territorio",
  "Peso de problemas",
  "Iniciativas",
  "Inversión (CLP)",
  "Cobertura",
  "Brecha",
];

const cells = (r: GapDto["rows"][number]) => [
  r.rank,
  r.code,
  r.name,
  r.problemWeight,
  r.itemCount,
  r.investmentClp,
  r.coverage,
  r.gap,
];

/** CSV with semicolons and decimal commas (what a Chilean Excel expects), UTF-8 with BOM. */
export function gapCsv(gap: GapDto): string {
  const field = (v: string | number) => {
    const s = typeof v === "number" ? String(v).replace(".", ",") : v;
    return /[";\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [HEADERS, ...gap.rows.map(cells)].map((row) => row.map(field).join(";"));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

export async function gapXlsx(gap: GapDto, planTitle: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Rumbo";
  const sheet = workbook.addWorksheet("Brecha");
  sheet.addRow(HEADERS).font = { bold: true };
  for (const r of gap.rows) sheet.addRow(cells(r));
  sheet.getColumn(6).numFmt = '"$" #,##0';
  sheet.getColumn(7).numFmt = "0.00";
  sheet.getColumn(8).numFmt = "0.00";
  sheet.columns.forEach((c, i) => {
    c.width = i === 2 ? 36 : 16;
  });
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  const about = workbook.addWorksheet("Método");
  about.addRow(["Plan", planTitle]);
  about.addRow(["Método", gap.method]);
  about.getColumn(2).width = 120;
  about.getCell("B2").alignment = { wrapText: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
