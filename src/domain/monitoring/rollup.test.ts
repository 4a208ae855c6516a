import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Figures, RollupItem, RollupTree } from "./rollup";
import {
  affectedItems,
  aggregateBy,
  buildTree,
  computeAll,
  planCompliance,
  recomputeFrom,
  withItem,
} from "./rollup";

const ind = (progress: number | null, done = false, weight?: number) => ({
  progress,
  done,
  weight,
});
const item = (
  id: string,
  parentId: string | null,
  indicators = [ind(null)],
  weight = 1,
): RollupItem => ({
  id,
  parentId,
  weight,
  indicators,
});

// An axis with five programmes, three of them reporting.
const axis = buildTree([
  item("eje", null, []),
  item("p1", "eje", [ind(0.9)], 2),
  item("p2", "eje", [ind(0.6)], 1),
  item("p3", "eje", [ind(0.5)], 1),
  item("p4", "eje", [ind(null)], 1),
  item("p5", "eje", [ind(null)], 1),
]);

describe("roll-up", () => {
  it("weights children and counts coverage", () => {
    const f = computeAll(axis).get("eje")!;
    expect(f.progress).toBeCloseTo((2 * 0.9 + 0.6 + 0.5) / 4, 12);
    expect(f.coverage).toEqual({
      itemsWithData: 3,
      items: 5,
      indicatorsWithData: 0,
      indicators: 0,
    });
    expect(f).toMatchObject({
      status: "at_risk",
      explanation: "3 de 5 iniciativas con datos; 73% de avance ponderado; umbral en riesgo 70%",
    });
  });

  it("mixes own indicators and children, and leaves out weight 0", () => {
    const tree = buildTree([
      item("a", null, [ind(1), ind(0, false, 0)]),
      item("b", "a", [ind(0.5)], 3),
      item("c", "a", [ind(0)], 0),
    ]);
    const f = computeAll(tree).get("a")!;
    expect(f.progress).toBeCloseTo((1 + 3 * 0.5) / 4, 12);
    expect(f.explanation).toBe(
      "1 de 1 iniciativas y 1 de 1 indicadores con datos; 63% de avance ponderado; bajo el umbral en riesgo 70%",
    );
  });

  it("has no progress without data and is done when all is done", () => {
    const empty = computeAll(buildTree([item("a", null, [ind(null), ind(null)])])).get("a")!;
    expect(empty).toMatchObject({
      progress: null,
      status: "no_data",
      explanation: "0 de 2 indicadores con datos; sin avance que calcular",
    });
    const done = computeAll(buildTree([item("a", null, []), item("b", "a", [ind(1, true)])])).get(
      "a",
    )!;
    expect(done).toMatchObject({
      status: "done",
      explanation: "1 de 1 iniciativas con datos; todo cumplido",
    });
    const leafless = computeAll(buildTree([item("a", null, [])])).get("a")!;
    expect(leafless.explanation).toBe("Sin iniciativas ni indicadores; sin avance que calcular");
  });

  it("computes the plan's % de cumplimiento over the roots", () => {
    const tree = buildTree([item("e1", null, [ind(1)], 1), item("e2", null, [ind(0.5)], 3)]);
    expect(planCompliance(tree, computeAll(tree)).progress).toBeCloseTo(0.625, 12);
  });

  it("aggregates by any key without counting an item inside its ancestor twice", () => {
    const tree = buildTree([
      item("a", null, [ind(1)]),
      item("a1", "a", [ind(1)]),
      item("b", null, [ind(0)]),
    ]);
    const figures = computeAll(tree);
    const keys = new Map([
      ["a", ["ODS 4", "DIDECO"]],
      ["a1", ["ODS 4", "Sector Norte"]],
      ["b", ["ODS 4"]],
    ]);
    const byKey = aggregateBy(tree, figures, keys);
    expect(byKey.get("ODS 4")).toMatchObject({ progress: 0.5, coverage: { items: 2 } });
    expect(byKey.get("Sector Norte")?.progress).toBe(1);
    expect(byKey.get("DIDECO")?.coverage.items).toBe(1);
  });

  it("refuses broken trees", () => {
    expect(() => buildTree([item("a", "zz")])).toThrow("que no existe");
    expect(() => buildTree([item("a", "b"), item("b", "a")])).toThrow("ciclo");
    expect(() => buildTree([item("a", null, [], -1)])).toThrow("negativa");
    expect(() => withItem(axis, item("p1", null))).toThrow();
  });

  it("recomputes only the path to the root", () => {
    const tree = buildTree([
      item("r", null, []),
      item("x", "r", []),
      item("x1", "x", [ind(0.2)]),
      item("y", "r", [ind(0.4)]),
    ]);
    expect(affectedItems(tree, "x1")).toEqual(["x1", "x", "r"]);
    const before = computeAll(tree);
    const changed = withItem(tree, item("x1", "x", [ind(0.8)]));
    const { figures, changed: ids } = recomputeFrom(changed, before, "x1");
    expect(ids).toEqual(["x1", "x", "r"]);
    expect(figures.get("y")).toBe(before.get("y"));
    expect(figures).toEqual(computeAll(changed));
    const same = recomputeFrom(tree, before, "y");
    expect(same.changed).toEqual([]);
  });
});

