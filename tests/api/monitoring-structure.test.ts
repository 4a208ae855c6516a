import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inTenant, SYSTEM } from "../../src/db/tenant";
import { checkPlan, recomputePlan } from "../../src/modules/monitoring/figures";
import type { TreeNode } from "../../src/modules/plans/schemas";
import { ENGINES } from "../support/databases";
import { startEditingWorld, type EditingWorld } from "../support/editing";

/**
 * Structural edits move roll-ups: after each kind of edit the precomputed
 * figures, updated in the same transaction, equal a computation from scratch.
 */
const V = "/03301";

describe.each(ENGINES)("figures after structural edits on %s", (engine) => {
  let w: EditingWorld;
  let axes: TreeNode[];
  const owner = <T>(fn: Parameters<typeof inTenant<T>>[3]) =>
    inTenant(w.t.database.owner.db, w.vallenarId, SYSTEM, fn);
  const clean = async () => expect(await owner(({ trx }) => checkPlan(trx, w.planId))).toEqual([]);
  const item = async (id: string) => (await w.as.admin("GET", `${V}/items/${id}`)).json();

  beforeAll(async () => {
    w = await startEditingWorld(engine);
    await owner(({ trx }) => recomputePlan(trx, w.planId, "2025-06-30"));
    axes = (await w.as.admin("GET", `${V}/plans/${w.planId}/tree`)).json().items;
  });
  afterAll(async () => {
    await w?.t.close();
  });

  it("keeps the figures equal to a computation from scratch after every kind of edit", async () => {
    const target = axes[0]!.children?.[0] ?? axes[0]!;
    const edits: Array<[string, () => Promise<{ statusCode: number; body: string }>]> = [
      [
        "weight",
        async () =>
          w.as.admin("PATCH", `${V}/items/${target.id}`, {
            version: (await item(target.id)).version,
            weight: 3,
          }),
      ],
      [
        "units",
        async () =>
          w.as.admin("PATCH", `${V}/items/${target.id}`, {
            version: (await item(target.id)).version,
            responsibleUnitIds: [w.otherUnitId],
          }),
      ],
      [
        "territories",
        async () =>
          w.as.admin("PATCH", `${V}/items/${target.id}`, {
            version: (await item(target.id)).version,
            territoryIds: [],
          }),
      ],
      [
        "sdgs",
        async () =>
          w.as.admin("PATCH", `${V}/items/${target.id}`, {
            version: (await item(target.id)).version,
            sdgs: [{ goal: 11 }],
          }),
      ],
      [
        "funding",
        async () =>
          w.as.admin("PATCH", `${V}/items/${target.id}`, {
            version: (await item(target.id)).version,
            funding: [{ sourceCode: "municipal" }],
          }),
      ],
      [
        "move",
        async () =>
          w.as.admin("POST", `${V}/items/${target.id}/move`, {
            version: (await item(target.id)).version,
            parentId: axes.at(-1)!.id,
            position: 0,
          }),
      ],
    ];
    for (const [name, edit] of edits) {
      const res = await edit();
      expect(res.statusCode, `${name}: ${res.body}`).toBe(200);
      await clean();
    }

    const created = await w.as.admin("POST", `${V}/items/${target.id}/indicators`, {
      name: "Talleres realizados",
      kind: "value",
      direction: "increase",
      baselineValue: 0,
      baselineDate: "2024-01-01",
      targetValue: 12,
      targetDate: "2027-12-31",
    });
    expect(created.statusCode, created.body).toBe(201);
    await clean();
    const indicator = created.json();
    const changed = await w.as.admin("PATCH", `${V}/indicators/${indicator.id}`, {
      version: indicator.version,
      targetValue: 20,
      targets: [{ period: "2025", value: 6 }],
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().targets).toEqual([{ period: "2025", value: 6 }]);
    await clean();
    const wrongWay = await w.as.admin("PATCH", `${V}/indicators/${indicator.id}`, {
      version: changed.json().version,
      direction: "decrease",
    });
    expect(wrongWay.statusCode).toBe(400);
    expect(wrongWay.json().errors.map((e: { path: string }) => e.path)).toContain("targetValue");
    const removed = await w.as.admin("DELETE", `${V}/indicators/${indicator.id}`, {
      version: changed.json().version,
    });
    expect(removed.statusCode, removed.body).toBe(204);
    await clean();

    const gone = await w.as.admin("DELETE", `${V}/items/${target.id}`, {
      version: (await item(target.id)).version,
    });
    expect(gone.statusCode, gone.body).toBe(204);
    await clean();
  });
});
