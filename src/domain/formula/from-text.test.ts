import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formulaFromIndicatorText, variableName } from "./from-text";
import { parseFormula } from "./parser";
import { variablesOf } from "./variables";

describe("formulaFromIndicatorText: formulas", () => {
  it("reads achieved over planned, times 100", () => {
    expect(
      formulaFromIndicatorText(
        "(N° de Capacitaciones realizadas/N° de Capacitaciones Programadas)*100",
      ),
    ).toEqual({
      kind: "formula",
      formula: "capacitaciones_realizadas / capacitaciones_programadas * 100",
      variables: [
        { name: "capacitaciones_realizadas", label: "N° de Capacitaciones realizadas" },
        { name: "capacitaciones_programadas", label: "N° de Capacitaciones Programadas" },
      ],
    });
  });

  it.each([
    [
      "(N° de actividades socio-educativas realizadas/ N° de actividades programadas)*100",
      "actividades_socio_educativas_realizadas / actividades_programadas * 100",
    ],
    [
      "(N° de atenciones de primera acogida y/u orientación e información/ N° de actividades programadas)* 100",
      "atenciones_primera_acogida_orientacion / actividades_programadas * 100",
    ],
    [
      "(TOTAL AREAS VRDES MANT/Total áreas verde no concecio)*100",
      "areas_vrdes_mant / areas_verde_no_concecio * 100",
    ],
    [
      "N° DE NIÑOS, NIÑAS Y ADOLESCENTES QUE RECIBEN ATENCIÓN PSICOSOCIOJURÍDICA / N° TOTAL DE POBLACIÓN CONVENIDA (8%)",
      "niños_niñas_adolescentes_reciben / poblacion_convenida * 100",
    ],
    [
      "N° DE ADULTOS RESPONSABLES QUE PARTICIPAN EN ACCIONES DE FORTALECIMIENTO DE COMPETENCIAS PARENTALES/ N° TOTAL DE ADULTOS RESPONSABLES DE NNA INGRESADOS EN EL PROGRAMA",
      "adultos_responsables_participan_acciones / adultos_responsables_nna_ingresados",
    ],
    [
      "Porcentaje de cumplimiento de Talleres. (N° de talleres realizadas/N° de talleres programadas *100))",
      "talleres_realizadas / talleres_programadas * 100",
    ],
    [
      "Porcentaje de cumplimiento de campaña comunicacional. (N° de actividades de difusión realizadas/N° de actividades de difusión programadas *100)2023",
      "actividades_difusion_realizadas / actividades_difusion_programadas * 100",
    ],
    [
      "Porcentaje de cumplimiento de Actividades. (N° reuniones realizadas con la comunidad en el semestre donde se aborde temática de SM /N° de reuniones planificadas en el semestre donde se aborde temática de SM X 100)",
      "reuniones_realizadas_comunidad_semestre / reuniones_planificadas_semestre_aborde * 100",
    ],
    [
      "Cantidad de talleres realizados / cantidad de talleres planificados",
      "talleres_realizados / talleres_planificados",
    ],
    ["Porcentaje. N° de X logrados / N° de X esperados x100", "x_logrados / x_esperados * 100"],
  ])("reads %j", (text, formula) => {
    expect(formulaFromIndicatorText(text)).toMatchObject({ kind: "formula", formula });
  });

  it("labels each side with the plan's words, without the factor or the target note", () => {
    const reading = formulaFromIndicatorText(
      "Cobertura de niños(as) de 0 a 9 años en control con enfoque de Riesgo odontológico. (Nº de niños(as)de 0 a 9 años en control con enfoque de riesgo odontológico, en el periodo / Nº total de niños(as) inscritos validados de 0 a 9 años, en el periodo x100)",
    );
    expect(reading).toEqual({
      kind: "formula",
      formula: "niños_años_control_enfoque / niños_inscritos_validados_años * 100",
      variables: [
        {
          name: "niños_años_control_enfoque",
          label:
            "Nº de niños(as)de 0 a 9 años en control con enfoque de riesgo odontológico, en el periodo",
        },
        {
          name: "niños_inscritos_validados_años",
          label: "Nº total de niños(as) inscritos validados de 0 a 9 años, en el periodo",
        },
      ],
    });
    const convenida = formulaFromIndicatorText(
      "N° DE NIÑOS ATENDIDOS / N° TOTAL DE POBLACIÓN CONVENIDA (8%)",
    );
    expect(convenida).toMatchObject({
      variables: [{}, { label: "N° TOTAL DE POBLACIÓN CONVENIDA" }],
    });
  });

  it("keeps two variables apart when their words begin alike", () => {
    expect(formulaFromIndicatorText("(N° de talleres/N° de talleres)*100")).toMatchObject({
      formula: "talleres / talleres_2 * 100",
    });
  });
});

