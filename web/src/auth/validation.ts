import type { Problem } from "../api";
import { t } from "../i18n/es-CL";

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

/** The same rule as the server: at least 10 characters, at most 200, nothing else. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

export function emailError(email: string): string | undefined {
  const value = email.trim();
  if (!value) return t("form.error.emailMissing");
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return t("form.error.emailInvalid");
  return undefined;
}

export function newPasswordError(password: string): string | undefined {
  if (password.length < PASSWORD_MIN) return t("form.error.passwordShort");
  if (password.length > PASSWORD_MAX) return t("form.error.passwordLong");
  return undefined;
}

export function confirmationError(password: string, confirmation: string): string | undefined {
  return password === confirmation ? undefined : t("form.error.passwordMismatch");
}

/** A new password and its repetition; the repetition is checked once the password is valid. */
export function newPasswordErrors(
  password: string,
  confirmation: string,
): { password: string | undefined; confirmation: string | undefined } {
  const error = newPasswordError(password);
  return {
    password: error,
    confirmation: error ? undefined : confirmationError(password, confirmation),
  };
}

/** Field errors of a 400 problem document ("body.password" → password), for known fields. */
export function fieldErrorsFrom<F extends string>(
  problem: Problem,
  fields: readonly F[],
): FieldErrors<F> {
  const errors: FieldErrors<F> = {};
  for (const error of problem.errors ?? []) {
    const name = error.path.replace(/^body\./, "").split(".")[0];
    const field = fields.find((f) => f === name);
    if (field && !errors[field]) errors[field] = error.message;
  }
  return errors;
}

/** The first field, in form order, that has an error. */
export function firstInvalid<F extends string>(
  order: readonly F[],
  errors: FieldErrors<F>,
): F | undefined {
  return order.find((field) => errors[field]);
}
