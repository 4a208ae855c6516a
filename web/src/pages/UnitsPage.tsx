import { useMemo, useRef, useState, type FormEvent } from "react";
import { Link, useParams } from "react-router-dom";
import { api, asApiError, routes, sendJson } from "../api";
import { useRoleIn, useSession } from "../auth/session";
import { FormMessage } from "../components/Form";
import { ShortLabel } from "../components/ShortLabel";
import { ErrorState, Loading } from "../components/States";
import { EditField, noErrors, writeErrors, type WriteErrors } from "../edit/fields";
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
  const [errors, setErrors] = useState<WriteErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const message = useRef<HTMLDivElement>(null);
  const fieldId = `unidad-${unit.id.slice(0, 8)}-nombre`;

  const act = async (send: () => Promise<unknown>, success: string) => {
    setBusy(true);
    try {
      await send();
      setMode(null);
      setErrors(noErrors);
      onChange(success);
    } catch (error) {
      const failure = asApiError(error);
      setErrors(
        failure.status === 409 && failure.problem.current
          ? { fields: {}, form: t("units.stale") }
          : writeErrors(failure),
      );
      message.current?.focus();
    } finally {
      setBusy(false);
    }
  };

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

  return (
    <div className="unit-row">
      <div className="unit-line">
        <span className="edit-list-name">
          {unit.name}
          {unit.shortName && <span className="muted"> ({unit.shortName})</span>}
        </span>
        <span className="edit-list-actions">
          <button
            type="button"
            className="button button-secondary button-small"
            aria-expanded={mode === "rename"}
            onClick={() => setMode(mode === "rename" ? null : "rename")}
          >
            <ShortLabel
              short={t("units.renameShort")}
              full={t("units.rename", { name: unit.name })}
            />
          </button>
          <button
            type="button"
            className="button button-secondary button-small"
            aria-expanded={mode === "move"}
            onClick={() => {
              setErrors(noErrors);
              setParentId(unit.parentId ?? "");
              setMode(mode === "move" ? null : "move");
            }}
          >
            <ShortLabel short={t("units.moveShort")} full={t("units.move", { name: unit.name })} />
          </button>
          <button
            type="button"
            className="button button-secondary button-small"
            aria-expanded={mode === "delete"}
            onClick={() => setMode(mode === "delete" ? null : "delete")}
          >
            <ShortLabel
              short={t("units.deleteShort")}
              full={t("units.delete", { name: unit.name })}
            />
          </button>
        </span>
      </div>
      <FormMessage ref={message} tone="error">
        {errors.form}
      </FormMessage>
      {mode === "rename" && (
        <form className="form edit-form" onSubmit={rename} noValidate>
          <EditField id={fieldId} label={t("units.name")} error={errors.fields.name} required>
            {(props) => <input {...props} value={name} onChange={(e) => setName(e.target.value)} />}
          </EditField>
          <div className="form-actions">
            <button type="submit" className="button" disabled={busy}>
              {t("edit.save")}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setMode(null)}>
              {t("edit.cancel")}
            </button>
          </div>
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
              <select {...props} value={parentId} onChange={(e) => setParentId(e.target.value)}>
                <option value="">{t("units.noParent")}</option>
                {parents.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
            )}
          </EditField>
          <div className="form-actions">
            <button type="submit" className="button" disabled={busy}>
              {t("units.moveSubmit")}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setMode(null)}>
              {t("edit.cancel")}
            </button>
          </div>
        </form>
      )}
      {mode === "delete" && (
        <div className="edit-form danger-zone" role="group" aria-label={t("units.deleteGroup")}>
          <p>{t("units.deleteConfirm", { name: unit.name })}</p>
          <div className="form-actions">
            <button
              type="button"
              className="button button-danger"
              disabled={busy}
              onClick={() =>
                void act(
                  () => sendJson("DELETE", unitPath(cut, unit.id), { version: unit.version }),
                  t("units.deleted", { name: unit.name }),
                )
              }
            >
              {t("edit.deleteSubmit")}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setMode(null)}>
              {t("edit.cancel")}
            </button>
          </div>
        </div>
      )}
    </div>
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
  const [errors, setErrors] = useState<WriteErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const message = useRef<HTMLDivElement>(null);
  const sorted = [...units].sort((a, b) => a.name.localeCompare(b.name, "es"));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setErrors({ fields: { name: t("units.nameMissing") }, form: t("edit.error.fields") });
      message.current?.focus();
      return;
    }
    setBusy(true);
    try {
      await sendJson("POST", api.units(cut), {
        name: name.trim(),
        parentId: parentId || null,
        ...(shortName.trim() ? { shortName: shortName.trim() } : {}),
      });
      setErrors(noErrors);
      onDone(t("units.created", { name: name.trim() }));
      setName("");
      setShortName("");
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
      aria-labelledby="unidades-nueva"
    >
      <FormMessage ref={message} tone="error">
        {errors.form}
      </FormMessage>
      <EditField id="unidad-nombre" label={t("units.name")} error={f.name} required>
        {(props) => <input {...props} value={name} onChange={(e) => setName(e.target.value)} />}
      </EditField>
      <EditField id="unidad-sigla" label={t("units.shortName")} error={f.shortName}>
        {(props) => (
          <input {...props} value={shortName} onChange={(e) => setShortName(e.target.value)} />
        )}
      </EditField>
      <EditField id="unidad-padre" label={t("units.parent")} error={f.parentId}>
        {(props) => (
          <select {...props} value={parentId} onChange={(e) => setParentId(e.target.value)}>
            <option value="">{t("units.noParent")}</option>
            {sorted.map((unit) => (
              <option key={unit.id} value={unit.id}>
                {unit.name}
              </option>
            ))}
          </select>
        )}
      </EditField>
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {t("units.createSubmit")}
        </button>
      </div>
    </form>
  );
}
