import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { canRun } from "./support/skip-reason.js";

// `npm run build` bundles the lint and timeline commands for start-up (scripts/bundle-cli.mjs), the timeline's worker
// entries too; bin/debrief.js runs them from the bundle while it is newer than dist/cli/main.js. These tests hold the
// bundle to the compiled modules' output.
const root = join(import.meta.dirname, "..");
const bin = join(root, "bin", "debrief.js");
const distMain = join(root, "dist", "cli", "main.js");
const bundleMain = join(root, "dist", "cli", "bundle", "main.js");
const fresh =
  existsSync(bundleMain) && existsSync(distMain) && statSync(bundleMain).mtimeMs >= statSync(distMain).mtimeMs;

/** Every module URL a run of the launcher loads (an ESM load hook prints them on stderr). */
function loadedModules(args: string[]): string[] {
  const hook = `data:text/javascript,${encodeURIComponent(
    'export async function load(url, context, next) { console.error("LOADED " + url); return next(url, context); }',
  )}`;
  const register = `data:text/javascript,${encodeURIComponent(
    `import { register } from "node:module"; register(${JSON.stringify(hook)});`,
  )}`;
  const r = spawnSync(process.execPath, ["--import", register, bin, ...args], { cwd: root, encoding: "utf8" });
  return [...r.stderr.matchAll(/^LOADED (.*)$/gm)].map((m) => m[1] as string);
}

const files = [
  join("examples", "postmortems", "api-degradation.md"),
  ...readdirSync(join(root, "bench", "lint-eval", "postmortems"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => join("bench", "lint-eval", "postmortems", f)),
];

describe.runIf(canRun("5 tests of lint-bundle", "a fresh start-up bundle", fresh, "run npm run build"))(
  "debrief lint from the start-up bundle",
  () => {
    it("loads the bundle for lint, and dist/ for other commands", () => {
      const lint = loadedModules(["lint", files[0] as string]);
      expect(lint).toContain(pathToFileURL(bundleMain).href);
      expect(lint.filter((u) => u.includes("/dist/lint/") || u.includes("/node_modules/zod/"))).toEqual([]);
      const version = loadedModules(["--version"]);
      expect(version).toContain(pathToFileURL(distMain).href);
      expect(version).not.toContain(pathToFileURL(bundleMain).href);
    });

    it.each(["text", "json", "sarif"])("prints what the compiled modules print (--format %s)", (format) => {
      const viaBundle = spawnSync(process.execPath, [bin, "lint", "--format", format, ...files], {
        cwd: root,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
      });
      const viaDist = spawnSync(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `const { main } = await import(${JSON.stringify(pathToFileURL(distMain).href)});` +
            'process.exitCode = await main(["node", "debrief", ...process.argv.slice(1)]);',
          "lint",
          "--format",
          format,
          ...files,
        ],
        { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } },
      );
      expect(viaBundle.stdout.length).toBeGreaterThan(0);
      expect(viaBundle.stdout).toBe(viaDist.stdout);
      expect(viaBundle.stderr).toBe(viaDist.stderr);
      expect(viaBundle.status).toBe(viaDist.status);
    });

    it("runs timeline from the bundle, worker threads included, printing what the compiled modules print", () => {
      const incident = join("examples", "incidents", "api-degradation");
      // --threads 2: the files are read in worker threads started on the bundle's own worker entry
      const args = ["timeline", "--incident", incident, "--format", "json", "--threads", "2"];
      const loaded = loadedModules(args);
      expect(loaded).toContain(pathToFileURL(bundleMain).href);
      expect(loaded.filter((u) => u.includes("/dist/timeline/") || u.includes("/dist/evidence/"))).toEqual([]);
      const viaBundle = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8" });
      // a runner file, not `-e`: worker threads inherit the parent's flags, and `--input-type` fails a worker's start
      const dir = mkdtempSync(join(tmpdir(), "debrief-timeline-dist-"));
      const runner = join(dir, "run-dist.mjs");
      writeFileSync(
        runner,
        `const { main } = await import(${JSON.stringify(pathToFileURL(distMain).href)});\n` +
          'process.exitCode = await main(["node", "debrief", ...process.argv.slice(2)]);\n',
      );
      const viaDist = spawnSync(process.execPath, [runner, ...args], { cwd: root, encoding: "utf8" });
      rmSync(dir, { recursive: true, force: true });
      expect(viaBundle.status).toBe(0);
      expect(JSON.parse(viaBundle.stdout).sources.length).toBeGreaterThan(1);
      expect(viaBundle.stdout).toBe(viaDist.stdout);
      expect(viaBundle.stderr).toBe(viaDist.stderr);
    });

    it("adopts the collect workers the launcher prestarted for named files (no second set), same output", () => {
      const evidence = join("examples", "incidents", "api-degradation", "evidence");
      const named = ["nginx-access.log", "orders-api.jsonl", "kubectl-orders-db.log"].map((f) => join(evidence, f));
      // --threads 2 makes the launcher start two workers before the CLI loads (the files are under the size rule)
      const args = ["timeline", ...named, "--format", "json", "--threads", "2"];
      const workers = loadedModules(args).filter((u) => u.endsWith("/collect-worker.js"));
      expect(workers).toEqual([
        pathToFileURL(join(root, "dist", "cli", "bundle", "collect-worker.js")).href,
        pathToFileURL(join(root, "dist", "cli", "bundle", "collect-worker.js")).href,
      ]);
      const viaLauncher = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8" });
      // the same CLI without the launcher, so without prestarted workers
      const dir = mkdtempSync(join(tmpdir(), "debrief-timeline-bundle-"));
      const runner = join(dir, "run-bundle.mjs");
      writeFileSync(
        runner,
        `const { main } = await import(${JSON.stringify(pathToFileURL(bundleMain).href)});\n` +
          'process.exitCode = await main(["node", "debrief", ...process.argv.slice(2)]);\n',
      );
      const direct = spawnSync(process.execPath, [runner, ...args], { cwd: root, encoding: "utf8" });
      rmSync(dir, { recursive: true, force: true });
      expect(viaLauncher.status).toBe(0);
      expect(JSON.parse(viaLauncher.stdout).sources.length).toBe(3);
      expect(viaLauncher.stdout).toBe(direct.stdout);
      expect(viaLauncher.stderr).toBe(direct.stderr);
    });
  },
);

