/**
 * Editing the plan in a real browser (Debian's Chromium through playwright-core) against the API
 * on a fresh PGlite database: an administrator edits an item's title and sees it without
 * reloading, a stale edit shows the conflict and can be re-applied, an administrator adds a
 * child item, and a viewer sees no editing tools. axe-core runs on the editing forms, at 1280
 * and 360 px. Requires a built app in dist/web (`npx vite build`).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import axe from "axe-core";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MunicipalityDto } from "../../src/modules/municipalities/schemas";
import type { ItemDetail, PlanSummary, TreeNode } from "../../src/modules/plans/schemas";
import { startTestApp, type TestApp } from "../support/app";
import { expectAccessible } from "../support/browser";
import { client, createUser, login, PASSWORD } from "../support/users";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const webDist = path.join(repo, "dist/web");
const CHROMIUM = "/usr/bin/chromium";

const ADMIN = "ana.secpla@edicion.test";
const VIEWER = "victor.concejo@edicion.test";

let testApp: TestApp;
let baseUrl: string;
let browser: Browser;
let cut: string;
let planId: string;
/** An item with a parent and a level below it (so that a child can be added). */
let target: ItemDetail;
/** A unit responsible for some item (it cannot be deleted). */
let usedUnit: { id: string; name: string } | undefined;
const contexts: BrowserContext[] = [];
const problems: string[] = [];

async function apiGet<T>(url: string): Promise<T> {
  const response = await testApp.app.inject({ method: "GET", url });
  if (response.statusCode !== 200)
    throw new Error(`${url} → ${response.statusCode} ${response.body}`);
  return response.json() as T;
}

