import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./support/run-cli.js";

const SMALL = join(import.meta.dirname, "..", "src", "insights", "fixtures", "small-workspace");

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "debrief-cli-ws-"));
  cpSync(SMALL, dir, { recursive: true });
  return dir;
}

async function cli(args: string[], cwd: string) {
  return runCli(args, { cwd, env: { NO_COLOR: "1" } });
}

describe("debrief index", () => {
  it("indexes a workspace, then reports nothing changed", async () => {
    const ws = workspace();
    const first = await cli(["index", ws, "--json"], ws);
    expect(first.code).toBe(0);
    const report = JSON.parse(first.out) as Record<string, unknown>;
    expect(report).toMatchObject({ incidents: 4, actionItems: 6, added: 4, rebuilt: true, fileProblems: 0 });
    expect(typeof report.elapsedMs).toBe("number");
    const second = await cli(["index"], ws);
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/4 incidents, 6 action items/);
    expect(second.out).toMatch(/0 added, 0 updated, 0 removed, 4 unchanged/);
  });

  it("exits 1 when a file cannot be used, naming the file and line", async () => {
    const ws = workspace();
    writeFileSync(join(ws, "2025-01-10-checkout-pool/timeline.json"), '{\n  "milestones": [,\n');
    const r = await cli(["index", "."], ws);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/2025-01-10-checkout-pool\/timeline\.json:2: timeline-invalid: .*not valid JSON/);
  });

  it("warns and rebuilds a corrupt index", async () => {
    const ws = workspace();
    await cli(["index", ws], ws);
    writeFileSync(join(ws, ".debrief/index.sqlite"), "garbage".repeat(1000));
    for (const s of ["-wal", "-shm"]) writeFileSync(join(ws, `.debrief/index.sqlite${s}`), "");
    const r = await cli(["index", ws], ws);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/debrief index: warning: index .*index\.sqlite is corrupt/);
    expect(r.out).toMatch(/4 added/);
  });

  it("exits 2 for a missing workspace, without a stack trace", async () => {
    const ws = workspace();
    const r = await cli(["index", "no-such-folder"], ws);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^debrief: .*no-such-folder: workspace .*no-such-folder does not exist\n$/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});

describe("debrief search", () => {
  it("prints ranked hits with snippets, JSON with plain snippets, and exit 1 when nothing matches", async () => {
    const ws = workspace();
    const text = await cli(["search", "connection", "pool", "-w", ws], ws);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^1\. INC-A Checkout errors from connection pool exhaustion \(SEV2\)/);
    expect(text.out).toContain("[connection] [pool]");
    const json = await cli(["search", "certificate", "--json", "--limit", "1"], ws);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.out) as { hits: Array<Record<string, unknown>>; mode: string };
    expect(parsed.mode).toBe("all");
    expect(parsed.hits).toHaveLength(1);
    expect(Object.keys(parsed.hits[0] ?? {}).sort()).toEqual(
      ["id", "incidentDir", "path", "rank", "score", "severity", "snippet", "title"].sort(),
    );
    expect(String(parsed.hits[0]?.snippet)).not.toMatch(/[[\]]/);
    const none = await cli(["search", "kubernetes"], ws);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/no post-mortem matches "kubernetes"/);
  });

  it("rejects a bad --limit with exit 2", async () => {
    const ws = workspace();
    const r = await cli(["search", "pool", "--limit", "0"], ws);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--limit expects a positive whole number/);
  });
});

