import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DenseSeries } from "./change-point.js";
import type { AnalysisContext } from "./context.js";
import type { ImpactResult } from "./impact.js";
import { findMilestones } from "./milestones.js";
import type { NotableEvent } from "./source-aggregates.js";

/*
 * Milestones, one class of input per test, on a synthetic failure series and synthetic events: a detection alert
 * beside an alert already firing (precursor), a repair that is not a deploy, a rollback whose effect lingers (cached
 * answers expiring over an hour), and one after which failures came back.
 */

const S0 = Date.UTC(2026, 8, 24, 15, 0, 0) / 1000;

const at = (minute: number) => (S0 + minute * 60) * 1000;

/** A per-second series: `level(minute)` failures out of 10 requests each second, over `minutes`. */
function series(minutes: number, level: (minute: number) => number): DenseSeries {
  const n = minutes * 60;
  const requests = new Float64Array(n).fill(10);
  const failures = new Float64Array(n);
  for (let i = 0; i < n; i++) failures[i] = level(Math.floor(i / 60));
  return { start: S0, requests, failures };
}

function impact(s: DenseSeries, startMin: number, endMin: number): ImpactResult {
  return {
    basis: "requests",
    start: { time: at(startMin), evidence: [{ path: "lb.log", line: 1 }], confidence: 0.9, message: "" },
    end: { time: at(endMin), evidence: [{ path: "lb.log", line: 2 }], confidence: 0.9, message: "" },
    segments: [{ start: at(startMin), end: at(endMin), failures: 1, requests: 1, startRef: null, endRef: null }],
    baseline: { rate: 0, ratio: true } as unknown as ImpactResult["baseline"],
    series: s,
    classes: [],
    noise: new Set(),
  };
}

const ctx = {
  agg: { sources: [{ path: "lb.log" }, { path: "alerts.json" }, { path: "slack.json" }, { path: "deploys.json" }] },
  window: { start: at(-60), end: at(240) },
} as unknown as AnalysisContext;

type Ev = NotableEvent & { at: number };
function ev(src: number, line: number, minute: number, kind: Ev["kind"], message: string, attributes = {}): Ev {
  const t = at(minute);
  return {
    ts: t,
    at: t,
    src,
    line,
    kind,
    severity: "info",
    service: null,
    host: null,
    actor: "Ana",
    message,
    attributes,
  };
}
const alert = (line: number, minute: number, name: string, state: "firing" | "resolved") =>
  ev(1, line, minute, "alert", `${name} ${state}`, { alertname: name, state });
const say = (line: number, minute: number, text: string) => ev(2, line, minute, "chat", text);

describe("milestones by class of input", () => {
  it("an alert that started firing after impact began is the detection; one already firing is a precursor", () => {
    const s = series(120, (m) => (m >= 10 && m < 60 ? 5 : 0));
    const found = findMilestones(ctx, impact(s, 10, 60), [
      alert(4, 2, "DiskLatencyWarning", "firing"),
      alert(5, 12, "EdgeHTTP5xxRatio", "firing"),
    ]);
    expect(found.milestones.detected?.evidence).toEqual([{ path: "alerts.json", line: 5 }]);
    expect(found.precursors.map((p) => p.line)).toEqual([4]);
  });

  it("a repair that is not a deploy (a volume resized, reported in chat) is the mitigation", () => {
    const s = series(120, (m) => (m >= 10 && m < 60 ? 6 : 0));
    const found = findMilestones(ctx, impact(s, 10, 60), [
      say(7, 30, "restarted the writer pods, no change"),
      say(9, 59, "resized the data volume to 2 TB, writes are going through"),
    ]);
    expect(found.milestones.mitigated?.evidence).toEqual([{ path: "slack.json", line: 9 }]);
  });

  it("content taken down (a post hidden by a moderator) is the mitigation, not a rollback that changed nothing", () => {
    const s = series(120, (m) => (m >= 10 && m < 32 ? 6 : 0));
    const found = findMilestones(ctx, impact(s, 10, 32), [
      say(3, 18, "rollback to 2026.06.09.2 done, servers still DOWN"),
      say(5, 31, "post 7712093 hidden"),
      say(6, 35, "should we also hide the other posts?"),
    ]);
    expect(found.milestones.mitigated?.evidence).toEqual([{ path: "slack.json", line: 5 }]);
  });

  it("a rollback whose effect lingers (cached answers expiring over an hour) is the mitigation", () => {
    // flat at 4/10 until minute 110, then falling in steps to nothing at minute 160
    const s = series(200, (m) => (m < 10 ? 0 : m < 110 ? 4 : m < 125 ? 3 : m < 140 ? 2 : m < 160 ? 1 : 0));
    const found = findMilestones(ctx, impact(s, 10, 160), [
      say(3, 60, "checked the resolver config, looks fine"),
      say(5, 100, "DS record removed at the registrar, asked the ISP to flush their cache"),
    ]);
    expect(found.milestones.mitigated?.time).toBe(at(100));
    expect(found.milestones.mitigated?.rationale).toContain("cached or queued effects");
  });

  it("a rollback after which failures came back above their level is not the mitigation", () => {
    const s = series(200, (m) => (m < 10 ? 0 : m < 100 ? 3 : m < 120 ? 6 : m < 140 ? 2 : m < 160 ? 1 : 0));
    const found = findMilestones(ctx, impact(s, 10, 160), [say(5, 95, "rolled back the resolver config")]);
    expect(found.milestones.mitigated).toBeUndefined();
  });

  it("the detection is never before impact start and precursors never after it (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ minute: fc.integer({ min: 0, max: 119 }), name: fc.constantFrom("A", "B", "C") }), {
          maxLength: 8,
        }),
        (alerts) => {
          const s = series(120, (m) => (m >= 20 && m < 70 ? 5 : 0));
          const sorted = [...alerts].sort((a, b) => a.minute - b.minute);
          const found = findMilestones(
            ctx,
            impact(s, 20, 70),
            sorted.map((a, i) => alert(i + 1, a.minute, a.name, "firing")),
          );
          const d = found.milestones.detected?.time;
          return (d === undefined || d >= at(20)) && found.precursors.every((p) => p.at < at(20));
        },
      ),
    );
  });
});
