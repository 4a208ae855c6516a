/**
 * The plan's map in a real browser (Debian's Chromium through playwright-core, WebGL through
 * SwiftShader with the usual --disable-gpu) against the API on a fresh PGlite database with the
 * Vallenar demo: an administrator imports two territories from a GeoJSON (preview, then commit;
 * a broken file is refused next to its field), switches layers and sees their legends, places an
 * item by clicking the map and opens its popup by clicking its point on the canvas (the pixel
 * from map.project), follows the popup's link to the item page, adds a prioritised problem by
 * clicking the map and changes its priority, and opens a popup from the keyboard. axe-core runs
 * at 1280 and 360 px; screenshots go to artifacts/screenshots/. No internet: the basemap tiles
 * (OpenStreetMap by default) are answered by the test with a blank tile, so the attribution shows;
 * when they fail, the page says so and the layers stay on a plain background.
 * Requires a built app in dist/web (`npx vite build`).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import axe from "axe-core";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MunicipalityDto } from "../../src/modules/municipalities/schemas";
import type { PlanSummary, TreeNode } from "../../src/modules/plans/schemas";
import { startTestApp, type TestApp } from "../support/app";
import { expectAccessible, expectNoHorizontalScroll, screenshot } from "../support/browser";
import { client, createUser, login, PASSWORD } from "../support/users";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const webDist = path.join(repo, "dist/web");
const CHROMIUM = "/usr/bin/chromium";
const ADMIN = "ana.sig@mapa.test";

let testApp: TestApp;
let baseUrl: string;
let browser: Browser;
let cut: string;
let planId: string;
/** Leaf items of the plan, placed on the map by the test (a point, then a polygon). */
let item: TreeNode;
let other: TreeNode;
const contexts: BrowserContext[] = [];
const problems: string[] = [];
/** A 1×1 transparent PNG, the answer to every basemap tile request (no internet in tests). */
const BLANK_TILE = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);
const TILES = "https://tile.openstreetmap.org/**";

/** Two illustrative sectors side by side (counter-clockwise rings, WGS84), as a GeoJSON file. */
const WEST: [number, number] = [-70.8, -28.6];
const SIZE = 0.03;
function square([x, y]: [number, number]) {
  return [
    [
      [x, y],
      [x + SIZE, y],
      [x + SIZE, y + SIZE],
      [x, y + SIZE],
      [x, y],
    ],
  ];
}
const territoriesFile = JSON.stringify({
  type: "FeatureCollection",
  features: [
    {
      type: "Feature",
      properties: { COD: "PRUEBA-1", NOMBRE: "Sector Prueba Poniente" },
      geometry: { type: "Polygon", coordinates: square(WEST) },
    },
    {
      type: "Feature",
      properties: { COD: "PRUEBA-2", NOMBRE: "Sector Prueba Oriente" },
      geometry: { type: "Polygon", coordinates: square([WEST[0] + SIZE, WEST[1]]) },
    },
  ],
});
/** The middle of the western sector, and a point a little apart from it. */
const ITEM_AT: [number, number] = [WEST[0] + SIZE / 2, WEST[1] + SIZE / 2];
const PROBLEM_AT: [number, number] = [WEST[0] + SIZE * 1.5, WEST[1] + SIZE / 3];

async function apiGet<T>(url: string): Promise<T> {
  const response = await testApp.app.inject({ method: "GET", url });
  if (response.statusCode !== 200)
    throw new Error(`${url} → ${response.statusCode} ${response.body}`);
  return response.json() as T;
}

