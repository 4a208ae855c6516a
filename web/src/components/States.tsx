import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import type { ApiError } from "../api";
import { routes } from "../api";
import { t } from "../i18n/es-CL";

export function Loading() {
  return (
    <div className="container state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{t("state.loading")}</span>
    </div>
  );
}

/** An error from the API, with the problem document's detail as the server wrote it. */
export function ErrorState({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { problem } = error;
  const title = error.isNotFound
    ? t("state.error.notFound")
    : problem.title || t("state.error.title");
  return (
    <div className="container state state-error" role="alert">
      <h1>{title}</h1>
      {problem.detail && <p>{problem.detail}</p>}
      {problem.errors && problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((e) => (
            <li key={`${e.path}:${e.message}`}>{e.message}</li>
          ))}
        </ul>
      )}
      <p className="state-actions">
        {!error.isNotFound && onRetry && (
          <button type="button" className="button" onClick={onRetry}>
            {t("state.error.retry")}
          </button>
        )}
        <Link className="button button-secondary" to={routes.home()}>
          {t("state.error.goHome")}
        </Link>
      </p>
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}
