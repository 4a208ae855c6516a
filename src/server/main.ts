import type { Config } from "../config";
import { startEmbeddedMaintenance } from "../db/maintenance";
import { cliActor } from "../db/tenant";
import { describeDemoAccounts, ensureDemoAccounts } from "../modules/accounts/demo-accounts";
import { isEmpty, loadDemo } from "../modules/demo/demo";
import { startDispatcher } from "../modules/mail/dispatcher";
import { startAlertScheduler } from "../modules/monitoring/alerts";
import { openServingDatabases } from "../runtime/database";
import { buildApp } from "./app";

/**
 * Starts Rumbo: database (migrated, reference data synced, demo loaded on the
 * first start of an empty database), HTTP server, and a clean shutdown on
 * SIGINT/SIGTERM that checkpoints the embedded database.
 */
export async function serve(config: Config): Promise<void> {
  const databases = await openServingDatabases(config);
  const canLoadDemo = databases.owner !== databases.app || databases.app.engine === "pglite";
  if (canLoadDemo && (await isEmpty(databases.owner.db))) {
    const result = await loadDemo(databases.owner.db);
    if (result !== "exists")
      console.log(
        `Municipalidad de demostración cargada: Vallenar (CUT 03301), ${result.items} iniciativas, ${result.indicators} indicadores.`,
      );
    const accounts = await ensureDemoAccounts(databases.owner.db, cliActor("serve"));
    if (accounts) console.log(`\n${describeDemoAccounts(accounts)}\n`);
  }
  const handle = databases.app;
  const app = await buildApp({
    db: handle.db,
    engine: handle.engine,
    logLevel: config.logLevel,
    publicUrl: config.publicUrl,
    mapTileUrl: config.mapTileUrl,
    mapTileAttribution: config.mapTileAttribution,
  });
  // Without SMTP_URL, e-mails wait in the outbox (`rumbo outbox`).
  const mail = config.smtpUrl
    ? startDispatcher(handle.db, { smtpUrl: config.smtpUrl, from: config.mailFrom })
    : null;
  // Early warnings, evaluated on a schedule; safe with several instances (alerts.ts).
  const stopAlerts =
    config.alertIntervalMinutes > 0
      ? startAlertScheduler(handle.db, {
          intervalMs: config.alertIntervalMinutes * 60_000,
          publicUrl: config.publicUrl,
          onError: (error) => app.log.error({ err: error }, "evaluación de alertas falló"),
        })
      : () => {};
  // PGlite has no autovacuum: Rumbo vacuums it (db/maintenance.ts).
  const stopMaintenance = startEmbeddedMaintenance(handle, {
    firstAfterMs: 60_000,
    intervalMs: 24 * 60 * 60_000,
    onError: (error) => app.log.error({ err: error }, "mantención de la base embebida falló"),
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, "deteniendo Rumbo");
    try {
      stopAlerts();
      stopMaintenance();
      await app.close();
      await mail?.stop();
      await databases.close();
      process.exit(0);
    } catch (error) {
      console.error(error);
      process.exit(1);
    }
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  console.log(
    `\nRumbo está funcionando en http://${host}:${port}/  (base de datos: ${
      handle.engine === "pglite" ? `PGlite en ${config.dataDir}` : "servidor PostgreSQL"
    })\n`,
  );
}
