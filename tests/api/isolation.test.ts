import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inTenant, SYSTEM } from "../../src/db/tenant";
import { readPlanFixture } from "../../src/modules/demo/fixture";
import { loadPlanFixture } from "../../src/modules/demo/load";
import type { Role } from "../../src/db/schema";
import { ENGINES } from "../support/databases";
import { startTestApp, type TestApp } from "../support/app";
import { preview } from "../support/imports";
import { templateWorkbook } from "../support/workbooks";
import { addMember, type ApiSession, MINI, sessionHeaders, signIn } from "../support/world";

/**
 * Proof of isolation: every registered route, for every role of one
 * municipality (Vallenar) and for anonymous visitors, is tried against the
 * resources of another municipality (Freirina) by id, in the path and in the
 * body. Every attempt must be refused, no byte of Freirina's data may come
 * back, and Freirina's data must be unchanged afterwards.
 *
 * The platform operator is left out on purpose: they administer every
 * municipality. A route with a path parameter this probe does not know fails
 * the test, so new routes must be added to the probe.
 */
const SECRET = "ZZSECRETO";
const ROLES: Array<Role | "anonymous"> = ["admin", "editor", "validator", "viewer", "anonymous"];
const HOSTILE = ["' or '1'='1", "1; drop table plan_item;--", "../../etc/passwd", "%00", "$(id)"];

function checksumQuery() {
  return sql<{ t: string; n: number; h: string }>`
    select 'plan_item' as t, count(*)::int as n, coalesce(md5(string_agg(to_jsonb(x)::text, ',' order by x.id)), '') as h from plan_item x
    union all select 'plan', count(*)::int, coalesce(md5(string_agg(to_jsonb(x)::text, ',' order by x.id)), '') from plan x
    union all select 'org_unit', count(*)::int, coalesce(md5(string_agg(to_jsonb(x)::text, ',' order by x.id)), '') from org_unit x
    union all select 'territory', count(*)::int, coalesce(md5(string_agg(to_jsonb(x)::text, ',' order by x.id)), '') from territory x
    union all select 'indicator', count(*)::int, coalesce(md5(string_agg(to_jsonb(x)::text, ',' order by x.id)), '') from indicator x
    union all select 'membership', count(*)::int, coalesce(md5(string_agg(to_jsonb(x)::text, ',' order by x.user_id)), '') from membership x
    union all select 'audit_log', count(*)::int, coalesce(md5(string_agg(to_jsonb(x)::text, ',' order by x.id)), '') from audit_log x
    order by 1`;
}

