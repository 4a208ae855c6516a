import { ApiError, currentCsrfToken, type Problem } from "../api";
import { t } from "../i18n/es-CL";
import type { Evidence } from "../types";

/**
 * Uploads a file (multipart, field «file») with XMLHttpRequest, the only browser API that
 * reports upload progress. Carries the session's CSRF token like every other write.
 */
export function uploadEvidence(
  url: string,
  file: File,
  onProgress: (share: number) => void,
): Promise<Evidence> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", url);
    request.withCredentials = true;
    request.setRequestHeader("accept", "application/json");
    const token = currentCsrfToken();
    if (token) request.setRequestHeader("x-csrf-token", token);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = null;
      }
      if (request.status >= 200 && request.status < 300) {
        onProgress(1);
        resolve(body as Evidence);
        return;
      }
      const problem =
        body && typeof body === "object" && "title" in body
          ? (body as Problem)
          : {
              type: "about:blank",
              title: t("state.error.title"),
              status: request.status,
              detail: t("state.error.unexpected", { status: request.status }),
            };
      reject(new ApiError(problem));
    };
    request.onerror = () =>
      reject(
        new ApiError({
          type: "about:blank",
          title: t("state.error.title"),
          status: 0,
          detail: t("state.error.network"),
        }),
      );
    const form = new FormData();
    form.append("file", file);
    request.send(form);
  });
}
