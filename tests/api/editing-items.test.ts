import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ItemDetail, TreeNode } from "../../src/modules/plans/schemas";
import { ENGINES } from "../support/databases";
import { exportPlan } from "../../src/modules/plans/export";
import { auditRows, countRows, startEditingWorld, type EditingWorld } from "../support/editing";

const V = "/03301";
type Err = { path: string; message: string };

describe.each(ENGINES)("editing items on %s", (engine) => {
  let w: EditingWorld;
  let axis: TreeNode;
  beforeAll(async () => {
    w = await startEditingWorld(engine);
    const tree = (await w.as.admin("GET", `${V}/plans/${w.planId}/tree`)).json();
    axis = tree.items[0];
  });
  afterAll(async () => {
    await w?.t.close();
  });

  const create = (body: Record<string, unknown>) =>
    w.as.admin("POST", `${V}/plans/${w.planId}/items`, {
      parentId: axis.id,
      levelKey: "strategic_objective",
      ...body,
    });

  it("creates an item with every field, coded after its last sibling", async () => {
    const res = await create({
      title: "Nueva iniciativa de prueba",
      description: "Descripción",
      startDate: "2025-01-01",
      endDate: "2026-12-31",
      deadlineText: "2025-2026",
      weight: 2,
      status: "in_progress",
      responsibleUnitIds: [w.editorUnitId],
      coResponsibleUnitIds: [w.otherUnitId],
      funding: [{ sourceCode: "fndr", year: 2025, amount: 1000000 }],
      sdgs: [{ goal: 11, target: "11.1" }, { goal: 4 }],
      transversalAxisKeys: [],
    });
    expect(res.statusCode, res.body).toBe(201);
    const item = res.json() as ItemDetail;
    const lastIndex = Math.max(...axis.children.map((c) => Number(c.code.split(".").at(-1))));
    expect(item.code).toBe(`${axis.code}.${lastIndex + 1}`);
    expect(item).toMatchObject({
      version: 1,
      status: "in_progress",
      weight: 2,
      level: { key: "strategic_objective" },
      ancestors: [{ id: axis.id }],
      funding: [{ sourceCode: "fndr", year: 2025, amount: 1000000 }],
    });
    expect(item.responsibleUnits.map((u) => [u.id, u.role])).toEqual([
      [w.editorUnitId, "responsible"],
      [w.otherUnitId, "co_responsible"],
    ]);
    expect(item.sdgs.map((s) => [s.goalNumber, s.targetCode])).toEqual([
      [4, null],
      [11, "11.1"],
    ]);
    const [row] = await auditRows(w, item.id);
    expect(row).toMatchObject({
      action: "create",
      entity_type: "item",
      actor_label: w.sessions.admin.email,
      request_id: res.headers["x-request-id"],
      before: null,
    });
    expect(row!.after).toMatchObject({ id: item.id, code: item.code, version: 1 });
  });

  it("names every bad field and value, and writes nothing", async () => {
    const items = await countRows(w, "plan_item");
    const audits = await countRows(w, "audit_log");
    const missing = "00000000-0000-4000-8000-000000000000";
    const res = await create({
      levelKey: "nivel-inexistente",
      title: "Mala",
      startDate: "2027-01-01",
      endDate: "2026-01-01",
      responsibleUnitIds: [missing],
      coResponsibleUnitIds: [w.freirina.unitId],
      territoryIds: [w.freirina.territoryId],
      funding: [{ sourceCode: "NOEXISTE", year: 2040 }],
      sdgs: [{ goal: 18 }, { goal: 4, target: "11.1" }],
      transversalAxisKeys: ["no-hay"],
      dependsOn: [w.freirina.itemId],
    });
    expect(res.statusCode).toBe(400);
    const errors = res.json().errors as Err[];
    expect(errors.map((e) => e.path).sort()).toEqual(
      [
        "body.levelKey",
        "body.endDate",
        "body.responsibleUnitIds.0",
        "body.coResponsibleUnitIds.0",
        "body.territoryIds.0",
        "body.funding.0.sourceCode",
        "body.funding.0.year",
        "body.sdgs.0.goal",
        "body.sdgs.1.target",
        "body.transversalAxisKeys.0",
        "body.dependsOn.0",
      ].sort(),
    );
    const byPath = new Map(errors.map((e) => [e.path, e.message]));
    expect(byPath.get("body.responsibleUnitIds.0")).toContain(missing);
    expect(byPath.get("body.coResponsibleUnitIds.0")).toContain(w.freirina.unitId);
    expect(byPath.get("body.funding.0.sourceCode")).toContain("NOEXISTE");
    expect(res.body).not.toMatch(/secret|Freirina|foreign key|violates/i);
    const shape = await create({ title: "", weight: -1, startDate: "31/12/2025", sdgs: [{}] });
    expect(shape.statusCode).toBe(400);
    expect((shape.json().errors as Err[]).map((e) => e.path)).toEqual(
      expect.arrayContaining(["body.title", "body.weight", "body.startDate", "body.sdgs.0.goal"]),
    );
    expect(await countRows(w, "plan_item")).toBe(items);
    expect(await countRows(w, "audit_log")).toBe(audits);
  });

  it("updates fields partially, replaces lists, and answers a stale version with the current item", async () => {
    const item = (
      await create({ title: "Para editar", responsibleUnitIds: [w.otherUnitId] })
    ).json();
    const res = await w.as.admin("PATCH", `${V}/items/${item.id}`, {
      version: 1,
      title: "Editada",
      endDate: "2028-06-30",
      territoryIds: [],
      funding: [{ sourceCode: "municipal" }],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      title: "Editada",
      endDate: "2028-06-30",
      version: 2,
      funding: [{ sourceCode: "municipal" }],
    });
    expect(res.json().responsibleUnits).toHaveLength(1);
    const dates = await w.as.admin("PATCH", `${V}/items/${item.id}`, {
      version: 2,
      startDate: "2029-01-01",
    });
    expect(dates.statusCode).toBe(400);
    expect(dates.json().errors[0].path).toBe("body.startDate");
    const stale = await w.as.admin("PATCH", `${V}/items/${item.id}`, {
      version: 1,
      title: "Pisada",
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({
      title: "Conflicto de edición",
      current: { id: item.id, title: "Editada", version: 2 },
    });
    const moveByPatch = await w.as.admin("PATCH", `${V}/items/${item.id}`, {
      version: 2,
      parentId: null,
    });
    expect(moveByPatch.statusCode).toBe(400);
    const rows = await auditRows(w, item.id);
    expect(rows.map((r) => r.action)).toEqual(["create", "update"]);
    expect(rows[1]!.before).toMatchObject({ title: "Para editar", version: 1 });
    expect(rows[1]!.after).toMatchObject({ title: "Editada", version: 2 });
  });

  it("lets an editor change their units' items only, and not give them away", async () => {
    const mine = (await w.as.admin("GET", `${V}/items/${w.editorItemId}`)).json() as ItemDetail;
    const ok = await w.as.editor("PATCH", `${V}/items/${w.editorItemId}`, {
      version: mine.version,
      status: "in_progress",
      coResponsibleUnitIds: [w.otherUnitId],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const giveAway = await w.as.editor("PATCH", `${V}/items/${w.editorItemId}`, {
      version: ok.json().version,
      responsibleUnitIds: [w.otherUnitId],
      coResponsibleUnitIds: [],
    });
    expect(giveAway.statusCode).toBe(403);
    expect(giveAway.json().detail).toMatch(/unidades/);
    const other = (await w.as.admin("GET", `${V}/items/${w.otherItemId}`)).json() as ItemDetail;
    const theirs = await w.as.editor("PATCH", `${V}/items/${w.otherItemId}`, {
      version: other.version,
      title: "No es mía",
    });
    expect(theirs.statusCode).toBe(403);
    for (const [method, url, body] of [
      ["POST", `${V}/plans/${w.planId}/items`, { parentId: null, levelKey: "axis", title: "No" }],
      ["POST", `${V}/items/${w.editorItemId}/move`, { version: 2, parentId: null, position: 0 }],
      ["DELETE", `${V}/items/${w.editorItemId}`, { version: 2 }],
    ] as const)
      expect((await w.as.editor(method, url, body)).statusCode, `${method} ${url}`).toBe(403);
    for (const who of ["validator", "viewer", "outsider"] as const)
      expect(
        (await w.as[who]("PATCH", `${V}/items/${w.editorItemId}`, { version: 2, title: "No" }))
          .statusCode,
        who,
      ).toBe(403);
    const anon = await w.as.anonymous("PATCH", `${V}/items/${w.editorItemId}`, {
      version: 2,
      title: "No",
    });
    expect(anon.statusCode).toBe(401);
  });

  it("moves an item with its subtree and reorders siblings; codes stay; no cycles", async () => {
    const a = (await create({ title: "A" })).json() as ItemDetail;
    const b = (await create({ title: "B" })).json() as ItemDetail;
    const child = (
      await create({ parentId: a.id, levelKey: "plan", title: "Hija de A" })
    ).json() as ItemDetail;
    expect(child.code).toBe(`${a.code}.1`);

    const cycle = await w.as.admin("POST", `${V}/items/${a.id}/move`, {
      version: 1,
      parentId: child.id,
      position: 0,
    });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().errors).toEqual([{ path: "body.parentId", message: expect.any(String) }]);
    const self = await w.as.admin("POST", `${V}/items/${a.id}/move`, {
      version: 1,
      parentId: a.id,
      position: 0,
    });
    expect(self.json().errors[0].path).toBe("body.parentId");

    const moved = await w.as.admin("POST", `${V}/items/${a.id}/move`, {
      version: 1,
      parentId: b.id,
      position: 0,
      levelKey: "plan",
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({
      code: a.code,
      version: 2,
      level: { key: "plan" },
      ancestors: [{ id: axis.id }, { id: b.id }],
    });
    // The subtree came along, and a new child of the old parent does not reuse A's code.
    const movedChild = (await w.as.admin("GET", `${V}/items/${child.id}`)).json() as ItemDetail;
    expect(movedChild.ancestors.map((x) => x.id)).toEqual([axis.id, b.id, a.id]);
    const next = (await create({ title: "C" })).json() as ItemDetail;
    expect(next.code).not.toBe(a.code);

    // Reordering among siblings: the first child of the axis goes last.
    const first = (await w.as.admin("GET", `${V}/items/${axis.id}`)).json() as ItemDetail;
    const firstChild = first.children[0]!;
    const firstDetail = (await w.as.admin("GET", `${V}/items/${firstChild.id}`)).json();
    const last = await w.as.admin("POST", `${V}/items/${firstChild.id}/move`, {
      version: firstDetail.version,
      parentId: axis.id,
      position: 999,
    });
    expect(last.statusCode).toBe(200);
    const after = (await w.as.admin("GET", `${V}/items/${axis.id}`)).json() as ItemDetail;
    expect(after.children.at(-1)!.id).toBe(firstChild.id);
    expect(after.children.map((c) => c.id).sort()).toEqual(first.children.map((c) => c.id).sort());
    expect(after.children.at(-1)!.code).toBe(firstChild.code);
    const rows = await auditRows(w, a.id);
    expect(rows.at(-1)).toMatchObject({ action: "move", entity_type: "item" });
  });

  it("deletes an item with its subtree in one audit row that counts it", async () => {
    const parent = (await create({ title: "Padre que se va" })).json() as ItemDetail;
    await create({ parentId: parent.id, levelKey: "plan", title: "Hija 1" });
    await create({ parentId: parent.id, levelKey: "plan", title: "Hija 2" });
    const items = await countRows(w, "plan_item");
    const stale = await w.as.admin("DELETE", `${V}/items/${parent.id}`, { version: 2 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().current).toMatchObject({ id: parent.id, version: 1 });
    const res = await w.as.admin("DELETE", `${V}/items/${parent.id}`, { version: 1 });
    expect(res.statusCode).toBe(204);
    expect(await countRows(w, "plan_item")).toBe(items - 3);
    const rows = await auditRows(w, parent.id);
    expect(rows.at(-1)).toMatchObject({ action: "delete", after: null });
    expect(rows.at(-1)!.before).toMatchObject({ id: parent.id, deletedDescendants: 2 });
    expect((await w.as.admin("GET", `${V}/items/${parent.id}`)).statusCode).toBe(404);
  });

  it("treats another municipality's item as nonexistent, in the path and in the body", async () => {
    for (const [method, url, body] of [
      ["PATCH", `${V}/items/${w.freirina.itemId}`, { version: 1, title: "Robada" }],
      ["POST", `${V}/items/${w.freirina.itemId}/move`, { version: 1, parentId: null, position: 0 }],
      ["DELETE", `${V}/items/${w.freirina.itemId}`, { version: 1 }],
    ] as const) {
      const res = await w.as.admin(method, url, body);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toMatch(/secreta/);
    }
    const parent = await create({ parentId: w.freirina.itemId, title: "Bajo Freirina" });
    expect(parent.statusCode).toBe(400);
    expect(parent.json().errors[0]).toMatchObject({ path: "body.parentId" });
    const mine = (await create({ title: "Para mover" })).json() as ItemDetail;
    const under = await w.as.admin("POST", `${V}/items/${mine.id}/move`, {
      version: 1,
      parentId: w.freirina.itemId,
      position: 0,
    });
    expect(under.statusCode).toBe(400);
    expect(under.json().errors[0].path).toBe("body.parentId");
  });

  it("leaves no partial rows and no audit row when a write fails halfway", async () => {
    const owner = w.t.database.owner.db;
    await sql`create function fail_funding() returns trigger language plpgsql as $$
      begin raise exception 'falla provocada por la prueba'; end $$`.execute(owner);
    await sql`create trigger fail_funding before insert on plan_item_funding
      for each row execute function fail_funding()`.execute(owner);
    try {
      const items = await countRows(w, "plan_item");
      const audits = await countRows(w, "audit_log");
      const res = await create({
        title: "A medias",
        responsibleUnitIds: [w.editorUnitId],
        funding: [{ sourceCode: "fndr" }],
      });
      expect(res.statusCode).toBe(500);
      expect(res.body).not.toContain("falla provocada");
      expect(await countRows(w, "plan_item")).toBe(items);
      expect(await countRows(w, "audit_log")).toBe(audits);
    } finally {
      await sql`drop trigger fail_funding on plan_item_funding`.execute(owner);
      await sql`drop function fail_funding()`.execute(owner);
    }
  });

  it("includes every change of the plan's items in the plan export", async () => {
    const res = await create({ title: "Iniciativa para la exportación" });
    expect(res.statusCode, res.body).toBe(201);
    const item = res.json() as ItemDetail;
    const patched = await w.as.admin("PATCH", `${V}/items/${item.id}`, {
      title: "Iniciativa exportada",
      version: item.version,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const doc = await exportPlan(w.t.database.owner.db, w.vallenarId, w.planId);
    const rows = doc!.history.filter((h) => h.entityId === item.id);
    expect(rows.map((h) => [h.action, h.actor])).toEqual([
      ["create", `admin@${engine}.test.cl`],
      ["update", `admin@${engine}.test.cl`],
    ]);
    expect(rows[1]!.after).toMatchObject({ title: "Iniciativa exportada" });
  });
});
