import fs from "node:fs";
import type { Command } from "commander";
import { exportPlan } from "../../modules/plans/export";
import { CliError } from "../errors";
import { findMunicipality, findPlan, withDatabase } from "../database";

export function registerPlan(program: Command): void {
  const plan = program.command("plan").description("planes");
  plan
    .command("export")
    .description("imprime un plan completo (formato rumbo.plan/v1, ver docs/plan-export.md)")
    .requiredOption("--municipality <CUT>", "código CUT de la municipalidad, p. ej. 03301")
    .option("--format <formato>", "formato de salida (json)", "json")
    .option("--plan <id>", "identificador del plan (por omisión, el más reciente)")
    .option("--output <archivo>", "escribe en un archivo en vez de la salida estándar")
    .action(
      async (options: { municipality: string; format: string; plan?: string; output?: string }) => {
        if (options.format !== "json")
          throw new CliError(`Formato no soportado: ${options.format}. Use --format json.`);
        await withDatabase(async ({ db }) => {
          const m = await findMunicipality(db, options.municipality);
          const p = await findPlan(db, m, options.plan);
          const doc = await exportPlan(db, m.id, p.id);
          const text = JSON.stringify(doc, null, 2) + "\n";
          if (options.output) fs.writeFileSync(options.output, text);
          else process.stdout.write(text);
        });
      },
    );
}
