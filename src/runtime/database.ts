import type { Config } from "../config";
import { openDatabase, type DatabaseHandle } from "../db/connection";
import { migrate } from "../db/migrate";
import { syncReferenceData } from "../modules/reference/sync";

/** Opens the configured database and brings its schema and reference data up to date. */
export async function openReadyDatabase(config: Config): Promise<DatabaseHandle> {
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(handle.db);
    await syncReferenceData(handle.db);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}
