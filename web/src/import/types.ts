/** Types of the import API, inferred from the server's zod schemas (type-only). */
import type { z } from "zod";
import type { confirmSchema, jobSchema, resultSchema } from "../../../src/modules/import/schemas";

export type ImportJob = z.infer<typeof jobSchema>;
export type ImportPreview = NonNullable<ImportJob["preview"]>;
export type ImportEntry = ImportPreview["entries"][number];
export type ImportUnit = ImportPreview["units"][number];
export type ImportResult = z.infer<typeof resultSchema>;
export type ConfirmBody = z.input<typeof confirmSchema>;