describe("the launcher's choice of entry", () => {
  // a launcher copy beside stub entries that say which one ran
  const tmp = mkdtempSync(join(tmpdir(), "debrief-launcher-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  mkdirSync(join(tmp, "bin"));
  mkdirSync(join(tmp, "dist", "cli", "bundle"), { recursive: true });
  copyFileSync(bin, join(tmp, "bin", "debrief.js"));
  const stub = (name: string) =>
    `export async function main(argv) { process.stdout.write(${JSON.stringify(name)} + " " + argv.slice(2).join(" ")); return 0; }\n`;
  const stubDist = join(tmp, "dist", "cli", "main.js");
  const stubBundle = join(tmp, "dist", "cli", "bundle", "main.js");
  writeFileSync(stubDist, stub("dist"));
  writeFileSync(stubBundle, stub("bundle"));
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [join(tmp, "bin", "debrief.js"), ...args], { encoding: "utf8" }).stdout;
  const age = (file: string, seconds: number) => utimesSync(file, seconds, seconds);

  it("runs lint and timeline (and their help) from a bundle newer than dist/, everything else from dist/", () => {
    age(stubDist, 1_000_000);
    age(stubBundle, 2_000_000);
    expect(run("lint", "a.md")).toBe("bundle lint a.md");
    expect(run("--debug", "lint", "--format", "json", "a.md")).toBe("bundle --debug lint --format json a.md");
    expect(run("help", "lint")).toBe("bundle help lint");
    expect(run("timeline", "lint")).toBe("bundle timeline lint");
    expect(run("help", "timeline")).toBe("bundle help timeline");
    expect(run("--version")).toBe("dist --version");
    expect(run("evidence", "lint")).toBe("dist evidence lint");
  });

  it("ignores a bundle older than dist/ (a tsc-only build after it) or a missing one", () => {
    age(stubDist, 2_000_000);
    age(stubBundle, 1_000_000);
    expect(run("lint", "a.md")).toBe("dist lint a.md");
    rmSync(stubBundle);
    expect(run("lint", "a.md")).toBe("dist lint a.md");
  });
});
