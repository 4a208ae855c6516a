import { useCallback, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { Link, useParams, useSearchParams } from "react-router-dom";
import { api, asApiError, errorsByPath, routes, sendJson } from "../api";
import { mayReportOn, roleIn, useSession } from "../auth/session";
import { Empty, ErrorState, Loading } from "../components/States";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { t, tp } from "../i18n/es-CL";
import { numberForInput, parseLocaleNumber } from "../i18n/format";
import { periodicityOf } from "../monitoring/chart-scale";
import { refreshAfterWrite } from "../monitoring/ReportForm";
import { formulaVariables, todayInChile } from "../monitoring/report-logic";
import { SimulatedNotice } from "../monitoring/StatusBadge";
import { usePlanIndicators, type IndicatorRow } from "../monitoring/usePlanIndicators";
import type { ItemDetail, MeasurementDetail } from "../types";
import "../styles/forms.css";
import "../styles/monitoring.css";

interface GridRow {
  row: IndicatorRow;
  /** The cells of the row: one per variable (formula), or the value, then the comment. */
  cells: Array<{ key: string; label: string; kind: "number" | "milestone" | "text" }>;
  existing: IndicatorRow["measurements"][number] | null;
  editable: boolean;
}

/** Reporting every indicator of one's units for one period, on one keyboard-friendly screen. */
export default function ReportGridPage() {
  const { cut = "" } = useParams();
  const [searchParams, setSearchParams] = useSearchParams();
  const { me, state: session } = useSession();
  const role = roleIn(me, cut);
  const allowed = role === "admin" || role === "operator" || role === "editor";
  const period = (searchParams.get("periodo") ?? todayInChile().slice(0, 4)).toUpperCase();
  const [reload, setReload] = useState(0);
  const keep = useCallback(
    (item: ItemDetail) =>
      mayReportOn(
        me,
        cut,
        item.responsibleUnits.map((u) => u.id),
      ),
    [me, cut],
  );
  const data = usePlanIndicators(cut, keep, reload, allowed);
  useDocumentTitle(t("grid.title"));

  if (session.status === "loading") return <Loading />;
  if (!allowed)
    return (
      <div className="container">
        <h1>{t("grid.title")}</h1>
        <p className="notice">{me ? t("grid.notAllowed") : t("report.noPermission")}</p>
        {!me && <Link to={routes.login(routes.report(cut))}>{t("session.signIn")}</Link>}
      </div>
    );
  if (data.status === "error") return <ErrorState error={data.error} />;

  const periodOptions: string[] = [];
  if (data.status === "success" && data.startYear)
    for (let year = data.startYear; year <= data.endYear; year += 1) {
      periodOptions.push(String(year));
      for (let q = 1; q <= 4; q += 1) periodOptions.push(`${year}-Q${q}`);
    }
  if (!periodOptions.includes(period)) periodOptions.unshift(period);

  return (
    <div className="container">
      <div className="page-head">
        <h1>{t("grid.title")}</h1>
        <p className="lead">{t("grid.intro")}</p>
        <SimulatedNotice compact />
      </div>
      <div className="grid-toolbar">
        <div className="field">
          <label htmlFor="grid-period">{t("grid.period")}</label>
          <select
            id="grid-period"
            value={period}
            onChange={(e) => setSearchParams({ periodo: e.target.value }, { replace: true })}
          >
            {periodOptions.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
        {data.status === "success" && data.planId && (
          <Link to={routes.dashboard(cut, data.planId)}>{t("nav.dashboard")}</Link>
        )}
      </div>
      {data.status === "loading" ? (
        <p role="status" className="muted">
          <span className="spinner spinner-small" aria-hidden="true" /> {t("grid.loading")}
        </p>
      ) : (
        <Grid
          key={period}
          cut={cut}
          period={period}
          rows={data.rows}
          onSaved={() => setReload((n) => n + 1)}
        />
      )}
    </div>
  );
}

function buildRows(rows: IndicatorRow[], period: string): { grid: GridRow[]; other: number } {
  const wanted = periodicityOf(period);
  const grid: GridRow[] = [];
  let other = 0;
  for (const row of rows) {
    const periodicity = row.indicator.periodicity;
    if (periodicity !== wanted) {
      other += 1;
      continue;
    }
    const existing = row.measurements.find((m) => m.period === period) ?? null;
    const editable = !existing || existing.status === "draft" || existing.status === "rejected";
    const { indicator } = row;
    const labels = new Map(indicator.variables.map((v) => [v.name, v.label]));
    const cells: GridRow["cells"] =
      indicator.kind === "formula"
        ? formulaVariables(indicator.formula).map((name) => ({
            key: `variables.${name}`,
            label: labels.get(name) || name,
            kind: "number" as const,
          }))
        : indicator.kind === "value"
          ? [{ key: "value", label: t("grid.value"), kind: "number" }]
          : indicator.kind === "milestone"
            ? [{ key: "value", label: t("report.milestone"), kind: "milestone" }]
            : [];
    if (cells.length > 0) cells.push({ key: "comment", label: t("grid.comment"), kind: "text" });
    grid.push({ row, cells, existing, editable: editable && cells.length > 0 });
  }
  return { grid, other };
}

function initialValue(row: GridRow, key: string): string {
  const existing = row.existing;
  if (!existing) return "";
  if (key === "comment") return existing.comment;
  if (key === "value") return numberForInput(existing.value);
  return numberForInput(existing.variables[key.slice("variables.".length)]);
}

function Grid({
  cut,
  period,
  rows,
  onSaved,
}: {
  cut: string;
  period: string;
  rows: IndicatorRow[];
  onSaved: () => void;
}) {
  const { grid, other } = useMemo(() => buildRows(rows, period), [rows, period]);
  const [values, setValues] = useState<Record<string, string>>(() => {
    const initial: Record<string, string> = {};
    for (const row of grid)
      for (const cell of row.cells)
        initial[`${row.row.indicator.id}|${cell.key}`] = initialValue(row, cell.key);
    return initial;
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const tableRef = useRef<HTMLTableElement>(null);

  const move = (row: number, col: number) => {
    const target = tableRef.current?.querySelector<HTMLElement>(
      `[data-row="${row}"][data-col="${col}"]`,
    );
    if (target) {
      target.focus();
      if (target instanceof HTMLInputElement && target.type !== "checkbox") target.select();
      return true;
    }
    return false;
  };
  const onKeyDown = (event: KeyboardEvent<HTMLElement>, row: number, col: number, last: number) => {
    const input = event.currentTarget as HTMLInputElement;
    const atStart = input.selectionStart === 0 && input.selectionEnd === 0;
    const atEnd =
      input.selectionStart === input.value.length && input.selectionEnd === input.value.length;
    let handled = false;
    if (event.key === "ArrowDown" || (event.key === "Enter" && !event.shiftKey)) {
      handled = move(row + 1, Math.min(col, 99)) || findInRow(row + 1, col);
    } else if (event.key === "ArrowUp" || (event.key === "Enter" && event.shiftKey)) {
      handled = move(row - 1, col) || findInRow(row - 1, col);
    } else if (event.key === "ArrowRight" && (atEnd || input.type === "checkbox")) {
      handled = col < last ? move(row, col + 1) : move(row + 1, 0);
    } else if (event.key === "ArrowLeft" && (atStart || input.type === "checkbox")) {
      handled = col > 0 ? move(row, col - 1) : false;
    }
    if (handled || event.key === "Enter") event.preventDefault();
  };
  /** Rows have different numbers of cells: the nearest cell to the left on that row. */
  const findInRow = (row: number, col: number): boolean => {
    for (let c = col; c >= 0; c -= 1) if (move(row, c)) return true;
    return false;
  };

  const editableRows = grid.filter((r) => r.editable);

  async function saveAll(submit: boolean) {
    setBusy(true);
    setStatus(null);
    const found: Record<string, string> = {};
    const work: Array<{ row: GridRow; payload: Record<string, unknown> }> = [];
    for (const row of editableRows) {
      const id = row.row.indicator.id;
      const payload: Record<string, unknown> = {};
      const variables: Record<string, number> = {};
      let touched = false;
      let complete = true;
      for (const cell of row.cells) {
        const text = (values[`${id}|${cell.key}`] ?? "").trim();
        if (text !== initialValue(row, cell.key).trim()) touched = true;
        if (cell.kind === "text") {
          payload.comment = text;
          continue;
        }
        if (cell.kind === "milestone") {
          payload.value = text === "1" ? 1 : 0;
          continue;
        }
        if (text === "") {
          complete = false;
          continue;
        }
        const number = parseLocaleNumber(text);
        if (number === null) {
          found[`${id}|${cell.key}`] = t("report.error.number");
          continue;
        }
        if (cell.key === "value") payload.value = number;
        else variables[cell.key.slice("variables.".length)] = number;
      }
      if (row.row.indicator.kind === "formula") payload.variables = variables;
      const wantsSubmit = submit && row.existing && row.existing.status !== "submitted";
      if (!touched && !wantsSubmit) continue;
      if (!complete) {
        for (const cell of row.cells)
          if (cell.kind === "number" && !(values[`${id}|${cell.key}`] ?? "").trim())
            found[`${id}|${cell.key}`] = t("report.error.required");
        continue;
      }
      work.push({ row, payload });
    }
    let done = 0;
    for (const { row, payload } of work) {
      const id = row.row.indicator.id;
      if (Object.keys(found).some((key) => key.startsWith(`${id}|`))) continue;
      setStatus(t("grid.working", { done, total: work.length }));
      try {
        let saved: MeasurementDetail;
        if (row.existing)
          saved = await sendJson<MeasurementDetail>(
            "PATCH",
            api.measurement(cut, row.existing.id),
            {
              version: row.existing.version,
              ...payload,
            },
          );
        else
          saved = await sendJson<MeasurementDetail>("POST", api.measurements(cut, id), {
            period,
            ...payload,
          });
        if (submit)
          await sendJson("POST", api.measurementAction(cut, saved.id, "submit"), {
            version: saved.version,
          });
        refreshAfterWrite(id);
        done += 1;
      } catch (error) {
        const problem = asApiError(error).problem;
        const byPath = errorsByPath(problem);
        let placed = false;
        for (const cell of row.cells)
          if (byPath[cell.key]) {
            found[`${id}|${cell.key}`] = byPath[cell.key] as string;
            placed = true;
          }
        if (!placed)
          found[`${id}|${row.cells[0]?.key ?? "value"}`] = problem.detail ?? problem.title;
      }
    }
    setErrors(found);
    setBusy(false);
    const failed = Object.keys(found).length;
    const messages: string[] = [];
    if (done > 0) messages.push(tp("grid.done", done));
    if (failed > 0) messages.push(tp("grid.failed", failed));
    if (done === 0 && failed === 0) messages.push(t("grid.nothing"));
    setStatus(messages.join(" "));
    if (failed > 0)
      requestAnimationFrame(() =>
        tableRef.current?.querySelector<HTMLElement>("[aria-invalid='true']")?.focus(),
      );
    else if (done > 0) onSaved();
  }

  if (grid.length === 0)
    return (
      <>
        <Empty>{t("grid.empty")}</Empty>
        {other > 0 && <p className="muted">{tp("grid.other", other)}</p>}
      </>
    );

  let rowIndex = -1;
  return (
    <>
      <div className="table-scroll">
        <table ref={tableRef} className="data-table report-grid">
          <caption className="visually-hidden">{t("grid.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("grid.indicator")}</th>
              <th scope="col">{t("grid.current")}</th>
              <th scope="col">{t("grid.value")}</th>
              <th scope="col">{t("grid.comment")}</th>
            </tr>
          </thead>
          <tbody>
            {grid.map((row) => {
              const { indicator, item } = row.row;
              if (row.editable) rowIndex += 1;
              const r = rowIndex;
              const last = row.cells.length - 1;
              const valueCells = row.cells.filter((c) => c.kind !== "text");
              const renderCell = (cell: GridRow["cells"][number]) => {
                const col = row.cells.indexOf(cell);
                const key = `${indicator.id}|${cell.key}`;
                const error = errors[key];
                const inputId = `celda-${indicator.id}-${cell.key.replace(/\W/g, "-")}`;
                const label = t("grid.cellLabel", {
                  indicator: indicator.name,
                  variable: cell.label,
                });
                const common = {
                  id: inputId,
                  "data-row": r,
                  "data-col": col,
                  "aria-label": label,
                  "aria-invalid": error ? true : undefined,
                  "aria-describedby": error ? `${inputId}-error` : undefined,
                  onKeyDown: (e: KeyboardEvent<HTMLElement>) => onKeyDown(e, r, col, last),
                };
                return (
                  <div key={cell.key}>
                    {cell.kind !== "text" && valueCells.length > 1 && (
                      <label className="cell-label" htmlFor={inputId}>
                        {cell.label}
                      </label>
                    )}
                    {cell.kind === "milestone" ? (
                      <input
                        {...common}
                        type="checkbox"
                        checked={values[key] === "1"}
                        onChange={(e) =>
                          setValues({ ...values, [key]: e.target.checked ? "1" : "0" })
                        }
                      />
                    ) : (
                      <input
                        {...common}
                        type="text"
                        inputMode={cell.kind === "number" ? "decimal" : "text"}
                        value={values[key] ?? ""}
                        onChange={(e) => setValues({ ...values, [key]: e.target.value })}
                      />
                    )}
                    {error && (
                      <p id={`${inputId}-error`} className="cell-error">
                        {error}
                      </p>
                    )}
                  </div>
                );
              };
              return (
                <tr key={indicator.id} data-indicator={indicator.id}>
                  <th scope="row">
                    <Link to={routes.item(cut, item.id)}>{item.code}</Link>
                    <span className="muted small"> · {item.title}</span>
                    <br />
                    <strong>{indicator.name}</strong>
                    {indicator.formula && (
                      <span className="muted small">
                        {" "}
                        · <code>{indicator.formula}</code>
                      </span>
                    )}
                  </th>
                  <td>
                    {row.existing ? (
                      <span className="measurement-chip">
                        {t(`measurementStatus.${row.existing.status}`)}
                      </span>
                    ) : (
                      <span className="muted">–</span>
                    )}
                    {row.existing?.rejectionReason && (
                      <p className="cell-error">
                        {t("report.rejectedBecause", { reason: row.existing.rejectionReason })}
                      </p>
                    )}
                  </td>
                  <td>
                    {row.editable ? (
                      valueCells.map(renderCell)
                    ) : row.cells.length === 0 ? (
                      <span className="muted small">{t("grid.evidenceKind")}</span>
                    ) : (
                      <span className="muted small">
                        {row.existing?.value !== null && row.existing?.value !== undefined
                          ? numberForInput(row.existing.value)
                          : t("grid.notEditable")}
                      </span>
                    )}
                  </td>
                  <td>
                    {row.editable && row.cells.filter((c) => c.kind === "text").map(renderCell)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {other > 0 && <p className="muted small">{tp("grid.other", other)}</p>}
      <div className="form-actions">
        <button
          type="button"
          className="button button-secondary"
          disabled={busy}
          onClick={() => void saveAll(false)}
        >
          {t("grid.saveAll")}
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => void saveAll(true)}>
          {t("grid.submitAll")}
        </button>
      </div>
      <p role="status" aria-live="polite" className="grid-status">
        {status}
      </p>
    </>
  );
}
