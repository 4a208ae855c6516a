import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { inTenant, SYSTEM } from "../../db/tenant";
import {
  computePlanFigures,
  indicatorRows,
  indicatorStatuses,
  planStructure,
  rollUp,
  type IndicatorFigureRow,
  type ItemFigureRow,
  type PlanFigureRow,
  type PlanFigures,
} from "./figures-compute";
import { dispatched, inFlight, planContext, sendSeriesReads } from "./figures-sql";

export { computePlanFigures, type PlanFigures } from "./figures-compute";
export { refreshIndicator } from "./figures-refresh";
export type { IndicatorFigureRow, ItemFigureRow, PlanFigureRow };

/**
 * Precomputed figures: the status of every indicator (indicator_figure), its
 * roll-up up the item tree (item_figure) and by plan, strategic axis, unit,
 * territory, SDG and funding source (plan_figure).
 *
 * Three ways in, one set of rules (src/domain/monitoring):
 * - `computePlanFigures` computes everything from scratch, without writing;
 * - `recomputePlan` writes that (the first time, after structural edits, and
 *   when the day changes, because statuses depend on the date);
 * - `refreshIndicator` applies one indicator's change incrementally.
 * `checkPlan` proves that the stored figures equal a computation from scratch.
 */

type Trx = Transaction<Database>;

/** Today in Chile, as the plans' calendar days. */
export function todayInChile(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "America/Santiago" }).format(now);
}

/** Serialises the changes of one plan's figures. */
export async function lockPlanFigures(trx: Trx, planId: string) {
  await sql`select pg_advisory_xact_lock(hashtext('rumbo.figures'), hashtext(${planId}))`.execute(
    trx,
  );
}

type Row = Record<string, unknown>;

/**
 * Inserts rows of one plan sent as one JSON document (json_to_recordset, each
 * column typed by `types`), one statement; with `replacing`, rows whose key
 * exists are updated (without it, none may exist: the caller read them under
 * the plan's lock, and a plain insert skips the check for a conflict per row).
 * The plan and its municipality are sent once, not with every row (a fifth of
 * the document). The document is serialised natively, and the server parses
 * it while the caller goes on.
 */
