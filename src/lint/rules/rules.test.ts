import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { blockHash, parsePostmortem } from "../../postmortem/index.js";
import type { LintConfigFile } from "../lint-config.js";
import { lintPostmortem } from "../lint-postmortem.js";
import type { LintFinding } from "../lint-types.js";
import { LINT_RULES } from "./index.js";

const GOOD = readFileSync(new URL("../fixtures/good.md", import.meta.url), "utf8");

function lint(md: string, config?: LintConfigFile): LintFinding[] {
  return lintPostmortem(parsePostmortem(md, "pm.md"), config);
}

function replace(md: string, from: string | RegExp, to: string): string {
  const out = md.replace(from, to);
  if (out === md) throw new Error(`fixture edit did not apply: ${String(from)}`);
  return out;
}

/** 1-based line of the first occurrence of `needle`. */
function lineOf(md: string, needle: string): number {
  const at = md.indexOf(needle);
  if (at < 0) throw new Error(`not in fixture: ${needle}`);
  return md.slice(0, at).split("\n").length;
}

function colOf(md: string, needle: string): number {
  const at = md.indexOf(needle);
  return at - md.lastIndexOf("\n", at - 1);
}

function addToSummary(sentence: string): string {
  return replace(GOOD, "## Summary\n\n", `## Summary\n\n${sentence}\n\n`);
}

interface Case {
  rule: string;
  edit: (md: string) => string;
  /** text on the line the finding must point at; null = document level (1:1) */
  at: string | null;
  /** substring whose column the finding must start at */
  column?: string;
  message?: RegExp;
}

