import { useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { api, routes, sendJson } from "../api";
import { AuthCard, AuthMessage, AuthSubmit } from "../auth/AuthCard";
import { NewPasswordFields } from "../auth/NewPasswordFields";
import { useSession } from "../auth/session";
import { useFormSubmission } from "../auth/useFormSubmission";
import { newPasswordErrors } from "../auth/validation";
import { Field } from "../components/Form";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { t } from "../i18n/es-CL";
import type { Me } from "../types";
import "../styles/forms.css";

const FIELDS = ["displayName", "password", "confirmation"] as const;

/** /invitacion?token=…: a person invited by e-mail chooses a name and password, and is in. */
export default function InvitationPage() {
  useDocumentTitle(t("invitation.title"));
  const [params] = useSearchParams();
  const token = params.get("token");
  const session = useSession();
  const navigate = useNavigate();
  const [displayName, setDisplayName] = useState("");
  const [password, setPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const form = useFormSubmission(FIELDS);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!token) return;
    const valid = form.validate({
      displayName: displayName.trim() ? undefined : t("form.error.displayNameMissing"),
      ...newPasswordErrors(password, confirmation),
    });
    if (!valid) return;
    await form.run(async () => {
      const me = await sendJson<Me>("POST", api.acceptInvitation(), {
        token,
        password,
        displayName: displayName.trim(),
      });
      session.adopt(me);
      navigate(routes.home(), { replace: true });
    });
  }

  return (
    <AuthCard title={t("invitation.title")}>
      {!token ? (
        <>
          <p role="alert" className="form-message form-message-error">
            {t("invitation.missingToken")}
          </p>
          <p>
            <Link to={routes.home()}>{t("state.error.goHome")}</Link>
          </p>
        </>
      ) : (
        <>
          <p className="muted">{t("invitation.intro")}</p>
          <p className="muted small">{t("invitation.existingAccount")}</p>
          <AuthMessage form={form} />
          <form className="form" onSubmit={submit} noValidate>
            <Field
              ref={form.register("displayName")}
              id="nombre"
              label={t("form.displayName")}
              hint={t("form.displayNameHint")}
              autoComplete="name"
              required
              maxLength={120}
              value={displayName}
              error={form.errors.displayName}
              onChange={(event) => setDisplayName(event.target.value)}
            />
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
              label={t("invitation.submit")}
              busyLabel={t("invitation.submitting")}
            />
          </form>
        </>
      )}
    </AuthCard>
  );
}
