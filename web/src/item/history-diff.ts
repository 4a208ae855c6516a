import { hasMessage, t } from "../i18n/es-CL";
import {
  formatClp,
  formatDate,
  formatDateTime,
  formatNumber,
  indicatorKindLabel,
  itemStatusLabel,
  unitRoleLabel,
} from "../i18n/format";

/** One field of an audited entity whose value differs between `before` and `after`. */
export interface FieldChange {
  /** The field's name as the audit row writes it ("title", "start_date"…). */
  field: string;
  /** undefined: the field did not exist on that side (created, deleted). */
  before: unknown;
  after: unknown;
}

/**
 * Left out of the diff: bookkeeping that changes with every write, identifiers a reader cannot
 * read, and what other entries of the history already tell (an item's indicators and children
 * have their own entries).
 */
const IGNORED = new Set([
  "id",
  "version",
  "createdAt",
  "updatedAt",
  "municipalityId",
  "planId",
  "planTitle",
  "itemId",
  "searchText",
  "children",
  "indicators",
]);

/**
 * The order fields are read in, as the item page and the indicator list show them. The database
 * keeps JSON keys in its own order (jsonb sorts them), so the entity's order cannot be used.
 */
const FIELD_ORDER = [
  "code",
  "title",
  "name",
  "description",
  "level",
  "status",
  "kind",
  "ancestors",
  "parentId",
  "sort",
  "responsibleUnits",
  "responsibleText",
  "startDate",
  "endDate",
  "deadlineText",
  "funding",
  "fundingText",
  "sdgs",
  "transversalAxes",
  "territories",
  "dependencies",
  "assumptions",
  "weight",
  "formula",
  "unit",
  "targetText",
  "targetValue",
  "targetUnit",
  "baselineText",
  "baselineValue",
  "sourceRef",
  "deletedDescendants",
].reduce((order, field, index) => order.set(field, index), new Map<string, number>());

/** "start_date" → "startDate": audit rows may carry column names or API names. */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** Deep equality of JSON values (object key order does not matter). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") {
    // A missing field and null say the same thing: no value.
    return (a ?? null) === (b ?? null);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  for (const key of keys) if (!sameValue(x[key], y[key])) return false;
  return true;
}

/**
 * The fields that changed from `before` to `after` (objects, or null when the entity was
 * created or deleted), in reading order (known fields first, then the others by name);
 * bookkeeping fields are left out. A creation lists every field with a value; a deletion,
 * every field that had one.
 */
export function diffFields(before: unknown, after: unknown): FieldChange[] {
  const from = asRecord(before);
  const to = asRecord(after);
  const rank = (field: string) => FIELD_ORDER.get(camelCase(field)) ?? FIELD_ORDER.size;
  const fields = [...new Set([...Object.keys(to), ...Object.keys(from)])].sort(
    (a, b) => rank(a) - rank(b) || a.localeCompare(b),
  );
  const changes: FieldChange[] = [];
  for (const field of fields) {
    if (IGNORED.has(camelCase(field))) continue;
    const old = from[field];
    const now = to[field];
    if (sameValue(old, now)) continue;
    changes.push({ field, before: old, after: now });
  }
  return changes;
}

/** The field's name for a reader: "Título" for title, the name itself when unknown. */
export function fieldLabel(field: string): string {
  const key = `field.${camelCase(field)}`;
  return hasMessage(key) ? t(key) : field.replace(/_/g, " ");
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const ITEM_STATUSES = new Set(["planned", "in_progress", "done", "suspended", "cancelled"]);
const INDICATOR_KINDS = new Set(["formula", "value", "milestone", "evidence"]);
const UNIT_ROLES = new Set(["responsible", "co_responsible"]);

type ItemStatus = Parameters<typeof itemStatusLabel>[0];
type IndicatorKind = Parameters<typeof indicatorKindLabel>[0];
type UnitRole = Parameters<typeof unitRoleLabel>[0];

/**
 * A value as text for the diff: "(vacío)" for nothing, Sí/No, Chilean numbers and dates, status
 * and kind labels; lists and objects by what names them (an ancestor's code, a unit's name and
 * role, a funding source…), and as compact JSON only when nothing does.
 */
export function formatValue(value: unknown, field?: string): string {
  const name = field ? camelCase(field) : "";
  if (value === null || value === undefined || value === "") return t("format.none");
  if (typeof value === "boolean") return value ? t("format.yes") : t("format.no");
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "string") {
    if (name === "status" && ITEM_STATUSES.has(value)) return itemStatusLabel(value as ItemStatus);
    if (name === "kind" && INDICATOR_KINDS.has(value))
      return indicatorKindLabel(value as IndicatorKind);
    if (ISO_DATE.test(value)) return formatDate(value);
    if (ISO_INSTANT.test(value)) return formatDateTime(value);
    return value;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return t("format.none");
    const parts = value.map((element) => describe(element));
    return parts.join(
      name === "ancestors" ? t("history.pathSeparator") : t("history.listSeparator"),
    );
  }
  return describe(value);
}

/** What names one element of a list, or an object: its code, name, title… */
function describe(value: unknown): string {
  if (typeof value !== "object" || value === null) return formatValue(value);
  const record = value as Record<string, unknown>;
  const text = (key: string) => (typeof record[key] === "string" ? (record[key] as string) : null);
  const number = (key: string) =>
    typeof record[key] === "number" ? (record[key] as number) : null;
  const goal = number("goalNumber");
  if (goal !== null) {
    const target = text("targetCode");
    return target
      ? t("history.sdgTarget", { number: goal, code: target })
      : t("history.sdg", { number: goal });
  }
  const source = text("sourceName");
  if (source) {
    const year = number("year");
    const amount = number("amount");
    return [source, year !== null ? String(year) : null, amount !== null ? formatClp(amount) : null]
      .filter(Boolean)
      .join(" ");
  }
  const role = text("role");
  const label = text("code") ?? text("name") ?? text("title");
  if (label && role && UNIT_ROLES.has(role))
    return t("history.unitWithRole", { name: label, role: unitRoleLabel(role as UnitRole) });
  return label ?? JSON.stringify(value);
}

/** "Creó", "Modificó", "Movió", "Eliminó"…; an unknown action as it is written. */
export function actionLabel(action: string): string {
  const key = `auditAction.${action}`;
  return hasMessage(key) ? t(key) : action;
}

/** "la iniciativa", "el indicador"…; an unknown entity type as it is written. */
export function entityLabel(entityType: string): string {
  const key = `entity.${entityType}`;
  return hasMessage(key) ? t(key) : entityType.replace(/_/g, " ");
}

/** Who made the change: an e-mail as it is, "cli:ana" → "línea de comandos (ana)". */
export function actorLabel(actor: string): string {
  if (actor.startsWith("cli:")) return t("history.actorCli", { name: actor.slice(4) || "?" });
  return actor;
}

/** The name of the changed entity, when it has one (an indicator's name, an item's title). */
export function entityName(before: unknown, after: unknown): string | null {
  for (const side of [asRecord(after), asRecord(before)]) {
    for (const key of ["name", "title", "code"]) {
      const value = side[key];
      if (typeof value === "string" && value.trim()) return value.trim();
    }
  }
  return null;
}
