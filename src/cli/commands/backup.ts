import fs from "node:fs";
import type { Command } from "commander";
import { cliActor } from "../../db/tenant";
import { createBackup } from "../../modules/backup/backup";
import { readBackupFile, writeBackupFile } from "../../modules/backup/document";
import { restoreBackup } from "../../modules/backup/restore";
import { CliError } from "../errors";
import { checkCut, withDatabase } from "../database";

export function registerBackup(program: Command): void {
  program
    .command("backup")
    .description(
      "escribe una copia de seguridad en JSON (gzip si el archivo termina en .gz): toda la base o una municipalidad",
    )
    .argument("<archivo>", "archivo a crear, p. ej. rumbo-2025-01-31.json.gz")
    .option("--municipality <CUT>", "solo esa municipalidad y las cuentas de sus integrantes")
    .action(async (file: string, options: { municipality?: string }) => {
      if (options.municipality) checkCut(options.municipality);
      if (fs.existsSync(file)) throw new CliError(`${file} ya existe: elija otro nombre.`);
      await withDatabase(async ({ db }) => {
        const doc = await createBackup(db, { municipalityCut: options.municipality });
        writeBackupFile(file, doc);
        const rows = doc.tables.reduce((n, t) => n + t.rows.length, 0);
        console.log(
          `Copia de seguridad de ${doc.municipality ? `la Municipalidad de ${doc.municipality.name}` : "toda la base"} escrita en ${file}: ${doc.tables.length} tablas, ${rows} filas.`,
        );
      });
    });

  program
    .command("restore")
    .description(
      "restaura una copia de `rumbo backup` en una base vacía (o sin esa municipalidad); todo o nada",
    )
    .argument("<archivo>", "copia de seguridad (.json o .json.gz)")
    .action(async (file: string) => {
      const doc = readBackupFile(file);
      await withDatabase(async ({ db }) => {
        const result = await restoreBackup(db, doc, { actor: cliActor("restore") });
        console.log(
          `Restaurada ${doc.municipality ? `la Municipalidad de ${doc.municipality.name}` : "la base completa"} desde ${file}: ${result.tables} tablas, ${result.rows} filas` +
            (result.existingUsers
              ? `; ${result.existingUsers} cuentas ya existían aquí y se conservaron.`
              : "."),
        );
        console.log("Las sesiones no se copian: cada persona vuelve a iniciar sesión.");
      });
    });
}
