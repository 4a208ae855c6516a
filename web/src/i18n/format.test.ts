import { describe, expect, it } from "vitest";
import { t, tp, tParts } from "./es-CL";
import {
  approvalStatusLabel,
  firstSentence,
  formatClp,
  formatDate,
  formatDateTime,
  formatNumber,
  indicatorKindLabel,
  itemStatusLabel,
  normalizeForSearch,
  planKindLabel,
  readableTextColor,
  roleLabel,
  truncate,
  unitRoleLabel,
} from "./format";

describe("formatClp", () => {
  it("writes pesos with dot thousands, no decimals and a space after $", () => {
    expect(formatClp(45773072)).toBe("$ 45.773.072");
    expect(formatClp(1000)).toBe("$ 1.000");
    expect(formatClp(999)).toBe("$ 999");
    expect(formatClp(0)).toBe("$ 0");
    expect(formatClp(1234.6)).toBe("$ 1.235");
    expect(formatClp(-2500)).toBe("-$ 2.500");
  });
});

describe("formatDate", () => {
  it("shows ISO dates as DD-MM-YYYY without moving them across time zones", () => {
    expect(formatDate("2026-11-22")).toBe("22-11-2026");
    expect(formatDate("2024-01-01")).toBe("01-01-2024");
    expect(formatDate("2029-12-31T00:00:00Z")).toBe("31-12-2029");
    expect(formatDate("sin fecha")).toBe("sin fecha");
  });
});

describe("formatNumber", () => {
  it("uses Chilean separators", () => {
    expect(formatNumber(1234567.5)).toBe("1.234.567,5");
    expect(formatNumber(1000)).toBe("1.000");
    expect(formatNumber(0.25)).toBe("0,25");
  });
});

describe("labels", () => {
  it("names plan kinds, approval statuses, item statuses, indicator kinds and unit roles in Spanish", () => {
    expect(planKindLabel("pladeco")).toBe("PLADECO");
    expect(planKindLabel("strategic")).toBe("Plan estratégico municipal");
    expect(planKindLabel("territorial")).toBe("Plan territorial");
    expect(
      ["draft", "presented", "approved", "in_force", "closed"].map((s) =>
        approvalStatusLabel(s as "draft"),
      ),
    ).toEqual(["Borrador", "Presentado", "Aprobado", "Vigente", "Cerrado"]);
    expect(
      ["planned", "in_progress", "done", "suspended", "cancelled"].map((s) =>
        itemStatusLabel(s as "planned"),
      ),
    ).toEqual(["Planificada", "En ejecución", "Terminada", "Suspendida", "Cancelada"]);
    expect(
      ["formula", "value", "milestone", "evidence"].map((k) => indicatorKindLabel(k as "formula")),
    ).toEqual(["Fórmula", "Valor", "Hito", "Medio de verificación"]);
    expect(unitRoleLabel("responsible")).toBe("Responsable");
    expect(unitRoleLabel("co_responsible")).toBe("Corresponsable");
  });
});

describe("catalogue", () => {
  it("fills placeholders and plural forms", () => {
    expect(t("item.sdgChip", { number: 4, title: "Educación de calidad" })).toBe(
      "ODS 4 · Educación de calidad",
    );
    expect(tp("plan.itemCount", 1)).toBe("1 iniciativa");
    expect(tp("plan.itemCount", 1546)).toBe("1.546 iniciativas");
    expect(tParts("item.dateRange", { start: 1, end: 2 })).toEqual([1, " a ", 2]);
  });
});

describe("text helpers", () => {
  it("picks black or white text by contrast on SDG colours", () => {
    expect(readableTextColor("#FCC30B")).toBe("#000000"); // ODS 7, yellow
    expect(readableTextColor("#19486A")).toBe("#ffffff"); // ODS 17, dark blue
    expect(readableTextColor("#A21942")).toBe("#ffffff"); // ODS 8
    expect(readableTextColor("#FF3A21")).toBe("#000000"); // ODS 5: black has the higher contrast
  });

  it("takes the first sentence, truncates at a word and searches without accents", () => {
    expect(firstSentence("Vallenar resguarda su patrimonio. Identificar y resguardar.")).toBe(
      "Vallenar resguarda su patrimonio.",
    );
    expect(firstSentence("Sin punto final\n\nOtro párrafo.")).toBe("Sin punto final");
    expect(truncate("Potenciar la participación y sentido de pertenencia", 30)).toBe(
      "Potenciar la participación y…",
    );
    expect(normalizeForSearch("EDUCACIÓN Ñandú")).toBe("educacion nandu");
  });
});

describe("formatDateTime", () => {
  it("writes an instant as a date and time in Chile (summer and winter time)", () => {
    expect(formatDateTime("2026-11-22T17:05:00Z")).toBe("22-11-2026 14:05");
    expect(formatDateTime("2026-06-01T12:00:00.000Z")).toBe("01-06-2026 08:00");
    expect(formatDateTime("2026-11-22T14:05:00-03:00")).toBe("22-11-2026 14:05");
  });

  it("returns anything else unchanged", () => {
    expect(formatDateTime("ayer")).toBe("ayer");
  });
});

describe("roleLabel", () => {
  it("names every role", () => {
    expect(roleLabel("admin")).toBe("Administrador/a");
    expect(roleLabel("editor")).toBe("Editor/a");
    expect(roleLabel("validator")).toBe("Validador/a");
    expect(roleLabel("viewer")).toBe("Observador/a (Concejo, COSOC)");
    expect(roleLabel("operator")).toBe("Operador/a de la plataforma");
  });
});

describe("monitoring formats", async () => {
  const { formatPercent, formatFileSize, parseLocaleNumber, formatWithUnit } =
    await import("./format");
  it("writes percentages, sizes and reads Chilean numbers", () => {
    expect(formatPercent(0.84)).toBe("84\u00a0%");
    expect(formatFileSize(812)).toBe("812 B");
    expect(formatFileSize(35_328)).toBe("34,5 KB");
    expect(parseLocaleNumber("1.234,5")).toBe(1234.5);
    expect(parseLocaleNumber("12,5")).toBe(12.5);
    expect(parseLocaleNumber("1.000")).toBe(1000);
    expect(parseLocaleNumber("84")).toBe(84);
    expect(parseLocaleNumber("doce")).toBeNull();
    expect(formatWithUnit(45773072, "CLP")).toBe("$ 45.773.072");
  });
});
