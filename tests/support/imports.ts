import type { FastifyInstance } from "fastify";
import type { z } from "zod";
import type { jobSchema } from "../../src/modules/import/schemas";
import { headersOf, type Session } from "./users";

export type Job = z.infer<typeof jobSchema>;

/** Uploads a workbook as a browser does (multipart, field «file»). */
export function upload(
  app: FastifyInstance,
  session: Session | null,
  cut: string,
  content: Buffer,
  name = "plan.xlsx",
  query = "",
) {
  const boundary = "----rumbo-importacion";
  return app.inject({
    method: "POST",
    url: `/api/municipalities/${cut}/imports${query}`,
    headers: { ...headersOf(session), "content-type": `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
      ),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  });
}

export async function jobOf(
  app: FastifyInstance,
  session: Session,
  cut: string,
  id: string,
): Promise<Job> {
  const res = await app.inject({
    method: "GET",
    url: `/api/municipalities/${cut}/imports/${id}`,
    headers: headersOf(session),
  });
  if (res.statusCode !== 200) throw new Error(`job ${id}: ${res.statusCode} ${res.body}`);
  return res.json() as Job;
}

/** Polls a job until it is no longer reading; returns it with every progress seen. */
export async function settle(app: FastifyInstance, session: Session, cut: string, id: string) {
  const seen: Job["progress"][] = [];
  for (;;) {
    const job = await jobOf(app, session, cut, id);
    seen.push(job.progress);
    if (job.status !== "reading") return { job, seen };
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Uploads and waits for the preview (or the failure). */
export async function preview(
  app: FastifyInstance,
  session: Session,
  cut: string,
  content: Buffer,
  name = "plan.xlsx",
  query = "",
) {
  const res = await upload(app, session, cut, content, name, query);
  if (res.statusCode !== 202) throw new Error(`upload: ${res.statusCode} ${res.body}`);
  return (await settle(app, session, cut, (res.json() as Job).id)).job;
}

export function confirm(
  app: FastifyInstance,
  session: Session,
  cut: string,
  id: string,
  body: object = {},
) {
  return app.inject({
    method: "POST",
    url: `/api/municipalities/${cut}/imports/${id}/confirm`,
    headers: headersOf(session),
    payload: body,
  });
}
