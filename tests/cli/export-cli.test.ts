import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readWorkbook } from "../../src/modules/export/compare";
import { openDataSchema } from "../../src/modules/export/schemas";
import { planExportSchema } from "../../src/modules/plans/export-schema";
import { runCli } from "../support/cli";

/** `rumbo export` as a separate process, on an embedded database with the demo loaded. */
describe("rumbo export", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rumbo-export-cli-"));
  const env = { DATA_DIR: path.join(dir, "data") };

  beforeAll(async () => {
    const loaded = await runCli(["demo", "load"], env);
    expect(loaded.code, loaded.stderr).toBe(0);
  }, 180_000);
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("writes the xlsx to --out and the template with --template", async () => {
    const out = path.join(dir, "vallenar.xlsx");
    const xlsx = await runCli(["export", "--municipality", "03301", "--out", out], env);
    expect(xlsx.code, xlsx.stderr).toBe(0);
    expect(xlsx.stderr).toContain(`Archivo escrito: ${out}`);
    const wb = await readWorkbook(fs.readFileSync(out));
    expect(wb.worksheets.map((s) => s.name)).toEqual(
      expect.arrayContaining(["Resumen", "Indicadores", "Mediciones", "Alertas"]),
    );
    expect(String(wb.worksheets[1]!.getCell("A1").value)).toMatch(/^LINEAMIENTO 1: /);

    const template = path.join(dir, "plantilla.xlsx");
    const t = await runCli(
      ["export", "--municipality", "03301", "--template", "--filled", "--out", template],
      env,
    );
    expect(t.code, t.stderr).toBe(0);
    const tw = await readWorkbook(fs.readFileSync(template));
    expect(tw.worksheets.map((s) => s.name)).toEqual(["Plantilla", "Instrucciones", "Listas"]);
    expect(tw.getWorksheet("Plantilla")!.getCell("A2").value).toBe("1.1.1.1.1");
  }, 120_000);

  it("prints CSV and JSON to standard output; plan export keeps its own format", async () => {
    const csv = await runCli(
      ["export", "--municipality", "03301", "--format", "csv", "--table", "measurements"],
      env,
    );
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.startsWith("\uFEFFCÓDIGO;INDICADOR;PERÍODO;DESDE;HASTA;VALOR;")).toBe(true);
    expect(csv.stdout.split("\r\n").length).toBeGreaterThan(10);

    const json = await runCli(["export", "--municipality", "03301", "--format", "json"], env);
    expect(json.code, json.stderr).toBe(0);
    const doc = openDataSchema.parse(JSON.parse(json.stdout));
    expect(doc.monitoring.alerts).not.toBeNull();
    expect(doc.history.length).toBeGreaterThan(0);

    const old = await runCli(
      ["plan", "export", "--municipality", "03301", "--format", "json"],
      env,
    );
    expect(old.code, old.stderr).toBe(0);
    const plain = planExportSchema.parse(JSON.parse(old.stdout));
    expect(plain.plan.id).toBe(doc.plan.id);
    expect(JSON.parse(old.stdout)).not.toHaveProperty("monitoring");
  }, 120_000);

  it("explains bad options in Spanish and exits 1", async () => {
    const format = await runCli(["export", "--municipality", "03301", "--format", "pdf"], env);
    expect(format.code).toBe(1);
    expect(format.stderr).toMatch(/Formato no soportado: pdf\. Use xlsx, csv o json\./);
    const table = await runCli(
      ["export", "--municipality", "03301", "--format", "json", "--table", "items"],
      env,
    );
    expect(table.code).toBe(1);
    expect(table.stderr).toMatch(/--table solo se usa con --format csv/);
    const cut = await runCli(["export", "--municipality", "99999", "--format", "csv"], env);
    expect(cut.code).toBe(1);
    expect(cut.stderr).toMatch(/No existe una municipalidad con código CUT 99999/);
    const plan = await runCli(
      ["export", "--municipality", "03301", "--plan", "00000000-0000-0000-0000-000000000000"],
      env,
    );
    expect(plan.code).toBe(1);
    expect(plan.stderr).toMatch(/no tiene el plan 00000000/);
  }, 120_000);
});
