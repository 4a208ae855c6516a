import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/schema";
import { inTenant, SYSTEM } from "../../src/db/tenant";
import { ensureDemoAccounts } from "../../src/modules/accounts/demo-accounts";
import { createBackup } from "../../src/modules/backup/backup";
import { backupTables } from "../../src/modules/backup/catalog";
import {
  BackupError,
  readBackupFile,
  writeBackupFile,
  type BackupDocument,
} from "../../src/modules/backup/document";
import { restoreBackup } from "../../src/modules/backup/restore";
import { readPlanFixture } from "../../src/modules/demo/fixture";
import { loadDemo } from "../../src/modules/demo/demo";
import { loadPlanFixture } from "../../src/modules/demo/load";
import { queueMail } from "../../src/modules/mail/outbox";
import { ENGINES, openTestDatabase, type TestDatabase } from "../support/databases";
import { addUser, municipalityId } from "../support/accounts";

const MINI = path.resolve(import.meta.dirname, "../../fixtures/test/mini-plan.json");

/**
 * Per table: row count and md5 of the rows' JSON ordered by primary key, as
 * the (superuser) owner sees them; `where` narrows to one municipality.
 */
async function checksums(
  db: Kysely<Database>,
  where?: { municipalityId: string },
): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of await backupTables(db)) {
    let filter = sql`true`;
    if (where) {
      const m = where.municipalityId;
      if (table.name === "municipality") filter = sql`t.id = ${m}`;
      else if (table.name === "app_user")
        filter = sql`t.id in (select user_id from membership where municipality_id = ${m})`;
      else if (table.municipalityColumn) filter = sql`t.municipality_id = ${m}`;
      else continue;
    }
    const order = sql.join(table.primaryKey.map((c) => sql.ref(`t.${c}`)));
    const { rows } = await sql<{ n: number; h: string }>`
      select count(*)::int as n, coalesce(md5(string_agg(to_jsonb(t)::text, ',' order by ${order})), '') as h
      from ${sql.table(table.name)} as t where ${filter}`.execute(db);
    result[table.name] = `${rows[0]!.n}:${rows[0]!.h}`;
  }
  return result;
}

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "rumbo-backup-"));
afterAll(() => fs.rmSync(tempDir, { recursive: true, force: true }));

