import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { Timeline } from "../src/model/timeline.js";
import { runCli } from "./support/run-cli.js";

const EXAMPLE = join(import.meta.dirname, "..", "examples", "incidents", "api-degradation");

async function cli(args: string[]) {
  return runCli(args, { cwd: EXAMPLE });
}

describe("debrief timeline", () => {
  it("prints the Markdown table by default, with milestones and findings", async () => {
    const r = await cli(["timeline", "evidence"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("| Time | Event | Source | Actor |");
    expect(r.out).toContain("**Impact start**");
    expect(r.out).toContain("### Findings");
    expect(r.err).toMatch(/debrief timeline: [\d,]+ events from \d+ file\(s\)/);
  });

  it("prints the JSON contract with --json, paths relative to the incident folder", async () => {
    const r = await cli(["timeline", "--incident", ".", "--json"]);
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.out) as Record<string, unknown>;
    expect(() => Timeline.parse(parsed)).not.toThrow();
    const t = Timeline.parse(parsed);
    expect(t.milestones.impactStart?.evidence[0]?.path).toBe("evidence/nginx-access.log");
    expect(parsed).toHaveProperty("analysis.impact.failedRequests");
    expect(parsed).toHaveProperty("sources");
  });

  it("honours --from/--to and --detail", async () => {
    const r = await cli([
      "timeline",
      "evidence",
      "--json",
      "--from",
      "2025-02-09T10:00:00Z",
      "--to",
      "2025-02-09T10:30:00Z",
    ]);
    const t = Timeline.parse(JSON.parse(r.out));
    expect(t.window).toEqual({ start: "2025-02-09T10:00:00.000Z", end: "2025-02-09T10:30:00.000Z" });
    expect(t.entries.every((e) => e.time >= "2025-02-09T08:00:00.000Z")).toBe(true);
    const detail = Timeline.parse(JSON.parse((await cli(["timeline", "evidence", "--json", "--detail"])).out));
    const plain = Timeline.parse(JSON.parse((await cli(["timeline", "evidence", "--json"])).out));
    expect(detail.entries.length).toBeGreaterThan(plain.entries.length);
  });

  it("renders a Mermaid gantt chart", async () => {
    const r = await cli(["timeline", "evidence", "--format", "mermaid"]);
    expect(r.code).toBe(0);
    expect(r.out.startsWith("```mermaid\ngantt\n")).toBe(true);
    expect(r.out).toContain(":milestone, detected,");
  });

  it("rejects bad usage with exit 2 and a clear message", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["timeline", "evidence", "--format", "xml"], /--format expects one of md, json, mermaid/],
      [["timeline", "evidence", "--json", "--format", "mermaid"], /contradict/],
      [["timeline", "evidence", "--from", "yesterday"], /--from expects an ISO-8601 time/],
      [
        ["timeline", "evidence", "--from", "2025-02-09T11:00:00Z", "--to", "2025-02-09T10:00:00Z"],
        /--to must be later/,
      ],
      [["timeline", "evidence", "--tz", "nozone"], /--tz expects FILE=ZONE/],
      [["timeline", "no-such-dir"], /no-such-dir/],
      [["timeline"], /give evidence paths, or --incident DIR/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(/\n\s+at /);
      expect(r.out).toBe("");
    }
  });

  it("documents itself with examples", async () => {
    const r = await cli(["timeline", "--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Examples:");
    expect(r.out).toContain("--correct-skew");
  });
});

describe("debrief timeline on bad input", () => {
  async function runIn(dir: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const code = await main(["node", "debrief", ...args], {
      cwd: dir,
      stdout: (t) => {
        out += t;
      },
      stderr: (t) => {
        err += t;
      },
    });
    return { code, out, err };
  }

  it("reads what it can from garbage and truncated files and says what is missing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "debrief-bad-"));
    try {
      writeFileSync(join(dir, "junk.log"), Buffer.from([0, 1, 2, 255, 254, 10, 65, 66, 10]));
      writeFileSync(
        join(dir, "access.log"),
        '10.0.0.1 - - [09/Feb/2025:10:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8"\n10.0.0.1 - - [09/Feb/2025:10:00:01 +0000] "GET / HT',
      );
      const r = await runIn(dir, ["timeline", dir, "--json"]);
      expect(r.code).toBe(0);
      const t = Timeline.parse(JSON.parse(r.out));
      expect(t.milestones).toEqual({});
      expect(t.findings.filter((f) => f.kind === "missing-milestone")).toHaveLength(7);
      expect(r.err).toMatch(/skipped/);
      expect(r.err).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("an empty folder is an input error (exit 2)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "debrief-empty-"));
    try {
      const r = await runIn(dir, ["timeline", dir]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/no evidence files found|debrief-empty/);
      expect(r.out).toBe("");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
