/**
 * The web app in a real browser (Debian's Chromium through playwright-core) against the API on
 * a fresh PGlite database: home → plan → tree → item, the 404 page, a phone-sized viewport, and
 * axe-core on every page. Requires a built app in dist/web (`npx vite build`).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import axe from "axe-core";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  ItemDetail,
  PlanDetail,
  PlanSummary,
  TreeNode,
} from "../../src/modules/plans/schemas";
import type { MunicipalityDto } from "../../src/modules/municipalities/schemas";
import { formatDate } from "../../web/src/i18n/format";
import type { TestApp } from "../support/app";
import {
  expectAccessible,
  expectNoHorizontalScroll,
  launchChromium,
  screenshot,
  startWebApp,
  watchPage,
} from "../support/browser";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const demoFixture = path.join(repo, "fixtures/demo/vallenar-pladeco-2022-2029.json");
const miniFixture = path.join(repo, "fixtures/test/mini-plan.json");
/** The Vallenar demo when its transcription exists, else the small test plan. */
const USE_DEMO = fs.existsSync(demoFixture);

interface Paged<T> {
  items: T[];
}

interface Target {
  plan: PlanDetail;
  cut: string;
  path: TreeNode[];
  item: ItemDetail;
}

let testApp: TestApp;
let baseUrl: string;
let browser: Browser;
let context: BrowserContext;
let target: Target;
const problems: string[] = [];

async function apiGet<T>(url: string): Promise<T> {
  const response = await testApp.app.inject({ method: "GET", url });
  if (response.statusCode !== 200)
    throw new Error(`${url} → ${response.statusCode} ${response.body}`);
  return response.json() as T;
}

/** The activity (leaf) that exercises most of the item page: indicators, units, funding, SDGs. */
async function chooseTarget(): Promise<Target> {
  const municipalities = await apiGet<Paged<MunicipalityDto>>("/api/municipalities");
  const cut = municipalities.items[0]?.cutCode ?? "";
  const plans = await apiGet<Paged<PlanSummary>>(`/api/municipalities/${cut}/plans`);
  const planId = plans.items[0]?.id ?? "";
  const plan = await apiGet<PlanDetail>(`/api/municipalities/${cut}/plans/${planId}`);
  const tree = await apiGet<{ items: TreeNode[] }>(
    `/api/municipalities/${cut}/plans/${planId}/tree`,
  );
  const leaves: TreeNode[][] = [];
  const walk = (node: TreeNode, trail: TreeNode[]) => {
    const here = [...trail, node];
    if (node.children.length === 0 && node.indicatorCount > 0) leaves.push(here);
    for (const child of node.children) walk(child, here);
  };
  for (const root of tree.items) walk(root, []);
  let best: { score: number; target: Target } | null = null;
  for (const trail of leaves) {
    const leaf = trail[trail.length - 1] as TreeNode;
    const item = await apiGet<ItemDetail>(`/api/municipalities/${cut}/items/${leaf.id}`);
    const score =
      (item.responsibleUnits.length > 0 ? 8 : 0) +
      (item.funding.length > 0 ? 8 : 0) +
      (item.sdgs.length > 0 ? 8 : 0) +
      (item.deadlineText ? 8 : 0) +
      (item.indicators.some((i) => i.targetValue !== null) ? 2 : 0) +
      (item.responsibleUnits.some((u) => u.role === "co_responsible") ? 1 : 0) +
      (item.funding.some((f) => f.amount !== null) ? 2 : 0);
    if (!best || score > best.score) best = { score, target: { plan, cut, path: trail, item } };
  }
  if (!best)
    throw new Error("the plan has no leaf item with indicators to test the item page with");
  return best.target;
}

/** Runs axe-core and fails on serious or critical violations, printing them. */

async function newPage(viewport = { width: 1280, height: 900 }): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  // A 404 response is expected on the not-found page, and a 401 from /api/auth/me for an
  // anonymous visitor; anything else is a defect.
  watchPage(
    page,
    problems,
    (message) =>
      /status of 404/.test(message.text()) ||
      (/status of 401/.test(message.text()) && message.location().url.endsWith("/api/auth/me")),
  );
  return page;
}

