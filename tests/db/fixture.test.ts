import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FixtureError, readPlanFixture } from "../../src/modules/demo/fixture";

const MINI = path.resolve(import.meta.dirname, "../../fixtures/test/mini-plan.json");

function writeTemp(content: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rumbo-fixture-")), "plan.json");
  fs.writeFileSync(file, content);
  return file;
}

describe("readPlanFixture", () => {
  it("reads the test fixture", () => {
    expect(readPlanFixture(MINI).plan.items).toHaveLength(2);
  });

  it("names a missing file", () => {
    expect(() => readPlanFixture("/nonexistent/plan.json")).toThrow(
      /No se pudo leer el archivo de datos \/nonexistent\/plan.json/,
    );
  });

  it("reports invalid JSON", () => {
    expect(() => readPlanFixture(writeTemp("{ not json"))).toThrow(FixtureError);
    expect(() => readPlanFixture(writeTemp("{ not json"))).toThrow(/no es JSON válido/);
  });

  it("names the field that does not fit the schema", () => {
    const json = JSON.parse(fs.readFileSync(MINI, "utf8"));
    json.municipality.cutCode = "3301";
    json.plan.items[0].title = "";
    const file = writeTemp(JSON.stringify(json));
    expect(() => readPlanFixture(file)).toThrow(/municipality\.cutCode/);
    expect(() => readPlanFixture(file)).toThrow(/plan\.items\.0\.title/);
  });

  it("reports keys that point nowhere", () => {
    const json = JSON.parse(fs.readFileSync(MINI, "utf8"));
    json.plan.items[0].children[0].children[0].responsibleUnits = ["dideco-social", "alcaldia"];
    json.plan.items[0].children[0].level = "subprogram";
    const file = writeTemp(JSON.stringify(json));
    expect(() => readPlanFixture(file)).toThrow(/no existe la unidad "alcaldia"/);
    expect(() => readPlanFixture(file)).toThrow(
      /plan\.items\.0\.children\.0\.level: no existe el nivel "subprogram"/,
    );
  });
});
