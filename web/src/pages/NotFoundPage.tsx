import { Link, useLocation } from "react-router-dom";
import { routes } from "../api";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { t } from "../i18n/es-CL";

export default function NotFoundPage() {
  const { pathname } = useLocation();
  useDocumentTitle(t("state.notFound.title"));
  return (
    <div className="container state state-error">
      <h1>{t("state.notFound.title")}</h1>
      <p>{t("state.notFound.detail", { path: pathname })}</p>
      <p>
        <Link className="button" to={routes.home()}>
          {t("state.error.goHome")}
        </Link>
      </p>
    </div>
  );
}
