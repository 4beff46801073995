#!/usr/bin/env node
// Thin launcher: the CLI lives in the compiled package so startup does not pay for a TypeScript loader.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

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
const { main } = await import(entry);
process.exitCode = await main(process.argv);
