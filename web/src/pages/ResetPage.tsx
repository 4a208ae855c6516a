import { useLayoutEffect, useRef, useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { api, routes, sendJson } from "../api";
import { useFormSubmission } from "../auth/useFormSubmission";
import { emailError, newPasswordErrors } from "../auth/validation";
import { AuthCard, AuthMessage, AuthSubmit, EmailField } from "../auth/AuthCard";
import { NewPasswordFields } from "../auth/NewPasswordFields";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { t } from "../i18n/es-CL";
import type { LoginNotice } from "./LoginPage";
import "../styles/forms.css";

/** /restablecer: ask for a reset link; /restablecer?token=…: choose the new password. */
export default function ResetPage() {
  const [params] = useSearchParams();
  const token = params.get("token");
  return token ? <NewPassword token={token} /> : <RequestLink />;
}

const REQUEST_FIELDS = ["email"] as const;

function RequestLink() {
  useDocumentTitle(t("reset.title"));
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const form = useFormSubmission(REQUEST_FIELDS);
  const sentRef = useRef<HTMLDivElement>(null);
  // The confirmation takes the focus as it appears, so screen readers read it.
  useLayoutEffect(() => {
    if (sent) sentRef.current?.focus();
  }, [sent]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!form.validate({ email: emailError(email) })) return;
    await form.run(async () => {
      await sendJson("POST", api.passwordReset(), { email: email.trim() });
      setSent(true);
    });
  }

  return (
    <AuthCard title={t("reset.title")}>
      {sent ? (
        <>
          <div ref={sentRef} tabIndex={-1} role="status" className="form-message form-message-info">
            <p>{t("reset.sent")}</p>
          </div>
          <p>
            <Link to={routes.login()}>{t("reset.backToLogin")}</Link>
          </p>
        </>
      ) : (
        <>
          <p className="muted">{t("reset.intro")}</p>
          <AuthMessage form={form} />
          <form className="form" onSubmit={submit} noValidate>
            <EmailField
              ref={form.register("email")}
              hint={t("form.emailHint")}
              autoComplete="email"
              value={email}
              error={form.errors.email}
              onChange={setEmail}
            />
            <AuthSubmit
              submitting={form.submitting}
              label={t("reset.submit")}
              busyLabel={t("reset.submitting")}
            >
              <Link to={routes.login()}>{t("reset.backToLogin")}</Link>
            </AuthSubmit>
          </form>
        </>
      )}
    </AuthCard>
  );
}

const NEW_PASSWORD_FIELDS = ["password", "confirmation"] as const;

function NewPassword({ token }: { token: string }) {
  useDocumentTitle(t("reset.newTitle"));
  const navigate = useNavigate();
  const [password, setPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const form = useFormSubmission(NEW_PASSWORD_FIELDS);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const valid = form.validate(newPasswordErrors(password, confirmation));
    if (!valid) return;
    await form.run(async () => {
      await sendJson("POST", api.passwordResetConfirm(), { token, password });
      const state: LoginNotice = { notice: t("reset.done") };
      navigate(routes.login(), { replace: true, state });
    });
  }

  return (
    <AuthCard title={t("reset.newTitle")}>
      <p className="muted">{t("reset.newIntro")}</p>
      <AuthMessage form={form}>
        <p>
          <Link to={routes.passwordReset()}>{t("reset.requestAgain")}</Link>
        </p>
      </AuthMessage>
      <form className="form" onSubmit={submit} noValidate>
        <NewPasswordFields
          password={password}
          confirmation={confirmation}
          onPassword={setPassword}
          onConfirmation={setConfirmation}
          errors={form.errors}
          register={form.register}
        />
        <AuthSubmit
          submitting={form.submitting}
          label={t("reset.save")}
          busyLabel={t("reset.saving")}
        />
      </form>
    </AuthCard>
  );
}
