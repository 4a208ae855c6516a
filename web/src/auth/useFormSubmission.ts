import { useRef, useState } from "react";
import { ApiError } from "../api";
import { t } from "../i18n/es-CL";
import { fieldErrorsFrom, firstInvalid, type FieldErrors } from "./validation";

/**
 * The state every account form shares: field errors shown next to their fields, one message
 * for the whole form, and focus moved to the first invalid field or to the message.
 */
export function useFormSubmission<F extends string>(fields: readonly F[]) {
  const [errors, setErrors] = useState<FieldErrors<F>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const inputs = useRef<Partial<Record<F, HTMLInputElement | null>>>({});
  const messageRef = useRef<HTMLDivElement>(null);

  const focusLater = (element: HTMLElement | null | undefined) =>
    requestAnimationFrame(() => element?.focus());

  /** Sets a field's ref: `ref={register("password")}`. */
  const register = (field: F) => (element: HTMLInputElement | null) => {
    inputs.current[field] = element;
  };

  /** Shows the errors found before sending; true when there are none. */
  function validate(found: FieldErrors<F>): boolean {
    setErrors(found);
    setMessage(null);
    const invalid = firstInvalid(fields, found);
    if (invalid) focusLater(inputs.current[invalid]);
    return invalid === undefined;
  }

  /** Runs the request; on failure shows the server's field errors and detail. */
  async function run(send: () => Promise<void>): Promise<void> {
    if (submitting) return;
    setSubmitting(true);
    try {
      await send();
    } catch (error) {
      const apiError =
        error instanceof ApiError
          ? error
          : new ApiError({ type: "about:blank", title: String(error), status: 0 });
      const fromServer = fieldErrorsFrom(apiError.problem, fields);
      setErrors(fromServer);
      setMessage(
        apiError.status === 404 && !apiError.problem.errors
          ? t("form.error.unavailable")
          : (apiError.problem.detail ?? apiError.problem.title),
      );
      const invalid = firstInvalid(fields, fromServer);
      focusLater(invalid ? inputs.current[invalid] : messageRef.current);
    } finally {
      setSubmitting(false);
    }
  }

  return { errors, message, submitting, register, validate, run, messageRef };
}
