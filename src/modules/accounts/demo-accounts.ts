import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, Role } from "../../db/schema";
import { enterTenant, type Actor } from "../../db/tenant";
import { hashPassword } from "../auth/crypto";
import { findUserByEmail, provisionUser } from "./provision";

const VALLENAR = "03301";
/** The unit with the most items in the Vallenar PLADECO: the demo editor has something to edit. */
const EDITOR_UNIT = "Departamento de Personal y Recursos Humanos";

interface DemoAccount {
  email: string;
  role: Role | "operator";
  displayName: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: "admin.demo@vallenar.rumbo.local", role: "admin", displayName: "Administración (demo)" },
  { email: "editor.demo@vallenar.rumbo.local", role: "editor", displayName: "Edición (demo)" },
  {
    email: "validador.demo@vallenar.rumbo.local",
    role: "validator",
    displayName: "Validación (demo)",
  },
  { email: "consulta.demo@vallenar.rumbo.local", role: "viewer", displayName: "Consulta (demo)" },
  {
    email: "operador.demo@rumbo.local",
    role: "operator",
    displayName: "Operación de la plataforma (demo)",
  },
];

export interface DemoAccountsResult {
  /** The shared password of the accounts created now; null when all existed already. */
  password: string | null;
  accounts: Array<DemoAccount & { created: boolean }>;
}

/**
 * Creates the missing demo accounts of Vallenar (one per role, plus an
 * operator) with one new shared password, marked is_demo. The password is
 * shown once and is never written to the audit trail. Needs the demo
 * municipality; returns null without it.
 */
export async function ensureDemoAccounts(
  db: Kysely<Database>,
  actor: Actor,
): Promise<DemoAccountsResult | null> {
  return db.transaction().execute(async (trx) => {
    const vallenar = await trx
      .selectFrom("municipality")
      .select("id")
      .where("cut_code", "=", VALLENAR)
      .executeTakeFirst();
    if (!vallenar) return null;
    const ctx = await enterTenant(trx, null, actor);
    const missing: DemoAccount[] = [];
    for (const account of DEMO_ACCOUNTS)
      if (!(await findUserByEmail(trx, account.email))) missing.push(account);
    const password = missing.length > 0 ? `demo-${randomBytes(9).toString("base64url")}` : null;
    const passwordHash = password ? await hashPassword(password) : "";
    for (const account of missing) {
      if (account.role === "operator") {
        await provisionUser(ctx, { ...account, passwordHash, isOperator: true, isDemo: true });
        continue;
      }
      const unit =
        account.role === "editor"
          ? await trx
              .selectFrom("org_unit")
              .select("id")
              .where("municipality_id", "=", vallenar.id)
              .where("name", "=", EDITOR_UNIT)
              .executeTakeFirst()
          : undefined;
      await provisionUser(ctx, {
        ...account,
        passwordHash,
        isDemo: true,
        membership: {
          municipalityId: vallenar.id,
          role: account.role,
          unitIds: unit ? [unit.id] : [],
        },
      });
    }
    return {
      password,
      accounts: DEMO_ACCOUNTS.map((a) => ({ ...a, created: missing.includes(a) })),
    };
  });
}

const ROLE_LABELS: Record<DemoAccount["role"], string> = {
  admin: "administración de Vallenar",
  editor: `edición de Vallenar (${EDITOR_UNIT})`,
  validator: "validación de Vallenar",
  viewer: "consulta de Vallenar",
  operator: "operación de la plataforma (todas las municipalidades)",
};

/** The text `rumbo serve` and `rumbo demo load` print. */
export function describeDemoAccounts(result: DemoAccountsResult): string {
  const width = Math.max(...result.accounts.map((a) => a.email.length));
  const lines = [
    "Cuentas de demostración (solo para probar; no las use con datos reales):",
    ...result.accounts.map((a) => `  ${a.email.padEnd(width)}  ${ROLE_LABELS[a.role]}`),
  ];
  if (result.password === null)
    lines.push("  Ya existían: su contraseña es la que se mostró al crearlas.");
  else if (result.accounts.every((a) => a.created))
    lines.push(`  Contraseña de todas: ${result.password}  (se muestra solo esta vez)`);
  else
    lines.push(
      `  Contraseña de las recién creadas (${result.accounts
        .filter((a) => a.created)
        .map((a) => a.email)
        .join(", ")}): ${result.password}  (se muestra solo esta vez)`,
    );
  return lines.join("\n");
}
