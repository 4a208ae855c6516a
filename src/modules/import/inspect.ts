import type { Readable } from "node:stream";
import yauzl from "yauzl";
import { ImportFileError } from "./grid";
import { IMPORT_LIMITS, megabytes } from "./limits";

/**
 * Checks that a file is a workbook we may read, by its content and before the
 * Excel library touches it: a zip (not an old .xls, an encrypted workbook, an
 * OpenDocument sheet or anything else), without macros, whose parts'
 * declared and actual sizes stay within the limits (zip bombs), and whose
 * sheets together have no more rows than allowed. Returns the row count, which
 * feeds the progress of the reading that follows.
 */
export interface Inspection {
  rows: number;
  sheets: number;
}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const CFB = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export async function inspectWorkbook(
  content: Buffer,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<Inspection> {
  if (content.length > IMPORT_LIMITS.maxBytes)
    throw new ImportFileError(
      `El archivo pesa ${megabytes(content.length)}; el máximo es ${megabytes(IMPORT_LIMITS.maxBytes)}. Divida el libro o quite hojas que no sean del plan.`,
      413,
    );
  if (content.subarray(0, 8).equals(CFB)) {
    if (content.includes(Buffer.from("EncryptedPackage", "utf16le")))
      throw new ImportFileError(
        "El libro está protegido con contraseña. Ábralo en Excel o LibreOffice, quite la contraseña de apertura, guárdelo como .xlsx y súbalo de nuevo.",
        415,
      );
    throw new ImportFileError(
      "El archivo es un libro de Excel 97-2003 (.xls). Ábralo y guárdelo como «Libro de Excel (.xlsx)».",
      415,
    );
  }
  if (!content.subarray(0, 4).equals(ZIP))
    throw new ImportFileError(
      "El archivo no es un libro de Excel (.xlsx): su contenido no lo es, cualquiera sea su nombre.",
      415,
    );

  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(content, { lazyEntries: true, validateEntrySizes: true });
  } catch (error) {
    throw broken(error);
  }
  const entries: yauzl.Entry[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("entry", (entry: yauzl.Entry) => {
        entries.push(entry);
        zip.readEntry();
      });
      zip.on("end", resolve);
      zip.on("error", reject);
      zip.readEntry();
    });
  } catch (error) {
    throw broken(error);
  }
  const names = new Set(entries.map((e) => e.fileName));
  if (names.has("mimetype") && [...names].some((n) => n === "content.xml"))
    throw new ImportFileError(
      "El archivo es una hoja de cálculo OpenDocument (.ods). Guárdelo como «Libro de Excel 2007-365 (.xlsx)» y súbalo de nuevo.",
      415,
    );
  if (!names.has("[Content_Types].xml") || !names.has("xl/workbook.xml"))
    throw new ImportFileError(
      "El archivo es un zip, pero no un libro de Excel (.xlsx): le faltan sus partes (xl/workbook.xml).",
      415,
    );
  if (entries.some((e) => /(^|\/)vbaProject\.bin$/i.test(e.fileName)))
    throw new ImportFileError(
      "El libro contiene macros (es un .xlsm). Por seguridad no se importan libros con macros: guárdelo como «Libro de Excel (.xlsx)», sin macros, y súbalo de nuevo.",
      415,
    );
  if (entries.some((e) => e.isEncrypted()))
    throw new ImportFileError(
      "El libro tiene partes cifradas (protegido con contraseña). Quite la contraseña y súbalo de nuevo.",
      415,
    );
  const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  const bomb = entries.find(
    (e) =>
      e.uncompressedSize > 1024 * 1024 &&
      e.uncompressedSize / Math.max(1, e.compressedSize) > IMPORT_LIMITS.maxRatio,
  );
  if (declared > IMPORT_LIMITS.maxUncompressedBytes || bomb)
    throw new ImportFileError(
      bomb
        ? `La parte «${bomb.fileName}» del libro se expande ${Math.round(bomb.uncompressedSize / Math.max(1, bomb.compressedSize))} veces al descomprimirla: el archivo parece una bomba zip y no se lee.`
        : `El libro ocupa ${megabytes(declared)} descomprimido; el máximo es ${megabytes(IMPORT_LIMITS.maxUncompressedBytes)}.`,
      413,
    );

  // Read every part once (checks each CRC and each actual size against the declared one),
  // counting the rows of the sheets on the way.
  let rows = 0;
  let sheets = 0;
  let actual = 0;
  for (const entry of entries) {
    if (entry.fileName.endsWith("/")) continue;
    const isSheet = /^xl\/worksheets\/[^/]+\.xml$/.test(entry.fileName);
    if (isSheet) sheets++;
    let stream: Readable;
    try {
      stream = await zip.openReadStreamPromise(entry);
    } catch (error) {
      throw broken(error, entry.fileName);
    }
    let tail = "";
    try {
      for await (const chunk of stream) {
        const buffer = chunk as Buffer;
        actual += buffer.length;
        if (actual > IMPORT_LIMITS.maxUncompressedBytes)
          throw new ImportFileError(
            `El libro se expande a más de ${megabytes(IMPORT_LIMITS.maxUncompressedBytes)} al descomprimirlo: el archivo parece una bomba zip y no se lee.`,
            413,
          );
        if (!isSheet) continue;
        const text = tail + buffer.toString("latin1");
        rows += text.match(/<row[\s>]/g)?.length ?? 0;
        tail = text.slice(-4);
        if (rows > IMPORT_LIMITS.maxRows)
          throw new ImportFileError(
            `El libro tiene más de ${IMPORT_LIMITS.maxRows.toLocaleString("es-CL")} filas; el máximo es ${IMPORT_LIMITS.maxRows.toLocaleString("es-CL")}. Divida el plan en varios libros o quite filas vacías con formato.`,
            413,
          );
        onProgress(actual, declared);
      }
    } catch (error) {
      if (error instanceof ImportFileError) throw error;
      throw broken(error, entry.fileName);
    }
  }
  zip.close();
  return { rows, sheets };
}

function broken(error: unknown, part?: string): ImportFileError {
  const reason = error instanceof Error ? error.message : String(error);
  if (/too many bytes|expected \d+\. got/i.test(reason))
    return new ImportFileError(
      `La parte «${part ?? "?"}» del libro se expande más de lo que declara: el archivo parece una bomba zip y no se lee.`,
      413,
    );
  return new ImportFileError(
    `El libro está dañado${part ? ` (su parte «${part}» no se puede leer)` : ""} y no se puede abrir: ${reason}. Ábralo en Excel o LibreOffice, guárdelo de nuevo como .xlsx y vuelva a intentarlo.`,
  );
}
