import { describe, expect, it } from "vitest";
import { formatBreaks, parseBreaks } from "./DiagnosisControls";
import { draftGeometry } from "./ItemPlacer";
import { gapBreaks, gapClassOf, parseLayers } from "./layers";
import { classLabels } from "./Legend";
import { anchorOf, boundsOf, declutter, ramp } from "./style";
import type { GapRow } from "./types";

describe("parseBreaks", () => {
  it("reads limits written the Chilean way, separated by semicolons", () => {
    expect(parseBreaks("10; 20,5; 1.000")).toEqual({ breaks: [10, 20.5, 1000] });
  });
  it("names the limit that is not a number, and the one out of order", () => {
    expect(parseBreaks("10; diez")).toEqual({ error: "El límite 2 («diez») no es un número." });
    expect(parseBreaks("10; 5")).toEqual({
      error: "El límite 2 debe ser mayor que el anterior: van de menor a mayor.",
    });
    expect(parseBreaks(" ; ")).toEqual({ error: "Escriba al menos un límite." });
  });
  it("round-trips through formatBreaks", () => {
    const breaks = [10, 20.5, 1000];
    expect(parseBreaks(formatBreaks(breaks))).toEqual({ breaks });
  });
});

describe("draftGeometry", () => {
  it("needs one point, two for a line, three for a polygon", () => {
    expect(draftGeometry({ itemId: "x", shape: "Point", vertices: [] })).toBeNull();
    expect(draftGeometry({ itemId: "x", shape: "Point", vertices: [[1, 2]] })).toEqual({
      type: "Point",
      coordinates: [1, 2],
    });
    expect(draftGeometry({ itemId: "x", shape: "LineString", vertices: [[0, 0]] })).toBeNull();
    expect(
      draftGeometry({
        itemId: "x",
        shape: "Polygon",
        vertices: [
          [0, 0],
          [1, 0],
        ],
      }),
    ).toBeNull();
  });
  it("closes a polygon and makes its exterior counter-clockwise (RFC 7946)", () => {
    const clockwise: Array<[number, number]> = [
      [0, 0],
      [0, 1],
      [1, 1],
      [1, 0],
    ];
    const polygon = draftGeometry({ itemId: "x", shape: "Polygon", vertices: clockwise });
    expect(polygon?.type).toBe("Polygon");
    const ring = (polygon?.coordinates as number[][][])[0] as number[][];
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    const area = ring
      .slice(0, -1)
      .reduce(
        (sum, [x1 = 0, y1 = 0], i) =>
          sum + x1 * ((ring[i + 1] as number[])[1] ?? 0) - ((ring[i + 1] as number[])[0] ?? 0) * y1,
        0,
      );
    expect(area).toBeGreaterThan(0);
  });
});

const row = (territoryId: string, gap: number): GapRow => ({
  territoryId,
  code: territoryId,
  name: territoryId,
  problemWeight: gap,
  itemCount: 0,
  investmentClp: 0,
  coverage: 0,
  gap,
  rank: 0,
});

describe("gap classes", () => {
  it("puts the widest gaps in the darkest class", () => {
    const rows = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((gap) => row(`t${gap}`, gap));
    expect(gapClassOf(rows[0] as GapRow, rows)).toBe(0);
    expect(gapClassOf(rows[9] as GapRow, rows)).toBe(4);
    expect(gapBreaks(rows)).toEqual([1, 3, 5, 7, 9]);
  });
  it("gives equal gaps the same class", () => {
    const rows = [row("a", 2), row("b", 2), row("c", 2)];
    expect(new Set(rows.map((r) => gapClassOf(r, rows)))).toEqual(new Set([0]));
  });
});

describe("legend and layers", () => {
  it("labels classes from their upper limits", () => {
    expect(classLabels([10, 20.5, 1000])).toEqual([
      "hasta 10",
      "más de 10 hasta 20,5",
      "más de 20,5 hasta 1.000",
    ]);
  });
  it("spreads a ramp over the classes, light to dark", () => {
    const colors = ramp("diagnosis", 3);
    expect(colors).toHaveLength(3);
    expect(new Set(colors).size).toBe(3);
  });
  it("reads the visible layers from the URL, ignoring unknown names", () => {
    expect([...parseLayers(null)]).toEqual(["territories", "items", "problems"]);
    expect([...parseLayers("gap,otra,items")]).toEqual(["gap", "items"]);
    expect([...parseLayers("")]).toEqual([]);
  });
});

describe("geometry helpers", () => {
  it("finds the bounds and a label point of a polygon", () => {
    const polygon = {
      type: "Polygon" as const,
      coordinates: [
        [
          [-71, -29],
          [-70, -29],
          [-70, -28],
          [-71, -28],
          [-71, -29],
        ],
      ],
    };
    expect(boundsOf([polygon, null])).toEqual([
      [-71, -29],
      [-70, -28],
    ]);
    expect(anchorOf(polygon)).toEqual([-70.5, -28.5]);
    expect(anchorOf({ type: "Point", coordinates: [1, 2] })).toEqual([1, 2]);
    expect(boundsOf([])).toBeNull();
  });
});

describe("declutter", () => {
  const label = (key: string, text: string, x: number, y: number) => ({ key, text, x, y });
  it("keeps the first of labels that would cover one another, and every label that fits", () => {
    const kept = declutter([
      label("a", "Hacienda Las Ventanas", 100, 100),
      label("b", "Hacienda Buena Esperanza", 110, 106),
      label("c", "Longomilla", 100, 140),
      label("d", "Vallenar", 400, 100),
    ]);
    expect(kept.map((l) => l.key)).toEqual(["a", "c", "d"]);
  });
  it("lets short names side by side stay when they do not touch", () => {
    expect(declutter([label("a", "Norte", 100, 100), label("b", "Sur", 160, 100)])).toHaveLength(2);
    expect(declutter([label("a", "Norte", 100, 100), label("b", "Sur", 120, 100)])).toHaveLength(1);
  });
});