describe.each(ENGINES)("isolation probes on %s", (engine) => {
  let t: TestApp;
  const sessions = new Map<string, ApiSession | null>();
  const ids: Record<string, string> = {};
  let freirinaId = "";

  beforeAll(async () => {
    t = await startTestApp(engine);
    const db = t.database.owner.db;
    const fixture = readPlanFixture(MINI);
    const secret = structuredClone(fixture);
    secret.municipality.cutCode = "03302";
    secret.plan.title = `${SECRET} plan de Freirina`;
    secret.plan.vision = `${SECRET} visión`;
    secret.units = secret.units.map((u) => ({ ...u, name: `${SECRET} ${u.name}` }));
    secret.territories = secret.territories.map((x) => ({ ...x, name: `${SECRET} ${x.name}` }));
    const rename = (items: typeof secret.plan.items): typeof secret.plan.items =>
      items.map((i) => ({
        ...i,
        title: `${SECRET} ${i.title}`,
        indicators: i.indicators.map((x) => ({ ...x, text: `${SECRET} ${x.text}` })),
        children: rename(i.children),
      }));
    secret.plan.items = rename(secret.plan.items);
    const loaded = await loadPlanFixture(db, secret, { isDemo: false, publish: false });
    if (loaded === "exists") throw new Error("unexpected");
    freirinaId = loaded.municipalityId;

    await inTenant(db, freirinaId, SYSTEM, async ({ trx }) => {
      ids.planId = loaded.planId;
      const item = await trx
        .selectFrom("plan_item")
        .select("id")
        .where("level_key", "=", "activity")
        .orderBy("code")
        .executeTakeFirstOrThrow();
      ids.itemId = item.id;
      ids.unitId = (await trx.selectFrom("org_unit").select("id").executeTakeFirstOrThrow()).id;
      ids.territoryId = (
        await trx.selectFrom("territory").select("id").executeTakeFirstOrThrow()
      ).id;
      ids.indicatorId = (
        await trx.selectFrom("indicator").select("id").executeTakeFirstOrThrow()
      ).id;
      // The indicator engine: a measurement with evidence, and an alert.
      ids.measurementId = (
        await trx
          .insertInto("measurement")
          .values({
            municipality_id: freirinaId,
            indicator_id: ids.indicatorId,
            period_key: "2021",
            period_start: "2021-01-01",
            period_end: "2021-12-31",
            value: 1,
            comment: `${SECRET} comentario`,
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
      ids.evidenceId = (
        await trx
          .insertInto("evidence")
          .values({
            municipality_id: freirinaId,
            measurement_id: ids.measurementId,
            file_name: `${SECRET}.pdf`,
            content_type: "application/pdf",
            size: 13,
            sha256: "0".repeat(64),
            content: Buffer.from(`%PDF-${SECRET}`),
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
      ids.alertId = (
        await trx
          .insertInto("alert")
          .values({
            municipality_id: freirinaId,
            plan_id: loaded.planId,
            rule: "item_overdue",
            subject_type: "item",
            subject_id: ids.itemId,
            item_id: ids.itemId,
            message: `${SECRET} alerta`,
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
      // The map (issue #7): a prioritised problem of Freirina's.
      ids.problemId = (
        await trx
          .insertInto("territorial_problem")
          .values({
            municipality_id: freirinaId,
            title: `${SECRET} problema`,
            priority: 1,
            territory_id: ids.territoryId,
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    });
    ids.userId = await addMember(db, freirinaId, "admin@freirina.test", "admin");
    sessions.set("freirina-admin", await signIn(t.app, "admin@freirina.test"));
    // An import preview of Freirina's, kept on the server, with the secret in it.
    const freirinaAdmin = sessions.get("freirina-admin")!;
    const workbook = templateWorkbook([
      [
        null,
        `${SECRET} eje`,
        null,
        null,
        null,
        null,
        "OL",
        "Acción",
        "Actividad",
        null,
        null,
        null,
      ],
    ]);
    ids.jobId = (
      await preview(
        t.app,
        { email: "", userId: "", cookie: freirinaAdmin.cookie, csrfToken: freirinaAdmin.csrf },
        "03302",
        Buffer.from(await workbook.xlsx.writeBuffer()),
      )
    ).id;

    const vallenar = await db
      .selectFrom("municipality")
      .select("id")
      .where("cut_code", "=", "03301")
      .executeTakeFirstOrThrow();
    const vallenarUnit = await inTenant(db, vallenar.id, SYSTEM, ({ trx }) =>
      trx.selectFrom("org_unit").select("id").executeTakeFirstOrThrow(),
    );
    for (const role of ROLES) {
      if (role === "anonymous") {
        sessions.set(role, null);
        continue;
      }
      await addMember(db, vallenar.id, `${role}@vallenar.test`, role, {
        unitIds: role === "editor" ? [vallenarUnit.id] : [],
      });
      sessions.set(role, await signIn(t.app, `${role}@vallenar.test`));
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  async function freirinaChecksum() {
    return inTenant(
      t.database.owner.db,
      freirinaId,
      SYSTEM,
      async ({ trx }) => (await checksumQuery().execute(trx)).rows,
    );
  }

  function hostileBody(): Record<string, unknown> {
    const list = [ids.unitId, ids.territoryId, ids.itemId];
    return {
      version: 1,
      title: "intento",
      name: "intento",
      email: "intruso@vallenar.test",
      role: "admin",
      parentId: ids.itemId,
      planId: ids.planId,
      itemId: ids.itemId,
      unitId: ids.unitId,
      userId: ids.userId,
      municipalityId: freirinaId,
      levelKey: "activity",
      unitIds: list,
      responsibleUnitIds: [ids.unitId],
      coResponsibleUnitIds: [ids.unitId],
      territoryIds: [ids.territoryId],
      dependsOn: [ids.itemId],
      position: 0,
    };
  }

  function fill(url: string, cut: string, override?: string): string {
    return url.replace(/:(\w+)/g, (_, name: string) => {
      if (override !== undefined) return encodeURIComponent(override);
      if (name === "cut") return cut;
      const id = ids[name];
      if (!id)
        throw new Error(`La prueba de aislamiento no conoce el parámetro :${name} de ${url}`);
      return id;
    });
  }

  function probedRoutes() {
    return t.app.routeList.filter(
      (r) =>
        r.url.startsWith("/api/") &&
        !r.url.startsWith("/api/auth/") &&
        r.url !== "/api/openapi.json",
    );
  }

  it("has Freirina's data where Freirina's own administrator can read it (the probe is not vacuous)", async () => {
    const s = sessions.get("freirina-admin")!;
    const res = await t.app.inject({
      url: `/api/municipalities/03302/items/${ids.itemId}`,
      headers: { cookie: s.cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(SECRET);
    expect(probedRoutes().length).toBeGreaterThanOrEqual(5);
  });

  it("refuses every route, for every role, on another municipality's ids, and leaks nothing", async () => {
    const before = await freirinaChecksum();
    const failures: string[] = [];
    let attempts = 0;
    for (const role of ROLES) {
      const s = sessions.get(role) ?? null;
      for (const route of probedRoutes()) {
        for (const cut of ["03301", "03302"]) {
          const url = fill(route.url, cut);
          const write = route.method !== "GET";
          const res = await t.app.inject({
            method: route.method as "GET",
            url,
            headers: sessionHeaders(s),
            ...(write ? { payload: hostileBody() } : {}),
          });
          attempts += 1;
          const ok = res.statusCode >= 200 && res.statusCode < 300;
          // Public, municipality-level facts (the list, a name, zero published plans) may be read.
          if ((write && ok) || res.statusCode >= 500 || res.body.includes(SECRET))
            failures.push(
              `${role} ${route.method} ${url} → ${res.statusCode} ${res.body.slice(0, 200)}`,
            );
        }
      }
    }
    expect(failures).toEqual([]);
    expect(attempts).toBeGreaterThan(0);
    expect(await freirinaChecksum()).toEqual(before);
  });

  it("answers hostile strings in every path parameter with 4xx, never 500", async () => {
    const admin = sessions.get("admin")!;
    const failures: string[] = [];
    for (const route of probedRoutes().filter((r) => r.url.includes(":"))) {
      for (const hostile of HOSTILE) {
        const res = await t.app.inject({
          method: route.method as "GET",
          url: fill(route.url, "03301", hostile),
          headers: sessionHeaders(admin),
          ...(route.method !== "GET" ? { payload: hostileBody() } : {}),
        });
        if (res.statusCode < 400 || res.statusCode >= 500)
          failures.push(`${route.method} ${route.url} with ${hostile} → ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("refuses a session cookie of Freirina on Vallenar's private data", async () => {
    const s = sessions.get("freirina-admin")!;
    const res = await t.app.inject({
      method: "GET",
      url: "/api/municipalities/03301/plans",
      headers: { cookie: s.cookie },
    });
    // Vallenar's published demo plan is public; its unpublished plans, if any, are not listed.
    expect(res.statusCode).toBe(200);
    const plans = res.json().items as Array<{ title: string }>;
    expect(plans.every((p) => !p.title.includes(SECRET))).toBe(true);
  });
});
