/**
 * Benchmark of the precomputed figures (src/modules/monitoring/figures.ts) on
 * a synthetic plan: 5,000 items, 10,000 indicators, 96 monthly validated
 * measurements each (960,000), bulk-loaded with generate_series.
 *
 * Prints, per engine (PGlite in memory; a throw-away database on the
 * PostgreSQL server of TEST_DATABASE_URL):
 * - full recompute from scratch, every figure row written, vs one plain
 *   GROUP BY over the same measurements in the same database (ratio; goal
 *   ≤ 3), and the same recompute when nothing changed (as on most days:
 *   only differing rows are written); five rounds, each timing the GROUP BY
 *   right before its recomputes, and the median of the rounds' ratios (the
 *   shared machine's speed drifts between rounds);
 * - median time to bring every figure up to date after one changed
 *   measurement (goal on the server < 20 ms);
 * - peak resident memory of the process.
 *
 * Run: npm run bench -- monitoring [--engine pglite|postgres] [--scale 0.1]
 * (--scale 0.1: 500 items, 1,000 indicators, 96,000 measurements, for a
 * quick look; at full size PGlite loads in 40 to 70 s and holds ~1.8 GB.)
 */
import { sql, type Kysely } from "kysely";
import { IN_MEMORY, openDatabase, type DatabaseHandle, type Engine } from "../src/db/connection";
import { migrate } from "../src/db/migrate";
import type { Database } from "../src/db/schema";
import { inTenant, SYSTEM } from "../src/db/tenant";
import { checkPlan, recomputePlan, refreshIndicator } from "../src/modules/monitoring/figures";
import { syncReferenceData } from "../src/modules/reference/sync";
import { createServerDatabase } from "../tests/support/databases";

// --scale s multiplies the number of items (hence indicators and measurements).
let ROOTS = 50;
const CHILDREN = 99; // 50 + 50 × 99 = 5,000 items
const ROUNDS = 5;
const MONTHS = 96;
const AS_OF = "2030-01-15";

export async function open(
  engine: Engine,
): Promise<{ handle: DatabaseHandle; drop: () => Promise<void> }> {
  if (engine === "pglite") {
    const handle = await openDatabase({ dataDir: IN_MEMORY });
    return { handle, drop: async () => {} };
  }
  const server = await createServerDatabase();
  const handle = await openDatabase({
    databaseUrl: server.url,
    dataDir: IN_MEMORY,
    maxConnections: 2,
  });
  return { handle, drop: server.drop };
}

/** The synthetic plan's size for `load`: 1 = 5,000 items (other benchmarks reuse it). */
export function setScale(scale: number): void {
  ROOTS = Math.max(1, Math.round(50 * scale));
}

