/**
 * Runs a benchmark by name: `npm run bench -- monitoring [--engine pglite|postgres]`.
 * Each benchmark prints its figures against a baseline measured in the same run.
 */
export {};

const BENCHMARKS: Record<string, () => Promise<{ run(args: string[]): Promise<void> }>> = {
  monitoring: () => import("./monitoring"),
  dashboard: () => import("./dashboard"),
  export: () => import("./export"),
  map: () => import("./map"),
  import: () => import("./import"),
};

const [benchmark, ...args] = process.argv.slice(2);
const load = benchmark ? BENCHMARKS[benchmark] : undefined;
if (!load) {
  console.error(`Uso: npm run bench -- <${Object.keys(BENCHMARKS).join("|")}> [opciones]`);
  process.exit(2);
}
await (await load()).run(args);