async function signedInPage(email: string, tiles: "blank" | "fail" = "blank"): Promise<Page> {
  const context = await browser.newContext({ locale: "es-CL" });
  await context.addInitScript({ content: axe.source });
  await context.route(TILES, (route) =>
    tiles === "blank"
      ? route.fulfill({ status: 200, contentType: "image/png", body: BLANK_TILE })
      : route.abort("internetdisconnected"),
  );
  contexts.push(context);
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    const text = message.text();
    const tileFailure = tiles === "fail" && /ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(text);
    if (message.type() === "error" && !/status of (400|401|404|409)/.test(text) && !tileFailure)
      problems.push(`console: ${text}`);
  });
  await page.goto(`${baseUrl}/ingresar`);
  await page.getByLabel("Correo electrónico").fill(email);
  await page.getByLabel("Contraseña", { exact: false }).first().fill(PASSWORD);
  await page.getByRole("button", { name: "Ingresar", exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/ingresar"));
  return page;
}

const mapUrl = (query = "") => `${baseUrl}/m/${cut}/planes/${planId}/mapa${query}`;

/** Opens the map and waits until MapLibre has loaded its style and drawn its sources. */
async function openMap(page: Page, query = ""): Promise<void> {
  await page.goto(mapUrl(query));
  await page.getByRole("heading", { level: 1, name: "Mapa del plan" }).waitFor();
  await page.locator('[data-map-ready="true"]').waitFor({ state: "attached" });
  await waitForIdle(page);
}

/** Waits until the map has no pending tiles or sources (MapLibre's `idle`). */
async function waitForIdle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = window.__rumboMap;
        if (!map || map.loaded()) resolve();
        else map.once("idle", () => resolve());
      }),
  );
}

/** The page coordinates of a longitude/latitude on the map's canvas. */
async function pixelOf(page: Page, lngLat: [number, number]): Promise<{ x: number; y: number }> {
  const point = await page.evaluate((at) => {
    const map = window.__rumboMap;
    if (!map) throw new Error("no map");
    const p = map.project(at);
    return { x: p.x, y: p.y };
  }, lngLat);
  const box = await page.locator(".layered-map-canvas canvas").boundingBox();
  if (!box) throw new Error("the map's canvas is not visible");
  return { x: box.x + point.x, y: box.y + point.y };
}

/**
 * Clicks the map at a longitude/latitude: centres it there at a street-level zoom (so that the
 * demo's points nearby are apart), scrolls it into view, clicks.
 */
async function clickMap(page: Page, lngLat: [number, number]): Promise<void> {
  await page.evaluate((at) => {
    window.__rumboMap?.jumpTo({ center: at, zoom: 15 });
    document.querySelector(".layered-map")?.scrollIntoView({ block: "center" });
  }, lngLat);
  await waitForIdle(page);
  const { x, y } = await pixelOf(page, lngLat);
  await page.mouse.click(x, y);
}

/** The features of a layer's GeoJSON source, as MapLibre holds them. */
async function sourceFeatureCount(page: Page, layer: string): Promise<number> {
  return page.evaluate((id) => window.__rumboMap?.querySourceFeatures(id).length ?? -1, layer);
}

