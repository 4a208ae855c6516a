import { PassThrough, type Writable } from "node:stream";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { todayInChile } from "../monitoring/figures";
import { exportPlan } from "../plans/export";
import { exportCsv } from "./csv";
import { exportFileName } from "./labels";
import { openDataDocument } from "./open-data";
import { readExportData } from "./queries";
import type { ExportFormat } from "./schemas";
import type { TableKey } from "./tables";
import { buildTemplate } from "./template";
import { templateRows } from "./template-rows";
import { workbookBuffer, writeWorkbook } from "./workbook";

/** One downloadable file: what the API sends as an attachment and the CLI writes. */
export interface ExportFile {
  body: Buffer | string;
  contentType: string;
  fileName: string;
}

/**
 * A file written as it is sent (the plan's xlsx): its data is read, its bytes
 * are made by `write` into the stream given, which resolves once the last one
 * is handed over. The API streams it to the client, the CLI to the file.
 */
export interface StreamedFile {
  write: (out: Writable) => Promise<void>;
  contentType: string;
  fileName: string;
}

export type ExportDownload = ExportFile | StreamedFile;

export const isStreamed = (file: ExportDownload): file is StreamedFile => "write" in file;

/** A streamed file's bytes collected in memory (tests, comparisons). */
export async function collectFile(file: StreamedFile): Promise<ExportFile> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (chunk: Buffer) => chunks.push(chunk));
  await file.write(out);
  return { body: Buffer.concat(chunks), contentType: file.contentType, fileName: file.fileName };
}

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const TABLE_FILE: Record<TableKey, string> = {
  items: "iniciativas",
  indicators: "indicadores",
  measurements: "mediciones",
  alerts: "alertas",
};

/** What the reader may take out: members see alerts and the audit trail; everyone else neither. */
export interface ExportAccess {
  member: boolean;
}

/**
 * A plan exported as xlsx (streamed: see `StreamedFile`), one CSV table or
 * JSON; undefined when the plan does not exist, null when the table asked for
 * is not for this reader (alerts for anonymous visitors). Visibility of the
 * plan itself is the caller's check. `now` fixes the export's date and time
 * (tests compare two exports). The data is read here, in the caller's
 * transaction; the xlsx is written afterwards, when `write` is called.
 */
export async function exportPlanDownload(
  db: Kysely<Database>,
  municipalityId: string,
  planId: string,
  request: { format: ExportFormat; table?: TableKey | undefined },
  access: ExportAccess,
  now = new Date(),
): Promise<ExportDownload | null | undefined> {
  const exportedOn = todayInChile(now);
  const data = await readExportData(db, municipalityId, planId, {
    includeAlerts: access.member,
    exportedOn,
  });
  if (!data) return undefined;
  const name = data.municipality.name;
  switch (request.format) {
    case "xlsx":
      return {
        write: (out) => writeWorkbook(data, out),
        contentType: XLSX_TYPE,
        fileName: exportFileName(name, exportedOn, "xlsx", "", data.plan.kind),
      };
    case "csv": {
      const table = request.table ?? "items";
      const body = exportCsv(data, table);
      return body === null
        ? null
        : {
            body,
            contentType: "text/csv; charset=utf-8",
            fileName: exportFileName(name, exportedOn, "csv", TABLE_FILE[table], data.plan.kind),
          };
    }
    case "json": {
      const plan = await exportPlan(db, municipalityId, planId, {
        exportedAt: now.toISOString(),
        history: access.member,
      });
      if (!plan) return undefined;
      return {
        body: JSON.stringify(openDataDocument(plan, data), null, 2) + "\n",
        contentType: "application/json; charset=utf-8",
        fileName: exportFileName(name, exportedOn, "json", "", data.plan.kind),
      };
    }
  }
}

/** `exportPlanDownload` with the xlsx collected in memory: the whole file as one buffer. */
export async function exportPlanFile(
  db: Kysely<Database>,
  municipalityId: string,
  planId: string,
  request: { format: ExportFormat; table?: TableKey | undefined },
  access: ExportAccess,
  now = new Date(),
): Promise<ExportFile | null | undefined> {
  const file = await exportPlanDownload(db, municipalityId, planId, request, access, now);
  return file && isStreamed(file) ? collectFile(file) : file;
}

/**
 * The template workbook with the municipality's units and the shipped
 * catalogues as drop-downs; with `planId`, filled with that plan's rows.
 */
export async function templateFile(
  db: Kysely<Database>,
  municipality: { id: string; name: string },
  options: { planId?: string | undefined } = {},
  now = new Date(),
): Promise<ExportFile> {
  const [units, funding, sdgs] = await Promise.all([
    db
      .selectFrom("org_unit")
      .select("name")
      .where("municipality_id", "=", municipality.id)
      .orderBy("name")
      .execute(),
    db.selectFrom("funding_source").select("name").orderBy("sort").orderBy("code").execute(),
    db.selectFrom("sdg_goal").select(["number", "short_title"]).orderBy("number").execute(),
  ]);
  const exportedOn = todayInChile(now);
  const sdgLabels = new Map(sdgs.map((s) => [s.number, `${s.number} – ${s.short_title}`]));
  const data = options.planId
    ? await readExportData(db, municipality.id, options.planId, {
        includeAlerts: false,
        exportedOn,
      })
    : undefined;
  const wb = buildTemplate(
    {
      units: units.map((u) => u.name),
      funding: funding.map((f) => f.name),
      sdgs: [...sdgLabels.values()],
    },
    exportedOn,
    data ? templateRows(data, sdgLabels) : [],
  );
  return {
    body: await workbookBuffer(wb),
    contentType: XLSX_TYPE,
    fileName: exportFileName(municipality.name, exportedOn, "xlsx", "plantilla", data?.plan.kind),
  };
}