describe("debrief review", () => {
  it("lists overdue and due-soon items by owner for a fixed date", async () => {
    const ws = workspace();
    const r = await cli(["review", ws, "--as-of", "2025-06-01"], ws);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/4 open action items, 1 overdue, 1 due within 7 days, 1 without a deadline \(2 closed\)/);
    expect(r.out).toMatch(/dana: 1 open, 1 overdue/);
    expect(r.out).toMatch(/overdue 31d\s+P1\s+INC-A AI-002/);
    expect(r.out).toContain("2025-01-10-checkout-pool/postmortem.md:72");
    expect(r.out).toMatch(/1 item\(s\) due later are not shown/);
    const all = await cli(["review", ws, "--as-of", "2025-06-01", "--all"], ws);
    expect(all.out).toContain("INC-C AI-001");
  });

  it("prints JSON, writes an ICS file, and exits 1 with --fail-on-overdue", async () => {
    const ws = workspace();
    const ics = join(ws, "review.ics");
    const r = await cli(
      [
        "review",
        ".",
        "--as-of",
        "2025-06-01",
        "--due-within",
        "2w",
        "--json",
        "--ics",
        "review.ics",
        "--fail-on-overdue",
      ],
      ws,
    );
    expect(r.code).toBe(1);
    const parsed = JSON.parse(r.out) as {
      asOf: string;
      dueWithinDays: number;
      totals: Record<string, number>;
      byOwner: unknown[];
    };
    expect(parsed).toMatchObject({ asOf: "2025-06-01", dueWithinDays: 14 });
    expect(parsed.totals).toMatchObject({ open: 4, overdue: 1, dueSoon: 1 });
    expect(existsSync(ics)).toBe(true);
    expect(readFileSync(ics, "utf8")).toContain("RRULE:FREQ=WEEKLY");
    expect(r.err).toContain("wrote weekly review event to review.ics");
    const clean = await cli(["review", ".", "--as-of", "2025-04-01", "--fail-on-overdue"], ws);
    expect(clean.code).toBe(0);
  });

  it("rejects bad flags with exit 2", async () => {
    const ws = workspace();
    expect((await cli(["review", ws, "--due-within", "soon"], ws)).code).toBe(2);
    expect((await cli(["review", ws, "--due-within", "36h"], ws)).err).toMatch(/whole days or weeks/);
    expect((await cli(["review", ws, "--as-of", "2025-02-31"], ws)).code).toBe(2);
    expect((await cli(["review", ws, "--ics-start", "tomorrow"], ws)).code).toBe(2);
  });
});

describe("debrief insights", () => {
  it("prints metrics and recurring patterns, JSON with definitions, and writes HTML", async () => {
    const ws = workspace();
    const text = await cli(["insights", ws, "--as-of", "2025-06-01"], ws);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/Insights for 4 of 4 incidents, as of 2025-06-01/);
    expect(text.out).toMatch(/all\s+4\s+4m 30s\s+3m 30s\s+8m 30s/);
    expect(text.out).toMatch(/Post-mortems complete: 75\.0% \(3\/4\)/);
    const json = await cli(["insights", ws, "--as-of", "2025-06-01", "--json", "--html", "report.html"], ws);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.out) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(
      expect.arrayContaining([
        "overall",
        "bySeverity",
        "byService",
        "frequency",
        "trend",
        "postmortems",
        "actionItems",
        "recurring",
        "definitions",
      ]),
    );
    expect(readFileSync(join(ws, "report.html"), "utf8")).toMatch(/^<!doctype html>/);
    const since = await cli(["insights", ws, "--since", "2025-03-01", "--json", "--as-of", "2025-06-01"], ws);
    expect((JSON.parse(since.out) as { incidents: { considered: number } }).incidents.considered).toBe(2);
  });

  it("exits 2 on bad dates, thresholds and missing workspaces", async () => {
    const ws = workspace();
    expect((await cli(["insights", ws, "--since", "last week"], ws)).code).toBe(2);
    expect((await cli(["insights", ws, "--threshold", "2"], ws)).code).toBe(2);
    const missing = await cli(["insights", join(ws, "nope")], ws);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/does not exist/);
  });

  it("has help with examples for every workspace command", async () => {
    const ws = workspace();
    for (const cmd of ["index", "search", "review", "insights"]) {
      const r = await cli([cmd, "--help"], ws);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/Examples:\n {2}\$ debrief /);
    }
  });
});
