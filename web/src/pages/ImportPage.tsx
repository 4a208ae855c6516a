import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link, useParams } from "react-router-dom";
import { api, asApiError, getJson, postFile, routes, sendJson, type ApiError } from "../api";
import { useRoleIn, useSession } from "../auth/session";
import { Loading } from "../components/States";
import { useApi } from "../hooks/useApi";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { t, tp } from "../i18n/es-CL";
import { formatNumber } from "../i18n/format";
import { importApi, importRoute } from "../import/paths";
import { PreviewTable, levelName } from "../import/PreviewTable";
import type { ConfirmBody, ImportJob, ImportResult } from "../import/types";
import { CREATE, defaultChoices, NONE, UnitChoices, type Choices } from "../import/UnitChoices";
import type { PlanSummaryPage, UnitList } from "../types";
import "../styles/forms.css";
import "../styles/monitoring.css";
import "../styles/import.css";

/**
 * Importing a plan from Excel, for administrators: upload, the server's
 * progress while it reads the workbook, the dry run as a filterable table with
 * the units to confirm, then the confirmation that writes it.
 */
export default function ImportPage() {
  const { cut = "" } = useParams();
  const session = useSession();
  const role = useRoleIn(cut);
  const allowed = role === "admin" || role === "operator";
  const plans = useApi<PlanSummaryPage>(allowed ? api.plans(cut) : null, { keep: false });
  const units = useApi<UnitList>(allowed ? api.units(cut) : null, { keep: false });
  useDocumentTitle(t("import.title"));
  const [planId, setPlanId] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [sent, setSent] = useState<number | null>(null);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  const planList = plans.status === "success" ? plans.data.items : [];
  useEffect(() => {
    if (planId === null && planList.length > 0) setPlanId(planList[0]!.id);
  }, [planList, planId]);

  // While the server reads the workbook, ask for its progress.
  useEffect(() => {
    if (!job || job.status !== "reading") return;
    const timer = setTimeout(() => {
      getJson<ImportJob>(importApi.job(cut, job.id))
        .then(setJob)
        .catch((error: unknown) =>
          setFileError(asApiError(error).problem.detail ?? asApiError(error).message),
        );
    }, 400);
    return () => clearTimeout(timer);
  }, [job, cut]);

  if (session.state.status === "loading") return <Loading />;
  if (!allowed)
    return (
      <div className="container">
        <h1>{t("import.title")}</h1>
        <p className="notice">{t("import.notAllowed")}</p>
        {!session.me && <Link to={routes.login(importRoute(cut))}>{t("session.signIn")}</Link>}
      </div>
    );
  if (plans.status === "loading") return <Loading />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const file = fileRef.current?.files?.[0];
    setFileError(null);
    setResult(null);
    setJob(null);
    if (!file) {
      setFileError(t("import.fileMissing"));
      fileRef.current?.focus();
      return;
    }
    setSent(0);
    try {
      setJob(
        await postFile<ImportJob>(importApi.upload(cut, planId), file, { onProgress: setSent }),
      );
    } catch (error) {
      const failure = asApiError(error);
      setFileError(
        failure.problem.errors?.[0]?.message ?? failure.problem.detail ?? failure.message,
      );
      fileRef.current?.focus();
    } finally {
      setSent(null);
    }
  };

  const failed = job?.status === "failed" ? job.error : null;
  const error = fileError ?? failed;
  return (
    <div className="container import-page">
      <div className="page-head">
        <h1>{t("import.title")}</h1>
        <p className="lead">{t("import.intro")}</p>
      </div>
      {result ? (
        <Done
          cut={cut}
          result={result}
          onAgain={() => {
            setResult(null);
            setJob(null);
          }}
        />
      ) : (
        <>
          <form className="form import-upload" onSubmit={submit} noValidate>
            <div className="field">
              <label htmlFor="import-plan">{t("import.plan")}</label>
              <p id="import-plan-ayuda" className="field-hint">
                {t("import.planHint")}
              </p>
              <select
                id="import-plan"
                aria-describedby="import-plan-ayuda"
                value={planId ?? ""}
                onChange={(e) => setPlanId(e.target.value || null)}
              >
                {planList.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.title}
                  </option>
                ))}
                {planList.length === 0 && <option value="">{t("import.newPlan")}</option>}
              </select>
            </div>
            <div className={error ? "field field-invalid" : "field"}>
              <label htmlFor="import-file">{t("import.file")}</label>
              <p id="import-file-ayuda" className="field-hint">
                {t("import.fileHint")}
              </p>
              <input
                ref={fileRef}
                id="import-file"
                name="file"
                type="file"
                accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                aria-invalid={error ? true : undefined}
                aria-describedby={
                  error ? "import-file-ayuda import-file-error" : "import-file-ayuda"
                }
              />
              {error && (
                <p id="import-file-error" className="field-error" role="alert">
                  {error}
                </p>
              )}
            </div>
            <div className="form-actions">
              <button
                type="submit"
                className="button"
                disabled={sent !== null || job?.status === "reading"}
              >
                {t("import.upload")}
              </button>
            </div>
          </form>
          <Progress sent={sent} job={job} />
          {job?.status === "ready" && job.preview && (
            <Preview
              key={job.id}
              cut={cut}
              job={job}
              allUnits={units.status === "success" ? units.data.items : []}
              onDone={setResult}
            />
          )}
        </>
      )}
    </div>
  );
}

