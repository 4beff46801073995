import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../test/scenarios/prng.js";
import type { EventKind, EventSeverity, RawEvent } from "../model/event.js";
import { Timeline } from "../model/timeline.js";
import { distilEvents } from "./distil.js";
import { renderTimelineMarkdown } from "./render-markdown.js";
import { renderTimelineMermaid } from "./render-mermaid.js";

const T0 = Date.parse("2025-02-09T09:30:00Z");
const IMPACT = Date.parse("2025-02-09T10:05:23Z");
const FIX = Date.parse("2025-02-09T10:22:10Z");
const END = Date.parse("2025-02-09T10:50:00Z");

function ev(
  path: string,
  line: number,
  ts: number,
  kind: EventKind,
  message: string,
  extra: Partial<RawEvent> = {},
): RawEvent {
  return {
    ts,
    path,
    line,
    kind,
    severity: (extra.severity ?? null) as EventSeverity | null,
    service: extra.service ?? null,
    host: extra.host ?? null,
    actor: extra.actor ?? null,
    message,
    attributes: extra.attributes ?? {},
  };
}

/** A small incident as normalised events: nginx requests, app errors, an alert, pages, chat, deploys. */
function incidentEvents(options: { alerts?: boolean; pages?: boolean } = {}): RawEvent[] {
  const rand = mulberry32(42);
  const out: RawEvent[] = [];
  let nl = 0;
  let al = 0;
  for (let t = T0; t < END; t += 100) {
    const failing = t >= IMPACT && t < FIX + 20_000 && rand() < 0.35;
    const baseline = !failing && rand() < 0.002;
    const status = failing ? 503 : baseline ? 502 : 200;
    out.push(
      ev("nginx.log", ++nl, t, "log", `GET /api/orders ${status}`, {
        attributes: { status, method: "GET", path: "/api/orders/12" },
      }),
    );
    if (failing)
      out.push(
        ev("app.jsonl", ++al, t - 30, "log", `db query timeout after 5000ms (customer ${Math.floor(rand() * 1e5)})`, {
          severity: "error",
          service: "orders-api",
        }),
      );
    if (t % 5000 === 0)
      out.push(
        ev("app.jsonl", ++al, t + 1, "log", `cache stats hits=${Math.floor(rand() * 100)}`, {
          severity: "info",
          service: "orders-api",
        }),
      );
    if (t % 10_000 === 0)
      out.push(
        ev("nginx.log", ++nl, t, "log", "GET /healthz 200", {
          attributes: { status: 200, path: "/healthz", userAgent: "kube-probe/1.29" },
        }),
      );
  }
  if (options.alerts !== false) {
    out.push(
      ev("alerts.json", 1, IMPACT + 82_000, "alert", "[FIRING] HighErrorRate", {
        attributes: { alertname: "HighErrorRate", state: "firing" },
      }),
    );
    out.push(
      ev("alerts.json", 2, FIX + 140_000, "alert", "[RESOLVED] HighErrorRate", {
        attributes: { alertname: "HighErrorRate", state: "resolved" },
      }),
    );
  }
  if (options.pages !== false) {
    out.push(
      ev("pd.json", 1, IMPACT + 169_000, "page", "Notified Priya by SMS", { attributes: { type: "notify_log_entry" } }),
    );
    out.push(
      ev("pd.json", 2, IMPACT + 397_000, "page", "Acknowledged by Priya", {
        attributes: { type: "acknowledge_log_entry" },
        actor: "Priya",
      }),
    );
    out.push(
      ev("pd.json", 3, FIX + 17 * 60_000 + 50_000, "page", "Resolved by Tomás", {
        attributes: { type: "resolve_log_entry" },
        actor: "Tomás",
      }),
    );
  }
  out.push(ev("slack.json", 1, IMPACT + 8 * 60_000, "chat", "trying a rollout restart", { actor: "Priya" }));
  out.push(ev("slack.json", 2, FIX - 120_000, "chat", "deploying cache layer v2.3.1", { actor: "Priya" }));
  out.push(
    ev("deploys.json", 1, IMPACT - 7 * 60_000, "change", "deploy v2.3.0 to production: success", {
      service: "orders-api",
      attributes: { effective: true },
    }),
  );
  out.push(
    ev("deploys.json", 2, FIX, "change", "deploy v2.3.1 to production: success", {
      service: "orders-api",
      attributes: { effective: true },
    }),
  );
  return out;
}

