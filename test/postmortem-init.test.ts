import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { IncidentConfig } from "../src/model/incident-config.js";
import { parsePostmortem } from "../src/postmortem/index.js";
import { runCli } from "./support/run-cli.js";

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), "debrief-init-"));
});

async function run(...args: string[]) {
  return runCli(args, { cwd });
}

const BASE = ["--title", "Checkout errors", "--start", "2025-02-09T11:00:00+01:00", "--severity", "sev2"];

describe("debrief init", () => {
  it("creates postmortem.md, evidence/ and debrief.yaml that parse cleanly", async () => {
    const r = await run("init", "inc", ...BASE, "--service", "api", "--service", "checkout,api", "db");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("created inc/evidence/\ncreated inc/postmortem.md\ncreated inc/debrief.yaml\n");
    expect(statSync(join(cwd, "inc/evidence")).isDirectory()).toBe(true);
    const md = readFileSync(join(cwd, "inc/postmortem.md"), "utf8");
    const parsed = parsePostmortem(md, "inc/postmortem.md");
    expect(parsed.problems).toEqual([]);
    expect(parsed.postmortem.frontMatter).toMatchObject({
      id: "2025-02-09-checkout-errors",
      title: "Checkout errors",
      severity: "SEV2",
      status: "draft",
      window: { start: "2025-02-09T10:00:00Z", end: null },
      services: ["api", "checkout", "db"],
      resolvedAt: null,
    });
    expect(parsed.postmortem.sections.map((s) => s.key)).toEqual([
      "summary",
      "impact",
      "rootCause",
      "timeline",
      "contributingFactors",
      "fiveWhys",
      "whatWentWell",
      "whatWentWrong",
      "whereWeGotLucky",
      "lessonsLearned",
      "actionItems",
      "appendix",
    ]);
    // guidance lives in comments, so the model sees empty sections
    expect(parsed.postmortem.summary).toBeNull();
    expect(parsed.postmortem.factors).toEqual([]);
    expect(md).toContain("<!--");
    expect(md).not.toMatch(/human error|should have|blame/i);
    const yaml = readFileSync(join(cwd, "inc/debrief.yaml"), "utf8");
    // no zone unless one was given: a stated zone would hide local time read as UTC ("(assumed UTC)" marks)
    expect(yaml).not.toMatch(/^timezone:/m);
    expect(yaml).toMatch(/^# timezone: UTC/m);
    const config = IncidentConfig.parse(parse(yaml));
    expect(config).toMatchObject({
      id: "2025-02-09-checkout-errors",
      severity: "SEV2",
      services: ["api", "checkout", "db"],
      window: { start: "2025-02-09T10:00:00Z" },
      timezone: "UTC",
    });
  });

  it("never overwrites: with existing files it creates only what is missing and says so", async () => {
    mkdirSync(join(cwd, "inc"));
    writeFileSync(join(cwd, "inc/postmortem.md"), "# my notes\n");
    const r = await run("init", "inc", ...BASE, "--json");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { entries: { path: string; action: string }[] };
    expect(out.entries).toEqual([
      { path: "inc/evidence", kind: "directory", action: "created" },
      { path: "inc/postmortem.md", kind: "file", action: "kept" },
      { path: "inc/debrief.yaml", kind: "file", action: "created" },
    ]);
    expect(r.stderr).toContain("inc/postmortem.md already existed and was left untouched");
    expect(readFileSync(join(cwd, "inc/postmortem.md"), "utf8")).toBe("# my notes\n");
    const again = await run("init", "inc", ...BASE);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("kept    inc/debrief.yaml (already there, not overwritten)");
  });

  it("writes the end and zone when given", async () => {
    const r = await run(
      "init",
      "x",
      ...BASE,
      "--end",
      "2025-02-09T12:30:00Z",
      "--timezone",
      "Europe/Paris",
      "--id",
      "inc-42",
      "--author",
      "dana",
    );
    expect(r.code).toBe(0);
    const parsed = parsePostmortem(readFileSync(join(cwd, "x/postmortem.md"), "utf8"), "x/postmortem.md");
    expect(parsed.postmortem.frontMatter).toMatchObject({
      id: "inc-42",
      window: { start: "2025-02-09T10:00:00Z", end: "2025-02-09T12:30:00Z" },
      authors: ["dana"],
    });
    expect(readFileSync(join(cwd, "x/debrief.yaml"), "utf8")).toContain("timezone: Europe/Paris");
  });

  it.each([
    [["--start", "2025-02-09T10:00:00Z", "--severity", "SEV2"], "--title is required"],
    [["--title", "t", "--severity", "SEV2"], "--start is required"],
    [
      ["--title", "t", "--start", "2025-02-09T10:00:00", "--severity", "SEV2"],
      "--start expects an ISO-8601 time with a zone",
    ],
    [["--title", "t", "--start", "2025-02-09T10:00:00Z", "--severity", "high"], "--severity expects SEV1 to SEV5"],
    [
      ["--title", "t", "--start", "2025-02-09T10:00:00Z", "--end", "2025-02-09T09:00:00Z", "--severity", "SEV2"],
      "is not after --start",
    ],
    [
      ["--title", "t", "--start", "2025-02-09T10:00:00Z", "--severity", "SEV2", "--timezone", "Mars/Olympus"],
      "not a known zone",
    ],
  ])("rejects bad flags %j with exit 2", async (flags, message) => {
    const r = await run("init", "bad", ...flags);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(existsSync(join(cwd, "bad"))).toBe(false);
  });

  it("refuses a DIR that is a file", async () => {
    writeFileSync(join(cwd, "afile"), "x");
    const r = await run("init", "afile", ...BASE);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("afile: is a file, not a folder");
  });
});
