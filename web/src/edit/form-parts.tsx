import { useRef, useState, type FormEvent, type ReactNode, type RefObject } from "react";
import { asApiError, type ApiError } from "../api";
import { FormMessage } from "../components/Form";
import { ShortLabel } from "../components/ShortLabel";
import { t } from "../i18n/es-CL";
import { noErrors, writeErrors, type WriteErrors } from "./fields";

/** The parts the edit forms share: their buttons, a delete confirmation, and a write's state. */

/** "Cancelar", beside a form's own buttons. */
export function CancelButton({ onClick }: { onClick: () => void }) {
  return (
    <button type="button" className="button button-secondary" onClick={onClick}>
      {t("edit.cancel")}
    </button>
  );
}

/** A form's submit button and "Cancelar". */
export function FormActions({
  submit,
  disabled,
  onCancel,
}: {
  submit: string;
  disabled: boolean;
  onCancel: () => void;
}) {
  return (
    <div className="form-actions">
      <button type="submit" className="button" disabled={disabled}>
        {submit}
      </button>
      <CancelButton onClick={onCancel} />
    </div>
  );
}

/** A small button that opens or closes a panel below it, named after what it acts on. */
export function ToggleButton({
  expanded,
  onClick,
  short,
  full,
}: {
  expanded: boolean;
  onClick: () => void;
  short: string;
  full: string;
}) {
  return (
    <button
      type="button"
      className="button button-secondary button-small"
      aria-expanded={expanded}
      onClick={onClick}
    >
      <ShortLabel short={short} full={full} />
    </button>
  );
}

/** A delete confirmation: what will go (children), then "Eliminar" and "Cancelar". */
export function ConfirmDelete({
  label,
  labelledBy,
  disabled,
  onConfirm,
  onCancel,
  children,
}: {
  /** The group's name, or the id of its heading. */
  label?: string;
  labelledBy?: string;
  disabled: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  return (
    <div
      className="edit-form danger-zone"
      role="group"
      aria-label={label}
      aria-labelledby={labelledBy}
    >
      {children}
      <div className="form-actions">
        <button
          type="button"
          className="button button-danger"
          disabled={disabled}
          onClick={onConfirm}
        >
          {t("edit.deleteSubmit")}
        </button>
        <CancelButton onClick={onCancel} />
      </div>
    </div>
  );
}

/**
 * A write's state in an edit form: its errors, busy while it is sent, and the form's message
 * (ref for FormMessage), which gets the focus when the write fails.
 */
export function useWrite() {
  const [errors, setErrors] = useState<WriteErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const message = useRef<HTMLDivElement>(null);

  /** Shows errors found before or after sending, and moves the focus to the message. */
  const fail = (next: WriteErrors) => {
    setErrors(next);
    message.current?.focus();
  };

  /** Sends; a failure shows what `failed` makes of it (by default its field errors). */
  const send = async (
    write: () => Promise<void>,
    failed: (error: ApiError) => WriteErrors = writeErrors,
  ) => {
    setBusy(true);
    try {
      await write();
    } catch (error) {
      fail(failed(asApiError(error)));
    } finally {
      setBusy(false);
    }
  };

  return { errors, setErrors, busy, setBusy, message, fail, send };
}

/**
 * An edit form: its heading (when it has one; else labelledBy names a heading outside), the
 * message that announces what went wrong, then its fields and buttons.
 */
export function EditForm({
  labelledBy,
  heading,
  onSubmit,
  message,
  error,
  children,
}: {
  labelledBy: string;
  heading?: string;
  onSubmit: (event: FormEvent) => unknown;
  message: RefObject<HTMLDivElement | null>;
  error: ReactNode;
  children: ReactNode;
}) {
  return (
    <form
      className="form edit-form"
      onSubmit={(e) => void onSubmit(e)}
      noValidate
      aria-labelledby={labelledBy}
    >
      {heading && <h3 id={labelledBy}>{heading}</h3>}
      <FormMessage ref={message} tone="error">
        {error}
      </FormMessage>
      {children}
    </form>
  );
}
