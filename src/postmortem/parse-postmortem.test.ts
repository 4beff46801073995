import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Postmortem } from "../model/postmortem.js";
import { lineIndexOf, originalOf, parsePostmortem } from "./parse-postmortem.js";
import { matchSectionHeading } from "./sections.js";
import { LineIndex } from "./source-text.js";

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "fixtures", name), "utf8");

describe("parsePostmortem on the standard template", () => {
  const parsed = parsePostmortem(fixture("standard.md"), "incidents/2025-02-09/postmortem.md");
  const pm = parsed.postmortem;

  it("reads the front matter, keeping unknown keys", () => {
    expect(parsed.problems).toEqual([]);
    expect(pm.frontMatter).toMatchObject({
      id: "2025-02-09-checkout-errors",
      severity: "SEV2",
      status: "in-review",
      window: { start: "2025-02-09T10:00:00Z", end: "2025-02-09T11:00:00Z" },
      services: ["api", "checkout"],
      authors: ["dana", "Łukasz Nowak"],
      resolvedAt: "2025-02-09T10:40:00Z",
      distributedAt: null,
      followUpReview: "2025-03-09",
      "x-team-note": "kept verbatim",
    });
    expect(parsed.frontMatterPosition).toEqual({ line: 1, column: 1, endLine: 18, endColumn: 4 });
  });

  it("finds every standard section in order, with exact body bytes", () => {
    expect(pm.sections.map((s) => s.key)).toEqual([
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
    const lines = new LineIndex(parsed.source);
    for (const s of pm.sections) {
      const [start, end] = lines.range(s.position);
      expect(parsed.source.slice(start, end).endsWith(s.markdown)).toBe(true);
      expect(parsed.source.slice(start, end)).toMatch(/^## /);
    }
  });

  it("reads summary, impact and root cause", () => {
    expect(pm.summary).toContain("« paiement refusé »");
    expect(pm.summary).not.toContain("<!--");
    expect(pm.impact).toEqual({
      duration: "17 min (10:05:23 – 10:22:10)",
      usersAffected: "~4,100",
      requestsFailed: "18,240",
      errorRatePeak: "31.2 %",
      revenue: "0.4 % of the monthly error budget",
    });
    expect(pm.rootCause).toMatch(/^Release v2\.3\.0 lowered/);
  });

  it("reads timeline rows with unescaped pipes and row positions", () => {
    expect(pm.timeline).toHaveLength(5);
    expect(pm.timeline[4]).toMatchObject({
      time: "2025-02-09 10:22:10",
      event: "Rollback to v2.2.9 complete | traffic recovers",
      source: "`evidence/deploys.log:5`",
      actor: "@dana",
    });
    const line = pm.timeline[0]?.position?.line ?? 0;
    expect(parsed.source.split("\n")[line - 1]).toContain("Deploy v2.3.0 rolled out");
  });

  it("reads factors by level, with suggestion tags, categories and evidence", () => {
    expect(pm.factors.map((f) => [f.level, f.suggested, f.category])).toEqual([
      ["immediate", false, "capacity"],
      ["contributing", false, "capacity"],
      ["contributing", true, "monitoring"],
      ["systemic", false, "change"],
    ]);
    expect(pm.factors[1]?.text).toContain("2.4× weekday traffic"); // nested bullet kept with its parent
    expect(pm.factors[2]?.evidence).toEqual([{ path: "evidence/app.log", line: 230 }]);
    expect(pm.factors[2]?.text).toBe("no alert covers pool saturation; the pool logged exhaustion for 19 minutes");
  });

  it("reads the five whys chain", () => {
    expect(pm.whys.problem).toBe("checkout returned 503 for 17 minutes.");
    expect(pm.whys.steps).toHaveLength(5);
    expect(pm.whys.steps[0]).toMatchObject({
      why: "Why did checkout return 503?",
      because: "requests waited for a database connection past the gateway timeout.",
    });
    expect(pm.whys.steps[4]?.position?.line).toBeGreaterThan(pm.whys.steps[0]?.position?.line ?? 0);
  });

  it("reads lists and action items with link trackers", () => {
    expect(pm.whatWentWell).toEqual([
      "The alert fired 82 s after the first errors.",
      "Rollback tooling worked on the first try.",
    ]);
    expect(pm.lessonsLearned).toHaveLength(2);
    expect(pm.actionItems.map((a) => [a.id, a.owner, a.deadline, a.priority, a.status, a.tracker])).toEqual([
      ["AI-001", "@dana", "2025-02-20", "P1", "in-progress", "https://github.com/acme/api/issues/431"],
      ["AI-002", "team-platform", "2025-03-01", "P2", "open", "ACME-982"],
      ["AI-003", "@li", "2025-03-15", "P2", "open", null],
    ]);
    expect(pm.actionItems[2]?.action).toBe("Refresh the load-test profile with weekend traffic | monthly");
  });

  it("collects evidence references and ignores code blocks", () => {
    expect(pm.evidence).toContainEqual({ path: "evidence/nginx/access.log", line: 1021 });
    expect(pm.evidence).toContainEqual({ path: "evidence/app.log", line: 230 });
  });

  it("produces a value the zod model accepts", () => {
    expect(Postmortem.safeParse(pm).success).toBe(true);
  });
});

describe("parsePostmortem on documents written elsewhere", () => {
  it("Google SRE style: prose impact, nested lessons, list timeline, table without IDs", () => {
    const parsed = parsePostmortem(fixture("google-style.md"), "google/postmortem.md");
    const pm = parsed.postmortem;
    const codes = parsed.problems.map((p) => p.code);
    expect(codes).toContain("front-matter-missing");
    expect(codes).toContain("impact-unstructured");
    expect(codes).toContain("timeline-not-table");
    expect(codes.filter((c) => c === "section-unrecognised")).toHaveLength(2); // Resolution, Detection
    expect(pm.frontMatter.title).toBe("Tile Renderer Overload Postmortem (incident #2231)");
    expect(pm.rootCause).toContain("A sudden traffic spike"); // Trigger merged into root cause
    expect(pm.whatWentWell).toHaveLength(2);
    expect(pm.whatWentWrong).toHaveLength(2);
    expect(pm.sections.find((s) => s.key === "whereWeGotLucky")?.depth).toBe(3);
    expect(pm.timeline.map((r) => r.time)).toEqual(["09:02", "09:05", "09:07", "09:09", "09:15", "09:59"]);
    expect(pm.actionItems.map((a) => [a.id, a.owner])).toEqual([
      ["AI-001", "ravi"],
      ["AI-002", "okafor"],
      ["AI-003", "lindgren"],
      ["AI-004", "mbeki"],
    ]);
    expect(pm.sections.at(-1)?.key).toBe("appendix");
    expect(Postmortem.safeParse(pm).success).toBe(true);
  });

  it("PagerDuty style with CRLF and setext headings: action items as a list", () => {
    const source = fixture("pagerduty-style-crlf.md");
    expect(source).toContain("\r\n");
    const parsed = parsePostmortem(source, "pd/postmortem.md");
    const pm = parsed.postmortem;
    expect(pm.sections.map((s) => s.key)).toEqual([
      "summary",
      "summary",
      "impact",
      null,
      "timeline",
      "rootCause",
      null,
      "actionItems",
      "lessonsLearned",
    ]);
    expect(pm.impact).toMatchObject({ duration: "45 minutes", usersAffected: "312", webhooksDelayed: "48,200" });
    expect(pm.actionItems[0]).toMatchObject({
      id: "PAY-201",
      owner: "@priya",
      deadline: "2024-06-14",
      priority: "P1",
      status: "done",
    });
    expect(pm.actionItems[1]).toMatchObject({
      owner: "payments-oncall",
      deadline: "2024-06-21",
      status: "open",
      tracker: "https://jira.example.com/browse/PAY-202",
    });
    expect(pm.actionItems[2]).toMatchObject({ owner: null, deadline: null, tracker: null });
    expect(parsed.problems.map((p) => p.code)).toContain("action-items-not-table");
    // positions count CRLF as one line break
    const overview = pm.sections[0];
    expect(overview?.position.line).toBe(4);
    expect(pm.lessonsLearned).toEqual(["Failover testing covered the broker, not its clients."]);
  });

  it("messy file: BOM, numbered headings, short table rows, unrecognised sections and odd whys", () => {
    const parsed = parsePostmortem(fixture("messy.md"), "messy/postmortem.md");
    const pm = parsed.postmortem;
    expect(pm.sections.map((s) => [s.key, s.heading])).toEqual([
      ["summary", "2. Incident Summary"],
      ["timeline", "5. Timeline (UTC)"],
      [null, "Random notes"],
      ["fiveWhys", "Five whys"],
      ["actionItems", "Action items"],
      ["lessonsLearned", "Lessons Learned"],
    ]);
    expect(pm.sections[0]?.position).toMatchObject({ line: 1, column: 2 }); // after the BOM
    expect(pm.timeline.map((r) => [r.time, r.event, r.actor])).toEqual([
      ["09:00", "cron starts | nightly", "cron"],
      ["09:04", "", ""],
      ["09:10", "disk full on `db-2`", "ops"],
    ]);
    const problems = parsed.problems.map((p) => [p.code, p.position?.line]);
    expect(problems).toContainEqual(["table-row-malformed", 10]);
    expect(problems).toContainEqual(["why-step-unrecognised", 30]);
    expect(pm.whys.steps.map((s) => s.because)).toEqual([
      "The disk filled up.",
      "the rotation job had been disabled since the migration.",
    ]);
    expect(pm.actionItems[0]).toMatchObject({
      id: "AI-001",
      action: "Alert at 80 % disk on database hosts",
      owner: "dba-team",
    });
  });

  it("reports invalid front matter YAML with a line and still reads the body", () => {
    const source = "---\nid: x\ntitle: [unclosed\n---\n\n## Summary\n\nText.\n";
    const parsed = parsePostmortem(source, "bad/postmortem.md");
    expect(parsed.problems[0]?.code).toBe("front-matter-invalid");
    expect(parsed.problems[0]?.position?.line).toBeGreaterThanOrEqual(2);
    expect(parsed.postmortem.summary).toBe("Text.");
    expect(parsed.postmortem.frontMatter.id).toBe("bad");
  });

  it("reports an alias before its anchor and an alias bomb as problems, not exceptions", () => {
    for (const [yaml, message] of [
      ["id: x\ntitle: *t\nseverity: &t SEV2", /alias must come after its anchor/],
      [
        `id: x\ntitle: t\nseverity: SEV2\na: &a [1, 1]\nb: [${Array(60).fill("*a").join(", ")}]`,
        /aliases expand more than 50/,
      ],
    ] as const) {
      const parsed = parsePostmortem(`---\n${yaml}\n---\n\n## Summary\n\nText.\n`, "alias/postmortem.md");
      expect(parsed.problems[0]?.code).toBe("front-matter-invalid");
      expect(parsed.problems[0]?.message).toMatch(message);
      expect(parsed.postmortem.summary).toBe("Text.");
    }
  });

  it("reports wrongly typed front-matter fields by key and keeps the valid ones", () => {
    const source = "---\nid: 465\ntitle: T\nseverity: SEV1\nstatus: finished\nservices: api\n---\n";
    const parsed = parsePostmortem(source, "x/postmortem.md");
    const fm = parsed.postmortem.frontMatter;
    expect(fm.id).toBe("465");
    expect(fm.status).toBe("draft");
    expect(fm.services).toEqual([]);
    const invalid = parsed.problems.filter((p) => p.code === "front-matter-field-invalid");
    expect(invalid.map((p) => p.position?.line).sort()).toEqual([5, 6]);
  });

  it("handles empty input, front matter only and a document with no headings", () => {
    expect(parsePostmortem("", "e.md").postmortem.sections).toEqual([]);
    expect(parsePostmortem("---\nid: a\ntitle: b\nseverity: SEV3\n---\n", "f.md").problems).toEqual([]);
    const prose = parsePostmortem("Just some prose\nabout an outage.\n", "p.md");
    expect(prose.postmortem.sections).toEqual([]);
    expect(prose.problems.map((p) => p.code)).toEqual(["front-matter-missing"]);
  });

  it("matches headings loosely", () => {
    expect(matchSectionHeading("5. Timeline")).toBe("timeline");
    expect(matchSectionHeading("Root Cause Analysis")).toBe("rootCause");
    expect(matchSectionHeading("INCIDENT SUMMARY")).toBe("summary");
    expect(matchSectionHeading("Corrective and Preventative Measures")).toBe("actionItems");
    expect(matchSectionHeading("Lessons learned")).toBe("lessonsLearned");
    expect(matchSectionHeading("Timeline (all times UTC)")).toBe("timeline");
    expect(matchSectionHeading("What didn't go well")).toBe("whatWentWrong");
    expect(matchSectionHeading("Resolution and Recovery")).toBeNull();
    expect(matchSectionHeading("Impact on the checkout team's roadmap planning")).toBeNull();
  });
});

describe("parsePostmortem on pathological input", () => {
  it("reads a paragraph with thousands of emphasis delimiters as text, keeping the characters", () => {
    const item = "glob *.log and snake_case_name ".repeat(300).trim();
    const source = `## What Went Well\n\n- ${item}\n\n## Lessons Learned\n\n- *Pools* are _capacity_\n`;
    const pm = parsePostmortem(source, "p.md").postmortem;
    expect(pm.whatWentWell).toEqual([item]);
    // a normal block next to it still gets emphasis parsed
    expect(pm.lessonsLearned).toEqual(["Pools are capacity"]);
  });

  it("survives nesting far deeper than any document (quotes and lists)", () => {
    const quotes = parsePostmortem(`## Summary\n\n${">".repeat(20_000)} deep\n`, "q.md");
    expect(quotes.postmortem.sections.map((s) => s.key)).toEqual(["summary"]);
    expect(quotes.postmortem.summary?.endsWith("deep")).toBe(true);
    const lists = Array.from({ length: 300 }, (_, i) => `${" ".repeat(i * 2)}- level ${i}`).join("\n");
    const parsed = parsePostmortem(`## What Went Wrong\n\n${lists}\n`, "l.md");
    expect(parsed.postmortem.whatWentWrong.join(" ")).toContain("level 299");
  });
});

describe("parsePostmortem properties", () => {
  const markdownish = fc.string({
    unit: fc.constantFrom(
      ..."abc XYZ 09:\n\r\t|-*#>`~_[]()!<>\\:=.1\u00e9\u{1F691}\ufeff".split(""),
      "---\n",
      "## Timeline\n",
      "| a | b |\n|---|---|\n",
      "<!-- debrief:begin x hash=abc -->\n",
      "1. **Why** x? **Because** y\n",
    ),
    maxLength: 400,
  });

  it("never throws on arbitrary text and reports positions inside the text", () => {
    fc.assert(
      fc.property(fc.oneof(markdownish, fc.string({ unit: "binary", maxLength: 300 })), (text) => {
        const parsed = parsePostmortem(text, "any.md");
        const lines = new LineIndex(text);
        for (const p of parsed.problems) {
          if (p.position) expect(p.position.line).toBeLessThanOrEqual(lines.lineCount);
        }
        for (const s of parsed.postmortem.sections) {
          const [start, end] = lines.range(s.position);
          expect(text.slice(start, end).endsWith(s.markdown)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe("the parse snapshot", () => {
  it("is a deep copy of the front matter as parsed, own keys and all", () => {
    const source = [
      "---",
      "id: x",
      "title: T",
      "severity: SEV2",
      "window: { start: '2025-01-01T00:00:00Z', end: null }",
      "tags: [a, [b, c]]",
      "nested: { deep: { list: [1, true, .nan] } }",
      '"__proto__": { polluted: yes }',
      "---",
      "",
      "## Summary",
      "",
      "Text.",
      "",
    ].join("\n");
    const parsed = parsePostmortem(source, "x.md");
    const snapshot = originalOf(parsed)?.frontMatter;
    expect(snapshot).toStrictEqual(structuredClone(parsed.postmortem.frontMatter));
    expect(snapshot).not.toBe(parsed.postmortem.frontMatter);
    expect(Object.hasOwn(snapshot ?? {}, "__proto__")).toBe(Object.hasOwn(parsed.postmortem.frontMatter, "__proto__"));
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    parsed.postmortem.frontMatter.window = { start: "changed" };
    (parsed.postmortem.frontMatter.tags as unknown[]).push("more");
    expect(originalOf(parsed)?.frontMatter.window).toEqual({ start: "2025-01-01T00:00:00Z", end: null });
    expect(originalOf(parsed)?.frontMatter.tags).toEqual(["a", ["b", "c"]]);
  });

  it("keeps the parser's line index for lint while the source is unchanged", () => {
    const parsed = parsePostmortem("## Summary\n\nText.\n", "x.md");
    const lines = lineIndexOf(parsed);
    expect(lineIndexOf(parsed)).toBe(lines);
    expect(lineIndexOf({ ...parsed, source: "## Summary\r\n\r\nOther.\r\n" })).not.toBe(lines);
    expect(lineIndexOf({ ...parsed, source: "a\nb" }).lineCount).toBe(2);
  });
});
