import { useMemo, useRef, useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router-dom";
import { api, asApiError, routes, sendJson } from "../api";
import { FormMessage } from "../components/Form";
import { useApi } from "../hooks/useApi";
import { t, tp } from "../i18n/es-CL";
import type { ItemDetail, PlanDetail, PlanTree, TreeNode } from "../types";
import { EditField, EditInput, writeErrors } from "./fields";
import { ConfirmDelete, EditForm, FormActions, useWrite } from "./form-parts";
import { refreshAfterWrite } from "./refresh";

/** An item's place in the tree, for administrators: add a child, delete, move. */

/** What a panel of the item's editing tools is given; onDone gets what it reports, if anything. */
export interface PanelProps<D = void> {
  item: ItemDetail;
  cut: string;
  onDone: (done: D) => void;
  onCancel: () => void;
}

export function AddChildForm({ item, cut, onDone, onCancel }: PanelProps<string>) {
  const plan = useApi<PlanDetail>(api.plan(cut, item.planId));
  const levels = plan.status === "success" ? plan.data.levels : [];
  const index = levels.findIndex((l) => l.key === item.level.key);
  const defaultLevel = levels[index + 1]?.key ?? item.level.key;
  const [title, setTitle] = useState("");
  const [level, setLevel] = useState<string | null>(null);
  const [description, setDescription] = useState("");
  const [deadlineText, setDeadlineText] = useState("");
  const { errors, busy, message, fail, send } = useWrite();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) {
      fail({ fields: { title: t("edit.error.titleMissing") }, form: t("edit.error.fields") });
      return;
    }
    await send(async () => {
      const created = await sendJson<ItemDetail>("POST", `${api.plan(cut, item.planId)}/items`, {
        parentId: item.id,
        levelKey: level ?? defaultLevel,
        title: title.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
        ...(deadlineText.trim() ? { deadlineText: deadlineText.trim() } : {}),
      });
      refreshAfterWrite(cut, item.planId);
      onDone(created.title);
    });
  };

  const f = errors.fields;
  return (
    <EditForm
      labelledBy="hija-titulo"
      heading={t("edit.addChild")}
      onSubmit={submit}
      message={message}
      error={errors.form}
    >
      <EditInput
        id="child-title"
        label={t("edit.field.title")}
        error={f.title}
        required
        rows={2}
        value={title}
        onChange={setTitle}
      />
      <EditField id="child-level" label={t("edit.field.level")} error={f.levelKey}>
        {(props) => (
          <select
            {...props}
            value={level ?? defaultLevel}
            onChange={(e) => setLevel(e.target.value)}
          >
            {levels.map((l) => (
              <option key={l.key} value={l.key}>
                {l.name}
              </option>
            ))}
          </select>
        )}
      </EditField>
      <EditInput
        id="child-description"
        label={t("edit.field.description")}
        error={f.description}
        rows={3}
        value={description}
        onChange={setDescription}
      />
      <EditInput
        id="child-deadline"
        label={t("edit.field.deadlineText")}
        error={f.deadlineText}
        value={deadlineText}
        onChange={setDeadlineText}
      />
      <FormActions
        submit={busy ? t("edit.saving") : t("edit.addChildSubmit")}
        disabled={busy || levels.length === 0}
        onCancel={onCancel}
      />
    </EditForm>
  );
}

/** The node of this item in the plan's tree, and every node in order (for choosing a parent). */
function usePlanNodes(cut: string, planId: string) {
  const tree = useApi<PlanTree>(api.tree(cut, planId));
  return useMemo(() => {
    const all: Array<{ node: TreeNode; depth: number }> = [];
    const walk = (node: TreeNode, depth: number) => {
      all.push({ node, depth });
      for (const child of node.children) walk(child, depth + 1);
    };
    if (tree.status === "success") for (const root of tree.data.items) walk(root, 0);
    return { ready: tree.status === "success", all };
  }, [tree]);
}

function countDescendants(node: TreeNode): number {
  return node.children.reduce((sum, child) => sum + 1 + countDescendants(child), 0);
}

