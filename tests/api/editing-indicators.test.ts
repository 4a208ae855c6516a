import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEntry } from "../../src/modules/audit/schemas";
import type { IndicatorDetail } from "../../src/modules/indicators/schemas";
import type { ItemDetail } from "../../src/modules/plans/schemas";
import { ENGINES } from "../support/databases";
import { auditRows, countRows, startEditingWorld, type EditingWorld } from "../support/editing";

const V = "/03301";

describe.each(ENGINES)("editing indicators and reading history on %s", (engine) => {
  let w: EditingWorld;
  beforeAll(async () => {
    w = await startEditingWorld(engine);
  });
  afterAll(async () => {
    await w?.t.close();
  });

  it("lets an editor add, change and delete indicators of their unit's item", async () => {
    const res = await w.as.editor("POST", `${V}/items/${w.editorItemId}/indicators`, {
      name: "Porcentaje de avance",
      kind: "value",
      unit: "%",
      targetValue: 100,
      baselineText: "por establecer",
    });
    expect(res.statusCode, res.body).toBe(201);
    const ind = res.json() as IndicatorDetail;
    expect(ind).toMatchObject({
      itemId: w.editorItemId,
      kind: "value",
      targetValue: 100,
      baselineValue: null,
      version: 1,
    });
    const detail = (await w.as.viewer("GET", `${V}/items/${w.editorItemId}`)).json() as ItemDetail;
    expect(detail.indicators.find((i) => i.id === ind.id)).toMatchObject({ version: 1 });

    const patched = await w.as.editor("PATCH", `${V}/indicators/${ind.id}`, {
      version: 1,
      targetValue: 80,
      baselineValue: 12.5,
    });
    expect(patched.json()).toMatchObject({ targetValue: 80, baselineValue: 12.5, version: 2 });
    const stale = await w.as.editor("PATCH", `${V}/indicators/${ind.id}`, {
      version: 1,
      name: "Pisado",
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().current).toMatchObject({ id: ind.id, targetValue: 80, version: 2 });
    const notNumber = await w.as.editor("PATCH", `${V}/indicators/${ind.id}`, {
      version: 2,
      targetValue: "mucho",
    });
    expect(notNumber.statusCode).toBe(400);
    expect(notNumber.json().errors[0]).toEqual({
      path: "body.targetValue",
      message: "debe ser un número",
    });
    const deleted = await w.as.editor("DELETE", `${V}/indicators/${ind.id}`, { version: 2 });
    expect(deleted.statusCode).toBe(204);
    const rows = await auditRows(w, ind.id);
    expect(rows.map((r) => r.action)).toEqual(["create", "update", "delete"]);
    expect(rows.every((r) => r.actor_label === w.sessions.editor.email)).toBe(true);
  });

  it("refuses indicators of another unit's item to an editor, and every write to readers", async () => {
    const audits = await countRows(w, "audit_log");
    const other = await w.as.editor("POST", `${V}/items/${w.otherItemId}/indicators`, {
      name: "No es mío",
    });
    expect(other.statusCode).toBe(403);
    const theirs = (await w.as.admin("GET", `${V}/items/${w.otherItemId}`)).json() as ItemDetail;
    const existing = theirs.indicators[0];
    if (existing) {
      const patch = await w.as.editor("PATCH", `${V}/indicators/${existing.id}`, {
        version: existing.version,
        name: "No",
      });
      expect(patch.statusCode).toBe(403);
    }
    for (const who of ["validator", "viewer", "outsider"] as const) {
      const res = await w.as[who]("POST", `${V}/items/${w.editorItemId}/indicators`, {
        name: "No",
      });
      expect(res.statusCode, who).toBe(403);
    }
    const anon = await w.as.anonymous("POST", `${V}/items/${w.editorItemId}/indicators`, {
      name: "No",
    });
    expect(anon.statusCode).toBe(401);
    expect(await countRows(w, "audit_log")).toBe(audits);
  });

  it("treats another municipality's indicator and item as nonexistent", async () => {
    const patch = await w.as.admin("PATCH", `${V}/indicators/${w.freirina.indicatorId}`, {
      version: 1,
      name: "Robado",
    });
    expect(patch.statusCode).toBe(404);
    const del = await w.as.admin("DELETE", `${V}/indicators/${w.freirina.indicatorId}`, {
      version: 1,
    });
    expect(del.statusCode).toBe(404);
    const add = await w.as.admin("POST", `${V}/items/${w.freirina.itemId}/indicators`, {
      name: "Intruso",
    });
    expect(add.statusCode).toBe(404);
    const history = await w.as.admin("GET", `${V}/items/${w.freirina.itemId}/history`);
    expect(history.statusCode).toBe(404);
    for (const res of [patch, del, add, history]) expect(res.body).not.toMatch(/secret/);
  });

  it("shows an item's history with its indicators, newest first, to every member", async () => {
    const item = (await w.as.admin("GET", `${V}/items/${w.otherItemId}`)).json() as ItemDetail;
    const edit = await w.as.admin("PATCH", `${V}/items/${item.id}`, {
      version: item.version,
      description: "Descripción revisada",
    });
    expect(edit.statusCode).toBe(200);
    const ind = (
      await w.as.admin("POST", `${V}/items/${item.id}/indicators`, { name: "Indicador temporal" })
    ).json() as IndicatorDetail;
    await w.as.admin("DELETE", `${V}/indicators/${ind.id}`, { version: 1 });

    for (const who of ["admin", "editor", "validator", "viewer"] as const) {
      const res = await w.as[who]("GET", `${V}/items/${item.id}/history`);
      expect(res.statusCode, who).toBe(200);
      const entries = res.json().items as AuditEntry[];
      expect(entries.map((e) => `${e.entityType}:${e.action}`)).toEqual([
        "indicator:delete",
        "indicator:create",
        "item:update",
      ]);
      expect(entries[2]).toMatchObject({
        actor: w.sessions.admin.email,
        entityId: item.id,
        requestId: edit.headers["x-request-id"],
        before: { description: item.description, version: item.version },
        after: { description: "Descripción revisada", version: item.version + 1 },
      });
      expect(entries[0]).toMatchObject({ entityId: ind.id, after: null });
    }
    expect((await w.as.anonymous("GET", `${V}/items/${item.id}/history`)).statusCode).toBe(401);
    expect((await w.as.outsider("GET", `${V}/items/${item.id}/history`)).statusCode).toBe(403);
    const unknown = await w.as.admin(
      "GET",
      `${V}/items/00000000-0000-4000-8000-000000000000/history`,
    );
    expect(unknown.statusCode).toBe(404);
  });
});
