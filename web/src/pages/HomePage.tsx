import { Link } from "react-router-dom";
import { api, routes } from "../api";
import { ApprovalBadge, DemoBadge } from "../components/Badges";
import { Empty, ErrorState, Loading } from "../components/States";
import { useApi } from "../hooks/useApi";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { t, tp } from "../i18n/es-CL";
import { planKindLabel } from "../i18n/format";
import type { MunicipalityDto, MunicipalityPage, PlanSummaryPage } from "../types";
import "../styles/plan.css";

export default function HomePage() {
  useDocumentTitle(t("home.title"));
  const municipalities = useApi<MunicipalityPage>(api.municipalities(200));

  return (
    <div className="container">
      <div className="page-head">
        <h1>{t("home.title")}</h1>
        <p className="lead">{t("home.intro")}</p>
      </div>
      {municipalities.status === "loading" && <Loading />}
      {municipalities.status === "error" && (
        <ErrorState error={municipalities.error} onRetry={municipalities.retry} />
      )}
      {municipalities.status === "success" && <MunicipalityList page={municipalities.data} />}
    </div>
  );
}

function MunicipalityList({ page }: { page: MunicipalityPage }) {
  if (page.items.length === 0) return <Empty>{t("home.empty")}</Empty>;
  const single = page.items.length === 1 ? page.items[0] : undefined;
  return (
    <>
      {single && <FeaturedPlan municipality={single} />}
      <section aria-labelledby="municipalities-heading">
        <h2 id="municipalities-heading">{t("home.municipalities")}</h2>
        <ul className="municipality-list">
          {page.items.map((municipality) => (
            <li key={municipality.id} className="card municipality-card">
              <MunicipalityCard municipality={municipality} />
            </li>
          ))}
        </ul>
        {page.total > page.items.length && (
          <p className="muted">
            {t("home.moreMunicipalities", { shown: page.items.length, total: page.total })}
          </p>
        )}
      </section>
    </>
  );
}

function FeaturedPlan({ municipality }: { municipality: MunicipalityDto }) {
  const plans = useApi<PlanSummaryPage>(api.plans(municipality.cutCode));
  // Only when the installation hosts exactly one plan: then it is the obvious place to go.
  const plan =
    plans.status === "success" && plans.data.total === 1 ? plans.data.items[0] : undefined;
  if (!plan) return null;
  return (
    <section className="featured" aria-labelledby="featured-heading">
      <p className="eyebrow" id="featured-heading">
        {t("home.featured")}
      </p>
      <p className="featured-title">{plan.title}</p>
      <p className="featured-meta">
        {t("app.municipality", { name: municipality.name })}
        {t("common.separator")}
        {planKindLabel(plan.kind)}
        {t("common.separator")}
        {t("plan.periodShort", { start: plan.startYear, end: plan.endYear })}
      </p>
      <Link className="button button-large" to={routes.plan(municipality.cutCode, plan.id)}>
        {t("home.featuredCta")}
      </Link>
    </section>
  );
}

function MunicipalityCard({ municipality }: { municipality: MunicipalityDto }) {
  const plans = useApi<PlanSummaryPage>(api.plans(municipality.cutCode));
  return (
    <>
      <div className="municipality-head">
        <h3>{municipality.name}</h3>
        {municipality.isDemo && <DemoBadge />}
      </div>
      <p className="muted">
        {t("home.region", { region: municipality.regionName, province: municipality.provinceName })}
        {t("common.separator")}
        {t("home.cut", { code: municipality.cutCode })}
      </p>
      {plans.status === "loading" && <p className="muted">{t("state.loading")}</p>}
      {plans.status === "error" && (
        <p className="error-text">{plans.error.problem.detail ?? plans.error.problem.title}</p>
      )}
      {plans.status === "success" && plans.data.items.length === 0 && (
        <Empty>{t("home.noPlans")}</Empty>
      )}
      {plans.status === "success" && plans.data.items.length > 0 && (
        <ul className="plan-list">
          {plans.data.items.map((plan) => (
            <li key={plan.id}>
              <Link to={routes.plan(municipality.cutCode, plan.id)} className="plan-link">
                {plan.title}
              </Link>
              <span className="plan-meta">
                {planKindLabel(plan.kind)}
                {t("common.separator")}
                {t("plan.periodShort", { start: plan.startYear, end: plan.endYear })}
                {plan.currentVersion && (
                  <>
                    {t("common.separator")}
                    {plan.currentVersion.label}
                  </>
                )}
                {t("common.separator")}
                {tp("plan.itemCount", plan.itemCount)}
              </span>
              <ApprovalBadge status={plan.approvalStatus} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
