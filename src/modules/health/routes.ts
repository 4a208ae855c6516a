import { sql } from "kysely";
import { z } from "zod";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";

const healthSchema = z.object({
  status: z.literal("ok"),
  database: z.enum(["pglite", "postgres"]),
});

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/health",
    {
      schema: {
        summary: "Estado del servicio y del motor de base de datos",
        tags: ["sistema"],
        response: { 200: healthSchema },
      },
    },
    async () => {
      await sql`select 1`.execute(app.db);
      return { status: "ok" as const, database: app.engine };
    },
  );
};
