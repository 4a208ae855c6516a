import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import { routes } from "../api";
import { t } from "../i18n/es-CL";

/** The trail from a plan to one of its pages: the plan, any steps between, the page itself. */
export function PlanBreadcrumbs({
  cut,
  plan,
  current,
  children,
}: {
  cut: string;
  plan: { id: string; title: string };
  current: string;
  /** The steps between, as <li> elements. */
  children?: ReactNode;
}) {
  return (
    <nav aria-label={t("item.breadcrumbs")} className="breadcrumbs">
      <ol>
        <li>
          <Link to={routes.plan(cut, plan.id)}>{plan.title}</Link>
        </li>
        {children}
        <li aria-current="page">{current}</li>
      </ol>
    </nav>
  );
}
