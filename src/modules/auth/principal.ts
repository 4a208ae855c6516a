import type { Role } from "../../db/schema";

/** The signed-in user as the request sees it, or null for an anonymous visitor. */
export interface Principal {
  userId: string;
  email: string;
  displayName: string;
  isOperator: boolean;
  sessionId: string;
  csrfToken: string;
  memberships: Array<{ municipalityId: string; cutCode: string; role: Role; unitIds: string[] }>;
}

export type EffectiveRole = Role | "operator";

/** The user's role in a municipality: their membership, or operator everywhere. */
export function roleIn(principal: Principal | null, municipalityId: string): EffectiveRole | null {
  if (!principal) return null;
  const m = principal.memberships.find((x) => x.municipalityId === municipalityId);
  if (m) return m.role;
  return principal.isOperator ? "operator" : null;
}

export function unitsIn(principal: Principal | null, municipalityId: string): string[] {
  return principal?.memberships.find((x) => x.municipalityId === municipalityId)?.unitIds ?? [];
}
