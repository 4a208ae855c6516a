import type { Command } from "commander";
import { cliActor, enterTenant } from "../../db/tenant";
import { CliError } from "../errors";
import { checkCut, withDatabase } from "../database";

export function registerMunicipality(program: Command): void {
  const municipality = program.command("municipality").description("municipalidades alojadas");
  municipality
    .command("add")
    .description("agrega una municipalidad del catálogo de comunas (código CUT)")
    .requiredOption("--cut <CUT>", "código CUT de la comuna, p. ej. 03302")
    .action(async (options: { cut: string }) => {
      const cut = checkCut(options.cut);
      await withDatabase(async ({ db }) => {
        const message = await db.transaction().execute(async (trx) => {
          const comuna = await trx
            .selectFrom("comuna")
            .select("name")
            .where("cut_code", "=", cut)
            .executeTakeFirst();
          if (!comuna)
            throw new CliError(
              `No existe una comuna con código CUT ${cut} en el catálogo (las 346 comunas de Chile).`,
            );
          const existing = await trx
            .selectFrom("municipality")
            .select("id")
            .where("cut_code", "=", cut)
            .executeTakeFirst();
          if (existing) return `La Municipalidad de ${comuna.name} (CUT ${cut}) ya existe.`;
          const row = await trx
            .insertInto("municipality")
            .values({ cut_code: cut, name: comuna.name })
            .returning("id")
            .executeTakeFirstOrThrow();
          const ctx = await enterTenant(trx, row.id, cliActor("municipality add"));
          await ctx.audit({
            action: "create",
            entityType: "municipality",
            entityId: row.id,
            after: { cutCode: cut, name: comuna.name },
          });
          return `Municipalidad de ${comuna.name} (CUT ${cut}) agregada.`;
        });
        console.log(message);
      });
    });
}
