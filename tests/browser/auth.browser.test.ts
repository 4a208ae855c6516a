/**
 * Accounts in a real browser (Debian's Chromium through playwright-core) against the API on a
 * fresh PGlite database: signing in (wrong password, throttling, right password), the header's
 * user menu with the role, the item's change history for members, signing out, the password
 * reset (request and new password, with the link read from the outbox) and accepting an
 * invitation. axe-core runs on every screen. Requires a built app in dist/web (`npx vite build`).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../src/modules/auth/crypto";
import type { MunicipalityDto } from "../../src/modules/municipalities/schemas";
import type { PlanSummary, TreeNode } from "../../src/modules/plans/schemas";
import type { TestApp } from "../support/app";
import {
  closeWebRun,
  expectAccessible,
  expectNoHorizontalScroll,
  launchChromium,
  pageInNewContext,
  screenshot,
  startWebApp,
  watchPage,
} from "../support/browser";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const demoFixture = path.join(repo, "fixtures/demo/vallenar-pladeco-2022-2029.json");
const miniFixture = path.join(repo, "fixtures/test/mini-plan.json");
const screenshots = path.join(repo, "artifacts/screenshots");
const USE_DEMO = fs.existsSync(demoFixture);
const HISTORY_ROUTE = "/api/municipalities/:cut/items/:itemId/history";

const PASSWORD = "cordillera-de-atacama-2026";
const ADMIN = { email: "ana.admin@vallenar.test", name: "Ana Rojas" };
const VIEWER = { email: "victor.concejo@vallenar.test", name: "Víctor Díaz" };
const RESET_USER = { email: "rosa.reset@vallenar.test", name: "Rosa Pizarro" };
const THROTTLED = { email: "tomas.bloqueado@vallenar.test", name: "Tomás Vega" };
const OLD_TITLE = "Título anterior de la iniciativa";

interface Paged<T> {
  items: T[];
}

let testApp: TestApp;
let baseUrl: string;
let browser: Browser;
let cut: string;
let municipalityId: string;
let item: { id: string; title: string };
/** Whether the server has GET …/items/:itemId/history yet (a colleague builds it). */
let hasHistory: boolean;
const contexts: BrowserContext[] = [];
const problems: string[] = [];

async function apiGet<T>(url: string): Promise<T> {
  const response = await testApp.app.inject({ method: "GET", url });
  if (response.statusCode !== 200)
    throw new Error(`${url} → ${response.statusCode} ${response.body}`);
  return response.json() as T;
}

async function createUser(
  user: { email: string; name: string },
  role: "admin" | "editor" | "validator" | "viewer",
): Promise<void> {
  const db = testApp.database.owner.db;
  const { id } = await db
    .insertInto("app_user")
    .values({
      email: user.email,
      display_name: user.name,
      password_hash: await hashPassword(PASSWORD),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("membership")
    .values({ municipality_id: municipalityId, user_id: id, role })
    .execute();
}

/** The token of the last link e-mailed to `to` (…/restablecer?token=… or …/invitacion?token=…). */
async function tokenMailedTo(to: string): Promise<string> {
  const message = await testApp.database.owner.db
    .selectFrom("outbox_message")
    .select("body")
    .where("to_address", "=", to)
    .orderBy("created_at", "desc")
    .executeTakeFirst();
  const token = /[?&]token=([\w-]+)/.exec(message?.body ?? "")?.[1];
  if (!token) throw new Error(`no link e-mailed to ${to}: ${message?.body ?? "(no message)"}`);
  return token;
}

interface SampleEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  requestId: string | null;
}

/** The audit rows of the item, as GET …/history answers them (newest first). */
function historyResponse(): { items: SampleEntry[] } {
  return {
    items: [
      {
        id: "5b0f7a52-6f0e-4a8e-9a39-0c1f4c0e2a11",
        at: "2026-11-22T17:05:00.000Z",
        actor: ADMIN.email,
        action: "update",
        entityType: "item",
        entityId: item.id,
        before: { title: OLD_TITLE, status: "planned", version: 1 },
        after: { title: item.title, status: "in_progress", version: 2 },
        requestId: "req-2",
      },
      {
        id: "8d7c1e0a-3b44-4f61-9b0e-5a2d9c6e7f10",
        at: "2026-11-20T12:30:00.000Z",
        actor: VIEWER.email,
        action: "create",
        entityType: "indicator",
        entityId: "0e6f5c8a-1d2b-4c3e-8f9a-7b6c5d4e3f21",
        before: null,
        after: {
          itemId: item.id,
          name: "Reglamentos actualizados",
          kind: "value",
          targetValue: 12,
          unit: "n.º",
        },
        requestId: "req-1",
      },
      {
        id: "1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d",
        at: "2026-03-02T09:00:00.000Z",
        actor: "cli:importación",
        action: "move",
        entityType: "item",
        entityId: item.id,
        before: { parentId: "9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f", sort: 3 },
        after: { parentId: "9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f", sort: 1 },
        requestId: null,
      },
    ],
  };
}

/** Serves the history contract from the browser while the server does not have the route. */
async function stubHistory(page: Page): Promise<void> {
  await page.route(`**/api/municipalities/${cut}/items/${item.id}/history`, (route) =>
    route.fulfill({ json: historyResponse() }),
  );
}

/** Statuses the browser logs as "Failed to load resource" that these tests cause on purpose. */
const EXPECTED_STATUS = /status of (400|401|404|429)/;

/** A page in its own browser context: its own cookies, so its own session. */
async function newPage(viewport = { width: 1280, height: 900 }): Promise<Page> {
  const page = await pageInNewContext(browser, contexts, { viewport });
  watchPage(page, problems, EXPECTED_STATUS);
  return page;
}

const header = (page: Page) => page.locator("header.header");
const userButton = (page: Page) => header(page).locator("button.user-button");
const historySection = (page: Page) => page.getByRole("region", { name: "Historial de cambios" });

async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.getByLabel("Correo electrónico").fill(email);
  await page.getByLabel("Contraseña", { exact: false }).first().fill(password);
  await page.getByRole("button", { name: "Ingresar", exact: true }).click();
}

