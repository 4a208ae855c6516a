import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inTenant, SYSTEM } from "../../src/db/tenant";
import { readPlanFixture } from "../../src/modules/demo/fixture";
import { loadPlanFixture } from "../../src/modules/demo/load";
import { listOutbox } from "../../src/modules/mail/outbox";
import { ENGINES } from "../support/databases";
import { startTestApp, type TestApp } from "../support/app";
import { addUser, municipalityId, PASSWORD } from "../support/accounts";

const MINI = path.resolve(import.meta.dirname, "../../fixtures/test/mini-plan.json");

interface Session {
  cookie: string;
  csrf: string;
}

describe.each(ENGINES)("accounts API on %s", (engine) => {
  let t: TestApp;
  let vallenar = "";
  let other = "";
  let unitId = "";
  let otherUnitId = "";
  const ids: Record<string, string> = {};

  async function login(email: string, password = PASSWORD): Promise<Session> {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email, password },
    });
    expect(res.statusCode, res.body).toBe(200);
    return {
      cookie: String(res.headers["set-cookie"]).split(";")[0]!,
      csrf: res.json().csrfToken as string,
    };
  }

  function as(
    s: Session | null,
    method: "GET" | "POST" | "PATCH" | "DELETE",
    url: string,
    payload?: object,
  ) {
    return t.app.inject({
      method,
      url,
      headers: s ? { cookie: s.cookie, "x-csrf-token": s.csrf } : {},
      ...(payload ? { payload } : {}),
    });
  }

  /** The newest outbox message to that address, and the token of its link. */
  async function mailTo(email: string) {
    const messages = (await listOutbox(t.database.owner.db)).filter((m) => m.to === email);
    const last = messages[messages.length - 1];
    const token = last ? /\?token=([\w-]+)/.exec(last.body)?.[1] : undefined;
    return { count: messages.length, last, token };
  }

  async function auditText(): Promise<string> {
    const db = t.database.owner.db;
    const rows = await db.selectFrom("audit_log").selectAll().execute();
    return JSON.stringify(rows);
  }

  beforeAll(async () => {
    t = await startTestApp(engine);
    const db = t.database.owner.db;
    vallenar = await municipalityId(db, "03301");
    const fixture = readPlanFixture(MINI);
    fixture.municipality.cutCode = "03302";
    const loaded = await loadPlanFixture(db, fixture, { isDemo: false });
    if (loaded === "exists") throw new Error("unexpected");
    other = loaded.municipalityId;
    unitId = (
      await inTenant(db, vallenar, SYSTEM, ({ trx }) =>
        trx.selectFrom("org_unit").select("id").orderBy("name").executeTakeFirstOrThrow(),
      )
    ).id;
    otherUnitId = (
      await inTenant(db, other, SYSTEM, ({ trx }) =>
        trx.selectFrom("org_unit").select("id").executeTakeFirstOrThrow(),
      )
    ).id;
    ids.admin = await addUser(db, "admin@vallenar.test", {
      municipalityId: vallenar,
      role: "admin",
    });
    ids.viewer = await addUser(db, "viewer@vallenar.test", {
      municipalityId: vallenar,
      role: "viewer",
    });
    ids.both = await addUser(db, "ambas@municipio.test", {
      municipalityId: other,
      role: "editor",
      unitIds: [otherUnitId],
    });
    await addUser(db, "ambas@municipio.test", { municipalityId: vallenar, role: "viewer" });
    ids.operator = await addUser(db, "operador@rumbo.test", undefined, { isOperator: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  describe("password reset", () => {
    it("answers 202 for an unknown e-mail without sending anything", async () => {
      const before = (await listOutbox(t.database.owner.db)).length;
      const res = await as(null, "POST", "/api/auth/password-reset", { email: "nadie@nada.test" });
      expect(res.statusCode).toBe(202);
      expect((await listOutbox(t.database.owner.db)).length).toBe(before);
    });

    it("mails a one-hour link; the new password works, old sessions end, the link works once", async () => {
      await addUser(t.database.owner.db, "olvido@vallenar.test", {
        municipalityId: vallenar,
        role: "viewer",
      });
      const old = await login("olvido@vallenar.test");
      const res = await as(null, "POST", "/api/auth/password-reset", {
        email: "OLVIDO@vallenar.test",
      });
      expect(res.statusCode).toBe(202);
      const mail = await mailTo("olvido@vallenar.test");
      expect(mail.last?.subject).toMatch(/restablecer/i);
      expect(mail.last?.body).toContain("http://127.0.0.1:3000/restablecer?token=");
      const token = mail.token!;

      const short = await as(null, "POST", "/api/auth/password-reset/confirm", {
        token,
        password: "corta",
      });
      expect(short.statusCode).toBe(400);
      expect(short.json().detail).toMatch(/al menos 10 caracteres/);

      const newPassword = "una-clave-nueva-456";
      const ok = await as(null, "POST", "/api/auth/password-reset/confirm", {
        token,
        password: newPassword,
      });
      expect(ok.statusCode, ok.body).toBe(204);
      expect((await as(old, "GET", "/api/auth/me")).statusCode).toBe(401);
      await login("olvido@vallenar.test", newPassword);
      const hash = await t.database.owner.db
        .selectFrom("app_user")
        .select("password_hash")
        .where("email", "=", "olvido@vallenar.test")
        .executeTakeFirstOrThrow();
      expect(hash.password_hash).toMatch(/^\$argon2id\$/);

      const again = await as(null, "POST", "/api/auth/password-reset/confirm", {
        token,
        password: newPassword,
      });
      expect(again.statusCode).toBe(400);
      expect(again.json().detail).toMatch(/no es válido, ya se usó o venció/);
      const unknown = await as(null, "POST", "/api/auth/password-reset/confirm", {
        token: "x".repeat(43),
        password: newPassword,
      });
      expect(unknown.statusCode).toBe(400);

      const audit = await auditText();
      expect(audit).toContain("password_reset");
      expect(audit).not.toContain(token);
      expect(audit).not.toContain(newPassword);
    });

    it("refuses an expired link", async () => {
      await as(null, "POST", "/api/auth/password-reset", { email: "viewer@vallenar.test" });
      const { token } = await mailTo("viewer@vallenar.test");
      await t.database.owner.db
        .updateTable("one_time_token")
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where("purpose", "=", "password_reset")
        .where("user_id", "=", ids.viewer!)
        .execute();
      const res = await as(null, "POST", "/api/auth/password-reset/confirm", {
        token,
        password: "otra-clave-larga-789",
      });
      expect(res.statusCode).toBe(400);
      await login("viewer@vallenar.test");
    });
  });

  describe("invitations", () => {
    it("lets an administrator invite; the invitee creates an account and is signed in", async () => {
      const admin = await login("admin@vallenar.test");
      const viewer = await login("viewer@vallenar.test");
      const body = { email: "nueva@vallenar.test", role: "editor", unitIds: [unitId] };
      expect(
        (await as(null, "POST", "/api/municipalities/03301/invitations", body)).statusCode,
      ).toBe(401);
      expect(
        (await as(viewer, "POST", "/api/municipalities/03301/invitations", body)).statusCode,
      ).toBe(403);
      const foreign = await as(admin, "POST", "/api/municipalities/03301/invitations", {
        ...body,
        unitIds: [otherUnitId],
      });
      expect(foreign.statusCode).toBe(400);
      const res = await as(admin, "POST", "/api/municipalities/03301/invitations", body);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({
        email: "nueva@vallenar.test",
        role: "editor",
        unitIds: [unitId],
      });
      const days = (new Date(res.json().expiresAt).getTime() - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(6.9);
      expect(days).toBeLessThanOrEqual(7);

      const { last, token } = await mailTo("nueva@vallenar.test");
      expect(last?.body).toContain("http://127.0.0.1:3000/invitacion?token=");
      const accepted = await as(null, "POST", "/api/auth/invitations/accept", {
        token,
        password: "clave-de-la-nueva-1",
        displayName: "Nueva Editora",
      });
      expect(accepted.statusCode, accepted.body).toBe(200);
      expect(accepted.json()).toMatchObject({
        user: { email: "nueva@vallenar.test", displayName: "Nueva Editora", isOperator: false },
        memberships: [{ cutCode: "03301", role: "editor", unitIds: [unitId] }],
      });
      const cookie = String(accepted.headers["set-cookie"]).split(";")[0]!;
      const me = await t.app.inject({ url: "/api/auth/me", headers: { cookie } });
      expect(me.statusCode).toBe(200);
      await login("nueva@vallenar.test", "clave-de-la-nueva-1");

      const again = await as(null, "POST", "/api/auth/invitations/accept", {
        token,
        password: "clave-de-la-nueva-1",
        displayName: "Otra vez",
      });
      expect(again.statusCode).toBe(400);
      expect(
        (await as(admin, "POST", "/api/municipalities/03301/invitations", body)).statusCode,
      ).toBe(409);
      const audit = await auditText();
      expect(audit).toContain("invitation");
      expect(audit).not.toContain(token);
      expect(audit).not.toContain("clave-de-la-nueva-1");
    });

    it("adds a membership to an existing account without changing its password", async () => {
      const operator = await login("operador@rumbo.test");
      const res = await as(operator, "POST", "/api/municipalities/03302/invitations", {
        email: "viewer@vallenar.test",
        role: "validator",
      });
      expect(res.statusCode, res.body).toBe(201);
      const { token } = await mailTo("viewer@vallenar.test");
      const wrong = await as(null, "POST", "/api/auth/invitations/accept", {
        token,
        password: "no-es-la-clave-123",
        displayName: "Visor",
      });
      expect(wrong.statusCode).toBe(400);
      const ok = await as(null, "POST", "/api/auth/invitations/accept", {
        token,
        password: PASSWORD,
        displayName: "Visor",
      });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(
        ok
          .json()
          .memberships.map((m: { cutCode: string; role: string }) => `${m.cutCode}:${m.role}`),
      ).toEqual(["03301:viewer", "03302:validator"]);
      await login("viewer@vallenar.test", PASSWORD);
    });
  });

  describe("user management", () => {
    it("lists members with roles and units of this municipality only", async () => {
      const admin = await login("admin@vallenar.test");
      const res = await as(admin, "GET", "/api/municipalities/03301/users");
      expect(res.statusCode).toBe(200);
      const items = res.json().items as Array<{ email: string; role: string; unitIds: string[] }>;
      expect(items.map((i) => i.email)).toContain("ambas@municipio.test");
      expect(items.find((i) => i.email === "ambas@municipio.test")).toMatchObject({
        role: "viewer",
        unitIds: [],
      });
      expect(res.body).not.toContain(otherUnitId);
      expect(res.body).not.toContain("operador@rumbo.test");
      const viewer = await login("viewer@vallenar.test");
      expect((await as(viewer, "GET", "/api/municipalities/03301/users")).statusCode).toBe(403);
      expect((await as(admin, "GET", "/api/municipalities/03302/users")).statusCode).toBe(403);
    });

    it("changes role and units with optimistic versions, and audits them", async () => {
      const admin = await login("admin@vallenar.test");
      const id = await addUser(t.database.owner.db, "cambia@vallenar.test", {
        municipalityId: vallenar,
        role: "viewer",
      });
      const url = `/api/municipalities/03301/users/${id}`;
      const res = await as(admin, "PATCH", url, { role: "editor", unitIds: [unitId], version: 1 });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ role: "editor", unitIds: [unitId], version: 2 });
      expect((await as(admin, "PATCH", url, { role: "viewer", version: 1 })).statusCode).toBe(409);
      expect(
        (await as(admin, "PATCH", url, { unitIds: [otherUnitId], version: 2 })).statusCode,
      ).toBe(400);
      const me = await as(await login("cambia@vallenar.test"), "GET", "/api/auth/me");
      expect(me.json().memberships).toMatchObject([
        { cutCode: "03301", role: "editor", unitIds: [unitId] },
      ]);
      expect(await auditText()).toMatch(
        /"entity_type":"membership","entity_id":"[^"]+","before":\{"role":"viewer"\}/,
      );

      const self = await as(admin, "PATCH", `/api/municipalities/03301/users/${ids.admin}`, {
        role: "viewer",
        version: 1,
      });
      expect(self.statusCode).toBe(403);
      expect(self.json().detail).toMatch(/propio rol de administrador/);
    });

    it("disables a user: their cookie is refused at once; only the operator disables someone of two municipalities", async () => {
      const admin = await login("admin@vallenar.test");
      const id = await addUser(t.database.owner.db, "baja@vallenar.test", {
        municipalityId: vallenar,
        role: "viewer",
      });
      const victim = await login("baja@vallenar.test");
      expect((await as(victim, "GET", "/api/auth/me")).statusCode).toBe(200);
      const res = await as(admin, "PATCH", `/api/municipalities/03301/users/${id}`, {
        disabled: true,
        version: 1,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().disabled).toBe(true);
      expect((await as(victim, "GET", "/api/auth/me")).statusCode).toBe(401);
      const relogin = await as(null, "POST", "/api/auth/login", {
        email: "baja@vallenar.test",
        password: PASSWORD,
      });
      expect(relogin.statusCode).toBe(401);

      const both = (await as(admin, "GET", "/api/municipalities/03301/users"))
        .json()
        .items.find((i: { email: string }) => i.email === "ambas@municipio.test");
      const refused = await as(admin, "PATCH", `/api/municipalities/03301/users/${ids.both}`, {
        disabled: true,
        version: both.version,
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().detail).toMatch(/otra municipalidad/);
      const operator = await login("operador@rumbo.test");
      const allowed = await as(operator, "PATCH", `/api/municipalities/03301/users/${ids.both}`, {
        disabled: true,
        version: both.version,
      });
      expect(allowed.statusCode, allowed.body).toBe(200);
      const enabled = await as(operator, "PATCH", `/api/municipalities/03301/users/${ids.both}`, {
        disabled: false,
        version: allowed.json().version,
      });
      expect(enabled.json().disabled).toBe(false);
      expect(await auditText()).toContain('"action":"disable"');
    });

    it("removes a membership and keeps the account", async () => {
      const admin = await login("admin@vallenar.test");
      const id = await addUser(t.database.owner.db, "sale@vallenar.test", {
        municipalityId: vallenar,
        role: "viewer",
      });
      const res = await as(admin, "DELETE", `/api/municipalities/03301/users/${id}`);
      expect(res.statusCode).toBe(204);
      expect((await as(admin, "DELETE", `/api/municipalities/03301/users/${id}`)).statusCode).toBe(
        404,
      );
      const me = await as(await login("sale@vallenar.test"), "GET", "/api/auth/me");
      expect(me.json().memberships).toEqual([]);
      expect(
        (await as(admin, "DELETE", `/api/municipalities/03301/users/${ids.admin}`)).statusCode,
      ).toBe(403);
    });
  });

  describe("login protection", () => {
    it("answers the sixth wrong password with 429 and Retry-After", async () => {
      await addUser(t.database.owner.db, "intentos@vallenar.test");
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 6; i++) {
        last = await as(null, "POST", "/api/auth/login", {
          email: "intentos@vallenar.test",
          password: "mala-clave-000",
        });
        statuses.push(last.statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      expect(last!.headers["retry-after"]).toBe("900");
      expect(last!.json().detail).toMatch(/demasiados intentos/i);
    });

    it("refuses a cookie-authenticated write without the CSRF header, or from another origin", async () => {
      const admin = await login("admin@vallenar.test");
      const res = await t.app.inject({
        method: "POST",
        url: "/api/municipalities/03301/invitations",
        headers: { cookie: admin.cookie },
        payload: { email: "csrf@vallenar.test", role: "viewer" },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().title).toMatch(/CSRF/);
      const origin = await t.app.inject({
        method: "POST",
        url: "/api/municipalities/03301/invitations",
        headers: {
          cookie: admin.cookie,
          "x-csrf-token": admin.csrf,
          origin: "https://malo.example",
        },
        payload: { email: "csrf@vallenar.test", role: "viewer" },
      });
      expect(origin.statusCode).toBe(403);
      expect((await mailTo("csrf@vallenar.test")).count).toBe(0);
    });
  });
});
