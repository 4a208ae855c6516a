import { describe, expect, it } from "vitest";
import {
  actionLabel,
  actorLabel,
  diffFields,
  entityLabel,
  entityName,
  fieldLabel,
  formatValue,
  sameValue,
} from "./history-diff";

describe("diffFields", () => {
  it("lists only the fields whose value changed, in reading order", () => {
    const before = { id: "a", code: "1.1", title: "Plaza", status: "planned", weight: 1 };
    const after = {
      id: "a",
      code: "1.1",
      title: "Plaza central",
      status: "in_progress",
      weight: 1,
    };
    expect(diffFields(before, after)).toEqual([
      { field: "title", before: "Plaza", after: "Plaza central" },
      { field: "status", before: "planned", after: "in_progress" },
    ]);
  });

  it("lists every field with a value for a creation, and for a deletion", () => {
    expect(diffFields(null, { title: "Nueva", description: null })).toEqual([
      { field: "title", before: undefined, after: "Nueva" },
    ]);
    expect(diffFields({ name: "Tasa", unit: "%" }, null)).toEqual([
      { field: "name", before: "Tasa", after: undefined },
      { field: "unit", before: "%", after: undefined },
    ]);
  });

  it("reads known fields in the page's order, whatever the JSON key order, then the others", () => {
    const after = { zeta: 1, unit: "%", kind: "value", name: "Tasa", alpha: 2 };
    expect(diffFields(null, after).map((c) => c.field)).toEqual([
      "name",
      "kind",
      "unit",
      "alpha",
      "zeta",
    ]);
  });

  it("includes fields that appear on one side only", () => {
    expect(diffFields({ a: 1 }, { a: 1, b: 2 })).toEqual([
      { field: "b", before: undefined, after: 2 },
    ]);
  });

  it("leaves out bookkeeping fields, in camelCase or snake_case", () => {
    const before = { version: 1, updated_at: "2026-01-01T00:00:00Z", updatedAt: "x", title: "A" };
    const after = { version: 2, updated_at: "2026-02-01T00:00:00Z", updatedAt: "y", title: "A" };
    expect(diffFields(before, after)).toEqual([]);
  });

  it("compares lists and objects by value, not by identity or key order", () => {
    const before = { units: [{ id: "u1", role: "responsible" }], meta: { a: 1, b: 2 } };
    const after = { units: [{ role: "responsible", id: "u1" }], meta: { b: 2, a: 1 } };
    expect(diffFields(before, after)).toEqual([]);
    const moved = diffFields({ units: ["u1", "u2"] }, { units: ["u2", "u1"] });
    expect(moved.map((c) => c.field)).toEqual(["units"]);
  });

  it("treats a missing field and null as the same absence", () => {
    expect(diffFields({ a: null }, {})).toEqual([]);
    expect(sameValue(undefined, null)).toBe(true);
    expect(sameValue(0, null)).toBe(false);
  });

  it("tolerates values that are not objects", () => {
    expect(diffFields(null, null)).toEqual([]);
    expect(diffFields("x", [1, 2])).toEqual([]);
  });
});

describe("history labels", () => {
  it("writes values as a Chilean reader expects", () => {
    expect(formatValue(null)).toBe("(vacío)");
    expect(formatValue(undefined)).toBe("(vacío)");
    expect(formatValue("")).toBe("(vacío)");
    expect(formatValue([])).toBe("(vacío)");
    expect(formatValue(true)).toBe("Sí");
    expect(formatValue(1234.5)).toBe("1.234,5");
    expect(formatValue("2026-11-22")).toBe("22-11-2026");
    expect(formatValue("2026-11-22T17:05:00.000Z")).toBe("22-11-2026 14:05");
    expect(formatValue("in_progress", "status")).toBe("En ejecución");
    expect(formatValue("in_progress", "title")).toBe("in_progress");
    expect(formatValue(["a", "b"])).toBe("a; b");
  });

  it("names fields, actions, entities and actors in Spanish", () => {
    expect(fieldLabel("title")).toBe("Título");
    expect(fieldLabel("start_date")).toBe("Fecha de inicio");
    expect(fieldLabel("custom_field")).toBe("custom field");
    expect(actionLabel("create")).toBe("Creó");
    expect(actionLabel("update")).toBe("Modificó");
    expect(actionLabel("move")).toBe("Movió");
    expect(actionLabel("delete")).toBe("Eliminó");
    expect(actionLabel("archive")).toBe("archive");
    expect(entityLabel("item")).toBe("la iniciativa");
    expect(entityLabel("indicator")).toBe("el indicador");
    expect(actorLabel("ana@vallenar.cl")).toBe("ana@vallenar.cl");
    expect(actorLabel("cli:import")).toBe("línea de comandos (import)");
    expect(entityName(null, { name: "Tasa de reciclaje" })).toBe("Tasa de reciclaje");
    expect(entityName({ title: "Plaza" }, null)).toBe("Plaza");
    expect(entityName({}, {})).toBeNull();
  });
});

describe("history of real snapshots", () => {
  it("names lists and objects by what identifies them", () => {
    expect(
      formatValue(
        [
          { id: "a", code: "1", title: "Gestión", levelName: "Lineamiento" },
          { id: "b", code: "1.1", title: "Modelo", levelName: "Objetivo" },
        ],
        "ancestors",
      ),
    ).toBe("1 › 1.1");
    expect(
      formatValue([
        { id: "u", name: "SECPLA", shortName: null, role: "responsible" },
        { id: "v", name: "DOM", shortName: null, role: "co_responsible" },
      ]),
    ).toBe("SECPLA (Responsable); DOM (Corresponsable)");
    expect(
      formatValue([{ sourceCode: "FNDR", sourceName: "FNDR", year: 2026, amount: 1500000 }]),
    ).toBe("FNDR 2026 $ 1.500.000");
    expect(formatValue([{ goalNumber: 11, goalTitle: "Ciudades", targetCode: "11.3" }])).toBe(
      "ODS 11 (meta 11.3)",
    );
    expect(formatValue({ key: "project", name: "Proyecto", plural: "Proyectos" })).toBe("Proyecto");
    expect(formatValue("milestone", "kind")).toBe("Hito");
    expect(formatValue({ x: 1 })).toBe('{"x":1}');
  });

  it("leaves out what other entries tell and what readers cannot read", () => {
    const before = {
      id: "i",
      itemId: "x",
      planTitle: "P",
      children: [],
      indicators: [],
      name: "A",
    };
    const after = {
      id: "i",
      itemId: "x",
      planTitle: "Q",
      children: [{}],
      indicators: [{}],
      name: "B",
    };
    expect(diffFields(before, after).map((c) => c.field)).toEqual(["name"]);
    expect(diffFields(null, { itemId: "x", name: "Nuevo" }).map((c) => c.field)).toEqual(["name"]);
  });
});
