import type { Command } from "commander";
import { listOutbox } from "../../modules/mail/outbox";
import { withDatabase } from "../database";

export function registerOutbox(program: Command): void {
  program
    .command("outbox")
    .description("muestra los correos de la bandeja de salida (por omisión, los no enviados)")
    .option("--all", "también los enviados y los que fallaron")
    .option("--json", "en JSON")
    .action(async (options: { all?: boolean; json?: boolean }) => {
      await withDatabase(async ({ db }) => {
        const messages = await listOutbox(db, { all: options.all ?? false });
        if (options.json) {
          process.stdout.write(JSON.stringify(messages, null, 2) + "\n");
          return;
        }
        if (messages.length === 0) {
          console.log(
            options.all ? "La bandeja de salida está vacía." : "No hay correos por enviar.",
          );
          return;
        }
        for (const m of messages) {
          const state = m.sentAt
            ? `enviado el ${new Date(m.sentAt).toISOString()}`
            : m.error
              ? `falló: ${m.error}`
              : "por enviar";
          console.log(
            [
              `Para:   ${m.to}`,
              `Asunto: ${m.subject}`,
              `Fecha:  ${new Date(m.createdAt).toISOString()} (${state})`,
              "",
              m.body,
              "",
              "-".repeat(72),
            ].join("\n"),
          );
        }
      });
    });
}
