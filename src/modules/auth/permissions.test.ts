import { describe, expect, it } from "vitest";
import { can, canEditItem, canReportOn, type Action } from "./permissions";
import type { Principal } from "./principal";

const M = "00000000-0000-4000-8000-000000000001";
const OTHER = "00000000-0000-4000-8000-000000000002";
const MY_UNIT = "00000000-0000-4000-8000-0000000000aa";
const THEIR_UNIT = "00000000-0000-4000-8000-0000000000bb";

function principal(role: "admin" | "editor" | "validator" | "viewer" | "operator"): Principal {
  return {
    userId: "u",
    email: `${role}@example.cl`,
    displayName: role,
    isOperator: role === "operator",
    sessionId: "s",
    csrfToken: "c",
    memberships:
      role === "operator"
        ? []
        : [{ municipalityId: M, cutCode: "03301", role, unitIds: [MY_UNIT] }],
  };
}

const ACTIONS: Action[] = [
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
];

// The authorisation matrix: role × action, as the accounts issue defines the roles.
const MATRIX: Record<string, Action[]> = {
  operator: ACTIONS,
  admin: ACTIONS,
  editor: ["plan.read", "item.edit", "audit.read", "measurement.report"],
  validator: ["plan.read", "audit.read", "measurement.validate"],
  viewer: ["plan.read", "audit.read"],
  anonymous: [],
};

describe("authorisation matrix", () => {
  for (const [role, allowed] of Object.entries(MATRIX)) {
    const p = role === "anonymous" ? null : principal(role as Parameters<typeof principal>[0]);
    it.each(ACTIONS)(`${role} → %s`, (action) => {
      expect(can(p, M, action)).toBe(allowed.includes(action));
    });
  }

  it("grants members nothing in another municipality; the operator keeps their rights", () => {
    for (const role of ["admin", "editor", "validator", "viewer"] as const)
      for (const action of ACTIONS) expect(can(principal(role), OTHER, action)).toBe(false);
    for (const action of ACTIONS) expect(can(principal("operator"), OTHER, action)).toBe(true);
  });

  it("lets an editor edit only items of their units", () => {
    const editor = principal("editor");
    expect(canEditItem(editor, M, [THEIR_UNIT, MY_UNIT])).toBe(true);
    expect(canEditItem(editor, M, [THEIR_UNIT])).toBe(false);
    expect(canEditItem(editor, M, [])).toBe(false);
    expect(canEditItem(principal("admin"), M, [])).toBe(true);
    expect(canEditItem(principal("viewer"), M, [MY_UNIT])).toBe(false);
    expect(canEditItem(null, M, [MY_UNIT])).toBe(false);
  });

  it("lets an editor report progress only on items of their units; validators never report", () => {
    const editor = principal("editor");
    expect(canReportOn(editor, M, [THEIR_UNIT, MY_UNIT])).toBe(true);
    expect(canReportOn(editor, M, [THEIR_UNIT])).toBe(false);
    expect(canReportOn(principal("admin"), M, [])).toBe(true);
    expect(canReportOn(principal("validator"), M, [MY_UNIT])).toBe(false);
    expect(canReportOn(principal("viewer"), M, [MY_UNIT])).toBe(false);
    expect(canReportOn(null, M, [MY_UNIT])).toBe(false);
  });
});
