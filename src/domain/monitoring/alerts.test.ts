import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AlertState, SubjectState } from "./alerts";
import { alertKey, alertsFor, evaluateAlerts, newAlerts, transition } from "./alerts";
import type { Status } from "./status";

const subject = (extra: Partial<SubjectState>): SubjectState => ({
  id: "i1",
  name: "Talleres",
  ...extra,
});

describe("alert rules", () => {
  it("flags a missed milestone once past its due date", () => {
    const s = subject({
      name: "Licitación del CESFAM",
      milestone: { dueDate: "2025-06-30", doneDate: null },
    });
    expect(alertsFor(s, "2025-06-30")).toEqual([]);
    expect(alertsFor(s, "2025-07-01")).toEqual([
      {
        key: "milestone_missed:i1:2025-06-30",
        rule: "milestone_missed",
        subjectId: "i1",
        periodKey: "2025-06-30",
        severity: "high",
        title: "Hito vencido sin cumplir",
        message: "El hito «Licitación del CESFAM» venció el 30-06-2025 sin cumplirse.",
      },
    ]);
    expect(
      alertsFor(
        { ...s, milestone: { dueDate: "2025-06-30", doneDate: "2025-07-02" } },
        "2025-07-05",
      ),
    ).toEqual([]);
    expect(
      alertsFor(
        { ...s, milestone: { dueDate: "2025-06-30", doneDate: "2025-07-09" } },
        "2025-07-05",
      ),
    ).toHaveLength(1);
  });

  it("flags each overdue report after the grace days", () => {
    const s = subject({
      reporting: {
        periodicity: "month",
        graceDays: 10,
        from: "2025-01-01",
        submittedPeriodKeys: ["2025-01", "2025-03"],
      },
    });
    expect(alertsFor(s, "2025-03-10").map((a) => a.key)).toEqual([]);
    expect(alertsFor(s, "2025-03-11").map((a) => a.key)).toEqual(["report_overdue:i1:2025-02"]);
    const later = alertsFor(s, "2025-05-20");
    expect(later.map((a) => a.periodKey)).toEqual(["2025-02", "2025-04"]);
    expect(later[1]!.message).toBe(
      "Falta el reporte de abril 2025 de «Talleres»; el plazo venció el 10-05-2025.",
    );
  });

  it("stops asking for reports after the indicator's end", () => {
    const s = subject({
      reporting: {
        periodicity: "quarter",
        graceDays: 0,
        from: "2025-01-01",
        to: "2025-06-30",
        submittedPeriodKeys: [],
      },
    });
    expect(alertsFor(s, "2026-03-01").map((a) => a.periodKey)).toEqual(["2025-Q1", "2025-Q2"]);
  });

  it("flags items past their end date and not finished", () => {
    const s = subject({
      name: "Plaza Baquedano",
      schedule: { endDate: "2025-12-31", finished: false },
    });
    expect(alertsFor(s, "2025-12-31")).toEqual([]);
    const [a] = alertsFor(s, "2026-01-01");
    expect(a).toMatchObject({ key: "item_overdue:i1:2025-12-31", severity: "high" });
    expect(a!.message).toBe(
      "«Plaza Baquedano» debía terminar el 31-12-2025 y no figura como terminada.",
    );
    expect(
      alertsFor({ ...s, schedule: { endDate: "2025-12-31", finished: true } }, "2026-01-01"),
    ).toEqual([]);
  });

  it("flags a forecast that misses the target", () => {
    const forecast = {
      probabilityOfMeeting: 0.23,
      targetDate: "2029-12-31",
      basedOnPeriodKey: "2025",
    };
    const [a] = alertsFor(subject({ forecast }), "2026-01-15");
    expect(a).toMatchObject({
      key: "forecast_miss:i1:2025",
      title: "La proyección no alcanza la meta",
    });
    expect(a!.message).toBe(
      "Con la tendencia hasta 2025, «Talleres» tiene 23% de probabilidad de cumplir su meta al 31-12-2029.",
    );
    expect(
      alertsFor(subject({ forecast: { ...forecast, probabilityOfMeeting: 0.5 } }), "2026-01-15"),
    ).toEqual([]);
    expect(
      alertsFor(subject({ forecast: { ...forecast, probabilityOfMeeting: 0.6 } }), "2026-01-15", {
        forecastThreshold: 0.7,
      }),
    ).toHaveLength(1);
  });

  it.each([
    ["on_track", "at_risk", "medium"],
    ["on_track", "off_track", "high"],
    ["at_risk", "off_track", "high"],
    ["done", "on_track", "medium"],
  ] as const)("flags a status worsened from %s to %s", (previous, current, severity) => {
    const s = subject({
      statuses: {
        previous: { periodKey: "2025-Q1", status: previous },
        current: { periodKey: "2025-Q2", status: current },
      },
    });
    expect(alertsFor(s, "2025-07-15")).toMatchObject([
      { key: "status_worsened:i1:2025-Q2", severity },
    ]);
  });

  it.each([
    ["at_risk", "on_track"],
    ["on_track", "on_track"],
    ["on_track", "no_data"],
    ["no_data", "off_track"],
  ] as const)("does not flag %s → %s", (previous, current) => {
    const s = subject({
      statuses: {
        previous: { periodKey: "2025-Q1", status: previous },
        current: { periodKey: "2025-Q2", status: current },
      },
    });
    expect(alertsFor(s, "2025-07-15")).toEqual([]);
  });

  it("words the worsening", () => {
    const s = subject({
      statuses: {
        previous: { periodKey: "2025-05", status: "on_track" },
        current: { periodKey: "2025-06", status: "off_track" },
      },
    });
    expect(alertsFor(s, "2025-07-01")[0]!.message).toBe(
      "«Talleres» pasó de en camino (mayo 2025) a atrasado (junio 2025).",
    );
  });

  it("evaluates many subjects, one alert per key, in key order", () => {
    const a = subject({ id: "b", schedule: { endDate: "2025-01-01", finished: false } });
    const b = subject({ id: "a", milestone: { dueDate: "2025-01-01", doneDate: null } });
    const alerts = evaluateAlerts([a, b, a], "2025-02-01");
    expect(alerts.map((x) => x.key)).toEqual([
      "item_overdue:b:2025-01-01",
      "milestone_missed:a:2025-01-01",
    ]);
    expect(
      newAlerts(alerts, new Set([alertKey("item_overdue", "b", "2025-01-01")])).map(
        (x) => x.subjectId,
      ),
    ).toEqual(["a"]);
  });
});

