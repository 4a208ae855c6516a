import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { planExportSchema } from "../../src/modules/plans/export-schema";
import { createServerDatabase, ensureAppLoginRole } from "../support/databases";
import { ROOT, runCli, startServe, waitForExit } from "../support/cli";

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rumbo-cli-"));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe("rumbo serve on the embedded database", () => {
  it("loads the demo on first start, refuses a second process on the same DATA_DIR, and keeps data after SIGTERM", async () => {
    const dataDir = tempDir();
    const first = await startServe({ DATA_DIR: dataDir });
    expect(first.output()).toMatch(/Municipalidad de demostración cargada: Vallenar \(CUT 03301\)/);
    const health = await fetch(`${first.url}/api/health`);
    expect(await health.json()).toEqual({ status: "ok", database: "pglite" });

    const second = await runCli(["serve"], { DATA_DIR: dataDir, PORT: "0" });
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/está en uso por otro proceso de Rumbo/);

    first.child.kill("SIGTERM");
    expect(await waitForExit(first.child)).toBe(0);
    expect(fs.existsSync(path.join(dataDir, "rumbo.lock"))).toBe(false);

    const exported = await runCli(
      ["plan", "export", "--municipality", "03301", "--format", "json"],
      { DATA_DIR: dataDir },
    );
    expect(exported.code).toBe(0);
    const doc = planExportSchema.parse(JSON.parse(exported.stdout));
    expect(doc.plan.items).toHaveLength(6);
    expect(doc.plan.isDemo).toBe(true);
  });
});

describe("rumbo with bad input", () => {
  it("explains an invalid configuration and exits non-zero", async () => {
    const result = await runCli(["migrate"], { PORT: "muchos", DATABASE_URL: "mysql://x" });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Configuración inválida/);
    expect(result.stderr).toMatch(/DATABASE_URL debe ser una URL de PostgreSQL/);
    expect(result.stderr).toMatch(/PORT/);
  });

  it("names an unreachable DATABASE_URL without revealing its password", async () => {
    const result = await runCli(["migrate"], {
      DATABASE_URL: "postgres://rumbo:secreto@127.0.0.1:1/rumbo",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /No se pudo conectar a la base de datos PostgreSQL \(postgres:\/\/rumbo:\*\*\*@127\.0\.0\.1:1\/rumbo\)/,
    );
    expect(result.stderr).not.toContain("secreto");
  });

  it("refuses a malformed fixture and writes nothing", async () => {
    const dataDir = tempDir();
    const bad = path.join(dataDir, "bad.json");
    const json = JSON.parse(
      fs.readFileSync(path.join(ROOT, "fixtures/test/mini-plan.json"), "utf8"),
    );
    json.plan.items[0].level = "nivel-inexistente";
    fs.writeFileSync(bad, JSON.stringify(json));
    const result = await runCli(["demo", "load", "--file", bad], { DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/plan\.items\.0\.level: no existe el nivel "nivel-inexistente"/);
    const exported = await runCli(["plan", "export", "--municipality", "15201"], {
      DATA_DIR: dataDir,
    });
    expect(exported.code).toBe(1);
    expect(exported.stderr).toMatch(/No existe una municipalidad con código CUT 15201/);
  });

  it("rejects an unknown format and a malformed CUT code", async () => {
    const dataDir = tempDir();
    const format = await runCli(["plan", "export", "--municipality", "03301", "--format", "xml"], {
      DATA_DIR: dataDir,
    });
    expect(format.code).toBe(1);
    expect(format.stderr).toMatch(/Formato no soportado: xml/);
    const cut = await runCli(["plan", "export", "--municipality", "Vallenar"], {
      DATA_DIR: dataDir,
    });
    expect(cut.code).toBe(1);
    expect(cut.stderr).toMatch(/no es válido/);
  });
});

describe("rumbo on a PostgreSQL server", () => {
  it("migrates, loads the demo and exports the same plan as on PGlite", async () => {
    const server = await createServerDatabase();
    try {
      const env = { DATABASE_URL: server.url };
      expect((await runCli(["migrate"], env)).stdout).toMatch(
        /Migraciones aplicadas: 0001_reference.sql/,
      );
      expect((await runCli(["migrate"], env)).stdout).toMatch(/ya está al día/);
      const load = await runCli(["demo", "load"], env);
      expect(load.stdout).toMatch(/Cargado: \d+ iniciativas/);
      const again = await runCli(["demo", "load"], env);
      expect(again.stdout).toMatch(/ya está cargado/);
      const exported = await runCli(["plan", "export", "--municipality", "03301"], env);
      expect(exported.code).toBe(0);
      const onServer = planExportSchema.parse(JSON.parse(exported.stdout));

      const dataDir = tempDir();
      await runCli(["demo", "load"], { DATA_DIR: dataDir });
      const embedded = planExportSchema.parse(
        JSON.parse(
          (await runCli(["plan", "export", "--municipality", "03301"], { DATA_DIR: dataDir }))
            .stdout,
        ),
      );
      const comparable = (d: typeof onServer) => ({
        ...d,
        exportedAt: "",
        plan: { ...d.plan, id: "" },
        // Ids and times of audit rows differ between two loads; their content must not.
        history: d.history.map((h) => [h.actor, h.action, h.entityType, h.after]),
      });
      expect(comparable(onServer)).toEqual(comparable(embedded));
    } finally {
      await server.drop();
    }
  });
});

describe("rumbo serve on a PostgreSQL server", () => {
  it("refuses a privileged application role and starts with an unprivileged one", async () => {
    const server = await createServerDatabase();
    try {
      const pending = await runCli(["serve"], { DATABASE_URL: server.url, PORT: "0" });
      expect(pending.code).toBe(1);
      expect(pending.stderr).toMatch(/migraciones pendientes/);

      expect((await runCli(["migrate"], { DATABASE_URL: server.url })).code).toBe(0);
      const refused = await runCli(["serve"], { DATABASE_URL: server.url, PORT: "0" });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        /Rumbo no inicia con este rol de base de datos: el rol postgres es superusuario/,
      );
      await ensureAppLoginRole();
      const serving = await startServe({
        DATABASE_URL: server.appUrl,
        DATABASE_OWNER_URL: server.url,
      });
      try {
        expect(serving.output()).toMatch(/Municipalidad de demostración cargada/);
        const health = await fetch(`${serving.url}/api/health`);
        expect(await health.json()).toEqual({ status: "ok", database: "postgres" });
        const plans = await fetch(`${serving.url}/api/municipalities/03301/plans`);
        expect((await plans.json()).items).toHaveLength(1);
      } finally {
        serving.child.kill("SIGTERM");
        expect(await waitForExit(serving.child)).toBe(0);
      }
    } finally {
      await server.drop();
    }
  });
});
