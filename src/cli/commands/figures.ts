import type { Command } from "commander";
import { checkAll } from "../../modules/monitoring/figures";
import { checkCut, withDatabase } from "../database";

/**
 * `rumbo figures check [--municipality <CUT>] [--fix]`: compares every plan's
 * stored figures with a computation from scratch and prints the differences;
 * exit code 1 when there is any (also with --fix, which then repairs them).
 */
export function registerFigures(program: Command): void {
  const figures = program.command("figures").description("cifras precalculadas (semáforos)");
  figures
    .command("check")
    .description("compara las cifras guardadas con un cálculo desde cero")
    .option("--municipality <CUT>", "solo los planes de esta municipalidad, p. ej. 03301")
    .option("--fix", "recalcula los planes con diferencias")
    .action(async (options: { municipality?: string; fix?: boolean }) => {
      const results = await withDatabase(({ db }) =>
        checkAll(db, {
          ...(options.municipality ? { cut: checkCut(options.municipality) } : {}),
          fix: options.fix === true,
        }),
      );
      let differences = 0;
      for (const r of results) {
        differences += r.differences.length;
        if (r.differences.length === 0) {
          console.log(`${r.cut} plan ${r.planId}: sin diferencias`);
          continue;
        }
        console.log(
          `${r.cut} plan ${r.planId}: ${r.differences.length} diferencias${r.repaired ? " (recalculado)" : ""}`,
        );
        for (const d of r.differences)
          console.log(
            `  ${d.table} ${d.key}: guardado ${JSON.stringify(d.stored)}, esperado ${JSON.stringify(d.expected)}`,
          );
      }
      console.log(
        `${results.length} planes revisados, ${differences} diferencias${options.fix && differences > 0 ? " (reparadas)" : ""}.`,
      );
      if (differences > 0) process.exitCode = 1;
    });
}
