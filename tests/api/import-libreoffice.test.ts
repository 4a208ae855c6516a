import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inTenant, SYSTEM } from "../../src/db/tenant";
import { readPlanFixture } from "../../src/modules/demo/fixture";
import { startTestApp, type TestApp } from "../support/app";
import { ENGINES } from "../support/databases";
import { confirm, preview } from "../support/imports";
import { createUser, login, type Session } from "../support/users";
import {
  matrixWorkbook,
  saveWithLibreOffice,
  TEMPLATE_HEADER,
  writeWorkbook,
} from "../support/workbooks";

/**
 * Workbooks saved by LibreOffice Calc (soffice --headless --convert-to xlsx),
 * not only by our own library: its shared strings, styles, merged cells and
 * part layout differ from exceljs's.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rumbo-import-lo-"));
let matrixByLibreOffice: Buffer;
let templateByLibreOffice: Buffer;

beforeAll(async () => {
  const fixture = readPlanFixture("fixtures/demo/vallenar-pladeco-2022-2029.json");
  const source = await writeWorkbook(matrixWorkbook(fixture), dir, "vallenar-matrices.xlsx");
  const csv = path.join(dir, "plantilla.csv");
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  fs.writeFileSync(
    csv,
    [
      TEMPLATE_HEADER,
      [
        "",
        "Eje LibreOffice",
        "",
        "",
        "",
        "",
        "Objetivo local LO",
        "Acción LO",
        "Actividad guardada por LibreOffice",
        "N° de ferias realizadas",
        "A lo menos 2 ferias",
        "Enero a Diciembre 2025",
        "8",
        "SECPLA",
        "FNDR 2025",
        "Semestral",
      ],
    ]
      .map((r) => r.map(quote).join(","))
      .join("\n"),
  );
  // Both conversions at once: each LibreOffice run has its own profile.
  [matrixByLibreOffice, templateByLibreOffice] = await Promise.all([
    saveWithLibreOffice(source).then((f) => fs.readFileSync(f)),
    saveWithLibreOffice(csv, "CSV:44,34,76,1").then((f) => fs.readFileSync(f)),
  ]);
}, 180_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.each(ENGINES)("importing workbooks saved by LibreOffice on %s", (engine) => {
  let t: TestApp;
  let admin: Session;
  beforeAll(async () => {
    t = await startTestApp(engine);
    await createUser(t.database.owner.db, {
      email: "admin@vallenar.cl",
      membership: { cut: "03301", role: "admin" },
    });
    admin = await login(t.app, "admin@vallenar.cl");
  });
  afterAll(async () => {
    await t?.close();
  });

  it("reads the Vallenar matrices re-saved by LibreOffice as the demo plan, unchanged", async () => {
    expect(matrixByLibreOffice.subarray(0, 2).toString()).toBe("PK");
    const job = await preview(
      t.app,
      admin,
      "03301",
      matrixByLibreOffice,
      "vallenar-libreoffice.xlsx",
    );
    expect(job.error).toBeNull();
    expect(job.preview!.summary).toMatchObject({
      items: 546,
      create: 0,
      update: 0,
      unchanged: 546,
      errors: 0,
    });
  });

  it("imports a template LibreOffice converted from CSV, accents and all", async () => {
    const job = await preview(t.app, admin, "03301", templateByLibreOffice, "plantilla.xlsx");
    expect(job.preview).toMatchObject({ layout: "template", summary: { create: 4, errors: 0 } });
    expect((await confirm(t.app, admin, "03301", job.id)).statusCode).toBe(200);
    const municipality = await t.database.owner.db
      .selectFrom("municipality")
      .select("id")
      .where("cut_code", "=", "03301")
      .executeTakeFirstOrThrow();
    const activity = await inTenant(t.database.owner.db, municipality.id, SYSTEM, ({ trx }) =>
      trx
        .selectFrom("plan_item")
        .select(["title", "deadline_text", "start_date", "responsible_text"])
        .where("title", "in", ["Actividad guardada por LibreOffice", "Acción LO"])
        .orderBy("title", "desc")
        .execute(),
    );
    expect(activity.map((a) => a.title)).toEqual([
      "Actividad guardada por LibreOffice",
      "Acción LO",
    ]);
    expect(activity[0]).toMatchObject({
      deadline_text: "Enero a Diciembre 2025",
      responsible_text: "SECPLA",
    });
  });
});