export function DeleteItem({
  item,
  cut,
  onCancel,
}: {
  item: ItemDetail;
  cut: string;
  onCancel: () => void;
}) {
  const { ready, all } = usePlanNodes(cut, item.planId);
  const node = all.find((entry) => entry.node.id === item.id)?.node;
  const descendants = node ? countDescendants(node) : item.children.length;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const message = useRef<HTMLDivElement>(null);

  const confirm = async () => {
    setBusy(true);
    try {
      await sendJson("DELETE", api.item(cut, item.id), { version: item.version });
      refreshAfterWrite(cut, item.planId);
      const parent = item.ancestors[item.ancestors.length - 1];
      void navigate(parent ? routes.item(cut, parent.id) : routes.plan(cut, item.planId));
    } catch (failure) {
      const problem = asApiError(failure).problem;
      setError(
        problem.status === 409 ? t("edit.conflict.deleteStale") : (problem.detail ?? problem.title),
      );
      message.current?.focus();
      setBusy(false);
    }
  };

  return (
    <ConfirmDelete
      labelledBy="eliminar-titulo"
      disabled={busy || !ready}
      onConfirm={() => void confirm()}
      onCancel={onCancel}
    >
      <h3 id="eliminar-titulo">{t("edit.delete")}</h3>
      <p>
        {descendants > 0
          ? tp("edit.deleteConfirmWithChildren", descendants, { code: item.code })
          : t("edit.deleteConfirm", { code: item.code })}
      </p>
      <FormMessage ref={message} tone="error">
        {error}
      </FormMessage>
    </ConfirmDelete>
  );
}

export function MoveItem({ item, cut, onDone, onCancel }: PanelProps) {
  const { ready, all } = usePlanNodes(cut, item.planId);
  const [query, setQuery] = useState("");
  const [parentId, setParentId] = useState<string>("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const message = useRef<HTMLDivElement>(null);

  // The item itself and its descendants cannot be its new parent.
  const excluded = useMemo(() => {
    const ids = new Set<string>();
    const node = all.find((entry) => entry.node.id === item.id)?.node;
    const walk = (n: TreeNode) => {
      ids.add(n.id);
      n.children.forEach(walk);
    };
    if (node) walk(node);
    else ids.add(item.id);
    return ids;
  }, [all, item.id]);
  const needle = query.trim().toLocaleLowerCase("es-CL");
  const options = all.filter(
    ({ node }) =>
      !excluded.has(node.id) &&
      (!needle || `${node.code} ${node.title}`.toLocaleLowerCase("es-CL").includes(needle)),
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const target = all.find((entry) => entry.node.id === parentId);
    if (!target || excluded.has(parentId)) {
      setError(t("edit.move.choose"));
      message.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const updated = await sendJson<ItemDetail>("POST", `${api.item(cut, item.id)}/move`, {
        version: item.version,
        parentId,
        position: target.node.children.length,
      });
      refreshAfterWrite(cut, item.planId, updated);
      onDone();
    } catch (failure) {
      const problem = asApiError(failure).problem;
      const fields = Object.values(writeErrors(asApiError(failure)).fields);
      setError(
        problem.status === 409
          ? t("edit.conflict.title")
          : (fields[0] ?? problem.detail ?? problem.title),
      );
      message.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <EditForm
      labelledBy="mover-titulo"
      heading={t("edit.move")}
      onSubmit={submit}
      message={message}
      error={error}
    >
      <EditField id="move-search" label={t("edit.move.search")} hint={t("edit.move.searchHint")}>
        {(props) => (
          <input
            {...props}
            type="search"
            value={query}
            aria-controls="move-parent"
            onChange={(e) => setQuery(e.target.value)}
          />
        )}
      </EditField>
      <EditField id="move-parent" label={t("edit.move.parent")}>
        {(props) => (
          <select
            {...props}
            size={8}
            value={parentId}
            onChange={(e) => setParentId(e.target.value)}
            disabled={!ready}
          >
            {options.map(({ node, depth }) => (
              <option key={node.id} value={node.id}>
                {"\u2003".repeat(depth)}
                {node.code}
                {t("common.separator")}
                {node.title.length > 90 ? `${node.title.slice(0, 89)}…` : node.title}
              </option>
            ))}
          </select>
        )}
      </EditField>
      <p className="muted" aria-live="polite">
        {tp("edit.move.count", options.length)}
      </p>
      <FormActions submit={t("edit.move.submit")} disabled={busy || !ready} onCancel={onCancel} />
      <p className="muted">
        <Link to={routes.tree(cut, item.planId, item.id)}>{t("item.openInTree")}</Link>
      </p>
    </EditForm>
  );
}
