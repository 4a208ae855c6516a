import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { cliActor, inTenant } from "../../db/tenant";
import type { UnitChoice } from "../../modules/import/apply";
import type { Preview } from "../../modules/import/schemas";
import { deleteJob, readJob } from "../../modules/import/jobs";
import { confirmImport, createImportJob, runJob } from "../../modules/import/service";
import type { MunicipalityScope } from "../../server/scope";
import { CliError } from "../errors";
import { findMunicipality, withDatabase } from "../database";

const FIELD: Record<string, string> = {
  title: "título",
  deadline: "plazo",
  responsible: "responsable",
  funding: "financiamiento",
  indicators: "indicadores",
};
const SEVERITY = { error: "error", warning: "aviso", info: "nota" } as const;

interface Options {
  municipality: string;
  plan?: string;
  dryRun?: boolean;
  createUnits?: boolean;
  acceptSimilar?: boolean;
  deleteMissing?: boolean;
  planTitle?: string;
}

/** `rumbo import <file.xlsx> --municipality <CUT> [--plan <id>] [--dry-run]`. */
export function registerImport(program: Command): void {
  program
    .command("import <archivo>")
    .description(
      "importa un libro de Excel (matrices PLADECO o la plantilla de Rumbo) a un plan: muestra la vista previa y, sin --dry-run, la aplica",
    )
    .requiredOption("--municipality <CUT>", "código CUT de la municipalidad, p. ej. 03301")
    .option("--plan <id>", "plan de destino (por omisión, el único plan; si no hay, uno nuevo)")
    .option("--dry-run", "solo muestra qué se crearía, cambiaría o quedaría igual; no escribe nada")
    .option(
      "--create-units",
      "crea como unidades nuevas los responsables que no coinciden con ninguna",
    )
    .option("--accept-similar", "asigna a cada responsable parecido la unidad más parecida")
    .option("--delete-missing", "elimina las iniciativas del plan que el libro no trae")
    .option("--plan-title <título>", "título del plan nuevo, si la municipalidad no tiene plan")
    .action(async (file: string, options: Options) => {
      let content: Buffer;
      try {
        content = fs.readFileSync(file);
      } catch (error) {
        throw new CliError(`No se pudo leer ${file}: ${(error as Error).message}`);
      }
      if (options.plan && !/^[0-9a-f-]{36}$/i.test(options.plan))
        throw new CliError(`El identificador de plan "${options.plan}" no es válido.`);
      await withDatabase(async ({ db }) => {
        const m = await findMunicipality(db, options.municipality);
        const actor = cliActor("import");
        // The same job table and steps as the web app (one path to test and audit), for
        // no user (user_id null); the command deletes its job when it ends.
        const { target } = await createImportJob(db, {
          municipalityId: m.id,
          actor,
          fileName: path.basename(file),
          content,
          planId: options.plan ?? null,
        });
        const tenant = <T>(fn: (scope: MunicipalityScope) => Promise<T>) =>
          inTenant(db, m.id, actor, (ctx) => {
            const scope = ctx as MunicipalityScope;
            scope.municipality = { id: m.id, cutCode: m.cut_code, name: m.name };
            scope.principal = null;
            scope.role = null;
            return fn(scope);
          });
        try {
          await runJob(db, target, content, actor);
          const job = await tenant(({ trx }) => readJob(trx, target.id, null));
          if (!job || job.status === "failed")
            throw new CliError(job?.error ?? "No se pudo leer el libro.");
          const preview = job.preview!;
          printPreview(preview, path.basename(file));
          if (preview.summary.errors > 0)
            throw new CliError(
              `El libro tiene ${preview.summary.errors} ${preview.summary.errors === 1 ? "error" : "errores"}: no se importó nada.`,
            );
          if (options.dryRun) {
            console.log("Prueba sin escribir (--dry-run): no se cambió nada.");
            return;
          }
          const choices = choicesFor(preview, options);
          const result = await tenant((scope) =>
            confirmImport(scope, target.id, null, {
              choices,
              deleteMissing: Boolean(options.deleteMissing),
              ...(options.planTitle ? { planTitle: options.planTitle } : {}),
            }),
          );
          console.log(
            `Importado en el plan ${result.planId}: ${result.created} creadas, ${result.updated} cambiadas, ${result.unchanged} sin cambios, ${result.deleted} eliminadas, ${result.unitsCreated} unidades nuevas.`,
          );
        } finally {
          await tenant(({ trx }) => deleteJob(trx, target.id));
        }
      });
    });
}

function choicesFor(preview: Preview, options: Options): UnitChoice[] {
  const choices: UnitChoice[] = [];
  for (const u of preview.units) {
    if (u.kind === "similar" && options.acceptSimilar)
      choices.push({ text: u.text, kind: "unit", unitIds: [u.suggestions[0]!.unitId] });
    else if ((u.kind === "none" || u.kind === "similar") && options.createUnits)
      choices.push({ text: u.text, kind: "create", name: u.text });
  }
  return choices;
}

function printPreview(p: Preview, file: string): void {
  const layout = {
    matrix: "matrices PLADECO",
    template: "plantilla de Rumbo",
    none: "sin formato reconocido",
  }[p.layout];
  console.log(
    `Libro ${file} (${layout}) → ${p.planTitle ? `plan «${p.planTitle}»` : "un plan nuevo"}`,
  );
  const s = p.summary;
  console.log(
    `${s.items} iniciativas en el libro: ${s.create} por crear, ${s.update} por cambiar, ${s.unchanged} sin cambios; ${s.missing} del plan no están en el libro (no se eliminan sin --delete-missing).`,
  );
  for (const e of p.entries.filter((x) => x.kind === "update")) {
    console.log(`  cambia ${e.code ?? ""} «${e.title}» (Hoja '${e.sheet}', celda ${e.cell}):`);
    for (const c of e.changes)
      console.log(`    ${FIELD[c.field]}: «${c.before ?? ""}» → «${c.after ?? ""}»`);
  }
  for (const u of p.units.filter((x) => x.kind === "similar" || x.kind === "none"))
    console.log(
      u.kind === "similar"
        ? `  responsable «${u.text}»: ¿${u.suggestions.map((x) => `«${x.name}» (${Math.round(x.score * 100)}%)`).join(", ")}? (sin unidad salvo --accept-similar)`
        : `  responsable «${u.text}»: ninguna unidad coincide (sin unidad salvo --create-units)`,
    );
  for (const m of p.messages) console.log(`${SEVERITY[m.severity]}: ${m.text}`);
}
