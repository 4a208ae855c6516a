import type { ReactNode, RefObject } from "react";
import { FormMessage } from "../components/Form";

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