describe("distilEvents", () => {
  it("finds every milestone of a complete incident, with evidence", async () => {
    const t = await distilEvents(incidentEvents());
    expect(() => Timeline.parse(t)).not.toThrow();
    const ms = t.milestones;
    // nginx times here have 100 ms resolution; a stray baseline failure can be picked within a second or two
    expect(Math.abs(Date.parse(ms.impactStart!.time) - IMPACT)).toBeLessThanOrEqual(2_000);
    expect(ms.detected?.time).toBe(new Date(IMPACT + 82_000).toISOString());
    expect(ms.detected?.evidence).toEqual([{ path: "alerts.json", line: 1 }]);
    expect(ms.paged?.evidence).toEqual([{ path: "pd.json", line: 1 }]);
    expect(ms.acknowledged?.evidence).toEqual([{ path: "pd.json", line: 2 }]);
    expect(ms.mitigated?.evidence).toEqual([{ path: "deploys.json", line: 2 }]);
    expect(Math.abs(Date.parse(ms.recovered!.time) - (FIX + 20_000))).toBeLessThanOrEqual(2_000);
    expect(ms.resolved?.evidence).toEqual([{ path: "pd.json", line: 3 }]);
    expect(t.durations.timeToDetect).toBeCloseTo((IMPACT + 82_000 - Date.parse(ms.impactStart!.time)) / 1000, 0);
    expect(t.findings.filter((f) => f.kind === "missing-milestone")).toEqual([]);
    const suspect = t.findings.find((f) => f.kind === "suspect-change");
    // the suspect is the deploy before impact; the roll-forward that ended the impact acted on the same service and
    // is cited as what ties it
    expect(suspect?.evidence).toEqual([
      { path: "deploys.json", line: 1 },
      { path: "deploys.json", line: 2 },
    ]);
    expect(suspect?.summary).toContain("the action that ended the impact acted on orders");
    const signature = t.findings.find((f) => f.kind === "error-signature");
    expect(signature?.summary).toContain("db query timeout");
    // the restart did not help: it is a row, not the milestone
    expect(t.analysis.ineffectiveActions.map((a) => a.summary)).toContain("trying a rollout restart");
    expect(t.entries.filter((e) => e.milestone).map((e) => e.milestone)).toEqual([
      "impactStart",
      "detected",
      "paged",
      "acknowledged",
      "mitigated",
      "recovered",
      "resolved",
    ]);
    // noise stays out: health checks and the cache stats template never become rows
    expect(t.entries.some((e) => /healthz|cache stats/.test(e.event))).toBe(false);
    expect(t.analysis.impact.failedRequests).toBeGreaterThan(3000);
    expect(t.analysis.impact.endpoints[0]?.endpoint).toBe("GET /api/orders/:id");
  });

  it("reports missing milestones and sources instead of inventing them", async () => {
    const t = await distilEvents(incidentEvents({ alerts: false, pages: false }));
    expect(t.milestones.detected).toBeUndefined();
    expect(t.milestones.paged).toBeUndefined();
    expect(t.milestones.acknowledged).toBeUndefined();
    expect(t.milestones.resolved).toBeUndefined();
    const missing = t.findings.filter((f) => f.kind === "missing-milestone").map((f) => f.summary);
    expect(missing).toHaveLength(4);
    expect(missing.join("\n")).toMatch(/detected not found/);
    const sources = t.findings.filter((f) => f.kind === "missing-source").map((f) => f.summary);
    expect(sources.some((s) => s.startsWith("No alert data"))).toBe(true);
    expect(sources.some((s) => s.startsWith("No paging data"))).toBe(true);
    expect(t.durations.timeToDetect).toBeNull();
  });

  it("produces an empty but valid timeline from no events", async () => {
    const t = await distilEvents([], { from: T0, to: END });
    expect(() => Timeline.parse(t)).not.toThrow();
    expect(t.entries).toEqual([]);
    expect(Object.keys(t.milestones)).toEqual([]);
    expect(t.findings.filter((f) => f.kind === "missing-milestone")).toHaveLength(7);
  });

  it("finds nothing when nothing happened (noisy baseline only)", async () => {
    const evs = incidentEvents().filter(
      (e) => !(e.kind === "log" && (e.message.includes("503") || e.message.includes("timeout"))),
    );
    const t = await distilEvents(evs);
    expect(t.milestones.impactStart).toBeUndefined();
    expect(t.milestones.recovered).toBeUndefined();
  });

  it("renders Markdown and Mermaid", async () => {
    const t = await distilEvents(incidentEvents());
    const md = renderTimelineMarkdown(t);
    expect(md).toContain("| Time | Event | Source | Actor |");
    expect(md).toContain("**Impact start**");
    expect(md).toMatch(/Time to detect: 1m 2\ds/);
    const mm = renderTimelineMermaid(t);
    expect(mm.startsWith("```mermaid\ngantt\n")).toBe(true);
    expect(mm).toContain(":milestone, impactStart,");
    expect(mm).not.toMatch(/:[^\n]*#/);
    expect(mm).not.toContain("<*>");
  });
});
