/**
 * The "Cuadro de mando" in a real browser (Debian's Chromium through playwright-core) against
 * the API on a fresh PGlite database with the Vallenar demo and its simulated history:
 * an officer (editor of a unit) reports a period with evidence (a PNG made here) from the item
 * page, a validator approves it in the queue, and the dashboard's figures for that item and its
 * axis change; an administrator acknowledges an alert; a viewer cannot report. Screenshots of
 * every main page at 1280 and 360 px go to artifacts/screenshots/, and axe-core runs on each.
 * Requires a built app in dist/web (`npx vite build`).
 */
import { deflateSync } from "node:zlib";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MunicipalityDto } from "../../src/modules/municipalities/schemas";
import type { ItemDetail, PlanSummary, TreeNode } from "../../src/modules/plans/schemas";
import type { TestApp } from "../support/app";
import {
  closeWebRun,
  expectAccessible,
  launchChromium,
  pageInNewContext,
  screenshot,
  signInPage,
  startWebApp,
  watchPage,
} from "../support/browser";
import { client, createUser, login, PASSWORD } from "../support/users";

const EDITOR = "olga.oficina@vallenar.test";
const VALIDATOR = "valeria.valida@vallenar.test";
const ADMIN = "andres.secpla@vallenar.test";
const VIEWER = "vicente.concejo@vallenar.test";

interface Figures {
  groups: Array<{ dimension: string; key: string; status: string; progress: number | null }>;
  items: Array<{ itemId: string; status: string; progress: number | null }>;
}
interface IndicatorFigure {
  status: string;
  progress: number | null;
  latestPeriod: string | null;
  validatedCount: number;
}
interface Measurement {
  id: string;
  period: string;
  status: string;
}

let testApp: TestApp;
let baseUrl: string;
let browser: Browser;
let cut: string;
let planId: string;
let target: {
  item: ItemDetail;
  indicator: ItemDetail["indicators"][number];
  axisId: string;
  period: string;
  unitId: string;
};
const contexts: BrowserContext[] = [];
const problems: string[] = [];

async function apiGet<T>(url: string): Promise<T> {
  const response = await testApp.app.inject({ method: "GET", url });
  if (response.statusCode !== 200)
    throw new Error(`${url} → ${response.statusCode} ${response.body}`);
  return response.json() as T;
}

