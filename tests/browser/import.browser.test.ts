/**
 * Importing a workbook in a real browser (Debian's Chromium through playwright-core) against the
 * API on a fresh PGlite database with the Vallenar demo: an administrator uploads a template
 * workbook, sees the server's progress and the preview (filterable table, a responsible text to
 * confirm, the plan's items the workbook lacks), confirms, and sees the new items in the plan.
 * axe-core runs on the preview at 1280 and 360 px. Requires a built app in dist/web.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
import { templateWorkbook, writeWorkbook } from "../support/workbooks";

const ADMIN = "ana.importa@edicion.test";
const EDITOR = "eduardo.importa@edicion.test";

let testApp: TestApp;
let baseUrl: string;
let browser: Browser;
let workbook: string;
const contexts: BrowserContext[] = [];
const problems: string[] = [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rumbo-import-browser-"));

async function signedInPage(email: string): Promise<Page> {
  const page = await pageInNewContext(browser, contexts);
  watchPage(page, problems, /status of (400|401|403|404|409)/, email);
  await signInPage(page, baseUrl, email, PASSWORD);
  return page;
}

describe("importing a workbook in Chromium", () => {
  beforeAll(async () => {
    ({ testApp, baseUrl } = await startWebApp());
    const owner = testApp.database.owner.db;
    await createUser(owner, { email: ADMIN, membership: { cut: "03301", role: "admin" } });
    await createUser(owner, { email: EDITOR, membership: { cut: "03301", role: "editor" } });
    const path1 = [
      "EJE IMPORTADO DESDE EXCEL",
      null,
      null,
      null,
      null,
      "Objetivo local importado",
      "Programa importado",
    ];
    workbook = await writeWorkbook(
      templateWorkbook([
        [
          null,
          ...path1,
          "Actividad importada en el navegador",
          "N° de talleres",
          "A lo menos 3 talleres",
          "2026",
          "4",
          "Secpla Vallenar",
          "FNDR 2026",
          "Anual",
        ],
        [
          null,
          ...path1,
          "Segunda actividad importada",
          "N° de visitas",
          "95%",
          "Enero a Diciembre 2026",
          null,
          "SECPLA",
          "Municipal",
          "Semestral",
        ],
      ]),
      dir,
      "plantilla-vallenar.xlsx",
    );
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await closeWebRun(contexts, browser, testApp);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("an administrator uploads, reviews the preview, confirms and sees the plan updated", async () => {
    const page = await signedInPage(ADMIN);
    await page.goto(`${baseUrl}/m/03301`);
    await page.getByRole("link", { name: "Importar Excel" }).click();
    await page.getByRole("heading", { level: 1, name: "Importar un plan desde Excel" }).waitFor();

    // No file: the error is next to the field.
    await page.getByRole("button", { name: "Subir y revisar" }).click();
    await expect
      .poll(() => page.locator("#import-file-error").textContent())
      .toBe("Elija un libro .xlsx.");

    await page.getByLabel("Libro de Excel (.xlsx)").setInputFiles(workbook);
    await page.getByRole("button", { name: "Subir y revisar" }).click();
    await page
      .getByRole("heading", { level: 2, name: "Vista previa" })
      .waitFor({ timeout: 60_000 });
    const counts = page.locator(".import-summary");
    await expect.poll(() => counts.locator(".import-count-create dd").textContent()).toBe("5");
    await expect.poll(() => counts.locator(".import-count-missing dd").textContent()).not.toBe("0");
    const rows = page.locator(".import-table tbody tr");
    expect(await rows.count()).toBe(5);
    await page.getByLabel("Buscar por título").fill("segunda");
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByLabel("Buscar por título").fill("");
    // "Secpla Vallenar" is not a unit's name: the most similar one is offered.
    const choice = page.getByLabel("Unidad para «Secpla Vallenar»");
    expect(await choice.locator("option:checked").textContent()).toMatch(
      /Secretaría Comunal de Planificación \(parecido \d+ %\)/,
    );
    await expect.poll(() => page.getByLabel(/Eliminar estas iniciativas/).isChecked()).toBe(false);

    await expectAccessible(page, "importar-vista-previa");
    await page.setViewportSize({ width: 360, height: 780 });
    await page.waitForTimeout(150);
    await expectNoHorizontalScroll(page, "importar-vista-previa-360");
    await expectAccessible(page, "importar-vista-previa-360");
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, "import-preview");

    await page.getByRole("button", { name: "Confirmar e importar" }).click();
    await page.getByText(/Importación lista: 5 creadas, 0 cambiadas/).waitFor();
    await page.getByRole("link", { name: "Ver el plan" }).click();
    await page.getByText("EJE IMPORTADO DESDE EXCEL").first().waitFor();
    expect(problems).toEqual([]);
  });

  it("tells an editor that only administrators import", async () => {
    const page = await signedInPage(EDITOR);
    await page.goto(`${baseUrl}/m/03301/importar`);
    await page
      .getByText("Solo los administradores de la municipalidad pueden importar planes.")
      .waitFor();
    expect(await page.getByRole("link", { name: "Importar Excel" }).count()).toBe(0);
  });
});
