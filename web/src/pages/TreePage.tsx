import { useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { useParams, useSearchParams } from "react-router-dom";
import { api } from "../api";
import { ErrorState, Loading } from "../components/States";
import { PlanBreadcrumbs } from "../components/PlanBreadcrumbs";
import { useApi } from "../hooks/useApi";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { t, tp } from "../i18n/es-CL";
import { TreeList, type TreeView } from "../tree/TreeList";
import { ancestorsOf, filterTree, indexTree } from "../tree/tree-index";
import type { PlanDetail, PlanTree } from "../types";
import "../styles/tree.css";

export default function TreePage() {
  const { cut = "", planId = "" } = useParams();
  const plan = useApi<PlanDetail>(api.plan(cut, planId));
  const tree = useApi<PlanTree>(api.tree(cut, planId));
  useDocumentTitle(
    plan.status === "success"
      ? `${t("tree.title")}${t("common.separator")}${plan.data.title}`
      : t("tree.title"),
  );

  if (plan.status === "error") return <ErrorState error={plan.error} onRetry={plan.retry} />;
  if (tree.status === "error") return <ErrorState error={tree.error} onRetry={tree.retry} />;
  if (plan.status === "loading" || tree.status === "loading") return <Loading />;
  return <PlanTreeView plan={plan.data} tree={tree.data} cut={cut} />;
}

function PlanTreeView({ plan, tree, cut }: { plan: PlanDetail; tree: PlanTree; cut: string }) {
  const index = useMemo(() => indexTree(tree.items), [tree]);
  const [searchParams, setSearchParams] = useSearchParams();
  const target = searchParams.get("abrir");
  // The input keeps its own state (the URL updates after a navigation, and reading it back
  // while typing fast would drop keystrokes); the URL mirrors it so a filtered view can be shared.
  const [query, setQueryState] = useState(() => searchParams.get("filtro") ?? "");
  const deferredQuery = useDeferredValue(query);
  const filter = useMemo(() => filterTree(index, deferredQuery), [index, deferredQuery]);
  const [open, setOpen] = useState<Set<string>>(() => new Set());

  // Deep link: open the target's ancestors and the target itself, then bring it into view.
  useEffect(() => {
    if (!target || !index.byId.has(target)) return;
    setOpen((previous) => new Set([...previous, ...ancestorsOf(index, target), target]));
  }, [target, index]);
  const scrolledTo = useRef<string | null>(null);
  useEffect(() => {
    if (!target || scrolledTo.current === target || !open.has(target)) return;
    scrolledTo.current = target;
    const element = document.getElementById(`nodo-${target}`);
    element?.scrollIntoView({ block: "start" });
    element?.querySelector<HTMLAnchorElement>("a")?.focus({ preventScroll: true });
  }, [target, open]);

  // Filtering opens the path down to every match.
  useEffect(() => {
    if (filter) setOpen(new Set(filter.toOpen));
  }, [filter]);

  const setQuery = (value: string) => {
    setQueryState(value);
    setSearchParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (value) next.set("filtro", value);
        else next.delete("filtro");
        return next;
      },
      { replace: true, preventScrollReset: true },
    );
  };

  const toggle = (id: string) =>
    setOpen((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const expandAll = () =>
    setOpen(
      new Set(filter ? index.branchIds.filter((id) => filter.visible.has(id)) : index.branchIds),
    );
  const collapseAll = () => setOpen(new Set());

  const view: TreeView = { cut, open, toggle, filter, query: deferredQuery, target };

  return (
    <div className="container">
      <PlanBreadcrumbs cut={cut} plan={plan} current={t("tree.title")} />
      <div className="page-head">
        <h1>{t("tree.title")}</h1>
        <p className="lead">{t("tree.intro")}</p>
        <ol className="level-legend level-legend-inline" aria-label={t("plan.levels")}>
          {tree.levels.map((level) => (
            <li key={level.key}>{level.name}</li>
          ))}
        </ol>
      </div>

      <div className="tree-toolbar">
        <div className="field">
          <label htmlFor="tree-filter">{t("tree.filterLabel")}</label>
          <div className="field-row">
            <input
              id="tree-filter"
              type="search"
              value={query}
              placeholder={t("tree.filterPlaceholder")}
              onChange={(event) => setQuery(event.target.value)}
              autoComplete="off"
            />
            {query && (
              <button
                type="button"
                className="button button-secondary"
                onClick={() => setQuery("")}
              >
                {t("tree.clearFilter")}
              </button>
            )}
          </div>
        </div>
        <div className="tree-actions">
          <button type="button" className="button button-secondary" onClick={expandAll}>
            {t("tree.expandAll")}
          </button>
          <button type="button" className="button button-secondary" onClick={collapseAll}>
            {t("tree.collapseAll")}
          </button>
        </div>
      </div>
      <p className="tree-status" role="status" aria-live="polite">
        {filter &&
          (filter.matches.size === 0
            ? t("tree.noMatches", { query: deferredQuery.trim() })
            : tp("tree.matches", filter.matches.size, { query: deferredQuery.trim() }))}
      </p>

      {tree.items.length === 0 ? (
        <p className="empty">{t("tree.empty")}</p>
      ) : (
        <TreeList
          nodes={tree.items}
          view={view}
          depth={0}
          label={t("tree.label", { plan: plan.title })}
        />
      )}
    </div>
  );
}
