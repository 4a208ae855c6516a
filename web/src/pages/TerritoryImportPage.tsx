/**
 * Importing territories (issue #7, item 1): a GeoJSON, KML or zipped Shapefile, its attributes
 * mapped to code and name, a preview of what would be created or updated (with the file's
 * projection and every problem by feature), then the commit, all or nothing.
 */
import { useState } from "react";
import { useParams } from "react-router-dom";
import { EditField } from "../edit/fields";
import { t, tp } from "../i18n/es-CL";
import { territoryKindLabel } from "../i18n/format";
import { ImportLayout } from "../map/ImportLayout";
import { mapApi } from "../map/mapApi";
import type { TerritoryImportResult } from "../map/types";
import { useImport } from "../map/useImport";

const KINDS = ["sector", "unidad_vecinal", "localidad", "comuna"] as const;

export default function TerritoryImportPage() {
  const { cut = "" } = useParams();
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
  const submit = (dryRun: boolean) => {
    const local: Record<string, string> = {};
    if (!file) local.file = t("map.import.territories.error.file");
    // A first preview may go without them: it answers with the file's attributes to choose from.
    if (!dryRun && !codeField.trim()) local.codeField = t("map.import.territories.error.codeField");
    if (!dryRun && !nameField.trim()) local.nameField = t("map.import.territories.error.nameField");
    setLocalErrors(local);
    if (Object.keys(local).length > 0 || !file) return;
    void upload.run(fields(), file, dryRun);
  };

  const attributeList = attributes.length > 0 ? "atributos-territorio" : undefined;
  /** A field naming one of the file's attributes (offered as suggestions once previewed). */
  const attributeField = (
    id: "codeField" | "nameField" | "parentCodeField",
    value: string,
    set: (value: string) => void,
    hint?: string,
  ) => (
    <EditField
      id={id}
      label={t(`map.import.territories.${id}`)}
      hint={hint}
      error={errors[id]}
      required={id !== "parentCodeField"}
    >
      {(props) => (
        <input
          {...props}
          list={attributeList}
          value={value}
          onChange={(e) => changed(set)(e.target.value)}
        />
      )}
    </EditField>
  );

  return (
    <ImportLayout
      title={t("map.import.territories.title")}
      intro={t("map.import.territories.intro")}
      upload={upload}
      onSubmit={submit}
      file={{
        label: t("map.import.territories.file"),
        hint: t("map.import.territories.fileHint"),
        accept: ".geojson,.json,.kml,.zip,application/geo+json,application/zip",
        error: errors.file,
      }}
      onFile={setFile}
      committedText={(count) => tp("map.import.territories.committed", count)}
      commitText={(count) => tp("map.import.territories.commit", count)}
      summary={(result) =>
        t("map.import.territories.summary", {
          count: result.featureCount,
          crs: result.sourceCrs,
        })
      }
      problems={(result) =>
        result.errors.map((error) => ({
          key: `${error.feature}:${error.message}`,
          text:
            error.feature === 0
              ? t("map.import.territories.fileError", { message: error.message })
              : t("map.import.territories.featureError", {
                  feature: error.feature,
                  message: error.message,
                }),
        }))
      }
      head={
        <>
          <th scope="col">{t("map.import.col.code")}</th>
          <th scope="col">{t("map.import.col.name")}</th>
          <th scope="col">{t("map.import.col.kind")}</th>
          <th scope="col">{t("map.import.col.parent")}</th>
          <th scope="col">{t("map.import.col.action")}</th>
          <th scope="col">{t("map.import.col.warnings")}</th>
        </>
      }
      rows={(result) =>
        result.rows.map((row) => (
          <tr key={row.code}>
            <td>{row.code}</td>
            <td>{row.name}</td>
            <td>{territoryKindLabel(row.kind)}</td>
            <td>{row.parentCode ?? "—"}</td>
            <td>{t(`map.import.action.${row.action}`)}</td>
            <td>{row.warnings.join(" ")}</td>
          </tr>
        ))
      }
    >
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
      {attributeField(
        "codeField",
        codeField,
        setCodeField,
        t("map.import.territories.codeFieldHint"),
      )}
      {attributeField("nameField", nameField, setNameField)}
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
      {attributeField(
        "parentCodeField",
        parentCodeField,
        setParentCodeField,
        t("map.import.territories.parentCodeFieldHint"),
      )}
    </ImportLayout>
  );
}
