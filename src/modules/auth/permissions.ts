import type { EffectiveRole, Principal } from "./principal";
import { roleIn, unitsIn } from "./principal";

/**
 * What each role may do in a municipality. Small named checks, asked before
 * any data is touched (the database's row-level security is the second lock).
 *
 * - admin (SECPLA): everything in its municipality, including users.
 * - editor: items and indicators whose responsible units include one of theirs.
 * - validator: reads everything; validates progress reports (indicator engine).
 * - viewer (Concejo, COSOC): reads everything.
 * - operator: the platform operator, an administrator in every municipality.
 * - anonymous: reads published plans only.
 */
export type Action =
  | "plan.read" // unpublished plans too
  | "plan.manage" // create, edit, delete plans, levels, versions; items anywhere in the tree
  | "unit.manage"
  | "territory.manage"
  | "item.edit" // edit an existing item's fields and its indicators (editors: own units only)
  | "audit.read"
  | "user.manage"
  | "measurement.report" // report progress and evidence, acknowledge alerts (editors: own units only)
  | "measurement.validate" // validate, reject or reopen progress reports
  | "plan.import"; // import a workbook into a plan (dry run and confirmation)

const GRANTS: Record<EffectiveRole, ReadonlySet<Action>> = {
  operator: new Set<Action>([
    "plan.read",
    "plan.manage",
    "unit.manage",
    "territory.manage",
    "item.edit",
    "audit.read",
    "user.manage",
    "measurement.report",
    "measurement.validate",
    "plan.import",
  ]),
  admin: new Set<Action>([
    "plan.read",
    "plan.manage",
    "unit.manage",
    "territory.manage",
    "item.edit",
    "audit.read",
    "user.manage",
    "measurement.report",
    "measurement.validate",
    "plan.import",
  ]),
  editor: new Set<Action>(["plan.read", "item.edit", "audit.read", "measurement.report"]),
  validator: new Set<Action>(["plan.read", "audit.read", "measurement.validate"]),
  viewer: new Set<Action>(["plan.read", "audit.read"]),
};

export function can(principal: Principal | null, municipalityId: string, action: Action): boolean {
  const role = roleIn(principal, municipalityId);
  return role !== null && GRANTS[role].has(action);
}

/**
 * May the principal edit this item? Administrators may edit any item; editors
 * only items one of whose responsible or co-responsible units is theirs.
 */
export function canEditItem(
  principal: Principal | null,
  municipalityId: string,
  itemUnitIds: readonly string[],
): boolean {
  const role = roleIn(principal, municipalityId);
  if (role === null || !GRANTS[role].has("item.edit")) return false;
  if (role !== "editor") return true;
  const mine = new Set(unitsIn(principal, municipalityId));
  return itemUnitIds.some((id) => mine.has(id));
}

/**
 * May the principal report progress on an indicator of this item (or act on
 * its alerts)? Administrators anywhere; editors on their units' items only.
 */
export function canReportOn(
  principal: Principal | null,
  municipalityId: string,
  itemUnitIds: readonly string[],
): boolean {
  const role = roleIn(principal, municipalityId);
  if (role === null || !GRANTS[role].has("measurement.report")) return false;
  if (role !== "editor") return true;
  const mine = new Set(unitsIn(principal, municipalityId));
  return itemUnitIds.some((id) => mine.has(id));
}

export const ROLES_FOR_MATRIX: EffectiveRole[] = [
  "operator",
  "admin",
  "editor",
  "validator",
  "viewer",
];
