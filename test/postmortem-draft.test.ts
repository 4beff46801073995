import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parsePostmortem } from "../src/postmortem/index.js";
import { runCli } from "./support/run-cli.js";

const EXAMPLE = join(import.meta.dirname, "..", "examples", "incidents", "api-degradation");

async function run(cwd: string, ...args: string[]) {
  return runCli(args, { cwd });
}

/** A copy of the example incident (evidence + debrief.yaml) plus an init'ed postmortem.md; the example is never touched. */
async function exampleIncident(): Promise<{ cwd: string; dir: string }> {
  const cwd = mkdtempSync(join(tmpdir(), "debrief-draft-"));
  const dir = join(cwd, "inc");
  cpSync(join(EXAMPLE, "evidence"), join(dir, "evidence"), { recursive: true });
  cpSync(join(EXAMPLE, "debrief.yaml"), join(dir, "debrief.yaml"));
  const init = await run(
    cwd,
    "init",
    "inc",
    "--title",
    "orders-api degradation",
    "--start",
    "2025-02-09T09:55:00Z",
    "--severity",
    "SEV2",
  );
  expect(init.code).toBe(0);
  return { cwd, dir };
}

describe("debrief draft on the example incident", () => {
  let cwd: string;
  let dir: string;
  let first: { code: number; stdout: string; stderr: string };
  let drafted: string;
  const truth = JSON.parse(readFileSync(join(EXAMPLE, "truth.json"), "utf8")) as { milestones: Record<string, string> };

  beforeAll(async () => {
    ({ cwd, dir } = await exampleIncident());
    first = await run(cwd, "draft", "inc", "--json");
    drafted = readFileSync(join(dir, "postmortem.md"), "utf8");
  });

  it("fills the timeline with a row for each milestone at the example's true times", () => {
    expect(first.code).toBe(0);
    const rows = parsePostmortem(drafted, "inc/postmortem.md").postmortem.timeline;
    const expectations: [string, string][] = [
      ["Impact start", "10:05:23"],
      ["Detected", "10:06:45"],
      ["Paged", "10:08:12"],
      ["Acknowledged", "10:12:00"],
      ["Mitigated", "10:22:10"],
      ["Resolved", "10:40:00"],
    ];
    for (const [label, time] of expectations) {
      const row = rows.find((r) => r.event.startsWith(`**${label}**`));
      expect(row?.time, label).toBe(`2025-02-09 ${time}`);
      expect(row?.source).toMatch(/^`evidence\/[^`]+:\d+`$/);
    }
    expect(truth.milestones.impactStart).toBe("2025-02-09T10:05:23.000Z");
  });

  it("reports what it did as JSON and fills the empty front matter", () => {
    const report = JSON.parse(first.stdout) as {
      written: boolean;
      blocks: { name: string; action: string }[];
      frontMatter: { key: string; value: unknown }[];
    };
    expect(report.written).toBe(true);
    expect(report.blocks.map((b) => b.action)).toEqual(report.blocks.map(() => "inserted"));
    expect(report.blocks.map((b) => b.name)).toEqual([
      "summary",
      "impact",
      "trigger",
      "timeline",
      "response",
      "factors",
      "whys",
      "went-well",
      "went-wrong",
      "action-items",
      "data-gaps",
      "evidence",
    ]);
    const fm = parsePostmortem(drafted, "p.md").postmortem.frontMatter;
    expect(fm.resolvedAt).toBe("2025-02-09T10:40:00Z");
    expect(fm.services).toEqual(["orders-api"]);
    expect(fm.window?.end).toBe("2025-02-09T10:45:00Z");
  });

  it("suggests the v2.3.0 deploy as trigger and factors from the evidence", () => {
    const pm = parsePostmortem(drafted, "p.md").postmortem;
    expect(pm.rootCause).toMatch(/\*\*Suggested trigger\*\*.*v2\.3\.0/);
    expect(pm.factors.length).toBeGreaterThan(0);
    expect(pm.factors.every((f) => f.suggested && f.evidence.length > 0)).toBe(true);
    expect(pm.factors.some((f) => f.category === "change" && /v2\.3\.0/.test(f.text))).toBe(true);
  });

  it("leaves the evidence untouched", () => {
    for (const f of ["nginx-access.log", "orders-api.jsonl", "alerts.json"]) {
      // Buffer.equals, not toEqual: a deep compare of megabytes byte by byte takes minutes
      expect(readFileSync(join(dir, "evidence", f)).equals(readFileSync(join(EXAMPLE, "evidence", f)))).toBe(true);
    }
  });

  it("re-runs without changes, keeps human edits, and reports an edited block (exit 1)", async () => {
    const again = await run(cwd, "draft", "inc");
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("inc/postmortem.md is already up to date");
    expect(readFileSync(join(dir, "postmortem.md"), "utf8")).toBe(drafted);

    const edited = drafted
      .replace("## Summary\n", "## Summary\n\nOrders failed for about half an hour.\n")
      .replace(/(\| 2025-02-09 10:12:00 \| \*\*Acknowledged\*\* — [^|]*)\|/, "$1 (by phone) |");
    expect(edited).toContain("(by phone)");
    const timelineLine = edited.split("\n").findIndex((l) => l.startsWith("<!-- debrief:begin timeline")) + 1;
    writeFileSync(join(dir, "postmortem.md"), edited);
    const third = await run(cwd, "draft", "inc");
    expect(third.code).toBe(1);
    expect(third.stderr).toContain(
      `inc/postmortem.md:${timelineLine}: block "timeline" at line ${timelineLine} was edited by hand`,
    );
    expect(readFileSync(join(dir, "postmortem.md"), "utf8")).toBe(edited);
  });

  it("--dry-run prints the document and writes nothing", async () => {
    const before = readFileSync(join(dir, "postmortem.md"), "utf8");
    const dry = await run(cwd, "draft", "inc", "--dry-run");
    expect(dry.stdout).toBe(before);
    expect(readFileSync(join(dir, "postmortem.md"), "utf8")).toBe(before);
  });
});

describe("debrief draft: bad input", () => {
  it("exits 2 with a hint when there is no postmortem.md", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "debrief-draft-"));
    const r = await run(cwd, "draft", "nowhere");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "nowhere/postmortem.md: no postmortem.md here; create the incident folder with `debrief init",
    );
  });

  it("exits 2 for an unreadable --timeline file and conflicting flags", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "debrief-draft-"));
    await run(cwd, "init", "x", "--title", "t", "--start", "2025-02-09T10:00:00Z", "--severity", "SEV3");
    writeFileSync(join(cwd, "tl.json"), '{"window": 3}');
    const bad = await run(cwd, "draft", "x", "--timeline", "tl.json");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("tl.json: not a `debrief timeline --json` result");
    const both = await run(cwd, "draft", "x", "--dry-run", "--json");
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("pick one");
    const none = await run(cwd, "draft", "x");
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(
      "x/evidence: is empty: put the incident's logs, metrics, alerts, paging and chat exports there",
    );
    expect(readFileSync(join(cwd, "x/postmortem.md"), "utf8")).toContain("## Summary");
  });

  it("refuses a non-UTF-8 or binary postmortem.md without touching it", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "debrief-draft-"));
    await run(cwd, "init", "b", "--title", "t", "--start", "2025-02-09T10:00:00Z", "--severity", "SEV3");
    const latin1 = Buffer.from("## Summary\n\nCaf\u00e9 outage\n", "latin1");
    writeFileSync(join(cwd, "b/postmortem.md"), latin1);
    const r = await run(cwd, "draft", "b");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "b/postmortem.md:3: is not valid UTF-8 (first bad byte at offset 15); nothing was changed",
    );
    expect(readFileSync(join(cwd, "b/postmortem.md")).equals(latin1)).toBe(true);
    const bytes = Buffer.from([0x50, 0x4e, 0x47, 0x00, 0x01]);
    writeFileSync(join(cwd, "b/postmortem.md"), bytes);
    const nul = await run(cwd, "draft", "b");
    expect(nul.code).toBe(2);
    expect(nul.stderr).toContain("not a text file");
    expect(readFileSync(join(cwd, "b/postmortem.md")).equals(bytes)).toBe(true);
    rmSync(cwd, { recursive: true, force: true });
    expect(existsSync(cwd)).toBe(false);
  });
});
