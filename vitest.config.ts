import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "scripts/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // the JSON report lets .ci/run print one plain "N passed, N failed" line whatever the outcome
    reporters: ["default", ["json", { outputFile: ".vitest-results.json" }]],
  },
});
