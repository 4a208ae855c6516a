import { useMemo, useRef, useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router-dom";
import { api, asApiError, routes, sendJson } from "../api";
import { FormMessage } from "../components/Form";
import { invalidateApi, primeApi, useApi } from "../hooks/useApi";
import { t, tp, type MessageKey } from "../i18n/es-CL";
import type { ItemDetail, PlanDetail, PlanTree, TreeNode } from "../types";
import { EditField, noErrors, writeErrors, type WriteErrors } from "./fields";

const STATUSES = ["planned", "in_progress", "done", "suspended", "cancelled"] as const;
type ItemStatus = (typeof STATUSES)[number];

interface Draft {
  title: string;
  description: string;
  status: ItemStatus;
  startDate: string;
  endDate: string;
  deadlineText: string;
  weight: string;
  assumptions: string;
}

function draftOf(item: ItemDetail): Draft {
  return {
    title: item.title,
    description: item.description,
    status: item.status,
    startDate: item.startDate ?? "",
    endDate: item.endDate ?? "",
    deadlineText: item.deadlineText ?? "",
    weight: String(item.weight).replace(".", ","),
    assumptions: item.assumptions,
  };
}

/** A number typed the Chilean way ("1,5"); NaN when it is not one. */
function parseNumber(text: string): number {
  const clean = text.trim().replace(/\./g, "").replace(",", ".");
  return clean === "" ? Number.NaN : Number(clean);
}

/** The body of a PATCH from the draft: only the fields that differ from the item. */
function changesOf(draft: Draft, item: ItemDetail): Record<string, unknown> {
  const now = draftOf(item);
  const body: Record<string, unknown> = {};
  if (draft.title !== now.title) body.title = draft.title.trim();
  if (draft.description !== now.description) body.description = draft.description;
  if (draft.status !== now.status) body.status = draft.status;
  if (draft.startDate !== now.startDate) body.startDate = draft.startDate || null;
  if (draft.endDate !== now.endDate) body.endDate = draft.endDate || null;
  if (draft.deadlineText !== now.deadlineText) body.deadlineText = draft.deadlineText || null;
  if (draft.weight !== now.weight) body.weight = parseNumber(draft.weight);
  if (draft.assumptions !== now.assumptions) body.assumptions = draft.assumptions;
  return body;
}

/** After a write: the item as the server answered, and everything that shows the plan reloads. */
function refreshAfterWrite(cut: string, planId: string, item?: ItemDetail): void {
  const planPath = api.plan(cut, planId);
  invalidateApi(
    (path) => path.startsWith(planPath) || path.includes("/items/") || path.includes("/alerts"),
  );
  if (item) primeApi(api.item(cut, item.id), item);
}

type Panel = "edit" | "child" | "delete" | "move" | null;

/** The editing tools of an item page: edit its fields; for administrators, add, move, delete. */
export function ItemEditor({
  item,
  cut,
  isAdmin,
}: {
  item: ItemDetail;
  cut: string;
  isAdmin: boolean;
}) {
  const [panel, setPanel] = useState<Panel>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const toggle = (next: Panel) => {
    setNotice(null);
    setPanel((current) => (current === next ? null : next));
  };
  const done = (message: string) => {
    setPanel(null);
    setNotice(message);
  };
  const button = (which: Exclude<Panel, null>, label: MessageKey) => (
    <button
      type="button"
      className={panel === which ? "button" : "button button-secondary"}
      aria-expanded={panel === which}
      aria-controls="panel-edicion"
      onClick={() => toggle(which)}
    >
      {t(label)}
    </button>
  );
  return (
    <section aria-labelledby="edicion" className="section edit-section">
      <h2 id="edicion">{t("edit.heading")}</h2>
      <div className="edit-toolbar">
        {button("edit", "edit.edit")}
        {isAdmin && button("child", "edit.addChild")}
        {isAdmin && button("move", "edit.move")}
        {isAdmin && button("delete", "edit.delete")}
      </div>
      <FormMessage tone="info">{notice}</FormMessage>
      <div id="panel-edicion">
        {panel === "edit" && (
          <EditItemForm
            key={item.id}
            item={item}
            cut={cut}
            onDone={() => done(t("edit.saved"))}
            onCancel={() => setPanel(null)}
          />
        )}
        {panel === "child" && (
          <AddChildForm
            item={item}
            cut={cut}
            onDone={(title) => done(t("edit.childAdded", { title }))}
            onCancel={() => setPanel(null)}
          />
        )}
        {panel === "delete" && <DeleteItem item={item} cut={cut} onCancel={() => setPanel(null)} />}
        {panel === "move" && (
          <MoveItem
            item={item}
            cut={cut}
            onDone={() => done(t("edit.moved"))}
            onCancel={() => setPanel(null)}
          />
        )}
      </div>
    </section>
  );
}

function EditItemForm({
  item,
  cut,
  onDone,
  onCancel,
}: {
  item: ItemDetail;
  cut: string;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(item));
  /** The version the draft was started from (the item may be reloaded meanwhile). */
  const [base, setBase] = useState<ItemDetail>(item);
  const [errors, setErrors] = useState<WriteErrors>(noErrors);
  const [conflict, setConflict] = useState<ItemDetail | null>(null);
  const [busy, setBusy] = useState(false);
  const message = useRef<HTMLDivElement>(null);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

  const save = async (against: ItemDetail) => {
    const body = changesOf(draft, base);
    if (Object.keys(body).length === 0) {
      onCancel();
      return;
    }
    if (Number.isNaN(body.weight)) {
      setErrors({ fields: { weight: t("edit.error.number") }, form: t("edit.error.fields") });
      message.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const updated = await sendJson<ItemDetail>("PATCH", api.item(cut, item.id), {
        ...body,
        version: against.version,
      });
      refreshAfterWrite(cut, item.planId, updated);
      onDone();
    } catch (error) {
      const failure = asApiError(error);
      if (failure.status === 409 && failure.problem.current) {
        setConflict(failure.problem.current as ItemDetail);
        setErrors(noErrors);
      } else setErrors(writeErrors(failure));
      message.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(base);
  };

  const reapply = () => {
    if (!conflict) return;
    const current = conflict;
    setConflict(null);
    // The user's changes (against what they started from) are sent on the version just read.
    void (async () => {
      setBusy(true);
      try {
        const body = changesOf(draft, base);
        const updated = await sendJson<ItemDetail>("PATCH", api.item(cut, item.id), {
          ...body,
          version: current.version,
        });
        refreshAfterWrite(cut, item.planId, updated);
        onDone();
      } catch (error) {
        const failure = asApiError(error);
        if (failure.status === 409 && failure.problem.current)
          setConflict(failure.problem.current as ItemDetail);
        else setErrors(writeErrors(failure));
        message.current?.focus();
      } finally {
        setBusy(false);
      }
    })();
  };

  const discard = () => {
    if (!conflict) return;
    setDraft(draftOf(conflict));
    setBase(conflict);
    setConflict(null);
    refreshAfterWrite(cut, item.planId, conflict);
  };

  const f = errors.fields;
  return (
    <form className="form edit-form" onSubmit={submit} noValidate aria-labelledby="editar-titulo">
      <h3 id="editar-titulo">{t("edit.formTitle")}</h3>
      <FormMessage ref={message} tone="error">
        {conflict ? (
          <div className="conflict">
            <p>
              <strong>{t("edit.conflict.title")}</strong> {t("edit.conflict.detail")}
            </p>
            <dl className="conflict-values">
              <dt>{t("edit.field.title")}</dt>
              <dd>{conflict.title}</dd>
              <dt>{t("edit.field.status")}</dt>
              <dd>{t(`itemStatus.${conflict.status}`)}</dd>
              <dt>{t("edit.field.deadlineText")}</dt>
              <dd>{conflict.deadlineText ?? t("edit.empty")}</dd>
              <dt>{t("edit.field.weight")}</dt>
              <dd>{String(conflict.weight).replace(".", ",")}</dd>
            </dl>
            <div className="form-actions">
              <button type="button" className="button" onClick={reapply} disabled={busy}>
                {t("edit.conflict.reapply")}
              </button>
              <button type="button" className="button button-secondary" onClick={discard}>
                {t("edit.conflict.discard")}
              </button>
            </div>
          </div>
        ) : (
          errors.form
        )}
      </FormMessage>
      <EditField id="edit-title" label={t("edit.field.title")} error={f.title} required>
        {(props) => (
          <textarea
            {...props}
            rows={2}
            value={draft.title}
            onChange={(e) => set("title", e.target.value)}
          />
        )}
      </EditField>
      <EditField id="edit-description" label={t("edit.field.description")} error={f.description}>
        {(props) => (
          <textarea
            {...props}
            rows={4}
            value={draft.description}
            onChange={(e) => set("description", e.target.value)}
          />
        )}
      </EditField>
      <EditField id="edit-status" label={t("edit.field.status")} error={f.status}>
        {(props) => (
          <select
            {...props}
            value={draft.status}
            onChange={(e) => set("status", e.target.value as ItemStatus)}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`itemStatus.${s}`)}
              </option>
            ))}
          </select>
        )}
      </EditField>
      <div className="edit-row">
        <EditField id="edit-start" label={t("edit.field.startDate")} error={f.startDate}>
          {(props) => (
            <input
              {...props}
              type="date"
              value={draft.startDate}
              onChange={(e) => set("startDate", e.target.value)}
            />
          )}
        </EditField>
        <EditField id="edit-end" label={t("edit.field.endDate")} error={f.endDate}>
          {(props) => (
            <input
              {...props}
              type="date"
              value={draft.endDate}
              onChange={(e) => set("endDate", e.target.value)}
            />
          )}
        </EditField>
      </div>
      <EditField
        id="edit-deadline"
        label={t("edit.field.deadlineText")}
        hint={t("edit.field.deadlineHint")}
        error={f.deadlineText}
      >
        {(props) => (
          <input
            {...props}
            value={draft.deadlineText}
            onChange={(e) => set("deadlineText", e.target.value)}
          />
        )}
      </EditField>
      <EditField id="edit-weight" label={t("edit.field.weight")} error={f.weight}>
        {(props) => (
          <input
            {...props}
            inputMode="decimal"
            value={draft.weight}
            onChange={(e) => set("weight", e.target.value)}
          />
        )}
      </EditField>
      <EditField id="edit-assumptions" label={t("edit.field.assumptions")} error={f.assumptions}>
        {(props) => (
          <textarea
            {...props}
            rows={3}
            value={draft.assumptions}
            onChange={(e) => set("assumptions", e.target.value)}
          />
        )}
      </EditField>
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy || conflict !== null}>
          {busy ? t("edit.saving") : t("edit.save")}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t("edit.cancel")}
        </button>
      </div>
    </form>
  );
}