async function upsertRows(
  trx: Trx,
  table: string,
  types: Record<string, string>,
  key: string[],
  plan: { municipalityId: string; planId: string },
  rows: Row[],
  replacing: boolean,
) {
  if (rows.length === 0) return;
  const cols = Object.keys(types);
  const sent = cols.filter((c) => !PLAN_COLUMNS.includes(c));
  const names = sql.join(cols.map((c) => sql.ref(c)));
  const updated = cols.filter((c) => !key.includes(c));
  await sql`insert into ${sql.table(table)} (${names})
    select ${sql.join(
      cols.map((c) =>
        c === "municipality_id"
          ? sql`${plan.municipalityId}::uuid`
          : c === "plan_id"
            ? sql`${plan.planId}::uuid`
            : sql.ref(c),
      ),
    )}
    from json_to_recordset(${JSON.stringify(rows, sent)}::json) as x(${sql.join(
      sent.map((c) => sql`${sql.ref(c)} ${sql.raw(types[c]!)}`),
    )})
    ${
      replacing
        ? sql`on conflict (${sql.join(key.map((c) => sql.ref(c)))}) do update set ${sql.join(
            updated.map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`),
          )}`
        : sql``
    }`.execute(trx);
}

const PLAN_COLUMNS = ["municipality_id", "plan_id"];

const COUNT_TYPES = {
  on_track: "int",
  at_risk: "int",
  off_track: "int",
  done: "int",
  no_data: "int",
};
export const INDICATOR_TYPES = {
  indicator_id: "uuid",
  municipality_id: "uuid",
  plan_id: "uuid",
  item_id: "uuid",
  status: "text",
  progress: "numeric",
  latest_value: "numeric",
  latest_period: "text",
  previous_status: "text",
  previous_period: "text",
  validated_count: "int",
  expected_value: "numeric",
  forecast_value: "numeric",
  forecast_low: "numeric",
  forecast_high: "numeric",
  forecast_probability: "numeric",
  explanation: "text",
};
export const ITEM_TYPES = {
  item_id: "uuid",
  municipality_id: "uuid",
  plan_id: "uuid",
  status: "text",
  progress: "numeric",
  ...COUNT_TYPES,
  explanation: "text",
};
export const PLAN_TYPES = {
  municipality_id: "uuid",
  plan_id: "uuid",
  dimension: "text",
  key: "text",
  status: "text",
  progress: "numeric",
  progress_sum: "numeric",
  progress_n: "int",
  weight_sum: "numeric",
  members: "int",
  members_done: "int",
  items: "int",
  ...COUNT_TYPES,
};

type FigureTable = FigureDifference["table"];
const TABLE_SHAPES: Record<FigureTable, { key: string[]; types: Record<string, string> }> = {
  indicator_figure: { key: ["indicator_id"], types: INDICATOR_TYPES },
  item_figure: { key: ["item_id"], types: ITEM_TYPES },
  plan_figure: { key: ["plan_id", "dimension", "key"], types: PLAN_TYPES },
};

/**
 * Brings a plan's figures to a computation from scratch for the day `asOf`,
 * writing only the rows that differ from what is stored (a daily recompute
 * changes few rows; rewriting them all would cost more than computing them).
 *
 * Reads, computation and writes overlap (figures-sql.ts sendSeriesReads):
 * the plan's structure and stored figures, the definitions and latest periods
 * are read first; while PostgreSQL aggregates the whole history, the statuses
 * and roll-ups are computed and the items' and plan's changes queued; the
 * indicators' follow when the history arrives.
 */
export async function recomputePlan(trx: Trx, planId: string, asOf = todayInChile()) {
  const ctx = await planContext(trx, planId);
  if (!ctx) return;
  await lockPlanFigures(trx, planId);
  // One pass over every measurement: compiling it (JIT) costs more than it saves.
  await sql`select set_config('jit', 'off', true)`.execute(trx);
  const reads = await sendSeriesReads(trx, planId, () =>
    Promise.all([planStructure(trx, ctx), storedFigures(trx, planId)]),
  );
  const [[structure, stored], defs, latest] = await Promise.all([
    reads.first,
    reads.definitions,
    reads.latest,
  ]);
  // The history's statement goes out before the computation holds the thread.
  await dispatched();
  const statuses = indicatorStatuses(ctx, defs, latest, asOf);
  const rolled = rollUp(ctx, structure, defs, statuses);
  const others = [
    inFlight(
      writeChanges(trx, ctx, "item_figure", (out) =>
        compare("item_figure", stored.items, rolled.items, out),
      ),
    ),
    inFlight(
      writeChanges(trx, ctx, "plan_figure", (out) =>
        compare("plan_figure", stored.plan, rolled.plan, out),
      ),
    ),
  ];
  const history = await reads.history;
  // The items' and plan's changes, queued behind the history, go out before
  // the indicators' rows are computed.
  await dispatched();
  const indicators = indicatorRows(ctx, defs, statuses, history);
  await writeChanges(trx, ctx, "indicator_figure", (out) =>
    compare("indicator_figure", stored.indicators, indicators, out),
  );
  await Promise.all(others);
  await trx.updateTable("plan").set({ figures_as_of: asOf }).where("id", "=", planId).execute();
}

/** Deletes the rows no longer expected and upserts the ones that differ, of one table. */
async function writeChanges(
  trx: Trx,
  plan: { municipalityId: string; planId: string },
  table: FigureTable,
  diff: (out: FigureDifference[]) => void,
): Promise<void> {
  const changes: FigureDifference[] = [];
  diff(changes);
  const { key, types } = TABLE_SHAPES[table];
  const rows = changes.filter((d) => d.expected !== null).map((d) => d.expected as Row);
  // The upsert first: it is what the caller overlaps with its own work.
  const replacing = changes.some((d) => d.stored !== null && d.expected !== null);
  const upsert = upsertRows(trx, table, types, key, plan, rows, replacing);
  const gone = changes.filter((d) => d.expected === null);
  const deletion =
    gone.length === 0
      ? undefined
      : sql`delete from ${sql.table(table)} where plan_id = ${plan.planId}
      and (${sql.join(key.map((c) => sql.ref(c)))}) in (select * from unnest(${sql.join(
        key.map((c) => sql`${gone.map((d) => (d.stored as Row)[c])}::${sql.raw(types[c]!)}[]`),
      )}))`.execute(trx);
  await Promise.all([upsert, deletion]);
}

/**
 * After a structural edit (an item moved, deleted, re-weighted or re-tagged;
 * an indicator added or removed): the plan's figures again, in the same
 * transaction, when the plan has figures at all.
 */
export async function refreshPlanStructure(trx: Trx, planId: string): Promise<void> {
  const ctx = await planContext(trx, planId);
  if (!ctx || ctx.figuresAsOf === null) return;
  await recomputePlan(trx, planId, ctx.figuresAsOf);
}

export interface FigureDifference {
  table: "indicator_figure" | "item_figure" | "plan_figure";
  key: string;
  stored: unknown;
  expected: unknown;
}

/**
 * A table's stored rows as the statement returns them: arrays in the order of
 * `columns` (the table's shape in TABLE_SHAPES), compared as they are.
 */
interface StoredTable {
  columns: string[];
  rows: unknown[][];
}

type StoredFigures = { indicators: StoredTable; items: StoredTable; plan: StoredTable };

/**
 * Whether two stored values are the same figure: numbers within 1e-6, or
 * within a billionth of their size when larger. The history's moments are
 * float sums whose last digits depend on the order PostgreSQL adds the rows
 * in, which changes with the plan it picks (after VACUUM ANALYZE, say): a
 * forecast of 188.394.335 pesos then moves in its sixth decimal.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number")
    return Math.abs(a - b) <= Math.max(1e-6, 1e-9 * Math.max(Math.abs(a), Math.abs(b)));
  return a === b;
}

/** Whether an expected row equals a stored one, value by value. */
function sameRow(expected: Row, stored: unknown[], columns: string[]): boolean {
  for (let i = 0; i < columns.length; i++)
    if (!sameValue(expected[columns[i]!], stored[i])) return false;
  return true;
}

function objectOf(columns: string[], values: unknown[]): Row {
  const row: Row = {};
  for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i];
  return row;
}

/**
 * Adds to `out` the expected rows missing or different in `stored`, and the
 * stored rows not expected; a row is named by its key (without the plan).
 */
function compare(
  table: FigureTable,
  stored: StoredTable,
  expected: readonly object[],
  out: FigureDifference[],
): void {
  const { columns } = stored;
  const key = TABLE_SHAPES[table].key.filter((c) => c !== "plan_id");
  const keyAt = key.map((c) => columns.indexOf(c));
  const byKey = new Map<string, unknown[]>();
  for (const values of stored.rows) {
    let k = String(values[keyAt[0]!]);
    for (let i = 1; i < keyAt.length; i++) k += `:${String(values[keyAt[i]!])}`;
    byKey.set(k, values);
  }
  for (const e of expected as Row[]) {
    let k = String(e[key[0]!]);
    for (let i = 1; i < key.length; i++) k += `:${String(e[key[i]!])}`;
    const s = byKey.get(k);
    if (s) byKey.delete(k);
    if (!s || !sameRow(e, s, columns))
      out.push({ table, key: k, stored: s ? objectOf(columns, s) : null, expected: e });
  }
  for (const [k, s] of byKey)
    out.push({ table, key: k, stored: objectOf(columns, s), expected: null });
}

/**
 * A plan's stored figures: three statements, sent at once, each one JSON
 * document of row arrays (sql/indicator-definitions.sql explains why).
 */
async function storedFigures(trx: Trx, planId: string): Promise<StoredFigures> {
  const [indicators, items, plan] = await Promise.all([
    storedRows(trx, "indicator_figure", planId),
    storedRows(trx, "item_figure", planId),
    storedRows(trx, "plan_figure", planId),
  ]);
  return { indicators, items, plan };
}

async function storedRows(trx: Trx, table: FigureTable, planId: string): Promise<StoredTable> {
  const columns = Object.keys(TABLE_SHAPES[table].types);
  const { rows } = await sql<{ rows: string }>`select
      coalesce(json_agg(json_build_array(${sql.join(columns.map((c) => sql.ref(c)))})), '[]')::text
      as rows
    from ${sql.table(table)} where plan_id = ${planId}`.execute(trx);
  return { columns, rows: JSON.parse(rows[0]!.rows) as unknown[][] };
}

/** Rows of `expected` missing or different in `stored`, and rows of `stored` not expected. */
function differences(stored: StoredFigures, expected: PlanFigures): FigureDifference[] {
  const out: FigureDifference[] = [];
  compare("indicator_figure", stored.indicators, expected.indicators, out);
  compare("item_figure", stored.items, expected.items, out);
  compare("plan_figure", stored.plan, expected.plan, out);
  return out;
}

/**
 * The differences between a plan's stored figures and a computation from
 * scratch for the same day: empty when the incremental updates were right.
 */
export async function checkPlan(trx: Trx, planId: string): Promise<FigureDifference[]> {
  const ctx = await planContext(trx, planId);
  if (!ctx || ctx.figuresAsOf === null) return [];
  const expected = await computePlanFigures(trx, ctx, ctx.figuresAsOf);
  return differences(await storedFigures(trx, planId), expected);
}

async function eachPlan(
  db: Kysely<Database>,
  fn: (trx: Trx, planId: string, cut: string) => Promise<void>,
  cut?: string,
): Promise<void> {
  let query = db.selectFrom("municipality").select(["id", "cut_code"]).orderBy("cut_code");
  if (cut !== undefined) query = query.where("cut_code", "=", cut);
  for (const m of await query.execute()) {
    const plans = await inTenant(db, m.id, SYSTEM, ({ trx }) =>
      trx.selectFrom("plan").select("id").orderBy("created_at").execute(),
    );
    for (const p of plans) await inTenant(db, m.id, SYSTEM, ({ trx }) => fn(trx, p.id, m.cut_code));
  }
}

/** Recomputes every plan's figures from scratch (after an upgrade, or to repair). */
export async function recomputeAll(db: Kysely<Database>, asOf = todayInChile()): Promise<number> {
  let plans = 0;
  await eachPlan(db, async (trx, planId) => {
    await recomputePlan(trx, planId, asOf);
    plans += 1;
  });
  return plans;
}

export interface PlanCheck {
  cut: string;
  planId: string;
  differences: FigureDifference[];
  repaired: boolean;
}

/**
 * The check over every plan, or one municipality's (`rumbo figures check`):
 * differences per plan; with `fix`, plans with differences are recomputed
 * for the day their figures were computed for.
 */
export async function checkAll(
  db: Kysely<Database>,
  options: { cut?: string; fix?: boolean } = {},
): Promise<PlanCheck[]> {
  const out: PlanCheck[] = [];
  await eachPlan(
    db,
    async (trx, planId, cut) => {
      const differences = await checkPlan(trx, planId);
      let repaired = false;
      if (options.fix && differences.length > 0) {
        await refreshPlanStructure(trx, planId);
        repaired = true;
      }
      out.push({ cut, planId, differences, repaired });
    },
    options.cut,
  );
  return out;
}
