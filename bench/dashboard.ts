/**
 * The dashboard's weight and speed in Chromium (issue #5):
 * - its initial JavaScript, gzip: every script the browser loads until the dashboard shows its
 *   main content (goal: under 300 KB), read from dist/web and compressed here;
 * - the time until it is usable (navigation timing: domContentLoaded, loadEventEnd, and the
 *   moment the "% de cumplimiento" is visible), as a ratio to a static file of the same server
 *   (/favicon.svg), median of several cold loads.
 *
 * Needs a built app (`npx vite build`) and /usr/bin/chromium. Run: npm run bench -- dashboard
 * [--runs 7]
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { startTestApp } from "../tests/support/app";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const webDist = path.join(repo, "dist/web");
const CHROMIUM = "/usr/bin/chromium";

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

export async function run(args: string[]): Promise<void> {
  const runsArg = args.indexOf("--runs");
  const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 7;
  if (!fs.existsSync(path.join(webDist, "index.html")))
    throw new Error("dist/web is missing: run `npx vite build` first");
  console.log("Cargando la demo de Vallenar…");
  const testApp = await startTestApp("pglite", { webDist });
  const baseUrl = await testApp.app.listen({ port: 0, host: "127.0.0.1" });
  const get = async <T>(url: string) =>
    (await testApp.app.inject({ method: "GET", url })).json() as T;
  const cut = (await get<{ items: Array<{ cutCode: string }> }>("/api/municipalities")).items[0]
    ?.cutCode;
  const planId = (await get<{ items: Array<{ id: string }> }>(`/api/municipalities/${cut}/plans`))
    .items[0]?.id;
  const dashboard = `${baseUrl}/m/${cut}/planes/${planId}/tablero`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
  });
  try {
    // Initial JavaScript: the scripts loaded until the main content is visible.
    const context = await browser.newContext();
    const page = await context.newPage();
    const scripts = new Set<string>();
    page.on("response", (response) => {
      const url = new URL(response.url());
      if (url.pathname.endsWith(".js")) scripts.add(url.pathname);
    });
    await page.goto(dashboard);
    await page.locator("[data-testid=cumplimiento]").waitFor();
    const initial = [...scripts];
    await context.close();
    let raw = 0;
    let gzip = 0;
    const rows: string[] = [];
    for (const file of initial) {
      const content = fs.readFileSync(path.join(webDist, file));
      const compressed = gzipSync(content, { level: 9 }).length;
      raw += content.length;
      gzip += compressed;
      rows.push(`  ${file.padEnd(48)} ${(compressed / 1024).toFixed(1).padStart(7)} KB gzip`);
    }
    console.log(`\nJavaScript inicial del tablero (${initial.length} archivos):`);
    console.log(rows.sort().join("\n"));
    console.log(
      `  total: ${(raw / 1024).toFixed(1)} KB, ${(gzip / 1024).toFixed(1)} KB gzip (meta < 300 KB): ${gzip / 1024 < 300 ? "cumple" : "NO CUMPLE"}`,
    );

    // Timing: cold loads (a new context each time: nothing cached).
    const statics: number[] = [];
    const dcl: number[] = [];
    const load: number[] = [];
    const usable: number[] = [];
    for (let i = 0; i < runs + 1; i += 1) {
      const ctx = await browser.newContext();
      const p = await ctx.newPage();
      await p.goto(`${baseUrl}/favicon.svg`, { waitUntil: "load" });
      const staticTime = await p.evaluate(() => {
        const [nav] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
        return nav ? nav.loadEventEnd || nav.responseEnd : 0;
      });
      await p.goto(dashboard, { waitUntil: "load" });
      await p.locator("[data-testid=cumplimiento]").waitFor();
      await p.locator("[data-axis]").first().waitFor();
      const visibleAt = await p.evaluate(() => performance.now());
      const timing = await p.evaluate(() => {
        const [nav] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
        return { dcl: nav?.domContentLoadedEventEnd ?? 0, load: nav?.loadEventEnd ?? 0 };
      });
      await ctx.close();
      if (i === 0) continue; // warm-up (server caches, JIT)
      statics.push(staticTime);
      dcl.push(timing.dcl);
      load.push(timing.load);
      usable.push(visibleAt);
    }
    const base = median(statics);
    const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
    // Where the time goes: the API answers the dashboard waits for, measured in the server.
    for (const url of [
      `/api/municipalities/${cut}/plans/${planId}`,
      `/api/municipalities/${cut}/plans/${planId}/figures`,
      `/api/municipalities/${cut}/plans/${planId}/items/index`,
    ]) {
      const times: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        const start = performance.now();
        await testApp.app.inject({ method: "GET", url });
        times.push(performance.now() - start);
      }
      console.log(
        `  API ${url.replace(/^.*\/plans\/[^/]+/, "plan")}: ${median(times).toFixed(1)} ms`,
      );
    }
    console.log(`\nTiempos en Chromium (mediana de ${runs} cargas en frío):`);
    console.log(`  página estática (/favicon.svg): ${fmt(base)}`);
    console.log(
      `  tablero domContentLoaded:       ${fmt(median(dcl))} (${(median(dcl) / base).toFixed(1)}×)`,
    );
    console.log(
      `  tablero loadEventEnd:           ${fmt(median(load))} (${(median(load) / base).toFixed(1)}×)`,
    );
    console.log(
      `  tablero utilizable (cifras y lineamientos visibles): ${fmt(median(usable))} (${(median(usable) / base).toFixed(1)}×)`,
    );
  } finally {
    await browser.close();
    await testApp.close();
  }
}
