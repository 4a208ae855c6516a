import fs from "node:fs";
import { planFixtureSchema, type FixtureItem, type PlanFixture } from "./fixture-schema";

export class FixtureError extends Error {}

/**
 * Reads and checks a plan fixture: JSON syntax, the schema, and that every key
 * an item refers to (level, unit, territory, transversal axis) exists. Errors
 * name the file and the place in it.
 */
export function readPlanFixture(file: string): PlanFixture {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new FixtureError(
      `No se pudo leer el archivo de datos ${file}: ${(error as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FixtureError(`El archivo ${file} no es JSON válido: ${(error as Error).message}`);
  }
  const parsed = planFixtureSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues
      .slice(0, 10)
      .map((i) => `  - ${i.path.join(".") || "(raíz)"}: ${i.message}`);
    throw new FixtureError(`El archivo ${file} no tiene la forma esperada:\n${lines.join("\n")}`);
  }
  const problems = checkReferences(parsed.data);
  if (problems.length > 0) {
    throw new FixtureError(
      `El archivo ${file} tiene referencias rotas:\n${problems
        .slice(0, 10)
        .map((p) => `  - ${p}`)
        .join("\n")}`,
    );
  }
  return parsed.data;
}

export function checkReferences(fixture: PlanFixture): string[] {
  const problems: string[] = [];
  const unitKeys = new Set(fixture.units.map((u) => u.key));
  const territoryKeys = new Set(fixture.territories.map((t) => t.key));
  const levelKeys = new Set(fixture.plan.levels.map((l) => l.key));
  const axisKeys = new Set(fixture.plan.transversalAxes.map((a) => a.key));
  const duplicates = (keys: string[], what: string) => {
    const seen = new Set<string>();
    for (const k of keys) {
      if (seen.has(k)) problems.push(`${what} "${k}" está repetida`);
      seen.add(k);
    }
  };
  duplicates(
    fixture.units.map((u) => u.key),
    "la unidad",
  );
  duplicates(
    fixture.territories.map((t) => t.key),
    "el territorio",
  );
  duplicates(
    fixture.plan.levels.map((l) => l.key),
    "el nivel",
  );
  duplicates(
    fixture.plan.transversalAxes.map((a) => a.key),
    "el eje transversal",
  );
  fixture.units.forEach((u, i) => {
    if (u.parent && !unitKeys.has(u.parent))
      problems.push(`units.${i}.parent: no existe la unidad "${u.parent}"`);
  });
  fixture.territories.forEach((t, i) => {
    if (t.parent && !territoryKeys.has(t.parent))
      problems.push(`territories.${i}.parent: no existe el territorio "${t.parent}"`);
  });
  const visit = (items: FixtureItem[], where: string) =>
    items.forEach((item, i) => {
      const at = `${where}.${i}`;
      if (!levelKeys.has(item.level))
        problems.push(`${at}.level: no existe el nivel "${item.level}"`);
      for (const u of item.responsibleUnits)
        if (!unitKeys.has(u)) problems.push(`${at}.responsibleUnits: no existe la unidad "${u}"`);
      for (const t of item.territories)
        if (!territoryKeys.has(t))
          problems.push(`${at}.territories: no existe el territorio "${t}"`);
      for (const a of item.transversalAxes)
        if (!axisKeys.has(a)) problems.push(`${at}.transversalAxes: no existe el eje "${a}"`);
      visit(item.children, `${at}.children`);
    });
  visit(fixture.plan.items, "plan.items");
  return problems;
}
