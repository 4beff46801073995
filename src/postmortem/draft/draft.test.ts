import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findGeneratedBlocks } from "../generated-blocks.js";
import { parsePostmortem } from "../parse-postmortem.js";
import { renderPostmortemSkeleton } from "../template.js";
import { applyDraft } from "./apply-draft.js";
import { planDraft } from "./draft-incident.js";
import { type DraftTimeline, parseManifest } from "./draft-input.js";

const AWS = ["AKIA", "IOSFODNN7", "EXAMPLE"].join("");
const ref = (path: string, line: number) => [{ path, line }];

/** A timeline shaped like the engine's output for a deploy-triggered pool exhaustion. */
function timeline(overrides: Partial<DraftTimeline> = {}): DraftTimeline {
  const entry = (
    time: string,
    event: string,
    source: string,
    line: number,
    kind: "log" | "alert" | "page" | "change" | "chat",
    milestone: DraftTimeline["entries"][number]["milestone"] = null,
    actor: string | null = null,
  ) => ({
    time,
    event,
    source,
    actor,
    kind,
    count: 1,
    first: time,
    last: time,
    milestone,
    evidence: ref(source, line),
  });
  return {
    formatVersion: 1,
    window: { start: "2025-02-09T09:55:00.000Z", end: "2025-02-10T09:55:00.000Z" },
    milestones: {
      impactStart: { time: "2025-02-09T10:05:23.000Z", confidence: 0.9, evidence: ref("evidence/nginx.log", 1021) },
      detected: { time: "2025-02-09T10:06:45.000Z", confidence: 0.9, evidence: ref("evidence/alerts.json", 1) },
      paged: { time: "2025-02-09T10:08:12.000Z", confidence: 0.95, evidence: ref("evidence/pd.json", 228) },
      acknowledged: { time: "2025-02-09T10:12:00.000Z", confidence: 0.95, evidence: ref("evidence/pd.json", 131) },
      mitigated: { time: "2025-02-09T10:22:10.000Z", confidence: 0.9, evidence: ref("evidence/deploys.json", 46) },
      resolved: {
        time: "2025-02-09T10:40:00.000Z",
        confidence: 0.95,
        evidence: ref("evidence/pd.json", 3),
        rationale: "incident marked resolved",
      },
    },
    durations: {
      timeToDetect: 82,
      timeToAcknowledge: 397,
      timeToMitigate: 1007,
      timeToRecover: null,
      timeToResolve: 2077,
      impact: 1007,
    },
    entries: [
      entry(
        "2025-02-09T09:58:04.000Z",
        "deploy v2.3.0 to production",
        "evidence/deploys.json",
        166,
        "change",
        null,
        "ci[bot]",
      ),
      entry(
        "2025-02-09T10:05:23.000Z",
        "First failed request | HTTP 503",
        "evidence/nginx.log",
        1021,
        "log",
        "impactStart",
      ),
      entry("2025-02-09T10:06:45.000Z", "Alert HighErrorRate firing", "evidence/alerts.json", 1, "alert", "detected"),
      entry("2025-02-09T10:08:12.000Z", "Notified Priya by SMS", "evidence/pd.json", 228, "page", "paged"),
      entry(
        "2025-02-09T10:12:00.000Z",
        "Acknowledged by Priya",
        "evidence/pd.json",
        131,
        "page",
        "acknowledged",
        "Priya",
      ),
      entry(
        "2025-02-09T10:15:30.000Z",
        `pool exhausted (<*>/<*> in use) key=${AWS}`,
        "evidence/app.jsonl",
        2343,
        "log",
      ),
      entry("2025-02-09T10:22:10.000Z", "deploy v2.3.1 (hotfix)", "evidence/deploys.json", 46, "change", "mitigated"),
    ],
    findings: [
      {
        kind: "suspect-change",
        summary: "Deploy 7.3 min before impact on orders-api: deploy v2.3.0",
        time: "2025-02-09T09:58:04.000Z",
        evidence: ref("evidence/deploys.json", 166),
        score: 0.85,
      },
      {
        kind: "gap",
        summary: "evidence/kube.log has no data for 1 min",
        source: "evidence/kube.log",
        from: "2025-02-09T10:01:01.000Z",
        to: "2025-02-09T10:02:01.000Z",
      },
      { kind: "missing-source", summary: "no chat export: human reports cannot be placed" },
    ],
    templates: [],
    analysis: {
      impact: {
        basis: "requests",
        failedRequests: 1572,
        totalRequests: 10716,
        errorRate: 0.1467,
        baselineErrorRate: 0.0026,
        peak: { time: "2025-02-09T10:21:00.000Z", errorRate: 0.419, failed: 143, total: 341 },
        endpoints: [{ endpoint: "GET /api/v1/orders", failed: 853, total: 3747 }],
        hosts: [{ host: "web-1", failed: 900, total: 5000 }],
        services: ["orders-api"],
        segments: [],
      },
      alerting: {
        firstFailure: "2025-02-09T10:05:23.000Z",
        firstAlert: "2025-02-09T10:06:45.000Z",
        alertLatencySeconds: 82,
        alerts: [
          {
            name: "HighErrorRate",
            firing: "2025-02-09T10:06:45.000Z",
            resolved: null,
            evidence: ref("evidence/alerts.json", 1),
          },
        ],
        precursors: [],
      },
      suggestedFactors: [
        {
          level: "contributing",
          category: "capacity",
          text: "the pool logged exhaustion for 11 minutes and no alert covers pool saturation",
          evidence: ref("evidence/app.jsonl", 2343),
        },
        {
          level: "immediate",
          category: "change",
          text: "v2.3.0 was deployed 7 minutes before impact",
          evidence: ref("evidence/deploys.json", 166),
        },
      ],
    },
    ...overrides,
  };
}

