/**
 * The formula language of indicators (issue "Indicators that compute"):
 * parse, print, list variables, evaluate, and read a PLADECO's indicator text.
 */
export type {
  ArithmeticOp,
  CompareOp,
  Formula,
  FormulaError,
  FormulaErrorCode,
  FunctionName,
} from "./ast";
export { FUNCTION_NAMES, normalizeVariableName } from "./ast";
export type { ParseResult } from "./parser";
export { parseFormula } from "./parser";
export { formatName, printFormula } from "./print";
export type { EvaluationResult, FormulaEvalError } from "./evaluate";
export { evaluateFormula } from "./evaluate";
export { variablesOf } from "./variables";
export type { IndicatorFormula, IndicatorReading } from "./from-text";
export { formulaFromIndicatorText } from "./from-text";
