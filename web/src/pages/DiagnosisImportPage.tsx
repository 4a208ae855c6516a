/**
 * Importing a diagnosis variable (issue #7): a CSV or Excel file with one value per territory
 * code, previewed row by row (a code that matches no territory is an error with its row), then
 * committed all or nothing. The map draws it as a choropleth.
 */
import { useState } from "react";
import { useParams } from "react-router-dom";
import { EditField } from "../edit/fields";
import { invalidateApi } from "../hooks/useApi";
import { t, tp } from "../i18n/es-CL";
import { formatNumber } from "../i18n/format";
import { ImportLayout } from "../map/ImportLayout";
import { mapApi } from "../map/mapApi";
import type { DiagnosisImportResult } from "../map/types";
import { useImport } from "../map/useImport";

const KEY = /^[a-z0-9_]{1,60}$/;

type FieldName = "variable" | "label" | "unit" | "year" | "source" | "codeColumn" | "valueColumn";

export default function DiagnosisImportPage() {
  const { cut = "" } = useParams();
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

  const set = (name: FieldName, value: string) => {
    setValues((v) => ({ ...v, [name]: value }));
    upload.reset();
  };
  const submit = async (dryRun: boolean) => {
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
    <ImportLayout
      title={t("map.import.diagnosis.title")}
      intro={t("map.import.diagnosis.intro")}
      upload={upload}
      onSubmit={(dryRun) => void submit(dryRun)}
      file={{
        label: t("map.import.diagnosis.file"),
        hint: t("map.import.diagnosis.fileHint"),
        accept:
          ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        error: errors.file,
      }}
      onFile={setFile}
      committedText={(count) => tp("map.import.diagnosis.committed", count)}
      commitText={(count) => tp("map.import.diagnosis.commit", count)}
      summary={(result) => tp("map.import.diagnosis.summary", result.rowCount)}
      problems={(result) =>
        result.errors.map((error) => ({
          key: `${error.row}:${error.message}`,
          text: error.message,
        }))
      }
      head={
        <>
          <th scope="col">{t("map.import.col.row")}</th>
          <th scope="col">{t("map.import.col.code")}</th>
          <th scope="col">{t("map.import.col.territory")}</th>
          <th scope="col" className="numeric">
            {t("map.import.col.value")}
          </th>
          <th scope="col">{t("map.import.col.action")}</th>
        </>
      }
      rows={(result) =>
        result.rows.map((row) => (
          <tr key={row.row}>
            <td>{row.row}</td>
            <td>{row.code}</td>
            <td>{row.territoryName}</td>
            <td className="numeric">
              {row.value === null ? t("map.legend.noValue") : formatNumber(row.value)}
            </td>
            <td>{t(`map.import.action.${row.action}`)}</td>
          </tr>
        ))
      }
    >
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
    </ImportLayout>
  );
}
