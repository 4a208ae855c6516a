import { useState, type FormEvent } from "react";
import { api, sendJson } from "../api";
import { FormMessage } from "../components/Form";

import { t, type MessageKey } from "../i18n/es-CL";
import type { ItemDetail } from "../types";
import { EditField, EditInput, noErrors, writeErrors, type WriteErrors } from "./fields";
import { EditForm, FormActions, useWrite } from "./form-parts";
import { AddChildForm, DeleteItem, MoveItem, type PanelProps } from "./ItemTreeTools";
import { refreshAfterWrite } from "./refresh";
import { linkChanges, linksOf, type LinksDraft } from "./item-links";
import { ItemLinksFields } from "./ItemLinksFields";

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

function EditItemForm({ item, cut, onDone, onCancel }: PanelProps) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(item));
  const [links, setLinks] = useState<LinksDraft>(() => linksOf(item));
  /** The version the draft was started from (the item may be reloaded meanwhile). */
  const [base, setBase] = useState<ItemDetail>(item);
  const { errors, busy, message, fail, send } = useWrite();
  const [conflict, setConflict] = useState<ItemDetail | null>(null);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

  const save = async (against: ItemDetail) => {
    const linked = linkChanges(links, base);
    const body: Record<string, unknown> = { ...changesOf(draft, base), ...linked.body };
    if (Object.keys(body).length === 0) {
      onCancel();
      return;
    }
    const local = { ...linked.errors };
    if (Number.isNaN(body.weight)) local.weight = t("edit.error.number");
    if (Object.keys(local).length > 0) {
      fail({ fields: local, form: t("edit.error.fields") });
      return;
    }
    await patch(body, against.version, noErrors);
  };

  /** Sends the changes on a version; on a conflict, shows it with these errors. */
  const patch = (body: Record<string, unknown>, version: number, onConflict: WriteErrors) =>
    send(
      async () => {
        const updated = await sendJson<ItemDetail>("PATCH", api.item(cut, item.id), {
          ...body,
          version,
        });
        refreshAfterWrite(cut, item.planId, updated);
        onDone();
      },
      (failure) => {
        if (!(failure.status === 409 && failure.problem.current)) return writeErrors(failure);
        // Saved by someone else meanwhile: the conflict shows both versions to choose from.
        setConflict(failure.problem.current as ItemDetail);
        return onConflict;
      },
    );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(base);
  };

  const reapply = () => {
    if (!conflict) return;
    const current = conflict;
    setConflict(null);
    // The user's changes (against what they started from) are sent on the version just read.
    const body = { ...changesOf(draft, base), ...linkChanges(links, base).body };
    void patch(body, current.version, errors);
  };

  const discard = () => {
    if (!conflict) return;
    setDraft(draftOf(conflict));
    setLinks(linksOf(conflict));
    setBase(conflict);
    setConflict(null);
    refreshAfterWrite(cut, item.planId, conflict);
  };

  const f = errors.fields;
  return (
    <EditForm
      labelledBy="editar-titulo"
      heading={t("edit.formTitle")}
      onSubmit={submit}
      message={message}
      error={
        conflict ? (
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
        )
      }
    >
      <EditInput
        id="edit-title"
        label={t("edit.field.title")}
        error={f.title}
        required
        rows={2}
        value={draft.title}
        onChange={(value) => set("title", value)}
      />
      <EditInput
        id="edit-description"
        label={t("edit.field.description")}
        error={f.description}
        rows={4}
        value={draft.description}
        onChange={(value) => set("description", value)}
      />
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
        <EditInput
          id="edit-start"
          label={t("edit.field.startDate")}
          error={f.startDate}
          type="date"
          value={draft.startDate}
          onChange={(value) => set("startDate", value)}
        />
        <EditInput
          id="edit-end"
          label={t("edit.field.endDate")}
          error={f.endDate}
          type="date"
          value={draft.endDate}
          onChange={(value) => set("endDate", value)}
        />
      </div>
      <EditInput
        id="edit-deadline"
        label={t("edit.field.deadlineText")}
        hint={t("edit.field.deadlineHint")}
        error={f.deadlineText}
        value={draft.deadlineText}
        onChange={(value) => set("deadlineText", value)}
      />
      <EditInput
        id="edit-weight"
        label={t("edit.field.weight")}
        error={f.weight}
        inputMode="decimal"
        value={draft.weight}
        onChange={(value) => set("weight", value)}
      />
      <EditInput
        id="edit-assumptions"
        label={t("edit.field.assumptions")}
        error={f.assumptions}
        rows={3}
        value={draft.assumptions}
        onChange={(value) => set("assumptions", value)}
      />
      <ItemLinksFields
        cut={cut}
        planId={item.planId}
        draft={links}
        onChange={setLinks}
        errors={f}
      />
      <FormActions
        submit={busy ? t("edit.saving") : t("edit.save")}
        disabled={busy || conflict !== null}
        onCancel={onCancel}
      />
    </EditForm>
  );
}
