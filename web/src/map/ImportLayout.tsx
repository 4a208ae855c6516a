import type { FormEvent, ReactNode } from "react";
import { Link, useParams, useSearchParams } from "react-router-dom";
import { safeReturnPath } from "../api";
import { roleIn, useSession } from "../auth/session";
import { FormMessage } from "../components/Form";
import { Empty } from "../components/States";
import { EditField } from "../edit/fields";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { t, tp } from "../i18n/es-CL";
import type { ImportState } from "./useImport";
import "../styles/forms.css";
import "../styles/monitoring.css";
import "../styles/map.css";

/** What every import's answer has: the rows it would write and the problems found. */
interface ImportResult {
  rows: readonly unknown[];
  errors: readonly unknown[];
}

interface Props<R extends ImportResult> {
  title: string;
  intro: string;
  upload: ImportState<R> & { reset: () => void };
  /** Validates and sends: a preview (dryRun) or the commit. */
  onSubmit: (dryRun: boolean) => void;
  file: { label: string; hint: string; accept: string; error: string | undefined };
  onFile: (file: File | null) => void;
  /** The form's fields after the file. */
  children: ReactNode;
  committedText: (count: number) => string;
  commitText: (count: number) => string;
  /** The preview's first line. */
  summary: (result: R) => ReactNode;
  /** The preview's problems, each with a key and its text. */
  problems: (result: R) => Array<{ key: string; text: string }>;
  /** The table's header cells and its rows. */
  head: ReactNode;
  rows: (result: R) => ReactNode;
}

/**
 * A map import page (territories, a diagnosis variable): the file and its fields, a preview of
 * what would be written with every problem found, then the commit of what was previewed, for
 * administrators and operators of the municipality.
 */
export function ImportLayout<R extends ImportResult>(props: Props<R>) {
  const { cut = "" } = useParams();
  const [searchParams] = useSearchParams();
  const back = searchParams.get("volver");
  const { me } = useSession();
  const role = roleIn(me, cut);
  useDocumentTitle(props.title);
  const { upload } = props;
  const result = upload.preview ?? upload.committed;

  if (role !== "admin" && role !== "operator")
    return (
      <div className="container">
        <h1>{props.title}</h1>
        <p>{t("map.import.forbidden")}</p>
      </div>
    );

  const problems = result ? props.problems(result) : [];
  return (
    <div className="container map-import">
      <header className="page-head">
        <h1>{props.title}</h1>
        <p className="lead">{props.intro}</p>
        {back && (
          <p>
            <Link to={safeReturnPath(back)}>{t("map.import.back")}</Link>
          </p>
        )}
      </header>
      <form
        className="edit-form card map-import-form"
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          props.onSubmit(true);
        }}
        noValidate
      >
        <FormMessage tone="error">{upload.formError}</FormMessage>
        <EditField
          id="file"
          label={props.file.label}
          hint={props.file.hint}
          error={props.file.error}
          required
        >
          {(field) => (
            <input
              {...field}
              type="file"
              accept={props.file.accept}
              onChange={(e) => {
                props.onFile(e.target.files?.[0] ?? null);
                upload.reset();
              }}
            />
          )}
        </EditField>
        {props.children}
        <p className="form-actions">
          <button type="submit" className="button" disabled={upload.busy}>
            {upload.busy ? t("map.import.working") : t("map.import.preview")}
          </button>
        </p>
      </form>

      {upload.committed && (
        <p className="map-status" role="status">
          {props.committedText(upload.committed.rows.length)}
        </p>
      )}
      {result && (
        <section aria-labelledby="vista-previa" className="section map-section">
          <h2 id="vista-previa">
            {upload.committed ? t("map.import.result") : t("map.import.previewTitle")}
          </h2>
          <p>{props.summary(result)}</p>
          {problems.length > 0 && (
            <div className="notice notice-error" role="alert">
              <p>{tp("map.import.errorCount", problems.length)}</p>
              <ul>
                {problems.map((problem) => (
                  <li key={problem.key}>{problem.text}</li>
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
                  <tr>{props.head}</tr>
                </thead>
                <tbody>{props.rows(result)}</tbody>
              </table>
            </div>
          )}
          {upload.preview && (
            <p className="form-actions">
              <button
                type="button"
                className="button"
                disabled={upload.busy || problems.length > 0 || result.rows.length === 0}
                onClick={() => props.onSubmit(false)}
              >
                {props.commitText(result.rows.length)}
              </button>
              {problems.length > 0 && (
                <span className="muted small"> {t("map.import.fixFirst")}</span>
              )}
            </p>
          )}
        </section>
      )}
    </div>
  );
}