describe("formulaFromIndicatorText: the slash that means and/or", () => {
  it.each([
    // Two counts with no plan or total below: reported side by side, not divided.
    "n° de encuentros empresas y emprendedores multisectoriales/n° de proyectos asociados a emprendimiento y fortalecimiento empresarial",
    "N° de mujeres de participantes nuevas/ N° de mujeres que terminan",
    // Three or more counts are never a ratio.
    "n° de talleres/n° de visitas a experiencias interregionales/n° de cursos certificados/n° talleres con colegios.",
    "N° de talleres realizados/N° de talleres programados/N° de cursos",
    "REGISTRO FOTOGRAFICO/REGISTRO ASISTENCIA",
    "REGISTRO DE INTERVENCIÓN Y/O ATENCION",
  ])("keeps %j as evidence", (text) => {
    expect(formulaFromIndicatorText(text)).toEqual({ kind: "evidence" });
  });

  it.each([
    [
      "N° DE PARTICIPANTES DE LA RED SENAME/ LISTADO DE ASISTENCIA/ ENTREGA DE HERRAMIENTAS PARA MEJORAR HABILIDADES DENTRO DEL QUEHACER PROFESIONAL",
      "participantes",
    ],
    [
      "N° DE NIÑAS Y MUJERES PARTICIPANTES/ ENTREGAR ESTRATEGIAS Y ACCIONES PARA GARANTIZAR SU SEGURIDAD",
      "niñas",
    ],
  ])("reads one count beside its evidence, %j, as a value", (text, unit) => {
    expect(formulaFromIndicatorText(text)).toEqual({ kind: "value", unit, target: null });
  });
});

describe("formulaFromIndicatorText: values", () => {
  it.each([
    ["10 Capacitaciones", "capacitaciones", 10],
    ["5 Recicladores", "recicladores", 5],
    ["03 Convenios Firmados con empresas recicladoras", "convenios", 3],
    ["1 Actividad a desarrollar en conmemoración a las fechas.", "actividad", 1],
    ["7488 m2", "m2", 7488],
    ["70% certificados usuarios", "%", 70],
    ["12,5 km", "km", 12.5],
    ["Adjudicación de al menos 01 Proyecto", "proyecto", 1],
    ["Instalación de 04 Señaléticas", "señaléticas", 4],
    ["N° de beneficiarios", "beneficiarios", null],
    ["N° ayudas entregadas", "ayudas", null],
    ["CANTIDAD DE RIESGOS LEVANTADOS", "riesgos", null],
    ["Número de test PCR realizados", "test", null],
    ["NUMERO DE NIÑOS Y NIÑAS TRASLADADOS DESDE SECTORES", "niños", null],
    [
      "N° de niñas, niños y adolescentes, padres y/o apoderados que recibe retroalimentación.",
      "niñas",
      null,
    ],
    ["% de sesiones planificadas en Plan de trabajo anual", "%", null],
    ["Porcentaje de mujeres de 25 a 64 años con PAP vigente en los últimos 3 años", "%", null],
    [
      "Cobertura de aplicación de Cuestionario M-CHAT en población de niños/as de 12 a 23 meses",
      "%",
      null,
    ],
    ["Proporción de mamografías realizadas según programación comunal, en el periodo.", "%", null],
  ])("reads %j as a value in %j, target %j", (text, unit, target) => {
    expect(formulaFromIndicatorText(text)).toEqual({ kind: "value", unit, target });
  });
});

describe("formulaFromIndicatorText: evidence", () => {
  it.each([
    "MEJORAS EN LOS PROCESOS DE LAS DISTINTAS ETAPAS DEL PROCESO DE COMPRAS Y CONTRATACION",
    "diseño terminado",
    "PRIMERA PIEDRA 2023",
    "N° de programas ejecutados y Total de Beneficiarios de los convenios suscritos",
    "Fortalecer el sentido de pertenencia en los funcionarios.",
    "C",
    "",
    "   ",
    "Cobertura Examen de 20 a 64 años / Registro REM",
  ])("keeps %j as evidence", (text) => {
    expect(formulaFromIndicatorText(text)).toEqual({ kind: "evidence" });
  });
});

describe("variableName", () => {
  it.each([
    ["N° de Capacitaciones Programadas", "capacitaciones_programadas"],
    ["Nº total de niños(as) inscritos validados de 0 a 9 años", "niños_inscritos_validados_años"],
    ["TOTAL AREAS VRDES MANT", "areas_vrdes_mant"],
    ["N° de 2024", "valor"],
    ["N° DE JORNADAS DE CONCIENTIZACIÓN", "jornadas_concientizacion"],
  ])("names %j %j", (label, name) => {
    expect(variableName(label)).toBe(name);
  });
});

describe("the Vallenar PLADECO 2022-2029", () => {
  const fixture: unknown = JSON.parse(
    readFileSync(
      new URL("../../../fixtures/demo/vallenar-pladeco-2022-2029.json", import.meta.url),
      "utf8",
    ),
  );
  const texts: string[] = [];
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(collect);
    else if (node !== null && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "indicators" && Array.isArray(value)) {
          for (const indicator of value as Array<{ text: string }>) texts.push(indicator.text);
        }
        collect(value);
      }
    }
  };
  collect(fixture);
  const readings = texts.map((text) => ({ text, reading: formulaFromIndicatorText(text) }));

  it("reads every indicator as one of the three kinds (exact counts, so a change in the rules shows up)", () => {
    const counts = { formula: 0, value: 0, evidence: 0 };
    for (const { reading } of readings) counts[reading.kind] += 1;
    expect(texts).toHaveLength(128);
    expect(counts).toEqual({ formula: 22, value: 53, evidence: 53 });
  });

  it("produces formulas that parse and read exactly the variables they list", () => {
    for (const { text, reading } of readings) {
      if (reading.kind !== "formula") continue;
      const parsed = parseFormula(reading.formula);
      expect(parsed.ok, text).toBe(true);
      if (!parsed.ok) continue;
      expect(variablesOf(parsed.ast)).toEqual(reading.variables.map((v) => v.name));
      for (const v of reading.variables) expect(v.label, text).toMatch(/^(N\s*[°º]|TOTAL)/i);
    }
  });
});
