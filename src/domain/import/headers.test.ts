import { describe, expect, it } from "vitest";
import {
  axisHeading,
  columnOf,
  headerColumns,
  localObjectiveHeading,
  normalizeHeader,
  tableKind,
} from "./headers";

describe("header normalisation", () => {
  it.each([
    ["ACTIVIDADES", "activity"],
    ["Actividad", "activity"],
    ["  actividades ", "activity"],
    ["Responsable(s)", "responsible"],
    ["RESPONSABLES", "responsible"],
    ["PROYECTO/ESTUDIOS", "project"],
    ["Proyectos / Estudios", "project"],
    ["PROYECTO - ESTUDIO", "project"],
    ["Objetivos Estratégicos", "strategic_objective"],
    ["objetivo  estrategico", "strategic_objective"],
    ["PLANES", "plan"],
    ["METAS POR ODS", "goal"],
    ["Meta", "goal"],
    ["ODS", "sdg"],
    ["PLAZOS", "deadline"],
    ["Programas o Proyectos", "action"],
    ["FUENTE DE FINANCIAMIENTO", "funding"],
    ["CÓDIGO", "code"],
    ["AVANCE %", "progress"],
    ["OBJETIVO LOCAL", "local_objective"],
  ])("%j names the column %s", (text, key) => {
    expect(columnOf(text)).toBe(key);
  });

  it("leaves prose alone", () => {
    expect(columnOf("Mejorar la calidad de vida")).toBeNull();
    expect(normalizeHeader("Indicadores")).toBe("INDICADOR");
  });

  it("tells the three tables apart by their header rows", () => {
    const strategic = headerColumns([
      "OBJETIVO ESTRATÉGICO",
      "PLAN",
      "PROGRAMA",
      "PROYECTO/ESTUDIOS",
    ]);
    expect(tableKind(strategic)).toBe("strategic");
    const action = headerColumns([
      null,
      "PROGRAMA O PROYECTO",
      "ACTIVIDADES",
      "INDICADORES",
      "PLAZOS",
    ]);
    expect(tableKind(action)).toBe("action");
    expect(action.get("activity")).toBe(3);
    const template = headerColumns([
      "CÓDIGO",
      "EJE",
      "OBJETIVO ESTRATÉGICO",
      "PLAN",
      "PROGRAMA",
      "PROYECTO/ESTUDIOS",
      "OBJETIVO LOCAL",
      "PROGRAMA O PROYECTO",
      "ACTIVIDAD",
    ]);
    expect(tableKind(template)).toBe("template");
    expect(tableKind(headerColumns(["Plan de modernización", "Programa anual"]))).toBeNull();
  });

  it("reads axis headings and local objective rows", () => {
    expect(axisHeading("LINEAMIENTO 1: GESTIÓN MUNICIPAL")).toEqual({
      number: 1,
      title: "GESTIÓN MUNICIPAL",
    });
    expect(axisHeading("LINEAMIENTO ESTRATÉGICO N°2: DESARROLLO SOCIAL")).toEqual({
      number: 2,
      title: "DESARROLLO SOCIAL",
    });
    expect(axisHeading("EJE 3 – MEDIO AMBIENTE")).toEqual({ number: 3, title: "MEDIO AMBIENTE" });
    expect(axisHeading("Lineamientos del plan vigente")).toBeNull();
    expect(axisHeading("EJE")).toBeNull();
    expect(localObjectiveHeading("OBJETIVO LOCAL: Potenciar la participación")).toBe(
      "Potenciar la participación",
    );
    expect(localObjectiveHeading("Objetivo local N°2 - Mejorar")).toBe("Mejorar");
    expect(localObjectiveHeading("OBJETIVO ESTRATÉGICO")).toBeNull();
  });
});
