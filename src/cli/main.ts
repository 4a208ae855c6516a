import fs from "node:fs";
import { Command, CommanderError } from "commander";
import { ConfigError, loadConfig } from "../config";
import { DatabaseOpenError } from "../db/connection";
import { migrate } from "../db/migrate";
import { FixtureError } from "../modules/demo/fixture";
import { loadDemo } from "../modules/demo/demo";
import { exportPlan } from "../modules/plans/export";
import { openReadyDatabase } from "../runtime/database";
import { openDatabase } from "../db/connection";
import { serve } from "../server/main";

/** An error meant for the person at the terminal: printed without a stack trace. */
export class CliError extends Error {}

async function withDatabase<T>(
  fn: (handle: Awaited<ReturnType<typeof openReadyDatabase>>) => Promise<T>,
) {
  const handle = await openReadyDatabase(loadConfig());
  try {
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

const program = new Command()
  .name("rumbo")
  .description("Rumbo: planes de desarrollo comunal, seguimiento y rendición de cuentas")
  .showHelpAfterError()
  .exitOverride();

program
  .command("serve")
  .description(
    "inicia el servidor web (carga la municipalidad de demostración si la base está vacía)",
  )
  .action(async () => {
    await serve(loadConfig());
  });

program
  .command("migrate")
  .description("aplica las migraciones pendientes de la base de datos")
  .action(async () => {
    const config = loadConfig();
    const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const applied = await migrate(handle.db);
      console.log(
        applied.length
          ? `Migraciones aplicadas: ${applied.join(", ")}`
          : "La base de datos ya está al día.",
      );
    } finally {
      await handle.close();
    }
  });

const demo = program.command("demo").description("municipalidad de demostración (Vallenar)");
demo
  .command("load")
  .description("carga el PLADECO de Vallenar 2022-2029 desde fixtures/demo")
  .option("--replace", "reemplaza el plan de demostración si ya existe")
  .option("--file <archivo>", "otro archivo de datos con el mismo formato")
  .action(async (options: { replace?: boolean; file?: string }) => {
    await withDatabase(async ({ db }) => {
      const result = await loadDemo(db, options);
      if (result === "exists") {
        console.log(
          "El plan de demostración ya está cargado. Use --replace para volver a cargarlo.",
        );
      } else {
        console.log(
          `${result.replaced ? "Reemplazado" : "Cargado"}: ${result.items} iniciativas, ${result.indicators} indicadores, ${result.units} unidades.`,
        );
      }
    });
  });

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
      if (!/^\d{5}$/.test(options.municipality))
        throw new CliError(
          `El código CUT "${options.municipality}" no es válido: tiene 5 dígitos, p. ej. 03301.`,
        );
      await withDatabase(async ({ db }) => {
        const m = await db
          .selectFrom("municipality")
          .select("id")
          .where("cut_code", "=", options.municipality)
          .executeTakeFirst();
        if (!m)
          throw new CliError(`No existe una municipalidad con código CUT ${options.municipality}.`);
        let planQuery = db.selectFrom("plan").select("id").where("municipality_id", "=", m.id);
        if (options.plan) {
          if (!/^[0-9a-f-]{36}$/i.test(options.plan))
            throw new CliError(`El identificador de plan "${options.plan}" no es válido.`);
          planQuery = planQuery.where("id", "=", options.plan);
        }
        const p = await planQuery
          .orderBy("start_year", "desc")
          .orderBy("created_at", "desc")
          .executeTakeFirst();
        if (!p)
          throw new CliError(
            `La municipalidad ${options.municipality} no tiene ${options.plan ? `el plan ${options.plan}` : "planes"}.`,
          );
        const doc = await exportPlan(db, m.id, p.id);
        const text = JSON.stringify(doc, null, 2) + "\n";
        if (options.output) fs.writeFileSync(options.output, text);
        else process.stdout.write(text);
      });
    },
  );

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exit(error.exitCode);
  }
  const known =
    error instanceof CliError ||
    error instanceof ConfigError ||
    error instanceof DatabaseOpenError ||
    error instanceof FixtureError;
  console.error(
    `rumbo: ${known ? (error as Error).message : String((error as Error).stack ?? error)}`,
  );
  process.exit(1);
}
