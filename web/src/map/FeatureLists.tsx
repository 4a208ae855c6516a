import { useState } from "react";
import { Link } from "react-router-dom";
import { asApiError, routes, sendJson } from "../api";
import { Empty, Loading } from "../components/States";
import { t, tp } from "../i18n/es-CL";
import { formatClp, territoryKindLabel } from "../i18n/format";
import { StatusBadge } from "../monitoring/StatusBadge";
import type { LayerId } from "./layers";
import { priorityLabel } from "./Legend";
import { mapApi } from "./mapApi";
import type {
  FeatureCollection,
  ItemProperties,
  ProblemProperties,
  TerritoryProperties,
} from "./types";

/**
 * The map's features as lists: every item, problem and territory is reachable by keyboard and
 * read by screen readers; «Ver en el mapa» selects it and opens its popup.
 */
export function FeatureLists({
  cut,
  items,
  itemsLoading,
  problems,
  territories,
  canEdit,
  onShow,
  onEditProblem,
  onDeleted,
}: {
  cut: string;
  items: FeatureCollection<ItemProperties> | null;
  itemsLoading: boolean;
  problems: FeatureCollection<ProblemProperties> | null;
  territories: FeatureCollection<TerritoryProperties>;
  canEdit: boolean;
  onShow: (layer: LayerId, key: string) => void;
  onEditProblem: (problem: ProblemProperties) => void;
  onDeleted: (message: string) => void;
}) {
  const [deleteError, setDeleteError] = useState<{ id: string; message: string } | null>(null);
  const remove = async (problem: ProblemProperties) => {
    if (!window.confirm(t("map.problem.confirmDelete", { title: problem.title }))) return;
    try {
      await sendJson("DELETE", mapApi.problem(cut, problem.id), { version: problem.version });
      setDeleteError(null);
      onDeleted(t("map.problem.deleted"));
    } catch (error) {
      const apiError = asApiError(error);
      setDeleteError({
        id: problem.id,
        message: apiError.problem.detail ?? apiError.problem.title,
      });
    }
  };
  const sortedProblems = [...(problems?.features ?? [])]
    .map((f) => f.properties)
    .sort((a, b) => a.priority - b.priority || a.title.localeCompare(b.title, "es"));
  return (
    <div className="map-lists">
      <section aria-labelledby="lista-iniciativas" className="section map-section">
        <h2 id="lista-iniciativas">{t("map.list.items")}</h2>
        {itemsLoading && !items ? (
          <Loading />
        ) : !items || items.features.length === 0 ? (
          <Empty>{t("map.list.itemsEmpty")}</Empty>
        ) : (
          <>
            <p className="muted small">{tp("map.list.itemsCount", items.features.length)}</p>
            <ul className="map-feature-list">
              {items.features.map(({ properties: item }) => (
                <li key={item.itemId}>
                  <Link to={routes.item(cut, item.itemId)}>
                    {item.code ? `${item.code} ` : ""}
                    {item.title}
                  </Link>{" "}
                  <StatusBadge status={item.status} small />
                  <span className="muted small">
                    {" "}
                    {item.investmentClp !== null ? formatClp(item.investmentClp) : ""}
                  </span>{" "}
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => onShow("items", item.itemId)}
                    aria-label={t("map.named", { action: t("map.list.show"), name: item.title })}
                  >
                    {t("map.list.show")}
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="lista-problemas" className="section map-section">
        <h2 id="lista-problemas">{t("map.list.problems")}</h2>
        {sortedProblems.length === 0 ? (
          <Empty>{t("map.list.problemsEmpty")}</Empty>
        ) : (
          <ul className="map-feature-list">
            {sortedProblems.map((problem) => (
              <li key={problem.id}>
                <strong>{problem.title}</strong>{" "}
                <span className="small">
                  {priorityLabel(problem.priority)}
                  {problem.territoryName ? ` · ${problem.territoryName}` : ""}
                </span>{" "}
                <button
                  type="button"
                  className="link-button"
                  onClick={() => onShow("problems", problem.id)}
                  aria-label={t("map.named", { action: t("map.list.show"), name: problem.title })}
                >
                  {t("map.list.show")}
                </button>
                {canEdit && (
                  <>
                    {" · "}
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => onEditProblem(problem)}
                      aria-label={t("map.named", {
                        action: t("map.problem.edit"),
                        name: problem.title,
                      })}
                    >
                      {t("map.problem.edit")}
                    </button>
                    {" · "}
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => void remove(problem)}
                      aria-label={t("map.named", {
                        action: t("map.problem.delete"),
                        name: problem.title,
                      })}
                    >
                      {t("map.problem.delete")}
                    </button>
                  </>
                )}
                {deleteError?.id === problem.id && (
                  <p className="field-error" role="alert">
                    {deleteError.message}
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="lista-territorios" className="section map-section">
        <h2 id="lista-territorios">{t("map.list.territories")}</h2>
        {territories.features.length === 0 ? (
          <Empty>{t("map.noTerritories")}</Empty>
        ) : (
          <details>
            <summary>{tp("map.list.territoriesCount", territories.features.length)}</summary>
            <ul className="map-feature-list">
              {territories.features.map(({ properties: territory }) => (
                <li key={territory.id}>
                  {territory.name}{" "}
                  <span className="muted small">
                    {territoryKindLabel(territory.kind)} · {territory.code}
                    {territory.approximate ? ` · ${t("map.approximate.badge")}` : ""}
                  </span>{" "}
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => onShow("territories", territory.id)}
                    aria-label={t("map.named", {
                      action: t("map.list.show"),
                      name: territory.name,
                    })}
                  >
                    {t("map.list.show")}
                  </button>
                </li>
              ))}
            </ul>
          </details>
        )}
      </section>
    </div>
  );
}
