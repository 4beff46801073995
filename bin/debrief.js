#!/usr/bin/env node
// Thin launcher: the CLI lives in the compiled package so startup does not pay for a TypeScript loader.
import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const entry = join(root, "dist", "cli", "main.js");
if (!existsSync(entry)) {
  process.stderr.write(
    "debrief: the compiled CLI is missing (dist/cli/main.js); run `npm ci` or `npm run build` first\n",
  );
  process.exit(2);
}
// `debrief ... | head` closes the pipe early: that is the reader saying "enough", not an error worth a stack trace
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error && error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}
const bundle = startupBundle();
await prestartTimelineWorkers(bundle);
const { main } = await import(bundle ?? entry);
process.exitCode = await main(process.argv);

/**
 * For `debrief timeline` on two or more large files, start its collect workers now, so that they load their modules
 * while this thread loads the CLI and plans the reading (see dist/cli/timeline-prestart.js; a wrong guess costs
 * time, never output). The workers run the entry the timeline would start them on: the bundle's or dist/'s.
 */
async function prestartTimelineWorkers(bundle) {
  const words = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  if (words[0] !== "timeline") return;
  const worker = bundle
    ? join(dirname(bundle), "collect-worker.js")
    : join(root, "dist", "timeline", "collect-worker.js");
  const prestart = join(root, "dist", "cli", "timeline-prestart.js");
  if (!existsSync(worker) || !existsSync(prestart)) return;
  const { prestartTimelineWorkers } = await import(pathToFileURL(prestart).href);
  prestartTimelineWorkers(process.argv.slice(2), pathToFileURL(worker));
}

/**
 * For `debrief lint` and `debrief timeline`, the start-up bundle (scripts/bundle-cli.mjs: the same compiled modules
 * in a few files, ~100 ms less to load, and again in each timeline worker) when `npm run build` made it after
 * dist/cli/main.js; a later tsc-only build leaves it stale, and then dist/ is used as before. The command is found as
 * the CLI finds it (first word that is not a flag, after `help`).
 */
function startupBundle() {
  const words = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const command = words[0] === "help" ? words[1] : words[0];
  if (command !== "lint" && command !== "timeline") return undefined;
  const bundle = join(root, "dist", "cli", "bundle", "main.js");
  try {
    return statSync(bundle).mtimeMs >= statSync(entry).mtimeMs ? bundle : undefined;
  } catch {
    return undefined;
  }
}
