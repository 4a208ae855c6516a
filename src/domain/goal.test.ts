import { describe, expect, it } from "vitest";
import { parseGoal } from "./goal";

describe("parseGoal", () => {
  it.each([
    ["95%", { value: 95, unit: "%" }],
    ["100 % de cobertura", { value: 100, unit: "%" }],
    ["0.8", { value: 0.8, unit: null }],
    ["0,8", { value: 0.8, unit: null }],
    ["A lo menos 3 talleres formativos", { value: 3, unit: "talleres" }],
    ["Al menos 01 proyecto", { value: 1, unit: "proyecto" }],
    ["1.500 personas atendidas", { value: 1500, unit: "personas" }],
    ["12 operativos al 2025", { value: 12, unit: "operativos" }],
  ])("reads %j", (text, expected) => {
    expect(parseGoal(text)).toEqual(expected);
  });

  it.each(["Mejorar la calidad del clima laboral", "3 talleres en marzo y 4 en agosto", "", null])(
    "keeps %j as text only",
    (text) => {
      expect(parseGoal(text)).toBeNull();
    },
  );
});
