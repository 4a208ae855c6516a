import { describe, expect, it } from "vitest";
import { diffPlan, type ExistingItem } from "./diff";
import { newItem, type ImportItem } from "./tree";

/** The dry run's comparison on small trees: stable keys, levels, and rows moved in the workbook. */

const existing = (
  id: string,
  parentId: string | null,
  level: string,
  code: string,
  title: string,
  sort = 0,
): ExistingItem => ({
  id,
  parentId,
  level,
  code,
  title,
  deadlineText: null,
  responsibleText: null,
  fundingText: null,
  sort,
  indicators: [],
});

const PLAN = [
  existing("a", null, "axis", "1", "Gestión municipal", 0),
  existing("b", null, "axis", "2", "Medio ambiente", 1),
  existing("p", "a", "program", "1.1", "Modernización", 0),
];

function book(programUnder: "first" | "second"): ImportItem[] {
  const first = newItem("axis", "Gestión municipal", { sheet: "Ejes", cell: "B2" }, "1");
  const second = newItem("axis", "Medio ambiente", { sheet: "Ejes", cell: "B3" }, "2");
  const program = newItem("program", "Modernización", { sheet: "Ejes", cell: "C4" }, "1.1");
  (programUnder === "first" ? first : second).children.push(program);
  return [first, second];
}

describe("diffPlan", () => {
  it("matches every row of an unchanged book and has nothing to say", () => {
    const diff = diffPlan(book("first"), PLAN, []);
    expect(diff.entries.map((e) => e.kind)).toEqual(["unchanged", "unchanged", "unchanged"]);
    expect(diff.missing).toEqual([]);
    expect(diff.moved).toEqual([]);
  });

  it("says where a row moved under another parent, and updates it where it is", () => {
    const diff = diffPlan(book("second"), PLAN, []);
    expect(diff.entries.map((e) => [e.title, e.kind, e.code])).toEqual([
      ["Gestión municipal", "unchanged", "1"],
      ["Medio ambiente", "unchanged", "2"],
      ["Modernización", "unchanged", "1.1"],
    ]);
    expect(diff.missing).toEqual([]);
    expect(diff.moved).toHaveLength(1);
    expect(diff.moved[0]).toMatchObject({ severity: "warning", sheet: "Ejes", cell: "C4" });
    expect(diff.moved[0]!.message).toContain("«Modernización» (1.1)");
    expect(diff.moved[0]!.message).toContain("en el libro bajo «Medio ambiente»");
    expect(diff.moved[0]!.message).toContain("en el plan bajo «Gestión municipal»");
  });

  it("matches an item of another level by code or by title under the same parent", () => {
    // A project right under a plan is written in the PROGRAMA column and read as a program.
    const plan = [
      existing("a", null, "axis", "1", "Gestión municipal"),
      existing("x", "a", "project", "1.1", "Talleres formativos"),
    ];
    const read = (code?: string) => {
      const axis = newItem("axis", "Gestión municipal", { sheet: "Ejes", cell: "B2" }, "1");
      axis.children.push(
        newItem("program", "Talleres formativos", { sheet: "Ejes", cell: "C3" }, code),
      );
      return diffPlan([axis], plan, []);
    };
    for (const diff of [read("1.1"), read()]) {
      expect(diff.entries.map((e) => e.kind)).toEqual(["unchanged", "unchanged"]);
      expect(diff.missing).toEqual([]);
    }
    // Another title under that code at another level is not the same item.
    const axis = newItem("axis", "Gestión municipal", { sheet: "Ejes", cell: "B2" }, "1");
    axis.children.push(newItem("program", "Otro programa", { sheet: "Ejes", cell: "C3" }, "1.1"));
    expect(diffPlan([axis], plan, []).entries.map((e) => e.kind)).toEqual(["unchanged", "create"]);
  });
});
