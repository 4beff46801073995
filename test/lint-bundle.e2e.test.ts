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

// `npm run build` bundles the lint command for start-up (scripts/bundle-cli.mjs); bin/debrief.js runs `lint` from
// the bundle while it is newer than dist/cli/main.js. These tests hold the bundle to the compiled modules' output.
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

describe.runIf(canRun("4 tests of lint-bundle", "a fresh start-up bundle", fresh, "run npm run build"))(
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

  it("runs lint (and help for lint) from a bundle newer than dist/, everything else from dist/", () => {
    age(stubDist, 1_000_000);
    age(stubBundle, 2_000_000);
    expect(run("lint", "a.md")).toBe("bundle lint a.md");
    expect(run("--debug", "lint", "--format", "json", "a.md")).toBe("bundle --debug lint --format json a.md");
    expect(run("help", "lint")).toBe("bundle help lint");
    expect(run("--version")).toBe("dist --version");
    expect(run("timeline", "lint")).toBe("dist timeline lint");
  });

  it("ignores a bundle older than dist/ (a tsc-only build after it) or a missing one", () => {
    age(stubDist, 2_000_000);
    age(stubBundle, 1_000_000);
    expect(run("lint", "a.md")).toBe("dist lint a.md");
    rmSync(stubBundle);
    expect(run("lint", "a.md")).toBe("dist lint a.md");
  });
});
