/**
 * Benchmark entry: `npm run bench` runs every suite in bench/suites.ts; `npm run bench -- evidence` runs the named
 * ones. Sizes scale with BENCH_SIZE_MB (default 1024). CI never runs this.
 */
import { SUITES } from "./suites.js";

const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const unknown = wanted.filter((w) => !SUITES.some((s) => s.name === w));
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown suite ${unknown.join(", ")}; suites: ${SUITES.map((s) => s.name).join(", ")}\n`);
  process.exitCode = 2;
} else {
  for (const suite of SUITES) {
    if (wanted.length > 0 && !wanted.includes(suite.name)) continue;
    process.stderr.write(`\n== ${suite.name}: ${suite.description}\n`);
    await suite.run();
  }
}
