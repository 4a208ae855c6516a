import type { FastifyInstance } from "fastify";
import type { Engine } from "../../src/db/connection";
import { loadDemo } from "../../src/modules/demo/demo";
import { buildApp } from "../../src/server/app";
import { openTestDatabase, type TestDatabase } from "./databases";

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  close(): Promise<void>;
}

/** The HTTP app on a fresh database of the engine, optionally with a plan fixture loaded. */
export async function startTestApp(
  engine: Engine,
  options: { fixture?: string | false; webDist?: string } = {},
): Promise<TestApp> {
  const database = await openTestDatabase(engine);
  if (options.fixture !== false)
    await loadDemo(database.owner.db, options.fixture ? { file: options.fixture } : {});
  const app = await buildApp({
    db: database.db,
    engine: database.engine,
    logLevel: "silent",
    ...(options.webDist ? { webDist: options.webDist } : {}),
  });
  return {
    app,
    database,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
