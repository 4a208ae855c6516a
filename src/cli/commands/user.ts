import { randomBytes } from "node:crypto";
import type { Command } from "commander";
import type { Kysely } from "kysely";
import type { Database, Role } from "../../db/schema";
import { cliActor, enterTenant } from "../../db/tenant";
import { provisionUser } from "../../modules/accounts/provision";
import { hashPassword, passwordProblem } from "../../modules/auth/crypto";
import { CliError } from "../errors";
import { findMunicipality, withDatabase } from "../database";

const ROLES = ["admin", "editor", "validator", "viewer", "operator"] as const;

interface UserAddOptions {
  municipality?: string;
  email: string;
  role: string;
  unit: string[];
  name?: string;
}

/** The password piped on standard input (first line), or null at a terminal or when empty. */
async function passwordFromStdin(): Promise<string | null> {
  if (process.stdin.isTTY) return null;
  let text = "";
  for await (const chunk of process.stdin) text += String(chunk);
  const line = text.split(/\r?\n/)[0] ?? "";
  return line === "" ? null : line;
}

/** Units named by id, name, short name or alias (case and accents as written). */
async function resolveUnits(
  db: Kysely<Database>,
  municipalityId: string,
  wanted: string[],
): Promise<string[]> {
  if (wanted.length === 0) return [];
  const units = await db.transaction().execute(async (trx) => {
    const ctx = await enterTenant(trx, municipalityId, cliActor("user add"));
    return ctx.trx.selectFrom("org_unit").select(["id", "name", "short_name", "aliases"]).execute();
  });
  return wanted.map((w) => {
    const key = w.trim().toLowerCase();
    const unit = units.find(
      (u) =>
        u.id === key ||
        u.name.toLowerCase() === key ||
        u.short_name?.toLowerCase() === key ||
        u.aliases.some((a) => a.toLowerCase() === key),
    );
    if (!unit)
      throw new CliError(
        `No existe la unidad "${w}" en esta municipalidad. Unidades: ${units.map((u) => u.name).join("; ")}.`,
      );
    return unit.id;
  });
}

export function registerUser(program: Command): void {
  const user = program.command("user").description("cuentas de usuario");
  user
    .command("add")
    .description(
      "crea una cuenta con un rol en una municipalidad (o agrega el rol a una cuenta existente); " +
        "la contraseña se lee de la entrada estándar o se genera y se muestra una vez",
    )
    .option("--municipality <CUT>", "código CUT de la municipalidad (no se usa con operator)")
    .requiredOption("--email <correo>", "correo de la persona")
    .requiredOption("--role <rol>", `rol: ${ROLES.join(", ")}`)
    .option(
      "--unit <unidad>",
      "unidad (nombre o id) de quien edita; se puede repetir",
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option("--name <nombre>", "nombre para mostrar")
    .action(async (options: UserAddOptions) => {
      const role = options.role as (typeof ROLES)[number];
      if (!ROLES.includes(role))
        throw new CliError(`Rol desconocido: ${options.role}. Use uno de: ${ROLES.join(", ")}.`);
      if (!/^[^@\s]+@[^@\s]+$/.test(options.email))
        throw new CliError(`El correo "${options.email}" no es válido.`);
      if (role === "operator" && options.municipality)
        throw new CliError(
          "El rol operator vale en todas las municipalidades: quite --municipality.",
        );
      if (role !== "operator" && !options.municipality)
        throw new CliError(`El rol ${role} necesita --municipality <CUT>.`);
      const piped = await passwordFromStdin();
      if (piped !== null) {
        const problem = passwordProblem(piped);
        if (problem) throw new CliError(problem);
      }
      const password = piped ?? randomBytes(12).toString("base64url");
      await withDatabase(async ({ db }) => {
        const m = options.municipality ? await findMunicipality(db, options.municipality) : null;
        const unitIds = m ? await resolveUnits(db, m.id, options.unit) : [];
        const passwordHash = await hashPassword(password);
        const result = await db.transaction().execute(async (trx) => {
          const ctx = await enterTenant(trx, null, cliActor("user add"));
          return provisionUser(ctx, {
            email: options.email,
            displayName: options.name,
            passwordHash,
            isOperator: role === "operator",
            ...(m ? { membership: { municipalityId: m.id, role: role as Role, unitIds } } : {}),
          });
        });
        const where = m ? ` en la Municipalidad de ${m.name} (CUT ${m.cut_code})` : "";
        if (result.createdUser) {
          console.log(`Cuenta creada: ${options.email}, rol ${role}${where}.`);
          if (piped === null) console.log(`Contraseña (se muestra solo esta vez): ${password}`);
        } else if (m && !result.addedMembership) {
          console.log(
            `${options.email} ya pertenece a la Municipalidad de ${m.name}; no se cambió nada.`,
          );
        } else {
          console.log(
            `${options.email} ya tenía cuenta: se agregó el rol ${role}${where}. Su contraseña no cambia.`,
          );
        }
      });
    });
}
