/** URLs of the import API and page, spelled once. */
const base = (cut: string) => `/api/municipalities/${encodeURIComponent(cut)}/imports`;

export const importApi = {
  upload: (cut: string, planId: string | null) =>
    `${base(cut)}${planId ? `?planId=${encodeURIComponent(planId)}` : ""}`,
  job: (cut: string, jobId: string) => `${base(cut)}/${encodeURIComponent(jobId)}`,
  confirm: (cut: string, jobId: string) => `${base(cut)}/${encodeURIComponent(jobId)}/confirm`,
};

export const importRoute = (cut: string) => `/m/${cut}/importar`;
