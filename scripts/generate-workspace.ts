/**
 * Command line of the example-workspace generator (src/insights/workspace-generator): N incident folders with
 * post-mortems in the standard format and planted recurrence groups in `OUT/truth.json`.
 *
 *   node --import tsx scripts/generate-workspace.ts --count 40 --seed 7 --out /tmp/ws [--start 2025-01-01] [--months 18]
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type GenerateWorkspaceOptions,
  generateWorkspace,
} from "../src/insights/workspace-generator/generate-workspace.js";

export {
  type GenerateWorkspaceOptions,
  generateWorkspace,
  type WorkspaceTruth,
} from "../src/insights/workspace-generator/generate-workspace.js";

function parseArgs(argv: string[]): GenerateWorkspaceOptions {
  const get = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const count = Number(get("--count") ?? "40");
  const seed = Number(get("--seed") ?? "1");
  const out = get("--out");
  if (!out) throw new Error("--out DIR is required");
  const opts: GenerateWorkspaceOptions = { count, seed, out: resolve(out) };
  const start = get("--start");
  if (start) opts.start = start;
  const months = get("--months");
  if (months) opts.months = Number(months);
  return opts;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const opts = parseArgs(process.argv.slice(2));
    const truth = generateWorkspace(opts);
    process.stderr.write(
      `wrote ${truth.count} incidents (${truth.groups.length} recurrence groups, ${truth.singletons.length} singletons) to ${opts.out}\n`,
    );
  } catch (error) {
    process.stderr.write(`generate-workspace: ${(error as Error).message}\n`);
    process.exitCode = 2;
  }
}
