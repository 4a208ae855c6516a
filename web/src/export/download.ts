import { ApiError, type Problem } from "../api";
import { t } from "../i18n/es-CL";

/** The file name of a Content-Disposition header (the UTF-8 one when sent). */
export function fileNameOf(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (utf8?.[1]) {
    try {
      return decodeURIComponent(utf8[1]);
    } catch {
      // A malformed encoding: fall through to the plain name.
    }
  }
  return /filename="([^"]+)"/i.exec(header)?.[1] ?? fallback;
}

/**
 * Downloads an API file as the browser's own download (the server's file name), reading it with
 * fetch first so that a refusal or a failure shows as a message instead of a broken file.
 * Resolves to the file name.
 */
export async function downloadFile(path: string, fallback: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: "same-origin" });
  } catch {
    throw new ApiError({
      type: "about:blank",
      title: t("state.error.title"),
      status: 0,
      detail: t("state.error.network"),
    });
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as Problem | null;
    throw new ApiError(
      body && typeof body.title === "string"
        ? body
        : {
            type: "about:blank",
            title: t("state.error.title"),
            status: response.status,
            detail: t("state.error.unexpected", { status: response.status }),
          },
    );
  }
  const name = fileNameOf(response.headers.get("content-disposition"), fallback);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: the browser reads the blob after the click returns.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}
