/**
 * Downloading the plan in a real browser (Debian's Chromium through playwright-core) against the
 * API on a fresh PGlite database: an anonymous visitor downloads the xlsx (the download event
 * fires and the file is a workbook with the plan's sheets), gets no alerts table and no template;
 * an administrator downloads the template; a refused download shows the server's reason next to
 * its button. axe-core runs on the section, at 1280 and 360 px. Requires a built app in dist/web
 * (`npx vite build`).
 */
import fs from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readWorkbook } from "../../src/modules/export/compare";
import type { PlanSummary } from "../../src/modules/plans/schemas";
import type { TestApp } from "../support/app";
import {
  closeWebRun,
  expectAccessible,
  expectNoHorizontalScroll,
  launchChromium,
  pageInNewContext,
  screenshot,
  signInPage,
  startWebApp,
  watchPage,
} from "../support/browser";
import { createUser, PASSWORD } from "../support/users";

const ADMIN = "ana.secpla@exportacion.test";
const CUT = "03301";

let testApp: TestApp;
let baseUrl: string;
let browser: Browser;
let planId: string;
const contexts: BrowserContext[] = [];
const problems: string[] = [];

async function newPage(email?: string): Promise<Page> {
  const page = await pageInNewContext(browser, contexts, { acceptDownloads: true });
  watchPage(page, problems, /status of (401|403|404)/);
  if (email) await signInPage(page, baseUrl, email, PASSWORD);
  await page.goto(`${baseUrl}/m/${CUT}/planes/${planId}`);
  await page.getByRole("heading", { level: 2, name: "Descargar el plan" }).waitFor();
  return page;
}

describe("downloading the plan in Chromium", () => {
  beforeAll(async () => {
    ({ testApp, baseUrl } = await startWebApp());
    const plans = await testApp.app.inject(`/api/municipalities/${CUT}/plans`);
    planId = (plans.json().items[0] as PlanSummary).id;
    await createUser(testApp.database.owner.db, {
      email: ADMIN,
      membership: { cut: CUT, role: "admin" },
    });
    browser = await launchChromium();
  }, 240_000);

  afterAll(() => closeWebRun(contexts, browser, testApp));

  it("an anonymous visitor downloads the plan as an xlsx workbook, and sees no alerts nor template", async () => {
    const page = await newPage();
    const section = page.locator("section.export-section");
    await expect(section.getByRole("option", { name: "Alertas" }).count()).resolves.toBe(0);
    await expect(section.getByRole("button", { name: /plantilla/i }).count()).resolves.toBe(0);
    await expectAccessible(page, "descargas");
    await screenshot(page, "descargas");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      section.getByRole("button", { name: "Descargar Excel (.xlsx)" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^pladeco-vallenar-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const file = await download.path();
    const body = fs.readFileSync(file);
    expect(body.subarray(0, 2).toString()).toBe("PK");
    const wb = await readWorkbook(body);
    expect(wb.worksheets[0]!.name).toBe("Resumen");
    expect(wb.worksheets.map((s) => s.name)).toContain("Indicadores");
    await section.getByText(/^Se descargó pladeco-vallenar-.*\.xlsx\.$/).waitFor();

    await page.setViewportSize({ width: 360, height: 780 });
    await expectNoHorizontalScroll(page, "descargas-360");
    await expectAccessible(page, "descargas-360");
    expect(problems).toEqual([]);
  });

  it("an administrator downloads the template and the alerts CSV", async () => {
    const page = await newPage(ADMIN);
    const section = page.locator("section.export-section");
    await section.getByLabel("Con las filas del plan tal como está").check();
    const [template] = await Promise.all([
      page.waitForEvent("download"),
      section.getByRole("button", { name: /^Descargar Plantilla/ }).click(),
    ]);
    expect(template.suggestedFilename()).toMatch(/^pladeco-vallenar-plantilla-.*\.xlsx$/);
    const wb = await readWorkbook(fs.readFileSync(await template.path()));
    expect(wb.worksheets.map((s) => s.name)).toEqual(["Plantilla", "Instrucciones", "Listas"]);
    expect(wb.getWorksheet("Plantilla")!.getCell("A2").value).toBe("1.1.1.1.1");

    await section.getByLabel("Tabla del CSV").selectOption("alerts");
    const [csv] = await Promise.all([
      page.waitForEvent("download"),
      section.getByRole("button", { name: /^Descargar CSV · Alertas/ }).click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/alertas.*\.csv$/);
    expect(fs.readFileSync(await csv.path(), "utf8")).toMatch(/^\uFEFFCÓDIGO;INICIATIVA;REGLA;/);
    await expectAccessible(page, "descargas-admin");
  });

  it("the dashboard links to the downloads, which scroll into view", async () => {
    const page = await newPage();
    await page.goto(`${baseUrl}/m/${CUT}/planes/${planId}/tablero`);
    await page
      .getByRole("link", { name: "Descargar el plan con su estado (Excel, CSV, JSON)" })
      .click();
    const heading = page.getByRole("heading", { level: 2, name: "Descargar el plan" });
    await heading.waitFor();
    await page.waitForFunction(() => {
      const h = document.getElementById("export-title");
      const box = h?.getBoundingClientRect();
      return box !== undefined && box.top >= 0 && box.bottom <= window.innerHeight;
    });
    expect(new URL(page.url()).hash).toBe("#descargas");
  });

  it("shows the server's reason next to the button when a download is refused", async () => {
    const page = await newPage(ADMIN);
    const section = page.locator("section.export-section");
    await section.getByLabel("Tabla del CSV").selectOption("alerts");
    // The session ends in another tab: the next download is refused with 401.
    await page.context().clearCookies();
    await section.getByRole("button", { name: /^Descargar CSV · Alertas/ }).click();
    const alert = section.getByRole("alert");
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toMatch(
      /No se pudo descargar CSV · Alertas: Inicie sesión para continuar\./,
    );
    await expectAccessible(page, "descargas-error");
  });
});
