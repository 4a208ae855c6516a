import { useState, type FormEvent } from "react";
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from "react-router-dom";
import { routes, safeReturnPath } from "../api";
import { AuthCard, AuthMessage, AuthSubmit, EmailField } from "../auth/AuthCard";
import { useSession } from "../auth/session";
import { useFormSubmission } from "../auth/useFormSubmission";
import { emailError } from "../auth/validation";
import { Field } from "../components/Form";
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
  const [throttled, setThrottled] = useState(false);
  const [justSignedIn, setJustSignedIn] = useState(false);
  const form = useFormSubmission(FIELDS);

  // Someone already signed in who opens /ingresar goes on to where they were headed.
  if (session.state.status === "signed-in" && !justSignedIn) return <Navigate to={back} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (form.submitting) return;
    setThrottled(false);
    const valid = form.validate({
      email: emailError(email),
      password: password ? undefined : t("form.error.passwordMissing"),
    });
    if (!valid) return;
    const refused = await form.run(
      async () => {
        await session.login(email.trim(), password);
        setJustSignedIn(true);
        navigate(back, { replace: true });
      },
      (refusal) =>
        refusal.status === 429
          ? tp(
              "login.throttled",
              Math.max(1, Math.ceil((refusal.retryAfter ?? DEFAULT_WAIT_SECONDS) / 60)),
            )
          : (refusal.problem.detail ?? refusal.problem.title),
    );
    if (refused) {
      setThrottled(refused.status === 429);
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
      <AuthMessage form={form}>
        {throttled && (
          <p>
            <Link to={routes.passwordReset()}>{t("reset.title")}</Link>
          </p>
        )}
      </AuthMessage>
      <form className="form" onSubmit={submit} noValidate>
        <EmailField
          ref={form.register("email")}
          autoComplete="username"
          value={email}
          error={form.errors.email}
          onChange={setEmail}
        />
        <Field
          ref={form.register("password")}
          id="contrasena"
          label={t("form.password")}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          error={form.errors.password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <AuthSubmit
          submitting={form.submitting}
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