function AddChildForm({
  item,
  cut,
  onDone,
  onCancel,
}: {
  item: ItemDetail;
  cut: string;
  onDone: (title: string) => void;
  onCancel: () => void;
}) {
  const plan = useApi<PlanDetail>(api.plan(cut, item.planId));
  const levels = plan.status === "success" ? plan.data.levels : [];
  const index = levels.findIndex((l) => l.key === item.level.key);
  const defaultLevel = levels[index + 1]?.key ?? item.level.key;
  const [title, setTitle] = useState("");
  const [level, setLevel] = useState<string | null>(null);
  const [description, setDescription] = useState("");
  const [deadlineText, setDeadlineText] = useState("");
  const [errors, setErrors] = useState<WriteErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const message = useRef<HTMLDivElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) {
      setErrors({ fields: { title: t("edit.error.titleMissing") }, form: t("edit.error.fields") });
      message.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const created = await sendJson<ItemDetail>("POST", `${api.plan(cut, item.planId)}/items`, {
        parentId: item.id,
        levelKey: level ?? defaultLevel,
        title: title.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
        ...(deadlineText.trim() ? { deadlineText: deadlineText.trim() } : {}),
      });
      refreshAfterWrite(cut, item.planId);
      onDone(created.title);
    } catch (error) {
      setErrors(writeErrors(asApiError(error)));
      message.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const f = errors.fields;
  return (
    <form
      className="form edit-form"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-labelledby="hija-titulo"
    >
      <h3 id="hija-titulo">{t("edit.addChild")}</h3>
      <FormMessage ref={message} tone="error">
        {errors.form}
      </FormMessage>
      <EditField id="child-title" label={t("edit.field.title")} error={f.title} required>
        {(props) => (
          <textarea {...props} rows={2} value={title} onChange={(e) => setTitle(e.target.value)} />
        )}
      </EditField>
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
      <EditField id="child-description" label={t("edit.field.description")} error={f.description}>
        {(props) => (
          <textarea
            {...props}
            rows={3}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        )}
      </EditField>
      <EditField id="child-deadline" label={t("edit.field.deadlineText")} error={f.deadlineText}>
        {(props) => (
          <input
            {...props}
            value={deadlineText}
            onChange={(e) => setDeadlineText(e.target.value)}
          />
        )}
      </EditField>
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy || levels.length === 0}>
          {busy ? t("edit.saving") : t("edit.addChildSubmit")}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t("edit.cancel")}
        </button>
      </div>
    </form>
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

