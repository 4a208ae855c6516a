import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ItemIndex } from "../../src/modules/plans/index-schemas";
import type { TreeNode } from "../../src/modules/plans/schemas";
import { ENGINES } from "../support/databases";
import { startEditingWorld, type EditingWorld } from "../support/editing";

/** The compact item index a dashboard reads instead of every item's detail. */

const V = "/03301";

function flatten(
  nodes: TreeNode[],
  parentId: string | null = null,
  out: Array<TreeNode & { parentId: string | null }> = [],
) {
  for (const node of nodes) {
    out.push({ ...node, parentId });
    flatten(node.children, node.id, out);
  }
  return out;
}

describe.each(ENGINES)("the item index of a plan on %s", (engine) => {
  let w: EditingWorld;
  beforeAll(async () => {
    w = await startEditingWorld(engine);
  });
  afterAll(async () => {
    await w?.t.close();
  });

  it("lists every item with its tags as the tree has them, and names every tag", async () => {
    const res = await w.as.viewer("GET", `${V}/plans/${w.planId}/items/index`);
    expect(res.statusCode, res.body).toBe(200);
    const index = res.json() as ItemIndex;
    const tree = flatten(
      (await w.as.viewer("GET", `${V}/plans/${w.planId}/tree`)).json<{ items: TreeNode[] }>().items,
    );
    expect(index.items).toHaveLength(tree.length);
    const byId = new Map(index.items.map((i) => [i.id, i]));
    for (const node of tree) {
      const item = byId.get(node.id);
      expect(item, node.code).toMatchObject({
        code: node.code,
        title: node.title,
        levelKey: node.levelKey,
        parentId: node.parentId,
        indicatorCount: node.indicatorCount,
        unitIds: node.unitIds,
        territoryIds: node.territoryIds,
        sdgs: node.sdgGoals,
        fundingSources: node.fundingSourceCodes,
      });
    }
    const named = (ids: Iterable<string | number>, names: Array<string | number>) =>
      expect(new Set(names)).toEqual(new Set(ids));
    named(
      index.items.flatMap((i) => i.unitIds),
      index.units.map((u) => u.id),
    );
    named(
      index.items.flatMap((i) => i.territoryIds),
      index.territories.map((x) => x.id),
    );
    named(
      index.items.flatMap((i) => i.sdgs),
      index.sdgGoals.map((g) => g.number),
    );
    named(
      index.items.flatMap((i) => i.fundingSources),
      index.fundingSources.map((f) => f.code),
    );
    expect(index.units.length).toBeGreaterThan(0);
    expect(index.units.every((u) => u.name.length > 0)).toBe(true);
  });

  it("follows an edit of an item's links at once", async () => {
    const before = (await w.as.admin("GET", `${V}/items/${w.otherItemId}`)).json<{
      version: number;
    }>();
    const patch = await w.as.admin("PATCH", `${V}/items/${w.otherItemId}`, {
      version: before.version,
      funding: [{ sourceCode: "pmu", year: null, amount: 1000 }],
      sdgs: [{ goal: 6 }],
    });
    expect(patch.statusCode, patch.body).toBe(200);
    const index = (
      await w.as.editor("GET", `${V}/plans/${w.planId}/items/index`)
    ).json() as ItemIndex;
    expect(index.items.find((i) => i.id === w.otherItemId)).toMatchObject({
      fundingSources: ["pmu"],
      sdgs: [6],
    });
    expect(index.fundingSources.map((f) => f.code)).toContain("pmu");
    expect(index.sdgGoals.map((g) => g.number)).toContain(6);
  });

  it("shows an unpublished plan only to members, and another municipality's plan to no one", async () => {
    const anonymousDemo = await w.as.anonymous("GET", `${V}/plans/${w.planId}/items/index`);
    const published = (await w.as.admin("GET", `${V}/plans/${w.planId}`)).json<{
      publishedAt: string | null;
    }>().publishedAt;
    expect(anonymousDemo.statusCode).toBe(published ? 200 : 404);
    const freirina = `/03302/plans/${w.freirina.planId}/items/index`;
    expect((await w.as.anonymous("GET", freirina)).statusCode).toBe(404);
    expect((await w.as.admin("GET", freirina)).statusCode).toBe(404);
    const crossed = await w.as.admin("GET", `${V}/plans/${w.freirina.planId}/items/index`);
    expect(crossed.statusCode).toBe(404);
    expect(crossed.body).not.toMatch(/secret|Freirina/i);
  });
});
