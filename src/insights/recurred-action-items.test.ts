import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { type PreventionResult, renderPreventionMarkdown } from "../prevention/index.js";
import { computeInsights } from "./compute-insights.js";
import { readActionItemChecks, templateMatches } from "./recurred-action-items.js";
import { reviewActionItems } from "./review.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function postmortem(o: {
  id: string;
  title: string;
  start: string;
  rootCause: string;
  items: string[];
  checks?: string;
}): string {
  return `---
formatVersion: 1
id: ${o.id}
title: "${o.title}"
severity: SEV2
status: published
window:
  start: ${o.start}
services: [checkout]
resolvedAt: ${o.start.replace("T09", "T11")}
${o.checks ?? ""}---

# ${o.id}: ${o.title}

## Summary

${o.title}.

## Root Cause

${o.rootCause}

## Timeline

| Time | Event | Source | Actor |
|---|---|---|---|
| ${o.start.slice(0, 10)} 10:00:00 | **Impact start**: first errors | app-logs | — |

## Action Items

| ID | Action | Owner | Deadline | Priority | Status | Tracker |
|---|---|---|---|---|---|---|
${o.items.join("\n")}
`;
}

function workspace(files: Record<string, string>): string {
  const ws = mkdtempSync(join(tmpdir(), "debrief-recur-"));
  dirs.push(ws);
  for (const [dir, text] of Object.entries(files)) {
    mkdirSync(join(ws, dir), { recursive: true });
    writeFileSync(join(ws, dir, "postmortem.md"), text);
  }
  return ws;
}

const POOL = "connection pool exhausted (20/20 in use), waited 5000ms";

describe("closed action items whose pattern recurred", () => {
  const ws = workspace({
    "2025-02-09-orders-pool": postmortem({
      id: "INC-2025-0209",
      title: "Orders API failures from connection pool exhaustion",
      start: "2025-02-09T09:55:00Z",
      rootCause: `A seq scan held connections until the pool ran out (\`${POOL}\`).`,
      items: [
        "| AI-001 | Add index on orders (customer_id, status) | dmitri | 2025-02-14 | P1 | done | |",
        "| AI-002 | Document the cache fallback | priya | 2025-03-01 | P3 | done | |",
        "| AI-003 | Alert on pool saturation | priya | 2025-02-20 | P2 | done | |",
        "| AI-004 | Load-test new queries | kenji | 2025-04-01 | P2 | open | |",
      ],
      checks: `checks:
  AI-001:
    template: "connection pool exhausted (<*>/<*> in use), waited <*>"
    closed: 2025-03-01
  AI-002:
    template: "cache fallback disabled for <*>"
  AI-003:
    alert: OrdersApiDbPoolNearLimit
    closed: 2025-02-20
  AI-004:
    template: "connection pool exhausted (<*>/<*> in use), waited <*>"
`,
    }),
    "2025-04-12-orders-pool-again": postmortem({
      id: "INC-2025-0412",
      title: "Checkout slow and failing: database pool saturated again",
      start: "2025-04-12T09:10:00Z",
      rootCause: `Report queries took every connection (\`connection pool exhausted (50/50 in use), waited 3000ms\`); OrdersApiDbPoolNearLimit fired first.`,
      items: ["| AI-001 | Separate pool for reports | dana | 2025-05-01 | P1 | open | |"],
    }),
    "2025-01-05-cert": postmortem({
      id: "INC-2025-0105",
      title: "Expired certificate on the edge",
      start: "2025-01-05T09:00:00Z",
      rootCause: "The wildcard certificate expired (`x509: certificate has expired or is not yet valid`).",
      items: ["| AI-001 | Automate renewal | sam | 2025-01-20 | P1 | done | |"],
      checks: 'checks:\n  AI-001:\n    template: "x509: certificate has expired or is not yet valid"\n',
    }),
  });

  it("review flags the closed item of the first incident with the later incident and the basis", () => {
    const review = reviewActionItems(ws, { asOf: "2025-06-01" });
    const byItem = Object.fromEntries(review.recurred.map((r) => [`${r.incidentId} ${r.itemId}`, r]));
    expect(byItem["INC-2025-0209 AI-001"]?.message).toBe(
      "AI-001 (INC-2025-0209) closed 2025-03-01; the same error template recurred in INC-2025-0412",
    );
    expect(byItem["INC-2025-0209 AI-003"]?.message).toBe(
      "AI-003 (INC-2025-0209) closed 2025-02-20; the same alert (OrdersApiDbPoolNearLimit) recurred in INC-2025-0412",
    );
    // open items are not "closed"; a check that never recurred and an unrelated incident are not flagged
    expect(byItem["INC-2025-0209 AI-004"]).toBeUndefined();
    expect(byItem["INC-2025-0105 AI-001"]).toBeUndefined();
    expect(review.recurred.every((r) => r.recurredIn.every((x) => x.id === "INC-2025-0412"))).toBe(true);
  });

  it("insights reports the same items", () => {
    const ins = computeInsights(ws, { asOf: "2025-06-01" });
    expect(ins.recurredActionItems?.map((r) => `${r.incidentId} ${r.itemId}`).sort()).toContain("INC-2025-0209 AI-001");
  });

  it("an item closed after the later incident is not flagged by it", () => {
    const ws2 = workspace({
      a: postmortem({
        id: "INC-A",
        title: "Pool exhaustion",
        start: "2025-02-09T09:55:00Z",
        rootCause: `Pool ran out (\`${POOL}\`).`,
        items: ["| AI-001 | Fix | x | 2025-06-01 | P1 | done | |"],
        checks:
          'checks:\n  AI-001:\n    template: "connection pool exhausted (<*>/<*> in use), waited <*>"\n    closed: 2025-05-01\n',
      }),
      b: postmortem({
        id: "INC-B",
        title: "Pool exhaustion again",
        start: "2025-04-12T09:10:00Z",
        rootCause: "Pool ran out (`connection pool exhausted (50/50 in use), waited 3000ms`).",
        items: [],
      }),
    });
    expect(reviewActionItems(ws2, { asOf: "2025-06-01" }).recurred).toEqual([]);
  });
});