const skeleton = renderPostmortemSkeleton({
  id: "inc",
  title: "Checkout errors",
  severity: "SEV2",
  start: "2025-02-09T09:55:00Z",
  end: null,
  services: [],
});

function draft(source: string, tl: DraftTimeline = timeline(), pii = false) {
  const plan = planDraft(tl, { redactPii: pii, manifest: { items: [] } });
  return { plan, applied: applyDraft(parsePostmortem(source, "postmortem.md"), plan.blocks, plan.fill) };
}

/** The document with every generated block's content removed: what a person wrote. */
function humanBytes(source: string): string {
  const { blocks } = findGeneratedBlocks(source, parsePostmortem(source, "x.md").tree);
  let out = "";
  let last = 0;
  for (const b of blocks) {
    out += `${source.slice(last, b.start)}<block ${b.name}>`;
    last = b.end;
  }
  return out + source.slice(last);
}

describe("planDraft + applyDraft on a fresh skeleton", () => {
  const { plan, applied } = draft(skeleton);
  const parsed = parsePostmortem(applied.source, "postmortem.md");
  const pm = parsed.postmortem;

  it("inserts every block into its section", () => {
    expect(applied.blocks.map((b) => [b.name, b.action])).toEqual([
      ["summary", "inserted"],
      ["impact", "inserted"],
      ["trigger", "inserted"],
      ["timeline", "inserted"],
      ["factors", "inserted"],
      ["whys", "inserted"],
      ["went-well", "inserted"],
      ["went-wrong", "inserted"],
      ["action-items", "inserted"],
      ["data-gaps", "inserted"],
    ]);
    // every sentence Debrief writes in the new prose blocks is marked as a suggestion and cites evidence
    for (const name of ["summary", "whys", "went-well", "went-wrong", "action-items"]) {
      const block = plan.blocks.find((b) => b.name === name)?.content ?? "";
      const sentences = block.split("\n").filter((l) => /^(- |\d+\. )/.test(l));
      expect(sentences.length).toBeGreaterThan(0);
      for (const l of sentences) expect(l).toContain("**Suggested:**");
    }
    // no excerpts were read, so there is no evidence block
    expect(plan.blocks.map((b) => b.name)).not.toContain("evidence");
    expect(parsed.problems).toEqual([]);
    // taking the inserted blocks out again gives back the skeleton, with only the empty front-matter fields filled
    const withoutBlocks = applied.source.replace(
      /\n\n<!-- debrief:begin ([\w-]+) [^\n]*-->\n[\s\S]*?<!-- debrief:end \1 -->/g,
      "",
    );
    expect(withoutBlocks).toBe(
      skeleton
        .replace("  end:\n", "  end: 2025-02-09T10:45:00Z\n")
        .replace("services: []", "services: [orders-api]")
        .replace("resolvedAt:\n", "resolvedAt: 2025-02-09T10:40:00Z\n"),
    );
  });

  it("writes a timeline table with a row per milestone at the milestone's time", () => {
    const times = pm.timeline.map((r) => r.time);
    for (const t of ["10:05:23", "10:06:45", "10:08:12", "10:12:00", "10:22:10", "10:40:00"]) {
      expect(times).toContain(`2025-02-09 ${t}`);
    }
    const impact = pm.timeline.find((r) => r.time === "2025-02-09 10:05:23");
    expect(impact?.event).toBe("**Impact start** — First failed request | HTTP 503");
    expect(impact?.source).toBe("`evidence/nginx.log:1021`");
    const resolved = pm.timeline.find((r) => r.time === "2025-02-09 10:40:00");
    expect(resolved?.event).toBe("**Resolved** — incident marked resolved");
    const trigger = pm.timeline.find((r) => r.time === "2025-02-09 09:58:04");
    expect(trigger?.event).toMatch(/^\*\*Suggested trigger\*\*/);
    expect(trigger?.actor).toBe("ci[bot]");
  });

  it("redacts secrets in every excerpt and escapes markup", () => {
    expect(applied.source).not.toContain(AWS);
    expect(applied.source).toContain("key=[REDACTED:aws-access-key]");
    expect(applied.source).toContain("pool exhausted (\\<\\*>/\\<\\*> in use)");
    expect(plan.redactions).toEqual({ "aws-access-key": 1 });
  });

  it("fills impact figures and durations", () => {
    expect(pm.impact).toMatchObject({
      duration: "16 min 47 s (10:05:23–10:22:10 UTC, impact start to mitigation)",
      timeToDetect: "1 min 22 s",
      requestsFailed: "1,572 of 10,716 (14.7 %)",
      errorRatePeak: "41.9 % at 10:21 UTC (143 of 341 requests that minute); baseline 0.26 %",
      endpoints: "`GET /api/v1/orders` (853 failed)",
      hosts: "web-1 (900 failed)",
    });
  });

  it("suggests factors marked as suggestions, with level, category and evidence", () => {
    expect(pm.factors.map((f) => [f.level, f.category, f.suggested])).toEqual([
      ["immediate", "change", true],
      ["contributing", "capacity", true],
      ["contributing", "monitoring", true],
    ]);
    expect(pm.factors[2]?.text).toBe("The first alert (HighErrorRate) fired 1 min 22 s after the first failed request");
    expect(pm.factors[1]?.evidence).toEqual([{ path: "evidence/app.jsonl", line: 2343 }]);
  });

  it("writes the suggested trigger and the data gaps", () => {
    expect(pm.rootCause).toContain(
      "**Suggested trigger** (from evidence; confirm or delete): Deploy 7.3 min before impact",
    );
    // the draft shows the ranking: how many changes were weighed and the score of the first
    expect(pm.rootCause).toMatch(
      /Ranked first of \d+ suspect changes? by what ties each to the failure \(score \d\.\d\d/,
    );
    const appendix = pm.sections.find((s) => s.key === "appendix")?.markdown ?? "";
    expect(appendix).toContain("### Data gaps");
    expect(appendix).toContain("Missing source: no chat export");
    expect(appendix).toContain("`evidence/kube.log`: has no data for 1 min");
  });

  it("fills only empty front-matter fields", () => {
    expect(pm.frontMatter.window).toEqual({ start: "2025-02-09T09:55:00Z", end: "2025-02-09T10:45:00Z" });
    expect(pm.frontMatter.resolvedAt).toBe("2025-02-09T10:40:00Z");
    expect(pm.frontMatter.services).toEqual(["orders-api"]);
    const human = skeleton
      .replace("end:\n", "end: 2025-02-09T12:00:00Z\n")
      .replace("services: []", "services: [checkout]");
    const again = parsePostmortem(draft(human).applied.source, "p.md").postmortem.frontMatter;
    expect(again.window?.end).toBe("2025-02-09T12:00:00Z");
    expect(again.services).toEqual(["checkout"]);
  });

  it("is idempotent: a second run changes nothing", () => {
    const second = draft(applied.source);
    expect(second.applied.source).toBe(applied.source);
    expect(second.applied.blocks.every((b) => b.action === "unchanged")).toBe(true);
    expect(second.applied.frontMatter).toEqual([]);
  });
});

describe("re-running draft after human edits", () => {
  const first = draft(skeleton).applied.source;
  const laterTimeline = timeline({
    durations: { ...timeline().durations, timeToDetect: 60 },
  });

  it("keeps every human byte outside blocks and updates untouched blocks", () => {
    const edited = first
      .replace("## Summary\n", "## Summary\n\nCheckout failed for 17 minutes. Ünïcødé ✓\n")
      .replace("### Systemic Issues\n", "### Systemic Issues\n\n- Pool limits are not load tested.\n");
    const { applied } = draft(edited, laterTimeline);
    expect(applied.blocks.find((b) => b.name === "impact")?.action).toBe("updated");
    expect(applied.blocks.filter((b) => b.action === "conflict")).toEqual([]);
    expect(humanBytes(applied.source)).toBe(humanBytes(edited));
    expect(applied.source).toContain("| Time to detect | 1 min |");
  });

  it("reports an edited block as a conflict with its line and keeps the human text", () => {
    const edited = first.replace(
      "| Time to detect | 1 min 22 s |",
      "| Time to detect | 1 min 22 s (alert, then chat) |",
    );
    const { applied } = draft(edited, laterTimeline);
    const conflict = applied.blocks.find((b) => b.action === "conflict");
    expect(conflict?.name).toBe("impact");
    expect(conflict?.line).toBe(edited.split("\n").findIndex((l) => l.startsWith("<!-- debrief:begin impact")) + 1);
    expect(conflict?.message).toContain("was edited by hand");
    expect(applied.source).toContain("| Time to detect | 1 min 22 s (alert, then chat) |");
    expect(applied.source).not.toContain("| Time to detect | 1 min |");
    expect(humanBytes(applied.source)).toBe(humanBytes(edited));
  });

  it("does not add a block to a section a person already wrote", () => {
    const human = skeleton.replace(
      "## Timeline\n",
      "## Timeline\n\n| Time | Event | Source | Actor |\n|---|---|---|---|\n| 10:05 | errors | | |\n",
    );
    const { applied } = draft(human);
    const timelineOutcome = applied.blocks.find((b) => b.name === "timeline");
    expect(timelineOutcome?.action).toBe("skipped");
    expect(timelineOutcome?.message).toContain("already has human text");
    expect(applied.source).toContain("| 10:05 | errors | | |");
    expect(applied.source).not.toContain("debrief:begin timeline");
  });

  it("appends data gaps after the human text of an Appendix", () => {
    const human = skeleton.replace("## Appendix\n", "## Appendix\n\n- Dashboard: https://grafana.example/d/orders\n");
    const { applied } = draft(human);
    expect(applied.blocks.find((b) => b.name === "data-gaps")?.action).toBe("inserted");
    const appendix = applied.source.slice(applied.source.indexOf("## Appendix"));
    expect(appendix.indexOf("- Dashboard: https://grafana.example/d/orders")).toBeLessThan(
      appendix.indexOf("<!-- debrief:begin data-gaps"),
    );
    expect(humanBytes(applied.source).replace(/\n\n<block data-gaps>/, "")).toContain(
      "- Dashboard: https://grafana.example/d/orders\n",
    );
  });

  it("adds missing sections in template order", () => {
    const minimal =
      "---\nid: x\ntitle: T\nseverity: SEV3\n---\n\n# T\n\n## Summary\n\nShort.\n\n## Action Items\n\n- Add an alert\n";
    const { applied } = draft(minimal);
    const keys = parsePostmortem(applied.source, "m.md").postmortem.sections.map((s) => s.key);
    expect(keys).toEqual([
      "summary",
      "impact",
      "rootCause",
      "timeline",
      "contributingFactors",
      "fiveWhys",
      "whatWentWell",
      "whatWentWrong",
      "actionItems",
      "appendix",
    ]);
    expect(applied.source.startsWith("---\nid: x\ntitle: T\nseverity: SEV3\n")).toBe(true);
    expect(applied.source).toContain("## Summary\n\nShort.\n\n## Impact\n\n<!-- debrief:begin impact");
  });

  it("keeps CRLF files CRLF and treats a line-ending change as no edit", () => {
    const crlf = skeleton.replace(/\n/g, "\r\n");
    const once = draft(crlf).applied.source;
    expect(once.replace(/\r\n/g, "")).not.toContain("\n");
    expect(draft(once).applied.source).toBe(once);
    const lf = once.replace(/\r\n/g, "\n");
    expect(draft(lf).applied.blocks.every((b) => b.action === "unchanged")).toBe(true);
  });

  it("changes nothing while an unclosed code fence turns the rest of the document into code", () => {
    const at = first.indexOf("\n## ") + 1;
    for (const fence of ["```", "~~~~ sh", "   ```js"]) {
      const doc = `${first.slice(0, at)}${fence}\n${first.slice(at)}`;
      const { applied } = draft(doc, laterTimeline);
      expect(applied.source).toBe(doc);
      expect(applied.blocks.every((b) => b.action === "conflict")).toBe(true);
      const line = doc.slice(0, at).split("\n").length;
      expect(applied.problems.at(-1)?.message).toBe(
        `the code fence opened at line ${line} is never closed, so the rest of the document is code; close it and draft again (nothing was changed)`,
      );
    }
    // a fence that is closed, even on the last line, and indented code are not unclosed fences
    for (const tail of ["\n```\ncode\n```\n", "\n```\ncode\n````", "\n    indented code\n"]) {
      const { applied } = draft(`${first}${tail}`, laterTimeline);
      expect(applied.blocks.some((b) => b.action === "updated")).toBe(true);
    }
  });

  it("reports duplicated blocks instead of guessing which one to update", () => {
    const start = first.indexOf("<!-- debrief:begin trigger");
    const end = first.indexOf("<!-- debrief:end trigger -->") + "<!-- debrief:end trigger -->".length;
    const dup = `${first}\n${first.slice(start, end)}\n`;
    const { applied } = draft(dup, laterTimeline);
    expect(applied.blocks.find((b) => b.name === "trigger")?.action).toBe("conflict");
    expect(applied.source.split("debrief:begin trigger").length).toBe(3);
  });

  it("property: human text anywhere between sections survives a re-draft byte for byte", () => {
    const parsed = parsePostmortem(first, "p.md");
    const cuts = parsed.postmortem.sections.map((s) => {
      const lines = first.slice(0, first.indexOf(`\n## ${s.heading}\n`) + 1);
      return lines.length;
    });
    const text = fc.string({
      unit: fc.constantFrom(..."ab 12|*_<>`-é\n".split(""), "- item\n", "<!-- c -->\n", "**x** "),
      maxLength: 60,
    });
    fc.assert(
      fc.property(fc.array(text, { minLength: cuts.length, maxLength: cuts.length }), (texts) => {
        let doc = "";
        let prev = 0;
        cuts.forEach((cut, i) => {
          doc += `${first.slice(prev, cut)}${texts[i] ?? ""}\n\n`;
          prev = cut;
        });
        doc += first.slice(prev);
        const { applied } = draft(doc, laterTimeline);
        expect(humanBytes(applied.source)).toBe(humanBytes(doc));
      }),
      { numRuns: 30 },
    );
  });
});

describe("draft with a manifest and pii", () => {
  it("lists failed and empty collections as data gaps", () => {
    const plan = planDraft(timeline(), {
      manifest: {
        items: [
          {
            source: "prometheus",
            query: "sum(rate(x[1m]))",
            status: "failed",
            error: "connect ECONNREFUSED 10.0.0.5:9090",
          },
          { source: "loki", query: '{app="api"}', status: "empty", reason: "no rows in window" },
          { source: "pagerduty", status: "ok" },
          { source: "slack", query: "#inc-orders", status: "partial", reason: "rate limited after 3 of 5 days" },
        ],
      },
    });
    const gaps = plan.blocks.find((b) => b.name === "data-gaps")?.content ?? "";
    expect(gaps).toContain(
      "Collection failed: prometheus query `sum(rate(x[1m]))` (connect ECONNREFUSED 10.0.0.5:9090)",
    );
    expect(gaps).toContain('Collection returned nothing: loki query `{app="api"}` (no rows in window)');
    expect(gaps).toContain("Collection incomplete: slack query `#inc-orders` (rate limited after 3 of 5 days)");
    expect(gaps).not.toContain("pagerduty");
  });

  it("reads the manifest `debrief collect` writes and rejects other JSON with a reason", () => {
    const text = JSON.stringify({
      formatVersion: 1,
      collectedAt: "2025-02-09T12:00:00Z",
      window: { start: "2025-02-09T09:25:00Z", end: "2025-02-09T11:15:00Z" },
      padding: "30m",
      items: [
        {
          source: "loki",
          task: "loki:0",
          endpoint: "http://loki:3100",
          query: '{app="api"}',
          from: "2025-02-09T09:25:00Z",
          to: "2025-02-09T11:15:00Z",
          file: null,
          sha256: null,
          rows: 0,
          durationMs: 120,
          status: "failed",
          error: "HTTP 502",
        },
      ],
    });
    const result = parseManifest(text);
    expect("manifest" in result && result.manifest.items[0]?.status).toBe("failed");
    expect(parseManifest("{")).toMatchObject({ error: expect.stringMatching(/^not valid JSON/) });
    expect(parseManifest('{"items": [{"status": "ok"}]}')).toEqual({
      error: "unexpected shape at items.0.source: Invalid input: expected string, received undefined",
    });
  });

  it("reports a broken manifest as a gap", () => {
    const plan = planDraft(timeline(), { manifestError: "not valid JSON (Unexpected token)" });
    expect(plan.blocks.find((b) => b.name === "data-gaps")?.content).toContain(
      "`evidence/manifest.json` could not be read: not valid JSON (Unexpected token)",
    );
  });

  it("masks PII in excerpts only when asked", () => {
    const excerpts = new Map([
      ["evidence/nginx.log:1021", '203.0.113.9 - - [09/Feb/2025:10:05:23 +0000] "GET /x" 503 ops@example.com'],
    ]);
    const plain = planDraft(timeline(), { excerpts }).blocks.find((b) => b.name === "evidence")?.content ?? "";
    expect(plain).toContain("203.0.113.9");
    const pii = planDraft(timeline(), { excerpts, redactPii: true });
    const content = pii.blocks.find((b) => b.name === "evidence")?.content ?? "";
    expect(content).toContain("[REDACTED:ipv4] - - [09/Feb/2025:10:05:23 +0000]");
    expect(content).toContain("[REDACTED:email]");
    expect(pii.redactions).toMatchObject({ ipv4: 1, email: 1 });
  });
});
