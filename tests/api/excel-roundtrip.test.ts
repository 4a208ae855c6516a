import type ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readWorkbook, workbookCells, type CellText } from "../../src/modules/export/compare";
import { ACTION_HEADER } from "../../src/modules/export/matrix";
import { ENGINES } from "../support/databases";
import { startEditingWorld, type EditingWorld } from "../support/editing";
import { confirm, preview } from "../support/imports";
import { client, createUser, login, type Session } from "../support/users";

/**
 * Issue 6, "real clients": a municipality takes its plan out as xlsx and another brings it in.
 * Export Vallenar → import into an empty municipality → export again gives the same matrices:
 * every code, title, indicator, deadline, SDG goal, responsible and funding text, sheet by sheet.
 * What cannot travel is left out of the comparison and said so: the status columns (the new
 * municipality has no measurements yet) and the summary, indicator, measurement and alert sheets,
 * which describe monitoring, not the plan.
 */
const HUASCO = "03303";
const STATUS_HEADERS = new Set(["ESTADO", "AVANCE %", "EXPLICACIÓN"]);
const ACTION_STATUS = new Set(ACTION_HEADER.flatMap((h, i) => (STATUS_HEADERS.has(h) ? [i] : [])));

/** The axis (matrix) sheets, with the status columns of each table blanked. */
function matrices(wb: ExcelJS.Workbook): Map<string, CellText[][]> {
  const out = new Map<string, CellText[][]>();
  for (const [name, rows] of workbookCells(wb)) {
    const matrix = rows.some(
      (r) =>
        r[0] === "CÓDIGO" && (r[1] === "OBJETIVO ESTRATÉGICO" || r[1] === "PROGRAMA O PROYECTO"),
    );
    if (!matrix) continue;
    let status = new Set<number>();
    out.set(
      name,
      rows.map((row) => {
        if (row[0] === "CÓDIGO") {
          status = new Set(row.flatMap((c, i) => (STATUS_HEADERS.has(String(c)) ? [i] : [])));
          return row;
        }
        // Axis headings and local-objective rows carry their roll-up status in the action
        // table's status columns.
        const heading = !/^\d+(\.\d+)*$/.test(String(row[0]));
        const blank = heading ? ACTION_STATUS : status;
        const kept = row.map((c, i) => (blank.has(i) ? null : c));
        while (kept.length && kept[kept.length - 1] === null) kept.pop();
        return kept;
      }),
    );
  }
  return out;
}

describe.each(ENGINES)("Excel round trip on %s", (engine) => {
  let w: EditingWorld;
  let huascoAdmin: Session;

  beforeAll(async () => {
    w = await startEditingWorld(engine);
    await w.t.database.owner.db
      .insertInto("municipality")
      .values({ cut_code: HUASCO, name: "Huasco" })
      .execute();
    await createUser(w.t.database.owner.db, {
      email: "admin@huasco.cl",
      membership: { cut: HUASCO, role: "admin" },
    });
    huascoAdmin = await login(w.t.app, "admin@huasco.cl");
  });
  afterAll(async () => {
    await w?.t.close();
  });

  it("export → import into an empty municipality → export gives the same matrices", async () => {
    const first = await w.as.admin("GET", `/03301/plans/${w.planId}/export?format=xlsx`);
    expect(first.statusCode).toBe(200);
    const exported = first.rawPayload;

    const job = await preview(w.t.app, huascoAdmin, HUASCO, exported, "vallenar.xlsx");
    expect(job.status).toBe("ready");
    const p = job.preview!;
    expect(p.summary.errors).toBe(0);
    expect(p.summary.create).toBe(546);
    const done = await confirm(w.t.app, huascoAdmin, HUASCO, job.id, {
      planTitle: "PLADECO Huasco (importado de Vallenar)",
    });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ created: 546, deleted: 0 });

    const huasco = client(w.t.app, huascoAdmin);
    const plans = await huasco("GET", `/${HUASCO}/plans`);
    const planId = (plans.json() as { items: Array<{ id: string }> }).items[0]!.id;
    const second = await huasco("GET", `/${HUASCO}/plans/${planId}/export?format=xlsx`);
    expect(second.statusCode).toBe(200);

    const before = matrices(await readWorkbook(exported));
    const after = matrices(await readWorkbook(second.rawPayload));
    expect(before.size).toBe(6);
    expect([...after.keys()]).toEqual([...before.keys()]);
    const differences = [...before].flatMap(([name, rows]) => {
      const other = after.get(name) ?? [];
      return rows.flatMap((row, i) =>
        JSON.stringify(row) === JSON.stringify(other[i] ?? [])
          ? []
          : [`Hoja '${name}', fila ${i + 1}: ${JSON.stringify(row)} ≠ ${JSON.stringify(other[i])}`],
      );
    });
    expect(differences.slice(0, 5)).toEqual([]);
    expect(before.get([...before.keys()][0]!)!.length).toBeGreaterThan(20);
  });
  it("export → import into the same plan changes nothing, levels a matrix cannot show included", async () => {
    // The demo has items under a skipped level (a project right under a plan, a
    // plan right under its axis): the matrix writes them one column to the left.
    const exported = (await w.as.admin("GET", `/03301/plans/${w.planId}/export?format=xlsx`))
      .rawPayload;
    const job = await preview(w.t.app, w.sessions.admin, "03301", exported, "vallenar.xlsx");
    expect(job.status).toBe("ready");
    expect(job.preview!.summary).toMatchObject({
      errors: 0,
      create: 0,
      update: 0,
      missing: 0,
      unchanged: 546,
      warnings: 0,
    });
    const done = await confirm(w.t.app, w.sessions.admin, "03301", job.id, {});
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ created: 0, updated: 0, deleted: 0 });
  });
});
