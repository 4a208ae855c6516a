import { Command, CommanderError } from "commander";
import { ConfigError, loadConfig } from "../config";
import { DatabaseOpenError, openDatabase } from "../db/connection";
import { migrate } from "../db/migrate";
import { BackupError } from "../modules/backup/document";
import { FixtureError } from "../modules/demo/fixture";
import { serve } from "../server/main";
import { registerBackup } from "./commands/backup";
import { registerDemo } from "./commands/demo";
import { registerFigures } from "./commands/figures";
import { registerImport } from "./commands/import";
import { registerMunicipality } from "./commands/municipality";
import { registerOutbox } from "./commands/outbox";
import { registerPlan } from "./commands/plan";
import { registerUser } from "./commands/user";
import { registerExport } from "./commands/export";
import { CliError } from "./errors";

export { CliError };

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

registerDemo(program);
registerPlan(program);
registerMunicipality(program);
registerUser(program);
registerOutbox(program);
registerBackup(program);
registerFigures(program);
registerExport(program);
registerImport(program);

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
    error instanceof FixtureError ||
    error instanceof BackupError;
  console.error(
    `rumbo: ${known ? (error as Error).message : String((error as Error).stack ?? error)}`,
  );
  process.exit(1);
}
