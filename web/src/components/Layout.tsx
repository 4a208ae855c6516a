import { Suspense, useEffect, useRef } from "react";
import { Link, Outlet, ScrollRestoration, useLocation, useMatch } from "react-router-dom";
import type { MunicipalityDto, PlanSummaryPage } from "../types";
import { api, routes } from "../api";
import { mayValidate, roleIn, useSession } from "../auth/session";
import { useApi } from "../hooks/useApi";
import { importRoute } from "../import/paths";
import { t } from "../i18n/es-CL";
import { Loading } from "./States";
import { UserMenu } from "./UserMenu";

export function Layout() {
  const mainRef = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const firstRender = useRef(true);
  const session = useSession();
  const { me } = session;
  // The first answer of /api/auth/me is not a new session: the page keeps what it has loaded
  // (loading it again would send every request twice on a signed-in visit).
  const identity = me?.user.id ?? "anonimo";
  const first = useRef<string | null>(null);
  if (session.state.status !== "loading" && first.current === null) first.current = identity;
  const pageKey = first.current === null || first.current === identity ? "inicial" : identity;

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
        <Suspense key={pageKey} fallback={<Loading />}>
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
  const { search } = useLocation();
  const dashboard = useMatch("/m/:cut/planes/:planId/tablero") !== null;
  const { me } = useSession();
  const role = roleIn(me, cut);
  // Outside a plan's pages (item, reporting, units), the dashboard link goes to the first plan.
  const plans = useApi<PlanSummaryPage>(cut && role && !planMatch ? api.plans(cut) : null);
  const planId =
    planMatch?.params.planId ??
    (plans.status === "success" ? (plans.data.items[0]?.id ?? null) : null);
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
              {planId && (
                // From the dashboard, the map opens with the same filters (same URL parameters).
                <Link to={`/m/${cut}/planes/${planId}/mapa${dashboard ? search : ""}`}>
                  {t("map.nav")}
                </Link>
              )}
              {role !== "viewer" && role !== "validator" && (
                <Link to={routes.report(cut)}>{t("nav.report")}</Link>
              )}
              {mayValidate(role) && <Link to={routes.validate(cut)}>{t("nav.validate")}</Link>}
              {(role === "admin" || role === "operator") && (
                <Link to={routes.units(cut)}>{t("nav.units")}</Link>
              )}
              {(role === "admin" || role === "operator") && (
                <Link to={importRoute(cut)}>{t("nav.import")}</Link>
              )}
            </nav>
          )}
          <UserMenu cut={cut} />
        </div>
      </div>
    </header>
  );
}
