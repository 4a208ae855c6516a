/**
 * Benchmark of the plan export (src/modules/export) on the synthetic plan of
 * bench/monitoring.ts (at --scale 0.1: 500 items, 1,000 indicators, 96,000
 * validated measurements), figures recomputed first.
 *
 * Prints, per engine: the time to read the export's data, to write the
 * formatted xlsx (streamed) and the whole export, against ExcelJS alone
 * writing the same rows as plain values in memory (ratio); the CSV and JSON
 * exports; the file sizes; the peak resident memory while the formatted xlsx
 * is written and while ExcelJS alone writes (measured apart, the streamed
 * export first); and whether a small HTTP server in the same process answers
 * while each is written (answers, worst wait).
 *
 * Run: npm run bench -- export [--engine pglite|postgres] [--scale 0.1]
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import ExcelJS from "exceljs";
import { migrate } from "../src/db/migrate";
import type { Engine } from "../src/db/connection";
import { inTenant, SYSTEM } from "../src/db/tenant";
import { exportPlanDownload, exportPlanFile, isStreamed } from "../src/modules/export/service";
import { readExportData, type ExportData } from "../src/modules/export/queries";
import { writeWorkbook } from "../src/modules/export/workbook";
import { recomputePlan } from "../src/modules/monitoring/figures";
import { syncReferenceData } from "../src/modules/reference/sync";
import { load, open, setScale } from "./monitoring";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const out = await fn();
  return [performance.now() - start, out];
}

/** The baseline: ExcelJS writing the same records as plain values, one sheet per table. */
async function plainWorkbook(data: ExportData): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = (name: string, rows: Array<Record<string, unknown>>) => {
    const ws = wb.addWorksheet(name);
    for (const r of rows)
      ws.addRow(
        Object.values(r).map((v) =>
          v === null || typeof v === "number" || typeof v === "string" ? v : String(v),
        ),
      );
  };
  sheet("items", data.items as unknown as Array<Record<string, unknown>>);
  sheet("indicators", data.indicators as unknown as Array<Record<string, unknown>>);
  sheet("measurements", data.measurements as unknown as Array<Record<string, unknown>>);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A stream that only counts the bytes of the file, as a client that reads as fast as it can. */
function counter(): { out: Writable; bytes: () => number } {
  let n = 0;
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      n += chunk.length;
      done();
    },
  });
  return { out, bytes: () => n };
}

interface Probe {
  answers: number;
  worst: number;
}

/**
 * Runs `fn` while a client asks a small HTTP server in this same process for a
 * short answer every 25 ms: how many answers came during `fn`, and the longest
 * wait for one (the event loop blocked by the export shows as a long wait).
 */
