import ExcelJS from "exceljs";
import type { DataValidation } from "exceljs";
import { PERIODICITY_LABEL } from "./labels";
import type { TemplateRow } from "./template-rows";
import { BOLD, fitRowHeights, landscape, mergeCells, setText, styleHeader } from "./xlsx-style";

/**
 * The template workbook ("plantilla", issue #6 contract, layout 2): sheet
 * Plantilla with one row per activity under a frozen header; the hidden
 * sheet Listas with the drop-down sources; and Instrucciones in Spanish.
 */
export const TEMPLATE_HEADER = [
  "CÓDIGO",
  "EJE",
  "OBJETIVO ESTRATÉGICO",
  "PLAN",
  "PROGRAMA",
  "PROYECTO/ESTUDIOS",
  "OBJETIVO LOCAL",
  "PROGRAMA O PROYECTO",
  "ACTIVIDAD",
  "INDICADOR",
  "META",
  "PLAZO",
  "ODS",
  "RESPONSABLE",
  "FINANCIAMIENTO",
  "PERIODICIDAD",
] as const;

const WIDTHS = [10, 28, 32, 28, 28, 28, 32, 32, 40, 36, 28, 14, 26, 30, 26, 14];

const INSTRUCTIONS: Array<[string, string]> = [
  [
    "CÓDIGO",
    "Déjelo en blanco en las filas nuevas. Rumbo lo usa para reconocer una iniciativa que ya existe (por ejemplo 1.2.3) y actualizarla en vez de crear otra.",
  ],
  ["EJE", "El lineamiento estratégico (eje) al que pertenece la fila."],
  ["OBJETIVO ESTRATÉGICO", "Opcional: el objetivo estratégico del eje."],
  ["PLAN", "Opcional: el plan bajo el objetivo estratégico."],
  ["PROGRAMA", "Opcional: el programa bajo el plan."],
  ["PROYECTO/ESTUDIOS", "Opcional: el proyecto o estudio bajo el programa."],
  ["OBJETIVO LOCAL", "El objetivo local del eje bajo el que va la actividad."],
  [
    "PROGRAMA O PROYECTO",
    "El programa o proyecto del objetivo local; se repite en cada una de sus actividades.",
  ],
  ["ACTIVIDAD", "Una actividad por fila."],
  [
    "INDICADOR",
    "El indicador de la actividad. Si tiene varios, use una fila por indicador repitiendo la actividad.",
  ],
  ["META", "La meta del indicador, como número (95%, 0,8, 3) o como texto."],
  ["PLAZO", "Como lo escribe el plan: 2024-2029, Enero - Diciembre, Enero a Diciembre 2024."],
  ["ODS", "El Objetivo de Desarrollo Sostenible, elegido de la lista."],
  [
    "RESPONSABLE",
    "La unidad municipal responsable, de la lista. Puede escribir otra: Rumbo la buscará por nombre al importar y le propondrá crearla.",
  ],
  ["FINANCIAMIENTO", "La fuente de financiamiento, de la lista del catálogo."],
  ["PERIODICIDAD", "Cada cuánto se mide el indicador: Mensual, Trimestral, Semestral o Anual."],
];

/** Rows that carry the drop-downs: enough for a whole PLADECO. */
export const TEMPLATE_ROWS = 1000;

export interface TemplateLists {
  units: string[];
  funding: string[];
  /** "3 – Salud y bienestar". */
  sdgs: string[];
}

function listColumn(ws: ExcelJS.Worksheet, column: number, title: string, values: string[]) {
  ws.getRow(1).getCell(column).value = title;
  values.forEach((v, i) => setText(ws.getRow(i + 2).getCell(column), v));
  const letter = String.fromCharCode(64 + column);
  return `Listas!$${letter}$2:$${letter}$${Math.max(values.length, 1) + 1}`;
}

/** The template, empty or with rows (the plan as it is, `templateRows`). */
export function buildTemplate(
  lists: TemplateLists,
  exportedOn: string,
  rows: TemplateRow[] = [],
): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Rumbo";
  wb.lastModifiedBy = "Rumbo";
  wb.created = new Date(`${exportedOn}T00:00:00Z`);
  wb.modified = wb.created;
  wb.title = "Plantilla de plan (Rumbo)";

  const sheet = wb.addWorksheet("Plantilla");
  const instructions = wb.addWorksheet("Instrucciones");
  const listas = wb.addWorksheet("Listas", { state: "hidden" });

  const units = listColumn(listas, 1, "UNIDADES", lists.units);
  const funding = listColumn(listas, 2, "FINANCIAMIENTO", lists.funding);
  const sdgs = listColumn(listas, 3, "ODS", lists.sdgs);
  const periodicities = listColumn(listas, 4, "PERIODICIDAD", Object.values(PERIODICITY_LABEL));
  listas.columns = [{ width: 40 }, { width: 40 }, { width: 40 }, { width: 14 }];

  sheet.columns = WIDTHS.map((width) => ({ width }));
  styleHeader(sheet.addRow([...TEMPLATE_HEADER]));
  sheet.views = [{ state: "frozen", xSplit: 0, ySplit: 1 }];
  sheet.autoFilter = {
    from: { row: 1, column: 1 },
    to: { row: 1, column: TEMPLATE_HEADER.length },
  };
  landscape(sheet);

  const list = (source: string, what: string, warning: boolean): DataValidation => ({
    type: "list",
    allowBlank: true,
    formulae: [source],
    showErrorMessage: true,
    errorStyle: warning ? "warning" : "stop",
    errorTitle: what,
    error: warning
      ? `${what} no está en la lista. Puede dejarlo así: Rumbo lo buscará por nombre al importar.`
      : `Elija ${what.toLowerCase()} de la lista.`,
  });
  const column = (name: (typeof TEMPLATE_HEADER)[number]) => TEMPLATE_HEADER.indexOf(name) + 1;
  const validations: Array<[number, DataValidation]> = [
    [column("ODS"), list(sdgs, "El ODS", false)],
    [column("RESPONSABLE"), list(units, "La unidad responsable", true)],
    [column("FINANCIAMIENTO"), list(funding, "La fuente de financiamiento", false)],
    [column("PERIODICIDAD"), list(periodicities, "La periodicidad", false)],
  ];
  rows.forEach((values, n) => {
    const row = sheet.getRow(n + 2);
    TEMPLATE_HEADER.forEach((name, c) => setText(row.getCell(c + 1), values[name]));
  });
  for (let r = 2; r <= Math.max(TEMPLATE_ROWS, rows.length) + 1; r += 1) {
    const row = sheet.getRow(r);
    for (const [c, validation] of validations) row.getCell(c).dataValidation = validation;
  }

  instructions.columns = [{ width: 24 }, { width: 100 }];
  const intro = instructions.addRow([]);
  setText(
    intro.getCell(1),
    "Complete la hoja Plantilla con una fila por actividad (o por indicador de una actividad) y súbala en Rumbo, en Importar, o con «rumbo import». Antes de guardar, Rumbo le muestra qué creará, actualizará o dejará igual.",
  );
  mergeCells(instructions, intro.number, 1, intro.number, 2);
  styleHeader(instructions.addRow(["COLUMNA", "QUÉ VA"]));
  for (const [name, what] of INSTRUCTIONS) {
    const row = instructions.addRow([]);
    setText(row.getCell(1), name);
    row.getCell(1).font = { ...BOLD };
    setText(row.getCell(2), what);
  }
  fitRowHeights(instructions);
  fitRowHeights(sheet);
  return wb;
}
