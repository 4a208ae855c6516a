import type { Geometry } from "geojson";
import { sql } from "kysely";
import type { MunicipalityScope } from "../../server/scope";
import { bboxOf, checkGeometry, displayGeometry, GeometryError, mapPositions } from "./geometry";
import { crsName, toWgs84 } from "./projection";
import type { SourceFile } from "./read-file";
import type { TerritoryImportFields, TerritoryImportResult } from "./schemas";

/**
 * Territory import: the file's features become territories (matched by code),
 * reprojected to WGS84, checked, and simplified for display. The preview and
 * the commit run the same checks; the commit writes everything in the
 * request's one transaction, or nothing when any feature has an error.
 */

const CODE = /^[\p{L}\p{N}_.-]{1,60}$/u;

interface Prepared {
  code: string;
  name: string;
  parentCode: string | null;
  geometry: Geometry;
  display: Geometry;
  bbox: [number, number, number, number];
}

const text = (v: unknown) =>
  v === null || v === undefined ? "" : typeof v === "number" ? String(v) : String(v).trim();

export function attributesOf(file: SourceFile): string[] {
  const seen = new Set<string>();
  for (const f of file.features) for (const k of Object.keys(f.properties)) seen.add(k);
  return [...seen];
}

export async function importTerritories(
  scope: MunicipalityScope,
  file: SourceFile,
  fields: TerritoryImportFields,
): Promise<TerritoryImportResult> {
  const m = scope.municipality.id;
  const attributes = attributesOf(file);
  const errors: TerritoryImportResult["errors"] = [];
  const fileLevel = (message: string) => errors.push({ feature: 0, message });
  const available = attributes.length ? attributes.map((a) => `«${a}»`).join(", ") : "ninguno";
  if (!fields.codeField)
    fileLevel(`elija el atributo que trae el código; el archivo tiene ${available}`);
  else if (!attributes.includes(fields.codeField))
    fileLevel(`el atributo «${fields.codeField}» no existe en el archivo; tiene ${available}`);
  if (!fields.nameField)
    fileLevel(`elija el atributo que trae el nombre; el archivo tiene ${available}`);
  else if (!attributes.includes(fields.nameField))
    fileLevel(`el atributo «${fields.nameField}» no existe en el archivo; tiene ${available}`);
  if (fields.parentCodeField && !attributes.includes(fields.parentCodeField))
    fileLevel(
      `el atributo «${fields.parentCodeField}» no existe en el archivo; tiene ${available}`,
    );
  if (errors.length > 0)
    return {
      sourceCrs: crsName(file.crs),
      featureCount: file.features.length,
      attributes,
      rows: [],
      errors,
    };
  const codeField = fields.codeField!;
  const nameField = fields.nameField!;
  const project = toWgs84(file.crs);
  const prepared: Array<Prepared & { warnings: string[] }> = [];
  const seen = new Map<string, number>();

  file.features.forEach((f, i) => {
    const n = i + 1;
    const fail = (message: string) =>
      errors.push({ feature: n, message: `elemento ${n}: ${message}` });
    const code = text(f.properties[codeField]);
    const name = text(f.properties[nameField]);
    const parentCode = fields.parentCodeField
      ? text(f.properties[fields.parentCodeField]) || null
      : null;
    if (!code) return fail(`no tiene código en el atributo «${codeField}»`);
    if (!CODE.test(code))
      return fail(
        `el código «${code}» usa caracteres no permitidos (letras, números, guion, punto o guion bajo; hasta 60)`,
      );
    if (!name) return fail(`no tiene nombre en el atributo «${nameField}»`);
    const dup = seen.get(code);
    if (dup !== undefined) return fail(`el código «${code}» ya aparece en el elemento ${dup}`);
    seen.set(code, n);
    if (!f.geometry) return fail("no tiene geometría");
    try {
      const projected = mapPositions(f.geometry, (p) => project(p));
      const checked = checkGeometry(projected);
      prepared.push({
        code,
        name: name.slice(0, 300),
        parentCode,
        geometry: checked.geometry,
        display: displayGeometry(checked.geometry),
        bbox: bboxOf(checked.geometry),
        warnings: checked.warnings,
      });
    } catch (error) {
      if (error instanceof GeometryError) return fail(error.message);
      throw error;
    }
  });

  const existing = await scope.trx
    .selectFrom("territory as t")
    .leftJoin("territory as p", "p.id", "t.parent_id")
    .where("t.municipality_id", "=", m)
    .select([
      "t.id",
      "t.code",
      "t.name",
      "t.kind",
      "p.code as parentCode",
      sql<unknown>`t.geometry`.as("geometry"),
    ])
    .execute();
  const byCode = new Map(existing.map((t) => [t.code, t]));
  const fileCodes = new Set(prepared.map((p) => p.code));

  const rows: TerritoryImportResult["rows"] = [];
  for (const p of prepared) {
    if (p.parentCode !== null) {
      if (p.parentCode === p.code) {
        errors.push({
          feature: seen.get(p.code)!,
          message: `elemento ${seen.get(p.code)}: el territorio no puede estar dentro de sí mismo`,
        });
        continue;
      }
      if (!fileCodes.has(p.parentCode) && !byCode.has(p.parentCode)) {
        errors.push({
          feature: seen.get(p.code)!,
          message: `elemento ${seen.get(p.code)}: el territorio padre «${p.parentCode}» no existe en el archivo ni en la comuna`,
        });
        continue;
      }
    }
    const old = byCode.get(p.code);
    const same =
      old !== undefined &&
      old.name === p.name &&
      old.kind === fields.kind &&
      (old.parentCode ?? null) === p.parentCode &&
      JSON.stringify(old.geometry) === JSON.stringify(p.geometry);
    rows.push({
      code: p.code,
      name: p.name,
      kind: fields.kind,
      parentCode: p.parentCode,
      action: old === undefined ? "create" : same ? "unchanged" : "update",
      warnings: p.warnings,
    });
  }
  // The parents after the import: the file's, else the database's; a loop is refused.
  const parentAfter = new Map<string, string | null>(
    existing.map((t) => [t.code, t.parentCode ?? null]),
  );
  for (const r of rows) parentAfter.set(r.code, r.parentCode);
  for (const r of rows) {
    const seenCodes = new Set([r.code]);
    for (let up = r.parentCode; up !== null; up = parentAfter.get(up) ?? null) {
      if (!seenCodes.has(up)) {
        seenCodes.add(up);
        continue;
      }
      const n = seen.get(r.code)!;
      errors.push({
        feature: n,
        message: `elemento ${n}: el territorio «${r.code}» quedaría dentro de sí mismo (${[...seenCodes].join(" → ")})`,
      });
      break;
    }
  }
  errors.sort((a, b) => a.feature - b.feature);

  const result: TerritoryImportResult = {
    sourceCrs: crsName(file.crs),
    featureCount: file.features.length,
    attributes,
    rows,
    errors,
  };
  if (fields.dryRun === "true" || errors.length > 0) return result;

  // Commit: creates and updates first without parents, then the parents, so that
  // a child may come before its parent in the file.
  const ids = new Map(existing.map((t) => [t.code, t.id]));
  const byPrepared = new Map(prepared.map((p) => [p.code, p]));
  for (const row of rows) {
    if (row.action === "unchanged") continue;
    const p = byPrepared.get(row.code)!;
    const values = {
      kind: fields.kind,
      name: p.name,
      geometry: JSON.stringify(p.geometry),
      display_geometry: JSON.stringify(p.display),
      bbox_west: p.bbox[0],
      bbox_south: p.bbox[1],
      bbox_east: p.bbox[2],
      bbox_north: p.bbox[3],
      approximate: false,
    };
    if (row.action === "create") {
      const created = await scope.trx
        .insertInto("territory")
        .values({ municipality_id: m, code: row.code, ...values })
        .returning("id")
        .executeTakeFirstOrThrow();
      ids.set(row.code, created.id);
      await scope.audit({
        action: "create",
        entityType: "territory",
        entityId: created.id,
        after: {
          code: row.code,
          name: p.name,
          kind: fields.kind,
          parentCode: p.parentCode,
          import: result.sourceCrs,
        },
      });
    } else {
      const old = byCode.get(row.code)!;
      await scope.trx
        .updateTable("territory")
        .set({ ...values, version: sql`version + 1`, updated_at: sql`now()` })
        .where("municipality_id", "=", m)
        .where("id", "=", old.id)
        .execute();
      await scope.audit({
        action: "update",
        entityType: "territory",
        entityId: old.id,
        before: { code: old.code, name: old.name, kind: old.kind, parentCode: old.parentCode },
        after: {
          code: row.code,
          name: p.name,
          kind: fields.kind,
          parentCode: p.parentCode,
          import: result.sourceCrs,
        },
      });
    }
  }
  for (const row of rows) {
    if (row.action === "unchanged") continue;
    const parentId = row.parentCode === null ? null : ids.get(row.parentCode)!;
    await scope.trx
      .updateTable("territory")
      .set({ parent_id: parentId })
      .where("municipality_id", "=", m)
      .where("id", "=", ids.get(row.code)!)
      .execute();
  }
  return { ...result, committed: true };
}
