import type { FastifyRequest } from "fastify";
import type { z } from "zod";
import { HttpProblem } from "../../server/problem";
import { unauthenticated } from "../../server/scope";
import { invalid } from "../../server/writes";

/**
 * Reads a multipart upload (one `file` and text fields) for the map imports.
 * A request that announces more than the limit is refused before any byte of
 * its body is read; one that lies about its length stops at the limit.
 */
export const MAX_MAP_FILE_BYTES = 25 * 1024 * 1024;
export const MAX_MAP_FILE_TEXT = "25 MB";

export const tooLarge = () =>
  new HttpProblem(
    413,
    "Archivo demasiado grande",
    `El archivo supera ${MAX_MAP_FILE_TEXT}. Simplifique la capa o divídala en partes.`,
    [{ path: "file", message: `El archivo supera el máximo de ${MAX_MAP_FILE_TEXT}.` }],
  );

/** onRequest hook: 413 from the Content-Length alone, before the body is read. */
export async function refuseLargeUpload(request: FastifyRequest): Promise<void> {
  const length = Number(request.headers["content-length"] ?? 0);
  if (length > MAX_MAP_FILE_BYTES + 64 * 1024) throw tooLarge();
}

export interface Upload {
  fileName: string;
  content: Buffer;
  fields: Record<string, string>;
}

export async function readUpload(request: FastifyRequest): Promise<Upload> {
  if (!request.isMultipart())
    throw new HttpProblem(
      415,
      "Formato no aceptado",
      "Envíe el archivo como multipart/form-data, en el campo «file».",
      [{ path: "file", message: "Falta el archivo." }],
    );
  const fields: Record<string, string> = {};
  let file: { fileName: string; content: Buffer } | null = null;
  try {
    for await (const part of request.parts()) {
      if (part.type === "file") {
        const content = await part.toBuffer();
        if (part.file.truncated) throw tooLarge();
        if (part.fieldname === "file") file = { fileName: part.filename, content };
      } else if (typeof part.value === "string") fields[part.fieldname] = part.value;
    }
  } catch (error) {
    if ((error as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") throw tooLarge();
    throw error;
  }
  if (!file || file.content.length === 0)
    throw new HttpProblem(400, "Solicitud inválida", "Falta el archivo o está vacío.", [
      { path: "file", message: "Falta el archivo o está vacío." },
    ]);
  return { ...file, fields };
}

/**
 * A signed-in user's import upload: 401 for an anonymous visitor, then the
 * file, and its text fields checked against the schema (400 with every error).
 */
export async function readImportUpload<S extends z.ZodType>(
  request: FastifyRequest,
  fieldsSchema: S,
): Promise<{ content: Buffer; fields: z.infer<S> }> {
  if (!request.principal) throw unauthenticated();
  const upload = await readUpload(request);
  const fields = fieldsSchema.safeParse(upload.fields);
  if (!fields.success)
    throw invalid(
      fields.error.issues.map((i) => ({
        path: `body.${i.path.join(".")}`,
        message: i.message,
      })),
    );
  return { content: upload.content, fields: fields.data };
}
