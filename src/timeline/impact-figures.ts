import { type EvidenceRef, toUtcInstant, type UtcInstant } from "../model/common.js";
import { isActionReport, isBotMessage } from "./classify.js";
import { type AnalysisContext, notableRef, sourceLabel } from "./context.js";
import { transactionsBetween } from "./failure-accounting.js";
import type { ImpactResult } from "./impact.js";
import { classCount, classCountWithin, endpointWords, type FailureClass } from "./impact-classes.js";
import { eachSecond } from "./second-table.js";
import type { NotableEvent } from "./source-aggregates.js";

/**
 * Impact in the terms people use, per class and per endpoint with each endpoint's own traffic as denominator,
 * baseline noise shown as such, who was affected and what it cost, the error budget it burnt, and the shape of the
 * impact (intermittent bursts, false recoveries after an action).
 */

/** A service-level objective from debrief.yaml (`slo:`). */
export interface SloConfig {
  target: number;
  window: string;
  good: string;
  endpoints: string[];
}

/** Figures added to `analysis.impact`. */
export interface ImpactFigures {
  /**
   * Every failure class during the impact: failed requests between impact start and recovery, and that endpoint's
   * own requests. The incident's classes come first; classes that failed as steadily before the incident (baseline
   * noise on another class) follow, marked `baseline`, so the failures of all classes add up to every failed
   * request of the impact interval (the site-wide figure people quote) while the incident's own stay apart.
   */
  classes: Array<{
    endpoint: string;
    status: string;
    /** Error code the lines give (`H10`, `UF`), when they give one. */
    reason: string | null;
    service: string | null;
    failed: number;
    /** Requests to the endpoint during the impact (the denominator). */
    total: number;
    errorRate: number;
    evidence: EvidenceRef[];
    /** True for a class that was failing steadily before the incident and is not part of it. */
    baseline?: true;
  }>;
  /** Classes that failed steadily before and during the incident, not part of it. */
  baselineNoise: Array<{ endpoint: string; status: string; reason: string | null; failed: number; perMinute: number }>;
  /** True when the impact came in bursts separated by quiet stretches that signals tie together. */
  intermittent: boolean;
  /** Returns to baseline that followed an action and were followed by re-failure of the same classes. */
  falseRecoveries: Array<{ at: UtcInstant; refailAt: UtcInstant; action: string | null; evidence: EvidenceRef[] }>;
  /** Users/customers/tenants with failures during the impact, when the logs carry an id. */
  affected: { count: number; field: string; source: string; capped: boolean } | null;
  /** Failed transactions that carried an amount, summed per currency ("" when the logs name none). */
  business: { transactions: number; sums: Record<string, number>; source: string } | null;
  /** Error-budget burn against the configured SLO. */
  slo: {
    target: number;
    window: string;
    badEvents: number;
    /** Bad events the whole SLO window allows, from the evidence's request rate. */
    budgetEvents: number;
    budgetConsumed: number;
    /** Error rate during the impact divided by the allowed error rate. */
    burnRate: number;
  } | null;
}

type Timed = NotableEvent & { at: number };

function durationSeconds(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(d|h|w|m|min)?$/i.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = (m[2] ?? "d").toLowerCase();
  return n * (unit === "w" ? 604_800 : unit === "d" ? 86_400 : unit === "h" ? 3600 : 60);
}

const ACTION_KINDS = new Set(["change", "k8s-event"]);