const statusArb = fc.constantFrom<Status>("done", "on_track", "at_risk", "off_track", "no_data");
const dateArb = fc
  .integer({ min: 19_700, max: 20_600 })
  .map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));
const subjectArb: fc.Arbitrary<SubjectState> = fc.record({
  id: fc.constantFrom("a", "b", "c"),
  name: fc.string({ maxLength: 10 }),
  milestone: fc.option(
    fc.record({ dueDate: dateArb, doneDate: fc.option(dateArb, { nil: null }) }),
    { nil: undefined },
  ),
  reporting: fc.option(
    fc.record({
      periodicity: fc.constantFrom(
        "year" as const,
        "semester" as const,
        "quarter" as const,
        "month" as const,
      ),
      graceDays: fc.integer({ min: 0, max: 30 }),
      from: dateArb,
      submittedPeriodKeys: fc.array(
        fc.constantFrom("2024", "2024-S1", "2024-Q3", "2024-05", "2025-02"),
      ),
    }),
    { nil: undefined },
  ),
  schedule: fc.option(fc.record({ endDate: dateArb, finished: fc.boolean() }), { nil: undefined }),
  forecast: fc.option(
    fc.record({
      probabilityOfMeeting: fc.double({ min: 0, max: 1, noNaN: true }),
      targetDate: dateArb,
      basedOnPeriodKey: fc.constant("2025"),
    }),
    { nil: undefined },
  ),
  statuses: fc.option(
    fc.record({
      previous: fc.record({ periodKey: fc.constant("2025-Q1"), status: statusArb }),
      current: fc.record({ periodKey: fc.constant("2025-Q2"), status: statusArb }),
    }),
    { nil: undefined },
  ),
});

