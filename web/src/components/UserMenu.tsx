import { useEffect, useId, useRef, useState } from "react";
import { Link, useLocation } from "react-router-dom";
import { ApiError, routes } from "../api";
import { displayRole, useSession } from "../auth/session";
import { t } from "../i18n/es-CL";
import { roleLabel } from "../i18n/format";

/**
 * The header's account area: "Ingresar" for anonymous visitors; for a signed-in user, a
 * disclosure button with their name and role that opens their details and "Cerrar sesión".
 */
export function UserMenu({ cut }: { cut: string | null }) {
  const session = useSession();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);
  const menuId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const signInRef = useRef<HTMLAnchorElement>(null);
  const focusSignIn = useRef(false);

  // Close on a click outside or Escape (then focus returns to the button).
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  // Another page: the menu closes.
  useEffect(() => setOpen(false), [location.pathname]);

  // After signing out, focus lands on "Ingresar", where the menu button was.
  useEffect(() => {
    if (session.state.status === "anonymous" && focusSignIn.current) {
      focusSignIn.current = false;
      signInRef.current?.focus();
    }
  }, [session.state.status]);

  async function signOut() {
    setBusy(true);
    setStatus(t("session.signingOut"));
    try {
      focusSignIn.current = true;
      await session.logout();
      setOpen(false);
      setStatus(t("session.signedOut"));
    } catch (error) {
      focusSignIn.current = false;
      const detail = error instanceof ApiError ? (error.problem.detail ?? error.message) : "";
      setStatus(t("session.signOutFailed", { detail }));
    } finally {
      setBusy(false);
    }
  }

  const live = (
    <span className="visually-hidden" role="status">
      {status}
    </span>
  );

  if (session.state.status === "loading") return <div className="user-area">{live}</div>;

  if (session.state.status === "anonymous") {
    const here = `${location.pathname}${location.search}`;
    const onLoginPage = location.pathname === routes.login().split("?")[0];
    return (
      <div className="user-area">
        {live}
        <Link
          ref={signInRef}
          to={onLoginPage ? `${location.pathname}${location.search}` : routes.login(here)}
          className="header-signin"
          aria-current={onLoginPage ? "page" : undefined}
        >
          {t("session.signIn")}
        </Link>
      </div>
    );
  }

  const { me } = session.state;
  const role = displayRole(me, cut);
  return (
    <div className="user-area" ref={rootRef}>
      {live}
      <button
        ref={buttonRef}
        type="button"
        className="user-button"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((value) => !value)}
      >
        <span className="user-avatar" aria-hidden="true">
          {initials(me.user.displayName || me.user.email)}
        </span>
        <span className="user-button-text">
          <span className="user-name">{me.user.displayName || me.user.email}</span>
          {role && <span className="user-role">{roleLabel(role)}</span>}
        </span>
        <span className="user-caret" aria-hidden="true" />
      </button>
      <div id={menuId} className="user-menu" hidden={!open}>
        <p className="user-menu-name">{me.user.displayName}</p>
        <p className="user-menu-email">{me.user.email}</p>
        {role && <p className="user-menu-role">{roleLabel(role)}</p>}
        <button type="button" className="button button-secondary" onClick={signOut} disabled={busy}>
          {busy ? t("session.signingOut") : t("session.signOut")}
        </button>
      </div>
    </div>
  );
}

/** "Ana Pérez" → "AP"; one word → its first letter. */
function initials(name: string): string {
  const words = name
    .replace(/[@(].*$/, "")
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : [words[0]];
  return letters
    .map((word) => word?.charAt(0) ?? "")
    .join("")
    .toUpperCase();
}