describe(`web app in Chromium (${USE_DEMO ? "Vallenar demo" : "mini test plan"})`, () => {
  beforeAll(async () => {
    ({ testApp, baseUrl } = await startWebApp(USE_DEMO ? {} : { fixture: miniFixture }));
    target = await chooseTarget();
    browser = await launchChromium();
    context = await browser.newContext({ locale: "es-CL" });
    // An init script is injected by the browser, not the page, so the app's strict CSP
    // (script-src 'self') stays in force and is tested too.
    await context.addInitScript({ content: axe.source });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  it("goes from the home page to an activity through the plan and its tree", async () => {
    const { plan, item, path: trail, cut } = target;
    const page = await newPage();

    await page.goto(`${baseUrl}/`);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Planes de desarrollo comunal");
    await page.getByRole("link", { name: plan.title }).first().waitFor();
    await expectAccessible(page, "home");
    await screenshot(page, "home");

    // Plan overview: the vision and every strategic axis.
    await page.getByRole("link", { name: "Ver el plan" }).click();
    await page.waitForURL(`**/m/${cut}/planes/${plan.id}`);
    await page.getByRole("heading", { level: 1, name: plan.title }).waitFor();
    const vision = await page.locator("section[aria-labelledby=vision]").textContent();
    expect(vision).toContain(plan.vision.slice(0, 60));
    const axisCards = page.locator(".axis-card");
    expect(await axisCards.count()).toBe(plan.axes.length);
    for (const axis of plan.axes)
      await expect.poll(() => axisCards.getByText(axis.title, { exact: true }).count()).toBe(1);
    if (plan.isDemo) await page.getByText("Datos de demostración").first().waitFor();
    await expectAccessible(page, "plan");
    await screenshot(page, "plan");

    // Tree: open each level down to the activity, then follow its link.
    await page.getByRole("link", { name: "Ver el árbol completo del plan" }).click();
    await page.waitForURL(`**/planes/${plan.id}/arbol`);
    for (const node of trail.slice(0, -1)) {
      const toggle = page.getByRole("button", {
        name: `Subelementos de ${node.code}`,
        exact: true,
      });
      await toggle.click();
      expect(await toggle.getAttribute("aria-expanded")).toBe("true");
    }
    const leafLink = page.locator(`#nodo-${item.id} > .tree-row a`);
    await leafLink.waitFor();
    expect(await leafLink.textContent()).toContain(item.title);
    await expectAccessible(page, "tree");
    await screenshot(page, "tree");

    // Filtering is accent- and case-insensitive and keeps ancestors visible.
    const filterWord = item.title.split(/\s+/).find((word) => word.length > 6) ?? item.code;
    await page
      .getByLabel("Filtrar por código o texto")
      .fill(filterWord.toUpperCase().normalize("NFD").replace(/\p{M}/gu, ""));
    await page.locator(`#nodo-${item.id}`).waitFor();
    await page.locator(`#nodo-${trail[0]?.id ?? ""}`).waitFor();
    await page.getByRole("button", { name: "Limpiar filtro" }).click();

    await leafLink.click();
    await page.waitForURL(`**/m/${cut}/iniciativas/${item.id}`);
    await page.getByRole("heading", { level: 1, name: item.title }).waitFor();
    const main = page.locator("main");
    const text = (await main.textContent()) ?? "";

    for (const indicator of item.indicators) expect(text).toContain(indicator.name);
    for (const unit of item.responsibleUnits) {
      expect(text).toContain(unit.name);
      expect(text).toContain(unit.role === "responsible" ? "Responsable" : "Corresponsable");
    }
    if (item.deadlineText && item.startDate && item.endDate) {
      expect(text).toContain(
        `${item.deadlineText} (${formatDate(item.startDate)} a ${formatDate(item.endDate)})`,
      );
    }
    for (const source of item.funding) expect(text).toContain(source.sourceName);
    for (const sdg of item.sdgs) expect(text).toContain(`ODS ${sdg.goalNumber} · ${sdg.goalTitle}`);
    // Breadcrumbs lead back to the plan through every ancestor.
    const crumbs = page.getByRole("navigation", { name: "Ruta de navegación" });
    expect(await crumbs.getByRole("link").count()).toBe(1 + item.ancestors.length);
    await expectAccessible(page, "item");
    await screenshot(page, "item");

    // A deep link to the tree opens the node and its ancestors.
    await page.getByRole("link", { name: "Ver en el árbol" }).click();
    await page.locator(`#nodo-${item.id}.is-target`).waitFor();
    await screenshot(page, "tree-deep-link");
    await page.close();
  }, 120_000);

  it("fits a 360 px phone without horizontal scroll", async () => {
    const { plan, item, cut } = target;
    const page = await newPage({ width: 360, height: 740 });
    const pages: Array<[string, string]> = [
      ["item-360", `/m/${cut}/iniciativas/${item.id}`],
      ["plan-360", `/m/${cut}/planes/${plan.id}`],
      ["tree-360", `/m/${cut}/planes/${plan.id}/arbol?abrir=${item.id}`],
      ["home-360", `/`],
    ];
    for (const [name, url] of pages) {
      await page.goto(`${baseUrl}${url}`);
      await page.locator("main h1").first().waitFor();
      await page.waitForLoadState("networkidle");
      await expectNoHorizontalScroll(page, name);
      await expectAccessible(page, name);
      await screenshot(page, name);
    }
    await page.close();
  }, 120_000);

  it("says 'no encontrado' in Spanish for an unknown item", async () => {
    const page = await newPage();
    await page.goto(`${baseUrl}/m/${target.cut}/iniciativas/00000000-0000-4000-8000-000000000000`);
    const heading = page.locator("main h1");
    await heading.waitFor();
    expect(await heading.textContent()).toMatch(/no encontrad/i);
    expect(await page.locator("main").textContent()).toContain("no tiene una iniciativa");
    await expectAccessible(page, "item-404");
    await screenshot(page, "item-404");

    await page.goto(`${baseUrl}/una/ruta/inexistente`);
    await page.locator("main h1").waitFor();
    expect(await page.locator("main h1").textContent()).toMatch(/no encontrada/i);
    await page.close();
  }, 60_000);

  it("ran without script errors or CSP violations", () => {
    expect(problems).toEqual([]);
  });
});
