import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { ImportFileError, type Grid } from "./grid";
import type { WorkerReply, WorkerMessage } from "./read-worker";

export type ReadProgress = Extract<WorkerMessage, { type: "progress" }>;

/**
 * Reads a workbook in a worker thread, so that a large file does not hold up
 * the server: the worker checks the file and reads its rows (read-worker.ts)
 * and reports progress. One worker is started on the first import and kept
 * (starting one costs more than reading a 10,000-activity workbook); it does
 * not keep the process alive while idle, and a new one replaces it if it dies
 * (for instance on reaching its memory limit), failing the reads it had.
 */
interface Pending {
  resolve: (grid: Grid) => void;
  reject: (error: Error) => void;
  onProgress: (p: ReadProgress) => void;
}

let worker: Worker | null = null;
const pending = new Map<number, Pending>();
let nextId = 1;

function startWorker(): Worker {
  // The worker runs the TypeScript source through tsx, as the rest of Rumbo does.
  const tsx = pathToFileURL(
    createRequire(import.meta.url)
      .resolve("tsx/esm/api")
      .replace(/\.cjs$/, ".mjs"),
  ).href;
  const entry = new URL("./read-worker.ts", import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  const w = new Worker(bootstrap, {
    eval: true,
    workerData: { rumboImport: true },
    resourceLimits: { maxOldGenerationSizeMb: 1024 },
  });
  const fail = (error: Error) => {
    if (worker === w) worker = null;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  w.on("message", (m: WorkerReply) => {
    const p = pending.get(m.id);
    if (!p) return;
    const body = m.message;
    if (body.type === "progress") {
      p.onProgress(body);
      return;
    }
    pending.delete(m.id);
    if (pending.size === 0) w.unref();
    if (body.type === "done") p.resolve(body.grid);
    else
      p.reject(
        body.status === 500
          ? new Error(body.message)
          : new ImportFileError(body.message, body.status as 400 | 413 | 415),
      );
  });
  w.on("error", (error) => fail(error));
  w.on("exit", (code) => fail(new Error(`La lectura del libro se interrumpió (código ${code}).`)));
  return w;
}

export function readWorkbook(
  content: Buffer,
  onProgress: (p: ReadProgress) => void = () => {},
): Promise<Grid> {
  worker ??= startWorker();
  const w = worker;
  const id = nextId++;
  const copy = new Uint8Array(content);
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, onProgress });
    w.ref();
    w.postMessage({ id, content: copy }, [copy.buffer]);
  });
}