/** axe at 1280 px and at 360 px, with no horizontal scroll on the phone. */
async function checkBothWidths(page: Page, name: string): Promise<void> {
  await expectAccessible(page, name);
  await page.setViewportSize({ width: 360, height: 780 });
  await page.waitForTimeout(150);
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, `horizontal scroll on ${name} at 360 px`).toBeLessThanOrEqual(clientWidth);
  await expectAccessible(page, `${name}-360`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function signedInPage(email: string): Promise<Page> {
  const context = await browser.newContext({ locale: "es-CL" });
  await context.addInitScript({ content: axe.source });
  contexts.push(context);
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    const text = message.text();
    if (message.type() === "error" && !/status of (400|401|404|409)/.test(text))
      problems.push(`console (${email}): ${text}`);
  });
  await page.goto(`${baseUrl}/ingresar`);
  await page.getByLabel("Correo electrónico").fill(email);
  await page.getByLabel("Contraseña", { exact: false }).first().fill(PASSWORD);
  await page.getByRole("button", { name: "Ingresar", exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/ingresar"));
  return page;
}

const itemUrl = (id: string) => `${baseUrl}/m/${cut}/iniciativas/${id}`;

describe("editing the plan in Chromium", () => {
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
    const second = tree.items.find((root) => root.children.length > 0)?.children[0];
    if (!second) throw new Error("the plan has no item below its roots");
    target = await apiGet<ItemDetail>(`/api/municipalities/${cut}/items/${second.id}`);
    const withUnit: TreeNode[] = [];
    const walk = (node: TreeNode) => {
      if (node.unitIds.length > 0) withUnit.push(node);
      node.children.forEach(walk);
    };
    tree.items.forEach(walk);
    const owner = testApp.database.owner.db;
    await createUser(owner, { email: ADMIN, membership: { cut, role: "admin" } });
    await createUser(owner, { email: VIEWER, membership: { cut, role: "viewer" } });
    const unitId = withUnit[0]?.unitIds[0];
    if (unitId) {
      const admin = client(testApp.app, await login(testApp.app, ADMIN));
      const units = (await admin("GET", `/${cut}/units`)).json<{
        items: Array<{ id: string; name: string }>;
      }>();
      usedUnit = units.items.find((u) => u.id === unitId);
      if (!usedUnit) throw new Error("the unit of an item is not in the list of units");
    }
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

  it("an administrator edits an item's title and sees it updated", async () => {
    const page = await signedInPage(ADMIN);
    await page.goto(itemUrl(target.id));
    await page.getByRole("heading", { level: 1, name: target.title }).waitFor();
    await page.getByRole("button", { name: "Editar", exact: true }).click();
    const form = page.locator("form.edit-form");
    await form.waitFor();
    await checkBothWidths(page, "editar-iniciativa");
    // A title left empty is refused, with the message next to the field.
    await form.getByLabel(/^Título/).fill("   ");
    await form.getByRole("button", { name: "Guardar cambios" }).click();
    await form.locator("#edit-title-error").waitFor();
    const title = `${target.title} (revisado)`;
    await form.getByLabel(/^Título/).fill(title);
    await form.getByRole("button", { name: "Guardar cambios" }).click();
    await page.getByRole("heading", { level: 1, name: title }).waitFor();
    await page.getByText("Se guardaron los cambios.").waitFor();
    const now = await apiGet<ItemDetail>(`/api/municipalities/${cut}/items/${target.id}`);
    expect(now.title).toBe(title);
    target = now;
    expect(problems).toEqual([]);
  });

  it("a stale edit shows the conflict and the changes can be re-applied", async () => {
    const page = await signedInPage(ADMIN);
    await page.goto(itemUrl(target.id));
    await page.getByRole("heading", { level: 1, name: target.title }).waitFor();
    await page.getByRole("button", { name: "Editar", exact: true }).click();
    const form = page.locator("form.edit-form");
    await form.getByLabel("Plazo (texto)").fill("2025–2027");

    // Someone else changes the item meanwhile.
    const other = client(testApp.app, await login(testApp.app, ADMIN));
    const response = await other("PATCH", `/${cut}/items/${target.id}`, {
      version: target.version,
      status: "in_progress",
    });
    expect(response.statusCode).toBe(200);

    await form.getByRole("button", { name: "Guardar cambios" }).click();
    await form.getByText("Otra persona cambió esta iniciativa").waitFor();
    await form.getByRole("alert").getByText("En ejecución").waitFor();
    await expectAccessible(page, "conflicto");
    await form.getByRole("button", { name: /Aplicar mis cambios/ }).click();
    await page.getByText("Se guardaron los cambios.").waitFor();
    const now = await apiGet<ItemDetail>(`/api/municipalities/${cut}/items/${target.id}`);
    expect(now.status).toBe("in_progress");
    expect(now.deadlineText).toBe("2025–2027");
    target = now;
  });

  it("an administrator adds a child item", async () => {
    const page = await signedInPage(ADMIN);
    await page.goto(itemUrl(target.id));
    await page.getByRole("heading", { level: 1, name: target.title }).waitFor();
    await page.getByRole("button", { name: "Agregar iniciativa hija" }).click();
    const form = page.locator("form.edit-form");
    await form.waitFor();
    await checkBothWidths(page, "agregar-hija");
    const title = "Mesa comunal de seguimiento (nueva)";
    await form.getByLabel(/^Título/).fill(title);
    await form.getByRole("button", { name: "Agregar", exact: true }).click();
    await page.getByText(`Se agregó «${title}».`).waitFor();
    // The children list shows it without reloading.
    await page.locator(".child-list").getByText(title).waitFor();
    const now = await apiGet<ItemDetail>(`/api/municipalities/${cut}/items/${target.id}`);
    expect(now.children.map((c) => c.title)).toContain(title);

    // Deleting asks for confirmation (the new child has no descendants).
    const child = now.children.find((c) => c.title === title) as ItemDetail["children"][number];
    await page.goto(itemUrl(child.id));
    await page.getByRole("button", { name: "Eliminar", exact: true }).click();
    await page.getByText(`¿Eliminar la iniciativa ${child.code}?`, { exact: false }).waitFor();
    await expectAccessible(page, "eliminar");
    // Moving refuses the item itself as its own parent: it is not among the options.
    await page.getByRole("button", { name: "Mover", exact: true }).click();
    const parent = page.getByLabel("Nueva iniciativa madre", { exact: true });
    await parent.waitFor();
    await parent.locator("option").first().waitFor({ state: "attached" });
    expect(await parent.locator(`option[value="${child.id}"]`).count()).toBe(0);
    expect(await parent.locator(`option[value="${target.id}"]`).count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it("an administrator adds an indicator, with the formula checked while typing", async () => {
    const page = await signedInPage(ADMIN);
    await page.goto(itemUrl(target.id));
    await page.getByRole("heading", { level: 1, name: target.title }).waitFor();
    await page.getByRole("button", { name: "Agregar indicador" }).click();
    const form = page.locator("form.edit-form");
    await form.getByLabel(/^Nombre/).fill("Cobertura de la mesa comunal");
    await form.getByLabel("Tipo").selectOption("formula");
    await form.getByLabel(/^Fórmula/).fill("(asistentes / convocados");
    await form.getByText(/posición \d+/).waitFor();
    await expectAccessible(page, "indicador-formula");
    await form.getByLabel(/^Fórmula/).fill("asistentes / convocados * 100");
    expect(await form.getByText(/posición \d+/).count()).toBe(0);
    await form.getByLabel("Unidad de medida").fill("%");
    await form.getByLabel("Meta (valor)").fill("80");
    await form.getByRole("button", { name: "Agregar indicador" }).click();
    await page.getByText("Se agregó el indicador.").waitFor();
    await page.getByRole("heading", { level: 3, name: "Cobertura de la mesa comunal" }).waitFor();
    const now = await apiGet<ItemDetail>(`/api/municipalities/${cut}/items/${target.id}`);
    const added = now.indicators.find((i) => i.name === "Cobertura de la mesa comunal");
    expect(added?.formula).toBe("asistentes / convocados * 100");
    expect(added?.targetValue).toBe(80);
    target = now;
    expect(problems).toEqual([]);
  });

  it("an administrator renames a level and manages units", async () => {
    const page = await signedInPage(ADMIN);
    await page.goto(`${baseUrl}/m/${cut}/planes/${planId}`);
    await page.getByRole("heading", { name: "Administración del plan" }).waitFor();
    const levels = page.locator("form", {
      has: page.getByRole("heading", { name: "Nombres de los niveles" }),
    });
    const firstName = levels.getByLabel(/^Nombre/).first();
    await firstName.fill("Eje estratégico");
    await levels.getByRole("button", { name: "Guardar niveles" }).click();
    await levels.getByText("Se guardaron los cambios.").waitFor();
    await checkBothWidths(page, "administracion-plan");

    await page.goto(`${baseUrl}/m/${cut}/unidades`);
    await page.getByRole("heading", { level: 1, name: "Unidades municipales" }).waitFor();
    await page
      .getByLabel(/^Nombre/)
      .last()
      .fill("Oficina de prueba");
    await page.getByRole("button", { name: "Crear unidad" }).click();
    await page.getByText("Se creó la unidad «Oficina de prueba».").waitFor();
    await checkBothWidths(page, "unidades");
    await page.getByRole("button", { name: "Eliminar «Oficina de prueba»" }).click();
    await page.getByRole("button", { name: "Sí, eliminar" }).click();
    await page.getByText("Se eliminó la unidad «Oficina de prueba».").waitFor();

    // A unit responsible for items is not deleted: the reasons are shown.
    if (usedUnit) {
      await page.getByRole("button", { name: `Eliminar «${usedUnit.name}»`, exact: true }).click();
      await page.getByRole("button", { name: "Sí, eliminar" }).click();
      await page.getByText(/No se puede eliminar la unidad/).waitFor();
    }
    expect(problems).toEqual([]);
  });

  it("a viewer sees no editing tools", async () => {
    const page = await signedInPage(VIEWER);
    await page.goto(itemUrl(target.id));
    await page.getByRole("heading", { level: 1, name: target.title }).waitFor();
    await page.getByRole("heading", { name: "Ficha" }).waitFor();
    expect(await page.getByRole("button", { name: "Editar", exact: true }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Agregar iniciativa hija" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Eliminar", exact: true }).count()).toBe(0);
    expect(await page.locator("#edicion").count()).toBe(0);
    expect(await page.getByRole("button", { name: "Agregar indicador" }).count()).toBe(0);
    await page.goto(`${baseUrl}/m/${cut}/unidades`);
    await page.getByText("Solo los administradores").waitFor();
  });
});
