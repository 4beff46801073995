import { type EvidenceRef, toUtcInstant, type UtcInstant } from "../model/common.js";
import type { FactorCategory, FactorLevel } from "../model/postmortem.js";
import { alertInfo, changeType, serviceOf } from "./classify.js";
import { type AnalysisContext, corrected, notableRef, sourceLabel } from "./context.js";
import type { ImpactResult } from "./impact.js";
import type { ImpactFigures } from "./impact-figures.js";
import type { MilestoneResult } from "./milestones.js";
import type { ResponseStory } from "./response-story.js";
import { eachSecond } from "./second-table.js";
import type { SourceOffset } from "./skew.js";
import type { OffsetVerdict } from "./skew-consensus.js";
import type { NotableEvent } from "./source-aggregates.js";
import type { TemplateFacts } from "./template-facts.js";
import type { ZoneSummary } from "./zone-alignment-report.js";

/**
 * The `analysis` field of a timeline result: figures and observations the post-mortem draft needs beyond the
 * timeline table — how big the impact was, how alerting behaved, which saturation conditions went unalerted,
 * which changes preceded the impact — plus contributing factors suggested from them (always marked as
 * suggestions; a human confirms them).
 */
export interface TimelineAnalysis {
  impact: {
    /** What measured the impact: failed requests, error lines, an error metric, or nothing. */
    basis: ImpactResult["basis"];
    /** Failed (5xx) requests between impactStart and recovered (or the window end). Null without request logs. */
    failedRequests: number | null;
    totalRequests: number | null;
    /** failedRequests / totalRequests. */
    errorRate: number | null;
    /** Failure ratio (or failures per second without request logs) before the incident. */
    baselineErrorRate: number | null;
    /** Worst minute. */
    peak: { time: UtcInstant; errorRate: number; failed: number; total: number } | null;
    /** Endpoints by failed requests during impact (top 10). */
    endpoints: Array<{ endpoint: string; failed: number; total: number }>;
    /** Hosts by failed requests during impact (top 10). */
    hosts: Array<{ host: string; failed: number; total: number }>;
    /** Services that logged errors during impact. */
    services: string[];
    /** The elevated stretches (more than one: intermittent impact or false recoveries). */
    segments: Array<{ start: UtcInstant; end: UtcInstant; failures: number }>;
  } & Partial<ImpactFigures>;
  alerting: {
    firstFailure: UtcInstant | null;
    firstAlert: UtcInstant | null;
    /** Seconds from the first failure to the first alert firing after it. */
    alertLatencySeconds: number | null;
    /** Alerts that fired during the window, with their first firing and last resolution. */
    alerts: Array<{ name: string; firing: UtcInstant; resolved: UtcInstant | null; evidence: EvidenceRef[] }>;
    /** Alerts already firing before impact (precursors). */
    precursors: Array<{ name: string; time: UtcInstant; evidence: EvidenceRef[] }>;
  };
  /** Saturation conditions (pools, queues, memory, disk) seen in logs, and whether any alert covered them. */
  saturation: Array<{
    signal: string;
    source: string;
    first: UtcInstant;
    last: UtcInstant;
    durationSeconds: number;
    count: number;
    coveredByAlert: boolean;
    evidence: EvidenceRef[];
  }>;
  /** Changes in the six hours before impact, nearest first. */
  changesBeforeImpact: Array<{
    time: UtcInstant;
    summary: string;
    service: string | null;
    type: string;
    minutesBeforeImpact: number;
    evidence: EvidenceRef[];
  }>;
  /** Mitigation attempts that did not end the impact. */
  ineffectiveActions: Array<{ time: UtcInstant; summary: string; evidence: EvidenceRef[] }>;
  /** Contributing factors suggested by the evidence (never confirmed: `suggested` in the post-mortem model). */
  suggestedFactors: Array<{ level: FactorLevel; category: FactorCategory; text: string; evidence: EvidenceRef[] }>;
  /** Clock offsets found, and whether they were applied. */
  offsets: Array<{ source: string; reference: string; offsetSeconds: number; method: string; applied: boolean }>;
  /** What the merge saw. */
  merge: { events: number; lateEvents: number; perSource: Record<string, number> };
  /** The story of the response: phases, longest waits, who was involved (response-story.ts). */
  response?: ResponseStory;
  /** Zone-less sources and what their alignment with the zoned ones found (zone-alignment.ts). */
  zones?: ZoneSummary[];
}

