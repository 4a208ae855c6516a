/**
 * The map's territory layer at scale (issue #7): 10,000 generated polygons
 * (48 vertices each, around Santiago), served by GET …/map/layers/territories.
 *
 * Prints the payload size (raw and as sent with gzip) and the server time p50
 * (Fastify inject: routing, SQL, serialisation, compression), against a
 * baseline measured in the same run: the same rows served with their stored,
 * unsimplified geometry (what the layer would cost without simplification).
 * Goal: under 1 MB and p50 under 50 ms on the PostgreSQL server.
 *
 * Run: npm run bench -- map [--engine pglite|postgres] [--features 10000] [--runs 21]
 * (postgres: the server of TEST_DATABASE_URL, a throw-away database).
 */
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import type { Polygon } from "geojson";
import { sql } from "kysely";
import type { Engine } from "../src/db/connection";
import { inTenant, SYSTEM } from "../src/db/tenant";
import { bboxOf, displayGeometry } from "../src/modules/map/geometry";
import { startTestApp } from "../tests/support/app";
import { createUser, headersOf, login } from "../tests/support/users";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const MINI = path.join(repo, "fixtures/test/mini-plan.json");

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

/** A wobbly 48-vertex ring around a centre (a boundary with detail to simplify). */
function blob(lon: number, lat: number, r: number, seed: number): Polygon {
  const ring: number[][] = [];
  for (let k = 0; k < 48; k++) {
    const a = (2 * Math.PI * k) / 48;
    const wobble = 1 + 0.08 * Math.sin(5 * a + seed) + 0.03 * Math.sin(17 * a + seed * 3);
    ring.push([lon + r * wobble * Math.cos(a), lat + r * 0.9 * wobble * Math.sin(a)]);
  }
  ring.push(ring[0]!);
  return { type: "Polygon", coordinates: [ring] };
}