describe("the plan's map in Chromium", () => {
  beforeAll(async () => {
    if (!fs.existsSync(path.join(webDist, "index.html")))
      throw new Error(`The web app is not built: run \`npx vite build\` first.`);
    if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}`);
    testApp = await startTestApp("pglite", { webDist });
    baseUrl = await testApp.app.listen({ port: 0, host: "127.0.0.1" });
    cut = (
      (await apiGet<{ items: MunicipalityDto[] }>("/api/municipalities"))
        .items[0] as MunicipalityDto
    ).cutCode;
    planId = (
      (await apiGet<{ items: PlanSummary[] }>(`/api/municipalities/${cut}/plans`))
        .items[0] as PlanSummary
    ).id;
    const tree = await apiGet<{ items: TreeNode[] }>(
      `/api/municipalities/${cut}/plans/${planId}/tree`,
    );
    const leaves: TreeNode[] = [];
    const walk = (node: TreeNode) => {
      if (node.children.length === 0) leaves.push(node);
      node.children.forEach(walk);
    };
    tree.items.forEach(walk);
    if (!leaves[0] || !leaves[1]) throw new Error("the plan has fewer than two leaf items");
    item = leaves[0];
    other = leaves[1];
    await createUser(testApp.database.owner.db, {
      email: ADMIN,
      membership: { cut, role: "admin" },
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
    });
  }, 240_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await testApp?.close();
  });

  it("imports territories from a GeoJSON after a preview; a broken file is refused", async () => {
    const page = await signedInPage(ADMIN);
    await page.goto(`${baseUrl}/m/${cut}/territorios/importar`);
    await page.getByRole("heading", { level: 1, name: "Importar territorios" }).waitFor();

    // No file: the error is next to its field.
    await page.getByRole("button", { name: "Revisar el archivo" }).click();
    await page.locator("#file-error").waitFor();

    await page.getByLabel("Tipo de territorio").selectOption("sector");
    await page.locator("#file").setInputFiles({
      name: "roto.geojson",
      mimeType: "application/geo+json",
      buffer: Buffer.from('{"type": "FeatureCollection", "features": [ {"type": '),
    });
    await page.getByRole("button", { name: "Revisar el archivo" }).click();
    await page.locator("#file-error").waitFor();
    expect(await page.locator("table").count()).toBe(0);

    // A first look without the attributes: the preview lists the file's attributes.
    await page.locator("#file").setInputFiles({
      name: "sectores.geojson",
      mimeType: "application/geo+json",
      buffer: Buffer.from(territoriesFile),
    });
    await page.getByRole("button", { name: "Revisar el archivo" }).click();
    await page.getByText("Atributos del archivo: COD, NOMBRE.").waitFor();
    expect(await page.getByRole("button", { name: /^Importar \d/ }).isDisabled()).toBe(true);

    await page.locator("#codeField").fill("COD");
    await page.locator("#nameField").fill("NOMBRE");
    await page.getByRole("button", { name: "Revisar el archivo" }).click();
    await page.getByRole("heading", { name: /Vista previa/ }).waitFor();
    await page.getByRole("button", { name: "Importar 2 territorios" }).waitFor();
    const rows = page.locator("table tbody tr");
    expect(await rows.count()).toBe(2);
    await rows.filter({ hasText: "Sector Prueba Poniente" }).getByText("Se crea").waitFor();
    await expectAccessible(page, "importar-territorios");
    // The preview wrote nothing.
    const admin = client(testApp.app, await login(testApp.app, ADMIN));
    const listed = async () =>
      (await admin("GET", `/${cut}/territories`)).json<{ items: Array<{ code: string }> }>().items;
    expect((await listed()).some((t) => t.code === "PRUEBA-1")).toBe(false);

    await page.getByRole("button", { name: "Importar 2 territorios" }).click();
    await page.getByText("Se importaron 2 territorios.").waitFor();
    expect((await listed()).filter((t) => t.code.startsWith("PRUEBA-")).length).toBe(2);
    await screenshot(page, "mapa-importar-territorios");
    expect(problems).toEqual([]);
  });

  it("switches layers, with a legend for each visible layer and the gap table", async () => {
    const page = await signedInPage(ADMIN);
    await openMap(page);
    // The imported sectors are drawn, named and listed.
    expect(await sourceFeatureCount(page, "territories")).toBeGreaterThan(0);
    // Names show when the sector is drawn wide enough to hold them.
    await page.evaluate((at) => window.__rumboMap?.jumpTo({ center: at, zoom: 13 }), ITEM_AT);
    await page.locator(".layered-map-label", { hasText: "Sector Prueba Poniente" }).waitFor();
    const legend = page.locator(".map-legend");
    await legend.getByRole("heading", { name: "Problemas priorizados" }).waitFor();

    const problemsSwitch = page.getByRole("checkbox", { name: "Problemas priorizados" });
    await problemsSwitch.uncheck();
    await expect
      .poll(() => legend.getByRole("heading", { name: "Problemas priorizados" }).count())
      .toBe(0);
    const visibility = await page.evaluate(() =>
      window.__rumboMap?.getLayoutProperty("problems-circle", "visibility"),
    );
    expect(visibility).toBe("none");
    expect(new URL(page.url()).searchParams.get("capas")).toBe("territories,items");

    await page.getByRole("checkbox", { name: "Brecha" }).check();
    await page.getByRole("heading", { level: 2, name: "Brecha por territorio" }).waitFor();
    await legend.getByRole("heading", { name: "Brecha" }).waitFor();
    await page.getByRole("table").getByText("Sector Prueba Oriente").waitFor();
    const xlsx = page.getByRole("link", { name: "Brecha en Excel (.xlsx)" }).first();
    expect(await xlsx.getAttribute("href")).toBe(
      `/api/municipalities/${cut}/plans/${planId}/map/gap.xlsx`,
    );
    const geojson = page.getByRole("link", { name: "Territorios en GeoJSON" });
    expect(await geojson.getAttribute("href")).toBe(
      `/api/municipalities/${cut}/map/layers/territories.geojson`,
    );
    await waitForIdle(page);
    await screenshot(page, "mapa-capas");
    await expectAccessible(page, "mapa-capas");

    // From the dashboard, the map keeps its filters (the same URL parameters).
    await page.goto(`${baseUrl}/m/${cut}/planes/${planId}/tablero?estado=at_risk`);
    await page.locator(".member-nav").getByRole("link", { name: "Mapa", exact: true }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/mapa"));
    expect(new URL(page.url()).searchParams.get("estado")).toBe("at_risk");
    await expect.poll(() => page.locator("#mapa-filtro-status").inputValue()).toBe("at_risk");
    expect(problems).toEqual([]);
  });

  it("places an item by clicking the map; clicking its point opens a popup that links to it", async () => {
    const page = await signedInPage(ADMIN);
    await openMap(page, "?capas=territories,items");
    await page.getByLabel("Iniciativa", { exact: true }).selectOption(item.id);
    await page.getByRole("radio", { name: "Punto" }).check();
    await page.getByRole("button", { name: "Dibujar en el mapa" }).click();
    await page.getByText("Haga clic en el mapa donde está la iniciativa.").first().waitFor();
    await clickMap(page, ITEM_AT);
    await page.getByText("Puntos marcados: 1.").waitFor();
    await page.getByRole("button", { name: "Guardar la ubicación" }).click();
    await page.getByText(/Ubicación guardada/).waitFor();

    // The item is on the map now (the list below says so) and inside the western sector.
    const list = page.locator("section", {
      has: page.getByRole("heading", { name: "Iniciativas en el mapa" }),
    });
    await list
      .getByRole("link", { name: new RegExp(item.title.slice(0, 20)) })
      .first()
      .waitFor();
    await waitForIdle(page);

    await clickMap(page, ITEM_AT);
    const popup = page.getByRole("dialog", { name: "Detalle en el mapa" });
    await popup.waitFor();
    const link = popup.getByRole("link", { name: "Ver la iniciativa" });
    expect(await link.getAttribute("href")).toBe(`/m/${cut}/iniciativas/${item.id}`);
    await screenshot(page, "mapa-popup-iniciativa");
    await expectAccessible(page, "mapa-popup");
    await link.click();
    await page.waitForURL(`${baseUrl}/m/${cut}/iniciativas/${item.id}`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    expect(problems).toEqual([]);
  });

  it("draws an item as a polygon; it is assigned to the sector that contains it", async () => {
    const page = await signedInPage(ADMIN);
    await openMap(page, "?capas=territories,items");
    await page.getByLabel("Iniciativa", { exact: true }).selectOption(other.id);
    await page.getByRole("radio", { name: "Polígono" }).check();
    await page.getByRole("button", { name: "Dibujar en el mapa" }).click();
    const [x, y] = WEST;
    const corners: Array<[number, number]> = [
      [x + SIZE * 0.2, y + SIZE * 0.2],
      [x + SIZE * 0.4, y + SIZE * 0.2],
      [x + SIZE * 0.3, y + SIZE * 0.4],
    ];
    for (const corner of corners) await clickMap(page, corner);
    await page.getByText("Puntos marcados: 3.").waitFor();
    await page.getByRole("button", { name: "Guardar la ubicación" }).click();
    await page.getByText(/Ubicación guardada/).waitFor();
    const admin = client(testApp.app, await login(testApp.app, ADMIN));
    const detail = (await admin("GET", `/${cut}/items/${other.id}`)).json<{
      territories: Array<{ name: string }>;
    }>();
    const names = detail.territories.map((t) => t.name);
    expect(names).toContain("Sector Prueba Poniente");
    expect(names).not.toContain("Sector Prueba Oriente");
    expect(problems).toEqual([]);
  });

  it("adds a prioritised problem by clicking the map and changes its priority", async () => {
    const page = await signedInPage(ADMIN);
    await openMap(page, "?capas=territories,problems");
    await page.getByRole("button", { name: "Agregar un problema priorizado" }).click();
    await clickMap(page, PROBLEM_AT);
    const form = page.locator("form.map-form");
    await form.getByRole("heading", { name: "Nuevo problema priorizado" }).waitFor();
    // Without a title it is refused, next to the field.
    await form.getByRole("button", { name: "Agregar el problema" }).click();
    await form.getByText("Escriba el problema.").waitFor();
    await form.getByLabel(/^Problema/).fill("Falta de agua potable en el sector");
    await form.getByLabel("Prioridad").selectOption("3");
    await form.getByLabel("Categoría").fill("Agua");
    await form.getByRole("button", { name: "Agregar el problema" }).click();
    await page.getByText("Problema agregado.").waitFor();

    const list = page.locator("section", {
      has: page.getByRole("heading", { name: "Problemas priorizados", level: 2 }),
    });
    const entry = list.locator("li", { hasText: "Falta de agua potable en el sector" });
    await entry.getByText("Prioridad 3 (media)").waitFor();

    await entry.getByRole("button", { name: /^Editar/ }).click();
    const edit = page.locator("form.map-form");
    await edit.getByRole("heading", { name: "Editar el problema priorizado" }).waitFor();
    await edit.getByLabel("Prioridad").selectOption("1");
    await edit.getByRole("button", { name: "Guardar" }).click();
    await page.getByText("Problema guardado.").waitFor();
    await entry.getByText("Prioridad 1 (muy alta)").waitFor();

    // Clicking its point on the canvas opens its popup.
    await waitForIdle(page);
    await clickMap(page, PROBLEM_AT);
    const popup = page.getByRole("dialog", { name: "Detalle en el mapa" });
    await popup.getByRole("heading", { name: "Falta de agua potable en el sector" }).waitFor();
    // Its close button gives the focus back to the map canvas that opened it.
    await popup.getByRole("button", { name: "Cerrar el detalle" }).click();
    await expect.poll(() => popup.count()).toBe(0);
    await expect
      .poll(() =>
        page.evaluate(() => document.activeElement?.classList.contains("maplibregl-canvas")),
      )
      .toBe(true);
    expect(problems).toEqual([]);
  });

  it("imports a diagnosis variable and draws it with quantile or manual classes", async () => {
    const page = await signedInPage(ADMIN);
    await page.goto(`${baseUrl}/m/${cut}/diagnostico/importar`);
    await page
      .getByRole("heading", { level: 1, name: "Importar una variable de diagnóstico" })
      .waitFor();
    await page.locator("#variable").fill("hogares_prueba");
    await page.locator("#label").fill("Hogares (prueba)");
    await page.locator("#unit").fill("hogares");
    await page.locator("#year").fill("2024");
    // A code that matches no territory: the row is named and nothing can be imported.
    await page.locator("#file").setInputFiles({
      name: "hogares.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("codigo,hogares\nPRUEBA-1,120\nUV-99,80\n"),
    });
    await page.getByRole("button", { name: "Revisar el archivo" }).click();
    await page.getByRole("alert").getByText(/UV-99/).waitFor();
    expect(await page.getByRole("button", { name: /^Importar \d/ }).isDisabled()).toBe(true);

    await page.locator("#file").setInputFiles({
      name: "hogares.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("codigo,hogares\nPRUEBA-1,120\nPRUEBA-2,300\n"),
    });
    await page.getByRole("button", { name: "Revisar el archivo" }).click();
    await page.getByRole("heading", { name: /Vista previa/ }).waitFor();
    expect(await page.locator("table tbody tr").count()).toBe(2);
    await expectAccessible(page, "importar-diagnostico");
    await page.getByRole("button", { name: "Importar 2 valores" }).click();
    await page.getByText("Se importaron 2 valores.").waitFor();

    await openMap(page, "?capas=diagnosis&variable=hogares_prueba&metodo=quantile&clases=2");
    const legend = page.locator(".map-legend");
    await legend.getByRole("heading", { name: "Hogares (prueba) (hogares)" }).waitFor();
    // Two quantile classes of 120 and 300: the median and the maximum bound them.
    await legend.getByText("más de 210 hasta 300").waitFor();
    await legend.getByText("hasta 210", { exact: true }).waitFor();
    // Manual limits: a bad one is refused next to the field; a good one redraws the legend.
    await page.getByLabel("Clases", { exact: true }).selectOption("manual");
    const limits = page.getByLabel("Límites de las clases");
    await limits.fill("200; 100");
    await page.getByRole("button", { name: "Aplicar" }).click();
    await page
      .locator("#diagnostico-cortes-error")
      .getByText(/mayor que el anterior/)
      .waitFor();
    await limits.fill("150");
    await page.getByRole("button", { name: "Aplicar" }).click();
    await legend.getByText("hasta 150", { exact: true }).waitFor();
    await legend.getByText("más de 150 hasta 300").waitFor();
    expect(new URL(page.url()).searchParams.get("cortes")).toBe("150");
    await waitForIdle(page);
    // Clicking a sector shows its value.
    await clickMap(page, ITEM_AT);
    await page
      .getByRole("dialog", { name: "Detalle en el mapa" })
      .getByText("120 hogares")
      .waitFor();
    await screenshot(page, "mapa-diagnostico");
    await expectAccessible(page, "mapa-diagnostico");
    expect(problems).toEqual([]);
  });

  it("a popup opens from the keyboard, and the page works at 360 px", async () => {
    const page = await signedInPage(ADMIN);
    await openMap(page, "?capas=territories,items,problems");
    const show = page.getByRole("button", {
      name: "Ver en el mapa: Falta de agua potable en el sector",
    });
    await show.focus();
    await page.keyboard.press("Enter");
    const popup = page.getByRole("dialog", { name: "Detalle en el mapa" });
    await popup.waitFor();
    await expect
      .poll(() =>
        page.evaluate(() => document.activeElement?.classList.contains("layered-map-popup")),
      )
      .toBe(true);
    await page.keyboard.press("Escape");
    await expect.poll(() => popup.count()).toBe(0);
    // Closed, by Escape or by its button, the popup gives the focus back to what opened it.
    const showHasFocus = () =>
      show.evaluate((element) => element === element.ownerDocument.activeElement);
    await expect.poll(showHasFocus).toBe(true);
    await page.keyboard.press("Enter");
    await popup.waitFor();
    await popup.getByRole("button", { name: "Cerrar el detalle" }).press("Enter");
    await expect.poll(() => popup.count()).toBe(0);
    await expect.poll(showHasFocus).toBe(true);

    await page.setViewportSize({ width: 360, height: 780 });
    await waitForIdle(page);
    await expectNoHorizontalScroll(page, "mapa-360");
    await expectAccessible(page, "mapa-360");
    await screenshot(page, "mapa-360");
    expect(problems).toEqual([]);
  });

  it("shows the basemap's attribution, and says so when its tiles cannot be loaded", async () => {
    const online = await signedInPage(ADMIN);
    await openMap(online);
    await online.getByText("© OpenStreetMap contributors").waitFor();
    const offline = await signedInPage(ADMIN, "fail");
    await openMap(offline);
    await offline.getByText(/No se pudo cargar el mapa base/).waitFor();
    // The layers are still drawn on the plain background.
    expect(await sourceFeatureCount(offline, "territories")).toBeGreaterThan(0);
    await screenshot(offline, "mapa-sin-teselas");
  });
});