describe(`accounts in Chromium (${USE_DEMO ? "Vallenar demo" : "mini test plan"})`, () => {
  beforeAll(async () => {
    ({ testApp, baseUrl } = await startWebApp(USE_DEMO ? {} : { fixture: miniFixture }));

    const municipality = (await apiGet<Paged<MunicipalityDto>>("/api/municipalities")).items[0];
    if (!municipality) throw new Error("no municipality loaded");
    cut = municipality.cutCode;
    municipalityId = municipality.id;
    const plan = (await apiGet<Paged<PlanSummary>>(`/api/municipalities/${cut}/plans`)).items[0];
    const tree = await apiGet<{ items: TreeNode[] }>(
      `/api/municipalities/${cut}/plans/${plan?.id ?? ""}/tree`,
    );
    let leaf = tree.items[0];
    while (leaf && leaf.children.length > 0) leaf = leaf.children[0];
    if (!leaf) throw new Error("the plan has no items");
    item = { id: leaf.id, title: leaf.title };

    await createUser(ADMIN, "admin");
    await createUser(VIEWER, "viewer");
    await createUser(RESET_USER, "validator");
    await createUser(THROTTLED, "editor");

    hasHistory = testApp.app.hasRoute({ method: "GET", url: HISTORY_ROUTE });
    // Changes of this item and of an indicator, as the server's audit trail records them.
    for (const entry of historyResponse().items) {
      await testApp.database.owner.db
        .insertInto("audit_log")
        .values({
          id: entry.id,
          municipality_id: municipalityId,
          actor_label: entry.actor,
          action: entry.action,
          entity_type: entry.entityType,
          entity_id: entry.entityId,
          before: entry.before === null ? null : JSON.stringify(entry.before),
          after: entry.after === null ? null : JSON.stringify(entry.after),
          request_id: entry.requestId,
          at: entry.at,
        })
        .execute();
    }

    browser = await launchChromium();
  }, 180_000);

  afterAll(() => closeWebRun(contexts, browser, testApp));

  it("signs an administrator in and out, with the role and the item's history", async () => {
    const page = await newPage();
    const itemPath = `/m/${cut}/iniciativas/${item.id}`;

    // Anonymous: "Ingresar" in the header, no history on the item page.
    await page.goto(`${baseUrl}${itemPath}`);
    await page.getByRole("heading", { level: 1, name: item.title }).waitFor();
    const signInLink = header(page).getByRole("link", { name: "Ingresar" });
    await signInLink.waitFor();
    expect(await historySection(page).count()).toBe(0);

    // "Ingresar" remembers where the visitor was.
    await signInLink.click();
    await page.waitForURL(`**/ingresar?volver=${encodeURIComponent(itemPath)}`);
    await page.getByRole("heading", { level: 1, name: "Ingresar" }).waitFor();
    await expectAccessible(page, "login");
    await screenshot(page, "login");

    // Nothing written: the errors are next to the fields, focus on the first one.
    await page.getByRole("button", { name: "Ingresar", exact: true }).click();
    await page.getByText("Escriba su correo electrónico.").waitFor();
    await page.getByText("Escriba su contraseña.").waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("correo");
    expect(await page.getByLabel("Correo electrónico").getAttribute("aria-invalid")).toBe("true");
    await expectAccessible(page, "login-empty");

    // Wrong password: the server's detail, announced (role=alert) and focused.
    await signIn(page, ADMIN.email, "no-es-la-contraseña");
    const alert = page.getByRole("alert");
    await expect.poll(() => alert.textContent()).toContain("Correo o contraseña incorrectos.");
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute("role")))
      .toBe("alert");
    await expectAccessible(page, "login-wrong-password");
    await screenshot(page, "login-wrong-password");

    // Right password: back on the item page, signed in.
    await signIn(page, ADMIN.email);
    await page.waitForURL(`**${itemPath}`);
    await page.getByRole("heading", { level: 1, name: item.title }).waitFor();
    await expect.poll(() => userButton(page).textContent()).toContain(ADMIN.name);
    expect(await userButton(page).textContent()).toContain("Administrador/a");
    expect(await header(page).getByRole("link", { name: "Ingresar" }).count()).toBe(0);

    // The user menu: name, e-mail, role, "Cerrar sesión"; Escape closes it.
    await userButton(page).click();
    expect(await userButton(page).getAttribute("aria-expanded")).toBe("true");
    const menu = header(page).locator(".user-menu");
    expect(await menu.textContent()).toContain(ADMIN.email);
    expect(await menu.textContent()).toContain("Administrador/a");
    await expectAccessible(page, "user-menu");
    await page.screenshot({ path: path.join(screenshots, "user-menu.png") });
    await page.keyboard.press("Escape");
    expect(await userButton(page).getAttribute("aria-expanded")).toBe("false");
    expect(await page.evaluate(() => document.activeElement?.className)).toContain("user-button");

    // The history section, for members. Until the server has the endpoint, the section says
    // so; the list is then checked against the contract's response, served by the browser.
    const history = historySection(page);
    await history.waitFor();
    if (!hasHistory) {
      await expect
        .poll(() => history.textContent())
        .toContain("El historial de cambios todavía no está disponible en este servidor.");
      await expectAccessible(page, "item-history-unavailable");
      await screenshot(page, "item-history-unavailable");
      await stubHistory(page);
      await page.reload();
      await history.waitFor();
    }
    const entry = history.locator(".history-entry").first();
    await entry.waitFor();
    const summary = (await entry.locator("summary").textContent()) ?? "";
    expect(summary).toContain("22-11-2026 14:05");
    expect(summary).toContain("Modificó la iniciativa");
    expect(summary).toContain(ADMIN.email);
    await entry.locator("summary").click();
    const changes = entry.locator(".history-change");
    await changes.first().waitFor();
    const text = (await entry.locator(".history-changes").textContent()) ?? "";
    expect(text).toContain("Título");
    expect(text).toContain(OLD_TITLE);
    expect(text).toContain("Estado");
    expect(text).toContain("Planificada");
    expect(text).toContain("En ejecución");
    // Bookkeeping (version) is not shown.
    expect(await changes.count()).toBe(2);
    // Every entry, newest first: the indicator is named, the command line says so.
    const entries = history.locator(".history-entry summary");
    expect(await entries.count()).toBe(3);
    expect(await entries.nth(1).textContent()).toContain(
      "Creó el indicador «Reglamentos actualizados»",
    );
    expect(await entries.nth(2).textContent()).toContain("Movió la iniciativa");
    expect(await entries.nth(2).textContent()).toContain("por línea de comandos (importación)");
    const summaries = history.locator(".history-entry summary");
    for (let i = 1; i < (await summaries.count()); i++) await summaries.nth(i).click();
    await history.scrollIntoViewIfNeeded();
    await expectAccessible(page, "item-history");
    await screenshot(page, "item-history");

    // Signing out: anonymous again, the history gone, focus on "Ingresar".
    await userButton(page).click();
    await header(page).getByRole("button", { name: "Cerrar sesión" }).click();
    await header(page).getByRole("link", { name: "Ingresar" }).waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent))
      .toBe("Ingresar");
    await page.getByRole("heading", { level: 1, name: item.title }).waitFor();
    expect(await historySection(page).count()).toBe(0);
    const me = await page.evaluate(async () => (await fetch("/api/auth/me")).status);
    expect(me).toBe(401);
    await page.close();
  }, 120_000);

  it("shows a council member (viewer) their role", async () => {
    const page = await newPage();
    await page.goto(`${baseUrl}/ingresar`);
    await signIn(page, VIEWER.email);
    await page.waitForURL(`${baseUrl}/`);
    await page.goto(`${baseUrl}/m/${cut}/iniciativas/${item.id}`);
    await expect.poll(() => userButton(page).textContent()).toContain(VIEWER.name);
    expect(await userButton(page).textContent()).toContain("Observador/a (Concejo, COSOC)");
    await historySection(page).waitFor();
    await page.close();
  }, 60_000);

  it("says how long to wait after too many failed attempts", async () => {
    for (let i = 0; i < 5; i++) {
      const response = await testApp.app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { email: THROTTLED.email, password: `incorrecta-${i}` },
      });
      expect(response.statusCode).toBe(401);
    }
    const page = await newPage();
    await page.goto(`${baseUrl}/ingresar`);
    await signIn(page, THROTTLED.email);
    await expect
      .poll(() => page.getByRole("alert").textContent())
      .toContain("Intente de nuevo en 15 minutos");
    await page
      .getByRole("alert")
      .getByRole("link", { name: "Restablecer la contraseña" })
      .waitFor();
    await expectAccessible(page, "login-throttled");
    await screenshot(page, "login-throttled");
    await page.close();
  }, 60_000);

  it("resets a password through the e-mailed link", async () => {
    const page = await newPage();
    await page.goto(`${baseUrl}/ingresar`);
    await page.getByRole("link", { name: "¿Olvidó su contraseña?" }).click();
    await page.waitForURL("**/restablecer");
    await page.getByRole("heading", { level: 1, name: "Restablecer la contraseña" }).waitFor();
    await expectAccessible(page, "reset-request");
    await screenshot(page, "reset-request");

    await page.getByLabel("Correo electrónico").fill("no-es-un-correo");
    await page.getByRole("button", { name: "Enviar el enlace" }).click();
    await page.getByText("Escriba un correo válido").waitFor();

    // The same neutral confirmation whether or not the e-mail has an account.
    await page.getByLabel("Correo electrónico").fill(RESET_USER.email);
    await page.getByRole("button", { name: "Enviar el enlace" }).click();
    const sent = page.getByRole("status").filter({ hasText: "Si el correo tiene una cuenta" });
    await sent.waitFor();
    await expectAccessible(page, "reset-sent");
    await screenshot(page, "reset-sent");

    const other = await newPage();
    await other.goto(`${baseUrl}/restablecer`);
    await other.getByLabel("Correo electrónico").fill("nadie@vallenar.test");
    await other.getByRole("button", { name: "Enviar el enlace" }).click();
    await other.getByText("Si el correo tiene una cuenta, enviamos un enlace").waitFor();
    await other.close();

    // The link: a new password, twice, at least 10 characters.
    const token = await tokenMailedTo(RESET_USER.email);
    await page.goto(`${baseUrl}/restablecer?token=${token}`);
    await page.getByRole("heading", { level: 1, name: "Elegir una contraseña nueva" }).waitFor();
    await page.getByLabel("Contraseña nueva").fill("corta");
    await page.getByRole("button", { name: "Guardar la contraseña" }).click();
    await page.getByText("La contraseña debe tener al menos 10 caracteres.").waitFor();
    const newPassword = "salar-de-pedernales-9";
    await page.getByLabel("Contraseña nueva").fill(newPassword);
    await page.getByLabel("Repita la contraseña").fill(`${newPassword}x`);
    await page.getByRole("button", { name: "Guardar la contraseña" }).click();
    await page.getByText("Las contraseñas no coinciden.").waitFor();
    await expectAccessible(page, "reset-new-password");
    await screenshot(page, "reset-new-password");
    await page.getByLabel("Repita la contraseña").fill(newPassword);
    await page.getByRole("button", { name: "Guardar la contraseña" }).click();

    // Then to "Ingresar", which says so; the new password works.
    await page.waitForURL("**/ingresar");
    await page.getByText("Su contraseña fue cambiada.").waitFor();
    await signIn(page, RESET_USER.email, newPassword);
    await expect.poll(() => userButton(page).textContent()).toContain(RESET_USER.name);
    expect(await userButton(page).textContent()).toContain("Validador/a");

    // A used link is refused, with the server's reason and a way to ask for a new one.
    const again = await newPage();
    await again.goto(`${baseUrl}/restablecer?token=${token}`);
    await again.getByLabel("Contraseña nueva").fill("otra-contraseña-larga");
    await again.getByLabel("Repita la contraseña").fill("otra-contraseña-larga");
    await again.getByRole("button", { name: "Guardar la contraseña" }).click();
    await expect.poll(() => again.getByRole("alert").textContent()).toContain("no es válido");
    await again.getByRole("link", { name: "Pedir un enlace nuevo" }).waitFor();
    await again.close();
    await page.close();
  }, 90_000);

  it("accepts an invitation and signs the new member in", async () => {
    // The administrator invites through the API (the screen for it comes later).
    const login = await testApp.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: ADMIN.email, password: PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    const { csrfToken } = login.json<{ csrfToken: string }>();
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    const invited = "elena.editora@vallenar.test";
    const invitation = await testApp.app.inject({
      method: "POST",
      url: `/api/municipalities/${cut}/invitations`,
      headers: { cookie, "x-csrf-token": csrfToken },
      payload: { email: invited, role: "editor" },
    });
    expect(invitation.statusCode, invitation.body).toBe(201);

    const page = await newPage();
    await page.goto(`${baseUrl}/invitacion`);
    await page.getByText("El enlace de invitación está incompleto.").waitFor();

    await page.goto(`${baseUrl}/invitacion?token=${await tokenMailedTo(invited)}`);
    await page.getByRole("heading", { level: 1, name: "Aceptar la invitación" }).waitFor();
    await page.getByRole("button", { name: "Activar mi cuenta" }).click();
    await page.getByText("Escriba su nombre.").waitFor();
    await expectAccessible(page, "invitation");
    await screenshot(page, "invitation");
    await page.getByLabel("Nombre para mostrar").fill("Elena Torres");
    await page.getByLabel("Contraseña nueva").fill("valle-del-huasco-2026");
    await page.getByLabel("Repita la contraseña").fill("valle-del-huasco-2026");
    await page.getByRole("button", { name: "Activar mi cuenta" }).click();
    await page.waitForURL(`${baseUrl}/`);
    await expect.poll(() => userButton(page).textContent()).toContain("Elena Torres");
    expect(await userButton(page).textContent()).toContain("Editor/a");
    await page.close();
  }, 60_000);

  it("fits a 360 px phone without horizontal scroll", async () => {
    const page = await newPage({ width: 360, height: 740 });
    const screens: Array<[string, string]> = [
      ["login-360", "/ingresar"],
      ["reset-request-360", "/restablecer"],
      ["reset-new-password-360", "/restablecer?token=un-enlace-de-ejemplo-para-la-captura"],
      ["invitation-360", "/invitacion?token=un-enlace-de-ejemplo-para-la-captura"],
    ];
    for (const [name, url] of screens) {
      await page.goto(`${baseUrl}${url}`);
      await page.locator("main h1").first().waitFor();
      await page.waitForLoadState("networkidle");
      await expectNoHorizontalScroll(page, name);
      await expectAccessible(page, name);
      await screenshot(page, name);
    }

    await page.goto(`${baseUrl}/ingresar`);
    await signIn(page, "sin-cuenta@vallenar.test", "una-contraseña-cualquiera");
    await page.getByText("Correo o contraseña incorrectos.").waitFor();
    await expectNoHorizontalScroll(page, "login-wrong-password-360");
    await screenshot(page, "login-wrong-password-360");

    await signIn(page, ADMIN.email);
    await page.waitForURL(`${baseUrl}/`);
    if (!hasHistory) await stubHistory(page);
    await page.goto(`${baseUrl}/m/${cut}/iniciativas/${item.id}`);
    await historySection(page).waitFor();
    await page.waitForLoadState("networkidle");
    const summaries = page.locator(".history-entry summary");
    for (let i = 0; i < (await summaries.count()); i++) await summaries.nth(i).click();
    await userButton(page).click();
    await expectNoHorizontalScroll(page, "item-history-360");
    await expectAccessible(page, "item-history-360");
    await screenshot(page, "item-history-360");
    await page.close();
  }, 120_000);

  it("ran without script errors or CSP violations", () => {
    expect(problems).toEqual([]);
  });
});
