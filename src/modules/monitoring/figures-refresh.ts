import { sql, type Transaction } from "kysely";
import type { Database, FigureDimension, StatusCounts, TrafficLight } from "../../db/schema";
import { DEFAULT_THRESHOLDS } from "../../domain/monitoring/status";
import { addTotals, combine, totalsOf, type Entry } from "../../domain/monitoring/rollup";
import {
  addCounts,
  countOf,
  indicatorRow,
  keyOf,
  pickCounts,
  planRow,
  rootKeys,
  round6,
  totalsOfRow,
  type ItemFigureRow,
  type PlanFigureRow,
} from "./figures-compute";
import { indicatorSeries, type PlanContext } from "./figures-sql";
import { recomputePlan } from "./figures";
import { indicatorFigure } from "./indicator-figure";
import { runSql } from "./sql";

/**
 * Applies a change of one indicator (a measurement validated, corrected or
 * reopened; its definition edited) to the stored figures in four round trips:
 * lock the plan's figures, aggregate the indicator's history
 * (sql/indicator-series.sql), read the chain of its item and ancestors with
 * their stored figures (sql/figure-chain.sql), write what changed in one
 * statement (sql/figure-upsert.sql). Item figures are recomputed by the
 * domain's roll-up from their entries; plan figures get the difference of
 * their members' totals.
 */

type Trx = Transaction<Database>;

interface ChainRow {
  id: string;
  parent_id: string | null;
  weight: number;
  depth: number;
  status: TrafficLight | null;
  progress: number | null;
  on_track: number;
  at_risk: number;
  off_track: number;
  done: number;
  no_data: number;
  indicators: Array<[string, TrafficLight, number | null]>;
  children: Array<[string, number, TrafficLight | null, number | null]>;
  tags: Array<[FigureDimension, string]>;
  old: { status: TrafficLight; progress: number | null } | null;
  plan_rows: PlanFigureRow[] | null;
}

const json = <T>(v: T | string): T => (typeof v === "string" ? (JSON.parse(v) as T) : v);
const num = (x: unknown) => (x === null || x === undefined ? null : Number(x));