// Random trees: node i hangs from a node before it (or is a root).
interface Change {
  readonly index: number;
  readonly indicator: number;
  readonly progress: number | null;
  readonly weight: number;
}
const progressArb = fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null, freq: 4 });
const nodeArb = fc.record({
  parent: fc.nat(),
  // About one node in six starts a new root, so most trees are deep.
  isRoot: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
  weight: fc.constantFrom(0, 1, 1, 2, 3, 0.5),
  indicators: fc.array(
    fc.record({ progress: progressArb, done: fc.boolean(), weight: fc.constantFrom(0, 1, 2) }),
    { maxLength: 3 },
  ),
});
const treeArb = fc.array(nodeArb, { minLength: 1, maxLength: 30 }).map((nodes) =>
  nodes.map((n, i): RollupItem => ({
    id: `n${i}`,
    parentId: i === 0 || n.isRoot ? null : `n${n.parent % i}`,
    weight: n.weight,
    indicators: n.indicators,
  })),
);
const changeArb: fc.Arbitrary<Change> = fc.record({
  index: fc.nat(),
  indicator: fc.nat(),
  progress: progressArb,
  weight: fc.constantFrom(0, 1, 2, 5),
});

function applyChange(
  tree: RollupTree,
  list: readonly RollupItem[],
  c: Change,
): [RollupTree, string] {
  const target = list[c.index % list.length]!;
  const indicators = target.indicators.length
    ? target.indicators.map((i, k) =>
        k === c.indicator % target.indicators.length ? { ...i, progress: c.progress } : i,
      )
    : [{ progress: c.progress, done: false }];
  return [withItem(tree, { ...target, indicators, weight: c.weight }), target.id];
}

const inRange = (f: Figures) => f.progress === null || (f.progress >= 0 && f.progress <= 1);

describe("roll-up properties", () => {
  it("keeps every progress within 0–100%", () => {
    fc.assert(
      fc.property(treeArb, (list) => {
        const tree = buildTree(list);
        const figures = computeAll(tree);
        expect([...figures.values()].every(inRange)).toBe(true);
        expect(inRange(planCompliance(tree, figures))).toBe(true);
      }),
    );
  });

  it("gives the same figures incrementally as from scratch", () => {
    fc.assert(
      fc.property(treeArb, fc.array(changeArb, { minLength: 1, maxLength: 5 }), (list, changes) => {
        let tree = buildTree(list);
        let figures = computeAll(tree);
        let items = list;
        for (const c of changes) {
          const [next, id] = applyChange(tree, items, c);
          const { figures: updated, changed } = recomputeFrom(next, figures, id);
          const scratch = computeAll(next);
          expect(updated).toEqual(scratch);
          for (const [k, v] of scratch) if (!changed.includes(k)) expect(figures.get(k)).toEqual(v);
          tree = next;
          figures = updated;
          items = [...tree.items.values()];
        }
      }),
    );
  });

  it("moves every ancestor in the direction of a child's change", () => {
    fc.assert(
      fc.property(
        treeArb,
        fc.nat(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (list, pick, a, b) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          const target = list[pick % list.length]!;
          const set = (p: number) =>
            withItem(buildTree(list), { ...target, indicators: [{ progress: p, done: false }] });
          const before = computeAll(set(low));
          const after = computeAll(set(high));
          for (const id of affectedItems(set(low), target.id)) {
            const [b, a] = [before.get(id)!.progress, after.get(id)!.progress];
            expect(a === null).toBe(b === null);
            if (a !== null && b !== null) expect(a).toBeGreaterThanOrEqual(b);
          }
        },
      ),
    );
  });
});
