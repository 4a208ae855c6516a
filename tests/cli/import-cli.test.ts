import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPlanFixture } from "../../src/modules/demo/fixture";
import { runCli } from "../support/cli";
import { createServerDatabase } from "../support/databases";
import { matrixWorkbook, templateWorkbook, writeWorkbook } from "../support/workbooks";

/** `rumbo import`: the preview summary and sheet/cell messages, exit code 1 on errors. */
describe("rumbo import", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rumbo-import-cli-"));
  let server: Awaited<ReturnType<typeof createServerDatabase>>;
  let env: Record<string, string>;
  let vallenar: string;

  beforeAll(async () => {
    server = await createServerDatabase();
    env = { DATABASE_URL: server.url };
    vallenar = await writeWorkbook(
      matrixWorkbook(readPlanFixture("fixtures/demo/vallenar-pladeco-2022-2029.json")),
      dir,
      "vallenar.xlsx",
    );
  });
  afterAll(async () => {
    await server?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("previews with --dry-run, imports, and imports again without changes", async () => {
    const added = await runCli(["municipality", "add", "--cut", "03303"], env);
    expect(added.code, added.stderr).toBe(0);
    const dry = await runCli(["import", vallenar, "--municipality", "03303", "--dry-run"], env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/Libro vallenar\.xlsx \(matrices PLADECO\) → un plan nuevo/);
    expect(dry.stdout).toMatch(
      /546 iniciativas en el libro: 546 por crear, 0 por cambiar, 0 sin cambios/,
    );
    expect(dry.stdout).toMatch(/responsable «SECPLA»: ninguna unidad coincide/);
    expect(dry.stdout).toMatch(/no se cambió nada/);

    const real = await runCli(
      [
        "import",
        vallenar,
        "--municipality",
        "03303",
        "--create-units",
        "--plan-title",
        "PLADECO Huasco",
      ],
      env,
    );
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toMatch(
      /546 creadas, 0 cambiadas, 0 sin cambios, 0 eliminadas, \d+ unidades nuevas/,
    );

    const again = await runCli(["import", vallenar, "--municipality", "03303"], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(
      /Libro vallenar\.xlsx \(matrices PLADECO\) → plan «PLADECO Huasco»/,
    );
    expect(again.stdout).toMatch(/0 creadas, 0 cambiadas, 546 sin cambios/);
  }, 240_000);

  it("prints sheet and cell of each error and exits 1; refuses what is not a workbook", async () => {
    const wb: ExcelJS.Workbook = templateWorkbook([]);
    wb.getWorksheet("Plantilla")!.addRow([
      null,
      "Eje",
      null,
      null,
      null,
      null,
      "OL",
      "Acción",
      "Actividad",
      "Indicador",
      "3",
      { formula: "TODAY()" },
    ]);
    const bad = await writeWorkbook(wb, dir, "formulas.xlsx");
    const res = await runCli(["import", bad, "--municipality", "03303"], env);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(
      /error: Hoja 'Plantilla', celda L2: la celda tiene la fórmula «=TODAY\(\)»/,
    );
    expect(res.stderr).toMatch(/1 error: no se importó nada/);

    const text = path.join(dir, "notas.xlsx");
    fs.writeFileSync(text, "esto no es un libro");
    const notXlsx = await runCli(["import", text, "--municipality", "03303"], env);
    expect(notXlsx.code).toBe(1);
    expect(notXlsx.stderr).toMatch(/no es un libro de Excel \(\.xlsx\)/);
  }, 120_000);
});
