import { useEffect, useId, useRef, useState } from "react";
import { useLocation } from "react-router-dom";
import type { ApiError } from "../api";
import { useRoleIn } from "../auth/session";
import { t } from "../i18n/es-CL";
import { downloadFile } from "./download";
import "../styles/export.css";

type Table = "items" | "indicators" | "measurements" | "alerts";
type Busy = { key: string; what: string } | null;

const base = (cut: string, planId: string) =>
  `/api/municipalities/${encodeURIComponent(cut)}/plans/${encodeURIComponent(planId)}`;

/**
 * Downloads of a plan (issue #6): the xlsx with its status, a CSV table, the JSON open data, and
 * the template for those who edit the plan. Each button says when it is preparing the file and
 * shows the server's reason next to itself when a download fails.
 */
export function ExportSection({
  cut,
  planId,
  isDemo,
}: {
  cut: string;
  planId: string;
  isDemo: boolean;
}) {
  const role = useRoleIn(cut);
  const member = role !== null;
  // Mirrors the API: the template is for those who edit the plan (item.edit).
  const editsPlan = role === "admin" || role === "operator" || role === "editor";
  const [table, setTable] = useState<Table>("items");
  const [filled, setFilled] = useState(false);
  const [busy, setBusy] = useState<Busy>(null);
  const [result, setResult] = useState<{ key: string; text: string; failed: boolean } | null>(null);
  const tableId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const { hash } = useLocation();
  // Linked from the dashboard as …#descargas: the page renders after its data, so scroll here.
  useEffect(() => {
    if (hash === "#descargas") heading.current?.scrollIntoView();
  }, [hash]);
  const tables: Table[] = member
    ? ["items", "indicators", "measurements", "alerts"]
    : ["items", "indicators", "measurements"];

  async function run(key: string, what: string, path: string, fallback: string) {
    if (busy) return;
    setBusy({ key, what });
    setResult(null);
    try {
      const file = await downloadFile(path, fallback);
      setResult({ key, text: t("export.done", { file }), failed: false });
    } catch (error) {
      const problem = (error as ApiError).problem;
      setResult({
        key,
        failed: true,
        text: t("export.failed", { what, reason: problem?.detail ?? problem?.title ?? "" }),
      });
    } finally {
      setBusy(null);
    }
  }

  const button = (key: string, what: string, path: string, fallback: string) => (
    <>
      <button
        type="button"
        className="button button-secondary"
        aria-disabled={busy !== null}
        aria-describedby={`${tableId}-${key}-status`}
        onClick={() => void run(key, what, path, fallback)}
      >
        {busy?.key === key ? t("export.preparing", { what }) : t("export.download", { what })}
      </button>
      <p
        id={`${tableId}-${key}-status`}
        className={result?.key === key && result.failed ? "field-error" : "export-status"}
        role={result?.key === key && result.failed ? "alert" : "status"}
      >
        {result?.key === key ? result.text : ""}
      </p>
    </>
  );

  return (
    <section id="descargas" aria-labelledby="export-title" className="section export-section">
      <h2 id="export-title" ref={heading}>
        {t("export.title")}
      </h2>
      <p>{t("export.intro")}</p>
      {!member && <p className="muted">{t("export.introPublic")}</p>}
      {isDemo && <p className="muted">{t("export.simulated")}</p>}
      <ul className="export-list">
        <li className="card export-card">
          <h3>{t("export.xlsx")}</h3>
          <p className="muted small">{t("export.xlsxHint")}</p>
          {button("xlsx", t("export.xlsx"), `${base(cut, planId)}/export?format=xlsx`, "plan.xlsx")}
        </li>
        <li className="card export-card">
          <h3>{t("export.csv")}</h3>
          <p className="muted small">{t("export.csvHint")}</p>
          <div className="field">
            <label htmlFor={tableId}>{t("export.csvTable")}</label>
            <select id={tableId} value={table} onChange={(e) => setTable(e.target.value as Table)}>
              {tables.map((key) => (
                <option key={key} value={key}>
                  {t(`export.table.${key}`)}
                </option>
              ))}
            </select>
          </div>
          {button(
            "csv",
            `${t("export.csv")} · ${t(`export.table.${table}`)}`,
            `${base(cut, planId)}/export?format=csv&table=${table}`,
            "plan.csv",
          )}
        </li>
        <li className="card export-card">
          <h3>{t("export.json")}</h3>
          <p className="muted small">{t("export.jsonHint")}</p>
          {button("json", t("export.json"), `${base(cut, planId)}/export?format=json`, "plan.json")}
        </li>
        {editsPlan && (
          <li className="card export-card">
            <h3>{t("export.template")}</h3>
            <p className="muted small">{t("export.templateHint")}</p>
            <div className="export-check">
              <input
                id={`${tableId}-filled`}
                type="checkbox"
                checked={filled}
                onChange={(e) => setFilled(e.target.checked)}
              />
              <label htmlFor={`${tableId}-filled`}>{t("export.templateFilled")}</label>
            </div>
            {button(
              "template",
              t("export.template"),
              `${base(cut, planId)}/template.xlsx${filled ? "?filled=true" : ""}`,
              "plantilla.xlsx",
            )}
          </li>
        )}
      </ul>
    </section>
  );
}
