import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createServerDatabase } from "../support/databases";
import { runCli } from "../support/cli";

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rumbo-cli-accounts-"));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Each engine as the environment of a fresh, empty database. */
const ENGINES = [
  {
    name: "pglite",
    open: async () => ({ env: { DATA_DIR: tempDir() }, drop: async () => {} }),
  },
  {
    name: "postgres",
    open: async () => {
      const server = await createServerDatabase();
      return { env: { DATABASE_URL: server.url }, drop: server.drop };
    },
  },
];

describe.each(ENGINES)(
  "accounts, outbox and backups from the command line on $name",
  ({ open }) => {
    it("adds municipalities and users, audited as cli:<command>", async () => {
      const db = await open();
      try {
        const env = db.env;
        const added = await runCli(["municipality", "add", "--cut", "03302"], env);
        expect(added.stderr).toBe("");
        expect(added.stdout).toMatch(/Municipalidad de Alto del Carmen \(CUT 03302\) agregada/);
        expect((await runCli(["municipality", "add", "--cut", "03302"], env)).stdout).toMatch(
          /ya existe/,
        );
        const unknown = await runCli(["municipality", "add", "--cut", "99999"], env);
        expect(unknown.code).toBe(1);
        expect(unknown.stderr).toMatch(/^rumbo: No existe una comuna con código CUT 99999/);
        expect(unknown.stderr).not.toMatch(/\n\s+at /);

        const piped = await runCli(
          [
            "user",
            "add",
            "--municipality",
            "03302",
            "--email",
            "ana@municipio.test",
            "--role",
            "admin",
            "--name",
            "Ana",
          ],
          env,
          { input: "una-clave-secreta-1\n" },
        );
        expect(piped.code, piped.stderr).toBe(0);
        expect(piped.stdout).toMatch(/Cuenta creada: ana@municipio.test, rol admin/);
        expect(piped.stdout).not.toMatch(/Contraseña/);

        const short = await runCli(
          [
            "user",
            "add",
            "--municipality",
            "03302",
            "--email",
            "b@municipio.test",
            "--role",
            "viewer",
          ],
          env,
          { input: "corta\n" },
        );
        expect(short.code).toBe(1);
        expect(short.stderr).toMatch(/al menos 10 caracteres/);

        const operator = await runCli(
          ["user", "add", "--email", "op@rumbo.test", "--role", "operator"],
          env,
        );
        expect(operator.code, operator.stderr).toBe(0);
        expect(operator.stdout).toMatch(/Contraseña \(se muestra solo esta vez\): \S{10,}/);
        const noMunicipality = await runCli(
          ["user", "add", "--email", "c@municipio.test", "--role", "editor"],
          env,
        );
        expect(noMunicipality.code).toBe(1);
        expect(noMunicipality.stderr).toMatch(/necesita --municipality/);

        const demo = await runCli(["demo", "load"], env);
        expect(demo.stdout).toMatch(/Cuentas de demostración \(solo para probar/);
        expect(demo.stdout).toMatch(/admin\.demo@vallenar\.rumbo\.local/);
        const password = /Contraseña de todas: (\S+)/.exec(demo.stdout)![1]!;
        const again = await runCli(["demo", "load"], env);
        expect(again.stdout).toMatch(/Ya existían/);
        expect(again.stdout).not.toContain(password);

        const existing = await runCli(
          [
            "user",
            "add",
            "--municipality",
            "03301",
            "--email",
            "ANA@municipio.test",
            "--role",
            "editor",
            "--unit",
            "Departamento de Personal y Recursos Humanos",
          ],
          env,
          { input: "otra-clave-distinta-2\n" },
        );
        expect(existing.code, existing.stderr).toBe(0);
        expect(existing.stdout).toMatch(
          /ya tenía cuenta: se agregó el rol editor en la Municipalidad de Vallenar/,
        );
        const badUnit = await runCli(
          [
            "user",
            "add",
            "--municipality",
            "03301",
            "--email",
            "d@municipio.test",
            "--role",
            "editor",
            "--unit",
            "Inexistente",
          ],
          env,
        );
        expect(badUnit.code).toBe(1);
        expect(badUnit.stderr).toMatch(/No existe la unidad "Inexistente"/);

        const file = path.join(tempDir(), "todo.json");
        expect((await runCli(["backup", file], env)).code).toBe(0);
        const doc = JSON.parse(fs.readFileSync(file, "utf8"));
        const audit = doc.tables.find((t: { name: string }) => t.name === "audit_log")
          .rows as Array<{
          actor_label: string;
          after: unknown;
        }>;
        const labels = new Set(audit.map((r) => r.actor_label));
        for (const label of ["cli:municipality add", "cli:user add", "cli:demo load"])
          expect(labels).toContain(label);
        const auditText = JSON.stringify(audit);
        for (const secret of ["una-clave-secreta-1", "otra-clave-distinta-2", password])
          expect(auditText).not.toContain(secret);
        const users = doc.tables.find((t: { name: string }) => t.name === "app_user")
          .rows as Array<{ email: string; is_demo: boolean }>;
        expect(
          users
            .filter((u) => u.is_demo)
            .map((u) => u.email)
            .sort(),
        ).toEqual([
          "admin.demo@vallenar.rumbo.local",
          "consulta.demo@vallenar.rumbo.local",
          "editor.demo@vallenar.rumbo.local",
          "operador.demo@rumbo.local",
          "validador.demo@vallenar.rumbo.local",
        ]);
      } finally {
        await db.drop();
      }
    }, 300_000);

    it("backs up and restores the whole database and one municipality, and shows the outbox", async () => {
      const source = await open();
      const whole = await open();
      const single = await open();
      try {
        await runCli(["demo", "load"], source.env);
        await runCli(["municipality", "add", "--cut", "03302"], source.env);
        const empty = await runCli(["outbox"], source.env);
        expect(empty.stdout).toMatch(/No hay correos por enviar/);

        const dir = tempDir();
        const file = path.join(dir, "copia.json.gz");
        const backup = await runCli(["backup", file], source.env);
        expect(backup.code, backup.stderr).toBe(0);
        expect(backup.stdout).toMatch(
          /Copia de seguridad de toda la base escrita en .*copia\.json\.gz: \d+ tablas, \d+ filas/,
        );
        expect(fs.readFileSync(file).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
        expect((await runCli(["backup", file], source.env)).stderr).toMatch(/ya existe/);

        const restored = await runCli(["restore", file], whole.env);
        expect(restored.code, restored.stderr).toBe(0);
        expect(restored.stdout).toMatch(/Restaurada la base completa/);
        const refused = await runCli(["restore", file], whole.env);
        expect(refused.code).toBe(1);
        expect(refused.stderr).toMatch(/no está vacía/);
        const [a, b] = await Promise.all([
          runCli(["plan", "export", "--municipality", "03301"], source.env),
          runCli(["plan", "export", "--municipality", "03301"], whole.env),
        ]);
        expect(JSON.parse(b.stdout).plan).toEqual(JSON.parse(a.stdout).plan);

        const one = path.join(dir, "vallenar.json");
        expect((await runCli(["backup", one, "--municipality", "03301"], source.env)).code).toBe(0);
        const singleRestore = await runCli(["restore", one], single.env);
        expect(singleRestore.code, singleRestore.stderr).toBe(0);
        expect(singleRestore.stdout).toMatch(/Restaurada la Municipalidad de Vallenar/);
        expect(
          (await runCli(["plan", "export", "--municipality", "03302"], single.env)).stderr,
        ).toMatch(/No existe una municipalidad/);
        expect((await runCli(["restore", one], single.env)).stderr).toMatch(
          /ya existe en esta base de datos/,
        );

        const corrupt = path.join(dir, "rota.json");
        fs.writeFileSync(corrupt, fs.readFileSync(one, "utf8").slice(0, 5000));
        const broken = await runCli(["restore", corrupt], whole.env);
        expect(broken.code).toBe(1);
        expect(broken.stderr).toMatch(/no es una copia de seguridad de Rumbo legible/);
      } finally {
        await Promise.all([source.drop(), whole.drop(), single.drop()]);
      }
    }, 300_000);
  },
);