async function whileProbing<T>(fn: () => Promise<T>): Promise<[T, Probe]> {
  const server = http.createServer((_request, response) => response.end("ok"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const probe: Probe = { answers: 0, worst: 0 };
  let done = false;
  const client = (async () => {
    while (!done) {
      const start = performance.now();
      await (await fetch(url)).text();
      if (!done) {
        probe.answers += 1;
        probe.worst = Math.max(probe.worst, performance.now() - start);
      }
      await sleep(25);
    }
  })();
  try {
    return [await fn(), probe];
  } finally {
    done = true;
    await client;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const probed = (p: Probe) => `${p.answers} respuestas, la más lenta en ${p.worst.toFixed(0)} ms`;

async function benchEngine(engine: Engine) {
  let peak = process.memoryUsage().rss;
  let phasePeak = peak;
  const sampler = setInterval(() => {
    const rss = process.memoryUsage().rss;
    peak = Math.max(peak, rss);
    phasePeak = Math.max(phasePeak, rss);
  }, 20);
  /** The peak rss since the last call. */
  const phase = () => {
    const out = Math.max(phasePeak, process.memoryUsage().rss);
    phasePeak = process.memoryUsage().rss;
    return out;
  };
  const { handle, drop } = await open(engine);
  try {
    const db = handle.db;
    await migrate(db);
    await syncReferenceData(db);
    const ids = await load(db);
    const tenant = <T>(fn: Parameters<typeof inTenant<T>>[3]) =>
      inTenant(db, ids.municipalityId, SYSTEM, fn);
    await tenant(({ trx }) => recomputePlan(trx, ids.planId, "2030-01-15"));

    const read: number[] = [];
    const write: number[] = [];
    const plain: number[] = [];
    const whole: number[] = [];
    let data: ExportData | undefined;
    let size = 0;
    for (let i = 0; i < 3; i++) {
      const [r, d] = await time(() =>
        tenant(({ trx }) =>
          readExportData(trx, ids.municipalityId, ids.planId, {
            includeAlerts: true,
            exportedOn: "2030-01-15",
          }),
        ),
      );
      data = d!;
      read.push(r);
    }
    const before = phase();
    // The formatted xlsx, streamed, first: the in-memory baseline's memory would hide it.
    for (let i = 0; i < 3; i++) {
      const sink = counter();
      write.push((await time(() => writeWorkbook(data!, sink.out)))[0]);
      size = sink.bytes();
      whole.push(
        (
          await time(async () => {
            const file = await tenant(({ trx }) =>
              exportPlanDownload(
                trx,
                ids.municipalityId,
                ids.planId,
                { format: "xlsx" },
                { member: true },
              ),
            );
            if (file && isStreamed(file)) await file.write(counter().out);
          })
        )[0],
      );
    }
    const [, streamedProbe] = await whileProbing(() => writeWorkbook(data!, counter().out));
    const streamedPeak = phase();
    for (let i = 0; i < 3; i++) plain.push((await time(() => plainWorkbook(data!)))[0]);
    const [, plainProbe] = await whileProbing(() => plainWorkbook(data!));
    const plainPeak = phase();
    const [csvMs, csv] = await time(() =>
      tenant(({ trx }) =>
        exportPlanFile(
          trx,
          ids.municipalityId,
          ids.planId,
          { format: "csv", table: "measurements" },
          { member: true },
        ),
      ),
    );
    const [jsonMs, json] = await time(() =>
      tenant(({ trx }) =>
        exportPlanFile(trx, ids.municipalityId, ids.planId, { format: "json" }, { member: true }),
      ),
    );
    clearInterval(sampler);
    const base = median(plain);
    console.log(`\n${engine === "pglite" ? "PGlite (en memoria)" : "Servidor PostgreSQL"}`);
    console.log(
      `  datos: ${data!.items.length} iniciativas, ${data!.indicators.length} indicadores, ${data!.measurements.length} mediciones validadas`,
    );
    console.log(
      `  lectura de los datos:                 ${median(read).toFixed(0)} ms (mediana de 3)`,
    );
    console.log(
      `  xlsx con formato (en flujo):          ${median(write).toFixed(0)} ms, ${(size / 1024 / 1024).toFixed(1)} MB`,
    );
    console.log(`  ExcelJS solo, mismas filas sin formato: ${base.toFixed(0)} ms`);
    console.log(`  razón xlsx / ExcelJS solo:            ${(median(write) / base).toFixed(2)}`);
    console.log(
      `  exportación xlsx completa:            ${median(whole).toFixed(0)} ms (razón ${(median(whole) / base).toFixed(2)})`,
    );
    console.log(
      `  CSV de mediciones: ${csvMs.toFixed(0)} ms, ${((csv?.body.length ?? 0) / 1024 / 1024).toFixed(1)} MB; JSON: ${jsonMs.toFixed(0)} ms, ${((json?.body.length ?? 0) / 1024 / 1024).toFixed(1)} MB`,
    );
    console.log(`  memoria máxima (rss) antes del xlsx:  ${mb(before)}`);
    console.log(
      `  memoria máxima (rss), xlsx con formato: ${mb(streamedPeak)}; ExcelJS solo: ${mb(plainPeak)} (razón ${(streamedPeak / plainPeak).toFixed(2)})`,
    );
    console.log(`  servidor durante el xlsx con formato: ${probed(streamedProbe)}`);
    console.log(`  servidor durante ExcelJS solo:        ${probed(plainProbe)}`);
    console.log(`  memoria máxima (rss), todo el banco:  ${mb(peak)}`);
  } finally {
    clearInterval(sampler);
    await handle.close();
    await drop();
  }
}

export async function run(args: string[]): Promise<void> {
  const s = args.indexOf("--scale");
  setScale(s >= 0 ? Number(args[s + 1]) : 0.1);
  const i = args.indexOf("--engine");
  const engines: Engine[] = i >= 0 ? [args[i + 1] as Engine] : ["pglite", "postgres"];
  for (const engine of engines) await benchEngine(engine);
}
