import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import ExcelJS from "exceljs";
import type { FixtureItem, PlanFixture } from "../../src/modules/demo/fixture-schema";
import { TEMPLATE_HEADER } from "../../src/modules/export/template";

/**
 * Test workbooks laid out as the real PLADECO matrices are: one sheet per
 * axis with its heading, the strategic table with parents merged vertically
 * over their children, "OBJETIVO LOCAL:" rows each followed by an action
 * matrix, blank spacer rows, a repeated header row (a page break), header
 * variants (case, accents, spacing, singular or plural) and multi-line cells.
 */

const STRATEGIC_HEADERS = [
  ["OBJETIVO ESTRATÉGICO", "PLAN", "PROGRAMA", "PROYECTO/ESTUDIOS"],
  ["Objetivos Estratégicos", "Planes", "Programas", "Proyectos / Estudios"],
  ["objetivo  estrategico", "PLAN", "PROGRAMAS", "PROYECTO - ESTUDIO"],
];
const ACTION_HEADERS = [
  [
    "PROGRAMA O PROYECTO",
    "ACTIVIDADES",
    "INDICADORES",
    "PLAZOS",
    "METAS POR ODS",
    "RESPONSABLES",
    "FINANCIAMIENTO",
  ],
  [
    "Programa o Proyecto",
    "Actividad",
    "Indicador",
    "Plazo",
    "Metas por ODS",
    "Responsable",
    "Financiamiento",
  ],
  [
    "PROGRAMAS O PROYECTOS",
    "ACTIVIDADES ",
    "INDICADORES",
    "PLAZO",
    "META POR ODS",
    "RESPONSABLE(S)",
    "FUENTE DE FINANCIAMIENTO",
  ],
];
const HEADINGS = [
  (n: number, t: string) => `LINEAMIENTO ${n}: ${t}`,
  (n: number, t: string) => `LINEAMIENTO ESTRATÉGICO N°${n} ${t}`.replace(` ${t}`, `: ${t}`),
  (n: number, t: string) => `EJE ${n} – ${t}`,
];

export interface MatrixOptions {
  /** Add a CÓDIGO first column with these codes (by item), as the export does. */
  codes?: Map<FixtureItem, string>;
  /** Add the export's trailing status columns. */
  statusColumns?: boolean;
}

/** The plan of a fixture as a workbook in the matrix layout. */
export function matrixWorkbook(
  fixture: PlanFixture,
  options: MatrixOptions = {},
): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const offset = options.codes ? 1 : 0;
  fixture.plan.items.forEach((axis, a) => {
    const ws = wb.addWorksheet(`Lineamiento ${a + 1}`);
    const variant = a % 3;
    let r = 1;
    const put = (row: number, col: number, value: string | null) => {
      if (value === null) return;
      const cell = ws.getCell(row, col + offset);
      cell.value = value;
      cell.alignment = { wrapText: true, vertical: "top" };
    };
    const code = (row: number, item: FixtureItem) => {
      const c = options.codes?.get(item);
      if (c) ws.getCell(row, 1).value = c;
    };
    put(r, 1, HEADINGS[variant]!(a + 1, axis.title));
    ws.mergeCells(r, 1 + offset, r, 4 + offset);
    r += 2; // a blank spacer row
    const strategicHeader = () => {
      if (options.codes) ws.getCell(r, 1).value = "CÓDIGO";
      STRATEGIC_HEADERS[variant]!.forEach((h, i) => put(r, i + 1, h));
      r++;
    };
    strategicHeader();
    const strategic = axis.children.filter((c) => c.level !== "local_objective");
    // Children without an intermediate level first (a plan straight under its axis).
    const direct = (items: FixtureItem[], levels: string[]) =>
      [...items].sort((x, y) => levels.indexOf(x.level) - levels.indexOf(y.level));
    let rowsWritten = 0;
    const writeStrategic = (item: FixtureItem, col: number) => {
      const start = r;
      put(r, col, item.title);
      const children = direct(item.children, ["project", "program", "plan"]);
      if (children.length === 0) {
        code(r, item);
        r++;
        rowsWritten++;
        if (rowsWritten === 12) {
          strategicHeader(); // a page break repeats the header
        }
      } else
        for (const child of children) {
          const childCol = { strategic_objective: 1, plan: 2, program: 3, project: 4 }[
            child.level
          ]!;
          writeStrategic(child, childCol);
        }
      if (r - start > 1 && !sheetHasHeaderBetween(ws, start, r, offset))
        ws.mergeCells(start, col + offset, r - 1, col + offset);
    };
    for (const item of direct(strategic, ["plan", "strategic_objective"]))
      writeStrategic(item, item.level === "plan" ? 2 : 1);

    for (const local of axis.children.filter((c) => c.level === "local_objective")) {
      r++; // spacer
      put(r, 1, `OBJETIVO LOCAL: ${local.title}`);
      ws.mergeCells(r, 1 + offset, r, 7 + offset);
      r++;
      if (options.codes) ws.getCell(r, 1).value = "CÓDIGO";
      ACTION_HEADERS[variant]!.forEach((h, i) => put(r, i + 1, h));
      if (options.statusColumns)
        ["ESTADO", "AVANCE %", "EXPLICACIÓN"].forEach((h, i) => put(r, 8 + i, h));
      r++;
      const children = direct(local.children, ["activity", "action"]);
      for (const child of children) {
        if (child.level === "activity") {
          writeActivity(child);
          continue;
        }
        const start = r;
        put(r, 1, child.title);
        if (child.children.length === 0) {
          put(r, 3, child.indicators.map((i) => i.text).join("\n") || null);
          r++;
        }
        for (const activity of child.children) writeActivity(activity);
        if (r - start > 1) ws.mergeCells(start, 1 + offset, r - 1, 1 + offset);
      }
    }
    function writeActivity(activity: FixtureItem) {
      code(r, activity);
      put(r, 2, activity.title);
      put(r, 4, activity.deadlineText ?? null);
      put(r, 6, activity.responsibleText ?? null);
      put(r, 7, activity.fundingText ?? null);
      if (options.statusColumns) {
        put(r, 8, "Sin datos");
        put(r, 9, "0");
      }
      const inds = activity.indicators;
      if (inds.length === 2) {
        // Two indicators on two rows: the second row leaves ACTIVIDAD empty.
        inds.forEach((ind, i) => {
          put(r, 3, ind.text);
          put(r, 5, ind.targetText ?? null);
          if (i === 0) r++;
        });
        r++;
        return;
      }
      put(r, 3, inds.map((i) => i.text).join("\n") || null);
      const goals = inds.map((i) => i.targetText).filter((t): t is string => Boolean(t));
      put(r, 5, goals.length === inds.length ? goals.join("\n") : (inds[0]?.targetText ?? null));
      r++;
    }
    ws.columns.forEach((c) => (c.width = 28));
  });
  return wb;
}

