import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Fastify, { type FastifyInstance } from "fastify";
import fastifyHelmet from "@fastify/helmet";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { z } from "zod";
import type { Kysely } from "kysely";
import type { Engine } from "../db/connection";
import type { Database } from "../db/schema";
import { authPlugin } from "./auth-plugin";
import { HttpProblem, problemType, type ProblemDocument } from "./problem";
import { API_ROUTES } from "./routes";
import { mapConfigOf, tileOrigins } from "../modules/map/config";
import type { MapConfig } from "../modules/map/schemas";

z.config(z.locales.es());

declare module "fastify" {
  interface FastifyInstance {
    db: Kysely<Database>;
    engine: Engine;
    /** Where people reach Rumbo (PUBLIC_URL): the base of links in e-mails. */
    publicUrl: string;
    /** Every route registered, for the isolation probes and the OpenAPI check. */
    routeList: Array<{ method: string; url: string }>;
    /** The map's basemap (GET /api/map/config). */
    mapConfig: MapConfig;
  }
}

export const WEB_DIST = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../dist/web",
);

export interface AppOptions {
  db: Kysely<Database>;
  engine: Engine;
  logLevel?: string;
  /** Folder of the built web app; served at / when it exists. */
  webDist?: string;
  /** Base of links in e-mails (config.publicUrl). */
  publicUrl?: string;
  /** Basemap tiles (config.mapTileUrl): undefined → OpenStreetMap, null → none. */
  mapTileUrl?: string | null;
  mapTileAttribution?: string | null;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: options.logLevel ?? "info" },
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
  }).withTypeProvider<ZodTypeProvider>();

  app.decorate("db", options.db);
  app.decorate("engine", options.engine);
  app.decorate("publicUrl", options.publicUrl ?? "http://127.0.0.1:3000");
  app.decorate("routeList", []);
  const map = mapConfigOf(options);
  app.decorate("mapConfig", map);
  app.addHook("onRoute", (route) => {
    for (const method of [route.method].flat())
      if (method !== "HEAD") app.routeList.push({ method, url: route.url });
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // MapLibre GL: tiles are fetched (connect) and drawn (img); its workers come from blob:.
        imgSrc: ["'self'", "data:", "blob:", ...tileOrigins(map)],
        connectSrc: ["'self'", ...tileOrigins(map)],
        workerSrc: ["'self'", "blob:"],
        childSrc: ["blob:"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    crossOriginEmbedderPolicy: false,
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "Rumbo API",
        description:
          "API de Rumbo: planes de desarrollo comunal, su árbol de iniciativas, indicadores y datos de referencia.",
        version: "0.1.0",
        license: { name: "AGPL-3.0-or-later" },
      },
      servers: [{ url: "/" }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });

  // Every answer names its request, so that a person can find its log lines and audit rows.
  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });

  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    let problem: ProblemDocument;
    if (hasZodFastifySchemaValidationErrors(error)) {
      problem = {
        type: problemType(400),
        title: "Solicitud inválida",
        status: 400,
        detail: "Uno o más campos no son válidos.",
        errors: error.validation.map((v) => ({
          path: [error.validationContext, v.instancePath.replace(/^\//, "").replace(/\//g, ".")]
            .filter(Boolean)
            .join("."),
          message: v.message ?? "valor inválido",
        })),
      };
    } else if (error instanceof HttpProblem) {
      problem = {
        type: problemType(error.status),
        title: error.title,
        status: error.status,
        ...(error.detail ? { detail: error.detail } : {}),
        ...(error.errors ? { errors: error.errors } : {}),
        ...(error.current !== undefined ? { current: error.current } : {}),
      };
    } else if (
      typeof error.statusCode === "number" &&
      error.statusCode >= 400 &&
      error.statusCode < 500
    ) {
      const status = error.statusCode;
      problem = {
        type: problemType(status),
        title: status === 413 ? "Solicitud demasiado grande" : "Solicitud inválida",
        status,
        detail:
          status === 413 ? "El cuerpo de la solicitud excede el tamaño permitido." : error.message,
      };
    } else {
      request.log.error({ err: error }, "unhandled error");
      problem = {
        type: problemType(500),
        title: "Error interno",
        status: 500,
        detail:
          "Ocurrió un error inesperado. El equipo puede buscarlo con el identificador de la solicitud.",
      };
    }
    problem.instance = request.url;
    if (problem.status < 500)
      // Every refusal is logged: who, what, and why (no bodies, no secrets).
      request.log.warn(
        {
          status: problem.status,
          method: request.method,
          url: request.url,
          user: request.principal?.email ?? null,
        },
        `refused: ${problem.title}`,
      );
    return reply
      .status(problem.status)
      .header("content-type", "application/problem+json; charset=utf-8")
      .header("x-request-id", request.id)
      .serializer(JSON.stringify)
      .send(problem);
  });

  await app.register(authPlugin);

  await app.register(
    async (api) => {
      for (const routes of API_ROUTES) await api.register(routes);
      api.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
    },
    { prefix: "/api" },
  );

  const webDist = options.webDist ?? WEB_DIST;
  const hasWeb = fs.existsSync(path.join(webDist, "index.html"));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false, index: false });
  }

  app.setNotFoundHandler((request, reply) => {
    // The web app routes in the browser: every non-API GET gets its page.
    if (hasWeb && request.method === "GET" && !request.url.startsWith("/api/")) {
      return reply.type("text/html; charset=utf-8").sendFile("index.html");
    }
    return reply
      .status(404)
      .header("content-type", "application/problem+json; charset=utf-8")
      .serializer(JSON.stringify)
      .send({
        type: problemType(404),
        title: "No encontrado",
        status: 404,
        detail: `No existe el recurso ${request.method} ${request.url.split("?")[0]}.`,
        instance: request.url,
      } satisfies ProblemDocument);
  });

  return app;
}
