import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LintFinding } from "../lint/index.js";
import { emptyPostmortem } from "../model/postmortem.js";
import { buildPositionCard, type PositionCardInput } from "./position-card.js";

function input(overrides: Partial<PositionCardInput> = {}): PositionCardInput {
  const pm = emptyPostmortem({
    formatVersion: 1,
    id: "INC-1",
    title: "Checkout errors",
    severity: "SEV2",
    status: "draft",
    services: [],
    authors: [],
    reviewers: [],
  });
  pm.timeline = [
    { time: "2025-02-09 10:05:23", event: "**Impact start**: first 503", source: "`evidence/app.log:3`", actor: "" },
    { time: "2025-02-09 10:40:00", event: "**Resolved**: closed", source: "`evidence/pd.json:9`", actor: "" },
  ];
  pm.actionItems = [
    {
      id: "AI-001",
      action: "Add an alert",
      owner: "@a",
      deadline: "2025-02-01",
      priority: "P1",
      status: "open",
      tracker: null,
    },
    {
      id: "AI-002",
      action: "Add an index",
      owner: "@b",
      deadline: "2025-03-01",
      priority: "P1",
      status: "open",
      tracker: "SHOP-1",
    },
  ];
  return {
    agent: "test",
    postmortemPath: "postmortem.md",
    postmortem: pm,
    lint: [],
    timeline: {
      milestones: {
        impactStart: {
          time: "2025-02-09T10:05:23.000Z",
          confidence: 0.9,
          evidence: [{ path: "evidence/app.log", line: 3 }],
        },
        resolved: {
          time: "2025-02-09T10:50:00.000Z",
          confidence: 0.7,
          evidence: [{ path: "evidence/pd.json", line: 9 }],
        },
      },
      findings: [],
    },
    lines: new Map([
      ["evidence/app.log:3", "2025-02-09T10:05:23Z ERROR 503"],
      ["evidence/pd.json:9", '{"type": "resolve_log_entry"}'],
    ]),
    today: "2025-02-10",
    ...overrides,
  };
}

describe("buildPositionCard", () => {
  it("makes claims only of resolving pointers and turns the rest into risks", () => {
    const card = buildPositionCard(input({ lines: new Map([["evidence/app.log:3", "x"]]) }));
    expect(card.claims.map((c) => c.evidence)).toEqual([["evidence/app.log:3"], ["evidence/app.log:3"]]);
    expect(card.risks).toContain("postmortem.md:1 cites evidence/pd.json:9, which is not a line of an existing file");
  });

  it("lists untracked and overdue items, and milestones the document states at another time", () => {
    const card = buildPositionCard(input());
    expect(card.risks).toContain('AI-001 "Add an alert" is not tracked in a ticketing system');
    expect(card.risks).toContain("AI-001 is past its deadline 2025-02-01 and still open");
    expect(
      card.risks.some((r) => r.includes("states resolved at 2025-02-09 10:40:00 UTC") && r.includes("600 s apart")),
    ).toBe(true);
    expect(card.risks.some((r) => r.includes("AI-002"))).toBe(false);
    expect(card.plan).toContain("AI-002: Add an index (owner @b, due 2025-03-01, SHOP-1)");
    expect(card.evidence_pointers).toEqual([
      { pointer: "evidence/app.log:3", quotedEvidence: "2025-02-09T10:05:23Z ERROR 503" },
      { pointer: "evidence/pd.json:9", quotedEvidence: '{"type": "resolve_log_entry"}' },
    ]);
  });

  it("confidence stays in [0, 1], falls with every open finding, and its level follows the score", () => {
    const finding = (severity: "error" | "warning"): LintFinding => ({
      file: "p.md",
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 2,
      rule: "x/y",
      severity,
      message: "m",
      hint: "h",
    });
    fc.assert(
      fc.property(fc.nat(40), fc.nat(40), (errors, warnings) => {
        const lint = [...Array(errors).fill(finding("error")), ...Array(warnings).fill(finding("warning"))];
        const card = buildPositionCard(input({ lint }));
        const clean = buildPositionCard(input());
        expect(card.confidence.score).toBeGreaterThanOrEqual(0);
        expect(card.confidence.score).toBeLessThanOrEqual(clean.confidence.score);
        const expected = card.confidence.score >= 0.8 ? "high" : card.confidence.score >= 0.5 ? "medium" : "low";
        expect(card.confidence.level).toBe(expected);
      }),
    );
  });
});