function sheetHasHeaderBetween(
  ws: ExcelJS.Worksheet,
  from: number,
  to: number,
  offset: number,
): boolean {
  for (let row = from; row < to; row++) {
    const v = ws.getCell(row, 1 + offset).value;
    if (typeof v === "string" && /OBJETIVO/i.test(v) && /ESTRAT/i.test(v)) return true;
  }
  return false;
}

/** The template layout ("Plantilla"), one row per activity or per extra indicator. */
export { TEMPLATE_HEADER };

export function templateWorkbook(rows: Array<Array<string | number | null>>): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const info = wb.addWorksheet("Instrucciones");
  info.getCell("A1").value =
    "Complete una fila por actividad. Las columnas CÓDIGO y ODS son opcionales.";
  const ws = wb.addWorksheet("Plantilla", { views: [{ state: "frozen", ySplit: 1 }] });
  ws.addRow([...TEMPLATE_HEADER]);
  for (const row of rows) ws.addRow(row);
  const lists = wb.addWorksheet("Listas", { state: "hidden" });
  lists.addRow(["Mensual", "Trimestral", "Semestral", "Anual"]);
  return wb;
}

export async function writeWorkbook(
  wb: ExcelJS.Workbook,
  dir: string,
  name: string,
): Promise<string> {
  const file = path.join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

const exec = promisify(execFile);

/**
 * Converts a file with LibreOffice Calc (soffice --headless --convert-to xlsx),
 * as a planner's LibreOffice would save it; each run has its own profile so
 * that conversions may run at the same time.
 */
export async function saveWithLibreOffice(file: string, infilter?: string): Promise<string> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "rumbo-lo-out-"));
  const profile = path.join(os.tmpdir(), `lo-${randomBytes(6).toString("hex")}`);
  try {
    await exec(
      "/usr/bin/soffice",
      [
        `-env:UserInstallation=file://${profile}`,
        "--headless",
        ...(infilter ? [`--infilter=${infilter}`] : []),
        "--convert-to",
        "xlsx",
        "--outdir",
        out,
        file,
      ],
      { timeout: 120_000 },
    );
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
  const converted = path.join(out, `${path.basename(file).replace(/\.[^.]+$/, "")}.xlsx`);
  if (!fs.existsSync(converted)) throw new Error(`LibreOffice no convirtió ${file}`);
  return converted;
}

/**
 * A large synthetic plan in the matrix layout, written with exceljs's streaming
 * writer: 10 axes, each with a small strategic table and local objectives of
 * 10 actions × 10 activities (one indicator and goal each). Parents are left
 * blank below their first row, as merged cells read.
 */
export async function writeLargeMatrix(file: string, activities: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useSharedStrings: true,
    useStyles: false,
  });
  const AXES = 10;
  const perAxis = Math.ceil(activities / AXES);
  let written = 0;
  for (let a = 1; a <= AXES; a++) {
    const ws = wb.addWorksheet(`Lineamiento ${a}`);
    ws.addRow([`LINEAMIENTO ${a}: EJE SINTÉTICO ${a}`]).commit();
    ws.addRow([]).commit();
    ws.addRow(STRATEGIC_HEADERS[0]!).commit();
    for (let o = 1; o <= 5; o++)
      ws.addRow([
        `Objetivo estratégico ${a}.${o}`,
        `Plan ${a}.${o}`,
        `Programa ${a}.${o}`,
        `Proyecto ${a}.${o}`,
      ]).commit();
    let inAxis = 0;
    for (let l = 1; inAxis < perAxis && written < activities; l++) {
      ws.addRow([]).commit();
      ws.addRow([`OBJETIVO LOCAL: Objetivo local ${a}.${l} de demostración sintética`]).commit();
      ws.addRow(ACTION_HEADERS[0]!).commit();
      for (let p = 1; p <= 10 && inAxis < perAxis && written < activities; p++)
        for (let k = 1; k <= 10 && inAxis < perAxis && written < activities; k++) {
          ws.addRow([
            k === 1 ? `Programa ${a}.${l}.${p} (simulado)` : null,
            `Actividad ${a}.${l}.${p}.${k}: realizar talleres comunitarios`,
            `N° de talleres realizados / N° de talleres programados * 100`,
            "Enero a Diciembre 2025",
            "A lo menos 3 talleres formativos",
            p % 2 === 0 ? "DIDECO" : "SECPLA",
            "FONDOS MUNICIPALES; FNDR 2025",
          ]).commit();
          written++;
          inAxis++;
        }
    }
    ws.commit();
  }
  await wb.commit();
}