function DeleteItem({
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
    <div className="edit-form danger-zone" role="group" aria-labelledby="eliminar-titulo">
      <h3 id="eliminar-titulo">{t("edit.delete")}</h3>
      <p>
        {descendants > 0
          ? tp("edit.deleteConfirmWithChildren", descendants, { code: item.code })
          : t("edit.deleteConfirm", { code: item.code })}
      </p>
      <FormMessage ref={message} tone="error">
        {error}
      </FormMessage>
      <div className="form-actions">
        <button
          type="button"
          className="button button-danger"
          onClick={() => void confirm()}
          disabled={busy || !ready}
        >
          {t("edit.deleteSubmit")}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t("edit.cancel")}
        </button>
      </div>
    </div>
  );
}

function MoveItem({
  item,
  cut,
  onDone,
  onCancel,
}: {
  item: ItemDetail;
  cut: string;
  onDone: () => void;
  onCancel: () => void;
}) {
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
    <form
      className="form edit-form"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-labelledby="mover-titulo"
    >
      <h3 id="mover-titulo">{t("edit.move")}</h3>
      <FormMessage ref={message} tone="error">
        {error}
      </FormMessage>
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
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy || !ready}>
          {t("edit.move.submit")}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t("edit.cancel")}
        </button>
      </div>
      <p className="muted">
        <Link to={routes.tree(cut, item.planId, item.id)}>{t("item.openInTree")}</Link>
      </p>
    </form>
  );
}
