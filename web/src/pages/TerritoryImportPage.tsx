/**
 * Importing territories (issue #7, item 1): a GeoJSON, KML or zipped Shapefile, its attributes
 * mapped to code and name, a preview of what would be created or updated (with the file's
 * projection and every problem by feature), then the commit, all or nothing.
 */
import { useState, type FormEvent } from "react";
import { Link, useParams, useSearchParams } from "react-router-dom";
import { safeReturnPath } from "../api";
import { roleIn, useSession } from "../auth/session";
import { FormMessage } from "../components/Form";
import { Empty } from "../components/States";
import { EditField } from "../edit/fields";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { t, tp } from "../i18n/es-CL";
import { territoryKindLabel } from "../i18n/format";
import { mapApi } from "../map/mapApi";
import type { TerritoryImportResult } from "../map/types";
import { useImport } from "../map/useImport";
import "../styles/forms.css";
import "../styles/monitoring.css";
import "../styles/map.css";

const KINDS = ["sector", "unidad_vecinal", "localidad", "comuna"] as const;

export default function TerritoryImportPage() {
  const { cut = "" } = useParams();
  const [searchParams] = useSearchParams();
  const back = searchParams.get("volver");
  const { me } = useSession();
  const role = roleIn(me, cut);
  useDocumentTitle(t("map.import.territories.title"));
  const upload = useImport<TerritoryImportResult>(mapApi.territoryImport(cut));
  const [file, setFile] = useState<File | null>(null);
  const [codeField, setCodeField] = useState("");
  const [nameField, setNameField] = useState("");
  const [parentCodeField, setParentCodeField] = useState("");
  const [kind, setKind] = useState<(typeof KINDS)[number]>("sector");
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});

  const errors = { ...upload.fieldErrors, ...localErrors };
  const result = upload.preview ?? upload.committed;
  const attributes = result?.attributes ?? [];
  const changed =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      upload.reset();
    };

  const fields = () => ({
    ...(codeField.trim() ? { codeField: codeField.trim() } : {}),
    ...(nameField.trim() ? { nameField: nameField.trim() } : {}),
    kind,
    ...(parentCodeField.trim() ? { parentCodeField: parentCodeField.trim() } : {}),
  });
  const submit = (dryRun: boolean) => (event?: FormEvent) => {
    event?.preventDefault();
    const local: Record<string, string> = {};
    if (!file) local.file = t("map.import.territories.error.file");
    // A first preview may go without them: it answers with the file's attributes to choose from.
    if (!dryRun && !codeField.trim()) local.codeField = t("map.import.territories.error.codeField");
    if (!dryRun && !nameField.trim()) local.nameField = t("map.import.territories.error.nameField");
    setLocalErrors(local);
    if (Object.keys(local).length > 0 || !file) return;
    void upload.run(fields(), file, dryRun);
  };

  if (role !== "admin" && role !== "operator")
    return (
      <div className="container">
        <h1>{t("map.import.territories.title")}</h1>
        <p>{t("map.import.forbidden")}</p>
      </div>
    );

  const attributeList = attributes.length > 0 ? "atributos-territorio" : undefined;
  return (
    <div className="container map-import">
      <header className="page-head">
        <h1>{t("map.import.territories.title")}</h1>
        <p className="lead">{t("map.import.territories.intro")}</p>
        {back && (
          <p>
            <Link to={safeReturnPath(back)}>{t("map.import.back")}</Link>
          </p>
        )}
      </header>
      <form className="edit-form card map-import-form" onSubmit={submit(true)} noValidate>
        <FormMessage tone="error">{upload.formError}</FormMessage>
        <EditField
          id="file"
          label={t("map.import.territories.file")}
          hint={t("map.import.territories.fileHint")}
          error={errors.file}
          required
        >
          {(props) => (
            <input
              {...props}
              type="file"
              accept=".geojson,.json,.kml,.zip,application/geo+json,application/zip"
              onChange={(e) => changed(setFile)(e.target.files?.[0] ?? null)}
            />
          )}
        </EditField>
        {attributes.length > 0 && (
          <p className="field-hint" role="status">
            {t("map.import.territories.attributes", { list: attributes.join(", ") })}
          </p>
        )}
        {attributeList && (
          <datalist id={attributeList}>
            {attributes.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        )}
        <EditField
          id="codeField"
          label={t("map.import.territories.codeField")}
          hint={t("map.import.territories.codeFieldHint")}
          error={errors.codeField}
          required
        >
          {(props) => (
            <input
              {...props}
              list={attributeList}
              value={codeField}
              onChange={(e) => changed(setCodeField)(e.target.value)}
            />
          )}
        </EditField>
        <EditField
          id="nameField"
          label={t("map.import.territories.nameField")}
          error={errors.nameField}
          required
        >
          {(props) => (
            <input
              {...props}
              list={attributeList}
              value={nameField}
              onChange={(e) => changed(setNameField)(e.target.value)}
            />
          )}
        </EditField>
        <EditField id="kind" label={t("map.import.territories.kind")} error={errors.kind}>
          {(props) => (
            <select
              {...props}
              value={kind}
              onChange={(e) => changed(setKind)(e.target.value as (typeof KINDS)[number])}
            >
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {territoryKindLabel(k)}
                </option>
              ))}
            </select>
          )}
        </EditField>
        <EditField
          id="parentCodeField"
          label={t("map.import.territories.parentCodeField")}
          hint={t("map.import.territories.parentCodeFieldHint")}
          error={errors.parentCodeField}
        >
          {(props) => (
            <input
              {...props}
              list={attributeList}
              value={parentCodeField}
              onChange={(e) => changed(setParentCodeField)(e.target.value)}
            />
          )}
        </EditField>
        <p className="form-actions">
          <button type="submit" className="button" disabled={upload.busy}>
            {upload.busy ? t("map.import.working") : t("map.import.preview")}
          </button>
        </p>
      </form>

      {upload.committed && (
        <p className="map-status" role="status">
          {tp("map.import.territories.committed", upload.committed.rows.length)}
        </p>
      )}
      {result && (
        <section aria-labelledby="vista-previa" className="section map-section">
          <h2 id="vista-previa">
            {upload.committed ? t("map.import.result") : t("map.import.previewTitle")}
          </h2>
          <p>
            {t("map.import.territories.summary", {
              count: result.featureCount,
              crs: result.sourceCrs,
            })}
          </p>
          {result.errors.length > 0 && (
            <div className="notice notice-error" role="alert">
              <p>{tp("map.import.errorCount", result.errors.length)}</p>
              <ul>
                {result.errors.map((error) => (
                  <li key={`${error.feature}:${error.message}`}>
                    {error.feature === 0
                      ? t("map.import.territories.fileError", { message: error.message })
                      : t("map.import.territories.featureError", {
                          feature: error.feature,
                          message: error.message,
                        })}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {result.rows.length === 0 ? (
            <Empty>{t("map.import.empty")}</Empty>
          ) : (
            <div
              className="table-scroll"
              tabIndex={0}
              role="region"
              aria-label={t("map.import.tableLabel")}
            >
              <table className="map-table">
                <thead>
                  <tr>
                    <th scope="col">{t("map.import.col.code")}</th>
                    <th scope="col">{t("map.import.col.name")}</th>
                    <th scope="col">{t("map.import.col.kind")}</th>
                    <th scope="col">{t("map.import.col.parent")}</th>
                    <th scope="col">{t("map.import.col.action")}</th>
                    <th scope="col">{t("map.import.col.warnings")}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.rows.map((row) => (
                    <tr key={row.code}>
                      <td>{row.code}</td>
                      <td>{row.name}</td>
                      <td>{territoryKindLabel(row.kind)}</td>
                      <td>{row.parentCode ?? "—"}</td>
                      <td>{t(`map.import.action.${row.action}`)}</td>
                      <td>{row.warnings.join(" ")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {upload.preview && (
            <p className="form-actions">
              <button
                type="button"
                className="button"
                disabled={upload.busy || result.errors.length > 0 || result.rows.length === 0}
                onClick={() => submit(false)()}
              >
                {tp("map.import.territories.commit", result.rows.length)}
              </button>
              {result.errors.length > 0 && (
                <span className="muted small"> {t("map.import.fixFirst")}</span>
              )}
            </p>
          )}
        </section>
      )}
    </div>
  );
}
