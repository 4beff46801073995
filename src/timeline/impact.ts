import type { EvidenceRef } from "../model/common.js";
import {
  type BaselineEstimate,
  type DenseSeries,
  detectMetricShift,
  detectSegments,
  type Segment,
} from "./change-point.js";
import { metricClass } from "./classify.js";
import { type AnalysisContext, corrected, refOf } from "./context.js";
import { classEdge, type FailureClass, failureClasses, steadyNoise, withoutClasses } from "./impact-classes.js";
import { sustainedEnd, sustainedOnset } from "./impact-onset.js";
import { type Anchors, incidentAnchors, pickIncident } from "./incident-ties.js";
import { eachSecond, secondCounts } from "./second-table.js";
import type { NotableEvent, SourceAggregates } from "./source-aggregates.js";

/**
 * Where the user-visible impact starts and ends. The failure signal is, in order of preference: 5xx responses in
 * request logs (the edge sees what users see), error-level log lines, then an error-rate metric. The change-point
 * method is described in change-point.ts.
 */

/** The impact as found, with the proof. */
export interface ImpactResult {
  basis: "requests" | "error-logs" | "metrics" | "none";
  start: { time: number; evidence: EvidenceRef[]; confidence: number; message: string } | null;
  end: { time: number; evidence: EvidenceRef[]; confidence: number; message: string } | null;
  /** Elevated stretches that make up the impact (more than one means a false recovery happened in between). */
  segments: Array<{
    start: number;
    end: number;
    failures: number;
    requests: number;
    /** First and last failure of the segment. */
    startRef: EvidenceRef | null;
    endRef: EvidenceRef | null;
  }>;
  baseline: BaselineEstimate | null;
  /** Dense per-second series the decision used (corrected time), for later questions (mitigation scoring). */
  series: DenseSeries | null;
  /** Failure classes of the request sources (empty without request logs). */
  classes: FailureClass[];
  /** Classes left out as steady baseline noise on another class (see impact-classes.ts). */
  noise: Set<string>;
}

/** Longest span analysed at one-second resolution (14 days); longer evidence is cut to the window plus a day. */
const MAX_SPAN_SECONDS = 14 * 86_400;

function denseSeries(ctx: AnalysisContext, sources: SourceAggregates[], useRequests: boolean): DenseSeries | null {
  // The span of the failure sources themselves: a deploy record hours earlier must not count as quiet baseline.
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const s of sources) {
    first = Math.min(first, corrected(ctx, s.index, s.first));
    last = Math.max(last, corrected(ctx, s.index, s.last));
  }
  let lo = Math.floor(first / 1000);
  let hi = Math.floor(Math.min(last, ctx.window.end) / 1000);
  if (hi - lo > MAX_SPAN_SECONDS) {
    lo = Math.max(lo, Math.floor(ctx.window.start / 1000) - 86_400);
    hi = Math.min(hi, lo + MAX_SPAN_SECONDS);
  }
  if (!(hi >= lo)) return null;
  const n = hi - lo + 1;
  const requests = new Float64Array(n);
  const failures = new Float64Array(n);
  for (const s of sources) {
    const shift = Math.round((ctx.shiftMs[s.index] ?? 0) / 1000);
    for (const [sec, b] of eachSecond(s.seconds)) {
      const i = sec - shift - lo;
      if (i < 0 || i >= n) continue;
      if (useRequests) {
        requests[i] = (requests[i] as number) + b.requests;
        failures[i] = (failures[i] as number) + b.failures;
      } else failures[i] = (failures[i] as number) + b.errors;
    }
  }
  return { start: lo, requests, failures };
}