function Progress({ sent, job }: { sent: number | null; job: ImportJob | null }) {
  if (sent === null && job?.status !== "reading") return null;
  const p = job?.progress;
  const label =
    sent !== null
      ? t("import.uploading")
      : p?.phase === "reading"
        ? t("import.phase.reading", { done: formatNumber(p.done), total: formatNumber(p.total) })
        : t(`import.phase.${p?.phase ?? "checking"}`);
  const value = sent !== null ? sent : p && p.total > 0 ? p.done / p.total : 0;
  return (
    <div className="import-progress" role="status" aria-live="polite">
      <p>{label}</p>
      <progress aria-label={t("import.progressLabel")} max={1} value={value} />
    </div>
  );
}

function Preview({
  cut,
  job,
  allUnits,
  onDone,
}: {
  cut: string;
  job: ImportJob;
  allUnits: UnitList["items"];
  onDone: (result: ImportResult) => void;
}) {
  const preview = job.preview!;
  const [choices, setChoices] = useState<Choices>(() => defaultChoices(preview.units));
  const [deleteMissing, setDeleteMissing] = useState(false);
  const [planTitle, setPlanTitle] = useState("");
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const s = preview.summary;
  const nothing = s.create + s.update === 0 && !(deleteMissing && s.missing > 0);

  const confirm = async () => {
    setBusy(true);
    setFailure(null);
    const body: ConfirmBody = {
      deleteMissing,
      choices: Object.entries(choices).map(([text, value]) =>
        value === CREATE
          ? { text, kind: "create", name: text }
          : value === NONE
            ? { text, kind: "none" }
            : { text, kind: "unit", unitIds: [value] },
      ),
      ...(preview.planId === null && planTitle.trim() ? { planTitle: planTitle.trim() } : {}),
    };
    try {
      onDone(await sendJson<ImportResult>("POST", importApi.confirm(cut, job.id), body));
    } catch (error) {
      setFailure(asApiError(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="import-vista" className="section">
      <h2 id="import-vista">{t("import.previewTitle")}</h2>
      <p>
        {preview.planTitle
          ? t("import.previewFor.plan", { file: job.fileName, plan: preview.planTitle })
          : t("import.previewFor.new", { file: job.fileName })}{" "}
        {t(`import.layout.${preview.layout}`)}
      </p>
      <dl className="import-summary">
        {(["create", "update", "unchanged", "missing", "errors", "warnings"] as const).map((k) => (
          <div
            key={k}
            className={`import-count import-count-${k}${s[k] > 0 ? " import-count-some" : ""}`}
          >
            <dt>{t(`import.summary.${k}`)}</dt>
            <dd>{formatNumber(s[k])}</dd>
          </div>
        ))}
      </dl>
      {preview.messages.length > 0 && (
        <section aria-labelledby="import-mensajes" className="section">
          <h3 id="import-mensajes">{t("import.messages")}</h3>
          <ul className="import-messages">
            {preview.messages.slice(0, 300).map((m, i) => (
              <li key={i} className={`import-message-${m.severity}`}>
                <strong>{t(`import.severity.${m.severity}`)}:</strong> {m.text}
              </li>
            ))}
          </ul>
        </section>
      )}
      <PreviewTable entries={preview.entries} />
      {preview.units.length > 0 && (
        <section aria-labelledby="import-unidades" className="section">
          <h3 id="import-unidades">{t("import.units")}</h3>
          <UnitChoices
            units={preview.units}
            allUnits={allUnits}
            choices={choices}
            onChange={(text, value) => setChoices((c) => ({ ...c, [text]: value }))}
          />
        </section>
      )}
      {preview.missing.length > 0 && (
        <section aria-labelledby="import-faltan" className="section">
          <h3 id="import-faltan">{t("import.missingTitle")}</h3>
          <ul className="plain-list small">
            {preview.missing.slice(0, 100).map((m) => (
              <li key={m.itemId}>
                {m.code} · {levelName(m.level)}: {m.title}
              </li>
            ))}
          </ul>
          <div className="field field-checkbox">
            <input
              id="import-eliminar"
              type="checkbox"
              checked={deleteMissing}
              onChange={(e) => setDeleteMissing(e.target.checked)}
              aria-describedby="import-eliminar-ayuda"
            />
            <label htmlFor="import-eliminar">{t("import.deleteMissing")}</label>
            <p id="import-eliminar-ayuda" className="field-hint">
              {t("import.deleteMissingHint")}
            </p>
          </div>
        </section>
      )}
      {preview.planId === null && (
        <div className="field">
          <label htmlFor="import-titulo">{t("import.planTitle")}</label>
          <input
            id="import-titulo"
            value={planTitle}
            onChange={(e) => setPlanTitle(e.target.value)}
          />
        </div>
      )}
      {s.errors > 0 ? (
        <p className="form-message form-message-error" role="alert">
          {t("import.hasErrors")}
        </p>
      ) : nothing ? (
        <p className="notice">{t("import.nothing")}</p>
      ) : (
        <div className="form-actions">
          <button type="button" className="button" onClick={() => void confirm()} disabled={busy}>
            {busy ? t("import.confirming") : t("import.confirm")}
          </button>
        </div>
      )}
      {failure && (
        <div className="form-message form-message-error" role="alert">
          <p>{failure.problem.detail ?? failure.problem.title}</p>
          {failure.problem.errors && (
            <ul>
              {failure.problem.errors.map((e) => (
                <li key={`${e.path}:${e.message}`}>{e.message}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <p className="muted small">{tp("import.total", s.items)}</p>
    </section>
  );
}

function Done({
  cut,
  result,
  onAgain,
}: {
  cut: string;
  result: ImportResult;
  onAgain: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div ref={ref} tabIndex={-1} className="form-message form-message-success" role="status">
      <p>
        {t("import.done", {
          created: formatNumber(result.created),
          updated: formatNumber(result.updated),
          unchanged: formatNumber(result.unchanged),
          deleted: formatNumber(result.deleted),
        })}
      </p>
      <p className="state-actions">
        <Link className="button" to={routes.plan(cut, result.planId)}>
          {t("import.openPlan")}
        </Link>
        <button type="button" className="button button-secondary" onClick={onAgain}>
          {t("import.another")}
        </button>
      </p>
    </div>
  );
}
