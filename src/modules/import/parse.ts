import { headerColumns, tableKind } from "../../domain/import/headers";
import type { Grid, ImportMessage } from "./grid";
import { parseMatrixSheets } from "./parse-matrix";
import { parseTemplateSheet } from "./parse-template";
import { countItems, type ImportItem, type ParsedWorkbook } from "./tree";

/**
 * The plan in a workbook: sheets with the template's header are read as the
 * template; the other visible sheets as PLADECO matrices. Sheets with neither
 * (instructions, lists) are skipped.
 */
export function parseWorkbook(grid: Grid): ParsedWorkbook {
  const messages: ImportMessage[] = [...grid.messages];
  const items: ImportItem[] = [];
  let template = false;
  const matrixSheets = [];
  for (const sheet of grid.sheets) {
    const header = sheet.rows.slice(0, 20).find((r) => tableKind(headerColumns(r.cells)) !== null);
    if (!header) continue;
    const columns = headerColumns(header.cells);
    if (tableKind(columns) === "template") {
      template = true;
      parseTemplateSheet(sheet, header.n, columns, items, messages);
    } else if (!sheet.hidden) matrixSheets.push(sheet);
  }
  const { ignoredColumns } = parseMatrixSheets(matrixSheets, items, messages);
  if (ignoredColumns)
    messages.push({
      severity: "info",
      message: "Las columnas ESTADO, AVANCE % y EXPLICACIÓN son del seguimiento y no se importan.",
    });
  const layout = template ? "template" : matrixSheets.length > 0 ? "matrix" : "none";
  if (layout === "none")
    messages.push({
      severity: "error",
      message:
        "Ninguna hoja tiene los encabezados de una matriz PLADECO (OBJETIVO ESTRATÉGICO | PLAN | PROGRAMA… o PROGRAMA O PROYECTO | ACTIVIDADES…) ni los de la plantilla de Rumbo.",
    });
  else if (countItems(items) === 0)
    messages.push({
      severity: "info",
      message: "El libro no trae iniciativas: no hay nada que importar.",
    });
  return { layout, items, messages };
}
