import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inTenant, SYSTEM } from "../../src/db/tenant";
import { evaluateAlerts } from "../../src/modules/monitoring/alerts";
import type { TestApp } from "../support/app";
import { ENGINES } from "../support/databases";
import { apiCaller, type ApiSession, signedInMember, startWorkshopApp } from "../support/world";

/**
 * An alert's lifecycle through the API (issue 4): open → acknowledged with a
 * corrective action, its owner and date → resolved. Each step checks who may
 * take it, the alert's state and version, and leaves an audit entry.
 */

type Who = "admin" | "validator" | "viewer";

interface Alert {
  id: string;
  status: "open" | "acknowledged" | "resolved";
  version: number;
  correctiveAction: string | null;
  actionOwner: string | null;
  actionDueDate: string | null;
}

describe.each(ENGINES)("alert lifecycle API on %s", (engine) => {
  let t: TestApp;
  let municipalityId = "";
  const sessions = new Map<Who, ApiSession | null>();
  const call = apiCaller(() => t.app, sessions);
  const owner = <T>(fn: Parameters<typeof inTenant<T>>[3]) =>
    inTenant(t.database.owner.db, municipalityId, SYSTEM, fn);
  const alert = async (id: string): Promise<Alert> => {
    const res = await call("admin", "GET", "/alerts");
    return (res.json().items as Alert[]).find((a) => a.id === id)!;
  };
  const acknowledgement = {
    correctiveAction: "Reprogramar los talleres con la junta de vecinos",
    owner: "Encargada de Protección Social",
    dueDate: "2099-06-30",
  };

  beforeAll(async () => {
    ({ t, municipalityId } = await startWorkshopApp(engine));
    sessions.set("admin", await signedInMember(t, municipalityId, "admin@alertas.test", "admin"));
    sessions.set(
      "validator",
      await signedInMember(t, municipalityId, "validador@alertas.test", "validator"),
    );
    sessions.set(
      "viewer",
      await signedInMember(t, municipalityId, "concejal@alertas.test", "viewer"),
    );
    const { created } = await evaluateAlerts(t.database.db, { asOf: "2023-03-15" });
    expect(created).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("acknowledges with a corrective action, then resolves, each step audited", async () => {
    const open = (await call("admin", "GET", "/alerts?status=open")).json().items as Alert[];
    expect(open.length).toBeGreaterThan(0);
    const { id, version } = open[0]!;

    // Resolving comes after a corrective action.
    const early = await call("admin", "POST", `/alerts/${id}/resolve`, { version });
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toContain("primero debe registrarse una acción correctiva");

    // Only editors of the responsible units and administrators attend to an alert.
    for (const who of ["viewer", "validator"] as const) {
      const refused = await call(who, "POST", `/alerts/${id}/acknowledge`, {
        version,
        ...acknowledgement,
      });
      expect(refused.statusCode, who).toBe(403);
    }

    // A corrective action too short and due before today, or no owner: each field named.
    const fields = async (body: object) => {
      const res = await call("admin", "POST", `/alerts/${id}/acknowledge`, { version, ...body });
      expect(res.statusCode).toBe(400);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      return (res.json().errors as Array<{ path: string }>)
        .map((e) => e.path.replace(/^body\./, ""))
        .sort();
    };
    expect(
      await fields({ ...acknowledgement, correctiveAction: "x", dueDate: "2001-01-01" }),
    ).toEqual(["correctiveAction", "dueDate"]);
    expect(await fields({ ...acknowledgement, owner: " " })).toEqual(["owner"]);
    expect((await alert(id)).status).toBe("open");

    const acknowledged = await call("admin", "POST", `/alerts/${id}/acknowledge`, {
      version,
      ...acknowledgement,
    });
    expect(acknowledged.statusCode, acknowledged.body).toBe(200);
    expect(acknowledged.json()).toMatchObject({
      status: "acknowledged",
      version: version + 1,
      correctiveAction: acknowledgement.correctiveAction,
      actionOwner: acknowledgement.owner,
      actionDueDate: acknowledgement.dueDate,
    });

    // A stale version (someone else acted first) and a second acknowledgement are refused.
    const stale = await call("admin", "POST", `/alerts/${id}/resolve`, { version });
    expect(stale.statusCode).toBe(409);
    const again = await call("admin", "POST", `/alerts/${id}/acknowledge`, {
      version: version + 1,
      ...acknowledgement,
    });
    expect(again.statusCode).toBe(409);

    const resolved = await call("admin", "POST", `/alerts/${id}/resolve`, { version: version + 1 });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json()).toMatchObject({ status: "resolved", version: version + 2 });
    const twice = await call("admin", "POST", `/alerts/${id}/resolve`, { version: version + 2 });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().detail).toContain("ya está resuelta");

    const audit = await owner(({ trx }) =>
      trx
        .selectFrom("audit_log")
        .select(["action", "before", "after"])
        .where("entity_type", "=", "alert")
        .where("entity_id", "=", id)
        .orderBy("at")
        .execute(),
    );
    const statuses = audit.map((a) => [
      (a.before as { status: string }).status,
      (a.after as { status: string }).status,
    ]);
    expect(statuses).toEqual([
      ["open", "acknowledged"],
      ["acknowledged", "resolved"],
    ]);
  });
});
