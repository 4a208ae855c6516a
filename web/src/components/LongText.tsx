import { useId, useState } from "react";
import { t } from "../i18n/es-CL";
import { paragraphs } from "../i18n/format";

/** Text with its paragraphs kept; when long, only the first paragraph(s) until "Leer más". */
export function LongText({ text, collapseAfter = 0 }: { text: string; collapseAfter?: number }) {
  const parts = paragraphs(text);
  const [open, setOpen] = useState(false);
  const id = useId();
  let visibleCount = parts.length;
  if (collapseAfter > 0 && text.length > collapseAfter && parts.length > 1) {
    visibleCount = 0;
    let length = 0;
    while (
      visibleCount < parts.length &&
      (visibleCount === 0 || length + (parts[visibleCount]?.length ?? 0) <= collapseAfter)
    ) {
      length += parts[visibleCount]?.length ?? 0;
      visibleCount += 1;
    }
  }
  const collapsible = visibleCount < parts.length;
  const shown = collapsible && !open ? parts.slice(0, visibleCount) : parts;
  return (
    <div className="prose">
      <div id={id}>
        {shown.map((part, index) => (
          <p key={index}>{part}</p>
        ))}
      </div>
      {collapsible && (
        <button
          type="button"
          className="link-button"
          aria-expanded={open}
          aria-controls={id}
          onClick={() => setOpen(!open)}
        >
          {open ? t("common.readLess") : t("common.readMore")}
        </button>
      )}
    </div>
  );
}
