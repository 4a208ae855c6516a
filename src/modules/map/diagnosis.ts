import { sql } from "kysely";
import { notFound } from "../../server/problem";
import type { MunicipalityScope } from "../../server/scope";
import { classBreaks, classOf, type ClassMethod } from "./classify";
import { asGeo, collection, territoryShapes } from "./layers";
import type { DiagnosisImportFields, DiagnosisImportResult, DiagnosisLayer } from "./schemas";
import { parseNumber, type Table } from "./table";

/** The diagnosis variables of the municipality, with how many territories have a value. */
export async function listVariables(scope: MunicipalityScope) {
  const rows = await scope.trx
    .selectFrom("diagnosis_variable as v")
    .leftJoin("diagnosis_value as d", "d.variable_id", "v.id")
    .select([
      "v.key",
      "v.label",
      "v.unit",
      "v.year",
      "v.source",
      "v.is_simulated as simulated",
      sql<number>`count(d.value)::int`.as("count"),
    ])
    .groupBy(["v.id", "v.key", "v.label", "v.unit", "v.year", "v.source", "v.is_simulated"])
    .orderBy("v.label")
    .execute();
  return rows;
}

function column(table: Table, name: string | undefined, fallback: number, what: string) {
  if (name === undefined) return fallback;
  const i = table.header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
  if (i === -1)
    throw new Error(
      `la columna «${name}» (${what}) no está en la primera fila; hay ${table.header.map((h) => `«${h}»`).join(", ")}`,
    );
  return i;
}

/** Preview or commit (one transaction, one audit row) of a variable's values. */
export async function importDiagnosis(
  scope: MunicipalityScope,
  table: Table,
  fields: DiagnosisImportFields,
): Promise<DiagnosisImportResult> {
  const m = scope.municipality.id;
  const errors: DiagnosisImportResult["errors"] = [];
  const rows: DiagnosisImportResult["rows"] = [];
  let codeAt: number;
  let valueAt: number;
  try {
    codeAt = column(table, fields.codeColumn, 0, "código");
    valueAt = column(table, fields.valueColumn, 1, "valor");
  } catch (error) {
    return {
      variable: fields.variable,
      rowCount: table.rows.length,
      rows: [],
      errors: [{ row: 1, message: `fila 1: ${(error as Error).message}` }],
    };
  }
  const territories = await scope.trx
    .selectFrom("territory")
    .select(["id", "code", "name"])
    .where("municipality_id", "=", m)
    .execute();
  const byCode = new Map(territories.map((t) => [t.code.toLowerCase(), t]));
  const variable = await scope.trx
    .selectFrom("diagnosis_variable")
    .select(["id", "key", "label", "unit", "year", "source", "version"])
    .where("municipality_id", "=", m)
    .where("key", "=", fields.variable)
    .executeTakeFirst();
  const old = new Map<string, number | null>();
  if (variable)
    for (const v of await scope.trx
      .selectFrom("diagnosis_value")
      .select(["territory_id", "value"])
      .where("variable_id", "=", variable.id)
      .execute())
      old.set(v.territory_id, v.value);

  const values = new Map<string, number | null>();
  const firstRow = new Map<string, number>();
  for (const { row, cells } of table.rows) {
    const code = String(cells[codeAt] ?? "").trim();
    const fail = (message: string) => errors.push({ row, message: `fila ${row}: ${message}` });
    if (!code) {
      fail("falta el código del territorio");
      continue;
    }
    const territory = byCode.get(code.toLowerCase());
    if (!territory) {
      fail(`el código '${code}' no corresponde a ningún territorio`);
      continue;
    }
    if (firstRow.has(territory.id)) {
      fail(`el territorio '${code}' ya tiene un valor en la fila ${firstRow.get(territory.id)}`);
      continue;
    }
    const raw = cells[valueAt] ?? null;
    const value = parseNumber(raw);
    if (value === undefined) {
      fail(`el valor «${String(raw)}» de '${code}' no es un número`);
      continue;
    }
    firstRow.set(territory.id, row);
    values.set(territory.id, value);
    const before = old.get(territory.id);
    rows.push({
      row,
      code: territory.code,
      territoryName: territory.name,
      value,
      action: before === undefined ? "create" : before === value ? "unchanged" : "update",
    });
  }
  if (table.rows.length === 0) errors.push({ row: 2, message: "fila 2: la tabla no tiene datos" });
  const result = { variable: fields.variable, rowCount: table.rows.length, rows, errors };
  if (fields.dryRun === "true" || errors.length > 0) return result;

  const meta = {
    label: fields.label,
    unit: fields.unit,
    year: fields.year ?? null,
    source: fields.source,
    is_simulated: false,
  };
  let variableId: string;
  if (variable) {
    variableId = variable.id;
    await scope.trx
      .updateTable("diagnosis_variable")
      .set({ ...meta, version: sql`version + 1`, updated_at: sql`now()` })
      .where("id", "=", variable.id)
      .execute();
    await scope.trx.deleteFrom("diagnosis_value").where("variable_id", "=", variable.id).execute();
  } else {
    variableId = (
      await scope.trx
        .insertInto("diagnosis_variable")
        .values({ municipality_id: m, key: fields.variable, ...meta })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  }
  if (values.size > 0)
    await scope.trx
      .insertInto("diagnosis_value")
      .values(
        [...values].map(([territory_id, value]) => ({
          municipality_id: m,
          variable_id: variableId,
          territory_id,
          value,
        })),
      )
      .execute();
  await scope.audit({
    action: variable ? "update" : "create",
    entityType: "diagnosis_variable",
    entityId: variableId,
    ...(variable ? { before: { ...variable, values: old.size } } : {}),
    after: { key: fields.variable, ...meta, values: values.size },
  });
  return { ...result, committed: true };
}

export async function diagnosisLayer(
  scope: MunicipalityScope,
  key: string,
  method: ClassMethod,
  classes: number,
  manual: number[],
): Promise<DiagnosisLayer> {
  const variable = await scope.trx
    .selectFrom("diagnosis_variable")
    .select(["id", "key", "label", "unit", "year", "source", "is_simulated as simulated"])
    .where("municipality_id", "=", scope.municipality.id)
    .where("key", "=", key)
    .executeTakeFirst();
  if (!variable) throw notFound(`No existe la variable de diagnóstico «${key}».`);
  const [shapes, values] = await Promise.all([
    territoryShapes(scope.trx, scope.municipality.id),
    scope.trx
      .selectFrom("diagnosis_value")
      .select(["territory_id", "value"])
      .where("variable_id", "=", variable.id)
      .execute(),
  ]);
  const byTerritory = new Map(values.map((v) => [v.territory_id, v.value]));
  const present = values.map((v) => v.value).filter((v): v is number => v !== null);
  const breaks = classBreaks(present, method, classes, manual);
  const { id: _id, ...described } = variable;
  return {
    variable: described,
    method,
    breaks,
    collection: collection(
      shapes
        .filter((s) => s.kind !== "localidad" || byTerritory.has(s.id))
        .map((s) => {
          const value = byTerritory.get(s.id) ?? null;
          return {
            type: "Feature" as const,
            id: s.id,
            geometry: asGeo(s.display),
            properties: {
              territoryId: s.id,
              code: s.code,
              name: s.name,
              value,
              class: classOf(value, breaks),
              approximate: s.approximate,
            },
          };
        }),
    ),
  };
}