export async function refreshIndicator(trx: Trx, indicatorId: string): Promise<void> {
  // The plan's context, under its lock: later statements see every change committed before.
  const { rows } = await sql<{
    plan_id: string;
    municipality_id: string;
    on_track_ratio: number;
    at_risk_ratio: number;
    figures_as_of: string | null;
    start_year: number;
    end_year: number;
  }>`select pl.id as plan_id, pl.municipality_id, pl.on_track_ratio, pl.at_risk_ratio,
      pl.figures_as_of, pl.start_year, pl.end_year,
      pg_advisory_xact_lock(hashtext('rumbo.figures'), hashtext(pl.id::text)) as locked,
      -- Small, index-driven statements: compiling them (JIT) would cost more than running them.
      set_config('jit', 'off', true) as jit
    from indicator i join plan_item p on p.id = i.item_id join plan pl on pl.id = p.plan_id
    where i.id = ${indicatorId}`.execute(trx);
  const plan = rows[0];
  if (!plan) return;
  if (plan.figures_as_of === null) return recomputePlan(trx, plan.plan_id);
  const ctx: PlanContext = {
    planId: plan.plan_id,
    municipalityId: plan.municipality_id,
    thresholds: {
      ...DEFAULT_THRESHOLDS,
      onTrack: Number(plan.on_track_ratio),
      atRisk: Number(plan.at_risk_ratio),
    },
    figuresAsOf: plan.figures_as_of,
    startYear: plan.start_year,
    endYear: plan.end_year,
  };
  const [found] = await indicatorSeries(trx, { indicatorId });
  if (!found) return;
  const { def, series } = found;
  const figure = indicatorFigure(def, series, ctx.thresholds, ctx.figuresAsOf!, ctx);
  const next = indicatorRow(ctx, def, figure, figure);
  const chain = (
    await runSql<ChainRow>(trx, "figure-chain", [def.itemId, indicatorId, ctx.planId])
  ).map((r) => ({
    ...r,
    progress: num(r.progress),
    weight: Number(r.weight),
    indicators: json(r.indicators),
    children: json(r.children),
    tags: json(r.tags),
    old: r.old === null ? null : json(r.old),
    plan_rows: r.plan_rows === null ? null : json(r.plan_rows),
  }));
  const old = chain[0]?.old ?? null;
  const complete =
    old !== null &&
    chain.every((c) => c.status !== null && c.children.every(([, , status]) => status !== null));
  // Figures never computed for part of the chain (a structural edit missed): from scratch.
  if (!complete) return recomputePlan(trx, ctx.planId, ctx.figuresAsOf!);

  const upsert = (items: ItemFigureRow[], planRows: object[]) =>
    runSql(trx, "figure-upsert", [
      JSON.stringify([next]),
      JSON.stringify(items),
      JSON.stringify(planRows),
    ]);
  if (old.status === next.status && num(old.progress) === next.progress) {
    await upsert([], []);
    return;
  }

  // The item and its ancestors, deepest first, by the domain's roll-up.
  const delta = addCounts(countOf(next.status), countOf(old.status), -1);
  const rolled: Array<{ row: ItemFigureRow; weight: number; before: Entry; after: Entry }> = [];
  let below: { id: string; progress: number | null; done: boolean } | null = null;
  for (const link of chain) {
    const entries: Entry[] = link.indicators.map(([id, status, progress]) =>
      id === indicatorId
        ? { weight: 1, progress: next.progress, done: next.status === "done", isItem: false }
        : { weight: 1, progress: num(progress), done: status === "done", isItem: false },
    );
    for (const [id, weight, status, progress] of link.children)
      entries.push(
        below && below.id === id
          ? { weight: Number(weight), progress: below.progress, done: below.done, isItem: true }
          : {
              weight: Number(weight),
              progress: num(progress),
              done: status === "done",
              isItem: true,
            },
      );
    const f = combine(entries, ctx.thresholds);
    const row: ItemFigureRow = {
      item_id: link.id,
      municipality_id: ctx.municipalityId,
      plan_id: ctx.planId,
      status: f.status,
      progress: round6(f.progress),
      ...addCounts(pickCounts(link), delta),
      explanation: f.explanation,
    };
    const entry = (progress: number | null, status: TrafficLight | null): Entry => ({
      weight: link.weight,
      progress,
      done: status === "done",
      isItem: true,
    });
    rolled.push({
      row,
      weight: link.weight,
      before: entry(link.progress, link.status),
      after: entry(row.progress, row.status),
    });
    below = { id: link.id, progress: row.progress, done: row.status === "done" };
  }

  // Plan figures: every key of the chain gets the tally's difference; a key
  // whose member is a chain item also gets the difference of that item's entry.
  const own = chain.map((c) => [
    ...(c.parent_id === null ? rootKeys(c.id) : []),
    ...c.tags.map(([d, k]) => keyOf(d, k)),
  ]);
  const stored = new Map((chain[0]!.plan_rows ?? []).map((r) => [keyOf(r.dimension, r.key), r]));
  const updated = new Map<string, PlanFigureRow>();
  for (const [k, r] of stored) {
    let totals = totalsOfRow(r);
    chain.forEach((_, i) => {
      const carried = own[i]!.includes(k);
      const inherited = own.slice(i + 1).some((keys) => keys.includes(k));
      if (!carried || inherited) return;
      const { before, after } = rolled[i]!;
      totals = addTotals(addTotals(totals, totalsOf([after])), totalsOf([before]), -1);
    });
    const counts: StatusCounts = addCounts(pickCounts(r), delta);
    updated.set(k, planRow(ctx, k, totals, counts, r.items));
  }
  await upsert(
    rolled.map((r) => r.row),
    [...updated.values()],
  );
}
