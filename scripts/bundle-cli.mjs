#!/usr/bin/env node
/**
 * Start-up bundle of `debrief lint` and `debrief timeline` (run by `npm run build` after tsc): the compiled CLI
 * entry and those commands' modules, with the pure-JS packages they import at start-up (zod, commander, luxon), in a
 * few ES module files under dist/cli/bundle/, plus the timeline's worker-thread entries. Resolving and compiling
 * ~200 separate modules cost `debrief lint FILE` ~100 ms of its start, and a timeline paid it again in every worker;
 * the bundle is made from tsc's own output, so it runs exactly the compiled code.
 *
 * bin/debrief.js uses it for `lint` and `timeline` only, and only while it is newer than dist/cli/main.js (a later
 * `tsc` alone leaves it stale, and the launcher then loads dist/ as before). Every other command, and anything
 * loaded on demand (yaml, remark, the other commands' modules), stays in dist/ and node_modules.
 * Without esbuild (a production-only install) the bundle is skipped and the CLI runs from dist/ as before.
 */
import { existsSync, rmSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const outdir = join(dist, "cli", "bundle");
const commandsDir = join(dist, "cli", "commands");
/** Packages bundled in: pure JavaScript, on the lint path at start-up. Every other package stays an import. */
const BUNDLED_PACKAGES = new Set(["zod", "commander", "luxon"]);
/** The commands whose modules go into the bundle; the others are imported from dist/ when they run. */
const BUNDLED_COMMANDS = new Set(["lint.js", "timeline.js"]);
/**
 * Worker-thread entries of bundled code, written beside the chunks under the same names: a worker is started on
 * `new URL("./collect-worker.js", import.meta.url)` (util/worker-pool.ts), which in a bundled chunk means this
 * folder. Each worker then loads a few files instead of ~120 modules, once per worker.
 */
const WORKER_ENTRIES = {
  "collect-worker": join(dist, "timeline", "collect-worker.js"),
  "read-worker": join(dist, "evidence", "read-worker.js"),
};

const entry = join(dist, "cli", "main.js");
if (!existsSync(entry)) {
  process.stderr.write("bundle-cli: dist/cli/main.js is missing; run tsc first\n");
  process.exit(1);
}
let esbuild;
try {
  esbuild = await import("esbuild");
} catch {
  process.stderr.write(
    "bundle-cli: esbuild is not installed; skipping the start-up bundle (the CLI runs from dist/)\n",
  );
  process.exit(0);
}

/** @type {import("esbuild").Plugin} */
const keepOutside = {
  name: "keep-outside",
  setup(build) {
    // bare package names: bundled only when listed (the first path segment, or two for a scoped package)
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith("node:")) return { path: args.path, external: true };
      const parts = args.path.split("/");
      const name = args.path.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
      return BUNDLED_PACKAGES.has(name) ? undefined : { path: args.path, external: true };
    });
    // the command index's dynamic imports of the other commands: left as imports of their compiled modules
    build.onResolve({ filter: /^\.\/[\w-]+\.js$/ }, (args) => {
      if (args.importer !== join(commandsDir, "index.js") || BUNDLED_COMMANDS.has(args.path.slice(2))) return undefined;
      const target = relative(outdir, join(commandsDir, args.path)).split("\\").join("/");
      return { path: target.startsWith(".") ? target : `./${target}`, external: true };
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
await esbuild.build({
  entryPoints: { main: entry, ...WORKER_ENTRIES },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // commander is CommonJS: its require() of Node's modules needs a real require in an ES module bundle
  banner: {
    js: 'import { createRequire as __debriefRequire } from "node:module";\nconst require = __debriefRequire(import.meta.url);',
  },
  plugins: [keepOutside],
  chunkNames: "chunk-[hash]",
  logLevel: "warning",
  legalComments: "eof",
});
process.stdout.write(`bundle-cli: wrote ${relative(root, outdir)}/\n`);
