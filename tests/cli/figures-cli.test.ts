import pg from "pg";
import { describe, expect, it } from "vitest";
import { createServerDatabase } from "../support/databases";
import { runCli } from "../support/cli";

/** `rumbo figures check`: differences printed, exit code 1 while there are any, --fix repairs. */
describe("rumbo figures check", () => {
  it("finds a corrupted figure, exits 1, repairs it with --fix", async () => {
    const server = await createServerDatabase();
    const env = { DATABASE_URL: server.url };
    try {
      const loaded = await runCli(["demo", "load"], env);
      expect(loaded.code, loaded.stderr).toBe(0);
      const clean = await runCli(["figures", "check", "--municipality", "03301"], env);
      expect(clean.code, clean.stderr).toBe(0);
      expect(clean.stdout).toMatch(/0 diferencias/);

      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      try {
        await client.query("update item_figure set on_track = on_track + 7");
      } finally {
        await client.end();
      }
      const dirty = await runCli(["figures", "check"], env);
      expect(dirty.code).toBe(1);
      expect(dirty.stdout).toMatch(/03301 plan .*: \d+ diferencias/);
      expect(dirty.stdout).toMatch(/item_figure/);

      const fixed = await runCli(["figures", "check", "--fix"], env);
      expect(fixed.code).toBe(1);
      expect(fixed.stdout).toMatch(/recalculado/);
      const after = await runCli(["figures", "check", "--municipality", "03301"], env);
      expect(after.code, after.stdout).toBe(0);

      const bad = await runCli(["figures", "check", "--municipality", "3301"], env);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/CUT/);
    } finally {
      await server.drop();
    }
  });
});
