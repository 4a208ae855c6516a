import { useMemo, useState, type FormEvent, type SelectHTMLAttributes } from "react";
import { Link, useParams } from "react-router-dom";
import { api, routes, sendJson } from "../api";
import { useRoleIn, useSession } from "../auth/session";
import { FormMessage } from "../components/Form";
import { ErrorState, Loading } from "../components/States";
import { EditField, EditInput, noErrors, writeErrors } from "../edit/fields";
import { ConfirmDelete, EditForm, FormActions, ToggleButton, useWrite } from "../edit/form-parts";
import { invalidateApi, useApi } from "../hooks/useApi";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { t } from "../i18n/es-CL";
import type { UnitList } from "../types";
import "../styles/forms.css";
import "../styles/edit.css";

type Unit = UnitList["items"][number];
interface UnitNode {
  unit: Unit;
  children: UnitNode[];
}

function buildTree(units: Unit[]): UnitNode[] {
  const nodes = new Map(units.map((unit) => [unit.id, { unit, children: [] as UnitNode[] }]));
  const roots: UnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parentId ? nodes.get(node.unit.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const order = (list: UnitNode[]) => {
    list.sort((a, b) => a.unit.sort - b.unit.sort || a.unit.name.localeCompare(b.unit.name, "es"));
    list.forEach((n) => order(n.children));
  };
  order(roots);
  return roots;
}

/** Units of the municipality as a tree, for administrators: create, rename, delete. */
export default function UnitsPage() {
  const { cut = "" } = useParams();
  const session = useSession();
  const role = useRoleIn(cut);
  const allowed = role === "admin" || role === "operator";
  const units = useApi<UnitList>(allowed ? api.units(cut) : null, { keep: false });
  const [notice, setNotice] = useState<string | null>(null);
  useDocumentTitle(t("units.title"));
  const tree = useMemo(
    () => (units.status === "success" ? buildTree(units.data.items) : []),
    [units],
  );

  if (session.state.status === "loading") return <Loading />;
  if (!allowed)
    return (
      <div className="container">
        <h1>{t("units.title")}</h1>
        <p className="notice">{t("units.notAllowed")}</p>
        {!session.me && <Link to={routes.login(routes.units(cut))}>{t("session.signIn")}</Link>}
      </div>
    );
  if (units.status === "loading") return <Loading />;
  if (units.status === "error") return <ErrorState error={units.error} onRetry={units.retry} />;
  const reload = (message: string) => {
    setNotice(message);
    invalidateApi((path) => path.startsWith(api.units(cut)));
  };
  return (
    <div className="container">
      <div className="page-head">
        <h1>{t("units.title")}</h1>
        <p className="lead">{t("units.intro")}</p>
      </div>
      <FormMessage tone="info">{notice}</FormMessage>
      <section aria-labelledby="unidades-arbol" className="section">
        <h2 id="unidades-arbol">{t("units.tree")}</h2>
        {tree.length === 0 ? (
          <p className="empty">{t("units.empty")}</p>
        ) : (
          <UnitTree nodes={tree} all={units.data.items} cut={cut} onChange={reload} />
        )}
      </section>
      <section aria-labelledby="unidades-nueva" className="section">
        <h2 id="unidades-nueva">{t("units.add")}</h2>
        <CreateUnit cut={cut} units={units.data.items} onDone={reload} />
      </section>
    </div>
  );
}

function UnitTree({
  nodes,
  all,
  cut,
  onChange,
}: {
  nodes: UnitNode[];
  all: Unit[];
  cut: string;
  onChange: (message: string) => void;
}) {
  return (
    <ul className="edit-list unit-tree">
      {nodes.map((node) => (
        <li key={node.unit.id}>
          <UnitRow unit={node.unit} all={all} cut={cut} onChange={onChange} />
          {node.children.length > 0 && (
            <UnitTree nodes={node.children} all={all} cut={cut} onChange={onChange} />
          )}
        </li>
      ))}
    </ul>
  );
}

const unitPath = (cut: string, id: string) => `${api.units(cut)}/${encodeURIComponent(id)}`;

/** The unit and every unit below it (they cannot be its new parent). */
function selfAndDescendants(all: Unit[], id: string): Set<string> {
  const out = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const unit of all)
      if (unit.parentId && out.has(unit.parentId) && !out.has(unit.id)) {
        out.add(unit.id);
        grew = true;
      }
  }
  return out;
}