/** The first (or last) failure inside second `idx` of the dense series, across the contributing sources. */
function failureAt(
  ctx: AnalysisContext,
  sources: SourceAggregates[],
  series: DenseSeries,
  idx: number,
  which: "first" | "last",
  useRequests: boolean,
): { time: number; ref: EvidenceRef; message: string } | null {
  let best: { time: number; ref: EvidenceRef; message: string } | null = null;
  for (const s of sources) {
    const shift = Math.round((ctx.shiftMs[s.index] ?? 0) / 1000);
    const b = secondCounts(s.seconds, series.start + idx + shift);
    if (!b) continue;
    const count = useRequests ? b.failures : b.errors;
    if (count === 0) continue;
    const raw = which === "first" ? (useRequests ? b.firstFail : b.firstErr) : useRequests ? b.lastFail : b.lastErr;
    const line =
      which === "first"
        ? useRequests
          ? b.firstFailLine
          : b.firstErrLine
        : useRequests
          ? b.lastFailLine
          : b.lastErrLine;
    const message = useRequests ? (which === "first" ? b.firstFailMsg : b.lastFailMsg) : "";
    const t = corrected(ctx, s.index, raw);
    if (!best || (which === "first" ? t < best.time : t > best.time)) {
      best = { time: t, ref: refOf(ctx, s.index, line), message };
    }
  }
  return best;
}

/** Detect the impact of the incident. */
export function detectImpact(
  ctx: AnalysisContext,
  notables: ReadonlyArray<NotableEvent & { at: number }> = [],
): ImpactResult {
  const useRequests = ctx.edgeSources.length > 0;
  const sources = useRequests ? ctx.edgeSources : ctx.agg.sources.filter((s) => s.seconds.errors.size > 0);
  const full = sources.length > 0 ? denseSeries(ctx, sources, useRequests) : null;
  const anchors = incidentAnchors(notables, ctx.window);
  const classes = useRequests ? failureClasses(ctx, sources) : [];
  if (full) {
    let series = full;
    let noise = new Set<string>();
    let found = locate(ctx, series, anchors);
    // A steady stream on another class that began long before anyone noticed is baseline, not the onset.
    const onset = found.incident[0];
    const anchor = onset ? anchors.times.find((t) => t >= (series.start + onset.start) * 1000) : undefined;
    if (onset && anchor !== undefined && classes.length > 1) {
      const excluded = steadyNoise(classes, (series.start + onset.start) * 1000, anchor, anchors.texts);
      if (excluded.size > 0) {
        const filtered = withoutClasses(full, classes, excluded);
        const again = locate(ctx, filtered, anchors);
        // Only a correction of the failure it exists for: noise that pulled the onset early.
        const later = again.incident[0] !== undefined && again.incident[0].start > onset.start + 60;
        if (later) {
          series = filtered;
          found = again;
          noise = excluded;
        }
      }
    }
    const { incident, baseline, wEnd } = found;
    const first = incident[0];
    const last = incident[incident.length - 1];
    if (first && last) {
      const edge = (idx: number, which: "first" | "last") => {
        const hit = failureAt(ctx, sources, series, idx, which, useRequests);
        if (noise.size === 0) return hit;
        return classEdge(classes, noise, (series.start + idx) * 1000 + (which === "last" ? 999 : 0), which) ?? hit;
      };
      // baseline failures a sparse change-point test swept into the segment's head are not its onset
      const onsetIdx = useRequests ? sustainedOnset(series, first.start, first.end) : first.start;
      const startHit = edge(onsetIdx, "first");
      // likewise stray baseline failures after the recovery are not its end (the incident's own tail is followed next)
      const endIdx = useRequests ? sustainedEnd(series, first.start, last.start, last.end) : last.end;
      let endHit = edge(endIdx, "last");
      if (endHit && useRequests) endHit = followTail(ctx, sources, series, incident, endHit, noise) ?? endHit;
      const strong = incident.reduce((t, s) => t + s.excess, 0) >= 20;
      const conf = useRequests ? (strong ? 0.9 : 0.7) : strong ? 0.75 : 0.6;
      const endedInData = last.end < wEnd - 60;
      return {
        basis: useRequests ? "requests" : "error-logs",
        start: startHit
          ? { time: startHit.time, evidence: [startHit.ref], confidence: conf, message: startHit.message }
          : null,
        end:
          endHit && endedInData
            ? {
                time: endHit.time,
                evidence: [endHit.ref],
                confidence: incident.length > 1 ? conf - 0.1 : conf - 0.05,
                message: endHit.message,
              }
            : null,
        segments: incident.map((s, i) => {
          const a = i === 0 ? startHit : edge(s.start, "first");
          const b = edge(s.end, "last");
          return {
            start: a?.time ?? (series.start + s.start) * 1000,
            end: b?.time ?? (series.start + s.end) * 1000 + 999,
            failures: s.failures,
            requests: s.requests,
            startRef: a?.ref ?? null,
            endRef: b?.ref ?? null,
          };
        }),
        baseline,
        series,
        classes,
        noise,
      };
    }
  }
  return { ...fromMetrics(ctx), series: full, classes, noise: new Set() };
}

