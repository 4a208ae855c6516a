import { Suspense, useEffect, useRef } from "react";
import { Link, Outlet, ScrollRestoration, useLocation, useMatch } from "react-router-dom";
import type { MunicipalityDto } from "../types";
import { api, routes } from "../api";
import { mayValidate, roleIn, useSession } from "../auth/session";
import { useApi } from "../hooks/useApi";
import { t } from "../i18n/es-CL";
import { Loading } from "./States";
import { UserMenu } from "./UserMenu";

export function Layout() {
  const mainRef = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const firstRender = useRef(true);
  const { me } = useSession();

  // After a client-side navigation, move focus to the main content, as a page load would do
  // for screen-reader and keyboard users (otherwise focus stays on the clicked link).
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus({ preventScroll: true });
  }, [pathname]);

  return (
    <div className="app">
      <a className="skip-link" href="#contenido">
        {t("app.skipToContent")}
      </a>
      <Header />
      <main id="contenido" ref={mainRef} tabIndex={-1} className="main">
        {/* A new session (sign in, sign out) loads the page again: what one may read changed. */}
        <Suspense key={me?.user.id ?? "anonimo"} fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="footer">
        <div className="container footer-inner">
          <p>{t("app.footer.about")}</p>
          <p>
            {t("app.footer.license")} <a href="/api/openapi.json">{t("app.footer.api")}</a>
          </p>
        </div>
      </footer>
      <ScrollRestoration />
    </div>
  );
}

function Header() {
  const match = useMatch("/m/:cut/*");
  const cut = match?.params.cut ?? null;
  const planMatch = useMatch("/m/:cut/planes/:planId/*");
  const planId = planMatch?.params.planId ?? null;
  const { me } = useSession();
  const role = roleIn(me, cut);
  const municipality = useApi<MunicipalityDto>(cut ? api.municipality(cut) : null);
  const name = cut && municipality.status === "success" ? municipality.data.name : null;

  return (
    <header className="header">
      <div className="container header-inner">
        <Link to={routes.home()} className="brand" aria-label={t("app.homeLink")}>
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">{t("app.name")}</span>
        </Link>
        <span className="brand-tagline">{t("app.tagline")}</span>
        <div className="header-end">
          {name && <span className="header-municipality">{t("app.municipality", { name })}</span>}
          {cut && role && (
            <nav aria-label={t("nav.member")} className="member-nav">
              {planId && <Link to={routes.dashboard(cut, planId)}>{t("nav.dashboard")}</Link>}
              {role !== "viewer" && role !== "validator" && (
                <Link to={routes.report(cut)}>{t("nav.report")}</Link>
              )}
              {mayValidate(role) && <Link to={routes.validate(cut)}>{t("nav.validate")}</Link>}
              {(role === "admin" || role === "operator") && (
                <Link to={routes.units(cut)}>{t("nav.units")}</Link>
              )}
            </nav>
          )}
          <UserMenu cut={cut} />
        </div>
      </div>
    </header>
  );
}
