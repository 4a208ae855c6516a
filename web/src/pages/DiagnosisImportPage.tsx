/**
 * Importing a diagnosis variable (issue #7): a CSV or Excel file with one value per territory
 * code, previewed row by row (a code that matches no territory is an error with its row), then
 * committed all or nothing. The map draws it as a choropleth.
 */
import { useState, type FormEvent } from "react";
import { Link, useParams, useSearchParams } from "react-router-dom";
import { safeReturnPath } from "../api";
import { roleIn, useSession } from "../auth/session";
import { FormMessage } from "../components/Form";
import { Empty } from "../components/States";
import { EditField } from "../edit/fields";
import { invalidateApi } from "../hooks/useApi";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { t, tp } from "../i18n/es-CL";
import { formatNumber } from "../i18n/format";
import { mapApi } from "../map/mapApi";
import type { DiagnosisImportResult } from "../map/types";
import { useImport } from "../map/useImport";
import "../styles/forms.css";
import "../styles/monitoring.css";
import "../styles/map.css";

const KEY = /^[a-z0-9_]{1,60}$/;

type FieldName = "variable" | "label" | "unit" | "year" | "source" | "codeColumn" | "valueColumn";

export default function DiagnosisImportPage() {
  const { cut = "" } = useParams();
  const [searchParams] = useSearchParams();
  const back = searchParams.get("volver");
  const { me } = useSession();
  const role = roleIn(me, cut);
  useDocumentTitle(t("map.import.diagnosis.title"));
  const upload = useImport<DiagnosisImportResult>(mapApi.diagnosisImport(cut));
  const [file, setFile] = useState<File | null>(null);
  const [values, setValues] = useState<Record<FieldName, string>>({
    variable: "",
    label: "",
    unit: "",
    year: "",
    source: "",
    codeColumn: "",
    valueColumn: "",
  });
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const errors = { ...upload.fieldErrors, ...localErrors };
  const result = upload.preview ?? upload.committed;

  const set = (name: FieldName, value: string) => {
    setValues((v) => ({ ...v, [name]: value }));
    upload.reset();
  };
  const submit = (dryRun: boolean) => async (event?: FormEvent) => {
    event?.preventDefault();
    const local: Record<string, string> = {};
    if (!file) local.file = t("map.import.diagnosis.error.file");
    if (!KEY.test(values.variable.trim()))
      local.variable = t("map.import.diagnosis.error.variable");
    if (!values.label.trim()) local.label = t("map.import.diagnosis.error.label");
    if (values.year.trim() && !/^\d{4}$/.test(values.year.trim()))
      local.year = t("map.import.diagnosis.error.year");
    setLocalErrors(local);
    if (Object.keys(local).length > 0 || !file) return;
    const fields: Record<string, string> = {};
    for (const [name, value] of Object.entries(values))
      if (value.trim()) fields[name] = value.trim();
    await upload.run(fields, file, dryRun);
    if (!dryRun) invalidateApi((path) => path.includes("/map/"));
  };

  if (role !== "admin" && role !== "operator")
    return (
      <div className="container">
        <h1>{t("map.import.diagnosis.title")}</h1>
        <p>{t("map.import.forbidden")}</p>
      </div>
    );

  const text = (name: FieldName, label: string, hint?: string, required = false) => (
    <EditField id={name} label={label} hint={hint} error={errors[name]} required={required}>
      {(props) => (
        <input
          {...props}
          value={values[name]}
          inputMode={name === "year" ? "numeric" : undefined}
          onChange={(e) => set(name, e.target.value)}
        />
      )}
    </EditField>
  );

  return (
    <div className="container map-import">
      <header className="page-head">
        <h1>{t("map.import.diagnosis.title")}</h1>
        <p className="lead">{t("map.import.diagnosis.intro")}</p>
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
          label={t("map.import.diagnosis.file")}
          hint={t("map.import.diagnosis.fileHint")}
          error={errors.file}
          required
        >
          {(props) => (
            <input
              {...props}
              type="file"
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                upload.reset();
              }}
            />
          )}
        </EditField>
        {text(
          "variable",
          t("map.import.diagnosis.variable"),
          t("map.import.diagnosis.variableHint"),
          true,
        )}
        {text("label", t("map.import.diagnosis.label"), undefined, true)}
        {text("unit", t("map.import.diagnosis.unit"), t("map.import.diagnosis.unitHint"))}
        {text("year", t("map.import.diagnosis.year"))}
        {text("source", t("map.import.diagnosis.source"), t("map.import.diagnosis.sourceHint"))}
        {text(
          "codeColumn",
          t("map.import.diagnosis.codeColumn"),
          t("map.import.diagnosis.codeColumnHint"),
        )}
        {text(
          "valueColumn",
          t("map.import.diagnosis.valueColumn"),
          t("map.import.diagnosis.valueColumnHint"),
        )}
        <p className="form-actions">
          <button type="submit" className="button" disabled={upload.busy}>
            {upload.busy ? t("map.import.working") : t("map.import.preview")}
          </button>
        </p>
      </form>

      {upload.committed && (
        <p className="map-status" role="status">
          {tp("map.import.diagnosis.committed", upload.committed.rows.length)}
        </p>
      )}
      {result && (
        <section aria-labelledby="vista-previa" className="section map-section">
          <h2 id="vista-previa">
            {upload.committed ? t("map.import.result") : t("map.import.previewTitle")}
          </h2>
          <p>{tp("map.import.diagnosis.summary", result.rowCount)}</p>
          {result.errors.length > 0 && (
            <div className="notice notice-error" role="alert">
              <p>{tp("map.import.errorCount", result.errors.length)}</p>
              <ul>
                {result.errors.map((error) => (
                  <li key={`${error.row}:${error.message}`}>{error.message}</li>
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
                    <th scope="col">{t("map.import.col.row")}</th>
                    <th scope="col">{t("map.import.col.code")}</th>
                    <th scope="col">{t("map.import.col.territory")}</th>
                    <th scope="col" className="numeric">
                      {t("map.import.col.value")}
                    </th>
                    <th scope="col">{t("map.import.col.action")}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.rows.map((row) => (
                    <tr key={row.row}>
                      <td>{row.row}</td>
                      <td>{row.code}</td>
                      <td>{row.territoryName}</td>
                      <td className="numeric">
                        {row.value === null ? t("map.legend.noValue") : formatNumber(row.value)}
                      </td>
                      <td>{t(`map.import.action.${row.action}`)}</td>
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
                onClick={() => void submit(false)()}
              >
                {tp("map.import.diagnosis.commit", result.rows.length)}
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
