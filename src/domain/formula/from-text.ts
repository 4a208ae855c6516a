import type { Formula } from "./ast";
import { normalizeText } from "../text";
import { printFormula } from "./print";

/**
 * How an indicator written in a PLADECO is measured:
 * - a formula over counts the municipality reports ("(N° de capacitaciones
 *   realizadas/N° de capacitaciones programadas)*100");
 * - a value with its unit, and the target when the text states one ("10 Capacitaciones");
 * - evidence: something shown with documents ("REGISTRO FOTOGRAFICO/REGISTRO ASISTENCIA").
 * Every text maps to one of the three; nothing is dropped.
 */
export type IndicatorReading =
  IndicatorFormula | { kind: "value"; unit: string; target: number | null } | { kind: "evidence" };

export interface IndicatorFormula {
  kind: "formula";
  /** Canonical formula text (printFormula), over the variable names below. */
  formula: string;
  /** In order of appearance: a short stable name and the words the plan used for it. */
  variables: Array<{ name: string; label: string }>;
}

// Where a count starts: "N° de", "Nº", "n°", "Número de", "Cantidad de", "Total".
const COUNT =
  /^\s*(?:(?:n\s*[°º]|nro\.?|n[uú]mero|cantidad)(?:\s+total)?|total)(?![\p{L}\d])(?:\s+(?:de|del)(?:\s+(?:la|las|los))?(?![\p{L}\d]))?\s*/iu;
const COUNT_ANYWHERE =
  /(?<![\p{L}\d])(?:(?:n\s*[°º]|nro\.?|n[uú]mero|cantidad)(?:\s+total)?|total)(?![\p{L}\d])/giu;
// A denominator that is a plan or a whole makes "a/b" a ratio (Vallenar: "N° de
// actividades programadas", "N° TOTAL DE POBLACIÓN CONVENIDA"); otherwise the
// plan's slash joins two counts reported side by side ("n° de encuentros/n° de proyectos").
const REFERENCE = /PROGRAMAD|PLANIFICAD|TOTAL|CONVENID|INSCRIT|ESPERAD|UNIVERSO|META\b/;
const PERCENT_FACTOR = /\s*(?:\*|(?<![\p{L}\d])[x×])\s*100(?!\d)/iu;
const PERCENT_NOTE = /\(\s*\d+(?:[.,]\d+)?\s*%\s*\)/g;
const PERCENT_HEAD = /^(?:%|(?:PORCENTAJE|COBERTURA|PROPORCION|TASA)\b)/;
// "y/o", "y/u", "niños/as": slashes inside words, not between counts.
const WORD_SLASH = /(?<!\p{L})([yo])\/([ou])(?!\p{L})|(\p{L})\/(as|os|a|o)(?!\p{L})/giu;
const KEPT_SLASH = "\uE000";
const STOPWORDS = new Set(
  "a al con de del donde e el en la las lo los o para por que se segun su sus u un una y".split(
    " ",
  ),
);

