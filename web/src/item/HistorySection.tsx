import { Link, useLocation } from "react-router-dom";
import { api, type ApiError, routes } from "../api";
import { useApi } from "../hooks/useApi";
import { t } from "../i18n/es-CL";
import { formatDateTime } from "../i18n/format";
import type { AuditEntry, History } from "../types";
import {
  actionLabel,
  actorLabel,
  diffFields,
  entityLabel,
  entityName,
  type FieldChange,
  fieldLabel,
  formatValue,
} from "./history-diff";

/** "Historial de cambios": what changed in an item and its indicators, for members only. */
export function HistorySection({ cut, itemId }: { cut: string; itemId: string }) {
  // Never kept: someone may have changed the item since the last visit.
  const history = useApi<History>(api.itemHistory(cut, itemId), { keep: false });
  return (
    <section aria-labelledby="historial-titulo" id="historial" className="section history">
      <h2 id="historial-titulo">{t("history.title")}</h2>
      <p className="muted">{t("history.intro")}</p>
      {history.status === "loading" && (
        <p role="status" className="muted">
          <span className="spinner spinner-small" aria-hidden="true" /> {t("history.loading")}
        </p>
      )}
      {history.status === "error" && <HistoryError error={history.error} retry={history.retry} />}
      {history.status === "success" &&
        (history.data.items.length === 0 ? (
          <p className="empty">{t("history.empty")}</p>
        ) : (
          <ol className="history-list">
            {history.data.items.map((entry) => (
              <HistoryEntry key={entry.id} entry={entry} itemId={itemId} />
            ))}
          </ol>
        ))}
    </section>
  );
}

function HistoryError({ error, retry }: { error: ApiError; retry: () => void }) {
  const location = useLocation();
  if (error.status === 401)
    return (
      <div className="history-error" role="status">
        <p>{t("history.sessionExpired")}</p>
        <Link to={routes.login(`${location.pathname}${location.search}`)}>
          {t("session.signIn")}
        </Link>
      </div>
    );
  if (error.status === 404)
    return (
      <div className="history-error" role="status">
        <p>{t("history.unavailable")}</p>
      </div>
    );
  return (
    <div className="history-error" role="status">
      <p>{t("history.error", { detail: error.problem.detail ?? error.problem.title })}</p>
      <button type="button" className="button button-secondary" onClick={retry}>
        {t("state.error.retry")}
      </button>
    </div>
  );
}

/**
 * "before → after"; a field that did not exist on one side (a creation, a deletion) shows only
 * the value it had. Screen readers hear "Antes:" and "Después:", since del and ins are silent.
 */
function ValueChange({ change }: { change: FieldChange }) {
  const before = (
    <>
      <span className="visually-hidden">{t("history.before")} </span>
      <del>{formatValue(change.before, change.field)}</del>
    </>
  );
  const after = (
    <>
      <span className="visually-hidden">{t("history.after")} </span>
      <ins>{formatValue(change.after, change.field)}</ins>
    </>
  );
  if (change.before === undefined) return after;
  if (change.after === undefined) return before;
  return (
    <>
      {before}
      <span className="history-arrow" aria-hidden="true">
        →
      </span>
      {after}
    </>
  );
}

function HistoryEntry({ entry, itemId }: { entry: AuditEntry; itemId: string }) {
  const changes = diffFields(entry.before, entry.after);
  // The item's own title is on the page already; other entities (indicators) are named.
  const isThisItem = entry.entityType === "item" && entry.entityId === itemId;
  const name = isThisItem ? null : entityName(entry.before, entry.after);
  const what = name
    ? t("history.whatNamed", {
        action: actionLabel(entry.action),
        entity: entityLabel(entry.entityType),
        name,
      })
    : t("history.what", {
        action: actionLabel(entry.action),
        entity: entityLabel(entry.entityType),
      });
  return (
    <li className="history-entry">
      <details>
        <summary>
          <span className="history-summary">
            <time dateTime={entry.at} className="history-when">
              {formatDateTime(entry.at)}
            </time>
            <span className="history-what">{what}</span>
            <span className="history-who">
              {t("history.by", { actor: actorLabel(entry.actor) })}
            </span>
          </span>
        </summary>
        {changes.length === 0 ? (
          <p className="muted history-body">{t("history.noFieldChanges")}</p>
        ) : (
          <dl className="history-body history-changes">
            {changes.map((change) => (
              <div key={change.field} className="history-change">
                <dt>{fieldLabel(change.field)}</dt>
                <dd>
                  <ValueChange change={change} />
                </dd>
              </div>
            ))}
          </dl>
        )}
      </details>
    </li>
  );
}
