import { describe, expect, it } from "vitest";
import { tableCsv } from "./csv";
import { exportFileName } from "./labels";
import { sheetName } from "./matrix";
import type { Table } from "./tables";

interface Row {
  code: string;
  text: string | null;
  value: number | null;
  ratio: number | null;
  day: string | null;
}

const table: Table<Row> = {
  key: "items",
  sheet: "Prueba",
  rows: () => null,
  columns: [
    { header: "CÓDIGO", width: 10, type: "text", value: (r) => r.code },
    { header: "TEXTO", width: 10, type: "text", value: (r) => r.text },
    { header: "VALOR", width: 10, type: "number", value: (r) => r.value },
    { header: "AVANCE %", width: 10, type: "percent", value: (r) => r.ratio },
    { header: "FECHA", width: 10, type: "date", value: (r) => r.day },
  ],
};

describe("tableCsv", () => {
  it("writes a BOM, semicolons, decimal commas, percentages 0–100 and CRLF", () => {
    const csv = tableCsv(table, [
      { code: "1.2", text: "Plaza; juegos", value: 45773072.5, ratio: 0.8456, day: "2026-11-22" },
      { code: "1.3", text: null, value: null, ratio: null, day: null },
    ]);
    expect(csv).toBe(
      "\uFEFFCÓDIGO;TEXTO;VALOR;AVANCE %;FECHA\r\n" +
        '1.2;"Plaza; juegos";45773072,5;84,6;2026-11-22\r\n' +
        "1.3;;;;\r\n",
    );
  });

  it("quotes quotes and line breaks, and neutralises formulas", () => {
    const csv = tableCsv(table, [
      { code: "-2+3", text: 'Dijo "sí"\nen dos líneas', value: -3, ratio: 1, day: null },
      { code: "x", text: '=HYPERLINK("http://ejemplo.invalid")', value: 0, ratio: 0, day: null },
      { code: "y", text: "@SUM(1)", value: 1, ratio: null, day: null },
    ]);
    const lines = csv.split("\r\n");
    expect(lines[1]).toBe(`'-2+3;"Dijo ""sí""\nen dos líneas";-3;100;`);
    expect(lines[2]).toBe(`x;"'=HYPERLINK(""http://ejemplo.invalid"")";0;0;`);
    expect(lines[3]).toBe("y;'@SUM(1);1;;");
  });
});

describe("sheetName", () => {
  it("keeps names within 31 characters, without forbidden characters, and unique", () => {
    const taken = new Set<string>(["resumen"]);
    const long = "1 DESARROLLO SOCIAL Y CALIDAD DE VIDA: personas/familias [2024]";
    const first = sheetName(long, taken);
    const second = sheetName(long, taken);
    expect(first.length).toBeLessThanOrEqual(31);
    expect(first).not.toMatch(/[:\\/?*[\]]/);
    expect(second).not.toBe(first);
    expect(second.length).toBeLessThanOrEqual(31);
    expect(second).toMatch(/\(2\)$/);
    expect(sheetName("Resumen", taken)).toBe("Resumen (2)");
  });
});

describe("exportFileName", () => {
  it("names files without accents or spaces, by the kind of plan", () => {
    expect(exportFileName("Vallenar", "2026-11-22", "xlsx")).toBe(
      "pladeco-vallenar-2026-11-22.xlsx",
    );
    expect(exportFileName("Peñalolén", "2026-11-22", "csv", "indicadores", "strategic")).toBe(
      "plan-estrategico-penalolen-indicadores-2026-11-22.csv",
    );
    expect(exportFileName("Cabo de Hornos", "2026-01-05", "json", "", "territorial")).toBe(
      "plan-territorial-cabo-de-hornos-2026-01-05.json",
    );
  });
});