export function formulaFromIndicatorText(text: string): IndicatorReading {
  const guarded = text.replace(WORD_SLASH, (m) => m.replace("/", KEPT_SLASH));
  const slashes = [...guarded.matchAll(/\//g)].map((m) => m.index);
  if (slashes.length === 1) {
    const formula = ratio(guarded, slashes[0]!);
    if (formula) return formula;
  }
  if (slashes.length > 0) {
    // "N° DE PARTICIPANTES/ LISTADO DE ASISTENCIA/ …": one count and its evidence
    // is a value; two or more counts that are not a ratio cannot be one value.
    const counts = guarded.split("/").filter((part) => COUNT.test(part));
    return counts.length === 1 ? countValue(counts[0]!) : { kind: "evidence" };
  }
  return single(text);
}

function single(text: string): IndicatorReading {
  const t = text.trim();
  const leading = /^(\d+(?:[.,]\d+)?)\s*(%|\p{L}[\p{L}\p{Nd}]*)/u.exec(t);
  if (leading) return value(leading[2]!, leading[1]!);
  if (PERCENT_HEAD.test(normalizeText(t))) return value("%", null);
  if (COUNT.test(t) && (t.match(COUNT_ANYWHERE) ?? []).length === 1) return countValue(t);
  // "Adjudicación de al menos 01 Proyecto", "Instalación de 04 Señaléticas".
  const inside =
    /(?:^|\s)(?:de|al menos|m[ií]nimo)\s+(\d+(?:[.,]\d+)?)\s+(\p{L}[\p{L}\p{Nd}]*)/iu.exec(t);
  if (inside && !STOPWORDS.has(inside[2]!.toLowerCase())) return value(inside[2]!, inside[1]!);
  return { kind: "evidence" };
}

function countValue(phrase: string): IndicatorReading {
  const unit = /^[\p{L}\p{Nd}]+/u.exec(phrase.replace(COUNT, ""));
  return unit ? value(unit[0], null) : { kind: "evidence" };
}

function value(unit: string, target: string | null): IndicatorReading {
  return {
    kind: "value",
    unit: unit.toLocaleLowerCase("es-CL"),
    target: target === null ? null : Number(target.replace(",", ".")),
  };
}

/** "a/b" read as a formula, when both sides are counts and the text makes it a ratio. */
function ratio(text: string, slash: number): IndicatorFormula | null {
  let start = 0;
  for (let depth = 0, j = slash - 1; j >= 0; j--) {
    if (text[j] === ")") depth += 1;
    else if (text[j] === "(" && depth-- === 0) {
      start = j + 1;
      break;
    }
  }
  let end = text.length;
  for (let depth = 0, j = slash + 1; j < text.length; j++) {
    if (text[j] === "(") depth += 1;
    else if (text[j] === ")" && depth-- === 0) {
      end = j;
      break;
    }
  }
  // "Porcentaje de cumplimiento. N° a / N° b": the ratio starts after the sentence.
  const numerator = label(
    text
      .slice(start, slash)
      .split(/[.:]\s/)
      .pop()!,
  );
  const denominator = label(text.slice(slash + 1, end));
  if (!COUNT.test(numerator) || !COUNT.test(denominator)) return null;
  const percent = PERCENT_FACTOR.test(text) || text.includes("%");
  if (!percent && !REFERENCE.test(normalizeText(denominator))) return null;

  const a = variableName(numerator);
  let b = variableName(denominator);
  if (b === a) b = `${b}_2`;
  const quotient: Formula = {
    kind: "binary",
    op: "/",
    left: { kind: "variable", name: a },
    right: { kind: "variable", name: b },
  };
  const ast: Formula = percent
    ? { kind: "binary", op: "*", left: quotient, right: { kind: "number", value: 100 } }
    : quotient;
  return {
    kind: "formula",
    formula: printFormula(ast),
    variables: [
      { name: a, label: numerator },
      { name: b, label: denominator },
    ],
  };
}

/** The words of one side of a ratio, without "*100", "(8%)" or trailing punctuation. */
function label(part: string): string {
  return part
    .replace(PERCENT_FACTOR, "")
    .replace(PERCENT_NOTE, "")
    .replaceAll(KEPT_SLASH, "/")
    .replace(/\s+/g, " ")
    .replace(/^[\s(]+|[\s,.;:]+$/g, "");
}

/**
 * A variable name a person can read and type, stable for the same words: up to
 * four content words of the label after its "N° de", lower case, accents
 * dropped but ñ kept, joined by "_".
 * "N° de Capacitaciones Programadas" → "capacitaciones_programadas".
 */
export function variableName(label: string): string {
  const words = label
    .replace(COUNT, "")
    .replace(/\((?:as|os|a|o)\)|\/(?:as|os|a|o)(?!\p{L})/giu, " ")
    .normalize("NFD")
    .replace(/n\u0303/g, "ñ")
    .replace(/N\u0303/g, "Ñ")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .split(/[^\p{L}\d]+/u)
    .filter((w) => w !== "" && !STOPWORDS.has(w) && !/^\d+$/.test(w));
  return words.length > 0 ? words.slice(0, 4).join("_") : "valor";
}
