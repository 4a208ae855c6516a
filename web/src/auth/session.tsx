import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from "react";
import { api, ApiError, getJson, sendJson, setCsrfToken } from "../api";
import { clearApiCache } from "../hooks/useApi";
import { clearItemIndex } from "../monitoring/useItemIndex";
import type { EffectiveRole, Me } from "../types";

export type SessionState =
  { status: "loading" } | { status: "anonymous" } | { status: "signed-in"; me: Me };

export interface Session {
  state: SessionState;
  /** The signed-in user, or null (anonymous or still loading). */
  me: Me | null;
  /** Signs in; rejects with the API's error (401 wrong credentials, 429 throttled…). */
  login(email: string, password: string): Promise<Me>;
  /** Signs out; the visitor is anonymous afterwards even if the server could not be reached. */
  logout(): Promise<void>;
  /** Adopts a session the server has just opened (accepting an invitation answers with Me). */
  adopt(me: Me): void;
}

const SessionContext = createContext<Session | null>(null);

/** Loads /api/auth/me once at start (401: anonymous) and keeps who is signed in. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: "loading" });

  const apply = useCallback((me: Me | null) => {
    setCsrfToken(me?.csrfToken ?? null);
    // What a visitor may read changes with the session: nothing fetched before is kept.
    clearApiCache();
    clearItemIndex();
    setState(me ? { status: "signed-in", me } : { status: "anonymous" });
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    getJson<Me>(api.me(), controller.signal).then(
      (me) => {
        setCsrfToken(me.csrfToken);
        setState({ status: "signed-in", me });
      },
      () => {
        // 401 is the anonymous visitor; any other failure leaves the public site usable.
        if (!controller.signal.aborted) setState({ status: "anonymous" });
      },
    );
    return () => controller.abort();
  }, []);

  const login = useCallback(
    async (email: string, password: string) => {
      const me = await sendJson<Me>("POST", api.login(), { email, password });
      apply(me);
      return me;
    },
    [apply],
  );

  const logout = useCallback(async () => {
    try {
      await sendJson("POST", api.logout());
    } catch (error) {
      // Already signed out on the server (expired session): the goal is reached.
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    }
    apply(null);
  }, [apply]);

  const value = useMemo<Session>(
    () => ({
      state,
      me: state.status === "signed-in" ? state.me : null,
      login,
      logout,
      adopt: apply,
    }),
    [state, login, logout, apply],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession() needs a <SessionProvider> above it");
  return session;
}

/** The user's role in the municipality with this CUT code: their membership, or operator. */
export function roleIn(me: Me | null, cut: string | null): EffectiveRole | null {
  if (!me) return null;
  const membership = cut ? me.memberships.find((m) => m.cutCode === cut) : undefined;
  if (membership) return membership.role;
  return me.user.isOperator ? "operator" : null;
}

/**
 * The role to show next to the user's name: in the municipality being looked at, or, outside
 * any municipality, their only membership (operators are operators everywhere).
 */
export function displayRole(me: Me, cut: string | null): EffectiveRole | null {
  if (cut) return roleIn(me, cut);
  if (me.user.isOperator) return "operator";
  return me.memberships.length === 1 ? (me.memberships[0]?.role ?? null) : null;
}

/** Units of the user in this municipality (an editor reports on their units' items). */
export function unitsIn(me: Me | null, cut: string | null): string[] {
  return me?.memberships.find((m) => m.cutCode === cut)?.unitIds ?? [];
}

/** May report progress on an item with these units: administrators, and editors of one of them. */
export function mayReportOn(me: Me | null, cut: string, itemUnitIds: string[]): boolean {
  const role = roleIn(me, cut);
  if (role === "admin" || role === "operator") return true;
  if (role !== "editor") return false;
  const mine = new Set(unitsIn(me, cut));
  return itemUnitIds.some((id) => mine.has(id));
}

/**
 * May edit an item with these (responsible and co-responsible) units: administrators any item,
 * editors those of their units. Mirrors canEditItem of the API's permissions.
 */
export function mayEditItem(me: Me | null, cut: string, itemUnitIds: string[]): boolean {
  return mayReportOn(me, cut, itemUnitIds);
}

/** May validate progress reports: validators and administrators. */
export function mayValidate(role: EffectiveRole | null): boolean {
  return role === "validator" || role === "admin" || role === "operator";
}

/** The signed-in user's role in this municipality (null: anonymous or not a member). */
export function useRoleIn(cut: string | null): EffectiveRole | null {
  return roleIn(useSession().me, cut);
}
