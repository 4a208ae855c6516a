import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, openTestDatabase, type TestDatabase } from "../../../tests/support/databases";
import { listOutbox, queueMail } from "./outbox";
import { sendPending, type Transport } from "./dispatcher";

describe.each(ENGINES)("the outbox on %s", (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(engine);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("sends nothing from a rolled-back transaction; sends the rest once and records failures", async () => {
    await t.db
      .transaction()
      .execute(async (trx) => {
        await queueMail(trx, { to: "nadie@x.test", subject: "no", body: "no" });
        throw new Error("rollback");
      })
      .catch(() => {});
    await t.db.transaction().execute(async (trx) => {
      await queueMail(trx, { to: "a@x.test", subject: "Uno", body: "cuerpo 1" });
      await queueMail(trx, { to: "falla@x.test", subject: "Dos", body: "cuerpo 2" });
    });
    // Messages of one transaction share their time; their order among themselves is not defined.
    expect((await listOutbox(t.db)).map((m) => m.to).sort()).toEqual(["a@x.test", "falla@x.test"]);
    const sent: string[] = [];
    const transport: Transport = {
      async sendMail(m) {
        if (m.to.startsWith("falla")) throw new Error("buzón inexistente");
        sent.push(`${m.from}→${m.to}:${m.subject}:${m.text}`);
      },
    };
    // Two dispatchers at once (two app instances): each message goes out once.
    const counts = await Promise.all([
      sendPending(t.db, transport, "Rumbo <r@x.test>"),
      sendPending(t.db, transport, "Rumbo <r@x.test>"),
    ]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(2);
    expect(sent).toEqual(["Rumbo <r@x.test>→a@x.test:Uno:cuerpo 1"]);
    expect((await listOutbox(t.db)).map((m) => m.error)).toEqual(["buzón inexistente"]);
    const all = await listOutbox(t.db, { all: true });
    expect(all.map((m) => [m.to, m.sentAt !== null, m.error]).sort()).toEqual([
      ["a@x.test", true, null],
      ["falla@x.test", false, "buzón inexistente"],
    ]);
    expect(await sendPending(t.db, transport, "r@x.test")).toBe(0);
  });
});
