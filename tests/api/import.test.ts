import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inTenant, SYSTEM } from "../../src/db/tenant";
import { readPlanFixture } from "../../src/modules/demo/fixture";
import type { FixtureItem } from "../../src/modules/demo/fixture-schema";
import { ENGINES } from "../support/databases";
import { startEditingWorld, type EditingWorld } from "../support/editing";
import { confirm, preview, settle, upload } from "../support/imports";
import { createUser, login, type Session } from "../support/users";
import { matrixWorkbook, templateWorkbook, writeLargeMatrix } from "../support/workbooks";
import { makeZip, sheetWithRows, xlsxParts } from "../support/zip";

const FIXTURE = readPlanFixture("fixtures/demo/vallenar-pladeco-2022-2029.json");
const HUASCO = "03303";

function levelsOf(items: FixtureItem[], out = new Map<string, number>()) {
  for (const i of items) {
    out.set(i.level, (out.get(i.level) ?? 0) + 1);
    levelsOf(i.children, out);
  }
  return out;
}
function titlesOf(items: FixtureItem[]): string[] {
  return items.flatMap((i) => [`${i.level}:${i.title}`, ...titlesOf(i.children)]);
}

describe.each(ENGINES)("importing plan workbooks on %s", (engine) => {
  let w: EditingWorld;
  let huascoAdmin: Session;
  let huascoId: string;
  let vallenarXlsx: Buffer;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rumbo-import-"));

  async function itemsOf(municipalityId: string) {
    return inTenant(w.t.database.owner.db, municipalityId, SYSTEM, ({ trx }) =>
      trx
        .selectFrom("plan_item")
        .select([
          "id",
          "level_key",
          "title",
          "code",
          "deadline_text",
          "start_date",
          "end_date",
          "version",
        ])
        .execute(),
    );
  }

  beforeAll(async () => {
    w = await startEditingWorld(engine);
    const m = await w.t.database.owner.db
      .insertInto("municipality")
      .values({ cut_code: HUASCO, name: "Huasco" })
      .returning("id")
      .executeTakeFirstOrThrow();
    huascoId = m.id;
    await createUser(w.t.database.owner.db, {
      email: "admin@huasco.cl",
      membership: { cut: HUASCO, role: "admin" },
    });
    huascoAdmin = await login(w.t.app, "admin@huasco.cl");
    vallenarXlsx = Buffer.from(await matrixWorkbook(FIXTURE).xlsx.writeBuffer());
  });
  afterAll(async () => {
    await w?.t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("lets administrators import, not editors or visitors", async () => {
    expect((await upload(w.t.app, null, "03301", vallenarXlsx)).statusCode).toBe(401);
    const editor = await upload(w.t.app, w.sessions.editor, "03301", vallenarXlsx);
    expect(editor.statusCode).toBe(403);
    expect(editor.headers["content-type"]).toContain("application/problem+json");
    expect((await upload(w.t.app, w.sessions.admin, HUASCO, vallenarXlsx)).statusCode).toBe(403);
  });

  it("reads the Vallenar matrices as the demo plan: everything unchanged", async () => {
    const job = await preview(w.t.app, w.sessions.admin, "03301", vallenarXlsx);
    expect(job.error).toBeNull();
    expect(job.status).toBe("ready");
    const p = job.preview!;
    expect(p.layout).toBe("matrix");
    expect(p.summary).toMatchObject({
      items: 546,
      create: 0,
      update: 0,
      unchanged: 546,
      missing: 0,
      errors: 0,
    });
  });

  it("imports the Vallenar matrices into an empty municipality: same items, units confirmed, one audit entry", async () => {
    const res = await upload(w.t.app, huascoAdmin, HUASCO, vallenarXlsx, "vallenar.xlsx");
    expect(res.statusCode).toBe(202);
    const { job, seen } = await settle(w.t.app, huascoAdmin, HUASCO, res.json().id);
    expect(job.status).toBe("ready");
    expect(
      seen.some((s) => s.phase === "reading" || s.phase === "checking" || s.phase === "comparing"),
    ).toBe(true);
    const p = job.preview!;
    expect(p.planId).toBeNull();
    expect(p.summary).toMatchObject({
      items: 546,
      create: 546,
      update: 0,
      unchanged: 0,
      missing: 0,
    });
    expect(p.entries[0]).toMatchObject({
      kind: "create",
      level: "axis",
      sheet: "Lineamiento 1",
      cell: "A1",
    });
    // No units yet: every responsible text asks for a decision.
    expect(p.units.length).toBeGreaterThan(20);
    expect(p.units.every((u) => u.kind === "none" || u.kind === "similar")).toBe(true);
    const secpla = p.units.find((u) => u.text === "SECPLA")!;
    const before = await itemsOf(huascoId);
    expect(before).toHaveLength(0);

    const confirmed = await confirm(w.t.app, huascoAdmin, HUASCO, job.id, {
      planTitle: "PLADECO Huasco (importado)",
      choices: [{ text: secpla.text, kind: "create", name: "Secretaría Comunal de Planificación" }],
    });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({
      created: 546,
      updated: 0,
      unchanged: 0,
      deleted: 0,
      unitsCreated: 1,
    });

    const items = await itemsOf(huascoId);
    const counts = new Map<string, number>();
    for (const i of items) counts.set(i.level_key, (counts.get(i.level_key) ?? 0) + 1);
    expect(counts).toEqual(levelsOf(FIXTURE.plan.items));
    expect(items.map((i) => `${i.level_key}:${i.title}`).sort()).toEqual(
      titlesOf(FIXTURE.plan.items).sort(),
    );
    const dated = items.find((i) => i.deadline_text === "Enero a Diciembre 2024");
    if (dated) expect(dated.start_date).toBeTruthy();

    const facts = await inTenant(w.t.database.owner.db, huascoId, SYSTEM, async ({ trx }) => ({
      indicators: (
        await trx
          .selectFrom("indicator")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
      linked: await trx
        .selectFrom("plan_item_unit")
        .innerJoin("plan_item", "plan_item.id", "plan_item_unit.item_id")
        .select(["plan_item.responsible_text"])
        .execute(),
      audit: await trx
        .selectFrom("audit_log")
        .select(["entity_type", "action", "after"])
        .where("entity_type", "=", "plan_import")
        .execute(),
    }));
    const fixtureIndicators = FIXTURE.plan.items
      .flatMap(function all(i: FixtureItem): number[] {
        return [i.indicators.length, ...i.children.flatMap(all)];
      })
      .reduce((a, b) => a + b, 0);
    expect(Number(facts.indicators)).toBe(fixtureIndicators);
    expect(facts.linked.length).toBeGreaterThan(0);
    expect(facts.linked.every((l) => l.responsible_text === "SECPLA")).toBe(true);
    expect(facts.audit).toHaveLength(1);
    expect(facts.audit[0]!.after).toMatchObject({ created: 546, file: "vallenar.xlsx" });

    // The same workbook again: nothing to do, and confirming changes nothing.
    const again = await preview(w.t.app, huascoAdmin, HUASCO, vallenarXlsx);
    expect(again.preview!.summary).toMatchObject({
      create: 0,
      update: 0,
      unchanged: 546,
      missing: 0,
    });
    const noop = await confirm(w.t.app, huascoAdmin, HUASCO, again.id);
    expect(noop.json()).toMatchObject({ created: 0, updated: 0, unchanged: 546 });
    const after = await itemsOf(huascoId);
    expect(after.map((i) => i.version)).toEqual(items.map((i) => i.version));
  });

  it("shows the difference of an edited workbook field by field and applies exactly that", async () => {
    const wb = matrixWorkbook(FIXTURE);
    const ws = wb.getWorksheet("Lineamiento 1")!;
    let edited: { row: number; title: string } | null = null;
    ws.eachRow((row, n) => {
      if (
        !edited &&
        row.getCell(4).value === "2024-2029" &&
        typeof row.getCell(2).value === "string"
      )
        edited = { row: n, title: String(row.getCell(2).value) };
    });
    expect(edited).not.toBeNull();
    ws.getCell(edited!.row, 4).value = "Enero a Diciembre 2026";
    const content = Buffer.from(await wb.xlsx.writeBuffer());
    const job = await preview(w.t.app, huascoAdmin, HUASCO, content, "vallenar-editado.xlsx");
    const p = job.preview!;
    expect(p.summary).toMatchObject({ create: 0, update: 1, unchanged: 545 });
    const update = p.entries.find((e) => e.kind === "update")!;
    expect(update).toMatchObject({
      title: edited!.title,
      sheet: "Lineamiento 1",
      cell: `B${edited!.row}`,
      changes: [{ field: "deadline", before: "2024-2029", after: "Enero a Diciembre 2026" }],
    });
    expect((await confirm(w.t.app, huascoAdmin, HUASCO, job.id)).json()).toMatchObject({
      updated: 1,
    });
    const item = (await itemsOf(huascoId)).find((i) => i.id === update.itemId)!;
    expect(item).toMatchObject({ deadline_text: "Enero a Diciembre 2026", version: 2 });
    expect(String(item.start_date)).toMatch(/2026/);
    // Confirming twice is refused.
    expect((await confirm(w.t.app, huascoAdmin, HUASCO, job.id)).statusCode).toBe(409);
  });

  it("removes the plan's items the workbook lacks only when asked; checks the unit choices", async () => {
    const wb = matrixWorkbook(FIXTURE);
    wb.removeWorksheet(wb.getWorksheet("Lineamiento 6")!.id);
    const content = Buffer.from(await wb.xlsx.writeBuffer());
    const job = await preview(w.t.app, huascoAdmin, HUASCO, content, "sin-lineamiento-6.xlsx");
    // The deadline the previous test edited goes back to the workbook's.
    expect(job.preview!.summary).toMatchObject({ create: 0, update: 1, missing: 1 });
    expect(job.preview!.missing[0]).toMatchObject({
      level: "axis",
      title: FIXTURE.plan.items[5]!.title,
    });
    const unknown = await confirm(w.t.app, huascoAdmin, HUASCO, job.id, {
      choices: [{ text: "Nadie", kind: "none" }],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0]).toMatchObject({ path: "choices.0.text" });
    const before = (await itemsOf(huascoId)).length;
    const res = await confirm(w.t.app, huascoAdmin, HUASCO, job.id, { deleteMissing: true });
    expect(res.json()).toMatchObject({ deleted: 1, created: 0, updated: 1 });
    const subtree = titlesOf([FIXTURE.plan.items[5]!]).length;
    expect((await itemsOf(huascoId)).length).toBe(before - subtree);
  });

  it("matches by CÓDIGO when the workbook has it: a renamed activity is an update, not a new item", async () => {
    const codes = new Map<FixtureItem, string>();
    const walk = (items: FixtureItem[], parent: string) =>
      items.forEach((item, i) => {
        const code = parent ? `${parent}.${i + 1}` : String(i + 1);
        codes.set(item, code);
        walk(item.children, code);
      });
    walk(FIXTURE.plan.items, "");
    const renamed = async (options: {
      codes?: Map<FixtureItem, string>;
      statusColumns?: boolean;
    }) => {
      const wb = matrixWorkbook(FIXTURE, options);
      const ws = wb.getWorksheet("Lineamiento 2")!;
      const column = options.codes ? 3 : 2;
      let target: { row: number; title: string; code: string } | null = null;
      let inActions = false;
      // A title that appears once: two activities with one title are told apart only by CÓDIGO.
      const seen = new Map<string, number>();
      ws.eachRow((row) => {
        const v = String(row.getCell(column).value ?? "");
        seen.set(v, (seen.get(v) ?? 0) + 1);
      });
      ws.eachRow((row, n) => {
        const first = String(row.getCell(column - 1).value ?? "");
        if (first.startsWith("OBJETIVO LOCAL:")) inActions = true;
        const code = options.codes ? String(row.getCell(1).value ?? "") : "";
        const title = row.getCell(column).value;
        const isActivity =
          inActions && typeof title === "string" && !/^(ACTIVIDAD|OBJETIVO LOCAL)/i.test(title);
        if (!target && isActivity && seen.get(title) === 1 && (!options.codes || code !== ""))
          target = { row: n, title, code };
      });
      ws.getCell(target!.row, column).value = `${target!.title} (renombrada)`;
      return { content: Buffer.from(await wb.xlsx.writeBuffer()), target: target! };
    };

    const withCodes = await renamed({ codes, statusColumns: true });
    const job = await preview(w.t.app, w.sessions.admin, "03301", withCodes.content);
    const p = job.preview!;
    expect(p.summary).toMatchObject({ create: 0, update: 1, unchanged: 545, missing: 0 });
    expect(p.entries.find((e) => e.kind === "update")).toMatchObject({
      code: withCodes.target.code,
      changes: [
        {
          field: "title",
          before: withCodes.target.title,
          after: `${withCodes.target.title} (renombrada)`,
        },
      ],
    });
    // The export's status columns are ignored, and the preview says so once.
    expect(p.messages.filter((m) => /ESTADO, AVANCE % y EXPLICACIÓN/.test(m.text))).toHaveLength(1);

    // Without CÓDIGO the path of titles is the key: a new activity, and the old one is missing.
    const withoutCodes = await renamed({});
    const byTitle = await preview(w.t.app, w.sessions.admin, "03301", withoutCodes.content);
    expect(byTitle.preview!.summary).toMatchObject({ create: 1, update: 0, missing: 1 });
  });

  it("reads the template layout with codes, SDGs, periodicity and extra indicator rows; an empty template is nothing to do", async () => {
    const empty = await preview(
      w.t.app,
      w.sessions.admin,
      "03301",
      Buffer.from(await templateWorkbook([]).xlsx.writeBuffer()),
    );
    expect(empty.preview).toMatchObject({
      layout: "template",
      summary: { items: 0, create: 0, update: 0 },
    });
    expect(empty.preview!.messages.map((m) => m.text)).toContain(
      "El libro no trae iniciativas: no hay nada que importar.",
    );
    const path1 = [
      "Eje de prueba",
      "OE prueba",
      "Plan prueba",
      "Programa prueba",
      "Proyecto prueba",
      "OL prueba",
      "Acción prueba",
    ];
    const rows = [
      [
        null,
        ...path1,
        "Actividad A",
        "N° de talleres",
        "A lo menos 3 talleres",
        "2025",
        "3 – Salud y bienestar",
        "SECPLA",
        "FNDR 2025",
        "Trimestral",
      ],
      [
        null,
        ...path1,
        "Actividad A",
        "N° de asistentes",
        "95%",
        "2025",
        null,
        "SECPLA",
        "FNDR 2025",
        "Anual",
      ],
      [
        null,
        ...path1,
        "Actividad B",
        null,
        null,
        "Enero - Diciembre",
        "4",
        "Unidad inexistente",
        null,
        "Cada tanto",
      ],
    ];
    const job = await preview(
      w.t.app,
      w.sessions.admin,
      "03301",
      Buffer.from(await templateWorkbook(rows).xlsx.writeBuffer()),
    );
    const p = job.preview!;
    expect(p.layout).toBe("template");
    expect(p.summary).toMatchObject({ items: 9, create: 9, errors: 0 });
    expect(p.messages.find((m) => m.cell === "P4")!.text).toMatch(
      /^Hoja 'Plantilla', celda P4: la periodicidad «Cada tanto»/,
    );
    expect(p.units.find((u) => u.text === "SECPLA")).toMatchObject({ kind: "exact" });
    expect(p.units.find((u) => u.text === "Unidad inexistente")).toMatchObject({ kind: "none" });
    const res = await confirm(w.t.app, w.sessions.admin, "03301", job.id, {
      choices: [{ text: "Unidad inexistente", kind: "none" }],
    });
    expect(res.statusCode).toBe(200);
    const facts = await inTenant(w.t.database.owner.db, w.vallenarId, SYSTEM, async ({ trx }) => {
      const a = await trx
        .selectFrom("plan_item")
        .select("id")
        .where("title", "=", "Actividad A")
        .executeTakeFirstOrThrow();
      return {
        indicators: await trx
          .selectFrom("indicator")
          .select(["name", "target_value", "target_unit", "periodicity"])
          .where("item_id", "=", a.id)
          .orderBy("sort")
          .execute(),
        sdg: await trx
          .selectFrom("plan_item_sdg")
          .select("goal_number")
          .where("item_id", "=", a.id)
          .execute(),
        funding: await trx
          .selectFrom("plan_item_funding")
          .select(["source_code", "year"])
          .where("item_id", "=", a.id)
          .execute(),
      };
    });
    expect(facts.indicators).toMatchObject([
      { name: "N° de talleres", target_unit: "talleres", periodicity: "quarter" },
      { name: "N° de asistentes", target_unit: "%", periodicity: "year" },
    ]);
    expect(facts.indicators.map((i) => Number(i.target_value))).toEqual([3, 95]);
    expect(facts.sdg.map((s) => s.goal_number)).toEqual([3]);
    expect(facts.funding).toEqual([{ source_code: "fndr", year: 2025 }]);
  });

  it("warns about formula cells with their cached value and refuses formulas without one", async () => {
    const wb = templateWorkbook([]);
    const ws = wb.getWorksheet("Plantilla")!;
    ws.addRow([
      null,
      "Eje F",
      null,
      null,
      null,
      null,
      "OL F",
      "Acción F",
      "Actividad F",
      "Indicador F",
      { formula: "1+2", result: 3 },
      "2025",
    ]);
    const ok = await preview(
      w.t.app,
      w.sessions.admin,
      "03301",
      Buffer.from(await wb.xlsx.writeBuffer()),
    );
    expect(ok.preview!.messages.map((m) => m.text)).toContain(
      "Hoja 'Plantilla', celda K2: la celda tiene la fórmula «=1+2»; se importa el valor que muestra («3»), no la fórmula.",
    );
    ws.getCell("L2").value = { formula: "TODAY()" } as ExcelJS.CellFormulaValue;
    const bad = await preview(
      w.t.app,
      w.sessions.admin,
      "03301",
      Buffer.from(await wb.xlsx.writeBuffer()),
    );
    expect(bad.preview!.summary.errors).toBe(1);
    expect(bad.preview!.messages.find((m) => m.severity === "error")!.text).toMatch(
      /^Hoja 'Plantilla', celda L2: la celda tiene la fórmula «=TODAY\(\)» sin un valor calculado/,
    );
    const refused = await confirm(w.t.app, w.sessions.admin, "03301", bad.id);
    expect(refused.statusCode).toBe(409);
  });

  it.each([
    [
      "a text file",
      () => Buffer.from("OBJETIVO ESTRATÉGICO;PLAN\n"),
      /no es un libro de Excel \(\.xlsx\)/,
    ],
    [
      "an old .xls",
      () =>
        Buffer.concat([
          Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
          Buffer.alloc(600),
        ]),
      /Excel 97-2003/,
    ],
    [
      "a password-protected workbook",
      () =>
        Buffer.concat([
          Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
          Buffer.alloc(100),
          Buffer.from("EncryptedPackage", "utf16le"),
        ]),
      /protegido con contraseña/,
    ],
    [
      "an xlsm with macros",
      () => makeZip(xlsxParts(sheetWithRows(3), [{ name: "xl/vbaProject.bin", data: "macro" }])),
      /contiene macros/,
    ],
    [
      "a zip bomb (declared)",
      () =>
        makeZip(
          xlsxParts(sheetWithRows(3), [
            { name: "xl/media/zeros.bin", data: Buffer.alloc(30 * 1024 * 1024) },
          ]),
        ),
      /bomba zip/,
    ],
    [
      "a zip bomb (lying about its size)",
      () =>
        makeZip(
          xlsxParts(sheetWithRows(3), [
            { name: "xl/media/zeros.bin", data: Buffer.alloc(2 * 1024 * 1024), declaredSize: 1000 },
          ]),
        ),
      /bomba zip/,
    ],
    ["200,000 rows", () => makeZip(xlsxParts(sheetWithRows(200_000))), /más de 100\.000 filas/],
    ["a broken part", () => makeZip(xlsxParts("<worksheet><sheetData><row r=1><c>")), /dañado/],
    ["a truncated file", () => vallenarXlsx.subarray(0, vallenarXlsx.length / 2), /dañado/],
  ])("refuses %s with a clear message and writes nothing", async (_name, make, message) => {
    const before = (await itemsOf(w.vallenarId)).length;
    const job = await preview(w.t.app, w.sessions.admin, "03301", make());
    expect(job.status).toBe("failed");
    expect(job.error).toMatch(message);
    expect(job.preview).toBeNull();
    expect((await confirm(w.t.app, w.sessions.admin, "03301", job.id)).statusCode).toBe(409);
    expect((await itemsOf(w.vallenarId)).length).toBe(before);
  });

  it("refuses a 50 MB upload at the door", async () => {
    const res = await upload(w.t.app, w.sessions.admin, "03301", Buffer.alloc(50 * 1024 * 1024, 1));
    expect(res.statusCode).toBe(413);
    expect(res.json().errors[0]).toMatchObject({
      path: "file",
      message: "El archivo supera el máximo de 20 MB.",
    });
  });

  it("keeps answering other requests while a large workbook is read", async () => {
    const file = path.join(dir, "grande.xlsx");
    await writeLargeMatrix(file, 12_000);
    const res = await upload(
      w.t.app,
      w.sessions.admin,
      "03301",
      fs.readFileSync(file),
      "grande.xlsx",
    );
    expect(res.statusCode).toBe(202);
    const id = res.json().id as string;
    // While the worker reads, the health check and the job's progress answer.
    const health = await w.t.app.inject({ method: "GET", url: "/api/health" });
    expect(health.statusCode).toBe(200);
    const during = await w.t.app.inject({
      method: "GET",
      url: `/api/municipalities/03301/imports/${id}`,
      headers: { cookie: w.sessions.admin.cookie },
    });
    expect(during.json().status).toBe("reading");
    const { job } = await settle(w.t.app, w.sessions.admin, "03301", id);
    expect(job.status).toBe("ready");
    expect(job.preview!.summary.create).toBeGreaterThan(12_000);
  });
});