export async function run(args: string[]): Promise<void> {
  const option = (name: string, fallback: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1]! : fallback;
  };
  const engine = option("engine", "postgres") as Engine;
  const n = Number(option("features", "10000"));
  const runs = Number(option("runs", "21"));
  console.log(`Motor: ${engine}; ${n} territorios generados; ${runs} repeticiones.`);
  const t = await startTestApp(engine, { fixture: MINI });
  try {
    const owner = t.database.owner.db;
    const m = await owner
      .selectFrom("municipality")
      .select("id")
      .where("cut_code", "=", "15201")
      .executeTakeFirstOrThrow();
    await createUser(owner, {
      email: "bench@putre.test",
      membership: { cut: "15201", role: "viewer" },
    });
    const session = await login(t.app, "bench@putre.test");

    const side = Math.ceil(Math.sqrt(n));
    const step = 0.5 / side;
    let prep = performance.now();
    const rows = Array.from({ length: n }, (_, i) => {
      const g = blob(
        -70.9 + (i % side) * step,
        -33.7 + Math.floor(i / side) * step,
        step * 0.42,
        i,
      );
      const [w, s, e, no] = bboxOf(g);
      return {
        municipality_id: m.id,
        kind: "sector" as const,
        code: `T-${String(i + 1).padStart(5, "0")}`,
        name: `Territorio generado ${i + 1}`,
        geometry: JSON.stringify(g),
        display_geometry: JSON.stringify(displayGeometry(g)),
        bbox_west: w,
        bbox_south: s,
        bbox_east: e,
        bbox_north: no,
      };
    });
    prep = performance.now() - prep;
    await inTenant(owner, m.id, SYSTEM, async ({ trx }) => {
      for (let i = 0; i < rows.length; i += 500)
        await trx
          .insertInto("territory")
          .values(rows.slice(i, i + 500))
          .execute();
    });
    const firstCode = rows[0]!.code;
    rows.length = 0; // the generated rows are in the database now: let their memory go
    console.log(
      `Simplificación al importar: ${(prep / n).toFixed(3)} ms por territorio (${(prep / 1000).toFixed(1)} s en total).`,
    );

    const url = "/api/municipalities/15201/map/layers/territories";
    const layer = async (encoding: string | null) => {
      const start = performance.now();
      const res = await t.app.inject({
        url,
        headers: { ...headersOf(session), ...(encoding ? { "accept-encoding": encoding } : {}) },
      });
      const ms = performance.now() - start;
      if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body.slice(0, 200)}`);
      return {
        ms,
        bytes: res.rawPayload.length,
        encoding: res.headers["content-encoding"],
        body: res.rawPayload,
      };
    };
    // Baseline: the same rows with their stored geometry, unsimplified, serialised the same way.
    const baseline = async () => {
      const start = performance.now();
      const body = await inTenant(t.database.db, m.id, SYSTEM, async ({ trx }) => {
        const all = await trx
          .selectFrom("territory")
          .select([
            "id",
            "code",
            "name",
            "kind",
            "parent_id",
            sql<unknown>`geometry`.as("geometry"),
          ])
          .where("geometry", "is not", null)
          .orderBy("code")
          .execute();
        return JSON.stringify({
          type: "FeatureCollection",
          features: all.map((r) => ({
            type: "Feature",
            id: r.id,
            geometry: r.geometry,
            properties: {
              id: r.id,
              code: r.code,
              name: r.name,
              kind: r.kind,
              parentId: r.parent_id,
              parentCode: null,
              approximate: false,
            },
          })),
        });
      });
      return { ms: performance.now() - start, bytes: Buffer.byteLength(body) };
    };

    // Warm-up of the layer (its first request builds the cached layer); the baseline warms up
    // in its own phase, so that its 20 MB of garbage does not land in the layer's timings.
    for (let i = 0; i < 3; i++) {
      await layer("gzip");
      await layer(null);
    }
    const sent: number[] = [];
    const plain: number[] = [];
    const base: number[] = [];
    let sentBytes = 0;
    let plainBytes = 0;
    let baseBytes = 0;
    let encoding: string | undefined;
    // The two encodings alternate, so that the machine's load falls on both alike.
    for (let i = 0; i < runs; i++) {
      const a = await layer("gzip");
      sent.push(a.ms);
      sentBytes = a.bytes;
      encoding = a.encoding as string | undefined;
      if (i === 0 && encoding === "gzip") {
        const features = (JSON.parse(gunzipSync(a.body).toString()) as { features: unknown[] })
          .features;
        if (features.length !== n)
          throw new Error(`expected ${n} features, got ${features.length}`);
      }
      const b = await layer(null);
      plain.push(b.ms);
      plainBytes = b.bytes;
    }
    await baseline();
    for (let i = 0; i < runs; i++) {
      const c = await baseline();
      base.push(c.ms);
      baseBytes = c.bytes;
    }
    // The floor: a trivial route through the same server (no database), for the machine's load.
    const health: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      await t.app.inject({ url: "/api/health" });
      health.push(performance.now() - start);
    }
    // A changed territory: the next request rebuilds the layer (the cost of a miss).
    await inTenant(owner, m.id, SYSTEM, ({ trx }) =>
      trx
        .updateTable("territory")
        .set({ name: "Territorio renombrado", updated_at: sql`now()` })
        .where("code", "=", firstCode)
        .execute(),
    );
    const miss = await layer("gzip");
    const p50 = median(sent);
    if (args.includes("--verbose"))
      console.log(
        sent.map((x) => x.toFixed(0)).join(" "),
        "|",
        plain.map((x) => x.toFixed(0)).join(" "),
      );
    console.log(`\nCapa de territorios (${n} polígonos de 48 vértices):`);
    console.log(
      `  simplificada, enviada con ${encoding ?? "sin compresión"}: ${mb(sentBytes)} (${kb(sentBytes)}), p50 ${p50.toFixed(1)} ms`,
    );
    console.log(
      `  simplificada, sin compresión:        ${mb(plainBytes)}, p50 ${median(plain).toFixed(1)} ms`,
    );
    console.log(
      `  línea base (geometría original):     ${mb(baseBytes)}, p50 ${median(base).toFixed(1)} ms`,
    );
    console.log(
      `  GET /api/health (piso del servidor, misma carga): p50 ${median(health).toFixed(1)} ms`,
    );
    console.log(
      `  carga de la máquina (loadavg 1 min): ${os.loadavg()[0]!.toFixed(1)} en ${os.cpus().length} núcleos`,
    );
    console.log(`  tras un cambio (se reconstruye la capa): ${miss.ms.toFixed(0)} ms, una vez`);
    console.log(
      `  razón tamaño enviado / línea base: ${(sentBytes / baseBytes).toFixed(3)}; razón tiempo: ${(p50 / median(base)).toFixed(2)}`,
    );
    console.log(
      `  meta < 1 MB: ${sentBytes < 1024 * 1024 ? "cumple" : "NO CUMPLE"}; meta p50 < 50 ms: ${p50 < 50 ? "cumple" : "NO CUMPLE"}`,
    );
  } finally {
    await t.close();
  }
}
