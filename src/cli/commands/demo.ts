import type { Command } from "commander";
import { cliActor } from "../../db/tenant";
import { describeDemoAccounts, ensureDemoAccounts } from "../../modules/accounts/demo-accounts";
import { loadDemo } from "../../modules/demo/demo";
import { withDatabase } from "../database";

export function registerDemo(program: Command): void {
  const demo = program.command("demo").description("municipalidad de demostración (Vallenar)");
  demo
    .command("load")
    .description(
      "carga el PLADECO de Vallenar 2022-2029 desde fixtures/demo y crea las cuentas de demostración que falten",
    )
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
        if (options.file) return;
        const accounts = await ensureDemoAccounts(db, cliActor("demo load"));
        if (accounts) console.log(`\n${describeDemoAccounts(accounts)}`);
      });
    });
}
