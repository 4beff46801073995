import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./support/run-cli.js";

const GOOD = readFileSync(new URL("../src/lint/fixtures/good.md", import.meta.url), "utf8");
const BLAMEY = GOOD.replace("## Summary\n\n", "## Summary\n\nBob broke production with the deploy.\n\n");

function workspace(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), "debrief-lint-cli-"));
  for (const [rel, content] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(join(p, ".."), { recursive: true });
    writeFileSync(p, content);
  }
  return root;
}

async function run(cwd: string, ...args: string[]) {
  return runCli(["lint", ...args], { cwd, env: { NO_COLOR: "1" } });
}

describe("debrief lint", () => {
  it("exits 0 on a clean post-mortem and prints the summary", async () => {
    const cwd = workspace({ "pm.md": GOOD });
    const r = await run(cwd, "pm.md");
    expect(r.code).toBe(0);
    expect(r.out).toBe("0 errors, 0 warnings, 0 infos in 1 file\n");
  });

  it("exits 1 with compiler-style lines when an error-level finding remains", async () => {
    const cwd = workspace({ "pm.md": BLAMEY });
    const r = await run(cwd, "pm.md");
    expect(r.code).toBe(1);
    const line = BLAMEY.split("\n").findIndex((l) => l.startsWith("Bob broke")) + 1;
    expect(r.out).toContain(`pm.md:${line}:5 error blameless/person-as-cause "broke" names a person as the cause`);
    expect(r.out).toMatch(/\n {4}For example: "The deploy broke production\." Name the system condition/);
    expect(r.out).toMatch(/1 error, 0 warnings, 0 infos in 1 file\n$/);
  });

  it("exits 0 when only warnings remain, and 1 past --max-warnings", async () => {
    const cwd = workspace({ "pm.md": GOOD.replace("All times UTC.\n", "") });
    expect((await run(cwd, "pm.md")).code).toBe(0);
    expect((await run(cwd, "pm.md", "--max-warnings", "0")).code).toBe(1);
    expect((await run(cwd, "pm.md", "--max-warnings", "3")).code).toBe(0);
  });

  it("writes JSON and SARIF on stdout", async () => {
    const cwd = workspace({ "a/pm.md": BLAMEY });
    const json = await run(cwd, "a/pm.md", "--format", "json");
    const rows = JSON.parse(json.out);
    expect(rows[0]).toMatchObject({ file: "a/pm.md", rule: "blameless/person-as-cause", severity: "error" });
    expect(JSON.parse((await run(cwd, "a/pm.md", "--json")).out)).toEqual(rows);
    const sarif = JSON.parse((await run(cwd, "a/pm.md", "--format", "sarif")).out);
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].tool.driver.name).toBe("debrief");
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("a/pm.md");
  });

  it("lints every Markdown file under a directory", async () => {
    const cwd = workspace({ "pms/one.md": GOOD, "pms/sub/two.md": BLAMEY, "pms/notes.txt": "Bob broke it" });
    const r = await run(cwd, "pms");
    expect(r.code).toBe(1);
    expect(r.out).toContain(join("pms", "sub", "two.md"));
    expect(r.out).toMatch(/in 2 files\n$/);
  });

  it("--quiet keeps only errors; --list-rules lists the registry", async () => {
    const cwd = workspace({ "pm.md": BLAMEY.replace("All times UTC.\n", "") });
    const q = await run(cwd, "pm.md", "--quiet");
    expect(q.out).not.toContain("warning timeline/utc");
    expect(q.out).toContain("error blameless/person-as-cause");
    const list = await run(cwd, "--list-rules");
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/^blameless\/counterfactual\s+warning\s+/m);
  });

  it("uses the nearest .debriefrc.yaml and --config", async () => {
    const cwd = workspace({
      "pm.md": BLAMEY,
      ".debriefrc.yaml": 'rules:\n  "blameless/person-as-cause": warning\n',
      "strict.yaml": 'rules:\n  "blameless/person-as-cause": error\n',
    });
    expect((await run(cwd, "pm.md")).code).toBe(0);
    expect((await run(cwd, "pm.md", "--config", "strict.yaml")).code).toBe(1);
  });

  it("exits 2 naming file and line for a bad config", async () => {
    const cwd = workspace({ "pm.md": GOOD, ".debriefrc.yaml": 'rules:\n  "timeline/gaps": loud\n' });
    const r = await run(cwd, "pm.md");
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${join(cwd, ".debriefrc.yaml")}:2:3: invalid .debriefrc at rules.timeline/gaps`);
    expect(r.err).not.toMatch(/at .*\.ts:\d+/);
  });

  it("exits 2 for missing, binary and non-UTF-8 files, naming them", async () => {
    const cwd = workspace({
      "bin.md": new Uint8Array([35, 32, 0, 1, 2]),
      "latin1.md": new Uint8Array([...Buffer.from("# Title\n\nCaf"), 0xe9, 10]),
    });
    const missing = await run(cwd, "nope.md");
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("nope.md: no such file or directory");
    const binary = await run(cwd, "bin.md");
    expect(binary.code).toBe(2);
    expect(binary.err).toContain("bin.md: binary file");
    const latin = await run(cwd, "latin1.md");
    expect(latin.code).toBe(2);
    expect(latin.err).toMatch(/latin1\.md:3: is not valid UTF-8 \(first bad byte at offset 12\); nothing was changed/);
  });

  it("exits 2 for bad usage", async () => {
    const cwd = workspace({ "pm.md": GOOD });
    expect((await run(cwd, "pm.md", "--format", "xml")).code).toBe(2);
    expect((await run(cwd)).code).toBe(2);
    expect((await run(cwd, "pm.md", "--max-warnings", "-1")).code).toBe(2);
    expect((await run(cwd, "pm.md", "--bogus")).code).toBe(2);
  });

  it("never modifies the linted file", async () => {
    const cwd = workspace({ "pm.md": BLAMEY });
    await run(cwd, "pm.md", "--format", "sarif");
    expect(readFileSync(join(cwd, "pm.md"), "utf8")).toBe(BLAMEY);
  });

  it("reads UTF-16 files with a BOM and CRLF line endings", async () => {
    const crlf = BLAMEY.replace(/\n/g, "\r\n");
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(crlf, "utf16le")]);
    const cwd = workspace({ "pm.md": bytes });
    const r = await run(cwd, "pm.md");
    expect(r.code).toBe(1);
    expect(r.out).toContain("error blameless/person-as-cause");
  });
});
