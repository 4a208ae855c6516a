import { Link, useParams } from "react-router-dom";
import { api, routes } from "../api";
import { ApprovalBadge, DemoBadge } from "../components/Badges";
import { LongText } from "../components/LongText";
import { Empty, ErrorState, Loading } from "../components/States";
import { useRoleIn } from "../auth/session";
import { PlanAdmin } from "../edit/PlanAdmin";
import { ExportSection } from "../export/ExportSection";
import { useApi } from "../hooks/useApi";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { t, tp } from "../i18n/es-CL";
import { firstSentence, formatDate, planKindLabel } from "../i18n/format";
import type { PlanDetail } from "../types";
import "../styles/plan.css";
import "../styles/forms.css";
import "../styles/edit.css";

export default function PlanPage() {
  const { cut = "", planId = "" } = useParams();
  const plan = useApi<PlanDetail>(api.plan(cut, planId));
  useDocumentTitle(plan.status === "success" ? plan.data.title : null);

  if (plan.status === "loading") return <Loading />;
  if (plan.status === "error") return <ErrorState error={plan.error} onRetry={plan.retry} />;
  return <PlanOverview plan={plan.data} cut={cut} />;
}

function PlanOverview({ plan, cut }: { plan: PlanDetail; cut: string }) {
  const role = useRoleIn(cut);
  const isAdmin = role === "admin" || role === "operator";
  return (
    <div className="container">
      <PlanHeader plan={plan} cut={cut} />
      <div className="plan-statements">
        <section aria-labelledby="vision" className="statement">
          <h2 id="vision">{t("plan.vision")}</h2>
          {plan.vision ? <LongText text={plan.vision} /> : <Empty>{t("plan.notStated")}</Empty>}
        </section>
        <section aria-labelledby="mission" className="statement">
          <h2 id="mission">{t("plan.mission")}</h2>
          {plan.mission ? <LongText text={plan.mission} /> : <Empty>{t("plan.notStated")}</Empty>}
        </section>
      </div>
      <AxesSection plan={plan} cut={cut} />
      {plan.desiredScenario && (
        <section aria-labelledby="scenario" className="section">
          <h2 id="scenario">{t("plan.desiredScenario")}</h2>
          <LongText text={plan.desiredScenario} collapseAfter={500} />
        </section>
      )}
      <div className="two-columns">
        <ValuesSection values={plan.values} />
        <LevelsSection levels={plan.levels} />
      </div>
      <TransversalAxesSection axes={plan.transversalAxes} />
      {plan.source && <SourceSection source={plan.source} />}
      <ExportSection cut={cut} planId={plan.id} isDemo={plan.isDemo} />
      {isAdmin && <PlanAdmin plan={plan} cut={cut} />}
    </div>
  );
}

function PlanHeader({ plan, cut }: { plan: PlanDetail; cut: string }) {
  const { approval } = plan;
  return (
    <div className="page-head">
      <p className="eyebrow">{planKindLabel(plan.kind)}</p>
      <h1>{plan.title}</h1>
      <ul className="meta-list">
        <li>{t("plan.period", { start: plan.startYear, end: plan.endYear })}</li>
        <li>
          {plan.currentVersion
            ? t("plan.version", { label: plan.currentVersion.label })
            : t("plan.noVersion")}
        </li>
        <li>
          <ApprovalBadge status={approval.status} />
          {approval.agreementNumber && (
            <> {t("plan.approvalAgreement", { number: approval.agreementNumber })}</>
          )}
          {approval.decreeNumber && (
            <> {t("plan.approvalDecree", { number: approval.decreeNumber })}</>
          )}
          {approval.date && <> {t("plan.approvalDate", { date: formatDate(approval.date) })}</>}
        </li>
        <li>{tp("plan.itemCount", plan.itemCount)}</li>
      </ul>
      {plan.isDemo && (
        <div className="notice notice-demo">
          <DemoBadge />
          <p>{plan.source?.note ?? t("plan.demoNote")}</p>
        </div>
      )}
      <p className="plan-actions">
        <Link className="button button-large" to={routes.dashboard(cut, plan.id)}>
          {t("dashboard.link")}
        </Link>
        <Link className="button button-secondary" to={routes.tree(cut, plan.id)}>
          {t("plan.openTree")}
        </Link>
      </p>
    </div>
  );
}

function AxesSection({ plan, cut }: { plan: PlanDetail; cut: string }) {
  return (
    <section aria-labelledby="axes" className="section">
      <h2 id="axes">{t("plan.axes")}</h2>
      {plan.axes.length === 0 ? (
        <Empty>{t("plan.noAxes")}</Empty>
      ) : (
        <ul className="axis-grid">
          {plan.axes.map((axis) => (
            <li key={axis.id} className="card axis-card">
              <p className="axis-code">
                {t("plan.axisLabel", { level: axis.levelName, code: axis.code })}
              </p>
              <h3>
                <Link to={routes.tree(cut, plan.id, axis.id)} className="stretched-link">
                  {axis.title}
                </Link>
              </h3>
              {axis.description && <p>{firstSentence(axis.description)}</p>}
              <p className="axis-foot">
                <span>{tp("plan.itemCount", axis.descendantCount)}</span>
                <span className="axis-cta" aria-hidden="true">
                  {t("plan.axisCta")}
                </span>
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ValuesSection({ values }: { values: PlanDetail["values"] }) {
  const groups = new Map<string, string[]>();
  for (const value of values)
    groups.set(value.group, [...(groups.get(value.group) ?? []), value.name]);
  return (
    <section aria-labelledby="values" className="section">
      <h2 id="values">{t("plan.values")}</h2>
      {groups.size === 0 && <Empty>{t("plan.noValues")}</Empty>}
      {[...groups].map(([group, names]) => (
        <div key={group} className="value-group">
          <h3>{group}</h3>
          <ul className="chip-list">
            {names.map((name) => (
              <li key={name} className="chip">
                {name}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

function LevelsSection({ levels }: { levels: PlanDetail["levels"] }) {
  return (
    <section aria-labelledby="levels" className="section">
      <h2 id="levels">{t("plan.levels")}</h2>
      <p className="muted">{t("plan.levelsIntro")}</p>
      <ol className="level-legend">
        {levels.map((level) => (
          <li key={level.key}>{level.name}</li>
        ))}
      </ol>
    </section>
  );
}

function TransversalAxesSection({ axes }: { axes: PlanDetail["transversalAxes"] }) {
  return (
    <section aria-labelledby="transversal" className="section">
      <h2 id="transversal">{t("plan.transversalAxes")}</h2>
      {axes.length === 0 ? (
        <Empty>{t("plan.noTransversalAxes")}</Empty>
      ) : (
        <>
          <p className="muted">{t("plan.transversalAxesIntro")}</p>
          <div className="disclosure-list">
            {axes.map((axis) => (
              <details key={axis.id} className="disclosure">
                <summary>{axis.name}</summary>
                <LongText text={axis.description} />
              </details>
            ))}
          </div>
        </>
      )}
    </section>
  );
}

function SourceSection({ source }: { source: NonNullable<PlanDetail["source"]> }) {
  return (
    <footer className="source" aria-labelledby="source">
      <h2 id="source">{t("plan.source")}</h2>
      <p>
        <cite>{source.title}</cite>
        {t("common.separator")}
        {source.publisher}
      </p>
      <p className="muted">{t("plan.sourceFile", { file: source.file })}</p>
    </footer>
  );
}
