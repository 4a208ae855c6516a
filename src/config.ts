import path from "node:path";
import { z } from "zod";

/**
 * Configuration read from the environment once, at start-up, with messages a
 * person understands. Nothing else in the code reads process.env.
 */
const envSchema = z.object({
  DATA_DIR: z.string().min(1, "DATA_DIR no puede estar vacío").default("./data"),
  DATABASE_URL: z
    .string()
    .regex(
      /^postgres(ql)?:\/\/.+/,
      "DATABASE_URL debe ser una URL de PostgreSQL (postgres://usuario@servidor:5432/base)",
    )
    .optional(),
  PORT: z.coerce
    .number({ message: "PORT debe ser un número de puerto" })
    .int("PORT debe ser un número entero")
    .min(0, "PORT debe estar entre 0 y 65535")
    .max(65535, "PORT debe estar entre 0 y 65535")
    .default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DATABASE_OWNER_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, "DATABASE_OWNER_URL debe ser una URL de PostgreSQL")
    .optional(),
  PUBLIC_URL: z
    .url({ message: "PUBLIC_URL debe ser una URL, p. ej. https://rumbo.example.cl" })
    .optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/.+/, "SMTP_URL debe ser una URL smtp:// o smtps://")
    .optional(),
  MAIL_FROM: z.string().min(3).default("Rumbo <no-responder@rumbo.local>"),
  ALERT_INTERVAL_MINUTES: z.coerce
    .number({ message: "ALERT_INTERVAL_MINUTES debe ser un número de minutos (0 la desactiva)" })
    .min(0, "ALERT_INTERVAL_MINUTES no puede ser negativo")
    .default(15),
  MAP_TILE_URL: z
    .string()
    .regex(
      /^(none|https?:\/\/.+\{z\}.+)$/,
      "MAP_TILE_URL debe ser una URL de teselas con {z}, {x} e {y}, o «none» para un fondo liso",
    )
    .optional(),
  MAP_TILE_ATTRIBUTION: z.string().max(300).optional(),
});

export interface Config {
  dataDir: string;
  databaseUrl: string | undefined;
  port: number;
  host: string;
  logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
  /** Connection with rights to migrate (owner); defaults to databaseUrl for the CLI. */
  databaseOwnerUrl: string | undefined;
  /** Address people use to reach Rumbo, for links in e-mails. */
  publicUrl: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Minutes between evaluations of early-warning alerts in `serve`; 0 turns it off. */
  alertIntervalMinutes: number;
  /** Basemap raster tiles of the map ({z}/{x}/{y}); null: a plain background, no internet. */
  mapTileUrl: string | null;
  mapTileAttribution: string | null;
}

/** OpenStreetMap's raster tiles and the attribution their licence asks for. */
export const OSM_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
export const OSM_ATTRIBUTION = "© OpenStreetMap contributors";

function mapTiles(url: string | undefined, attribution: string | undefined) {
  if (url === "none") return { mapTileUrl: null, mapTileAttribution: null };
  if (url === undefined) return { mapTileUrl: OSM_TILE_URL, mapTileAttribution: OSM_ATTRIBUTION };
  return { mapTileUrl: url, mapTileAttribution: attribution ?? null };
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable is as good as an unset one (a common shell accident).
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ""));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Configuración inválida:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    databaseOwnerUrl: e.DATABASE_OWNER_URL,
    publicUrl: (
      e.PUBLIC_URL ?? `http://${e.HOST === "0.0.0.0" ? "localhost" : e.HOST}:${e.PORT}`
    ).replace(/\/$/, ""),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    alertIntervalMinutes: e.ALERT_INTERVAL_MINUTES,
    ...mapTiles(e.MAP_TILE_URL, e.MAP_TILE_ATTRIBUTION),
  };
}
