import { useMemo, useState } from "react";
import { normalizeForSearch } from "../i18n/format";
import { hasMessage, t } from "../i18n/es-CL";
import type { ImportEntry } from "./types";

const PAGE = 200;
type Filter = "all" | ImportEntry["kind"];

/** The dry run's items as a table, filtered by result and by title. */
export function PreviewTable({ entries }: { entries: ImportEntry[] }) {
  const [filter, setFilter] = useState<Filter>(() =>
    entries.some((e) => e.kind !== "unchanged") ? "all" : "unchanged",
  );
  const [search, setSearch] = useState("");
  const shown = useMemo(() => {
    const needle = normalizeForSearch(search);
    return entries.filter(
      (e) =>
        (filter === "all" || e.kind === filter) &&
        (!needle || normalizeForSearch(e.title).includes(needle)),
    );
  }, [entries, filter, search]);
  return (
    <div>
      <div className="import-filters">
        <div className="field">
          <label htmlFor="import-filtro">{t("import.filter")}</label>
          <select
            id="import-filtro"
            value={filter}
            onChange={(e) => setFilter(e.target.value as Filter)}
          >
            {(["all", "create", "update", "unchanged"] as const).map((f) => (
              <option key={f} value={f}>
                {t(`import.filter.${f}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="import-buscar">{t("import.search")}</label>
          <input
            id="import-buscar"
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
      </div>
      <p className="muted small" role="status" aria-live="polite">
        {t("import.shown", { shown: Math.min(PAGE, shown.length), total: shown.length })}
      </p>
      {shown.length === 0 ? (
        <p className="empty">{t("import.empty")}</p>
      ) : (
        <div
          className="table-scroll"
          tabIndex={0}
          role="region"
          aria-label={t("import.previewTitle")}
        >
          <table className="data-table import-table">
            <thead>
              <tr>
                <th scope="col">{t("import.col.kind")}</th>
                <th scope="col">{t("import.col.level")}</th>
                <th scope="col">{t("import.col.title")}</th>
                <th scope="col">{t("import.col.where")}</th>
                <th scope="col">{t("import.col.changes")}</th>
              </tr>
            </thead>
            <tbody>
              {shown.slice(0, PAGE).map((e, i) => (
                <tr key={`${e.sheet}-${e.cell}-${i}`} data-kind={e.kind}>
                  <td>
                    <span className={`badge import-kind-${e.kind}`}>
                      {t(`import.kind.${e.kind}`)}
                    </span>
                  </td>
                  <td>{levelName(e.level)}</td>
                  <td>
                    {e.code && <span className="muted">{e.code} </span>}
                    {e.title}
                  </td>
                  <td className="nowrap">{t("import.where", { sheet: e.sheet, cell: e.cell })}</td>
                  <td>
                    {e.changes.length > 0 && (
                      <ul className="plain-list small">
                        {e.changes.map((c) => (
                          <li key={c.field}>
                            <strong>{t(`import.field.${c.field}`)}:</strong>{" "}
                            <del>{c.before ?? t("import.empty.value")}</del> →{" "}
                            <ins>{c.after ?? t("import.empty.value")}</ins>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export function levelName(level: string): string {
  const key = `import.level.${level}`;
  return hasMessage(key) ? t(key) : level;
}
