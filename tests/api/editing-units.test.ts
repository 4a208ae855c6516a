import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Unit } from "../../src/modules/units/schemas";
import type { Territory } from "../../src/modules/territories/schemas";
import { ENGINES } from "../support/databases";
import { auditRows, countRows, startEditingWorld, type EditingWorld } from "../support/editing";

const V = "/03301";

describe.each(ENGINES)("editing units and territories on %s", (engine) => {
  let w: EditingWorld;
  beforeAll(async () => {
    w = await startEditingWorld(engine);
  });
  afterAll(async () => {
    await w?.t.close();
  });

  it("lists units flat with parent, sort and version, to members only", async () => {
    expect((await w.as.anonymous("GET", `${V}/units`)).statusCode).toBe(401);
    expect((await w.as.outsider("GET", `${V}/territories`)).statusCode).toBe(403);
    const res = await w.as.viewer("GET", `${V}/units`);
    expect(res.statusCode).toBe(200);
    const units = res.json().items as Unit[];
    expect(units.length).toBeGreaterThan(3);
    expect(units[0]).toMatchObject({ version: 1, aliases: expect.any(Array) });
    expect(units.some((u) => u.id === w.freirina.unitId)).toBe(false);
    expect(res.body).not.toContain("Freirina");
  });

  it("creates, renames, moves and deletes a unit, one audit row per change", async () => {
    const created = await w.as.admin("POST", `${V}/units`, {
      name: "Dirección de Pruebas",
      shortName: "DIPRU",
      aliases: ["Pruebas"],
    });
    expect(created.statusCode).toBe(201);
    const unit = created.json() as Unit;
    expect(unit).toMatchObject({ parentId: null, version: 1, shortName: "DIPRU" });

    const child = (
      await w.as.admin("POST", `${V}/units`, { name: "Depto. de Pruebas", parentId: unit.id })
    ).json() as Unit;
    expect(child.parentId).toBe(unit.id);

    const renamed = await w.as.admin("PATCH", `${V}/units/${unit.id}`, {
      version: 1,
      name: "Dirección de Ensayos",
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: "Dirección de Ensayos", version: 2 });

    const moved = await w.as.admin("POST", `${V}/units/${child.id}/move`, {
      version: 1,
      parentId: null,
      position: 0,
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ parentId: null, sort: 0, version: 2 });
    const roots = ((await w.as.admin("GET", `${V}/units`)).json().items as Unit[]).filter(
      (u) => u.parentId === null,
    );
    expect(roots.sort((a, b) => a.sort - b.sort)[0]!.id).toBe(child.id);

    const deleted = await w.as.admin("DELETE", `${V}/units/${child.id}`, { version: 2 });
    expect(deleted.statusCode).toBe(204);
    const rows = await auditRows(w, child.id);
    expect(rows.map((r) => r.action)).toEqual(["create", "move", "delete"]);
    expect(rows[1]).toMatchObject({
      actor_label: w.sessions.admin.email,
      entity_type: "unit",
      before: expect.objectContaining({ parentId: unit.id, version: 1 }),
      after: expect.objectContaining({ parentId: null, version: 2 }),
    });
    expect(rows[2]!.after).toBeNull();
    expect(moved.headers["x-request-id"]).toBe(rows[1]!.request_id);
  });

  it("refuses cycles, duplicate names and unknown parents with field errors", async () => {
    const a = (await w.as.admin("POST", `${V}/units`, { name: "Unidad A" })).json() as Unit;
    const b = (
      await w.as.admin("POST", `${V}/units`, { name: "Unidad B", parentId: a.id })
    ).json() as Unit;
    const cycle = await w.as.admin("POST", `${V}/units/${a.id}/move`, {
      version: 1,
      parentId: b.id,
    });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().errors).toEqual([{ path: "body.parentId", message: expect.any(String) }]);
    const self = await w.as.admin("POST", `${V}/units/${a.id}/move`, {
      version: 1,
      parentId: a.id,
    });
    expect(self.statusCode).toBe(400);

    const dup = await w.as.admin("POST", `${V}/units`, { name: "unidad a" });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().errors[0]).toMatchObject({ path: "body.name" });
    expect(dup.json().errors[0].message).toMatch(/Ya existe/);

    const empty = await w.as.admin("POST", `${V}/units`, { name: "  " });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].path).toBe("body.name");

    const foreign = await w.as.admin("POST", `${V}/units`, {
      name: "Unidad C",
      parentId: w.freirina.unitId,
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors[0]).toMatchObject({ path: "body.parentId" });
    expect(foreign.body).not.toMatch(/secreta|Freirina/);
  });

  it("refuses to delete a unit items still answer to, naming how many", async () => {
    const res = await w.as.admin("DELETE", `${V}/units/${w.editorUnitId}`, { version: 1 });
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toMatch(/responsable de \d+ iniciativa/);
  });

  it("answers a stale version with 409 and the current unit", async () => {
    const unit = (await w.as.admin("POST", `${V}/units`, { name: "Unidad D" })).json() as Unit;
    await w.as.admin("PATCH", `${V}/units/${unit.id}`, { version: 1, aliases: ["D"] });
    const stale = await w.as.admin("PATCH", `${V}/units/${unit.id}`, {
      version: 1,
      name: "Pisada",
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({
      status: 409,
      current: { id: unit.id, name: "Unidad D", aliases: ["D"], version: 2 },
    });
    const missingVersion = await w.as.admin("PATCH", `${V}/units/${unit.id}`, { name: "X" });
    expect(missingVersion.statusCode).toBe(400);
    expect(missingVersion.json().errors[0].path).toBe("body.version");
    const staleDelete = await w.as.admin("DELETE", `${V}/units/${unit.id}`, { version: 1 });
    expect(staleDelete.statusCode).toBe(409);
  });

  it("lets only administrators manage units", async () => {
    const before = await countRows(w, "audit_log");
    for (const who of ["editor", "validator", "viewer", "outsider"] as const) {
      const res = await w.as[who]("POST", `${V}/units`, { name: `De ${who}` });
      expect(res.statusCode, who).toBe(403);
      expect(res.json().title).toBe("Acción no permitida");
      const patch = await w.as[who]("PATCH", `${V}/units/${w.editorUnitId}`, {
        version: 1,
        name: "X",
      });
      expect(patch.statusCode, who).toBe(403);
    }
    const anon = await w.as.anonymous("POST", `${V}/units`, { name: "Anónima" });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().title).toBe("Sesión requerida");
    const noCsrf = await w.t.app.inject({
      method: "POST",
      url: `/api/municipalities${V}/units`,
      headers: { cookie: w.sessions.admin.cookie },
      payload: { name: "Sin CSRF" },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(await countRows(w, "audit_log")).toBe(before);
  });

  it("treats another municipality's unit as nonexistent", async () => {
    const res = await w.as.admin("PATCH", `${V}/units/${w.freirina.unitId}`, {
      version: 1,
      name: "Robada",
    });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toMatch(/secreta/);
    const del = await w.as.admin("DELETE", `${V}/units/${w.freirina.unitId}`, { version: 1 });
    expect(del.statusCode).toBe(404);
  });

  it("creates, edits, moves and deletes territories with GeoJSON geometry", async () => {
    const sector = await w.as.admin("POST", `${V}/territories`, {
      kind: "sector",
      code: "T-SECTOR",
      name: "Sector de prueba",
      geometry: { type: "Point", coordinates: [-70.76, -28.57] },
    });
    expect(sector.statusCode).toBe(201);
    const s = sector.json() as Territory;
    expect(s.geometry).toEqual({ type: "Point", coordinates: [-70.76, -28.57] });
    const uv = (
      await w.as.admin("POST", `${V}/territories`, {
        kind: "unidad_vecinal",
        code: "T-UV",
        name: "Unidad vecinal de prueba",
        parentId: s.id,
      })
    ).json() as Territory;
    expect(uv.parentId).toBe(s.id);

    const badGeometry = await w.as.admin("POST", `${V}/territories`, {
      kind: "sector",
      code: "T-BAD",
      name: "Mala",
      geometry: { type: "Círculo", radius: 3 },
    });
    expect(badGeometry.statusCode).toBe(400);
    expect(badGeometry.json().errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(["body.geometry.type", "body.geometry.coordinates"]),
    );
    const dupCode = await w.as.admin("POST", `${V}/territories`, {
      kind: "sector",
      code: "T-SECTOR",
      name: "Otro",
    });
    expect(dupCode.statusCode).toBe(400);
    expect(dupCode.json().errors[0].path).toBe("body.code");
    // Codes are unique per municipality: Freirina's code is free in Vallenar.
    const freirinaCode = await w.as.admin("POST", `${V}/territories`, {
      kind: "sector",
      code: "FREI-1",
      name: "Código libre aquí",
    });
    expect(freirinaCode.statusCode).toBe(201);

    const patched = await w.as.admin("PATCH", `${V}/territories/${s.id}`, {
      version: 1,
      name: "Sector renombrado",
      geometry: null,
    });
    expect(patched.json()).toMatchObject({ name: "Sector renombrado", geometry: null, version: 2 });
    const cycle = await w.as.admin("POST", `${V}/territories/${s.id}/move`, {
      version: 2,
      parentId: uv.id,
    });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().errors[0].path).toBe("body.parentId");
    const hasChild = await w.as.admin("DELETE", `${V}/territories/${s.id}`, { version: 2 });
    expect(hasChild.statusCode).toBe(409);
    const moved = await w.as.admin("POST", `${V}/territories/${uv.id}/move`, {
      version: 1,
      parentId: null,
    });
    expect(moved.json()).toMatchObject({ parentId: null, version: 2 });
    expect(
      (await w.as.admin("DELETE", `${V}/territories/${s.id}`, { version: 2 })).statusCode,
    ).toBe(204);
    const rows = await auditRows(w, s.id);
    expect(rows.map((r) => `${r.entity_type}:${r.action}`)).toEqual([
      "territory:create",
      "territory:update",
      "territory:delete",
    ]);

    const list = (await w.as.viewer("GET", `${V}/territories`)).json().items as Territory[];
    expect(list.some((t) => t.id === uv.id)).toBe(true);
    expect(list.some((t) => t.id === w.freirina.territoryId)).toBe(false);
    expect(
      (await w.as.editor("POST", `${V}/territories`, { kind: "sector", code: "E", name: "E" }))
        .statusCode,
    ).toBe(403);
    const foreign = await w.as.admin("PATCH", `${V}/territories/${w.freirina.territoryId}`, {
      version: 1,
      name: "Robado",
    });
    expect(foreign.statusCode).toBe(404);
  });
});
