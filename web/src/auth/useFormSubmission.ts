import { useLayoutEffect, useRef, useState } from "react";
import { ApiError } from "../api";
import { t } from "../i18n/es-CL";
import { fieldErrorsFrom, firstInvalid, type FieldErrors } from "./validation";

/**
 * The state every account form shares: field errors shown next to their fields, one message
 * for the whole form, and focus moved to the first invalid field or to the message once React
 * has rendered them (a layout effect: whoever sees the message sees it focused).
 */
export function useFormSubmission<F extends string>(fields: readonly F[]) {
  const [errors, setErrors] = useState<FieldErrors<F>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const inputs = useRef<Partial<Record<F, HTMLInputElement | null>>>({});
  const messageRef = useRef<HTMLDivElement>(null);

  // What to focus after the render that shows the errors: a new object each time, so that the
  // same field refused twice is focused twice.
  const [focus, setFocus] = useState<{ target: F | "message" } | null>(null);
  useLayoutEffect(() => {
    if (!focus) return;
    (focus.target === "message" ? messageRef.current : inputs.current[focus.target])?.focus();
  }, [focus]);

  /** Sets a field's ref: `ref={register("password")}`. */
  const register = (field: F) => (element: HTMLInputElement | null) => {
    inputs.current[field] = element;
  };

  /** Shows the errors found before sending; true when there are none. */
  function validate(found: FieldErrors<F>): boolean {
    setErrors(found);
    setMessage(null);
    const invalid = firstInvalid(fields, found);
    if (invalid) setFocus({ target: invalid });
    return invalid === undefined;
  }

  /**
   * Runs the request; on failure shows the server's field errors and its detail (or what
   * `describe` says of the refusal) and returns the refusal, for state of the caller's own.
   */
  async function run(
    send: () => Promise<void>,
    describe?: (refusal: ApiError) => string | undefined,
  ): Promise<ApiError | null> {
    if (submitting) return null;
    setSubmitting(true);
    try {
      await send();
      return null;
    } catch (error) {
      const apiError =
        error instanceof ApiError
          ? error
          : new ApiError({ type: "about:blank", title: String(error), status: 0 });
      const fromServer = fieldErrorsFrom(apiError.problem, fields);
      setErrors(fromServer);
      setMessage(
        describe?.(apiError) ??
          (apiError.status === 404 && !apiError.problem.errors
            ? t("form.error.unavailable")
            : (apiError.problem.detail ?? apiError.problem.title)),
      );
      setFocus({ target: firstInvalid(fields, fromServer) ?? "message" });
      return apiError;
    } finally {
      setSubmitting(false);
    }
  }

  return { errors, message, submitting, register, validate, run, messageRef };
}
