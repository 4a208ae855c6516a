import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IN_MEMORY, openDatabase, type DatabaseHandle } from "../../src/db/connection";
import { inTenant, SYSTEM } from "../../src/db/tenant";
import { buildApp } from "../../src/server/app";
import { ENGINES } from "../support/databases";
import { startEditingWorld, type EditingWorld } from "../support/editing";
import { confirm, jobOf, settle, upload, type Job } from "../support/imports";
import { createUser, headersOf, login, type Session } from "../support/users";
import { templateWorkbook } from "../support/workbooks";

/**
 * Import jobs live in the database (import_job), not in one process: Rumbo
 * runs as several stateless instances against one PostgreSQL server, and the
 * poll or the confirmation of an upload may reach another instance. Here the
 * second instance is a second app with its own connection pool on the same
 * server database (on PGlite, a second app on the same embedded database).
 */
const PATH = ["Eje J", "OE J", "Plan J", "Programa J", "Proyecto J", "OL J", "Acción J"];

async function workbook(activity: string): Promise<Buffer> {
  const row = [null, ...PATH, activity, "N° de talleres", "3 talleres", "2025", null, "SECPLA"];
  return Buffer.from(await templateWorkbook([row]).xlsx.writeBuffer());
}

describe.each(ENGINES)("import jobs shared by app instances on %s", (engine) => {
  let w: EditingWorld;
  let pool: DatabaseHandle | null = null;
  let second: FastifyInstance;
  let colleague: Session;

  const owner = <T>(fn: Parameters<typeof inTenant<T>>[3]) =>
    inTenant(w.t.database.owner.db, w.vallenarId, SYSTEM, fn);

  async function ready(app: FastifyInstance, session: Session, activity: string): Promise<Job> {
    const res = await upload(app, session, "03301", await workbook(activity), `${activity}.xlsx`);
    expect(res.statusCode, res.body).toBe(202);
    const { job } = await settle(app, session, "03301", (res.json() as Job).id);
    expect(job.status, job.error ?? "").toBe("ready");
    return job;
  }

  beforeAll(async () => {
    w = await startEditingWorld(engine);
    if (engine === "postgres")
      pool = await openDatabase({
        databaseUrl: w.t.database.urls!.app,
        dataDir: IN_MEMORY,
        maxConnections: 4,
      });
    second = await buildApp({
      db: pool?.db ?? w.t.database.db,
      engine: w.t.database.engine,
      logLevel: "silent",
    });
    await createUser(w.t.database.owner.db, {
      email: `colega@${engine}.test.cl`,
      membership: { cut: "03301", role: "admin" },
    });
    colleague = await login(w.t.app, `colega@${engine}.test.cl`);
  });
  afterAll(async () => {
    await second?.close();
    await pool?.close();
    await w?.t.close();
  });

  it("polls and confirms through a second instance a job uploaded through the first", async () => {
    const res = await upload(w.t.app, w.sessions.admin, "03301", await workbook("Actividad uno"));
    expect(res.statusCode).toBe(202);
    const id = (res.json() as Job).id;
    const { job } = await settle(second, w.sessions.admin, "03301", id);
    expect(job).toMatchObject({ status: "ready", error: null });
    expect(job.preview!.summary).toMatchObject({ items: 8, create: 8, errors: 0 });

    const confirmed = await confirm(second, w.sessions.admin, "03301", id);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ created: 8, updated: 0 });
    // Back on the first instance: applied, with its result.
    const after = await jobOf(w.t.app, w.sessions.admin, "03301", id);
    expect(after).toMatchObject({ status: "applied", result: confirmed.json() });

    const stored = await owner(async ({ trx }) => ({
      job: await trx
        .selectFrom("import_job")
        .select(["status", "user_id", "parsed"])
        .where("id", "=", id)
        .executeTakeFirstOrThrow(),
      audit: await trx
        .selectFrom("audit_log")
        .select(["actor_label", "after"])
        .where("entity_type", "=", "plan_import")
        .where(sql<boolean>`after->>'job' = ${id}`)
        .execute(),
    }));
    expect(stored.job).toEqual({
      status: "applied",
      user_id: w.sessions.admin.userId,
      parsed: null,
    });
    expect(stored.audit).toHaveLength(1);
    expect(stored.audit[0]!.after).toMatchObject({ created: 8, file: "plan.xlsx" });
  });

  it("answers 404 for another user's job and another municipality's", async () => {
    const job = await ready(w.t.app, w.sessions.admin, "Actividad ajena");
    const get = (app: FastifyInstance, session: Session, cut: string) =>
      app.inject({
        method: "GET",
        url: `/api/municipalities/${cut}/imports/${job.id}`,
        headers: headersOf(session),
      });
    // Another administrator of the same municipality, on either instance.
    expect((await get(w.t.app, colleague, "03301")).statusCode).toBe(404);
    expect((await get(second, colleague, "03301")).statusCode).toBe(404);
    expect((await confirm(second, colleague, "03301", job.id)).statusCode).toBe(404);
    // Freirina's administrator, through Freirina's address: the job is Vallenar's.
    expect((await get(second, w.sessions.outsider, "03302")).statusCode).toBe(404);
    expect((await confirm(second, w.sessions.outsider, "03302", job.id)).statusCode).toBe(404);
    // …and through Vallenar's, where they may not import.
    expect((await get(second, w.sessions.outsider, "03301")).statusCode).toBe(403);
    // The job is untouched.
    expect((await jobOf(second, w.sessions.admin, "03301", job.id)).status).toBe("ready");
  });

  it("refuses a second confirmation, also when two instances confirm at the same moment", async () => {
    const job = await ready(w.t.app, w.sessions.admin, "Actividad doble");
    expect(job.preview!.entries.find((e) => e.title === "Actividad doble")!.kind).toBe("create");
    const both = await Promise.all([
      confirm(w.t.app, w.sessions.admin, "03301", job.id),
      confirm(second, w.sessions.admin, "03301", job.id),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const refused = both.find((r) => r.statusCode === 409)!;
    expect(refused.json().detail).toMatch(/ya se aplicó/);
    // Later, from either instance: still refused.
    expect((await confirm(w.t.app, w.sessions.admin, "03301", job.id)).statusCode).toBe(409);
    expect((await confirm(second, w.sessions.admin, "03301", job.id)).statusCode).toBe(409);

    const facts = await owner(async ({ trx }) => ({
      items: await trx
        .selectFrom("plan_item")
        .select("id")
        .where("title", "=", "Actividad doble")
        .execute(),
      audit: await trx
        .selectFrom("audit_log")
        .select("id")
        .where("entity_type", "=", "plan_import")
        .where(sql<boolean>`after->>'job' = ${job.id}`)
        .execute(),
    }));
    expect(facts.items).toHaveLength(1);
    expect(facts.audit).toHaveLength(1);
  });

  it("reports a job left reading by an instance that stopped as failed, and forgets expired jobs", async () => {
    const insert = (values: {
      status: "reading" | "failed";
      error?: string;
      created: string;
      updated: string;
    }) =>
      owner(({ trx }) =>
        trx
          .insertInto("import_job")
          .values({
            municipality_id: w.vallenarId,
            user_id: w.sessions.admin.userId,
            file_name: "perdido.xlsx",
            sha256: "0".repeat(64),
            plan_id: null,
            status: values.status,
            phase: "reading",
            done: 4000,
            total: 11000,
            error: values.error ?? null,
            created_at: sql<Date>`now() - ${values.created}::interval`,
            updated_at: sql<Date>`now() - ${values.updated}::interval`,
          })
          .returning("id")
          .executeTakeFirstOrThrow(),
      );
    // An instance died while reading: ten minutes without a word.
    const dead = await insert({ status: "reading", created: "12 minutes", updated: "10 minutes" });
    const job = await jobOf(second, w.sessions.admin, "03301", dead.id);
    expect(job).toMatchObject({
      status: "failed",
      error: "La lectura se interrumpió; vuelva a subir el archivo.",
      preview: null,
    });
    const refused = await confirm(second, w.sessions.admin, "03301", dead.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toBe("La lectura se interrumpió; vuelva a subir el archivo.");
    // A read that reported a moment ago is still reading.
    const alive = await insert({ status: "reading", created: "1 minute", updated: "2 seconds" });
    expect((await jobOf(w.t.app, w.sessions.admin, "03301", alive.id)).status).toBe("reading");

    // Older than an hour: gone at once, and deleted when the next import starts.
    const old = await insert({
      status: "failed",
      error: "viejo",
      created: "61 minutes",
      updated: "61 minutes",
    });
    const gone = await w.t.app.inject({
      method: "GET",
      url: `/api/municipalities/03301/imports/${old.id}`,
      headers: headersOf(w.sessions.admin),
    });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().detail).toMatch(/expiró/);
    const exists = () =>
      owner(({ trx }) =>
        trx.selectFrom("import_job").select("id").where("id", "=", old.id).execute(),
      );
    expect(await exists()).toHaveLength(1);
    await ready(second, w.sessions.admin, "Actividad que barre");
    expect(await exists()).toHaveLength(0);
  });
});