const CASES: Case[] = [
  {
    rule: "structure/required-sections",
    edit: (md) => replace(md, "## Impact\n", "## Effects\n"),
    at: null,
    message: /Impact/,
  },
  {
    rule: "structure/front-matter",
    edit: (md) => replace(md, "status: published\n", ""),
    at: "---",
    message: /status/,
  },
  { rule: "structure/severity", edit: (md) => replace(md, "severity: SEV1", "severity: bad"), at: "---" },
  {
    rule: "structure/impact-figures",
    edit: (md) =>
      replace(md, /## Impact\n[\s\S]*?## Root Cause/, "## Impact\n\nMany users were affected.\n\n## Root Cause"),
    at: "## Impact",
  },
  {
    rule: "structure/parse",
    edit: (md) => replace(md, "| 2025-03-14 16:02 |", "| 2025-03-14 16:03 | short row |\n| 2025-03-14 16:02 |"),
    at: "short row",
  },
  {
    rule: "timeline/chronological",
    edit: (md) => replace(md, "2025-03-14 15:19", "2025-03-14 15:01"),
    at: "Attempted mitigation",
  },
  { rule: "timeline/utc", edit: (md) => replace(md, "All times UTC.\n", ""), at: "## Timeline" },
  {
    rule: "timeline/utc",
    edit: (md) => replace(md, "2025-03-14 15:10 ", "2025-03-14 15:10 PST "),
    at: "too many open files",
    message: /PST/,
  },
  {
    rule: "timeline/coverage",
    edit: (md) =>
      replace(replace(md, "**Impact start**: ", ""), "start: 2025-03-14T14:40:00Z", "start: 2025-03-14T14:20:00Z"),
    at: "The new dataset is announced",
    message: /impact started/,
  },
  {
    rule: "timeline/coverage",
    edit: (md) => replace(md, /\| 2025-03-14 15:58 [^\n]*\n\| 2025-03-14 16:02 [^\n]*\n/, ""),
    at: "Ranking fleet scaled",
    message: /resolved/,
  },
  {
    rule: "timeline/gaps",
    edit: (md) => replace(replace(md, "2025-03-14 15:58", "2025-03-14 17:58"), "2025-03-14 16:02", "2025-03-14 18:02"),
    at: "Error rate back to baseline",
    message: /138 min/,
  },
  {
    rule: "factors/min-count",
    edit: (md) =>
      replace(
        md,
        /## Contributing Factors\n[\s\S]*?## Five Whys/,
        "## Contributing Factors\n\n### Immediate Cause\n\n- The leak.\n\n## Five Whys",
      ),
    at: "## Contributing Factors",
  },
  {
    rule: "factors/systemic",
    edit: (md) => replace(md, "### Systemic Issues", "### More"),
    at: "## Contributing Factors",
  },
  {
    rule: "factors/immediate-cause",
    edit: (md) => replace(replace(md, "### Immediate Cause", "### First"), "## Root Cause", "## Analysis"),
    at: "## Contributing Factors",
  },
  { rule: "five-whys/depth", edit: (md) => replace(md, /4\. \*\*Why\*\*[^\n]*\n5\. [^\n]*\n/, ""), at: "3. **Why**" },
  {
    rule: "five-whys/ends-at-person",
    edit: (md) =>
      replace(
        md,
        "they replay past traffic only and nobody owns launch load modelling.",
        "the engineer forgot to update them.",
      ),
    at: "5. **Why**",
  },
  {
    rule: "action-items/present",
    edit: (md) => replace(md, /## Action Items\n[\s\S]*$/, "## Action Items\n\nNone yet.\n"),
    at: "## Action Items",
  },
  {
    rule: "action-items/owner",
    edit: (md) => replace(md, "| @marco | 2025-03-21 |", "| TBD | 2025-03-21 |"),
    at: "AI-001",
  },
  {
    rule: "action-items/deadline",
    edit: (md) => replace(md, "| 2025-03-28 |", "| ASAP |"),
    at: "AI-002",
    message: /ASAP/,
  },
  {
    rule: "action-items/deadline",
    edit: (md) => replace(md, "| 2025-03-28 |", "| 2025-02-30 |"),
    at: "AI-002",
    message: /real date/,
  },
  { rule: "action-items/priority", edit: (md) => replace(md, "| P0 | done |", "| soon | done |"), at: "AI-001" },
  {
    rule: "action-items/specific",
    edit: (md) =>
      replace(
        md,
        "Add a load-shedding flag that returns a static page for one corpus, and link it from the runbook",
        "Improve monitoring",
      ),
    at: "AI-003",
  },
  {
    rule: "blameless/person-as-cause",
    edit: () => addToSummary("Bob broke production with the 14:02 deploy."),
    at: "Bob broke",
    column: "broke",
  },
  {
    rule: "blameless/human-error",
    edit: () => addToSummary("Root cause: human error."),
    at: "Root cause: human",
    column: "human error",
  },
  {
    rule: "blameless/counterfactual",
    edit: () => addToSummary("The on-call engineer should have noticed the alert sooner."),
    at: "should have noticed",
    column: "should have",
  },
  {
    rule: "blameless/omission",
    edit: () => addToSummary("Bob forgot to update the DNS record."),
    at: "forgot to",
    column: "forgot to",
  },
  {
    rule: "blameless/hindsight",
    edit: () => addToSummary("The on-call wrongly assumed the alert was noise."),
    at: "wrongly assumed",
    column: "wrongly assumed",
  },
  {
    rule: "blameless/judgmental",
    edit: () => addToSummary("The rollout was careless."),
    at: "careless",
    column: "careless",
  },
  {
    rule: "blameless/vigilance",
    edit: () => addToSummary("Engineers must be more careful in production."),
    at: "be more careful",
    column: "be more careful",
  },
  {
    rule: "blameless/who-question",
    edit: () => addToSummary("Find out who approved this change."),
    at: "Find out who",
    column: "Find out who",
  },
  {
    rule: "follow-through/distributed",
    edit: (md) => replace(md, "distributedAt: 2025-03-15T11:30:00Z", "distributedAt: 2025-03-20T11:30:00Z"),
    at: "---",
  },
  { rule: "follow-through/tracked", edit: (md) => replace(md, "| open | SRCH-902 |", "| open | |"), at: "AI-002" },
  { rule: "follow-through/follow-up-review", edit: (md) => replace(md, "followUpReview: 2025-04-11\n", ""), at: "---" },
  { rule: "follow-through/learning-sections", edit: (md) => replace(md, "## Lessons Learned", "## Notes"), at: null },
  {
    rule: "structure/only-suggestions",
    edit: (md) =>
      replace(
        md,
        /## Root Cause\n[\s\S]*?## Timeline/,
        "## Root Cause\n\n<!-- debrief:begin trigger hash=abc -->\n**Suggested trigger** (from evidence; confirm or delete): deploy of ranking v2\n<!-- debrief:end trigger -->\n\n## Timeline",
      ),
    at: "## Root Cause",
    message: /only Debrief's suggestions/,
  },
  {
    rule: "structure/only-suggestions",
    edit: (md) => replace(md, /## Root Cause\n[\s\S]*?## Timeline/, "## Root Cause\n\nNone found.\n\n## Timeline"),
    at: "## Root Cause",
    message: /None found/,
  },
  {
    rule: "structure/only-suggestions",
    edit: (md) =>
      replace(
        md,
        "- The ranking subsystem leaked a file descriptor for each query with no matching document.",
        "- **Suggested (immediate, software):** ranking leaked descriptors. Evidence: `evidence/ranking.log:12`",
      ),
    at: "## Contributing Factors",
    message: /Immediate Cause/,
  },
  // an untouched generated block is Debrief's from its first line to its last, not only its Suggested lines
  {
    rule: "structure/only-suggestions",
    edit: (md) => {
      const content =
        "\n**Suggested trigger** (from evidence; confirm or delete): deploy of ranking v2\n\nOther changes before impact, less likely:\n\n- Deploy 8.1 min before impact: starting search-frontend\n\n";
      return replace(
        md,
        /## Root Cause\n[\s\S]*?## Timeline/,
        `## Root Cause\n\n<!-- debrief:begin trigger hash=${blockHash(content)} -->\n${content}<!-- debrief:end trigger -->\n\n## Timeline`,
      );
    },
    at: "## Root Cause",
    message: /"Root Cause" holds only Debrief's suggestions/,
  },
  // the immediate cause only as a suggested factor, its own subsection left with the template's prompt
  {
    rule: "structure/only-suggestions",
    edit: (md) =>
      replace(
        md,
        "### Immediate Cause\n\n- The ranking subsystem leaked a file descriptor for each query with no matching document.\n",
        "- **Suggested (immediate, software):** ranking leaked descriptors. Evidence: `evidence/ranking.log:12`\n\n### Immediate Cause\n\n<!-- The condition that directly produced the failure. -->\n",
      ),
    at: "## Contributing Factors",
    message: /Immediate Cause holds only/,
  },
  {
    rule: "factors/suggested",
    edit: (md) =>
      replace(
        md,
        "- The load balancer redistributed",
        "- **Suggested (contributing, capacity):** The load balancer redistributed",
      ),
    at: "The load balancer redistributed",
  },
  {
    rule: "follow-through/review-meeting",
    edit: (md) => replace(md, "reviewMeeting: 2025-03-17T15:00:00Z", "reviewMeeting: 2025-03-24T15:00:00Z"),
    at: "---",
    message: /days after resolution/,
  },
  {
    rule: "follow-through/review-meeting",
    edit: (md) => replace(md, "reviewMeeting: 2025-03-17T15:00:00Z\n", ""),
    at: "---",
  },
  {
    rule: "follow-through/sign-off",
    edit: (md) => `${md}\n## Sign-off\n\n| Approver | Date |\n|---|---|\n| @marco | 2025-03-18 |\n|  | 2025-03-18 |\n`,
    at: "## Sign-off",
    message: /no approver/,
  },
];

describe("the clean fixture", () => {
  it("has no findings at all (every rule's negative case)", () => {
    expect(lint(GOOD)).toEqual([]);
  });
});

describe("every registered rule", () => {
  it("has at least one positive case here", () => {
    const covered = new Set(CASES.map((c) => c.rule));
    expect(LINT_RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });
  it("has a namespaced id, a description and help", () => {
    for (const r of LINT_RULES) {
      expect(r.id).toMatch(/^(structure|timeline|factors|five-whys|action-items|blameless|follow-through)\/[a-z-]+$/);
      expect(r.description.length).toBeGreaterThan(10);
      expect(r.help.length).toBeGreaterThan(20);
    }
  });
});

describe.each(CASES.map((c, i) => [`${c.rule} #${i}`, c] as const))("%s", (_name, c) => {
  const md = c.edit(GOOD);
  const findings = lint(md).filter((f) => f.rule === c.rule);
  it("reports the problem at the right place", () => {
    expect(findings.length).toBeGreaterThan(0);
    const f = findings[0] as LintFinding;
    if (c.at === null) {
      expect([f.line, f.column]).toEqual([1, 1]);
    } else {
      expect(findings.some((x) => x.line === lineOf(md, c.at as string))).toBe(true);
    }
    if (c.column) {
      const hit = findings.find((x) => x.line === lineOf(md, c.at as string));
      expect(hit?.column).toBe(colOf(md, c.column));
      expect(hit?.endLine).toBe(hit?.line);
      expect(hit?.endColumn).toBe(colOf(md, c.column) + c.column.length);
    }
    if (c.message) expect(findings.some((x) => c.message?.test(x.message))).toBe(true);
    for (const x of findings) expect(x.hint.length).toBeGreaterThan(0);
  });
  it("is silent when the rule is off", () => {
    expect(lint(md, { rules: { [c.rule]: "off" } }).filter((f) => f.rule === c.rule)).toEqual([]);
  });
});

describe("negative cases for the language rules", () => {
  const neutral = [
    "The on-call engineer acknowledged the page at 10:12.",
    "@alice deployed the cache layer at 10:22.",
    "The alert should have fired at 80% utilisation.",
    "The readiness probe failed to notice the deadlocked process.",
    "We consumed 40% of the monthly error budget and clients saw HTTP 500 errors.",
    'Avoid words like "careless" in post-mortems.',
    "It was not clearly documented which region the command targeted.",
  ];
  it.each(neutral)("does not flag %s", (sentence) => {
    expect(lint(addToSummary(sentence)).filter((f) => f.rule.startsWith("blameless/"))).toEqual([]);
  });
  it("does not check code blocks, inline code, HTML comments or guidance blockquotes", () => {
    const md = addToSummary(
      [
        "```text\nBob broke production\n```",
        "Run `blame careless human error` to see it.",
        "<!-- human error caused this -->",
        "> Guidance: avoid writing that Bob broke production.",
      ].join("\n\n"),
    );
    expect(lint(md).filter((f) => f.rule.startsWith("blameless/"))).toEqual([]);
  });
  it("softens an investigation that has an owner and a ticket to info", () => {
    const md = replace(
      GOOD,
      "Fix the descriptor leak in `ranking/query_exec.cc` for queries with no match",
      "Investigate the leak",
    );
    const f = lint(md).find((x) => x.rule === "action-items/specific");
    expect(f?.severity).toBe("info");
  });
  it("accepts written-out deadlines and flags non-existent ones", () => {
    expect(
      lint(replace(GOOD, "| 2025-03-28 |", "| March 28, 2025 |")).filter((f) => f.rule === "action-items/deadline"),
    ).toEqual([]);
    expect(
      lint(replace(GOOD, "| 2025-03-28 |", "| 31 April 2025 |")).filter((f) => f.rule === "action-items/deadline"),
    ).toHaveLength(1);
  });
  it("reads a timeline that crosses midnight as chronological, and flags a real step back", () => {
    const table = (rows: string[]) =>
      replace(
        GOOD,
        /\| Time \| Event \| Source \| Actor \|\n\|[-|]+\|\n[\s\S]*?\n\n## Contributing/,
        `| Time | Event | Source | Actor |\n|---|---|---|---|\n${rows.map((r) => `| ${r} | x | y | z |`).join("\n")}\n\n## Contributing`,
      );
    const chrono = (md: string) => lint(md).filter((x) => x.rule === "timeline/chronological");
    expect(chrono(table(["23:50", "23:58", "00:05", "00:20"]))).toEqual([]);
    const back = table(["10:50", "10:58", "10:40", "11:20"]);
    expect(chrono(back).map((f) => f.line)).toEqual([lineOf(back, "| 10:40 |")]);
  });
});

describe("documents Debrief did not write", () => {
  it("treats a Lessons Learned heading over nested What went well / wrong sections as filled in", () => {
    const md = replace(
      replace(GOOD, "## What Went Well", "### What Went Well"),
      /## Lessons Learned\n\n[\s\S]*?\n\n(?=>)/,
      "",
    ).replace("### What Went Well", "## Lessons Learned\n\n### What Went Well");
    expect(lint(md).filter((f) => f.rule === "follow-through/learning-sections")).toEqual([]);
  });
  it("softens a missing front matter to a warning but still requires a severity", () => {
    const md = GOOD.replace(/^---[\s\S]*?---\n/, "");
    const findings = lint(md);
    expect(findings.find((f) => f.rule === "structure/front-matter")?.severity).toBe("warning");
    // the timeline says "incident declared SEV1", which states the severity
    expect(findings.find((f) => f.rule === "structure/severity")).toBeUndefined();
    const noSeverity = lint(md.replace(/SEV1/g, "major incident"));
    expect(noSeverity.find((f) => f.rule === "structure/severity")?.severity).toBe("error");
  });
});

describe("timeline times", () => {
  it("reads 12-hour clocks and zones", async () => {
    const { readRowTimes } = await import("./timeline/row-times.js");
    const rows = ["11:58 PM UTC", "12:05 AM UTC", "10:00 PST", "2025-02-09T10:05:23Z", "soon"].map((time) => ({
      time,
      event: "",
      source: "",
      actor: "",
    }));
    const { times, unreadable } = readRowTimes(rows);
    expect(times.map((t) => [t.zone, t.utc])).toEqual([
      ["UTC", true],
      ["UTC", true],
      ["PST", false],
      ["Z", true],
    ]);
    expect((times[1]?.ms ?? 0) - (times[0]?.ms ?? 0)).toBe(7 * 60_000);
    expect(unreadable.map((r) => r.time)).toEqual(["soon"]);
  });
});

describe("structure/only-suggestions keeps what people wrote", () => {
  const only = (md: string) => lint(md).filter((f) => f.rule === "structure/only-suggestions");
  it("treats an edited generated block as a person's words (bad hash: the block was changed by hand)", () => {
    const content = "\nThe ranking subsystem leaked descriptors; confirmed by the search team.\n\n";
    const md = replace(
      GOOD,
      /## Root Cause\n[\s\S]*?## Timeline/,
      `## Root Cause\n\n<!-- debrief:begin trigger hash=${blockHash("something else")} -->\n${content}<!-- debrief:end trigger -->\n\n## Timeline`,
    );
    expect(only(md)).toEqual([]);
  });
  it("accepts a written immediate cause beside a suggested one", () => {
    const md = replace(
      GOOD,
      "### Immediate Cause\n\n",
      "### Immediate Cause\n\n- **Suggested (immediate, change):** a deploy. Evidence: `evidence/deploys.json:1`\n",
    );
    expect(only(md)).toEqual([]);
  });
});
