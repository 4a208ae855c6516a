/**
 * The type of an evidence file, read from its first bytes. The client's
 * Content-Type and file name are never trusted: a file is stored and served
 * back only as one of these types.
 */

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

export const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const startsWith = (buf: Buffer, bytes: number[], at = 0) =>
  buf.length >= at + bytes.length && bytes.every((b, i) => buf[at + i] === b);

/** The detected MIME type, or null when the content is none of the accepted kinds. */
export function detectEvidenceType(buf: Buffer): string | null {
  if (startsWith(buf, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "application/pdf";
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(buf, [0x52, 0x49, 0x46, 0x46]) && startsWith(buf, [0x57, 0x45, 0x42, 0x50], 8))
    return "image/webp";
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) {
    // An Office Open XML package names its parts in the zip's local headers.
    const names = buf.subarray(0, Math.min(buf.length, 1 << 20)).toString("latin1");
    if (names.includes("[Content_Types].xml") || names.includes("_rels/")) {
      if (names.includes("word/")) return DOCX;
      if (names.includes("xl/")) return XLSX;
    }
  }
  return null;
}

export const ACCEPTED_EVIDENCE = "PDF, PNG, JPEG, WebP, Word (DOCX) o Excel (XLSX)";

/** A file name safe to hand back in Content-Disposition. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const clean = [...base]
    .filter((ch) => ch !== '"' && ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f)
    .join("")
    .trim()
    .slice(0, 200);
  return clean.length > 0 ? clean : "archivo";
}
