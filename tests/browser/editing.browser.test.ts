/**
 * Editing the plan in a real browser (Debian's Chromium through playwright-core) against the API
 * on a fresh PGlite database: an administrator edits an item's title and sees it without
 * reloading, a stale edit shows the conflict and can be re-applied, an administrator adds a
 * child item, and a viewer sees no editing tools. axe-core runs on the editing forms, at 1280
 * and 360 px. Requires a built app in dist/web (`npx vite build`).
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MunicipalityDto } from "../../src/modules/municipalities/schemas";
import type { ItemDetail, PlanSummary, TreeNode } from "../../src/modules/plans/schemas";
import type { TestApp } from "../support/app";
import {
  closeWebRun,
  expectAccessible,
  expectNoHorizontalScroll,
  launchChromium,
  pageInNewContext,
  signInPage,
  startWebApp,
  watchPage,
} from "../support/browser";
import { client, createUser, login, PASSWORD } from "../support/users";

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
  await expectNoHorizontalScroll(page, `${name} at 360 px`);
  await expectAccessible(page, `${name}-360`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function signedInPage(email: string): Promise<Page> {
  const page = await pageInNewContext(browser, contexts);
  watchPage(page, problems, /status of (400|401|404|409)/, email);
  await signInPage(page, baseUrl, email, PASSWORD);
  return page;
}

const itemUrl = (id: string) => `${baseUrl}/m/${cut}/iniciativas/${id}`;

describe("editing the plan in Chromium", () => {
  beforeAll(async () => {
    ({ testApp, baseUrl } = await startWebApp());
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
    browser = await launchChromium();
  }, 240_000);

  afterAll(() => closeWebRun(contexts, browser, testApp));

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
    await form.getByLabel("Tipo", { exact: true }).selectOption("formula");
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

  it("an administrator edits an item's units, territories, funding and SDGs", async () => {
    const plan = await apiGet<{ startYear: number }>(`/api/municipalities/${cut}/plans/${planId}`);
    const page = await signedInPage(ADMIN);
    await page.goto(itemUrl(target.id));
    await page.getByRole("heading", { level: 1, name: target.title }).waitFor();
    await page.getByRole("button", { name: "Editar", exact: true }).click();
    const form = page.locator("form.edit-form");
    await form.waitFor();

    const addFrom = async (label: string, id: string) => {
      const select = form.getByLabel(label, { exact: true });
      await select.locator("option").nth(1).waitFor({ state: "attached" });
      const value = (await select.locator("option").nth(1).getAttribute("value")) ?? "";
      await select.selectOption(value);
      await form.locator(`#${id} + button`).click();
      return value;
    };
    const unitId = await addFrom("Agregar unidad", "links-unit-add");
    const territoryId = await addFrom("Agregar territorio", "links-territory-add");

    const f = target.funding.length;
    await form.getByRole("button", { name: "Agregar fuente de financiamiento" }).click();
    await form.locator(`#links-funding-${f}-source`).selectOption("fndr");
    await form.locator(`#links-funding-${f}-year`).fill("2099");
    await form.locator(`#links-funding-${f}-amount`).fill("45.773.072");
    await form.getByText("$ 45.773.072").waitFor();
    await form.getByLabel("Financiamiento (según el documento)").fill("FNDR (revisado)");

    const s = target.sdgs.length;
    await form.getByRole("button", { name: "Agregar ODS" }).click();
    await form.locator(`#links-sdg-${s}-goal`).selectOption("11");
    await form
      .locator(`#links-sdg-${s}-target option[value="11.7"]`)
      .waitFor({ state: "attached" });
    await form.locator(`#links-sdg-${s}-target`).selectOption("11.7");
    await checkBothWidths(page, "editar-vinculos");

    // The server refuses a year outside the plan: its message sits under that field.
    await form.getByRole("button", { name: "Guardar cambios" }).click();
    const yearError = form.locator(`#links-funding-${f}-year-error`);
    await yearError.waitFor();
    expect(await yearError.textContent()).toContain("fuera del período del plan");
    await form.locator(`#links-funding-${f}-year`).fill(String(plan.startYear + 1));
    await form.getByRole("button", { name: "Guardar cambios" }).click();
    await page.getByText("Se guardaron los cambios.").waitFor();

    const now = await apiGet<ItemDetail>(`/api/municipalities/${cut}/items/${target.id}`);
    expect(now.responsibleUnits.map((u) => u.id)).toContain(unitId);
    expect(now.territories.map((x) => x.id)).toContain(territoryId);
    expect(now.funding.at(-1)).toMatchObject({
      sourceCode: "fndr",
      year: plan.startYear + 1,
      amount: 45_773_072,
    });
    expect(now.fundingText).toBe("FNDR (revisado)");
    expect(now.sdgs.map((x) => x.targetCode)).toContain("11.7");
    // The sheet shows the new funding without reloading.
    await page.getByText("$ 45.773.072").first().waitFor();
    target = now;
    expect(problems).toEqual([]);
  });

  it("an administrator defines an indicator's monitoring; a target against its direction is refused next to the field", async () => {
    const indicator = target.indicators.find((i) => i.name === "Cobertura de la mesa comunal");
    if (!indicator) throw new Error("the indicator added before is missing");
    const page = await signedInPage(ADMIN);
    await page.goto(itemUrl(target.id));
    await page.getByRole("heading", { level: 1, name: target.title }).waitFor();
    await page.getByRole("button", { name: `Editar indicador «${indicator.name}»` }).click();
    const form = page.locator("form.edit-form");
    await form.waitFor();
    await form.getByLabel("Nombre visible de «asistentes»").fill("Personas asistentes");
    await form.getByLabel("Nombre visible de «convocados»").fill("Personas convocadas");
    await form.getByLabel("Tipo de valor").selectOption("percentage");
    await form.getByLabel("El indicador debe").selectOption("decrease");
    await form.getByLabel("Línea base (valor)").fill("50");
    await form.getByLabel("Fecha de la línea base").fill("2024-12-31");
    await form.getByLabel("Periodicidad del reporte").selectOption("semester");
    await form.getByLabel(/^Días de gracia/).fill("15");
    await form.getByRole("button", { name: "Agregar meta de un período" }).click();
    const prefix = `ind-${indicator.id.slice(0, 8)}`;
    await form.locator(`#${prefix}-t0-year`).fill("2026");
    await form.locator(`#${prefix}-t0-part`).selectOption("S2");
    await form.locator(`#${prefix}-t0-value`).fill("65");
    await form.getByLabel("Categoría").selectOption("program_goal");
    await form.getByLabel("Tipo de meta de programa").selectOption("coverage");
    await form.getByLabel("Fuente de los datos").fill("Registro de la mesa comunal");
    await form.getByLabel(/^Medios de verificación/).fill("Listas de asistencia");
    await checkBothWidths(page, "indicador-definicion");

    // Final target 80 and a period target of 65 above a baseline of 50, for an indicator that
    // must decrease: the server's message sits under each of those fields.
    await form.getByRole("button", { name: "Guardar cambios" }).click();
    const finalError = form.locator(`#${prefix}-target-value-error`);
    await finalError.waitFor();
    expect(await finalError.textContent()).toContain("disminuir");
    expect(await form.locator(`#${prefix}-t0-value-error`).textContent()).toContain("2026-S2");
    await expectAccessible(page, "indicador-meta-contradice");

    await form.getByLabel("El indicador debe").selectOption("increase");
    await form.getByRole("button", { name: "Guardar cambios" }).click();
    await page.getByText("Se guardó el indicador.").waitFor();
    const now = await apiGet<ItemDetail>(`/api/municipalities/${cut}/items/${target.id}`);
    const saved = now.indicators.find((i) => i.id === indicator.id);
    expect(saved).toMatchObject({
      direction: "increase",
      valueType: "percentage",
      baselineValue: 50,
      baselineDate: "2024-12-31",
      targetValue: 80,
      targets: [{ period: "2026-S2", value: 65 }],
      periodicity: "semester",
      graceDays: 15,
      category: "program_goal",
      programGoalType: "coverage",
      dataSource: "Registro de la mesa comunal",
      verificationMeans: "Listas de asistencia",
      variables: [
        { name: "asistentes", label: "Personas asistentes" },
        { name: "convocados", label: "Personas convocadas" },
      ],
    });
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

  it("an administrator moves a unit; a move that would make a cycle is refused next to the field", async () => {
    const admin = client(testApp.app, await login(testApp.app, ADMIN));
    const make = async (name: string) => {
      const response = await admin("POST", `/${cut}/units`, { name, parentId: null });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<{ id: string; version: number }>();
    };
    const a = await make("Dirección A de prueba");
    const b = await make("Oficina B de prueba");
    const c = await make("Sección C de prueba");
    const page = await signedInPage(ADMIN);
    await page.goto(`${baseUrl}/m/${cut}/unidades`);
    await page.getByRole("heading", { level: 1, name: "Unidades municipales" }).waitFor();

    await page.getByRole("button", { name: "Mover «Oficina B de prueba»" }).click();
    await page
      .getByLabel("Nueva unidad de la que depende «Oficina B de prueba»")
      .selectOption(a.id);
    await page.getByRole("button", { name: "Mover", exact: true }).click();
    await page
      .getByText("«Oficina B de prueba» ahora depende de «Dirección A de prueba».")
      .waitFor();
    const units = async () =>
      (await admin("GET", `/${cut}/units`)).json<{
        items: Array<{ id: string; parentId: string | null }>;
      }>();
    expect((await units()).items.find((u) => u.id === b.id)?.parentId).toBe(a.id);

    // A unit's own subunits are not offered as its new parent.
    await page.getByRole("button", { name: "Mover «Dirección A de prueba»" }).click();
    const parent = page.getByLabel("Nueva unidad de la que depende «Dirección A de prueba»");
    await parent.locator(`option[value="${c.id}"]`).waitFor({ state: "attached" });
    expect(await parent.locator(`option[value="${b.id}"]`).count()).toBe(0);
    // Someone else puts C under B meanwhile: choosing C now would make a cycle.
    const moved = await admin("POST", `/${cut}/units/${c.id}/move`, {
      version: c.version,
      parentId: b.id,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    await parent.selectOption(c.id);
    await page.getByRole("button", { name: "Mover", exact: true }).click();
    const error = page.locator("[id$='-padre-error']");
    await error.waitFor();
    expect(await error.textContent()).toBe(
      "Una unidad no puede quedar dentro de sí misma ni de sus subunidades.",
    );
    await checkBothWidths(page, "unidades-mover");
    expect((await units()).items.find((u) => u.id === a.id)?.parentId).toBeNull();
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