/** Segments of the series and the incident among them (two passes: the baseline is then everything before it). */
function locate(
  ctx: AnalysisContext,
  series: DenseSeries,
  anchors: Anchors,
): { incident: Segment[]; baseline: BaselineEstimate; wEnd: number } {
  const n = series.failures.length;
  const wStart = Math.max(0, Math.floor(ctx.window.start / 1000) - series.start);
  const wEnd = Math.min(n, Math.floor(ctx.window.end / 1000) - series.start + 1);
  // First pass: baseline before the window when the evidence has one, else the window's first fifth.
  let baseline: [number, number] =
    wStart >= 300 ? [0, wStart] : [wStart, wStart + Math.max(300, Math.floor((wEnd - wStart) / 5))];
  let found = detectSegments(series, { baseline, from: wStart, to: wEnd });
  let incident = pickIncident(found.segments, series.start, anchors);
  // Second pass: the baseline is everything before the onset, which the first pass has now located.
  const onset = incident[0]?.start;
  if (onset !== undefined && onset >= 300 && !(baseline[0] === 0 && baseline[1] === onset)) {
    baseline = [0, onset];
    const again = detectSegments(series, { baseline, from: wStart, to: wEnd });
    const incident2 = pickIncident(again.segments, series.start, anchors);
    if (incident2.length > 0) {
      found = again;
      incident = incident2;
    }
  }
  return { incident, baseline: found.baseline, wEnd };
}

/** Longest pause between two of the incident's own failures that still counts as the same tail. */
const TAIL_PAUSE_MS = 3 * 60_000;

/**
 * Follow the incident's own failures past the statistical end. As an incident fades, its failures thin out until
 * the total error rate cannot be told from baseline second by second, yet they are still its failures: the same
 * status on the same endpoint that failed during the impact and almost never before it. Classes (`status
 * endpoint`) that failed at least ten times during the impact at five times their baseline rate or more are the
 * incident's signature; their failures after the end, in minutes where the class still fails above its own
 * baseline rate, each within three minutes of the previous one, extend the recovery time to the last of them.
 */
