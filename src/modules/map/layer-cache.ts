import { gzipSync } from "node:zlib";
import { sql, type Transaction } from "kysely";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Database } from "../../db/schema";

/**
 * The territory layer changes rarely and is read on every map view: its JSON
 * and gzip are kept per municipality and served again while the territories'
 * stamp (how many, last change, sum of versions) is the same. The stamp is
 * read in the request's tenant transaction, after its authorisation check, so
 * the cache never serves a municipality's layer to a request of another.
 * One process, a few municipalities: a small map, the oldest entry dropped.
 */
interface Entry {
  stamp: string;
  json: Buffer;
  gzip: Buffer;
}

const MAX_ENTRIES = 32;
const cache = new Map<string, Entry>();

export async function territoryStamp(
  trx: Transaction<Database>,
  municipalityId: string,
): Promise<string> {
  const row = await trx
    .selectFrom("territory")
    .where("municipality_id", "=", municipalityId)
    .select([
      sql<string>`count(*)::text`.as("n"),
      sql<string>`coalesce(max(updated_at)::text, '')`.as("at"),
      sql<string>`coalesce(sum(version), 0)::text`.as("v"),
    ])
    .executeTakeFirstOrThrow();
  return `${row.n}|${row.at}|${row.v}`;
}

/** The cached layer for this stamp, or builds it (JSON and gzip) and keeps it. */
export async function cachedLayer(
  key: string,
  stamp: string,
  build: () => Promise<unknown>,
): Promise<Entry> {
  const hit = cache.get(key);
  if (hit && hit.stamp === stamp) return hit;
  const json = Buffer.from(JSON.stringify(await build()));
  const entry = { stamp, json, gzip: gzipSync(json, { level: 6 }) };
  cache.delete(key);
  cache.set(key, entry);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return entry;
}

/** Sends a cached layer, gzipped when the client accepts it. */
export function sendLayer(
  request: FastifyRequest,
  reply: FastifyReply,
  entry: Entry,
  contentType = "application/json; charset=utf-8",
) {
  const gzip = /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""));
  reply.header("content-type", contentType).header("vary", "accept-encoding");
  if (gzip) reply.header("content-encoding", "gzip");
  return reply.send(gzip ? entry.gzip : entry.json);
}