/** A valid 8×8 PNG (solid blue), made here so the test needs no file on disk. */
function tinyPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buffer: Buffer) => {
    let c = 0xffffffff;
    for (const byte of buffer) c = (crcTable[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(8, 0);
  header.writeUInt32BE(8, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const row = Buffer.concat([
    Buffer.from([0]),
    Buffer.alloc(24, 0).map((_, i) => (i % 3 === 2 ? 200 : 40)),
  ]);
  const raw = Buffer.concat(Array.from({ length: 8 }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function nextPeriod(key: string): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(key);
  if (quarter) {
    const year = Number(quarter[1]);
    const q = Number(quarter[2]);
    return q === 4 ? `${year + 1}-Q1` : `${year}-Q${q + 1}`;
  }
  return String(Number(key.slice(0, 4)) + 1);
}

/** A "value" indicator behind its expected path, on an item with a responsible unit. */
async function chooseTarget(): Promise<typeof target> {
  const tree = await apiGet<{ items: TreeNode[] }>(
    `/api/municipalities/${cut}/plans/${planId}/tree`,
  );
  const candidates: Array<{ id: string; axisId: string }> = [];
  const walk = (node: TreeNode, axisId: string) => {
    if (node.indicatorCount > 0) candidates.push({ id: node.id, axisId });
    for (const child of node.children) walk(child, axisId);
  };
  for (const root of tree.items) walk(root, root.id);
  for (const candidate of candidates) {
    const item = await apiGet<ItemDetail>(`/api/municipalities/${cut}/items/${candidate.id}`);
    const unit = item.responsibleUnits[0];
    if (!unit) continue;
    for (const indicator of item.indicators) {
      if (indicator.kind !== "value" || indicator.targetValue === null) continue;
      const figure = await apiGet<IndicatorFigure>(
        `/api/municipalities/${cut}/indicators/${indicator.id}/figure`,
      ).catch(() => null);
      if (!figure || (figure.status !== "off_track" && figure.status !== "at_risk")) continue;
      const { items } = await apiGet<{ items: Measurement[] }>(
        `/api/municipalities/${cut}/indicators/${indicator.id}/measurements`,
      );
      const last = items[items.length - 1];
      if (!last || items.some((m) => m.status === "submitted")) continue;
      const period = nextPeriod(last.period);
      if (Number(period.slice(0, 4)) > 2029) continue;
      return { item, indicator, axisId: candidate.axisId, period, unitId: unit.id };
    }
  }
  throw new Error("no value indicator behind its path on an item with a unit");
}

/** Screenshot at 1280 px, then at 360 px (with no horizontal scroll), axe on both. */
async function capture(page: Page, name: string): Promise<void> {
  await expectAccessible(page, name);
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize({ width: 360, height: 780 });
  await page.waitForTimeout(150);
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  if (scrollWidth > clientWidth)
    console.error(
      `wide elements on ${name}:`,
      await page.evaluate(() =>
        [...document.querySelectorAll("body *")]
          .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
          .slice(-8)
          .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().width)}`),
      ),
    );
  expect(scrollWidth, `horizontal scroll on ${name} at 360 px`).toBeLessThanOrEqual(clientWidth);
  await expectAccessible(page, `${name}-360`);
  await screenshot(page, `${name}-360`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function signedInPage(email: string): Promise<Page> {
  const page = await pageInNewContext(browser, contexts);
  watchPage(page, problems, /status of (401|404)/, email);
  await signInPage(page, baseUrl, email, PASSWORD);
  return page;
}

const dashboardUrl = () => `${baseUrl}/m/${cut}/planes/${planId}/tablero`;

async function axisStatus(page: Page): Promise<{ status: string; text: string }> {
  const card = page.locator(`[data-axis="${target.axisId}"]`);
  await card.waitFor();
  const className = (await card.getAttribute("class")) ?? "";
  return {
    status: /axis-status-(\w+)/.exec(className.replace("axis-status ", ""))?.[1] ?? "",
    text: (await card.locator(".axis-status-line").textContent()) ?? "",
  };
}

describe("cuadro de mando in Chromium (Vallenar demo)", () => {
  beforeAll(async () => {
    ({ testApp, baseUrl } = await startWebApp());
    const municipality = (await apiGet<{ items: MunicipalityDto[] }>("/api/municipalities"))
      .items[0] as MunicipalityDto;
    cut = municipality.cutCode;
    planId = (
      (await apiGet<{ items: PlanSummary[] }>(`/api/municipalities/${cut}/plans`))
        .items[0] as PlanSummary
    ).id;
    target = await chooseTarget();
    const owner = testApp.database.owner.db;
    await createUser(owner, {
      email: EDITOR,
      membership: { cut, role: "editor", unitIds: [target.unitId] },
    });
    await createUser(owner, { email: VALIDATOR, membership: { cut, role: "validator" } });
    await createUser(owner, { email: ADMIN, membership: { cut, role: "admin" } });
    await createUser(owner, { email: VIEWER, membership: { cut, role: "viewer" } });
    browser = await launchChromium();
  }, 240_000);

  afterAll(() => closeWebRun(contexts, browser, testApp));

  it("an officer reports with evidence, a validator approves, and the dashboard follows", async () => {
    const { item, indicator, period } = target;
    const figureUrl = `/api/municipalities/${cut}/indicators/${indicator.id}/figure`;
    const before = await apiGet<IndicatorFigure>(figureUrl);
    const planBefore = await apiGet<Figures>(`/api/municipalities/${cut}/plans/${planId}/figures`);
    const axisBefore = planBefore.groups.find(
      (g) => g.dimension === "axis" && g.key === target.axisId,
    );

    // The officer's dashboard: the axis as it is now, "Mis iniciativas" lists the item.
    const officer = await signedInPage(EDITOR);
    await officer.goto(dashboardUrl());
    await officer.getByRole("heading", { level: 1, name: "Cuadro de mando" }).waitFor();
    await officer.getByText("Datos simulados para demostración").first().waitFor();
    const axisShownBefore = await axisStatus(officer);
    expect(axisShownBefore.status).toBe(axisBefore?.status);
    await officer
      .locator("section[aria-labelledby=mias]")
      .getByRole("link", { name: new RegExp(item.code.replace(/\./g, "\\.")) })
      .first()
      .waitFor();
    await capture(officer, "tablero-editor");

    // Item page: the indicator's status, chart and the report form.
    await officer.goto(`${baseUrl}/m/${cut}/iniciativas/${item.id}`);
    const monitor = officer.locator(`[data-indicator="${indicator.id}"]`);
    await monitor.locator("svg[role=img]").waitFor();
    expect(await monitor.locator("svg[role=img]").getAttribute("aria-label")).toContain(
      indicator.name,
    );
    await monitor.getByRole("button", { name: "Ver los datos en tabla" }).click();
    await monitor.locator("table").waitFor();
    await monitor.getByRole("button", { name: "Reportar avance de este indicador" }).click();
    const form = monitor.locator("form.report-form");
    await form.waitFor();
    await form.getByRole("textbox", { name: /^Período/ }).fill(period);
    // An invalid number shows its error next to the field.
    await form.getByLabel(/Valor del período/).fill("mucho");
    await form.getByRole("button", { name: "Enviar a validación" }).click();
    await form.getByText("Escriba un número").waitFor();
    await form
      .getByLabel(/Valor del período/)
      .fill(String(indicator.targetValue).replace(".", ","));
    await form.getByText(/Valor calculado/).waitFor();
    await form.getByLabel("Comentario").fill("Dato del informe trimestral de la unidad.");
    await form.getByLabel("Medio de verificación").setInputFiles({
      name: "acta-taller.png",
      mimeType: "image/png",
      buffer: tinyPng(),
    });
    await capture(officer, "iniciativa-reporte");
    await form.getByRole("button", { name: "Enviar a validación" }).click();
    await form.getByText(`Se envió ${period} a validación.`).waitFor({ timeout: 20_000 });
    // Visible without reloading: the form now shows the period as sent.
    await form
      .getByText(/Enviada a validación/)
      .first()
      .waitFor();

    const editorApi = client(testApp.app, await login(testApp.app, EDITOR));
    const { items } = (
      await editorApi("GET", `/${cut}/indicators/${indicator.id}/measurements`)
    ).json() as { items: Measurement[] };
    const reported = items.find((m) => m.period === period);
    expect(reported?.status).toBe("submitted");

    // The validator's queue: the report with its evidence; approve it.
    const validator = await signedInPage(VALIDATOR);
    await validator.goto(`${baseUrl}/m/${cut}/validar`);
    await validator.getByRole("heading", { level: 1, name: "Cola de validación" }).waitFor();
    const entry = validator.locator(`[data-measurement="${reported?.id}"]`);
    await entry.waitFor({ timeout: 30_000 });
    await entry.getByRole("link", { name: /acta-taller\.png/ }).waitFor();
    // Rejecting needs a reason.
    await entry.getByRole("button", { name: "Rechazar" }).click();
    await entry.getByRole("button", { name: "Confirmar el rechazo" }).click();
    await entry.getByText("Escriba el motivo del rechazo.").waitFor();
    await capture(validator, "validar");
    await entry.getByRole("button", { name: "Cancelar" }).click();
    await entry.getByRole("button", { name: "Aprobar" }).click();
    await validator.getByText(`Se validó la medición de ${period}.`).waitFor();

    const after = await apiGet<IndicatorFigure>(figureUrl);
    expect(after.validatedCount).toBe(before.validatedCount + 1);
    expect(after.latestPeriod).toBe(period);
    expect(after.status).not.toBe(before.status);
    const planAfter = await apiGet<Figures>(`/api/municipalities/${cut}/plans/${planId}/figures`);
    const axisAfter = planAfter.groups.find(
      (g) => g.dimension === "axis" && g.key === target.axisId,
    );
    expect(axisAfter?.progress).not.toBe(axisBefore?.progress);

    // The officer's dashboard shows the new figures for the axis and the item.
    await officer.goto(dashboardUrl());
    const axisShownAfter = await axisStatus(officer);
    expect(axisShownAfter.status).toBe(axisAfter?.status);
    expect(axisShownAfter.text).not.toBe(axisShownBefore.text);
    const itemAfter = planAfter.items.find((i) => i.itemId === item.id);
    await officer.goto(`${baseUrl}/m/${cut}/iniciativas/${item.id}`);
    const labels: Record<string, string> = {
      done: "Cumplido",
      on_track: "En curso",
      at_risk: "En riesgo",
      off_track: "Atrasado",
      no_data: "Sin datos",
    };
    await monitor
      .locator(".indicator-status")
      .getByText(labels[after.status] ?? "")
      .waitFor();
    expect(itemAfter).toBeDefined();
  });

  it("reports with the keyboard on the grid", async () => {
    const officer = await signedInPage(EDITOR);
    const gridPeriod = nextPeriod(nextPeriod(target.period));
    await officer.goto(`${baseUrl}/m/${cut}/reportar?periodo=${gridPeriod}`);
    await officer.getByRole("heading", { level: 1, name: "Reportar avance por período" }).waitFor();
    const first = officer.locator('[data-row="0"][data-col="0"]');
    await first.waitFor({ timeout: 30_000 });
    await first.focus();
    await first.fill("12");
    await officer.keyboard.press("Enter");
    const focused = await officer.evaluate(() => document.activeElement?.getAttribute("data-row"));
    const rows = await officer
      .locator("[data-row]")
      .evaluateAll((els) => new Set(els.map((e) => e.getAttribute("data-row"))).size);
    expect(focused).toBe(rows > 1 ? "1" : "0");
    await first.focus();
    await first.fill("doce");
    await officer.getByRole("button", { name: "Guardar borradores" }).click();
    await officer.getByText("Escriba un número").first().waitFor();
    expect(await first.getAttribute("aria-invalid")).toBe("true");
    await capture(officer, "reportar-grilla");
  });

  it("an administrator sees the alerts and acknowledges one", async () => {
    const admin = await signedInPage(ADMIN);
    await admin.goto(dashboardUrl());
    const alerts = admin.locator("section[aria-labelledby=alertas]");
    const firstAlert = alerts.locator(".alert-entry").first();
    await firstAlert.waitFor({ timeout: 30_000 });
    await admin.locator("section[aria-labelledby=atrasados] li").first().waitFor();
    await capture(admin, "tablero-admin");
    const message = (await firstAlert.locator(".alert-message").textContent()) ?? "";
    await firstAlert.getByRole("button", { name: "Acusar recibo" }).click();
    await firstAlert.getByRole("button", { name: "Guardar el acuse de recibo" }).click();
    await firstAlert.getByText("Describa la acción correctiva.").waitFor();
    expect(await firstAlert.getByLabel(/Acción correctiva/).getAttribute("aria-invalid")).toBe(
      "true",
    );
    await firstAlert.getByLabel(/Acción correctiva/).fill("Mesa de trabajo con la unidad.");
    await firstAlert.getByLabel(/Responsable de la acción/).fill("Jefatura SECPLA");
    await firstAlert.getByLabel(/Fecha comprometida/).fill("2026-12-15");
    await firstAlert.getByRole("button", { name: "Guardar el acuse de recibo" }).click();
    // Open alerts reload without a page reload: the acknowledged one leaves the list.
    await expect
      .poll(() => alerts.locator(".alert-message").filter({ hasText: message }).count())
      .toBe(0);
    const session = await login(testApp.app, ADMIN);
    const all = (
      await client(testApp.app, session)("GET", `/${cut}/alerts?status=acknowledged`)
    ).json() as { items: Array<{ correctiveAction: string; actionDueDate: string }> };
    expect(all.items.some((a) => a.correctiveAction === "Mesa de trabajo con la unidad.")).toBe(
      true,
    );

    // Anonymous visitors of the published plan see the figures, not the alerts.
    const anonymous = await pageInNewContext(browser, contexts);
    await anonymous.goto(dashboardUrl());
    await anonymous.locator("[data-testid=cumplimiento]").waitFor();
    expect(await anonymous.locator("section[aria-labelledby=alertas]").count()).toBe(0);
    // Filters live in the URL: a link reproduces the view.
    await anonymous.getByLabel("Estado").selectOption("off_track");
    await anonymous.waitForURL(/estado=off_track/);
    await anonymous.locator(".drill-node").first().waitFor();
    const statuses = await anonymous
      .locator(".drill-node[data-status]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-status")));
    expect(statuses).toContain("off_track");
    await capture(anonymous, "tablero-publico");
  });

  it("a viewer cannot report: no form, and the API refuses", async () => {
    const viewer = await signedInPage(VIEWER);
    await viewer.goto(`${baseUrl}/m/${cut}/iniciativas/${target.item.id}`);
    const monitor = viewer.locator(`[data-indicator="${target.indicator.id}"]`);
    await monitor.locator(".indicator-status").waitFor();
    await monitor.locator("svg[role=img]").waitFor();
    expect(await viewer.getByRole("button", { name: /Reportar avance/ }).count()).toBe(0);
    await capture(viewer, "iniciativa-observador");
    await viewer.goto(`${baseUrl}/m/${cut}/reportar`);
    await viewer.getByText("Solo los editores y los administradores reportan avances.").waitFor();
    const session = await login(testApp.app, VIEWER);
    const refused = await client(testApp.app, session)(
      "POST",
      `/${cut}/indicators/${target.indicator.id}/measurements`,
      { period: "2029", value: 1 },
    );
    expect(refused.statusCode).toBe(403);
  });

  it("loads the dashboard with one item index, not one request per item, and labels alerts from it", async () => {
    const admin = await signedInPage(ADMIN);
    const requests: string[] = [];
    admin.on("request", (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith("/api/")) requests.push(url.pathname);
    });
    await admin.goto(dashboardUrl());
    await admin.locator("[data-testid=cumplimiento]").waitFor();
    const overdue = admin.locator("section[aria-labelledby=atrasados] li a").first();
    await overdue.waitFor({ timeout: 30_000 });
    // Labelled "code · title" from the index (the alert's own message until it arrives).
    await expect.poll(() => overdue.textContent()).toMatch(/^\d+(\.\d+)* · \S/);
    await admin.waitForLoadState("networkidle");
    expect(requests.filter((p) => /\/items\/[0-9a-f-]{36}$/.test(p))).toEqual([]);
    const count = (suffix: string) => requests.filter((p) => p.endsWith(suffix)).length;
    expect(count("/items/index")).toBe(1);
    expect(count("/figures")).toBe(1);
    expect(count("/tree")).toBe(1);
  });

  it("had no page errors", () => {
    expect(problems).toEqual([]);
  });
});
