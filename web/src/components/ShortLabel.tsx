/**
 * A button text that shows a short verb ("Mover") and is read with what it acts on ("Mover
 * «SECPLA»"): lists of long names stay short on a phone, and each button keeps a unique name.
 */
export function ShortLabel({ short, full }: { short: string; full: string }) {
  return (
    <>
      <span aria-hidden="true">{short}</span>
      <span className="visually-hidden">{full}</span>
    </>
  );
}
