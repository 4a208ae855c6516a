import fs from "node:fs";
import path from "node:path";
import axe from "axe-core";
import {
  chromium,
  type Browser,
  type BrowserContext,
  type ConsoleMessage,
  type Page,
} from "playwright-core";
import { expect } from "vitest";
import { startTestApp, type TestApp } from "./app";

/**
 * What every browser test shares: the app serving the web app, Chromium, pages and sign-in, the
 * axe check, screenshots and the phone-width check.
 */
const SCREENSHOTS = path.resolve(import.meta.dirname, "../../artifacts/screenshots");

/** Runs axe-core (already injected in the page) and fails on serious or critical violations. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const violations = await page.evaluate(async () => {
    const runner = (window as unknown as { axe: typeof axe }).axe;
    const results = await runner.run(document, { resultTypes: ["violations"] });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")} — ${n.failureSummary ?? ""}`),
    }));
  });
  const blocking = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  if (blocking.length > 0)
    console.error(`axe violations on ${name}:\n${JSON.stringify(blocking, null, 2)}`);
  expect(blocking, `serious/critical axe violations on ${name}`).toEqual([]);
}

/** A full-page screenshot under artifacts/screenshots (not committed). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

export async function expectNoHorizontalScroll(page: Page, name: string): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, `horizontal scroll on ${name}`).toBeLessThanOrEqual(clientWidth);
}

const WEB_DIST = path.resolve(import.meta.dirname, "../../dist/web");
export const CHROMIUM = "/usr/bin/chromium";

/**
 * The app on a fresh PGlite database, serving the built web app on a free port; fails early
 * when the web app is not built or Chromium is missing.
 */
export async function startWebApp(
  options: { fixture?: string } = {},
): Promise<{ testApp: TestApp; baseUrl: string }> {
  if (!fs.existsSync(path.join(WEB_DIST, "index.html")))
    throw new Error(`The web app is not built: run \`npx vite build\` first.`);
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`Chromium is missing at ${CHROMIUM}: apt-get install -y chromium`);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const testApp = await startTestApp("pglite", {
    webDist: WEB_DIST,
    ...(options.fixture ? { fixture: options.fixture } : {}),
  });
  const baseUrl = await testApp.app.listen({ port: 0, host: "127.0.0.1" });
  return { testApp, baseUrl };
}

/** Headless Chromium, quiet: no background networking, updates nor sync. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/**
 * Records the page's errors, and its console errors but those the test causes on purpose
 * (`expected`: the statuses the browser logs as "Failed to load resource", or a finer check).
 */
export function watchPage(
  page: Page,
  problems: string[],
  expected: RegExp | ((message: ConsoleMessage) => boolean),
  label?: string,
): void {
  const isExpected =
    expected instanceof RegExp ? (m: ConsoleMessage) => expected.test(m.text()) : expected;
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && !isExpected(message))
      problems.push(`console${label ? ` (${label})` : ""}: ${message.text()}`);
  });
}

/**
 * A page in its own browser context: its own cookies, so its own session. axe-core is an init
 * script, injected by the browser and not the page, so the app's strict CSP stays in force.
 */
export async function pageInNewContext(
  browser: Browser,
  contexts: BrowserContext[],
  options: { viewport?: { width: number; height: number }; acceptDownloads?: boolean } = {},
): Promise<Page> {
  const context = await browser.newContext({
    locale: "es-CL",
    ...(options.acceptDownloads ? { acceptDownloads: true } : {}),
  });
  await context.addInitScript({ content: axe.source });
  contexts.push(context);
  const page = await context.newPage();
  await page.setViewportSize(options.viewport ?? { width: 1280, height: 900 });
  return page;
}

/** Signs in through the sign-in page and waits to be sent on. */
export async function signInPage(
  page: Page,
  baseUrl: string,
  email: string,
  password: string,
): Promise<void> {
  await page.goto(`${baseUrl}/ingresar`);
  await page.getByLabel("Correo electrónico").fill(email);
  await page.getByLabel("Contraseña", { exact: false }).first().fill(password);
  await page.getByRole("button", { name: "Ingresar", exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/ingresar"));
}

/** Closes the browser contexts, the browser and the app, whichever were opened. */
export async function closeWebRun(
  contexts: BrowserContext[],
  browser: Browser | undefined,
  testApp: TestApp | undefined,
): Promise<void> {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await testApp?.close();
}
