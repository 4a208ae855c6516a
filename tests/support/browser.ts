import path from "node:path";
import type axe from "axe-core";
import type { Page } from "playwright-core";
import { expect } from "vitest";

/** What every browser test shares: the axe check, screenshots and the phone-width check. */
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
