import type { ReactNode } from "react";
import { t } from "../i18n/es-CL";
import { ListError } from "./fields";

/** The row at i replaced by its change, the others as they are. */
export function updateRow<R>(rows: readonly R[], i: number, change: Partial<R>): R[] {
  return rows.map((row, k) => (k === i ? { ...row, ...change } : row));
}

/** The rows without the one at i. */
export function withoutRow<R>(rows: readonly R[], i: number): R[] {
  return rows.filter((_, k) => k !== i);
}

/** A row's "quitar" button, named after what it removes. */
export function RemoveButton({
  name,
  onClick,
  className = "button button-secondary button-small links-remove",
}: {
  name: string;
  onClick: () => void;
  className?: string;
}) {
  return (
    <button type="button" className={className} onClick={onClick}>
      {t("itemLinks.remove", { name })}
    </button>
  );
}

/**
 * A list edited in place (funding rows, SDGs, period targets): each row a labelled group of
 * fields with its "quitar" button, the list's error below the rows, then the "agregar" button.
 */
export function EditableRows<R extends { key: string | number }>({
  rows,
  onChange,
  empty,
  label,
  removeName,
  error,
  errorId,
  addLabel,
  newRow,
  children,
}: {
  rows: readonly R[];
  onChange: (rows: R[]) => void;
  /** Shown when there are no rows. */
  empty?: string;
  /** The row's group label, and the name its "quitar" button says. */
  label: (row: R, i: number) => string;
  removeName?: (row: R, i: number) => string;
  error: string | undefined;
  errorId?: string;
  addLabel: string;
  newRow: () => R;
  /** The row's fields; update merges a change into the row. */
  children: (row: R, i: number, update: (change: Partial<R>) => void) => ReactNode;
}) {
  return (
    <>
      {empty && rows.length === 0 && <p className="muted">{empty}</p>}
      {rows.map((row, i) => (
        <div key={row.key} className="links-row" role="group" aria-label={label(row, i)}>
          {children(row, i, (change) => onChange(updateRow(rows, i, change)))}
          <RemoveButton
            name={(removeName ?? label)(row, i)}
            onClick={() => onChange(withoutRow(rows, i))}
          />
        </div>
      ))}
      <ListError id={errorId} message={error} />
      <button
        type="button"
        className="button button-secondary"
        onClick={() => onChange([...rows, newRow()])}
      >
        {addLabel}
      </button>
    </>
  );
}