describe("templateMatches", () => {
  it("matches the template against normalised signatures, variables standing for any token", () => {
    expect(
      templateMatches(
        "connection pool exhausted (<*>/<*> in use), waited <*>",
        "connection pool exhausted (<*> in use), waited <*>ms",
      ),
    ).toBe(true);
    expect(templateMatches("disk full on <*>", "connection pool exhausted (<*> in use)")).toBe(false);
    expect(templateMatches("a (b) [c] $d", "a (b) [c] $d")).toBe(true);
  });
});

describe("readActionItemChecks", () => {
  it("reads template, alert and promql checks with their closing date", () => {
    const checks = readActionItemChecks(
      '---\nid: X\nchecks:\n  AI-1: {template: "a <*> b", closed: 2025-03-01}\n  AI-2: {alert: Foo}\n  AI-3: {promql: "up == 0"}\n---\n# x\n',
    );
    expect([...checks.entries()]).toEqual([
      ["AI-1", { kind: "template", value: "a <*> b", closed: "2025-03-01" }],
      ["AI-2", { kind: "alert", value: "Foo", closed: null }],
      ["AI-3", { kind: "promql", value: "up == 0", closed: null }],
    ]);
  });

  it("reads the checks snippet debrief suggest prints", () => {
    const section = renderPreventionMarkdown({
      rules: [{ alert: "A", expr: "x > 1", forSeconds: 60, labels: { severity: "critical" }, rationale: "r" }],
      check: null,
      backtest: null,
      backtestSkipped: "off",
      runbooks: [],
      actionItems: [
        { action: "Add A", check: { kind: "alert", value: "A" }, runbook: "a.md" },
        { action: "Fix", check: { kind: "template", value: 'pool "x" <*> full: #1' }, runbook: "a.md" },
      ],
      facts: { baselineEnd: null },
    } as unknown as PreventionResult);
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
    const checks = readActionItemChecks(`---\n${yaml}---\n`);
    expect(checks.get("AI-001")).toEqual({ kind: "alert", value: "A", closed: null });
    expect(checks.get("AI-002")?.value).toBe('pool "x" <*> full: #1');
  });

  it("ignores what it cannot read instead of failing: no front matter, bad YAML, wrong shapes", () => {
    expect(readActionItemChecks("# no front matter\n").size).toBe(0);
    expect(readActionItemChecks("---\nchecks: [oops\n---\n").size).toBe(0);
    expect(readActionItemChecks("---\nchecks: [a, b]\n---\n").size).toBe(0);
    expect(readActionItemChecks("---\nchecks:\n  AI-1: 3\n  AI-2: {owner: x}\n---\n").size).toBe(0);
  });

  it("never throws on arbitrary front matter (property)", () => {
    fc.assert(
      fc.property(fc.string(), (body) => {
        readActionItemChecks(`---\n${body}\n---\n`);
      }),
    );
  });
});
