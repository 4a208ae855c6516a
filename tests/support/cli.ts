import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = path.join(ROOT, "bin/rumbo.mjs");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `rumbo <args>` as a separate process with the given environment
 * additions; `input` is written to its standard input (otherwise it has none).
 */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
  options: { input?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: "warn", ...env },
      stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    if (options.input !== undefined) child.stdin!.end(options.input);
    let stdout = "";
    let stderr = "";
    // Decode as a stream: a multi-byte character may straddle two chunks.
    child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `rumbo serve` and resolves once it prints its URL. */
export function startServe(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "serve"], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: "warn", PORT: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    const onData = (d: string) => {
      out += d;
      const m = /funcionando en (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]!.replace(/\/$/, ""), output: () => out });
    };
    child.stdout!.setEncoding("utf8").on("data", onData);
    child.stderr!.setEncoding("utf8").on("data", onData);
    child.on("close", (code) =>
      reject(new Error(`rumbo serve terminó (${code}) antes de estar listo:\n${out}`)),
    );
  });
}

export function waitForExit(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.on("close", (code) => resolve(code));
  });
}
