/**
 * The worker thread that reads a workbook (started by read.ts): checks the file,
 * then reads its rows with exceljs, posting progress as it goes, so that the
 * server's event loop stays free for other requests.
 */
import { parentPort, workerData } from "node:worker_threads";
import ExcelJS from "exceljs";
import { cellText } from "./cells";
import { cellRef, ImportFileError, type Grid, type GridSheet, type ImportMessage } from "./grid";
import { inspectWorkbook } from "./inspect";

export type WorkerMessage =
  | { type: "progress"; phase: "checking" | "reading"; done: number; total: number }
  | { type: "done"; grid: Grid }
  | { type: "failed"; message: string; status: number };

export async function readGrid(content: Buffer, post: (m: WorkerMessage) => void): Promise<Grid> {
  const { rows: total } = await inspectWorkbook(content, (done, all) =>
    post({ type: "progress", phase: "checking", done, total: all }),
  );
  const messages: ImportMessage[] = [];
  const sheets: GridSheet[] = [];
  // The whole-file reader, not exceljs's streaming one: the streaming reader decodes each
  // decompressed chunk as UTF-8 on its own and garbles a character split between two chunks
  // ("Postulaci��n"). The file's size and rows are already bounded by inspectWorkbook.
  post({ type: "progress", phase: "reading", done: 0, total });
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its input as an ArrayBuffer; JSZip underneath reads one as well.
    const bytes = content.buffer.slice(content.byteOffset, content.byteOffset + content.byteLength);
    await workbook.xlsx.load(bytes as ArrayBuffer);
  } catch (error) {
    throw new ImportFileError(
      `El libro está dañado y no se puede leer: ${(error as Error).message}. Ábralo en Excel o LibreOffice, guárdelo de nuevo como .xlsx y vuelva a intentarlo.`,
    );
  }
  let done = 0;
  for (const ws of workbook.worksheets) {
    const sheet: GridSheet = { name: ws.name, hidden: ws.state !== "visible", rows: [] };
    sheets.push(sheet);
    ws.eachRow({ includeEmpty: false }, (row) => {
      done++;
      if (done % 1000 === 0) post({ type: "progress", phase: "reading", done, total });
      const cells: (string | null)[] = [];
      let any = false;
      row.eachCell({ includeEmpty: false }, (cell, column) => {
        // A merged range reads as its value in the first cell and blanks below, as printed.
        if (cell.isMerged && cell.master !== cell) return;
        const text = cellText(
          cell.value,
          cell.numFmt,
          { sheet: sheet.name, cell: cellRef(column, row.number) },
          messages,
        );
        if (text === null) return;
        while (cells.length < column - 1) cells.push(null);
        cells[column - 1] = text;
        any = true;
      });
      if (any) sheet.rows.push({ n: row.number, cells });
    });
  }
  post({ type: "progress", phase: "reading", done: total, total });
  return { sheets, messages };
}

/** A message of the worker, tagged with the read it belongs to. */
export interface WorkerReply {
  id: number;
  message: WorkerMessage;
}

if (parentPort && (workerData as { rumboImport?: boolean } | null)?.rumboImport) {
  const port = parentPort;
  port.on("message", ({ id, content }: { id: number; content: Uint8Array }) => {
    const reply = (message: WorkerMessage) =>
      port.postMessage({ id, message } satisfies WorkerReply);
    readGrid(Buffer.from(content.buffer, content.byteOffset, content.byteLength), reply)
      .then((grid) => reply({ type: "done", grid }))
      .catch((error: unknown) =>
        reply({
          type: "failed",
          message: error instanceof Error ? error.message : String(error),
          status: error instanceof ImportFileError ? error.status : 500,
        }),
      );
  });
}
