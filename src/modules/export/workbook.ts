import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { addAxisSheets } from "./matrix";
import { chileanDate, STATUS_LABEL, STATUS_ORDER } from "./labels";
import type { ExportData } from "./queries";
import { alertsTable, indicatorsTable, measurementsTable } from "./tables";
import {
  BOLD,
  BORDER,
  dateValue,
  DATE_FORMAT,
  demoNote,
  PERCENT_FORMAT,
  setStatus,
  setText,
  styleHeader,
  addLandscapeSheet,
  fitRowHeights,
  mergeCells,
  writeTableSheet,
  yieldTurn,
} from "./xlsx-style";

/** The label of the one cell that differs between two exports of the same data. */
export const EXPORT_DATE_LABEL = "Fecha de exportación";
export const SUMMARY_SHEET = "Resumen";

function summarySheet(wb: ExcelJS.Workbook, data: ExportData) {
  const ws = addLandscapeSheet(wb, SUMMARY_SHEET);
  ws.columns = [{ width: 28 }, { width: 70 }];
  const title = ws.addRow([]);
  setText(title.getCell(1), data.plan.title);
  title.getCell(1).font = { ...BOLD, size: 16 };
  mergeCells(ws, title.number, 1, title.number, 2);

  const fact = (label: string, value: string | number | Date | null, numFmt?: string) => {
    const row = ws.addRow([]);
    setText(row.getCell(1), label);
    row.getCell(1).font = { ...BOLD };
    const cell = row.getCell(2);
    if (typeof value === "string" || value === null) setText(cell, value);
    else cell.value = value;
    if (numFmt) cell.numFmt = numFmt;
    cell.alignment = { wrapText: true, vertical: "top", horizontal: "left" };
    return row;
  };
  fact("Municipalidad", `${data.municipality.name} (CUT ${data.municipality.cutCode})`);
  fact("Período", `${data.plan.startYear}–${data.plan.endYear}`);
  fact(EXPORT_DATE_LABEL, dateValue(data.exportedOn), DATE_FORMAT);
  fact(
    "Cifras calculadas al",
    data.plan.figuresAsOf ? dateValue(data.plan.figuresAsOf) : "Aún sin cifras",
    data.plan.figuresAsOf ? DATE_FORMAT : undefined,
  );
  fact(
    "% de cumplimiento",
    data.summary?.progress ?? "Sin mediciones validadas",
    data.summary?.progress !== null && data.summary ? PERCENT_FORMAT : undefined,
  );
  setStatus(fact("Estado del plan", null).getCell(2), data.summary?.status ?? "no_data");
  fact("Publicación", data.plan.published ? "Plan publicado" : "Plan no publicado (uso interno)");
  const note = demoNote(data);
  if (note) {
    const row = fact("Datos", note);
    row.getCell(2).font = { ...BOLD, color: { argb: "FF9C0006" } };
  }

  ws.addRow([]);
  const legendTitle = ws.addRow([]);
  setText(legendTitle.getCell(1), "Indicadores por estado (leyenda del semáforo)");
  legendTitle.getCell(1).font = { ...BOLD, size: 12 };
  styleHeader(ws.addRow(["ESTADO", "INDICADORES"]));
  for (const status of STATUS_ORDER) {
    const row = ws.addRow([]);
    setStatus(row.getCell(1), status);
    row.getCell(2).value = data.summary?.counts[status] ?? 0;
    row.getCell(2).alignment = { horizontal: "left" };
    row.getCell(1).border = BORDER;
    row.getCell(2).border = BORDER;
  }

  ws.addRow([]);
  const sheets = ws.addRow([]);
  setText(sheets.getCell(1), "Hojas");
  sheets.getCell(1).font = { ...BOLD, size: 12 };
  const explain = (name: string, what: string) => {
    const row = ws.addRow([]);
    setText(row.getCell(1), name);
    setText(row.getCell(2), what);
  };
  explain(
    "Una por lineamiento",
    "La matriz del PLADECO: objetivos estratégicos, planes, programas y proyectos; por objetivo local, los programas o proyectos con sus actividades, indicadores, plazos, metas, responsables y financiamiento. CÓDIGO identifica cada iniciativa al volver a importar; ESTADO, AVANCE % y EXPLICACIÓN dicen cómo va.",
  );
  explain("Indicadores", "Un indicador por fila, con su definición y su última cifra validada.");
  explain("Mediciones", "Las mediciones validadas de cada indicador, por período.");
  if (data.alerts !== null)
    explain("Alertas", "Las alertas tempranas: abiertas, con acción correctiva y resueltas.");
  explain(
    "Estados",
    `${STATUS_ORDER.map((s) => STATUS_LABEL[s]).join(", ")}: calculados con las mediciones validadas, como en el cuadro de mando de Rumbo.`,
  );
  fitRowHeights(ws);
  ws.commit();
}

/**
 * The whole plan with its current status as an xlsx workbook, written to `out`
 * as it is made: ExcelJS's streaming writer commits each row of the large
 * sheets (Indicadores, Mediciones, Alertas) as soon as it is formatted, so the
 * workbook is never whole in memory, and the event loop gets a turn every few
 * hundred rows. Deterministic: the same data and export date give the same
 * cells (no clock is read here; the file's created and modified dates are the
 * export date). Resolves once the last byte is handed to `out`.
 */
export async function writeWorkbook(data: ExportData, out: Writable): Promise<void> {
  const exportedOn = dateValue(data.exportedOn);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = "Rumbo";
  wb.lastModifiedBy = "Rumbo";
  wb.created = exportedOn;
  wb.modified = exportedOn;
  wb.title = `${data.plan.title} (${chileanDate(data.exportedOn)})`;
  const taken = new Set<string>(
    [SUMMARY_SHEET, indicatorsTable.sheet, measurementsTable.sheet, alertsTable.sheet].map((s) =>
      s.toLowerCase(),
    ),
  );
  summarySheet(wb, data);
  await yieldTurn(out);
  await addAxisSheets(wb, data, taken, out);
  await writeTableSheet(wb, indicatorsTable, data.indicators, out);
  await writeTableSheet(wb, measurementsTable, data.measurements, out);
  if (data.alerts !== null) await writeTableSheet(wb, alertsTable, data.alerts, out);
  await wb.commit();
}

/** An in-memory workbook (the template, small) as the bytes of its file. */
export async function workbookBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}
