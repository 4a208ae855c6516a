/**
 * Formula injection ("CSV injection"): a spreadsheet reads a text that starts
 * with `=`, `+`, `-` or `@` (and, in some programs, after a leading tab or
 * carriage return) as a formula, so a plan text such as `=HYPERLINK(…)` could
 * run when a planner opens the export. Every text cell of every export (xlsx
 * and CSV) goes through `inertText`, which puts an apostrophe in front of such
 * a text, as OWASP recommends; numbers are written as numbers and never pass
 * through here.
 *
 * The importer reads the apostrophe back off with `restoreText`, so that
 * export → import → export gives the same texts.
 */
// Apostrophes already in front of a trigger are counted in, so that restoreText is exact.
const TRIGGER = /^'*[=+\-@\t\r]/;

/** The text as a spreadsheet will show it and never evaluate it. */
export function inertText(text: string): string {
  return TRIGGER.test(text) ? `'${text}` : text;
}

/** The inverse of `inertText`: the original text of a neutralised cell. */
export function restoreText(text: string): string {
  return text.startsWith("'") && TRIGGER.test(text.slice(1)) ? text.slice(1) : text;
}
