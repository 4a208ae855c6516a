import { useEffect } from "react";
import { t } from "../i18n/es-CL";

/** Sets the tab title to "<page> · Rumbo" (or just "Rumbo"). */
export function useDocumentTitle(page: string | null): void {
  useEffect(() => {
    document.title = page ? t("app.documentTitle", { page }) : t("app.name");
  }, [page]);
}
