import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import lockfile from "proper-lockfile";
import { PGliteDialect } from "./pglite-dialect";
import type { Database } from "./schema";

export type Engine = "pglite" | "postgres";

export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: Engine;
  /** Checkpoints (PGlite), closes connections and releases the data-directory lock. */
  close(): Promise<void>;
}

export class DatabaseOpenError extends Error {}

// Both engines return the same JavaScript values: int8 and numeric as numbers
// (counts and CLP amounts stay far below 2^53), dates as "YYYY-MM-DD" strings.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const toNumber = (value: string) => Number(value);
const keepText = (value: string) => value;

export interface OpenOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  /** Pool size on a server. */
  maxConnections?: number;
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  return options.databaseUrl
    ? openServer(options.databaseUrl, options.maxConnections ?? 10)
    : openEmbedded(options.dataDir);
}

async function openServer(url: string, max: number): Promise<DatabaseHandle> {
  const types = {
    getTypeParser(oid: number, format?: "text" | "binary") {
      if (oid === INT8 || oid === NUMERIC) return toNumber;
      if (oid === DATE) return keepText;
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({ connectionString: url, max, types, connectionTimeoutMillis: 5000 });
  // An idle connection dropped by the server (restart, failover) must not stop the process.
  pool.on("error", (error) =>
    console.error(`rumbo: conexión a PostgreSQL perdida: ${error.message}`),
  );
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new DatabaseOpenError(
      `No se pudo conectar a la base de datos PostgreSQL (${redact(url)}): ${(error as Error).message}`,
    );
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, engine: "postgres", close: () => db.destroy() };
}

/** Where an in-memory PGlite is asked for (tests, benchmarks): no files, no lock. */
export const IN_MEMORY = "memory://";

async function openEmbedded(dataDir: string): Promise<DatabaseHandle> {
  let unlock: () => Promise<void> = async () => {};
  if (dataDir !== IN_MEMORY) unlock = await lockDataDir(dataDir);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dataDir === IN_MEMORY ? undefined : path.join(dataDir, "pgdata"), {
      parsers: { [INT8]: toNumber, [NUMERIC]: toNumber, [DATE]: keepText },
    });
  } catch (error) {
    await unlock();
    throw new DatabaseOpenError(
      `No se pudo abrir la base de datos embebida en ${dataDir}: ${(error as Error).message}`,
    );
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  let closed = false;
  return {
    db,
    engine: "pglite",
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      // PGlite does not fsync as it goes: a checkpoint writes everything out.
      await pglite.query("CHECKPOINT");
      await pglite.close();
      await unlock();
    },
  };
}

async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    // One process per data directory: PGlite is a single connection and does not
    // coordinate with other processes, so a second one would corrupt the files.
    return await lockfile.lock(dataDir, {
      lockfilePath: path.join(dataDir, "rumbo.lock"),
      stale: 15_000,
      update: 5_000,
      retries: 0,
      onCompromised: (error) =>
        console.error(`rumbo: el bloqueo de ${dataDir} se perdió: ${error.message}`),
    });
  } catch (error) {
    if ((error as { code?: string }).code === "ELOCKED") {
      throw new DatabaseOpenError(
        `El directorio de datos ${dataDir} está en uso por otro proceso de Rumbo. ` +
          "Detenga ese proceso o use otro DATA_DIR.",
      );
    }
    throw error;
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, "//$1:***@");
}
