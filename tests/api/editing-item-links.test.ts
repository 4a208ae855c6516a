import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ItemDetail, TreeNode } from "../../src/modules/plans/schemas";
import { ENGINES } from "../support/databases";
import { auditRows, countRows, startEditingWorld, type EditingWorld } from "../support/editing";

/**
 * What the item form of the web app sends in one save: responsible and
 * co-responsible units, territories, funding (catalogue source, year, amount,
 * and the document's own funding text), SDGs with targets and transversal
 * axes, on the item's version.
 */

const V = "/03301";
type Err = { path: string; message: string };

describe.each(ENGINES)("editing an item's links on %s", (engine) => {
  let w: EditingWorld;
  let axis: TreeNode;
  let territoryIds: string[];
  let axisKeys: string[];
  beforeAll(async () => {
    w = await startEditingWorld(engine);
    const tree = (await w.as.admin("GET", `${V}/plans/${w.planId}/tree`)).json();
    axis = tree.items[0];
    territoryIds = (await w.as.admin("GET", `${V}/territories`))
      .json<{ items: Array<{ id: string }> }>()
      .items.slice(0, 2)
      .map((t) => t.id);
    axisKeys = (await w.as.admin("GET", `${V}/plans/${w.planId}`))
      .json<{ transversalAxes: Array<{ key: string }> }>()
      .transversalAxes.slice(0, 1)
      .map((a) => a.key);
  });
  afterAll(async () => {
    await w?.t.close();
  });

  const create = async (title: string) => {
    const res = await w.as.admin("POST", `${V}/plans/${w.planId}/items`, {
      parentId: axis.id,
      levelKey: "strategic_objective",
      title,
      responsibleUnitIds: [w.editorUnitId],
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as ItemDetail;
  };

  it("saves every link and the funding text in one versioned, audited change", async () => {
    expect(territoryIds.length).toBeGreaterThan(0);
    const item = await create("Con vínculos");
    const res = await w.as.admin("PATCH", `${V}/items/${item.id}`, {
      version: item.version,
      responsibleUnitIds: [w.otherUnitId],
      coResponsibleUnitIds: [w.editorUnitId],
      territoryIds,
      funding: [
        { sourceCode: "fndr", year: 2025, amount: 45_773_072 },
        { sourceCode: "municipal", year: null, amount: null },
      ],
      fundingText: "FNDR / Municipal",
      sdgs: [{ goal: 11, target: "11.7" }, { goal: 3 }],
      transversalAxisKeys: axisKeys,
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json() as ItemDetail;
    expect(after.version).toBe(item.version + 1);
    expect(after.fundingText).toBe("FNDR / Municipal");
    expect(after.responsibleUnits.map((u) => [u.id, u.role])).toEqual([
      [w.otherUnitId, "responsible"],
      [w.editorUnitId, "co_responsible"],
    ]);
    expect(after.territories.map((t) => t.id).sort()).toEqual([...territoryIds].sort());
    expect(after.funding).toMatchObject([
      { sourceCode: "fndr", year: 2025, amount: 45_773_072 },
      { sourceCode: "municipal", year: null, amount: null },
    ]);
    expect(after.sdgs.map((s) => [s.goalNumber, s.targetCode, s.origin])).toEqual([
      [3, null, "editor"],
      [11, "11.7", "editor"],
    ]);
    expect(after.transversalAxes.map((a) => a.key)).toEqual(axisKeys);

    const [, row] = await auditRows(w, item.id);
    expect(row).toMatchObject({ action: "update" });
    expect(row!.before).toMatchObject({ fundingText: null, funding: [], territories: [] });
    expect(row!.after).toMatchObject({ fundingText: "FNDR / Municipal" });

    // An empty funding text clears it; lists not sent stay as they are.
    const cleared = await w.as.admin("PATCH", `${V}/items/${item.id}`, {
      version: after.version,
      fundingText: "",
    });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json()).toMatchObject({ fundingText: null, funding: after.funding });
    expect((cleared.json() as ItemDetail).territories).toHaveLength(territoryIds.length);
  });

  it("writes no link and no audit row on a stale version or a bad link", async () => {
    const item = await create("Sin cambios a medias");
    const links = await countRows(w, "plan_item_territory");
    const funding = await countRows(w, "plan_item_funding");
    const audits = await countRows(w, "audit_log");
    const stale = await w.as.admin("PATCH", `${V}/items/${item.id}`, {
      version: item.version + 5,
      territoryIds,
      funding: [{ sourceCode: "fril", year: 2026, amount: 1000 }],
      fundingText: "FRIL",
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ current: { id: item.id, version: item.version } });

    const bad = await w.as.admin("PATCH", `${V}/items/${item.id}`, {
      version: item.version,
      territoryIds,
      funding: [{ sourceCode: "fril", year: 2026, amount: -5 }],
      fundingText: "x".repeat(2001),
      sdgs: [{ goal: 3, target: "11.7" }],
    });
    expect(bad.statusCode).toBe(400);
    const paths = (bad.json().errors as Err[]).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["body.funding.0.amount", "body.fundingText"]));
    const target = await w.as.admin("PATCH", `${V}/items/${item.id}`, {
      version: item.version,
      sdgs: [{ goal: 3, target: "11.7" }],
    });
    expect(target.statusCode).toBe(400);
    expect(target.json().errors).toEqual([
      { path: "body.sdgs.0.target", message: "La meta 11.7 no pertenece al ODS 3." },
    ]);
    expect(await countRows(w, "plan_item_territory")).toBe(links);
    expect(await countRows(w, "plan_item_funding")).toBe(funding);
    expect(await countRows(w, "audit_log")).toBe(audits);
  });

  it("lets an editor add a co-responsible unit to their item but not a viewer", async () => {
    const item = await create("De la unidad del editor");
    const res = await w.as.editor("PATCH", `${V}/items/${item.id}`, {
      version: item.version,
      coResponsibleUnitIds: [w.otherUnitId],
      fundingText: "Municipal",
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as ItemDetail).responsibleUnits.map((u) => u.role)).toEqual([
      "responsible",
      "co_responsible",
    ]);
    const viewer = await w.as.viewer("PATCH", `${V}/items/${item.id}`, {
      version: item.version + 1,
      fundingText: "Otro",
    });
    expect(viewer.statusCode).toBe(403);
  });
});
