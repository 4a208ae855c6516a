import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CompiledQuery, type Transaction } from "kysely";
import type { Database } from "../../db/schema";

/**
 * Report SQL lives in its own files (./sql/*.sql), read once; parameters are
 * positional ($1, $2…). `/*name*\/` markers are replaced by trusted fragments.
 */
const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "sql");
const cache = new Map<string, string>();

export function sqlText(name: string, fragments: Record<string, string> = {}): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = fs.readFileSync(path.join(DIR, `${name}.sql`), "utf8");
    cache.set(name, text);
  }
  for (const [marker, fragment] of Object.entries(fragments))
    text = text.replaceAll(`/*${marker}*/`, fragment);
  return text;
}

export async function runSql<R>(
  trx: Transaction<Database>,
  name: string,
  parameters: unknown[],
  fragments: Record<string, string> = {},
): Promise<R[]> {
  const result = await trx.executeQuery<R>(CompiledQuery.raw(sqlText(name, fragments), parameters));
  return result.rows;
}
