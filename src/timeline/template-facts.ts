import { type EventSeverity, SEVERITY_RANK } from "../model/event.js";
import { type AnalysisContext, corrected } from "./context.js";
import type { Burst } from "./source-aggregates.js";

/**
 * Per-template facts across all sources: how often it occurs before the incident (baseline) and during it, whether
 * it is new (novel) or surging, and so whether it belongs to the incident's error signature.
 *
 * Novel: absent from a baseline of at least five minutes and seen at least three times during impact.
 * Surging: during impact at least five times its baseline rate (per minute) and at least ten times in all.
 * Signature: novel or surging, and either at warning severity or worse or worded like a failure.
 * Baseline noise: present before the incident and not surging; such templates never become rows by default.
 */
export interface TemplateFacts {
  id: number;
  template: string;
  example: string;
  count: number;
  first: number;
  last: number;
  severity: EventSeverity | null;
  /** 0 trace … 7 fatal; -1 unknown. */
  severityRank: number;
  service: string | null;
  baselineCount: number;
  impactCount: number;
  novel: boolean;
  /** Impact rate over baseline rate, when the template surged. */
  surge: number | null;
  signature: boolean;
  baselineNoise: boolean;
  /** Bursts in corrected time, with their source. */
  bursts: Array<Burst & { src: number }>;
}

const FAILURE_WORDS =
  /error|exception|fail|timeout|timed out|refused|exhaust|unavailable|denied|panic|fatal|killed|oom|out of memory|reset|broken|abort|reject|overload|too many|saturat|deadlock|unreachable|5\d\d/i;

/** Compute facts for every template, given the baseline and impact periods (corrected ms). */
export function templateFacts(
  ctx: AnalysisContext,
  baseline: { start: number; end: number },
  impact: { start: number; end: number },
): TemplateFacts[] {
  // Clusters whose templates ended up identical are one template for the reader.
  const byId = new Map<string, TemplateFacts>();
  // Baseline minutes count only where a template's sources have data (a deploy log from last week is no baseline).
  const coverage = new Map<string, number>();
  const impactMinutes = Math.max(1, (impact.end - impact.start) / 60_000);
  for (const s of ctx.agg.sources) {
    const shift = ctx.shiftMs[s.index] ?? 0;
    for (const t of s.templates.values()) {
      const text = ctx.agg.templates.templateOf(t.id);
      let f = byId.get(text);
      if (!f) {
        f = {
          id: t.id,
          template: text,
          example: t.example,
          count: 0,
          first: Number.POSITIVE_INFINITY,
          last: Number.NEGATIVE_INFINITY,
          severity: null,
          severityRank: -1,
          service: t.service,
          baselineCount: 0,
          impactCount: 0,
          novel: false,
          surge: null,
          signature: false,
          baselineNoise: false,
          bursts: [],
        };
        byId.set(text, f);
      }
      coverage.set(text, Math.min(coverage.get(text) ?? Number.POSITIVE_INFINITY, corrected(ctx, s.index, s.first)));
      f.count += t.count;
      f.first = Math.min(f.first, corrected(ctx, s.index, t.first));
      f.last = Math.max(f.last, corrected(ctx, s.index, t.last));
      if (t.severity && SEVERITY_RANK[t.severity] > f.severityRank) {
        f.severity = t.severity;
        f.severityRank = SEVERITY_RANK[t.severity];
      }
      for (const [minute, c] of t.perMinute) {
        const at = minute * 60_000 - shift;
        // Only whole minutes before the onset are baseline: the onset minute already holds incident lines.
        if (at >= baseline.start - 60_000 && at + 60_000 <= baseline.end) f.baselineCount += c;
        // A minute counts toward impact when it overlaps the impact period.
        if (at + 60_000 > impact.start && at <= impact.end) f.impactCount += c;
      }
      for (const b of t.bursts) f.bursts.push({ ...b, first: b.first - shift, last: b.last - shift, src: s.index });
    }
  }
  const out = [...byId.values()];
  for (const f of out) {
    f.bursts.sort((a, b) => a.first - b.first);
    const from = Math.max(baseline.start, coverage.get(f.template) ?? baseline.start);
    const baseMinutes = Math.max(0, (baseline.end - from) / 60_000);
    const baseRate = f.baselineCount / Math.max(baseMinutes, 1);
    const impactRate = f.impactCount / impactMinutes;
    if (baseMinutes >= 5) f.novel = f.baselineCount === 0 && f.impactCount >= 3;
    else f.novel = f.baselineCount === 0 && f.impactCount >= 3 && f.first >= impact.start - 60_000;
    const floor = baseMinutes > 0 ? 1 / baseMinutes : 1;
    const ratio = impactRate / Math.max(baseRate, floor);
    if (!f.novel && f.impactCount >= 10 && ratio >= 5) f.surge = Math.round(ratio * 10) / 10;
    const failing = f.severityRank >= 4 || FAILURE_WORDS.test(f.template);
    f.signature = (f.novel || f.surge !== null) && failing;
    f.baselineNoise = f.baselineCount > 0 && f.surge === null;
  }
  out.sort((a, b) => Number(b.signature) - Number(a.signature) || b.impactCount - a.impactCount || b.count - a.count);
  return out;
}
