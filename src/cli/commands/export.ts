import fs from "node:fs";
import type { Command } from "commander";
import { cliActor, inTenant } from "../../db/tenant";
import { exportFormatSchema } from "../../modules/export/schemas";
import {
  exportPlanDownload,
  isStreamed,
  templateFile,
  type ExportDownload,
} from "../../modules/export/service";
import { TABLE_KEYS, type TableKey } from "../../modules/export/tables";
import { CliError } from "../errors";
import { findMunicipality, findPlan, withDatabase } from "../database";

interface ExportOptions {
  municipality: string;
  plan?: string;
  format: string;
  table?: string;
  template?: boolean;
  filled?: boolean;
  out?: string;
}

/**
 * Text goes to standard output unless --out; a workbook goes to a file (its
 * default name here), the plan's xlsx streamed into it as it is written.
 */
async function write(file: ExportDownload, out: string | undefined) {
  if (out === undefined && !isStreamed(file) && typeof file.body === "string") {
    process.stdout.write(file.body);
    return;
  }
  const target = out ?? file.fileName;
  if (isStreamed(file)) {
    const stream = fs.createWriteStream(target);
    await new Promise<void>((resolve, reject) => {
      stream.on("error", reject);
      file.write(stream).then(resolve, reject);
    });
  } else fs.writeFileSync(target, file.body);
  process.stderr.write(`Archivo escrito: ${target}\n`);
}

export function registerExport(program: Command): void {
  program
    .command("export")
    .description(
      "exporta un plan con su estado actual: xlsx (matrices, indicadores, mediciones, alertas), una tabla CSV o JSON; con --template, la plantilla Excel",
    )
    .requiredOption("--municipality <CUT>", "código CUT de la municipalidad, p. ej. 03301")
    .option("--plan <id>", "identificador del plan (por omisión, el más reciente)")
    .option("--format <formato>", "xlsx, csv o json", "xlsx")
    .option("--table <tabla>", `para csv: ${TABLE_KEYS.join(", ")} (por omisión, items)`)
    .option("--template", "escribe la plantilla para cargar un plan (xlsx)")
    .option("--filled", "con --template: la plantilla con las filas del plan tal como está")
    .option(
      "--out <archivo>",
      "archivo de salida (csv y json van a la salida estándar si falta; xlsx, a un archivo con el nombre por omisión)",
    )
    .action(async (options: ExportOptions) => {
      const format = exportFormatSchema.safeParse(options.format);
      if (!format.success)
        throw new CliError(`Formato no soportado: ${options.format}. Use xlsx, csv o json.`);
      if (options.table !== undefined && !TABLE_KEYS.includes(options.table as TableKey))
        throw new CliError(`Tabla desconocida: ${options.table}. Use ${TABLE_KEYS.join(", ")}.`);
      if (options.table !== undefined && format.data !== "csv")
        throw new CliError("--table solo se usa con --format csv.");
      await withDatabase(async ({ db }) => {
        const m = await findMunicipality(db, options.municipality);
        const plan = await findPlan(db, m, options.plan);
        const file = await inTenant(db, m.id, cliActor("export"), async ({ trx }) =>
          options.template
            ? templateFile(trx, m, { planId: options.filled ? plan.id : undefined })
            : exportPlanDownload(
                trx,
                m.id,
                plan.id,
                { format: format.data, table: options.table as TableKey | undefined },
                // The command line runs as the operator: everything, alerts and audit trail included.
                { member: true },
              ),
        );
        if (!file) throw new CliError(`No existe el plan ${plan.id}.`);
        await write(file, options.out);
      });
    });
}
