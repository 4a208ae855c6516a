import { useState } from "react";
import { asApiError, errorsByPath, postFile } from "../api";

export interface ImportState<R> {
  preview: R | null;
  committed: R | null;
  busy: boolean;
  /** Errors by field name (the multipart field, or "file"); form: the error without a field. */
  fieldErrors: Record<string, string>;
  formError: string | null;
}

/**
 * A two-step import (preview with dryRun=true, then commit with dryRun=false) of one file and
 * its fields. Errors of the request land next to their field; any change to the form drops the
 * preview, so what is committed is always what was previewed.
 */
export function useImport<R extends { committed?: boolean | undefined }>(url: string) {
  const [state, setState] = useState<ImportState<R>>({
    preview: null,
    committed: null,
    busy: false,
    fieldErrors: {},
    formError: null,
  });

  const run = async (fields: Record<string, string>, file: File, dryRun: boolean) => {
    setState((s) => ({ ...s, busy: true, formError: null, fieldErrors: {} }));
    try {
      const result = await postFile<R>(url, file, {
        fields: { ...fields, dryRun: String(dryRun) },
      });
      setState({
        preview: dryRun ? result : null,
        committed: dryRun ? null : result,
        busy: false,
        fieldErrors: {},
        formError: null,
      });
    } catch (error) {
      const problem = asApiError(error).problem;
      const byPath = errorsByPath(problem);
      const fieldErrors: Record<string, string> = {};
      for (const [path, message] of Object.entries(byPath))
        fieldErrors[path.replace(/^(body|fields)\./, "")] = message;
      // A problem with the file itself (format, size, projection) is shown at the file field.
      if (Object.keys(fieldErrors).length === 0 && [400, 413, 415, 422].includes(problem.status))
        fieldErrors.file = problem.detail ?? problem.title;
      setState({
        preview: null,
        committed: null,
        busy: false,
        fieldErrors,
        formError: Object.keys(fieldErrors).length > 0 ? null : (problem.detail ?? problem.title),
      });
    }
  };

  const reset = () =>
    setState((s) => (s.preview || s.committed ? { ...s, preview: null, committed: null } : s));

  return { ...state, run, reset };
}
