import { Link } from "react-router-dom";
import { routes } from "../api";
import { ItemStatusBadge } from "../components/Badges";
import { t, tp } from "../i18n/es-CL";
import type { TreeNode } from "../types";
import { highlight, type FilterResult } from "./tree-index";

export interface TreeView {
  cut: string;
  open: Set<string>;
  toggle: (id: string) => void;
  filter: FilterResult | null;
  query: string;
  target: string | null;
}

/**
 * Nested lists with a disclosure button per branch (aria-expanded): keyboard users tab through
 * buttons and links. Only the children of open nodes are rendered, so a plan of a thousand
 * items stays fast.
 */
export function TreeList({
  nodes,
  view,
  depth,
  label,
  id,
}: {
  nodes: TreeNode[];
  view: TreeView;
  depth: number;
  label?: string;
  id?: string;
}) {
  const shown = view.filter ? nodes.filter((node) => view.filter?.visible.has(node.id)) : nodes;
  return (
    <ul className={depth === 0 ? "tree" : "tree-group"} aria-label={label} id={id}>
      {shown.map((node) => (
        <TreeItem key={node.id} node={node} view={view} depth={depth} />
      ))}
    </ul>
  );
}

function TreeItem({ node, view, depth }: { node: TreeNode; view: TreeView; depth: number }) {
  const hasChildren = node.children.length > 0;
  const isOpen = hasChildren && view.open.has(node.id);
  const groupId = `grupo-${node.id}`;
  const isMatch = view.filter?.matches.has(node.id) ?? false;
  const classes = [
    "tree-node",
    `tree-depth-${Math.min(depth, 6)}`,
    view.target === node.id ? "is-target" : "",
    isMatch ? "is-match" : "",
  ];
  return (
    <li className={classes.filter(Boolean).join(" ")} id={`nodo-${node.id}`}>
      <div className="tree-row">
        {hasChildren ? (
          <button
            type="button"
            className="tree-toggle"
            aria-expanded={isOpen}
            aria-controls={isOpen ? groupId : undefined}
            aria-label={t("tree.toggle", { code: node.code })}
            onClick={() => view.toggle(node.id)}
          >
            <span className="tree-chevron" aria-hidden="true" />
          </button>
        ) : (
          <span className="tree-leaf" aria-hidden="true" />
        )}
        <div className="tree-content">
          <Link to={routes.item(view.cut, node.id)} className="tree-link">
            <span className="tree-level">
              {t("tree.nodeLabel", { level: node.levelName, code: node.code })}
            </span>
            <span className="tree-sep" aria-hidden="true">
              {t("common.separator")}
            </span>
            <span className="tree-title">
              {highlight(node.title, view.query).map((piece, index) =>
                piece.match ? (
                  <mark key={index}>{piece.text}</mark>
                ) : (
                  <span key={index}>{piece.text}</span>
                ),
              )}
            </span>
          </Link>
          <span className="tree-meta">
            {hasChildren && <span>{tp("tree.children", node.children.length)}</span>}
            {node.indicatorCount > 0 && <span>{tp("tree.indicators", node.indicatorCount)}</span>}
            {node.status !== "planned" && <ItemStatusBadge status={node.status} />}
          </span>
        </div>
      </div>
      {isOpen && <TreeList nodes={node.children} view={view} depth={depth + 1} id={groupId} />}
    </li>
  );
}
