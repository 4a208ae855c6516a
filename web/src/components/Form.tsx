import { forwardRef, type InputHTMLAttributes, type ReactNode } from "react";
import { t } from "../i18n/es-CL";

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "aria-invalid"> {
  id: string;
  label: string;
  hint?: string;
  /** Shown next to the field and read with it (aria-describedby). */
  error?: string | undefined;
}

/** A labelled text input with an optional hint and its error message right below it. */
export const Field = forwardRef<HTMLInputElement, FieldProps>(function Field(
  { id, label, hint, error, required, ...input },
  ref,
) {
  const hintId = `${id}-ayuda`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ");
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={id}>
        {label}
        {required && <span className="field-required"> {t("form.required")}</span>}
      </label>
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      <input
        ref={ref}
        id={id}
        name={id}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        {...input}
      />
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
});

/**
 * The form's message area: always in the page so that screen readers announce what appears in
 * it (role=alert for errors, role=status for confirmations). Focusable, so that the form can
 * move focus to it after a failed submission.
 */
export const FormMessage = forwardRef<
  HTMLDivElement,
  { tone: "error" | "info"; children?: ReactNode }
>(function FormMessage({ tone, children }, ref) {
  const empty = children === undefined || children === null || children === false;
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role={tone === "error" ? "alert" : "status"}
      className={empty ? "form-message-empty" : `form-message form-message-${tone}`}
    >
      {children}
    </div>
  );
});