describe.each(ENGINES)("backup and restore on %s", (engine) => {
  let source: TestDatabase;
  const targets: TestDatabase[] = [];
  let freirina = "";

  async function target(): Promise<TestDatabase> {
    const t = await openTestDatabase(engine);
    targets.push(t);
    return t;
  }

  beforeAll(async () => {
    source = await openTestDatabase(engine);
    const db = source.owner.db;
    await loadDemo(db);
    const fixture = readPlanFixture(MINI);
    fixture.municipality.cutCode = "03302";
    const loaded = await loadPlanFixture(db, fixture, { isDemo: false });
    if (loaded === "exists") throw new Error("unexpected");
    freirina = loaded.municipalityId;
    await ensureDemoAccounts(db, SYSTEM);
    const vallenar = await municipalityId(db, "03301");
    const unit = await inTenant(db, freirina, SYSTEM, ({ trx }) =>
      trx.selectFrom("org_unit").select("id").executeTakeFirstOrThrow(),
    );
    // A person in both municipalities, with units in one of them.
    await addUser(db, "ambas@municipio.test", {
      municipalityId: freirina,
      role: "editor",
      unitIds: [unit.id],
    });
    await addUser(db, "ambas@municipio.test", { municipalityId: vallenar, role: "viewer" });
    await inTenant(db, freirina, SYSTEM, async (ctx) => {
      await queueMail(ctx.trx, {
        to: "x@municipio.test",
        subject: "Hola",
        body: "línea 1\nlínea 2",
      });
      await ctx.audit({
        action: "update",
        entityType: "prueba",
        entityId: null,
        after: { n: 10.5 },
      });
    });
    // Trailing zeros of numeric values must survive the trip through JSON.
    await inTenant(db, freirina, SYSTEM, ({ trx }) =>
      trx
        .updateTable("plan_item")
        .set({ weight: sql<number>`2.50` })
        .execute(),
    );
  });
  afterAll(async () => {
    await source?.close();
    for (const t of targets) await t.close();
  });

  it("restores the whole database into an empty one with identical rows", async () => {
    const before = await checksums(source.owner.db);
    expect(Object.keys(before)).toEqual(
      expect.arrayContaining([
        "municipality",
        "app_user",
        "membership",
        "plan_item",
        "audit_log",
        "outbox_message",
      ]),
    );
    expect(Object.keys(before)).not.toContain("user_session");
    const doc = await createBackup(source.owner.db);
    const file = path.join(tempDir, `${engine}-all.json.gz`);
    writeBackupFile(file, doc);
    const restored = await target();
    const result = await restoreBackup(restored.owner.db, readBackupFile(file));
    expect(result.rows).toBeGreaterThan(100);
    expect(await checksums(restored.owner.db)).toEqual(before);
    // A second restore into a database that is no longer empty is refused.
    await expect(restoreBackup(restored.owner.db, doc)).rejects.toThrow(/no está vacía/);
  });

  it("restores one municipality with its members, not their other memberships", async () => {
    const before = await checksums(source.owner.db, { municipalityId: freirina });
    const doc = await createBackup(source.owner.db, { municipalityCut: "03302" });
    expect(doc.municipality?.cutCode).toBe("03302");
    const emails = doc.tables.find((t) => t.name === "app_user")!.rows.map((r) => r.email);
    expect(emails).toEqual(["ambas@municipio.test"]);
    const memberships = doc.tables.find((t) => t.name === "membership")!.rows;
    expect(memberships.map((r) => r.municipality_id)).toEqual([freirina]);
    expect(doc.tables.map((t) => t.name)).not.toContain("outbox_message");
    expect(JSON.stringify(doc)).not.toContain("Vallenar");

    const restored = await target();
    await restoreBackup(restored.owner.db, doc);
    expect(await checksums(restored.owner.db, { municipalityId: freirina })).toEqual(before);
    await expect(restoreBackup(restored.owner.db, doc)).rejects.toThrow(/ya existe/);
  });

  it("restores one municipality next to others, keeping an existing account of the same e-mail", async () => {
    const doc = await createBackup(source.owner.db, { municipalityCut: "03302" });
    const restored = await target();
    await loadDemo(restored.owner.db);
    const existing = await addUser(restored.owner.db, "AMBAS@municipio.test");
    const result = await restoreBackup(restored.owner.db, doc);
    expect(result.existingUsers).toBe(1);
    const members = await inTenant(restored.owner.db, freirina, SYSTEM, ({ trx }) =>
      trx.selectFrom("membership").select(["user_id", "role"]).execute(),
    );
    expect(members).toEqual([{ user_id: existing, role: "editor" }]);
  });

  it("leaves the target empty when the file fails halfway, and refuses other migrations", async () => {
    const doc: BackupDocument = structuredClone(await createBackup(source.owner.db));
    const indicators = doc.tables.find((t) => t.name === "indicator")!;
    indicators.rows[indicators.rows.length - 1]!.item_id = "00000000-0000-4000-8000-000000000000";
    const restored = await target();
    await expect(restoreBackup(restored.owner.db, doc)).rejects.toThrow(
      /No se pudo restaurar la tabla indicator.*No se restauró nada/,
    );
    const db = restored.owner.db;
    expect(await db.selectFrom("municipality").selectAll().execute()).toEqual([]);
    expect(await db.selectFrom("app_user").selectAll().execute()).toEqual([]);
    expect(await db.selectFrom("outbox_message").selectAll().execute()).toEqual([]);

    const other = structuredClone(doc);
    other.migrations.push({ name: "9999_futuro.sql", checksum: "x" });
    await expect(restoreBackup(db, other)).rejects.toThrow(BackupError);
    await expect(restoreBackup(db, other)).rejects.toThrow(/otras migraciones/);

    const broken = path.join(tempDir, `${engine}-broken.json`);
    fs.writeFileSync(broken, '{"format":"rumbo.backup/v1","tables":[');
    expect(() => readBackupFile(broken)).toThrow(/no es una copia de seguridad de Rumbo legible/);
  });
});