export async function load(db: Kysely<Database>) {
  const m = await db
    .insertInto("municipality")
    .values({ cut_code: "03301", name: "Vallenar (sintética)" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const p = await db
    .insertInto("plan")
    .values({
      municipality_id: m.id,
      kind: "pladeco",
      title: "Plan sintético",
      start_year: 2022,
      end_year: 2029,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const [mid, pid] = [m.id, p.id];
  await sql`insert into plan_level (municipality_id, plan_id, key, name, plural, sort)
    values (${mid}, ${pid}, 'item', 'Iniciativa', 'Iniciativas', 0)`.execute(db);
  await sql`insert into org_unit (municipality_id, name)
    select ${mid}, 'Unidad ' || g from generate_series(1, 20) g`.execute(db);
  await sql`insert into territory (municipality_id, kind, code, name)
    select ${mid}, 'sector', 's' || g, 'Sector ' || g from generate_series(1, 10) g`.execute(db);
  await sql`insert into plan_item (municipality_id, plan_id, level_key, code, sort, title)
    select ${mid}, ${pid}, 'item', g::text, g, 'Lineamiento ' || g from generate_series(1, ${ROOTS}) g`.execute(
    db,
  );
  await sql`insert into plan_item (municipality_id, plan_id, parent_id, level_key, code, sort, title)
    select ${mid}, ${pid}, r.id, 'item', r.code || '.' || g, g, 'Iniciativa ' || r.code || '.' || g
    from plan_item r cross join generate_series(1, ${CHILDREN}) g where r.plan_id = ${pid}`.execute(
    db,
  );
  const ranked = sql`(select id, row_number() over (order by code) as n from plan_item where plan_id = ${pid} and parent_id is not null)`;
  await sql`insert into plan_item_unit (municipality_id, item_id, unit_id, role)
    select ${mid}, i.id, u.id, 'responsible' from ${ranked} i
    join (select id, row_number() over (order by name) - 1 as k from org_unit) u on u.k = i.n % 20`.execute(
    db,
  );
  await sql`insert into plan_item_territory (municipality_id, item_id, territory_id)
    select ${mid}, i.id, t.id from ${ranked} i
    join (select id, row_number() over (order by code) - 1 as k from territory) t on t.k = i.n % 10`.execute(
    db,
  );
  await sql`insert into plan_item_sdg (municipality_id, item_id, goal_number)
    select ${mid}, id, 1 + (row_number() over (order by code))::int % 17 from plan_item where plan_id = ${pid} and parent_id is null`.execute(
    db,
  );
  await sql`insert into plan_item_funding (municipality_id, item_id, source_code, amount)
    select ${mid}, i.id, f.code, 1000000 from ${ranked} i
    join (select code, row_number() over (order by code) - 1 as k, count(*) over () as c from funding_source) f
      on f.k = i.n % f.c`.execute(db);
  // Two indicators per item: 10,000.
  await sql`insert into indicator (municipality_id, item_id, name, kind, direction, baseline_value, baseline_date,
      target_value, target_date, periodicity, sort)
    select ${mid}, p.id, 'Indicador ' || p.code || '/' || k, 'value', 'increase', 0, '2022-01-01', 100, '2029-12-31', 'month', k
    from plan_item p cross join generate_series(1, 2) k where p.plan_id = ${pid}`.execute(db);
  await sql`insert into measurement (municipality_id, indicator_id, period_key, period_start, period_end, status, value)
    select ${mid}, i.id, to_char(d, 'YYYY-MM'), d::date, (d + interval '1 month' - interval '1 day')::date, 'validated',
      round((mo * (0.6 + (abs(hashtext(i.id::text)) % 80) / 100.0) + (abs(hashtext(i.id::text || mo)) % 7))::numeric, 2)
    from indicator i cross join generate_series(0, ${MONTHS - 1}) mo
    cross join lateral (select date '2022-01-01' + make_interval(months => mo) as d) x`.execute(db);
  // As the database is after its upkeep: autovacuum on a server, Rumbo's own
  // daily VACUUM on PGlite (src/db/maintenance.ts). Vacuum marks the loaded
  // pages all-visible, which index-only scans need.
  await sql`vacuum (analyze)`.execute(db);
  return { municipalityId: mid, planId: pid };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time<T>(fn: () => Promise<T>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function benchEngine(engine: Engine) {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const { handle, drop } = await open(engine);
  try {
    const db = handle.db;
    await migrate(db);
    await syncReferenceData(db);
    const loadMs = await time(async () => {
      const ids = await load(db);
      Object.assign(target, ids);
    });
    const counts = await sql<{ items: number; indicators: number; measurements: number }>`select
        (select count(*)::int from plan_item) as items, (select count(*)::int from indicator) as indicators,
        (select count(*)::int from measurement) as measurements`.execute(db);
    const c = counts.rows[0]!;
    const tenant = <T>(fn: Parameters<typeof inTenant<T>>[3]) =>
      inTenant(db, target.municipalityId, SYSTEM, fn);

    const groupBy: number[] = [];
    const full: number[] = [];
    const unchanged: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      groupBy.push(
        await time(() =>
          tenant(({ trx }) =>
            sql`select indicator_id, count(*), avg(value) from measurement where status = 'validated' group by indicator_id`.execute(
              trx,
            ),
          ),
        ),
      );
      // From scratch with every row written (the figures wiped first, untimed),
      // then again with nothing changed (only differences are written).
      await tenant(async ({ trx }) => {
        for (const table of ["indicator_figure", "item_figure", "plan_figure"] as const)
          await trx.deleteFrom(table).where("plan_id", "=", target.planId).execute();
        await trx
          .updateTable("plan")
          .set({ figures_as_of: null })
          .where("id", "=", target.planId)
          .execute();
      });
      full.push(await time(() => tenant(({ trx }) => recomputePlan(trx, target.planId, AS_OF))));
      unchanged.push(
        await time(() => tenant(({ trx }) => recomputePlan(trx, target.planId, AS_OF))),
      );
    }

    const indicatorIds = await tenant(({ trx }) =>
      trx.selectFrom("indicator").select("id").orderBy("id").execute(),
    );
    const incremental: number[] = [];
    for (let i = 0; i < 41; i++) {
      const id = indicatorIds[(i * 7919) % indicatorIds.length]!.id;
      incremental.push(
        await time(() =>
          tenant(async ({ trx }) => {
            await trx
              .updateTable("measurement")
              .set({ value: sql`value + 37` })
              .where("indicator_id", "=", id)
              .where("period_key", "=", "2029-12")
              .execute();
            await refreshIndicator(trx, id);
          }),
        ),
      );
    }
    const differences = await tenant(({ trx }) => checkPlan(trx, target.planId));
    clearInterval(sampler);
    const g = median(groupBy);
    const f = median(full);
    // Each round's recompute against the GROUP BY just before it: the machine's
    // speed drifts between rounds more than it does within one.
    const ratio = median(full.map((x, i) => x / groupBy[i]!));
    const ratioUnchanged = median(unchanged.map((x, i) => x / groupBy[i]!));
    console.log(`\n${engine === "pglite" ? "PGlite (en memoria)" : "Servidor PostgreSQL"}`);
    console.log(
      `  datos: ${c.items} iniciativas, ${c.indicators} indicadores, ${c.measurements} mediciones (carga ${(loadMs / 1000).toFixed(1)} s)`,
    );
    console.log(
      `  GROUP BY simple sobre las mediciones: ${g.toFixed(0)} ms (mediana de ${ROUNDS})`,
    );
    console.log(`  recálculo completo de las cifras:    ${f.toFixed(0)} ms (mediana de ${ROUNDS})`);
    console.log(
      `  razón recálculo / GROUP BY:          ${ratio.toFixed(2)} (meta ≤ 3; mediana de las razones de cada ronda)`,
    );
    const u = median(unchanged);
    console.log(
      `  recálculo sin cambios (nada escrito): ${u.toFixed(0)} ms, razón ${ratioUnchanged.toFixed(2)}`,
    );
    console.log(
      `  actualización tras una medición:     ${median(incremental).toFixed(1)} ms mediana, ${Math.max(...incremental).toFixed(1)} ms máx. (41 cambios)`,
    );
    console.log(
      `  cifras = cálculo desde cero:         ${differences.length === 0 ? "sí" : `NO (${differences.length} diferencias)`}`,
    );
    if (differences[0]) console.log(`  primera diferencia: ${JSON.stringify(differences[0])}`);
    console.log(`  memoria máxima (rss):                ${(peak / 1024 / 1024).toFixed(0)} MB`);
  } finally {
    clearInterval(sampler);
    await handle.close();
    await drop();
  }
}

const target = { municipalityId: "", planId: "" };

export async function run(args: string[]): Promise<void> {
  const s = args.indexOf("--scale");
  if (s >= 0) ROOTS = Math.max(1, Math.round(50 * Number(args[s + 1])));
  const i = args.indexOf("--engine");
  const engines: Engine[] = i >= 0 ? [args[i + 1] as Engine] : ["pglite", "postgres"];
  for (const engine of engines) await benchEngine(engine);
}
