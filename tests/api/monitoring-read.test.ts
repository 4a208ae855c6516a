import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../src/db/schema";
import { inTenant, SYSTEM } from "../../src/db/tenant";
import { readPlanFixture } from "../../src/modules/demo/fixture";
import { loadPlanFixture } from "../../src/modules/demo/load";
import { getIndicator } from "../../src/modules/indicators/service";
import { recomputePlan } from "../../src/modules/monitoring/figures";
import { ENGINES } from "../support/databases";
import type { TestApp } from "../support/app";
import {
  apiCaller,
  type ApiSession,
  MINI,
  signedInMember,
  startWorkshopApp,
  WORKSHOP_CUT as CUT,
} from "../support/world";

/**
 * What the dashboard, the report form and the validator's queue read: the
 * indicator definition in the item detail, the municipality's measurement
 * queue, the tree's item tags, the simulated-data flags and evidence counts.
 */
const OTHER_CUT = "03302";
const SECRET = "ZZAJENO";

type Who = "admin" | "editor" | "validator" | "viewer" | "anonymous" | "other-validator";

describe.each(ENGINES)("monitoring reads on %s", (engine) => {
  let t: TestApp;
  let municipalityId = "";
  let otherId = "";
  let planId = "";
  let itemId = "";
  let indicatorId = "";
  let evidenceIndicatorId = "";
  const sessions = new Map<Who, ApiSession | null>();

  const createUser = (email: string, municipality: string, role: Role, unitIds: string[] = []) =>
    signedInMember(t, municipality, email, role, { unitIds, displayName: `Persona ${role}` });
  const call = apiCaller(() => t.app, sessions);

  const owner = <T>(id: string, fn: Parameters<typeof inTenant<T>>[3]) =>
    inTenant(t.database.owner.db, id, SYSTEM, fn);

  beforeAll(async () => {
    const started = await startWorkshopApp(engine);
    ({ t, municipalityId } = started);
    const { workshop } = started;
    const db = t.database.owner.db;
    // Another municipality with a submitted measurement that must never show here.
    const other = structuredClone(readPlanFixture(MINI));
    other.municipality.cutCode = OTHER_CUT;
    const loaded = await loadPlanFixture(db, other, { isDemo: false, publish: false });
    if (loaded === "exists") throw new Error("unexpected");
    otherId = loaded.municipalityId;
    await owner(otherId, async ({ trx }) => {
      const indicator = await trx.selectFrom("indicator").select("id").executeTakeFirstOrThrow();
      await trx
        .insertInto("measurement")
        .values({
          municipality_id: otherId,
          indicator_id: indicator.id,
          period_key: "2021",
          period_start: "2021-01-01",
          period_end: "2021-12-31",
          value: 1,
          status: "submitted",
          submitted_at: new Date(),
          comment: `${SECRET} comentario`,
        })
        .execute();
    });

    planId = workshop.planId;
    itemId = workshop.itemId;
    [indicatorId, evidenceIndicatorId] = workshop.indicatorIds as [string, string];
    const unit = workshop.unit;
    sessions.set("admin", await createUser("admin@lectura.test", municipalityId, "admin"));
    sessions.set(
      "editor",
      await createUser("editor@lectura.test", municipalityId, "editor", [
        unit("Protección Social"),
      ]),
    );
    sessions.set(
      "validator",
      await createUser("validador@lectura.test", municipalityId, "validator"),
    );
    sessions.set("viewer", await createUser("concejal@lectura.test", municipalityId, "viewer"));
    sessions.set("other-validator", await createUser("validador@otra.test", otherId, "validator"));
    sessions.set("anonymous", null);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("gives each indicator of the item detail its definition, as the indicators API does", async () => {
    const definition = {
      version: 1,
      kind: "formula",
      formula: "(realizadas / programadas) * 100",
      variables: [
        { name: "realizadas", label: "Capacitaciones realizadas" },
        { name: "programadas", label: "Capacitaciones programadas" },
      ],
      valueType: "percentage",
      direction: "increase",
      baselinePending: true,
      targetValue: 90,
      targetDate: "2025-12-31",
      targets: [
        { period: "2023", value: 75 },
        { period: "2021", value: 60 },
      ],
      periodicity: "quarter",
      graceDays: 30,
      category: "program_goal",
      programGoalType: "efficacy",
      dataSource: "Registro de DIDECO",
      verificationMeans: "Listas de asistencia",
    };
    const patched = await call("admin", "PATCH", `/indicators/${indicatorId}`, definition);
    expect(patched.statusCode, patched.body).toBe(200);
    const ev = await call("admin", "PATCH", `/indicators/${evidenceIndicatorId}`, {
      version: 1,
      kind: "evidence",
      periodicity: "year",
    });
    expect(ev.statusCode, ev.body).toBe(200);

    const res = await call("viewer", "GET", `/items/${itemId}`);
    expect(res.statusCode, res.body).toBe(200);
    const [first, second] = res.json().indicators;
    expect(first).toMatchObject({
      id: indicatorId,
      variables: definition.variables,
      periodicity: "quarter",
      graceDays: 30,
      targets: [
        { period: "2021", value: 60 },
        { period: "2023", value: 75 },
      ],
      targetValue: 90,
      targetDate: "2025-12-31",
      direction: "increase",
      valueType: "percentage",
      baselineDate: null,
      baselinePending: true,
      category: "program_goal",
      programGoalType: "efficacy",
      dataSource: "Registro de DIDECO",
      verificationMeans: "Listas de asistencia",
    });
    expect(second).toMatchObject({
      id: evidenceIndicatorId,
      kind: "evidence",
      variables: [],
      targets: [],
    });
    // The same mapping as the indicators API's answers (one function, read.ts).
    const direct = await owner(municipalityId, ({ trx }) =>
      getIndicator(trx, municipalityId, indicatorId),
    );
    const { itemId: _itemId, ...rest } = direct!;
    expect(first).toEqual(rest);
  });

  it("tags every node of the tree with its units, territories, SDG goals and funding sources", async () => {
    const res = await call("anonymous", "GET", `/plans/${planId}/tree`);
    expect(res.statusCode, res.body).toBe(200);
    type Node = {
      id: string;
      unitIds: string[];
      territoryIds: string[];
      sdgGoals: number[];
      fundingSourceCodes: string[];
      children: Node[];
    };
    const all: Node[] = [];
    const walk = (nodes: Node[]) => nodes.forEach((n) => (all.push(n), walk(n.children)));
    walk(res.json().items);
    const node = all.find((n) => n.id === itemId)!;
    const detail = (await call("viewer", "GET", `/items/${itemId}`)).json();
    expect([...node.unitIds].sort()).toEqual(
      detail.responsibleUnits.map((u: { id: string }) => u.id).sort(),
    );
    expect(node.unitIds).toHaveLength(2);
    expect(node.territoryIds).toEqual(detail.territories.map((x: { id: string }) => x.id));
    expect(node.territoryIds).toHaveLength(1);
    expect(node.sdgGoals).toEqual([4]);
    expect([...node.fundingSourceCodes].sort()).toEqual(
      [...new Set(detail.funding.map((f: { sourceCode: string }) => f.sourceCode))].sort(),
    );
    for (const n of all) {
      expect(Array.isArray(n.unitIds) && Array.isArray(n.sdgGoals)).toBe(true);
      expect(Array.isArray(n.territoryIds) && Array.isArray(n.fundingSourceCodes)).toBe(true);
    }
  });

  it("lists the municipality's submitted measurements for validators, newest first, with their context", async () => {
    const a = await call("editor", "POST", `/indicators/${indicatorId}/measurements`, {
      period: "2021-Q1",
      variables: { realizadas: 6, programadas: 10 },
      comment: "Primer trimestre",
    });
    expect(a.statusCode, a.body).toBe(201);
    const b = await call("editor", "POST", `/indicators/${indicatorId}/measurements`, {
      period: "2021-Q2",
      variables: { realizadas: 8, programadas: 10 },
    });
    expect(b.statusCode, b.body).toBe(201);
    const draft = await call("editor", "POST", `/indicators/${indicatorId}/measurements`, {
      period: "2021-Q3",
      variables: { realizadas: 1, programadas: 10 },
    });
    expect(draft.statusCode, draft.body).toBe(201);
    expect(
      (await call("editor", "POST", `/measurements/${a.json().id}/submit`, { version: 1 }))
        .statusCode,
    ).toBe(200);
    await new Promise((r) => setTimeout(r, 20));
    expect(
      (await call("admin", "POST", `/measurements/${b.json().id}/submit`, { version: 1 }))
        .statusCode,
    ).toBe(200);

    const res = await call("validator", "GET", "/measurements?status=submitted");
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    expect(page).toMatchObject({ total: 2, limit: 50, offset: 0 });
    expect(page.items.map((m: { id: string }) => m.id)).toEqual([b.json().id, a.json().id]);
    expect(page.items[1]).toMatchObject({
      period: "2021-Q1",
      status: "submitted",
      value: 60,
      variables: { realizadas: 6, programadas: 10 },
      comment: "Primer trimestre",
      evidenceCount: 0,
      submittedBy: "Persona editor",
      indicator: { id: indicatorId },
      item: { id: itemId, title: "Talleres de formación", planId },
    });
    expect(page.items[0].submittedBy).toBe("Persona admin");
    expect(page.items[1].indicator.name).toEqual(expect.any(String));
    expect(page.items[1].item.code).toEqual(expect.any(String));
    expect(new Date(page.items[1].submittedAt).getTime()).toBeGreaterThan(0);
    expect(res.body).not.toContain(SECRET);

    const paged = await call("admin", "GET", "/measurements?status=submitted&limit=1&offset=1");
    expect(paged.statusCode).toBe(200);
    expect(paged.json()).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(paged.json().items.map((m: { id: string }) => m.id)).toEqual([a.json().id]);

    const every = await call("admin", "GET", "/measurements");
    expect(every.json().total).toBe(3);
    expect(every.body).not.toContain(SECRET);

    const bad = await call("admin", "GET", "/measurements?status=todas");
    expect(bad.statusCode).toBe(400);
  });

  it("refuses the queue to viewers (403), editors (403) and anonymous visitors (401), and across municipalities", async () => {
    expect((await call("viewer", "GET", "/measurements?status=submitted")).statusCode).toBe(403);
    expect((await call("editor", "GET", "/measurements?status=submitted")).statusCode).toBe(403);
    expect((await call("anonymous", "GET", "/measurements?status=submitted")).statusCode).toBe(401);
    // A validator of another municipality is nobody here.
    const foreign = await call("other-validator", "GET", "/measurements?status=submitted");
    expect(foreign.statusCode).toBe(403);
    // And in their own municipality they see their own measurement only.
    const own = await call("other-validator", "GET", "/measurements?status=submitted", undefined, {
      cut: OTHER_CUT,
    });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().total).toBe(1);
    expect(own.json().items[0].comment).toContain(SECRET);
    expect(own.body).not.toContain(itemId);
  });

  it("counts evidence in the per-indicator list and the queue", async () => {
    const created = await call(
      "editor",
      "POST",
      `/indicators/${evidenceIndicatorId}/measurements`,
      {
        period: "2021",
      },
    );
    expect(created.statusCode, created.body).toBe(201);
    const boundary = "----rumbo-lectura";
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from("IHDR-prueba"),
    ]);
    const s = sessions.get("editor")!;
    const up = await t.app.inject({
      method: "POST",
      url: `/api/municipalities/${CUT}/measurements/${created.json().id}/evidence`,
      headers: {
        cookie: s.cookie,
        "x-csrf-token": s.csrf,
        "content-type": `multipart/form-data; boundary=${boundary}`,
      },
      payload: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="foto.png"\r\nContent-Type: image/png\r\n\r\n`,
        ),
        png,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    expect(up.statusCode, up.body).toBe(201);
    const list = await call("viewer", "GET", `/indicators/${evidenceIndicatorId}/measurements`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items[0]).toMatchObject({ id: created.json().id, evidenceCount: 1 });
    const others = await call("viewer", "GET", `/indicators/${indicatorId}/measurements`);
    expect(others.json().items.every((m: { evidenceCount: number }) => m.evidenceCount === 0)).toBe(
      true,
    );
    const submitted = await call("editor", "POST", `/measurements/${created.json().id}/submit`, {
      version: 1,
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    const queue = await call("validator", "GET", "/measurements?status=submitted");
    const entry = queue.json().items.find((m: { id: string }) => m.id === created.json().id);
    expect(entry).toMatchObject({
      evidenceCount: 1,
      indicator: { id: evidenceIndicatorId, kind: "evidence" },
    });
  });

  it("flags figures built on simulated measurements", async () => {
    const before = await call("anonymous", "GET", `/plans/${planId}/figures`);
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json().hasSimulated).toBe(false);
    const figure = await call("viewer", "GET", `/indicators/${indicatorId}/figure`);
    expect(figure.statusCode, figure.body).toBe(200);
    expect(figure.json().isSimulated).toBe(false);

    await owner(municipalityId, async ({ trx }) => {
      await trx
        .insertInto("measurement")
        .values({
          municipality_id: municipalityId,
          indicator_id: indicatorId,
          period_key: "2022-Q1",
          period_start: "2022-01-01",
          period_end: "2022-03-31",
          value: 70,
          variables: JSON.stringify({ realizadas: 7, programadas: 10 }),
          status: "validated",
          validated_at: new Date(),
          is_simulated: true,
        })
        .execute();
      await recomputePlan(trx, planId);
    });
    const after = await call("anonymous", "GET", `/plans/${planId}/figures`);
    expect(after.json().hasSimulated).toBe(true);
    const flagged = await call("viewer", "GET", `/indicators/${indicatorId}/figure`);
    expect(flagged.json()).toMatchObject({ isSimulated: true, validatedCount: 1 });
    const evidenceFigure = await call("viewer", "GET", `/indicators/${evidenceIndicatorId}/figure`);
    expect(evidenceFigure.json().isSimulated).toBe(false);
  });
});