function followTail(
  ctx: AnalysisContext,
  sources: SourceAggregates[],
  series: DenseSeries,
  incident: Segment[],
  endHit: { time: number; ref: EvidenceRef; message: string },
  noise: Set<string>,
): { time: number; ref: EvidenceRef; message: string } | null {
  const first = incident[0];
  if (!first) return null;
  const impactStart = (series.start + first.start) * 1000;
  const impactMinutes = Math.max(1, (endHit.time - impactStart) / 60_000);
  const baseStart = series.start * 1000;
  const baseMinutes = Math.max(1, (impactStart - baseStart) / 60_000);
  const tail: Array<{ time: number; ref: EvidenceRef; message: string }> = [];
  for (const s of sources) {
    const shift = ctx.shiftMs[s.index] ?? 0;
    for (const [key, minutes] of s.failureClasses) {
      if (noise.has(key)) continue;
      let before = 0;
      let during = 0;
      for (const [minute, m] of minutes) {
        const t = minute * 60_000 - shift;
        if (t + 60_000 <= impactStart) before += m.count;
        else if (t <= endHit.time) during += m.count;
      }
      if (during < 10 || during / impactMinutes < (5 * Math.max(before, 1)) / baseMinutes) continue;
      // A minute belongs to the tail only while the class fails more often than it did before the incident: when
      // the same failures also happen at a steady baseline (a few 503s a minute on every endpoint), the tail ends
      // where that baseline resumes, not at the last baseline failure in the evidence. Poisson bound, 3 sigma; a
      // class that never failed before passes with any failure.
      const baseRate = before / baseMinutes;
      const aboveBaseline = baseRate + 3 * Math.sqrt(baseRate);
      for (const [minute, m] of minutes) {
        const last = m.last - shift;
        if (m.count <= aboveBaseline) continue;
        if (minute * 60_000 - shift + 60_000 > endHit.time && last > endHit.time) {
          tail.push({ time: last, ref: refOf(ctx, s.index, m.lastLine), message: m.lastMsg });
        }
      }
    }
  }
  tail.sort((a, b) => a.time - b.time);
  let end: { time: number; ref: EvidenceRef; message: string } | null = null;
  let prev = endHit.time;
  for (const f of tail) {
    if (f.time - prev > TAIL_PAUSE_MS) break;
    end = f;
    prev = f.time;
  }
  return end;
}

/** Fall back to an error-rate metric when no log shows failures. */
function fromMetrics(ctx: AnalysisContext): ImpactResult {
  for (const m of ctx.agg.metrics) {
    if (metricClass(m.series) !== "errors" || m.ts.length < 10) continue;
    const ts = m.ts.map((t) => corrected(ctx, m.src, t));
    let baselineEnd = ts.findIndex((t) => t >= ctx.window.start);
    if (baselineEnd < 3) baselineEnd = Math.max(3, Math.floor(ts.length / 5));
    const shift = detectMetricShift(m.values, baselineEnd, { fromIndex: baselineEnd });
    if (shift?.direction !== "up") continue;
    const startTime = ts[shift.start] as number;
    const endTime = shift.end === null ? null : (ts[shift.end] as number);
    return {
      basis: "metrics",
      start: {
        time: startTime,
        evidence: [refOf(ctx, m.src, m.lines[shift.start] ?? 0)],
        confidence: 0.5,
        message: `${m.series} left its baseline`,
      },
      end:
        endTime === null || shift.end === null
          ? null
          : {
              time: endTime,
              evidence: [refOf(ctx, m.src, m.lines[shift.end] ?? 0)],
              confidence: 0.45,
              message: `${m.series} back at its baseline`,
            },
      segments: [
        {
          start: startTime,
          end: endTime ?? ctx.window.end,
          failures: 0,
          requests: 0,
          startRef: refOf(ctx, m.src, m.lines[shift.start] ?? 0),
          endRef: shift.end === null ? null : refOf(ctx, m.src, m.lines[shift.end] ?? 0),
        },
      ],
      baseline: null,
      series: null,
      classes: [],
      noise: new Set(),
    };
  }
  return {
    basis: "none",
    start: null,
    end: null,
    segments: [],
    baseline: null,
    series: null,
    classes: [],
    noise: new Set(),
  };
}

/** Failure ratio (or rate) between two corrected times, from the dense series. */
export function failureRatio(series: DenseSeries, from: number, to: number): { failures: number; requests: number } {
  const a = Math.max(0, Math.floor(from / 1000) - series.start);
  const b = Math.min(series.failures.length, Math.floor(to / 1000) - series.start);
  let f = 0;
  let r = 0;
  for (let i = a; i < b; i++) {
    f += series.failures[i] as number;
    r += series.requests[i] as number;
  }
  return { failures: f, requests: r };
}
