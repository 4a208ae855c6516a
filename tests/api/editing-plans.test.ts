import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlanDetail } from "../../src/modules/plans/schemas";
import { ENGINES } from "../support/databases";
import { auditRows, countRows, startEditingWorld, type EditingWorld } from "../support/editing";

const V = "/03301";
const LEVELS = [
  { key: "axis", name: "Lineamiento", plural: "Lineamientos" },
  { key: "goal", name: "Objetivo", plural: "Objetivos" },
];

describe.each(ENGINES)("editing plans on %s", (engine) => {
  let w: EditingWorld;
  beforeAll(async () => {
    w = await startEditingWorld(engine);
  });
  afterAll(async () => {
    await w?.t.close();
  });

  async function newPlan(title: string): Promise<PlanDetail> {
    const res = await w.as.admin("POST", `${V}/plans`, {
      kind: "strategic",
      title,
      startYear: 2025,
      endYear: 2028,
      vision: "Una visión",
      levels: LEVELS,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }

  it("creates a draft plan with its levels, unpublished, version 1", async () => {
    const plan = await newPlan("Plan estratégico de prueba");
    expect(plan).toMatchObject({
      kind: "strategic",
      startYear: 2025,
      endYear: 2028,
      vision: "Una visión",
      mission: "",
      approval: { status: "draft", date: null },
      levels: LEVELS,
      publishedAt: null,
      version: 1,
      itemCount: 0,
    });
    // Unpublished: members see it, anonymous visitors do not.
    expect((await w.as.viewer("GET", `${V}/plans/${plan.id}`)).statusCode).toBe(200);
    expect((await w.as.anonymous("GET", `${V}/plans/${plan.id}`)).statusCode).toBe(404);
    const [row] = await auditRows(w, plan.id);
    expect(row).toMatchObject({ action: "create", entity_type: "plan", before: null });
    expect(row!.after).toMatchObject({ title: "Plan estratégico de prueba", version: 1 });
  });

  it("validates plan bodies with Spanish field errors", async () => {
    const res = await w.as.admin("POST", `${V}/plans`, {
      kind: "otro",
      title: "",
      startYear: 2030,
      endYear: 2020,
      levels: [],
    });
    expect(res.statusCode).toBe(400);
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["body.kind", "body.title", "body.levels"]));
    expect(res.json().errors.find((e: { path: string }) => e.path === "body.levels").message).toBe(
      "el plan necesita al menos un nivel",
    );
    const period = await w.as.admin("POST", `${V}/plans`, {
      kind: "pladeco",
      title: "Al revés",
      startYear: 2030,
      endYear: 2020,
      levels: LEVELS,
    });
    expect(period.statusCode).toBe(400);
    expect(period.json().errors).toEqual([{ path: "body.endYear", message: expect.any(String) }]);
    const unknownField = await w.as.admin("POST", `${V}/plans`, {
      kind: "pladeco",
      title: "Con campo de más",
      startYear: 2020,
      endYear: 2021,
      levels: LEVELS,
      municipalityId: w.freirina.id,
    });
    expect(unknownField.statusCode).toBe(400);
  });

  it("updates statements, approval and publication; approval needs a date and a number", async () => {
    const plan = await newPlan("Plan para aprobar");
    const noDate = await w.as.admin("PATCH", `${V}/plans/${plan.id}`, {
      version: 1,
      approval: { status: "approved" },
    });
    expect(noDate.statusCode).toBe(400);
    expect(
      noDate
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(["body.approval", "body.approval.date"]);
    const ok = await w.as.admin("PATCH", `${V}/plans/${plan.id}`, {
      version: 1,
      mission: "Una misión",
      endYear: 2029,
      approval: { status: "approved", agreementNumber: "123", date: "2025-03-04" },
      published: true,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      mission: "Una misión",
      endYear: 2029,
      approvalStatus: "approved",
      approval: {
        status: "approved",
        agreementNumber: "123",
        decreeNumber: null,
        date: "2025-03-04",
      },
      version: 2,
    });
    expect(ok.json().publishedAt).toEqual(expect.any(String));
    expect((await w.as.anonymous("GET", `${V}/plans/${plan.id}`)).statusCode).toBe(200);
    const period = await w.as.admin("PATCH", `${V}/plans/${plan.id}`, {
      version: 2,
      startYear: 2031,
    });
    expect(period.statusCode).toBe(400);
    expect(period.json().errors[0].path).toBe("body.startYear");

    const stale = await w.as.admin("PATCH", `${V}/plans/${plan.id}`, { version: 1, title: "X" });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().current).toMatchObject({ id: plan.id, version: 2, mission: "Una misión" });

    const notDraft = await w.as.admin("DELETE", `${V}/plans/${plan.id}`, { version: 2 });
    expect(notDraft.statusCode).toBe(409);
    expect(notDraft.json().detail).toMatch(/borrador/);
    const rows = await auditRows(w, plan.id);
    expect(rows.map((r) => r.action)).toEqual(["create", "update"]);
    expect(rows[1]!.before).toMatchObject({ version: 1, publishedAt: null });
    expect(rows[1]!.after).toMatchObject({ version: 2, approvalStatus: "approved" });
  });

  it("adds yearly versions inside the plan's period", async () => {
    const plan = await newPlan("Plan con actualizaciones");
    const res = await w.as.admin("POST", `${V}/plans/${plan.id}/versions`, {
      label: "Actualización 2026",
      year: 2026,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().currentVersion).toEqual({ label: "Actualización 2026", year: 2026 });
    const outside = await w.as.admin("POST", `${V}/plans/${plan.id}/versions`, {
      label: "Actualización 2040",
      year: 2040,
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().errors[0].path).toBe("body.year");
    const dup = await w.as.admin("POST", `${V}/plans/${plan.id}/versions`, {
      label: "Actualización 2026",
      year: 2027,
    });
    expect(dup.json().errors[0].path).toBe("body.label");
  });

  it("renames and adds levels, and refuses to drop a level in use", async () => {
    const plan = await newPlan("Plan con niveles");
    await w.as.admin("POST", `${V}/plans/${plan.id}/items`, {
      parentId: null,
      levelKey: "axis",
      title: "Eje 1",
    });
    const renamed = await w.as.admin("PUT", `${V}/plans/${plan.id}/levels`, {
      version: 1,
      levels: [
        { key: "axis", name: "Eje estratégico", plural: "Ejes estratégicos" },
        { key: "action", name: "Acción", plural: "Acciones" },
      ],
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({
      version: 2,
      levels: [
        { key: "axis", name: "Eje estratégico" },
        { key: "action", name: "Acción" },
      ],
    });
    const drop = await w.as.admin("PUT", `${V}/plans/${plan.id}/levels`, {
      version: 2,
      levels: [{ key: "action", name: "Acción", plural: "Acciones" }],
    });
    expect(drop.statusCode).toBe(409);
    expect(drop.json().detail).toMatch(/«Eje estratégico» \(1\)/);
    const dupKeys = await w.as.admin("PUT", `${V}/plans/${plan.id}/levels`, {
      version: 2,
      levels: [LEVELS[0], LEVELS[0]],
    });
    expect(dupKeys.statusCode).toBe(400);
  });

  it("deletes a draft plan with everything in it, in one audited change", async () => {
    const plan = await newPlan("Plan para borrar");
    await w.as.admin("POST", `${V}/plans/${plan.id}/items`, {
      parentId: null,
      levelKey: "axis",
      title: "Eje que se va",
    });
    const itemsBefore = await countRows(w, "plan_item");
    const stale = await w.as.admin("DELETE", `${V}/plans/${plan.id}`, { version: 7 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().current.id).toBe(plan.id);
    const res = await w.as.admin("DELETE", `${V}/plans/${plan.id}`, { version: 1 });
    expect(res.statusCode).toBe(204);
    expect(await countRows(w, "plan_item")).toBe(itemsBefore - 1);
    expect((await w.as.admin("GET", `${V}/plans/${plan.id}`)).statusCode).toBe(404);
    const rows = await auditRows(w, plan.id);
    expect(rows.at(-1)).toMatchObject({ action: "delete", after: null });
  });

  it("lets only administrators manage plans; anonymous visitors must sign in", async () => {
    const audits = await countRows(w, "audit_log");
    const body = { kind: "pladeco", title: "No", startYear: 2025, endYear: 2026, levels: LEVELS };
    for (const who of ["editor", "validator", "viewer", "outsider"] as const) {
      expect((await w.as[who]("POST", `${V}/plans`, body)).statusCode, who).toBe(403);
      expect(
        (await w.as[who]("PATCH", `${V}/plans/${w.planId}`, { version: 1, title: "No" }))
          .statusCode,
        who,
      ).toBe(403);
      expect(
        (await w.as[who]("DELETE", `${V}/plans/${w.planId}`, { version: 1 })).statusCode,
        who,
      ).toBe(403);
    }
    const anon = await w.as.anonymous("PATCH", `${V}/plans/${w.planId}`, {
      version: 1,
      title: "No",
    });
    expect(anon.statusCode).toBe(401);
    expect(anon.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(await countRows(w, "audit_log")).toBe(audits);
  });

  it("treats another municipality's plan as nonexistent", async () => {
    for (const [method, url, payload] of [
      ["PATCH", `${V}/plans/${w.freirina.planId}`, { version: 1, title: "Robado" }],
      ["DELETE", `${V}/plans/${w.freirina.planId}`, { version: 1 }],
      ["POST", `${V}/plans/${w.freirina.planId}/versions`, { label: "X", year: 2025 }],
      [
        "POST",
        `${V}/plans/${w.freirina.planId}/items`,
        { parentId: null, levelKey: "axis", title: "X" },
      ],
    ] as const) {
      const res = await w.as.admin(method, url, payload);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toMatch(/Freirina/);
    }
  });
});