function UnitRow({
  unit,
  all,
  cut,
  onChange,
}: {
  unit: Unit;
  all: Unit[];
  cut: string;
  onChange: (message: string) => void;
}) {
  const [mode, setMode] = useState<"rename" | "move" | "delete" | null>(null);
  const [parentId, setParentId] = useState(unit.parentId ?? "");
  const [name, setName] = useState(unit.name);
  const { errors, setErrors, busy, message, send } = useWrite();
  const fieldId = `unidad-${unit.id.slice(0, 8)}-nombre`;

  const act = (write: () => Promise<unknown>, success: string) =>
    send(
      async () => {
        await write();
        setMode(null);
        setErrors(noErrors);
        onChange(success);
      },
      (failure) =>
        failure.status === 409 && failure.problem.current
          ? { fields: {}, form: t("units.stale") }
          : writeErrors(failure),
    );

  const rename = (event: FormEvent) => {
    event.preventDefault();
    void act(
      () => sendJson("PATCH", unitPath(cut, unit.id), { version: unit.version, name: name.trim() }),
      t("units.renamed", { name: name.trim() }),
    );
  };

  const excluded = useMemo(() => selfAndDescendants(all, unit.id), [all, unit.id]);
  const parents = useMemo(
    () => all.filter((u) => !excluded.has(u.id)).sort((a, b) => a.name.localeCompare(b.name, "es")),
    [all, excluded],
  );
  const move = (event: FormEvent) => {
    event.preventDefault();
    const parent = all.find((u) => u.id === parentId);
    void act(
      () =>
        sendJson("POST", `${unitPath(cut, unit.id)}/move`, {
          version: unit.version,
          parentId: parentId || null,
        }),
      parent
        ? t("units.moved", { name: unit.name, parent: parent.name })
        : t("units.movedToTop", { name: unit.name }),
    );
  };
  const close = () => setMode(null);

  return (
    <div className="unit-row">
      <div className="unit-line">
        <span className="edit-list-name">
          {unit.name}
          {unit.shortName && <span className="muted"> ({unit.shortName})</span>}
        </span>
        <span className="edit-list-actions">
          <ToggleButton
            expanded={mode === "rename"}
            onClick={() => setMode(mode === "rename" ? null : "rename")}
            short={t("units.renameShort")}
            full={t("units.rename", { name: unit.name })}
          />
          <ToggleButton
            expanded={mode === "move"}
            onClick={() => {
              setErrors(noErrors);
              setParentId(unit.parentId ?? "");
              setMode(mode === "move" ? null : "move");
            }}
            short={t("units.moveShort")}
            full={t("units.move", { name: unit.name })}
          />
          <ToggleButton
            expanded={mode === "delete"}
            onClick={() => setMode(mode === "delete" ? null : "delete")}
            short={t("units.deleteShort")}
            full={t("units.delete", { name: unit.name })}
          />
        </span>
      </div>
      <FormMessage ref={message} tone="error">
        {errors.form}
      </FormMessage>
      {mode === "rename" && (
        <form className="form edit-form" onSubmit={rename} noValidate>
          <EditInput
            id={fieldId}
            label={t("units.name")}
            error={errors.fields.name}
            required
            value={name}
            onChange={setName}
          />
          <FormActions submit={t("edit.save")} disabled={busy} onCancel={close} />
        </form>
      )}
      {mode === "move" && (
        <form className="form edit-form" onSubmit={move} noValidate>
          <EditField
            id={`${fieldId}-padre`}
            label={t("units.moveParent", { name: unit.name })}
            error={errors.fields.parentId}
          >
            {(props) => (
              <ParentSelect {...props} value={parentId} onChange={setParentId} units={parents} />
            )}
          </EditField>
          <FormActions submit={t("units.moveSubmit")} disabled={busy} onCancel={close} />
        </form>
      )}
      {mode === "delete" && (
        <ConfirmDelete
          label={t("units.deleteGroup")}
          disabled={busy}
          onConfirm={() =>
            void act(
              () => sendJson("DELETE", unitPath(cut, unit.id), { version: unit.version }),
              t("units.deleted", { name: unit.name }),
            )
          }
          onCancel={close}
        >
          <p>{t("units.deleteConfirm", { name: unit.name })}</p>
        </ConfirmDelete>
      )}
    </div>
  );
}

/** A unit's parent: none (the top), or one of these units. */
function ParentSelect({
  value,
  onChange,
  units,
  ...props
}: Omit<SelectHTMLAttributes<HTMLSelectElement>, "value" | "onChange"> & {
  value: string;
  onChange: (id: string) => void;
  units: Unit[];
}) {
  return (
    <select {...props} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{t("units.noParent")}</option>
      {units.map((unit) => (
        <option key={unit.id} value={unit.id}>
          {unit.name}
        </option>
      ))}
    </select>
  );
}

function CreateUnit({
  cut,
  units,
  onDone,
}: {
  cut: string;
  units: Unit[];
  onDone: (message: string) => void;
}) {
  const [name, setName] = useState("");
  const [shortName, setShortName] = useState("");
  const [parentId, setParentId] = useState("");
  const { errors, setErrors, busy, message, fail, send } = useWrite();
  const sorted = [...units].sort((a, b) => a.name.localeCompare(b.name, "es"));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      fail({ fields: { name: t("units.nameMissing") }, form: t("edit.error.fields") });
      return;
    }
    await send(async () => {
      await sendJson("POST", api.units(cut), {
        name: name.trim(),
        parentId: parentId || null,
        ...(shortName.trim() ? { shortName: shortName.trim() } : {}),
      });
      setErrors(noErrors);
      onDone(t("units.created", { name: name.trim() }));
      setName("");
      setShortName("");
    });
  };

  const f = errors.fields;
  return (
    <EditForm labelledBy="unidades-nueva" onSubmit={submit} message={message} error={errors.form}>
      <EditInput
        id="unidad-nombre"
        label={t("units.name")}
        error={f.name}
        required
        value={name}
        onChange={setName}
      />
      <EditInput
        id="unidad-sigla"
        label={t("units.shortName")}
        error={f.shortName}
        value={shortName}
        onChange={setShortName}
      />
      <EditField id="unidad-padre" label={t("units.parent")} error={f.parentId}>
        {(props) => (
          <ParentSelect {...props} value={parentId} onChange={setParentId} units={sorted} />
        )}
      </EditField>
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {t("units.createSubmit")}
        </button>
      </div>
    </EditForm>
  );
}