/** Compute the figures. */
export function impactFigures(
  ctx: AnalysisContext,
  impact: ImpactResult,
  notables: readonly Timed[],
  slo: SloConfig | undefined,
): ImpactFigures {
  const start = impact.start?.time ?? null;
  const end = impact.end?.time ?? (start !== null ? ctx.window.end : null);
  const out: ImpactFigures = {
    classes: [],
    baselineNoise: [],
    intermittent: false,
    falseRecoveries: [],
    affected: null,
    business: null,
    slo: null,
  };
  if (start === null || end === null) return out;

  // Endpoint denominators: that endpoint's own requests during the impact.
  const endpointTotals = new Map<string, number>();
  for (const s of ctx.edgeSources) {
    const shift = ctx.shiftMs[s.index] ?? 0;
    for (const [key, k] of s.endpoints) {
      let n = 0;
      for (const [minute, [r]] of k.perMinute) {
        const t = minute * 60_000 - shift;
        if (t + 60_000 > start && t <= end) n += r;
      }
      endpointTotals.set(key, (endpointTotals.get(key) ?? 0) + n);
    }
  }
  const incidentClass = (c: FailureClass) => {
    if (impact.noise.has(c.key)) return false;
    const during = classCount(c, start, end);
    if (during === 0) return false;
    // a class that failed as often before the impact (per minute) as during it is not the incident's
    const baseStart = ctx.dataStart;
    const beforeMinutes = Math.max(1, (start - baseStart) / 60_000);
    const duringMinutes = Math.max(1, (end - start) / 60_000);
    const before = classCount(c, baseStart, start - 1);
    if (before === 0) return true;
    return during / duringMinutes > (2 * before) / beforeMinutes + 0.05 || during >= 3 * Math.max(1, before);
  };
  for (const c of impact.classes) {
    const during = classCountWithin(c, start, end);
    if (during === 0) continue;
    const baseline = !incidentClass(c);
    if (baseline && during >= 3) {
      out.baselineNoise.push({
        endpoint: c.endpoint,
        status: c.status,
        reason: c.reason,
        failed: during,
        perMinute: Math.round((during / Math.max(1, (end - start) / 60_000)) * 100) / 100,
      });
    }
    const total = endpointTotals.get(c.endpoint) ?? during;
    let firstRef: EvidenceRef | null = null;
    let firstAt = Number.POSITIVE_INFINITY;
    for (const [minute, m] of c.minutes) {
      if (minute * 60_000 + 60_000 > start && minute * 60_000 <= end && m.first < firstAt) {
        firstAt = m.first;
        firstRef = m.firstRef;
      }
    }
    out.classes.push({
      endpoint: c.endpoint,
      status: c.status,
      reason: c.reason,
      service: c.service,
      failed: during,
      total: Math.max(total, during),
      errorRate: Math.round((during / Math.max(total, during)) * 10_000) / 10_000,
      evidence: firstRef ? [firstRef] : [],
      ...(baseline ? { baseline: true as const } : {}),
    });
  }
  // the incident's classes first, then the baseline ones; most failures first within each
  out.classes.sort((a, b) => Number(a.baseline ?? false) - Number(b.baseline ?? false) || b.failed - a.failed);
  out.baselineNoise.sort((a, b) => b.failed - a.failed);

  // Shape: lulls between segments; after an action, a false recovery.
  const segs = impact.segments;
  for (let i = 0; i + 1 < segs.length; i++) {
    const a = segs[i] as (typeof segs)[number];
    const b = segs[i + 1] as (typeof segs)[number];
    const action = notables.find(
      (n) =>
        n.at >= a.start &&
        n.at <= a.end + 60_000 &&
        n.at >= a.end - 15 * 60_000 &&
        (ACTION_KINDS.has(n.kind) ||
          (n.kind === "chat" && !isBotMessage(n) && isActionReport(n)) ||
          (n.kind === "k8s-event" && /kill|restart|scal/i.test(n.message))),
    );
    if (action) {
      out.falseRecoveries.push({
        at: toUtcInstant(a.end),
        refailAt: toUtcInstant(b.start),
        action: action.message.slice(0, 160),
        evidence: [notableRef(ctx, action), ...(b.startRef ? [b.startRef] : [])],
      });
    }
  }
  out.intermittent = segs.length - out.falseRecoveries.length > 1;

  // People and money: the source that saw most of them during the impact.
  for (const s of ctx.agg.sources) {
    const shift = ctx.shiftMs[s.index] ?? 0;
    const t = s.transactions;
    if (!t) continue;
    const seen = transactionsBetween(t, start + shift, end + shift);
    if (seen.affected > 0 && t.idField && (!out.affected || seen.affected > out.affected.count)) {
      out.affected = {
        count: seen.affected,
        field: t.idField,
        source: sourceLabel(ctx, s.index),
        capped: t.idsDropped > 0,
      };
    }
    if (seen.transactions > 0 && (!out.business || seen.transactions > out.business.transactions)) {
      const sums: Record<string, number> = {};
      for (const [c, v] of Object.entries(seen.sums)) sums[c] = Math.round(v * 100) / 100;
      out.business = { transactions: seen.transactions, sums, source: sourceLabel(ctx, s.index) };
    }
  }

  // Error budget.
  if (slo && ctx.edgeSources.length > 0) {
    const target = slo.target > 1 ? slo.target / 100 : slo.target;
    const windowS = durationSeconds(slo.window);
    const covered = (endpoint: string) =>
      slo.endpoints.length === 0 || slo.endpoints.some((p) => endpoint.replace(/^[A-Z]+ /, "").startsWith(p));
    let bad = 0;
    for (const c of out.classes) if (!c.baseline && covered(c.endpoint)) bad += c.failed;
    let requests = 0;
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    let impactRequests = 0;
    for (const s of ctx.edgeSources) {
      for (const [sec, b] of eachSecond(s.seconds)) {
        requests += b.requests;
        first = Math.min(first, sec);
        last = Math.max(last, sec);
        const at = sec * 1000 - (ctx.shiftMs[s.index] ?? 0);
        if (at >= start - 999 && at <= end) impactRequests += b.requests;
      }
    }
    if (windowS !== null && target < 1 && requests > 0 && last > first) {
      const budget = (requests / (last - first + 1)) * windowS * (1 - target);
      const rate = impactRequests > 0 ? bad / impactRequests : 0;
      out.slo = {
        target,
        window: slo.window,
        badEvents: bad,
        budgetEvents: Math.round(budget),
        budgetConsumed: Math.round((bad / Math.max(1, budget)) * 10_000) / 10_000,
        burnRate: Math.round((rate / (1 - target)) * 10) / 10,
      };
    }
  }
  return out;
}

/** Whether a text names an endpoint (for tying reports to classes elsewhere). */
export function mentionsEndpoint(text: string, endpoint: string): boolean {
  const words = endpointWords(endpoint);
  return words.some((w) => new RegExp(`\\b${w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`, "i").test(text));
}
