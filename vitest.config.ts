import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "tests/**/*.test.ts", "web/src/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Each database test opens PGlite (about 5 s and a few hundred MB): two at a time.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
