/**
 * Benchmark of the Excel import (src/modules/import) on a synthetic plan of
 * 10,000 activities in the PLADECO matrix layout (10 axis sheets, local
 * objectives of 10 actions × 10 activities, one indicator each), written with
 * exceljs's streaming writer.
 *
 * Prints:
 * - the baseline: exceljs alone loading the same file and visiting every cell;
 * - our import's dry run: file checks (zip, sizes, rows), reading in a worker
 *   thread, parsing the matrix layout, comparing with the target plan on PGlite
 *   (an empty municipality), and the ratio against the baseline (goal ≤ 3);
 *   (the job, its parsed workbook and its preview are written to the
 *   import_job table, as for an upload);
 * - the commit of that import on PGlite (one transaction);
 * - peak resident memory of the process (worker threads included).
 *
 * Both are run once before measuring (not counted): the worker thread starts
 * on a server's first import and stays; that first run's time is printed too.
 *
 * Run: npm run bench -- import [--activities 10000] [--runs 5]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { IN_MEMORY, openDatabase } from "../src/db/connection";
import { migrate } from "../src/db/migrate";
import { cliActor, inTenant } from "../src/db/tenant";
import { readJob } from "../src/modules/import/jobs";
import { confirmImport, createImportJob, runJob } from "../src/modules/import/service";
import { syncReferenceData } from "../src/modules/reference/sync";
import type { MunicipalityScope } from "../src/server/scope";
import { writeLargeMatrix } from "../tests/support/workbooks";

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${Math.round(x).toLocaleString("es-CL")} ms`;

async function exceljsAlone(content: Buffer): Promise<number> {
  const start = performance.now();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(
    content.buffer.slice(
      content.byteOffset,
      content.byteOffset + content.byteLength,
    ) as ArrayBuffer,
  );
  let cells = 0;
  for (const sheet of workbook.worksheets)
    sheet.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (cell.value !== null) cells++;
      }),
    );
  if (cells === 0) throw new Error("exceljs no leyó ninguna celda");
  return performance.now() - start;
}

export async function run(args: string[]): Promise<void> {
  const activities = option(args, "activities", 10_000);
  const runs = option(args, "runs", 5);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rumbo-bench-import-"));
  const file = path.join(dir, "plan.xlsx");
  await writeLargeMatrix(file, activities);
  const content = fs.readFileSync(file);
  console.log(
    `Libro sintético: ${activities.toLocaleString("es-CL")} actividades, ${(content.length / 1024 / 1024).toFixed(1)} MB (${file})`,
  );

  const handle = await openDatabase({ dataDir: IN_MEMORY });
  await migrate(handle.db);
  await syncReferenceData(handle.db);
  const m = await handle.db
    .insertInto("municipality")
    .values({ cut_code: "03303", name: "Huasco (simulado)" })
    .returning(["id", "cut_code", "name"])
    .executeTakeFirstOrThrow();
  const actor = cliActor("bench import");
  const rssBefore = process.memoryUsage().rss;

  const baseline: number[] = [];
  const ours: number[] = [];
  const newJob = async () =>
    (
      await createImportJob(handle.db, {
        municipalityId: m.id,
        actor,
        fileName: "plan.xlsx",
        content,
        planId: null,
      })
    ).target;
  const inScope = <T>(fn: (scope: MunicipalityScope) => Promise<T>) =>
    inTenant(handle.db, m.id, actor, (ctx) => {
      const scope = ctx as MunicipalityScope;
      scope.municipality = { id: m.id, cutCode: m.cut_code, name: m.name };
      scope.principal = null;
      scope.role = null;
      return fn(scope);
    });
  // One run of each first, not counted: the reading worker starts once per server and stays.
  const first = performance.now();
  let job = await newJob();
  await runJob(handle.db, job, content, actor);
  const cold = performance.now() - first;
  await exceljsAlone(content);
  for (let i = 0; i < runs; i++) {
    baseline.push(await exceljsAlone(content));
    job = await newJob();
    const start = performance.now();
    await runJob(handle.db, job, content, actor);
    ours.push(performance.now() - start);
  }
  const last = await inScope(({ trx }) => readJob(trx, job.id, null));
  if (last?.status !== "ready") throw new Error(last?.error ?? "la importación falló");
  const s = last.preview!.summary;
  const start = performance.now();
  const result = await inScope((scope) =>
    confirmImport(scope, job.id, null, {
      choices: [],
      deleteMissing: false,
      planTitle: "Plan sintético (simulado)",
    }),
  );
  const commit = performance.now() - start;
  await handle.close();
  fs.rmSync(dir, { recursive: true, force: true });

  const ratio = median(ours) / median(baseline);
  console.log(
    `exceljs solo (xlsx.load del mismo archivo y recorrido de todas las celdas), mediana de ${runs}: ${ms(median(baseline))}`,
  );
  console.log(
    `importación en seco (revisión del archivo, lectura en un hilo aparte, matrices, comparación con el plan en PGlite), mediana de ${runs}: ${ms(median(ours))} — ${s.items.toLocaleString("es-CL")} iniciativas por crear`,
  );
  console.log(`primera importación (incluye iniciar el hilo lector): ${ms(cold)}`);
  console.log(
    `razón importación / exceljs: ${ratio.toFixed(2)} (meta ≤ 3) ${ratio <= 3 ? "✓" : "✗"}`,
  );
  console.log(
    `confirmación en PGlite (una transacción): ${ms(commit)} — ${result.created.toLocaleString("es-CL")} iniciativas creadas`,
  );
  console.log(
    `memoria residente máxima del proceso: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB (antes de importar, con PGlite en memoria abierto y migrado: ${Math.round(rssBefore / 1024 / 1024)} MB)`,
  );
}
