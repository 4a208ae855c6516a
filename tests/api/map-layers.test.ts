import path from "node:path";
import { gunzipSync } from "node:zlib";
import { check } from "@placemarkio/check-geojson";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { inTenant, SYSTEM } from "../../src/db/tenant";
import { GAP_METHOD } from "../../src/modules/map/gap";
import type { GapDto } from "../../src/modules/map/schemas";
import { startTestApp, type TestApp } from "../support/app";
import { ENGINES } from "../support/databases";
import { countRows, startEditingWorld, type EditingWorld } from "../support/editing";
import { multipart } from "../support/multipart";
import { client, createUser, headersOf, login } from "../support/users";

/**
 * The map's layers (issue #7) on the Vallenar demo: who may read them, their
 * GeoJSON checked by an independent validator (@placemarkio/check-geojson),
 * problems, drawing an item, and the gap on a small case computed by hand.
 */
const V = "/03301";

type Feature = {
  id: string;
  geometry: { type: string; coordinates: unknown[] };
  properties: Record<string, unknown>;
};

describe.each(ENGINES)("map layers on %s", (engine) => {
  let w: EditingWorld;
  beforeAll(async () => {
    w = await startEditingWorld(engine);
  });
  afterAll(async () => {
    await w?.t.close();
  });

  it("serves the basemap config and lets MapLibre's tiles and workers through the CSP", async () => {
    const res = await w.t.app.inject({ url: "/api/map/config" });
    expect(res.json()).toEqual({
      tileUrl: "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
      attribution: "© OpenStreetMap contributors",
    });
    const csp = String(res.headers["content-security-policy"]);
    expect(csp).toMatch(/img-src [^;]*https:\/\/tile\.openstreetmap\.org/);
    expect(csp).toMatch(/connect-src [^;]*https:\/\/tile\.openstreetmap\.org/);
    expect(csp).toMatch(/worker-src [^;]*blob:/);
    expect(loadConfig({ MAP_TILE_URL: "none" })).toMatchObject({
      mapTileUrl: null,
      mapTileAttribution: null,
    });
    expect(() => loadConfig({ MAP_TILE_URL: "ftp://x" })).toThrow(
      /MAP_TILE_URL debe ser una URL de teselas/,
    );
  });

  it("serves the demo territories, marked approximate, to members only; the export passes an independent GeoJSON check", async () => {
    expect((await w.as.anonymous("GET", `${V}/map/layers/territories`)).statusCode).toBe(401);
    expect((await w.as.outsider("GET", `${V}/map/layers/territories`)).statusCode).toBe(403);
    const res = await w.as.viewer("GET", `${V}/map/layers/territories`);
    expect(res.statusCode).toBe(200);
    const features = res.json().features as Feature[];
    expect(features).toHaveLength(31);
    const byCode = new Map(features.map((f) => [f.properties.code, f]));
    expect(byCode.get("centro")).toMatchObject({
      geometry: { type: "Polygon" },
      properties: { kind: "sector", approximate: true },
    });
    expect(byCode.get("domeyko")).toMatchObject({
      geometry: { type: "Point" },
      properties: { approximate: false },
    });
    expect(res.body).not.toContain("Freirina");

    const file = await w.as.viewer("GET", `${V}/map/layers/territories.geojson`);
    expect(file.headers["content-type"]).toMatch(/^application\/geo\+json/);
    expect(file.headers["content-disposition"]).toMatch(
      /attachment; filename="territorios-03301\.geojson"/,
    );
    expect(() => check(file.body)).not.toThrow();
  });

  it("sends the territory layer gzipped when asked, and a renamed territory shows at once (no stale cache)", async () => {
    const zipped = await w.t.app.inject({
      url: `/api/municipalities${V}/map/layers/territories`,
      headers: { ...headersOf(w.sessions.viewer), "accept-encoding": "gzip, br" },
    });
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    const plain = await w.as.viewer("GET", `${V}/map/layers/territories`);
    expect(gunzipSync(zipped.rawPayload).toString()).toBe(plain.body);
    expect(zipped.rawPayload.length).toBeLessThan(plain.body.length / 3);

    const centro = (plain.json().features as Feature[]).find(
      (f) => f.properties.code === "centro",
    )!;
    const current = (await w.as.admin("GET", `${V}/territories`))
      .json()
      .items.find((x: { id: string }) => x.id === centro.id);
    const renamed = await w.as.admin("PATCH", `${V}/territories/${centro.id}`, {
      version: current.version,
      name: "Centro histórico",
    });
    expect(renamed.statusCode).toBe(200);
    const after = (await w.as.viewer("GET", `${V}/map/layers/territories`)).json()
      .features as Feature[];
    expect(after.find((f) => f.id === centro.id)!.properties.name).toBe("Centro histórico");
    expect((await w.as.anonymous("GET", `${V}/map/layers/problems`)).statusCode).toBe(401);
    expect((await w.as.anonymous("GET", `${V}/map/diagnosis/variables`)).statusCode).toBe(401);
  });

  it("exports every layer as GeoJSON that the independent checker accepts", async () => {
    const plan = `${V}/plans/${w.planId}`;
    for (const url of [
      `${V}/map/layers/problems.geojson`,
      `${V}/map/layers/diagnosis.geojson?variable=poblacion_simulada&method=quantile&classes=4`,
      `${plan}/map/layers/items.geojson`,
    ]) {
      const res = await w.as.viewer("GET", url);
      expect(res.statusCode, url).toBe(200);
      const parsed = check(res.body) as { type: string; features: unknown[] };
      expect(parsed.type).toBe("FeatureCollection");
      expect(parsed.features.length, url).toBeGreaterThan(0);
    }
  });

  it("classes the simulated diagnosis by quantiles, every valued territory in a class", async () => {
    const vars = (await w.as.viewer("GET", `${V}/map/diagnosis/variables`)).json();
    expect(vars.items).toContainEqual(
      expect.objectContaining({ key: "pobreza_simulada", unit: "%", simulated: true, count: 29 }),
    );
    const layer = (
      await w.as.viewer("GET", `${V}/map/layers/diagnosis?variable=pobreza_simulada`)
    ).json();
    expect(layer).toMatchObject({
      method: "quantile",
      variable: { key: "pobreza_simulada", simulated: true },
    });
    expect(layer.breaks).toHaveLength(5);
    const valued = (layer.collection.features as Feature[]).filter(
      (f) => f.properties.value !== null,
    );
    expect(valued).toHaveLength(29);
    for (const f of valued) {
      const c = f.properties.class as number;
      expect(f.properties.value as number).toBeLessThanOrEqual(layer.breaks[c]);
      if (c > 0) expect(f.properties.value as number).toBeGreaterThan(layer.breaks[c - 1]);
    }
    expect(
      (await w.as.viewer("GET", `${V}/map/layers/diagnosis?variable=no_existe`)).statusCode,
    ).toBe(404);
  });

  it("creates, edits and deletes a prioritised problem with versions, audit rows and permissions", async () => {
    const layer = (await w.as.viewer("GET", `${V}/map/layers/problems`)).json();
    expect(layer.features.length).toBe(7);
    expect(layer.features[0].properties).toMatchObject({
      priority: 1,
      simulated: true,
      placement: "territory",
    });

    const audits = await countRows(w, "audit_log");
    const body = {
      title: "Anegamiento de calles",
      priority: 2,
      category: "Drenaje",
      point: { type: "Point", coordinates: [-70.7586, -28.5765] },
    };
    expect((await w.as.viewer("POST", `${V}/map/problems`, body)).statusCode).toBe(403);
    const created = await w.as.admin("POST", `${V}/map/problems`, body);
    expect(created.statusCode, created.body).toBe(201);
    const p = created.json();
    expect(p).toMatchObject({
      placement: "point",
      version: 1,
      simulated: false,
      point: body.point,
    });

    const outside = await w.as.admin("POST", `${V}/map/problems`, {
      ...body,
      point: { type: "Point", coordinates: [2.35, 48.85] },
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().errors[0]).toEqual({
      path: "body.point",
      message: expect.stringMatching(/está fuera de Chile/),
    });
    const nowhere = await w.as.admin("POST", `${V}/map/problems`, {
      title: "Sin lugar",
      priority: 3,
    });
    expect(nowhere.json().errors[0]).toEqual({
      path: "body.point",
      message: "Indique un punto en el mapa o un territorio.",
    });
    expect(
      (await w.as.admin("POST", `${V}/map/problems`, { ...body, priority: 6 })).statusCode,
    ).toBe(400);

    const edited = await w.as.admin("PATCH", `${V}/map/problems/${p.id}`, {
      version: 1,
      priority: 1,
    });
    expect(edited.json()).toMatchObject({ priority: 1, version: 2 });
    const stale = await w.as.admin("PATCH", `${V}/map/problems/${p.id}`, {
      version: 1,
      priority: 3,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().current).toMatchObject({ priority: 1, version: 2 });
    expect(
      (await w.as.admin("DELETE", `${V}/map/problems/${p.id}`, { version: 2 })).statusCode,
    ).toBe(204);
    expect(await countRows(w, "audit_log")).toBe(audits + 3);
  });

  it("draws an item: its territories become those that contain it; editors only on their units' items", async () => {
    const plan = `${V}/plans/${w.planId}`;
    const territories = (await w.as.viewer("GET", `${V}/map/layers/territories`)).json()
      .features as Feature[];
    const id = (code: string) => territories.find((f) => f.properties.code === code)!.id;
    const item = (await w.as.viewer("GET", `${V}/items/${w.editorItemId}`)).json();
    // Inside the illustrative Centro sector, its neighbourhood unit and the comuna outline.
    const point = { type: "Point", coordinates: [-70.7575, -28.5755] };
    const denied = await w.as.editor("PUT", `${plan}/items/${w.otherItemId}/geometry`, {
      geometry: point,
      version: 1,
    });
    expect(denied.statusCode).toBe(403);
    const res = await w.as.editor("PUT", `${plan}/items/${w.editorItemId}/geometry`, {
      geometry: point,
      version: item.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().territoryIds).toEqual(
      [id("centro"), id("uv-sargento-aldea"), id("vallenar")].sort(),
    );
    expect(res.json().version).toBe(item.version + 1);
    const stale = await w.as.editor("PUT", `${plan}/items/${w.editorItemId}/geometry`, {
      geometry: point,
      version: item.version,
    });
    expect(stale.statusCode).toBe(409);
    const bad = await w.as.editor("PUT", `${plan}/items/${w.editorItemId}/geometry`, {
      geometry: { type: "Point", coordinates: [-70.7, 95] },
      version: item.version + 1,
    });
    expect(bad.statusCode).toBe(400);

    // Published plan: anyone reads the items layer, with the dashboard's filters.
    const layer = await w.as.anonymous("GET", `${plan}/map/layers/items`);
    expect(layer.statusCode).toBe(200);
    const mine = (layer.json().features as Feature[]).find((f) => f.id === w.editorItemId)!;
    expect(mine).toMatchObject({
      geometry: point,
      properties: { placement: "drawn", simulated: false },
    });
    expect(["done", "on_track", "at_risk", "off_track", "no_data"]).toContain(
      mine.properties.status,
    );
    const filtered = (
      await w.as.anonymous("GET", `${plan}/map/layers/items?territorio=${id("uv-sargento-aldea")}`)
    ).json();
    expect((filtered.features as Feature[]).map((f) => f.id)).toContain(w.editorItemId);
    expect(
      (filtered.features as Feature[]).every((f) =>
        (f.properties.territoryIds as string[]).includes(id("uv-sargento-aldea")),
      ),
    ).toBe(true);
    const byStatus = (await w.as.anonymous("GET", `${plan}/map/layers/items?estado=done`)).json();
    expect((byStatus.features as Feature[]).every((f) => f.properties.status === "done")).toBe(
      true,
    );
    expect(
      (await w.as.anonymous("GET", `/03302/plans/${w.freirina.planId}/map/layers/items`))
        .statusCode,
    ).toBe(404);
  });
});

describe.each(ENGINES)("the gap on a small known case on %s", (engine) => {
  let t: TestApp;
  let admin: ReturnType<typeof client>;
  let planId = "";
  const MINI = path.resolve(import.meta.dirname, "../../fixtures/test/mini-plan.json");
  beforeAll(async () => {
    t = await startTestApp(engine, { fixture: MINI });
    await createUser(t.database.owner.db, {
      email: "admin@putre.test",
      membership: { cut: "15201", role: "admin" },
    });
    admin = client(t.app, await login(t.app, "admin@putre.test"));
    planId = ((await admin("GET", "/15201/plans")).json().items[0] as { id: string }).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it("weighs problems against items and investment, ranks, and exports CSV and xlsx that parse back", async () => {
    // Two sectors side by side near Putre, imported as GeoJSON.
    const sq = (lon: number) => [
      [
        [lon, -18.2],
        [lon + 0.01, -18.2],
        [lon + 0.01, -18.19],
        [lon, -18.19],
        [lon, -18.2],
      ],
    ];
    const file = JSON.stringify({
      type: "FeatureCollection",
      features: [
        {
          type: "Feature",
          properties: { c: "A", n: "Sector A" },
          geometry: { type: "Polygon", coordinates: sq(-69.57) },
        },
        {
          type: "Feature",
          properties: { c: "B", n: "Sector B" },
          geometry: { type: "Polygon", coordinates: sq(-69.56) },
        },
      ],
    });
    const body = multipart(
      { codeField: "c", nameField: "n", kind: "sector", dryRun: "false" },
      { name: "s.geojson", content: file },
    );
    const session = await login(t.app, "admin@putre.test");
    const imported = await t.app.inject({
      method: "POST",
      url: "/api/municipalities/15201/territories/import",
      payload: body.payload,
      headers: { ...headersOf(session), ...body.headers },
    });
    expect(imported.json()).toMatchObject({ committed: true });
    const layer = (await admin("GET", "/15201/map/layers/territories")).json()
      .features as Feature[];
    const A = layer.find((f) => f.properties.code === "A")!.id;
    const B = layer.find((f) => f.properties.code === "B")!.id;
    // Problems: A weighs (6−1) + (6−4) = 7, B weighs (6−5) = 1 (a point inside B, no territory).
    for (const p of [
      { title: "p1", priority: 1, territoryId: A },
      { title: "p4", priority: 4, territoryId: A },
      { title: "p5", priority: 5, point: { type: "Point", coordinates: [-69.555, -18.195] } },
    ])
      expect((await admin("POST", "/15201/map/problems", p)).statusCode).toBe(201);
    // One item drawn in each sector; funding 1.000.000 in A and 3.000.000 in B.
    const putre = await t.database.owner.db
      .selectFrom("municipality")
      .select("id")
      .where("cut_code", "=", "15201")
      .executeTakeFirstOrThrow();
    const items = await inTenant(t.database.owner.db, putre.id, SYSTEM, async ({ trx }) =>
      trx
        .selectFrom("plan_item")
        .select(["id", "version", "municipality_id"])
        .where("plan_id", "=", planId)
        .orderBy("code")
        .limit(2)
        .execute(),
    );
    const [i1, i2] = items as [(typeof items)[0], (typeof items)[0]];
    await inTenant(t.database.owner.db, i1.municipality_id, SYSTEM, async ({ trx }) => {
      const source = await trx
        .selectFrom("funding_source")
        .select("code")
        .executeTakeFirstOrThrow();
      await trx.deleteFrom("plan_item_funding").where("item_id", "in", [i1.id, i2.id]).execute();
      await trx
        .insertInto("plan_item_funding")
        .values([
          {
            municipality_id: i1.municipality_id,
            item_id: i1.id,
            source_code: source.code,
            amount: 1_000_000,
          },
          {
            municipality_id: i1.municipality_id,
            item_id: i2.id,
            source_code: source.code,
            amount: 3_000_000,
          },
        ])
        .execute();
    });
    const draw = (itemId: string, version: number, lon: number) =>
      admin("PUT", `/15201/plans/${planId}/items/${itemId}/geometry`, {
        geometry: { type: "Point", coordinates: [lon, -18.195] },
        version,
      });
    expect((await draw(i1.id, i1.version, -69.565)).json().territoryIds).toEqual([A]);
    expect((await draw(i2.id, i2.version, -69.555)).json().territoryIds).toEqual([B]);

    const gap = (await admin("GET", `/15201/plans/${planId}/map/gap`)).json() as GapDto;
    expect(gap.method).toBe(GAP_METHOD);
    // need A = 7/7 = 1, coverage A = ½·1/1 + ½·1/3; need B = 1/7, coverage B = ½·1 + ½·1.
    expect(gap.rows).toEqual([
      {
        territoryId: A,
        code: "A",
        name: "Sector A",
        problemWeight: 7,
        itemCount: 1,
        investmentClp: 1_000_000,
        coverage: 0.6667,
        gap: 0.3333,
        rank: 1,
      },
      {
        territoryId: B,
        code: "B",
        name: "Sector B",
        problemWeight: 1,
        itemCount: 1,
        investmentClp: 3_000_000,
        coverage: 1,
        gap: -0.8571,
        rank: 2,
      },
    ]);
    expect(gap.collection.features.map((f) => f.properties.rank)).toEqual([1, 2]);
    expect(() => check(JSON.stringify(gap.collection))).not.toThrow();

    const csv = await admin("GET", `/15201/plans/${planId}/map/gap.csv`);
    expect(csv.headers["content-type"]).toMatch(/^text\/csv/);
    const rows = parse(csv.body.replace(/^\uFEFF/, ""), { delimiter: ";" }) as string[][];
    expect(rows[0]).toEqual([
      "Rango",
      "Código",
      "Territorio",
      "Peso de problemas",
      "Iniciativas",
      "Inversión (CLP)",
      "Cobertura",
      "Brecha",
    ]);
    expect(rows[1]).toEqual(["1", "A", "Sector A", "7", "1", "1000000", "0,6667", "0,3333"]);
    expect(rows[2]).toEqual(["2", "B", "Sector B", "1", "1", "3000000", "1", "-0,8571"]);

    const xlsx = await admin("GET", `/15201/plans/${planId}/map/gap.xlsx`);
    expect(xlsx.headers["content-disposition"]).toMatch(/brechas-15201\.xlsx/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      xlsx.rawPayload as unknown as Parameters<typeof workbook.xlsx.load>[0],
    );
    const sheet = workbook.getWorksheet("Brecha")!;
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      1,
      "A",
      "Sector A",
      7,
      1,
      1_000_000,
      0.6667,
      0.3333,
    ]);
    expect(sheet.getRow(3).getCell(8).value).toBe(-0.8571);
    expect(String(workbook.getWorksheet("Método")!.getCell("B2").value)).toMatch(
      /^Brecha = necesidad − cobertura/,
    );
  });
});
