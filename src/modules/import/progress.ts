import type { JobProgress } from "./jobs";

/** Progress is written at most this often within a phase (and at every change of phase). */
export const PROGRESS_EVERY_MS = 250;
/**
 * While a read is under way its job is touched at least this often, even with
 * nothing new to report (exceljs loading a large file says nothing for a few
 * seconds): jobs.ts takes a job silent for three minutes for an interrupted one.
 */
export const HEARTBEAT_MS = 30_000;

export interface ProgressWriter {
  report(p: JobProgress): void;
  /** Stops the heartbeat and waits for the writes under way. */
  stop(): Promise<void>;
}

/**
 * Writes a job's progress to the database without a write per message: the
 * worker reports every thousand rows, so a 10,000-row read writes a handful
 * of times instead of thousands. Writes run one after another, in order; one
 * that fails is dropped (progress only informs; the end state is written
 * apart, and the heartbeat retries).
 */
export function progressWriter(
  save: (p: JobProgress) => Promise<void>,
  options: { everyMs?: number; heartbeatMs?: number } = {},
): ProgressWriter {
  const everyMs = options.everyMs ?? PROGRESS_EVERY_MS;
  let latest: JobProgress = { phase: "checking", done: 0, total: 0 };
  let writtenPhase: JobProgress["phase"] | null = null;
  let writtenAt = 0;
  let chain: Promise<void> = Promise.resolve();
  const write = (p: JobProgress) => {
    writtenPhase = p.phase;
    writtenAt = Date.now();
    chain = chain.then(() => save(p)).catch(() => {});
  };
  const heartbeat = setInterval(() => write(latest), options.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();
  return {
    report(p) {
      latest = { ...p };
      if (p.phase !== writtenPhase || Date.now() - writtenAt >= everyMs) write(latest);
    },
    async stop() {
      clearInterval(heartbeat);
      await chain;
    },
  };
}
