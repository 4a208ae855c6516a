import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from "react-router-dom";
import { ApiError, routes, safeReturnPath } from "../api";
import { AuthCard, AuthSubmit, EmailField } from "../auth/AuthCard";
import { useSession } from "../auth/session";
import { emailError, firstInvalid, fieldErrorsFrom, type FieldErrors } from "../auth/validation";
import { Field, FormMessage } from "../components/Form";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { t, tp } from "../i18n/es-CL";
import "../styles/forms.css";

type LoginField = "email" | "password";
const FIELDS: readonly LoginField[] = ["email", "password"];
/** The server's window when it does not say (Retry-After missing): 15 minutes. */
const DEFAULT_WAIT_SECONDS = 15 * 60;

/** A message left by the page that sent the visitor here (e.g. after a password reset). */
export interface LoginNotice {
  notice?: string;
}

/** A refused sign-in: the message, and the field the server named (focused) if any. */
interface Failure {
  text: string;
  throttled: boolean;
  field: LoginField | undefined;
}

export default function LoginPage() {
  useDocumentTitle(t("login.title"));
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const back = safeReturnPath(params.get("volver"));
  const notice = (location.state as LoginNotice | null)?.notice;

  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<FieldErrors<LoginField>>({});
  const [failure, setFailure] = useState<Failure | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [justSignedIn, setJustSignedIn] = useState(false);
  const emailInput = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);
  const inputs = { email: emailInput, password: passwordInput };
  const messageRef = useRef<HTMLDivElement>(null);

  // After a refusal, focus the message (screen readers then read it) or the field the server
  // refused, once React has rendered them.
  useEffect(() => {
    if (!failure) return;
    const target =
      failure.field === "email" ? emailInput : failure.field ? passwordInput : messageRef;
    target.current?.focus();
  }, [failure]);

  // Someone already signed in who opens /ingresar goes on to where they were headed.
  if (session.state.status === "signed-in" && !justSignedIn) return <Navigate to={back} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (submitting) return;
    const found: FieldErrors<LoginField> = {
      email: emailError(email),
      password: password ? undefined : t("form.error.passwordMissing"),
    };
    setErrors(found);
    setFailure(null);
    const invalid = firstInvalid(FIELDS, found);
    if (invalid) {
      inputs[invalid].current?.focus();
      return;
    }
    setSubmitting(true);
    try {
      await session.login(email.trim(), password);
      setJustSignedIn(true);
      navigate(back, { replace: true });
    } catch (error) {
      setSubmitting(false);
      const apiError =
        error instanceof ApiError
          ? error
          : new ApiError({ type: "about:blank", title: String(error), status: 0 });
      const fromServer = fieldErrorsFrom(apiError.problem, FIELDS);
      setErrors(fromServer);
      const field = firstInvalid(FIELDS, fromServer);
      if (apiError.status === 429) {
        const minutes = Math.max(1, Math.ceil((apiError.retryAfter ?? DEFAULT_WAIT_SECONDS) / 60));
        setFailure({ text: tp("login.throttled", minutes), throttled: true, field });
      } else {
        setFailure({
          text: apiError.problem.detail ?? apiError.problem.title,
          throttled: false,
          field,
        });
      }
      setPassword("");
    }
  }

  return (
    <AuthCard title={t("login.title")}>
      <p className="muted">{t("login.intro")}</p>
      {notice && (
        <p role="status" className="form-message form-message-info">
          {notice}
        </p>
      )}
      <FormMessage tone="error" ref={messageRef}>
        {failure && (
          <>
            <p>{failure.text}</p>
            {failure.throttled && (
              <p>
                <Link to={routes.passwordReset()}>{t("reset.title")}</Link>
              </p>
            )}
          </>
        )}
      </FormMessage>
      <form className="form" onSubmit={submit} noValidate>
        <EmailField
          ref={inputs.email}
          autoComplete="username"
          value={email}
          error={errors.email}
          onChange={setEmail}
        />
        <Field
          ref={inputs.password}
          id="contrasena"
          label={t("form.password")}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          error={errors.password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <AuthSubmit
          submitting={submitting}
          label={t("login.submit")}
          busyLabel={t("login.submitting")}
        >
          <Link to={routes.passwordReset()}>{t("login.forgot")}</Link>
        </AuthSubmit>
      </form>
      <p className="muted small auth-footnote">{t("login.publicNote")}</p>
    </AuthCard>
  );
}
