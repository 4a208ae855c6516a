import fs from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import { z } from "zod";

export const BACKUP_FORMAT = "rumbo.backup/v1";

export class BackupError extends Error {}

export const backupDocumentSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  createdAt: z.string(),
  /** null: the whole database; otherwise one municipality. */
  municipality: z.object({ id: z.uuid(), cutCode: z.string(), name: z.string() }).nullable(),
  migrations: z.array(z.object({ name: z.string(), checksum: z.string() })),
  tables: z.array(z.object({ name: z.string(), rows: z.array(z.record(z.string(), z.unknown())) })),
});
export type BackupDocument = z.infer<typeof backupDocumentSchema>;

/**
 * JSON with one row per line (readable, and diffable between two backups),
 * gzip-compressed when the file name ends in .gz.
 */
export function serializeBackup(doc: BackupDocument): string {
  const { tables, ...header } = doc;
  const head = JSON.stringify(header).slice(0, -1);
  const body = tables
    .map(
      (t) =>
        `{"name":${JSON.stringify(t.name)},"rows":[\n${t.rows.map((r) => JSON.stringify(r)).join(",\n")}\n]}`,
    )
    .join(",\n");
  return `${head},"tables":[\n${body}\n]}\n`;
}

export function writeBackupFile(file: string, doc: BackupDocument): void {
  const text = serializeBackup(doc);
  fs.writeFileSync(file, file.endsWith(".gz") ? gzipSync(text) : text);
}

export function readBackupFile(file: string): BackupDocument {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new BackupError(`No se pudo leer ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    // gzip by its magic number, whatever the file is called.
    const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString(
      "utf8",
    );
    json = JSON.parse(text);
  } catch (error) {
    throw new BackupError(
      `${file} no es una copia de seguridad de Rumbo legible (JSON o JSON comprimido con gzip): ${(error as Error).message}`,
    );
  }
  const parsed = backupDocumentSchema.safeParse(json);
  if (!parsed.success)
    throw new BackupError(
      `${file} no es una copia de seguridad de Rumbo (${BACKUP_FORMAT}): ${parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join(".")}: ${i.message}`)
        .join("; ")}`,
    );
  return parsed.data;
}
