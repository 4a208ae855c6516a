import { Field } from "../components/Form";
import { t } from "../i18n/es-CL";
import { PASSWORD_MIN } from "./validation";

/** The new password, twice (shared by the reset and invitation forms). */
export function NewPasswordFields(props: {
  password: string;
  confirmation: string;
  onPassword: (value: string) => void;
  onConfirmation: (value: string) => void;
  errors: { password?: string | undefined; confirmation?: string | undefined };
  register: (field: "password" | "confirmation") => (element: HTMLInputElement | null) => void;
}) {
  return (
    <>
      <Field
        ref={props.register("password")}
        id="contrasena-nueva"
        label={t("form.newPassword")}
        hint={t("form.newPasswordHint")}
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN}
        value={props.password}
        error={props.errors.password}
        onChange={(event) => props.onPassword(event.target.value)}
      />
      <Field
        ref={props.register("confirmation")}
        id="contrasena-repetida"
        label={t("form.confirmPassword")}
        type="password"
        autoComplete="new-password"
        required
        value={props.confirmation}
        error={props.errors.confirmation}
        onChange={(event) => props.onConfirmation(event.target.value)}
      />
    </>
  );
}
