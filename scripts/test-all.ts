/**
 * The whole test suite: typecheck, lint, web build, then every Vitest test
 * (unit, database on both engines, API, CLI, browser). Prints the totals as a
 * last line "N passed, N failed" and exits non-zero when anything failed.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(root, "node_modules/.bin", name);
let passed = 0;
let failed = 0;

function step(name: string, command: string, args: string[]): boolean {
  console.log(`\n=== ${name} ===`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  const ok = result.status === 0;
  if (ok) passed += 1;
  else failed += 1;
  console.log(`--- ${name}: ${ok ? "ok" : "FALLÓ"}`);
  return ok;
}

step("typecheck", bin("tsc"), ["-p", "."]);
step("lint", bin("eslint"), [".", "--max-warnings", "0"]);
step("format", bin("prettier"), ["--check", "."]);
const built = step("build web", bin("vite"), ["build", "--logLevel", "warn"]);

console.log("\n=== vitest ===");
const report = path.join(root, ".tmp/vitest-report.json");
fs.mkdirSync(path.dirname(report), { recursive: true });
fs.rmSync(report, { force: true });
const vitestArgs = ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`];
if (!built) vitestArgs.push("--exclude", "tests/browser/**");
spawnSync(bin("vitest"), vitestArgs, { cwd: root, stdio: "inherit" });
if (fs.existsSync(report)) {
  const json = JSON.parse(fs.readFileSync(report, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numTotalTestSuites: number;
    testResults: Array<{ status: string; message?: string; name: string }>;
  };
  passed += json.numPassedTests;
  failed += json.numFailedTests;
  // A test file that fails to load counts as a failure even though it ran no test.
  for (const file of json.testResults)
    if (file.status === "failed" && file.message) {
      failed += 1;
      console.log(`Archivo de pruebas con error: ${path.relative(root, file.name)}`);
    }
} else {
  failed += 1;
  console.log("Vitest no produjo su informe.");
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
