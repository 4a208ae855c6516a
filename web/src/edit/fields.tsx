import type { InputHTMLAttributes, ReactNode } from "react";
import { errorsByPath, type ApiError } from "../api";
import { t } from "../i18n/es-CL";

/** Errors of a failed write by field ("title" → message), and the form-wide message. */
export interface WriteErrors {
  fields: Record<string, string>;
  form: string | null;
}

export const noErrors: WriteErrors = { fields: {}, form: null };

export function writeErrors(error: ApiError): WriteErrors {
  const fields = errorsByPath(error.problem);
  return {
    fields,
    form:
      Object.keys(fields).length > 0
        ? t("edit.error.fields")
        : (error.problem.detail ?? error.problem.title),
  };
}

interface EditFieldProps {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
  /** The control: an <input>, <textarea> or <select> with this id and aria props. */
  children: (props: {
    id: string;
    name: string;
    "aria-invalid"?: true;
    "aria-describedby"?: string;
    required?: boolean;
  }) => ReactNode;
}

/** A labelled control of any kind with its hint and its error right below it. */
export function EditField({ id, label, error, hint, required, children }: EditFieldProps) {
  const describedBy = [hint ? `${id}-ayuda` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={id}>
        {label}
        {required && <span className="field-required"> {t("form.required")}</span>}
      </label>
      {hint && (
        <p id={`${id}-ayuda`} className="field-hint">
          {hint}
        </p>
      )}
      {children({
        id,
        name: id,
        ...(error ? { "aria-invalid": true as const } : {}),
        ...(describedBy ? { "aria-describedby": describedBy } : {}),
        ...(required ? { required: true } : {}),
      })}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * An EditField holding a text input bound to a string (a textarea when it has rows), the most
 * common control of the edit forms.
 */
export function EditInput({
  id,
  label,
  error,
  hint,
  required,
  value,
  onChange,
  rows,
  ...input
}: Omit<EditFieldProps, "children"> &
  Pick<InputHTMLAttributes<HTMLInputElement>, "inputMode" | "type" | "list"> & {
    value: string;
    onChange: (value: string) => void;
    /** A textarea of this many rows instead of an input. */
    rows?: number;
  }) {
  return (
    <EditField id={id} label={label} error={error} hint={hint} required={required}>
      {(props) =>
        rows ? (
          <textarea
            {...props}
            rows={rows}
            value={value}
            onChange={(e) => onChange(e.target.value)}
          />
        ) : (
          <input {...props} {...input} value={value} onChange={(e) => onChange(e.target.value)} />
        )
      }
    </EditField>
  );
}

/** An error under a list or one of its rows. */
export function ListError({ id, message }: { id?: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="field-error">
      {message}
    </p>
  );
}
