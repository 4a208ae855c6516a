import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { JobProgress } from "./jobs";
import { progressWriter } from "./progress";

describe("the progress of a read, written to its job", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("writes a 10,000-row read a handful of times: on each phase and at most every 250 ms", async () => {
    const saved: JobProgress[] = [];
    const writer = progressWriter(async (p) => {
      saved.push(p);
    });
    writer.report({ phase: "checking", done: 0, total: 10_000 });
    for (let done = 0; done <= 10_000; done += 10) {
      writer.report({ phase: "reading", done, total: 10_000 });
      vi.advanceTimersByTime(1); // 1,000 messages in one second
    }
    writer.report({ phase: "comparing", done: 0, total: 1 });
    await writer.stop();
    const phases = saved.map((s) => s.phase);
    expect(phases[0]).toBe("checking");
    expect(phases.at(-1)).toBe("comparing");
    // One second of reading: its first message, then one per 250 ms.
    expect(phases.filter((p) => p === "reading").length).toBe(5);
  });

  it("touches the job while the read says nothing, and keeps going when a write fails", async () => {
    let calls = 0;
    const saved: JobProgress[] = [];
    const writer = progressWriter(async (p) => {
      calls++;
      if (calls === 1) throw new Error("conexión perdida");
      saved.push(p);
    });
    writer.report({ phase: "reading", done: 5, total: 10 });
    await vi.advanceTimersByTimeAsync(65_000);
    await writer.stop();
    expect(calls).toBe(3);
    expect(saved).toEqual([
      { phase: "reading", done: 5, total: 10 },
      { phase: "reading", done: 5, total: 10 },
    ]);
    // Stopped: no more heartbeats.
    await vi.advanceTimersByTimeAsync(65_000);
    expect(calls).toBe(3);
  });
});
