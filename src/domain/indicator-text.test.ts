import { describe, expect, it } from "vitest";
import { classifyIndicatorText } from "./indicator-text";

describe("classifyIndicatorText", () => {
  it.each([
    "(N° de Capacitaciones realizadas/N° de Capacitaciones Programadas)*100",
    "(N° de actividades socio-educativas realizadas/ N° de actividades programadas)*100",
    "(TOTAL AREAS VRDES MANT/Total áreas verde no concecio)*100",
    "N° DE NIÑOS, NIÑAS Y ADOLESCENTES QUE RECIBEN ATENCIÓN PSICOSOCIOJURÍDICA / N° TOTAL DE POBLACIÓN CONVENIDA (8%)",
    "n° de encuentros empresas y emprendedores multisectoriales/n° de proyectos asociados a emprendimiento",
  ])("reads %j as a formula", (text) => {
    expect(classifyIndicatorText(text)).toBe("formula");
  });

  it.each([
    "10 Capacitaciones",
    "5 Recicladores",
    "03 Convenios Firmados con empresas recicladoras",
  ])("reads %j as a value", (text) => {
    expect(classifyIndicatorText(text)).toBe("value");
  });

  it.each([
    "REGISTRO FOTOGRAFICO/REGISTRO ASISTENCIA",
    "MEJORAS EN LOS PROCESOS DE LAS DISTINTAS ETAPAS DEL PROCESO DE COMPRAS Y CONTRATACION",
    "diseño terminado",
    "N° de beneficiarios",
  ])("keeps %j as evidence", (text) => {
    expect(classifyIndicatorText(text)).toBe("evidence");
  });
});