type Timed = NotableEvent & { at: number };

const SATURATION =
  /pool|exhaust|saturat|queue (is )?full|too many (connections|open files)|out of memory|oom|disk (is )?full|no space left|rate.?limit|throttl|backpressure|capacity|max(imum)? connections|thread starvation/i;
const SATURATION_ALERT = /pool|saturat|connection|queue|memory|oom|disk|capacity|throttl|limit/i;

/** Assemble the analysis. */
export function buildAnalysis(
  ctx: AnalysisContext,
  impact: ImpactResult,
  ms: MilestoneResult,
  facts: TemplateFacts[],
  notables: Timed[],
  offsets: SourceOffset[],
  verdicts: ReadonlyMap<number, OffsetVerdict>,
  merge: { events: number; late: number[]; perSource: number[] },
  figures: ImpactFigures,
): TimelineAnalysis {
  const start = impact.start?.time ?? null;
  const end = impact.end?.time ?? (start !== null ? ctx.window.end : null);

  // Impact figures from the edge sources' per-second and per-minute counts.
  let failed: number | null = null;
  let total: number | null = null;
  let peak: TimelineAnalysis["impact"]["peak"] = null;
  const endpoints = new Map<string, { failed: number; total: number }>();
  const hosts = new Map<string, { failed: number; total: number }>();
  if (impact.basis === "requests" && start !== null && end !== null) {
    failed = 0;
    total = 0;
    const perMinute = new Map<number, [number, number]>();
    for (const s of ctx.edgeSources) {
      for (const [sec, b] of eachSecond(s.seconds)) {
        const t = corrected(ctx, s.index, sec * 1000);
        if (t < start - 999 || t > end) continue;
        failed += b.failures;
        total += b.requests;
        const minute = Math.floor(t / 60_000);
        const m = perMinute.get(minute) ?? [0, 0];
        m[0] += b.requests;
        m[1] += b.failures;
        perMinute.set(minute, m);
      }
      for (const [target, map] of [
        [endpoints, s.endpoints],
        [hosts, s.hosts],
      ] as const) {
        for (const [key, k] of map) {
          for (const [minute, [r, f]] of k.perMinute) {
            const t = corrected(ctx, s.index, minute * 60_000);
            if (t + 60_000 <= start || t > end) continue;
            const e = target.get(key) ?? { failed: 0, total: 0 };
            e.failed += f;
            e.total += r;
            target.set(key, e);
          }
        }
      }
    }
    for (const [minute, [r, f]] of perMinute) {
      if (r < 5) continue;
      const rate = f / r;
      if (!peak || rate > peak.errorRate) {
        peak = { time: toUtcInstant(minute * 60_000), errorRate: Math.round(rate * 1000) / 1000, failed: f, total: r };
      }
    }
  }
  const top = <K extends string>(map: Map<string, { failed: number; total: number }>, key: K) =>
    [...map.entries()]
      .filter(([, v]) => v.failed > 0)
      .sort((a, b) => b[1].failed - a[1].failed)
      .slice(0, 10)
      .map(
        ([k, v]) =>
          ({ [key]: k, failed: v.failed, total: v.total }) as { [P in K]: string } & { failed: number; total: number },
      );
  const services = new Set<string>();
  if (start !== null && end !== null) {
    for (const s of ctx.agg.sources) {
      for (const [sec, b] of eachSecond(s.seconds)) {
        const t = corrected(ctx, s.index, sec * 1000);
        if (t >= start && t <= end && b.errors > 0) {
          for (const svc of s.services.keys()) services.add(svc);
          break;
        }
      }
    }
    for (const f of facts) if (f.signature && f.service) services.add(f.service);
  }

  // Alerting.
  const alerts: TimelineAnalysis["alerting"]["alerts"] = [];
  const open = new Map<string, (typeof alerts)[number]>();
  for (const n of notables) {
    if (n.kind !== "alert" || n.at < ctx.window.start || n.at > ctx.window.end) continue;
    const info = alertInfo(n);
    if (info.state === "firing" && !open.has(info.name)) {
      const a = { name: info.name, firing: toUtcInstant(n.at), resolved: null, evidence: [notableRef(ctx, n)] };
      alerts.push(a);
      open.set(info.name, a);
    } else if (info.state === "resolved") {
      const a = open.get(info.name);
      if (a) {
        a.resolved = toUtcInstant(n.at);
        a.evidence.push(notableRef(ctx, n));
        open.delete(info.name);
      }
    }
  }
  // An alert that only the paging tool holds (Opsgenie or PagerDuty opening it from an integration) is still an
  // alert: when it is the detection, it counts as the first alert, not as people noticing.
  const pageDetection = ms.milestones.detected?.event;
  if (start !== null && pageDetection?.kind === "page" && !alerts.some((a) => Date.parse(a.firing) >= start)) {
    alerts.push({
      name: pageDetection.message.replace(/^Alert created via .*? with message:\s*/i, "").slice(0, 80),
      firing: toUtcInstant(pageDetection.at),
      resolved: ms.milestones.resolved ? toUtcInstant(ms.milestones.resolved.time) : null,
      evidence: [notableRef(ctx, pageDetection)],
    });
  }
  const firstAlert = start === null ? null : (alerts.find((a) => Date.parse(a.firing) >= start) ?? null);
  const alertLatency = start !== null && firstAlert ? Math.round((Date.parse(firstAlert.firing) - start) / 1000) : null;

  // Saturation conditions and whether an alert covered them.
  const saturation: TimelineAnalysis["saturation"] = [];
  for (const f of facts) {
    if (!SATURATION.test(f.template) || (f.severityRank < 4 && !f.signature)) continue;
    const bursts = f.bursts.filter((b) => b.last >= ctx.window.start && b.first <= ctx.window.end);
    if (bursts.length === 0) continue;
    const first = Math.min(...bursts.map((b) => b.first));
    const last = Math.max(...bursts.map((b) => b.last));
    const count = bursts.reduce((t, b) => t + b.count, 0);
    const covered = alerts.some(
      (a) =>
        SATURATION_ALERT.test(a.name) &&
        Date.parse(a.firing) <= last &&
        (a.resolved === null || Date.parse(a.resolved) >= first),
    );
    const b0 = bursts[0] as (typeof bursts)[number];
    saturation.push({
      signal: f.template,
      source: sourceLabel(ctx, b0.src),
      first: toUtcInstant(first),
      last: toUtcInstant(last),
      durationSeconds: Math.round((last - first) / 1000),
      count,
      coveredByAlert: covered,
      evidence: [{ path: sourceLabel(ctx, b0.src), line: b0.firstLine }],
    });
  }

  // Changes before impact.
  const changes: TimelineAnalysis["changesBeforeImpact"] = [];
  if (start !== null) {
    for (const n of notables) {
      if (n.kind !== "change" || n.at > start || n.at < start - 6 * 3_600_000) continue;
      changes.push({
        time: toUtcInstant(n.at),
        summary: n.message.slice(0, 200),
        service: serviceOf(n),
        type: changeType(n),
        minutesBeforeImpact: Math.round((start - n.at) / 6000) / 10,
        evidence: [notableRef(ctx, n)],
      });
    }
    changes.sort((a, b) => a.minutesBeforeImpact - b.minutesBeforeImpact);
  }
  const ineffective = ms.attempts
    .filter((a) => a.event !== ms.milestones.mitigated?.event && a.drop !== null && a.drop < 0.5)
    .map((a) => ({
      time: toUtcInstant(a.event.at),
      summary: a.event.message.slice(0, 200),
      evidence: [notableRef(ctx, a.event)],
    }));

  // Suggested contributing factors.
  const factors: TimelineAnalysis["suggestedFactors"] = [];
  if (alertLatency !== null && alertLatency > 120 && firstAlert && impact.start) {
    factors.push({
      level: "contributing",
      category: "monitoring",
      text: `The first alert (${firstAlert.name}) fired ${Math.round(alertLatency / 6) / 10} minutes after the first failed request`,
      evidence: [...impact.start.evidence, ...firstAlert.evidence.slice(0, 1)],
    });
  }
  if (start !== null && !firstAlert && ms.milestones.detected) {
    factors.push({
      level: "contributing",
      category: "monitoring",
      text: "No alert fired for the impact; it was detected by people",
      evidence: ms.milestones.detected.evidence,
    });
  }
  for (const s of saturation) {
    if (s.coveredByAlert || s.durationSeconds < 60) continue;
    factors.push({
      level: "contributing",
      category: "capacity",
      text: `"${s.signal.slice(0, 80)}" logged for ${Math.round(s.durationSeconds / 60)} minutes with no alert covering it`,
      evidence: s.evidence,
    });
  }
  const nearest = changes[0];
  if (nearest && nearest.minutesBeforeImpact <= 60 && nearest.type !== "rollback") {
    factors.push({
      level: "immediate",
      category: "change",
      text: `${nearest.type === "other" ? "A change" : `A ${nearest.type}`}${nearest.service ? ` of ${nearest.service}` : ""} took effect ${nearest.minutesBeforeImpact} minutes before impact began: ${nearest.summary.slice(0, 100)}`,
      evidence: nearest.evidence,
    });
  }
  if (impact.segments.length > 1) {
    factors.push({
      level: "contributing",
      category: "process",
      text: `Service recovered ${impact.segments.length - 1} time(s) only temporarily before the final recovery`,
      evidence: impact.start?.evidence ?? [],
    });
  }
  if (ineffective.length > 0) {
    factors.push({
      level: "contributing",
      category: "process",
      text: `${ineffective.length} action(s) during the incident did not reduce the errors before the one that did`,
      evidence: ineffective.flatMap((a) => a.evidence).slice(0, 5),
    });
  }

  const perSource: Record<string, number> = {};
  merge.perSource.forEach((n, i) => {
    perSource[sourceLabel(ctx, i)] = n;
  });
  return {
    impact: {
      basis: impact.basis,
      failedRequests: failed,
      totalRequests: total,
      errorRate: failed !== null && total ? Math.round((failed / total) * 10_000) / 10_000 : null,
      baselineErrorRate: impact.baseline ? Math.round(impact.baseline.rate * 100_000) / 100_000 : null,
      peak,
      endpoints: top(endpoints, "endpoint"),
      hosts: top(hosts, "host"),
      services: [...services].sort(),
      segments: impact.segments.map((s) => ({
        start: toUtcInstant(s.start),
        end: toUtcInstant(s.end),
        failures: s.failures,
      })),
      ...figures,
    },
    alerting: {
      firstFailure: start === null ? null : toUtcInstant(start),
      firstAlert: firstAlert?.firing ?? null,
      alertLatencySeconds: alertLatency,
      alerts,
      precursors: ms.precursors.map((p) => ({
        name: alertInfo(p).name,
        time: toUtcInstant(p.at),
        evidence: [notableRef(ctx, p)],
      })),
    },
    saturation,
    changesBeforeImpact: changes,
    ineffectiveActions: ineffective,
    suggestedFactors: factors,
    offsets: offsets.map((o) => ({
      source: sourceLabel(ctx, o.src),
      reference: sourceLabel(ctx, o.ref),
      offsetSeconds: o.offsetSeconds,
      method: o.method,
      applied: verdicts.get(o.src)?.applied ?? false,
    })),
    merge: { events: merge.events, lateEvents: merge.late.reduce((a, b) => a + b, 0), perSource },
  };
}
