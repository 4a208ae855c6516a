import fs from "node:fs";
import path from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ItemDetail, PlanDetail, TreeNode } from "../../src/modules/plans/schemas";
import { ENGINES } from "../support/databases";
import { startTestApp, type TestApp } from "../support/app";

const SEED = path.resolve(
  import.meta.dirname,
  "../../../shared/seeds/pladeco-vallenar-2022-2029-actualizacion-2024.txt",
);
const squash = (s: string) => s.replace(/\s+/g, " ").trim();

function flatten(nodes: TreeNode[]): TreeNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

describe.each(ENGINES)("read API on %s with the Vallenar demo", (engine) => {
  let t: TestApp;
  let plan: PlanDetail;
  beforeAll(async () => {
    t = await startTestApp(engine);
    const plans = await t.app.inject("/api/municipalities/03301/plans");
    const id = plans.json().items[0].id as string;
    plan = (await t.app.inject(`/api/municipalities/03301/plans/${id}`)).json();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("answers health with the engine", async () => {
    const res = await t.app.inject("/api/health");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: "ok", database: engine });
  });

  it("lists municipalities with pagination", async () => {
    const res = await t.app.inject("/api/municipalities?limit=1&offset=0");
    expect(res.json()).toMatchObject({
      total: 1,
      limit: 1,
      offset: 0,
      items: [
        {
          cutCode: "03301",
          name: "Vallenar",
          regionName: "Atacama",
          provinceName: "Huasco",
          isDemo: true,
        },
      ],
    });
    const past = await t.app.inject("/api/municipalities?limit=1&offset=5");
    expect(past.json()).toMatchObject({ total: 1, items: [] });
  });

  it("shows the plan as the seed writes it", () => {
    const seed = squash(fs.readFileSync(SEED, "utf8"));
    expect(plan).toMatchObject({
      kind: "pladeco",
      startYear: 2022,
      endYear: 2029,
      isDemo: true,
      currentVersion: { label: "Actualización 2024", year: 2024 },
      municipality: { cutCode: "03301", name: "Vallenar" },
    });
    expect(plan.vision.startsWith("Vallenar, comuna articuladora del territorio provincial")).toBe(
      true,
    );
    expect(seed).toContain(squash(plan.vision));
    expect(seed).toContain(squash(plan.mission));
    expect(plan.values.map((v) => v.name)).toEqual([
      "Respeto",
      "Solidaridad",
      "Transparencia",
      "Inclusión",
      "Transparencia",
      "Respeto",
      "Vocación de servicio",
      "Responsabilidad",
    ]);
    expect(plan.axes.map((a) => a.title)).toEqual([
      "GESTIÓN MUNICIPAL",
      "MEDIO AMBIENTE Y DESARROLLO SUSTENTABLE",
      "DESARROLLO ECONÓMICO LOCAL",
      "DESARROLLO SOCIAL Y CALIDAD DE VIDA",
      "SALUD Y CALIDAD DE VIDA",
      "ORDENAMIENTO TERRITORIAL/VIVIENDA Y CONECTIVIDAD",
    ]);
    expect(plan.transversalAxes.map((a) => a.name)).toContain("Intersectorialidad");
    expect(plan.levels[0]).toEqual({
      key: "axis",
      name: "Lineamiento estratégico",
      plural: "Lineamientos estratégicos",
    });
    expect(plan.source?.file).toBe("pladeco-vallenar-2022-2029-actualizacion-2024.txt");
  });

  it("returns the whole tree nested, with level names and stable codes", async () => {
    const res = await t.app.inject(`/api/municipalities/03301/plans/${plan.id}/tree`);
    expect(res.statusCode).toBe(200);
    const tree = res.json() as { items: TreeNode[] };
    const all = flatten(tree.items);
    expect(tree.items).toHaveLength(6);
    expect(all.length).toBe(plan.itemCount);
    expect(plan.axes.reduce((n, a) => n + 1 + a.descendantCount, 0)).toBe(plan.itemCount);
    for (const node of all) {
      for (const [i, child] of node.children.entries())
        expect(child.code).toBe(`${node.code}.${i + 1}`);
    }
    expect(new Set(all.map((n) => n.levelName))).toEqual(
      new Set([
        "Lineamiento estratégico",
        "Objetivo estratégico",
        "Plan",
        "Programa",
        "Proyecto o estudio",
        "Objetivo local",
        "Programa o proyecto",
        "Actividad",
      ]),
    );
  });

  it("details an item with its indicators, units, deadline, funding and SDGs", async () => {
    const tree = (await t.app.inject(`/api/municipalities/03301/plans/${plan.id}/tree`)).json() as {
      items: TreeNode[];
    };
    const candidates = flatten(tree.items).filter(
      (n) => n.levelKey === "activity" && n.indicatorCount > 0,
    );
    let found: ItemDetail | undefined;
    for (const c of candidates) {
      const item = (
        await t.app.inject(`/api/municipalities/03301/items/${c.id}`)
      ).json() as ItemDetail;
      if (item.indicators.some((i) => i.name.startsWith("(N° de Capacitaciones realizadas"))) {
        found = item;
        break;
      }
    }
    expect(found).toBeDefined();
    const item = found!;
    expect(item.indicators[0]).toMatchObject({ kind: "formula" });
    expect(item.responsibleUnits[0]).toMatchObject({ role: "responsible" });
    expect(item.responsibleUnits[0]!.name).toMatch(/Personal/);
    expect(item).toMatchObject({
      deadlineText: "2024-2029",
      startDate: "2024-01-01",
      endDate: "2029-12-31",
    });
    expect(item.funding.length).toBeGreaterThan(0);
    expect(item.ancestors[0]).toMatchObject({ code: "1", levelName: "Lineamiento estratégico" });
    expect(item.ancestors.map((a) => a.code).join(" ")).toBe(
      item.ancestors
        .map((_, i) =>
          item.code
            .split(".")
            .slice(0, i + 1)
            .join("."),
        )
        .join(" "),
    );
    expect(item.sdgs.every((s) => s.origin === "editor")).toBe(true);
  });

  it("answers unknown municipalities, plans and items with a Spanish 404 problem", async () => {
    for (const url of [
      "/api/municipalities/13101",
      "/api/municipalities/13101/plans",
      `/api/municipalities/03301/plans/00000000-0000-4000-8000-000000000000`,
      `/api/municipalities/03301/plans/00000000-0000-4000-8000-000000000000/tree`,
      `/api/municipalities/03301/items/00000000-0000-4000-8000-000000000000`,
      "/api/nothing-here",
    ]) {
      const res = await t.app.inject(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 404, title: "No encontrado" });
    }
  });

  it("does not serve an item through another municipality's URL", async () => {
    const tree = (await t.app.inject(`/api/municipalities/03301/plans/${plan.id}/tree`)).json() as {
      items: TreeNode[];
    };
    const id = tree.items[0]!.id;
    await t.database.owner.db
      .insertInto("municipality")
      .values({ cut_code: "03302", name: "Freirina" })
      .execute();
    const res = await t.app.inject(`/api/municipalities/03302/items/${id}`);
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain("GESTIÓN");
  });

  it("rejects malformed parameters with field errors, never a stack trace", async () => {
    const res = await t.app.inject("/api/municipalities/03301/items/1;drop table plan");
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body).toMatchObject({ status: 400, title: "Solicitud inválida" });
    expect(body.errors[0].path).toBe("params.itemId");
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    const limit = await t.app.inject("/api/municipalities?limit=100000");
    expect(limit.statusCode).toBe(400);
    expect(limit.json().errors[0].path).toBe("querystring.limit");
  });

  it("sends security headers", async () => {
    const res = await t.app.inject("/api/health");
    expect(res.headers["content-security-policy"]).toMatch(/script-src 'self'/);
    expect(res.headers["content-security-policy"]).toMatch(/frame-ancestors 'none'/);
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  });

  it("describes every route in a valid OpenAPI 3 document", async () => {
    const res = await t.app.inject("/api/openapi.json");
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    await SwaggerParser.validate(structuredClone(doc));
    const documented = new Set(
      Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ":$1")}`),
      ),
    );
    const registered = t.app.routeList
      .filter((r) => r.url.startsWith("/api/") && r.url !== "/api/openapi.json")
      .map((r) => `${r.method} ${r.url}`);
    expect(registered.length).toBeGreaterThanOrEqual(10);
    expect(registered.filter((r) => !documented.has(r))).toEqual([]);
    expect(registered).toContain("GET /api/municipalities/:cut/plans/:planId/tree");
  });
});
