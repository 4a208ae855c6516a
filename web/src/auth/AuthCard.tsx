import { forwardRef, type ReactNode, type RefObject } from "react";
import { Field, FormMessage } from "../components/Form";
import { t } from "../i18n/es-CL";

/** The card of the account pages (sign in, reset, invitation): a title above its content. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="container auth">
      <div className="auth-card">
        <h1>{title}</h1>
        {children}
      </div>
    </div>
  );
}

/**
 * An account form's submit button, aria-disabled rather than disabled while it is sent (it
 * keeps its focus), with the links beside it.
 */
export function AuthSubmit({
  submitting,
  label,
  busyLabel,
  children,
}: {
  submitting: boolean;
  label: string;
  busyLabel: string;
  children?: ReactNode;
}) {
  return (
    <div className="form-actions">
      <button type="submit" className="button" aria-disabled={submitting || undefined}>
        {submitting ? busyLabel : label}
      </button>
      {children}
    </div>
  );
}

/** The account form's message for the whole form (useFormSubmission), with what may follow it. */
export function AuthMessage({
  form,
  children,
}: {
  form: { message: string | null; messageRef: RefObject<HTMLDivElement | null> };
  children?: ReactNode;
}) {
  return (
    <FormMessage tone="error" ref={form.messageRef}>
      {form.message && (
        <>
          <p>{form.message}</p>
          {children}
        </>
      )}
    </FormMessage>
  );
}

/** The e-mail address of an account form. */
export const EmailField = forwardRef<
  HTMLInputElement,
  {
    hint?: string;
    autoComplete: "email" | "username";
    value: string;
    error: string | undefined;
    onChange: (value: string) => void;
  }
>(function EmailField({ hint, autoComplete, value, error, onChange }, ref) {
  return (
    <Field
      ref={ref}
      id="correo"
      label={t("form.email")}
      hint={hint}
      type="email"
      autoComplete={autoComplete}
      inputMode="email"
      spellCheck={false}
      autoCapitalize="none"
      required
      value={value}
      error={error}
      onChange={(event) => onChange(event.target.value)}
    />
  );
});
