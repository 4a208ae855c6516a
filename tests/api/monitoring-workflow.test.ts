import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../src/db/schema";
import { inTenant, SYSTEM } from "../../src/db/tenant";
import { checkPlan, recomputePlan } from "../../src/modules/monitoring/figures";
import { ENGINES } from "../support/databases";
import type { TestApp } from "../support/app";
import { apiCaller, type ApiSession, signedInMember, startWorkshopApp } from "../support/world";

/**
 * The indicator engine through the HTTP API: definition, the measurement
 * workflow, formula errors, evidence, figures, authorisation and audit.
 */

type Who = "admin" | "editor" | "other-editor" | "validator" | "viewer" | "anonymous";

function multipart(fileName: string, content: Buffer, claimedType = "image/png") {
  const boundary = "----rumbo-prueba-7d93";
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${claimedType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, content, tail]),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from("IHDR-prueba"),
]);

describe.each(ENGINES)("indicator engine API on %s", (engine) => {
  let t: TestApp;
  let municipalityId = "";
  let planId = "";
  let indicatorId = "";
  let evidenceIndicatorId = "";
  const sessions = new Map<Who, ApiSession | null>();

  const createUser = (email: string, role: Role, unitIds: string[] = []) =>
    signedInMember(t, municipalityId, email, role, { unitIds });
  const call = apiCaller(() => t.app, sessions);

  const owner = <T>(fn: Parameters<typeof inTenant<T>>[3]) =>
    inTenant(t.database.owner.db, municipalityId, SYSTEM, fn);

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
    baselineValue: 50,
    baselineDate: "2020-01-01",
    targetValue: 90,
    targetDate: "2025-12-31",
    targets: [
      { period: "2021", value: 60 },
      { period: "2023", value: 75 },
    ],
    periodicity: "quarter",
    graceDays: 30,
    category: "program_goal",
    programGoalType: "efficacy",
    dataSource: "Registro de DIDECO",
    verificationMeans: "Listas de asistencia",
  };

  beforeAll(async () => {
    const started = await startWorkshopApp(engine);
    ({ t, municipalityId } = started);
    const { workshop } = started;
    planId = workshop.planId;
    [indicatorId, evidenceIndicatorId] = workshop.indicatorIds as [string, string];
    const unit = workshop.unit;
    sessions.set("admin", await createUser("admin@prueba.test", "admin"));
    sessions.set(
      "editor",
      await createUser("editor@prueba.test", "editor", [unit("Protección Social")]),
    );
    sessions.set(
      "other-editor",
      await createUser("otro@prueba.test", "editor", [unit("Desarrollo Comunitario")]),
    );
    sessions.set("validator", await createUser("validador@prueba.test", "validator"));
    sessions.set("viewer", await createUser("concejal@prueba.test", "viewer"));
    sessions.set("anonymous", null);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("refuses a definition whose target contradicts its direction, saving nothing", async () => {
    const res = await call("admin", "PATCH", `/indicators/${indicatorId}`, {
      ...definition,
      targetValue: 40,
      targets: [{ period: "2021", value: 30 }],
      formula: "(realizadas / programadas) * 100 + otra",
    });
    expect(res.statusCode, res.body).toBe(400);
    const paths = (res.json().errors as Array<{ path: string; message: string }>).map(
      (e) => e.path,
    );
    expect(paths).toEqual(expect.arrayContaining(["targetValue", "targets.0.value", "variables"]));
    expect(res.json().errors[0].message).toMatch(/[a-záéíóúñ]/);
    const version = await owner(
      async ({ trx }) =>
        (
          await trx
            .selectFrom("indicator")
            .select("version")
            .where("id", "=", indicatorId)
            .executeTakeFirstOrThrow()
        ).version,
    );
    expect(version).toBe(1);
  });

  it("defines the indicator: formula, variables, direction, baseline, targets, periodicity", async () => {
    const res = await call("admin", "PATCH", `/indicators/${indicatorId}`, definition);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().version).toBe(2);
    const ev = await call("admin", "PATCH", `/indicators/${evidenceIndicatorId}`, {
      version: 1,
      kind: "evidence",
      periodicity: "year",
    });
    expect(ev.statusCode, ev.body).toBe(200);
  });

  it("runs the workflow: draft, submit, reject with reason, correct, validate, lock, reopen keeping history", async () => {
    const created = await call("editor", "POST", `/indicators/${indicatorId}/measurements`, {
      period: "2021-Q1",
      variables: { realizadas: 6, programadas: 10 },
      comment: "Primer trimestre",
    });
    expect(created.statusCode, created.body).toBe(201);
    const m = created.json();
    expect(m).toMatchObject({
      status: "draft",
      value: 60,
      period: "2021-Q1",
      periodStart: "2021-01-01",
      periodEnd: "2021-03-31",
    });

    const submitted = await call("editor", "POST", `/measurements/${m.id}/submit`, {
      version: m.version,
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json().status).toBe("submitted");

    const noReason = await call("validator", "POST", `/measurements/${m.id}/reject`, {
      version: 2,
      reason: "",
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors.map((e: { path: string }) => e.path)).toContain("body.reason");

    const rejected = await call("validator", "POST", `/measurements/${m.id}/reject`, {
      version: 2,
      reason: "Faltan las listas de asistencia",
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json()).toMatchObject({
      status: "rejected",
      rejectionReason: "Faltan las listas de asistencia",
    });

    const corrected = await call("editor", "PATCH", `/measurements/${m.id}`, {
      version: 3,
      variables: { realizadas: 7, programadas: 10 },
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json()).toMatchObject({ status: "draft", value: 70 });

    await call("editor", "POST", `/measurements/${m.id}/submit`, { version: 4 });
    const validated = await call("validator", "POST", `/measurements/${m.id}/validate`, {
      version: 5,
    });
    expect(validated.statusCode, validated.body).toBe(200);
    expect(validated.json().status).toBe("validated");

    const figure = await call("viewer", "GET", `/indicators/${indicatorId}/figure`);
    expect(figure.statusCode, figure.body).toBe(200);
    expect(figure.json()).toMatchObject({
      validatedCount: 1,
      latestValue: 70,
      latestPeriod: "2021-Q1",
    });
    expect(figure.json().explanation).toMatch(/1er trimestre 2021/);

    // A validated period is locked.
    const locked = await call("editor", "PATCH", `/measurements/${m.id}`, {
      version: 6,
      variables: { realizadas: 1, programadas: 10 },
    });
    expect(locked.statusCode).toBe(409);
    const again = await call("editor", "POST", `/indicators/${indicatorId}/measurements`, {
      period: "2021-Q1",
      variables: { realizadas: 1, programadas: 10 },
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().errors[0]).toMatchObject({ path: "period" });
    expect(again.json().errors[0].message).toMatch(/validada/);

    // A correction: reopened by a validator, the validated value stays in the history.
    const reopened = await call("validator", "POST", `/measurements/${m.id}/reopen`, {
      version: 6,
      reason: "Error de digitación",
    });
    expect(reopened.statusCode, reopened.body).toBe(200);
    const detail = await call("editor", "GET", `/measurements/${m.id}`);
    const revisions = detail.json().revisions as Array<{ status: string; value: number }>;
    expect(revisions.map((r) => r.status)).toEqual([
      "draft",
      "submitted",
      "rejected",
      "draft",
      "submitted",
      "validated",
    ]);
    expect(revisions.find((r) => r.status === "validated")!.value).toBe(70);
    const after = await call("viewer", "GET", `/indicators/${indicatorId}/figure`);
    expect(after.json()).toMatchObject({ validatedCount: 0, status: "no_data" });
  });

  it("answers formula and period mistakes with Spanish field errors and saves nothing", async () => {
    const count = () =>
      owner(
        async ({ trx }) =>
          (
            await trx
              .selectFrom("measurement")
              .select(trx.fn.countAll<number>().as("n"))
              .executeTakeFirstOrThrow()
          ).n,
      );
    const before = await count();
    const cases: Array<[object, string, RegExp]> = [
      [
        { period: "2022-Q1", variables: { realizadas: 1, programadas: 2, extra: 3 } },
        "variables.extra",
        /no existe/,
      ],
      [
        { period: "2022-Q1", variables: { realizadas: 1 } },
        "variables.programadas",
        /Falta el valor/,
      ],
      [
        { period: "2022-Q1", variables: { realizadas: 1, programadas: 0 } },
        "variables.programadas",
        /División por cero/,
      ],
      [
        { period: "2031-Q1", variables: { realizadas: 1, programadas: 2 } },
        "period",
        /fuera del plan/,
      ],
      [{ period: "2022", variables: { realizadas: 1, programadas: 2 } }, "period", /trimestre/],
      [
        { period: "ayer", variables: { realizadas: 1, programadas: 2 } },
        "period",
        /no es un período/,
      ],
    ];
    for (const [body, path, message] of cases) {
      const res = await call("editor", "POST", `/indicators/${indicatorId}/measurements`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      const error = (res.json().errors as Array<{ path: string; message: string }>).find(
        (e) => e.path === path,
      );
      expect(error, res.body).toBeDefined();
      expect(error!.message).toMatch(message);
    }
    expect(await count()).toBe(before);
  });

  it("stores evidence checked by its content, refuses other types and large files, serves it as an attachment", async () => {
    const created = await call(
      "editor",
      "POST",
      `/indicators/${evidenceIndicatorId}/measurements`,
      { period: "2021" },
    );
    expect(created.statusCode, created.body).toBe(201);
    const m = created.json();
    const noFile = await call("editor", "POST", `/measurements/${m.id}/submit`, { version: 1 });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().errors[0].path).toBe("evidence");

    const fake = multipart("foto.png", Buffer.from("<script>alert(1)</script>"), "image/png");
    const wrong = await call("editor", "POST", `/measurements/${m.id}/evidence`, undefined, {
      headers: fake.headers,
      raw: fake.payload,
    });
    expect(wrong.statusCode, wrong.body).toBe(415);
    expect(wrong.json().errors[0].path).toBe("file");

    const big = multipart(
      "grande.pdf",
      Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(10 * 1024 * 1024)]),
      "application/pdf",
    );
    const large = await call("editor", "POST", `/measurements/${m.id}/evidence`, undefined, {
      headers: big.headers,
      raw: big.payload,
    });
    expect(large.statusCode, large.body).toBe(413);
    expect(large.json().errors[0].path).toBe("file");

    const good = multipart("../asistencia taller.png", PNG, "application/octet-stream");
    const up = await call("editor", "POST", `/measurements/${m.id}/evidence`, undefined, {
      headers: good.headers,
      raw: good.payload,
    });
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json()).toMatchObject({ contentType: "image/png", size: PNG.length });
    expect(up.json().sha256).toMatch(/^[0-9a-f]{64}$/);

    const down = await call("viewer", "GET", `/evidence/${up.json().id}`);
    expect(down.statusCode).toBe(200);
    expect(down.headers["content-type"]).toBe("image/png");
    expect(down.headers["content-disposition"]).toMatch(
      /^attachment; filename="asistencia taller.png"/,
    );
    expect(down.rawPayload.equals(PNG)).toBe(true);
    expect((await call("anonymous", "GET", `/evidence/${up.json().id}`)).statusCode).toBe(401);

    const sent = await call("editor", "POST", `/measurements/${m.id}/submit`, { version: 1 });
    expect(sent.statusCode, sent.body).toBe(200);
    const late = await call("editor", "POST", `/measurements/${m.id}/evidence`, undefined, {
      headers: good.headers,
      raw: good.payload,
    });
    expect(late.statusCode).toBe(409);
  });

  it("authorises: other unit's editor 403, viewer 403, validator cannot report, editor cannot validate, anonymous 401", async () => {
    const body = { period: "2022-Q2", variables: { realizadas: 1, programadas: 2 } };
    const url = `/indicators/${indicatorId}/measurements`;
    expect((await call("other-editor", "POST", url, body)).statusCode).toBe(403);
    expect((await call("viewer", "POST", url, body)).statusCode).toBe(403);
    expect((await call("validator", "POST", url, body)).statusCode).toBe(403);
    expect((await call("anonymous", "POST", url, body)).statusCode).toBe(401);
    const m = (await call("editor", "POST", url, body)).json();
    await call("editor", "POST", `/measurements/${m.id}/submit`, { version: 1 });
    expect(
      (await call("editor", "POST", `/measurements/${m.id}/validate`, { version: 2 })).statusCode,
    ).toBe(403);
    expect(
      (await call("viewer", "POST", `/measurements/${m.id}/validate`, { version: 2 })).statusCode,
    ).toBe(403);
    expect(
      (await call("anonymous", "POST", `/measurements/${m.id}/validate`, { version: 2 }))
        .statusCode,
    ).toBe(401);
    expect(
      (await call("other-editor", "PATCH", `/indicators/${indicatorId}`, definition)).statusCode,
    ).toBe(403);
    expect((await call("anonymous", "GET", `/alerts`)).statusCode).toBe(401);
    // Outside the municipality only validated measurements are visible.
    const list = await call("anonymous", "GET", url);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.every((x: { status: string }) => x.status === "validated")).toBe(true);
  });

  it("keeps the precomputed figures equal to a computation from scratch after a series of changes", async () => {
    const url = `/indicators/${indicatorId}/measurements`;
    const quarters = ["2022-Q3", "2022-Q4", "2023-Q1", "2023-Q2", "2023-Q3"];
    for (const [i, period] of quarters.entries()) {
      const m = (
        await call("editor", "POST", url, {
          period,
          variables: { realizadas: 6 + i, programadas: 10 },
        })
      ).json();
      await call("editor", "POST", `/measurements/${m.id}/submit`, { version: 1 });
      const v = await call("validator", "POST", `/measurements/${m.id}/validate`, { version: 2 });
      expect(v.statusCode, v.body).toBe(200);
      expect(await owner(({ trx }) => checkPlan(trx, planId))).toEqual([]);
    }
    const last = (await call("viewer", "GET", url)).json().items.at(-1);
    await call("validator", "POST", `/measurements/${last.id}/reopen`, {
      version: last.version,
      reason: "Revisión",
    });
    expect(await owner(({ trx }) => checkPlan(trx, planId))).toEqual([]);

    const figure = (await call("viewer", "GET", `/indicators/${indicatorId}/figure`)).json();
    expect(figure.validatedCount).toBe(4);
    expect(figure.forecast).not.toBeNull();
    expect(figure.forecast.low).toBeLessThanOrEqual(figure.forecast.value);
    expect(figure.forecast.probability).toBeGreaterThanOrEqual(0);

    const plan = await call("anonymous", "GET", `/plans/${planId}/figures`);
    expect(plan.statusCode, plan.body).toBe(200);
    const dims = new Set(plan.json().groups.map((g: { dimension: string }) => g.dimension));
    for (const d of ["plan", "axis", "unit", "territory", "sdg", "funding"])
      expect(dims).toContain(d);

    // A deliberate corruption is found by the check, and a recompute repairs it.
    await owner(({ trx }) =>
      trx.updateTable("item_figure").set({ on_track: 99 }).where("plan_id", "=", planId).execute(),
    );
    expect((await owner(({ trx }) => checkPlan(trx, planId))).length).toBeGreaterThan(0);
    await owner(({ trx }) => recomputePlan(trx, planId, "2024-01-01"));
    expect(await owner(({ trx }) => checkPlan(trx, planId))).toEqual([]);
  });

  it("records an audit row for every change, with the actor", async () => {
    const rows = await owner(({ trx }) =>
      trx
        .selectFrom("audit_log")
        .select(["entity_type", "action", "actor_label"])
        .where("entity_type", "in", ["measurement", "evidence", "indicator"])
        .execute(),
    );
    const labels = new Set(rows.map((r) => `${r.entity_type}:${r.action}:${r.actor_label}`));
    expect(labels).toContain("measurement:create:editor@prueba.test");
    expect(labels).toContain("measurement:update:validador@prueba.test");
    expect(labels).toContain("evidence:create:editor@prueba.test");
    expect(labels).toContain("indicator:update:admin@prueba.test");
  });
});