describe("alert properties", () => {
  it("is idempotent: the same input gives the same alerts and keys", () => {
    fc.assert(
      fc.property(fc.array(subjectArb, { maxLength: 6 }), dateArb, (subjects, asOf) => {
        const first = evaluateAlerts(subjects, asOf);
        const second = evaluateAlerts(subjects, asOf);
        expect(second).toEqual(first);
        expect(new Set(first.map((a) => a.key)).size).toBe(first.length);
        expect(newAlerts(second, new Set(first.map((a) => a.key)))).toEqual([]);
      }),
    );
  });

  it("never withdraws a key as time passes with nothing new reported", () => {
    fc.assert(
      fc.property(
        fc.array(subjectArb, { maxLength: 4 }),
        dateArb,
        fc.integer({ min: 0, max: 400 }),
        (subjects, asOf, wait) => {
          const stable = subjects.map((s) => ({
            ...s,
            milestone: s.milestone && { ...s.milestone, doneDate: null },
          }));
          const later = new Date(Date.parse(asOf) + wait * 86_400_000).toISOString().slice(0, 10);
          const before = new Set(evaluateAlerts(stable, asOf).map((a) => a.key));
          const after = new Set(evaluateAlerts(stable, later).map((a) => a.key));
          for (const k of before) expect(after.has(k)).toBe(true);
        },
      ),
    );
  });
});

describe("alert lifecycle", () => {
  const open: AlertState = { state: "open" };
  const ack = {
    type: "acknowledge" as const,
    correctiveAction: "Reprogramar los talleres de julio con DIDECO",
    owner: "Jefa DIDECO",
    actionDueDate: "2025-08-31",
    acknowledgedOn: "2025-07-10",
  };

  it("goes open → acknowledged → resolved", () => {
    const a = transition(open, ack);
    expect(a).toEqual({
      ok: true,
      state: {
        state: "acknowledged",
        correctiveAction: ack.correctiveAction,
        owner: "Jefa DIDECO",
        actionDueDate: "2025-08-31",
        acknowledgedOn: "2025-07-10",
      },
    });
    if (!a.ok) throw new Error("unreachable");
    const r = transition(a.state, {
      type: "resolve",
      on: "2025-08-20",
      note: " Talleres realizados ",
    });
    expect(r).toMatchObject({
      ok: true,
      state: { state: "resolved", resolvedOn: "2025-08-20", note: "Talleres realizados" },
    });
  });

  it("requires a corrective action, an owner and dates", () => {
    const r = transition(open, {
      ...ack,
      correctiveAction: " ver ",
      owner: "  ",
      actionDueDate: "2025-07-01",
    });
    expect(r).toEqual({
      ok: false,
      errors: [
        {
          field: "correctiveAction",
          message: "Describa la acción correctiva (al menos 10 caracteres)",
        },
        { field: "owner", message: "Indique el responsable de la acción correctiva" },
        {
          field: "actionDueDate",
          message: "La fecha comprometida no puede ser anterior a la fecha de registro",
        },
      ],
    });
    const bad = transition(open, { ...ack, actionDueDate: "pronto", acknowledgedOn: "2025-13-01" });
    expect(bad.ok ? [] : bad.errors.map((e) => e.field)).toEqual([
      "acknowledgedOn",
      "actionDueDate",
    ]);
  });

  it("refuses out-of-order steps", () => {
    expect(transition(open, { type: "resolve", on: "2025-08-01" })).toEqual({
      ok: false,
      errors: [
        {
          field: "state",
          message: "Para resolver una alerta primero debe registrarse una acción correctiva",
        },
      ],
    });
    const acked = transition(open, ack);
    if (!acked.ok) throw new Error("unreachable");
    expect(transition(acked.state, ack)).toMatchObject({ ok: false, errors: [{ field: "state" }] });
    expect(transition(acked.state, { type: "resolve", on: "2025-07-01" })).toMatchObject({
      ok: false,
      errors: [
        {
          field: "on",
          message: "La fecha de resolución no puede ser anterior a la acción correctiva",
        },
      ],
    });
    const resolved = transition(acked.state, { type: "resolve", on: "2025-07-11" });
    if (!resolved.ok) throw new Error("unreachable");
    expect(transition(resolved.state, { type: "resolve", on: "2025-07-12" })).toEqual({
      ok: false,
      errors: [{ field: "state", message: "La alerta ya está resuelta" }],
    });
  });
});
