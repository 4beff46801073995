import { type EvidenceRef, toUtcInstant } from "../model/common.js";
import { SEVERITY_RANK } from "../model/event.js";
import type { Finding, MilestoneName } from "../model/timeline.js";
import { MILESTONE_NAMES } from "../model/timeline.js";
import { detectMetricShift } from "./change-point.js";
import { metricClass } from "./classify.js";
import { type AnalysisContext, corrected, sourceLabel } from "./context.js";
import type { ImpactResult } from "./impact.js";
import type { MilestoneResult } from "./milestones.js";
import { secondsWithEvents } from "./second-table.js";
import type { SourceOffset } from "./skew.js";
import type { OffsetVerdict } from "./skew-consensus.js";
import type { SourceAggregates } from "./source-aggregates.js";
import type { TemplateFacts } from "./template-facts.js";

/**
 * The findings a post-mortem author should know about: clock problems, holes in the data, missing kinds of
 * evidence, changes that preceded the impact, the incident's error signature, milestones the evidence does not
 * show, and metric shifts. Each names its source and evidence when it has them.
 */

function fmtOffset(seconds: number): string {
  const abs = Math.abs(seconds);
  if (abs >= 900) {
    const h = Math.floor(abs / 3600);
    const m = Math.round((abs % 3600) / 60);
    return `${seconds < 0 ? "-" : "+"}${h}h${m > 0 ? `${String(m).padStart(2, "0")}m` : ""}`;
  }
  return `${seconds > 0 ? "+" : ""}${seconds} s`;
}

/** Clock-skew and time-zone findings from detected offsets. */
export function offsetFindings(
  ctx: AnalysisContext,
  offsets: SourceOffset[],
  verdicts: ReadonlyMap<number, OffsetVerdict>,
): Finding[] {
  return offsets.map((o) => {
    const verdict = verdicts.get(o.src);
    const src = sourceLabel(ctx, o.src);
    const ref = sourceLabel(ctx, o.ref);
    const how =
      o.method === "request-id"
        ? `${o.samples} requests matched by request id (spread ${o.spreadSeconds} s)`
        : o.method === "shared-template"
          ? `${o.samples} occurrences of log lines both sources wrote`
          : o.method === "failure-edges"
            ? `its failures began and ended that much later than on ${o.samples} other sources (within ${o.spreadSeconds} s)`
            : o.method === "window-edges"
              ? `its first and last lines are that much later than on ${o.samples} sibling sources with the same traffic (within ${o.spreadSeconds} s)`
              : `cross-correlation of failure counts (r = ${o.correlation})`;
    const fix = verdict?.reason ?? "not corrected; rerun with --correct-skew";
    const against =
      o.consensus !== undefined ? `the ${o.consensus} sources that agree with one another (e.g. ${ref})` : ref;
    const summary = o.timezone
      ? `${src} is ${fmtOffset(o.offsetSeconds)} off ${against}: looks like local time labelled as UTC (${how}); ${fix}${verdict?.applied ? "" : ` or set --tz ${src}=ZONE`}`
      : `${src} runs ${fmtOffset(o.offsetSeconds)} relative to ${against} (${how}); ${fix}`;
    return {
      kind: o.timezone ? "timezone-mismatch" : "clock-skew",
      summary,
      source: src,
      offsetSeconds: o.offsetSeconds,
    } satisfies Finding;
  });
}

/** A silence far longer than the source's usual interval, computed from its per-second counts. */
export function detectGaps(s: SourceAggregates, minGapMs = 60_000): Array<{ from: number; to: number }> {
  return gapScan(s, minGapMs).gaps;
}

/** Gaps and the silence (seconds) the source must exceed to count as one; Infinity for sparse sources. */
function gapScan(
  s: SourceAggregates,
  minGapMs: number,
): { gaps: Array<{ from: number; to: number }>; threshold: number } {
  const none = { gaps: [], threshold: Number.POSITIVE_INFINITY };
  // A source that logs only errors or warnings (a DNS server's error log, an on-change journal) is quiet whenever
  // nothing goes wrong: its silences say nothing about missing data.
  if (errorOnly(s)) return none;
  const secs = secondsWithEvents(s.seconds);
  if (secs.length < 30) return none;
  const span = (secs[secs.length - 1] as number) - (secs[0] as number);
  const rate = span > 0 ? secs.length / span : 0;
  // Only sources that write at least every 50 s on average can show a gap.
  if (span <= 0 || rate < 0.02) return none;
  const intervals: number[] = [];
  for (let i = 1; i < secs.length; i++) intervals.push((secs[i] as number) - (secs[i - 1] as number));
  const sorted = [...intervals].sort((a, b) => a - b);
  // A gap is longer than anything the source does normally, judged by its own rhythm: a silence its average rate
  // makes unlikely (ten expected events missing, e^-10), three times its 99th-percentile pause (periodic writers
  // that pause for a minute every few minutes are not gapped), and at least a minute.
  const p99 = sorted[Math.floor(sorted.length * 0.99)] as number;
  const threshold = Math.max(minGapMs / 1000, 10 / rate, p99 * 3);
  const gaps: Array<{ from: number; to: number }> = [];
  for (let i = 1; i < secs.length; i++) {
    const d = (secs[i] as number) - (secs[i - 1] as number);
    if (d > threshold) gaps.push({ from: ((secs[i - 1] as number) + 1) * 1000, to: (secs[i] as number) * 1000 });
  }
  return { gaps, threshold };
}

/** Share of a source's log lines at warning or worse above which it counts as an error-only source. */
const ERROR_ONLY_SHARE = 0.8;

/** A source whose lines are (nearly) all warnings and errors, and that carries no requests or metrics. */
export function errorOnly(s: SourceAggregates): boolean {
  if (s.requestEvents > 0 || (s.byKind.metric ?? 0) > 0) return false;
  let bad = 0;
  let all = 0;
  for (const t of s.templates.values()) {
    // a record's detail lines (a PostgreSQL error's HINT and STATEMENT) carry no severity of their own; they belong to
    // the record, so they neither dilute nor add to the share of the source's own lines that are errors
    const own = t.count - (t.details ?? 0);
    all += own;
    if (t.severity !== null ? SEVERITY_RANK[t.severity] >= SEVERITY_RANK.warning : BAD_WORDING.test(t.example)) {
      bad += own;
    }
  }
  return all >= 10 && bad >= ERROR_ONLY_SHARE * all;
}

/**
 * A line whose reader gave it no severity but whose wording is a warning or a failure (`unbound[1:0] error:
 * SERVFAIL`, `[warn] upstream timed out`): resolvers and proxies that log only when something goes wrong.
 */
const BAD_WORDING =
  /\b(error|err|fatal|crit(ical)?|alert|emerg|warn(ing)?)\b\s*[:\]]|\b(servfail|nxdomain|refused|unreachable|timed out|timeout|failed|failure)\b/i;

/** Gap findings inside the window: reported by the readers and found here, merged. */
export function gapFindings(ctx: AnalysisContext): Finding[] {
  const out: Finding[] = [];
  // by path, the first record of each (a search of the inventory per source was quadratic in the file count)
  const byPath = new Map<string, (typeof ctx.inventory)[number]>();
  for (const x of ctx.inventory) if (!byPath.has(x.path)) byPath.set(x.path, x);
  for (const s of ctx.agg.sources) {
    const shift = ctx.shiftMs[s.index] ?? 0;
    const scan = gapScan(s, 60_000);
    const list = scan.gaps.map((g) => ({ from: g.from - shift, to: g.to - shift }));
    const inv = byPath.get(s.path);
    for (const g of inv?.gaps ?? []) {
      const from = Date.parse(g.from) - shift;
      const to = Date.parse(g.to) - shift;
      // The reader's gaps are kept when they are also unusual by this source's own rhythm.
      if ((to - from) / 1000 <= scan.threshold) continue;
      if (!list.some((x) => x.from < to && from < x.to)) list.push({ from, to });
    }
    list.sort((a, b) => a.from - b.from);
    for (const g of list) {
      if (g.to < ctx.window.start || g.from > ctx.window.end) continue;
      const minutes = Math.round((g.to - g.from) / 6000) / 10;
      out.push({
        kind: "gap",
        summary: `${s.path} has no data for ${minutes} min (${toUtcInstant(g.from).slice(11, 19)}–${toUtcInstant(g.to).slice(11, 19)} UTC): log rotation, an agent outage or a crashed writer; events in that stretch are unknown`,
        source: s.path,
        from: toUtcInstant(g.from),
        to: toUtcInstant(g.to),
      });
    }
  }
  return out;
}

/** Kinds of evidence a post-mortem needs, and what their absence costs. */
export function missingSourceFindings(ctx: AnalysisContext): Finding[] {
  const has = (pred: (s: SourceAggregates) => boolean) => ctx.agg.sources.some(pred);
  const out: Finding[] = [];
  const add = (summary: string) => out.push({ kind: "missing-source", summary });
  if (!has((s) => (s.byKind.alert ?? 0) > 0))
    add("No alert data (Alertmanager/Prometheus alerts): detection can only come from chat or paging");
  if (!has((s) => (s.byKind.page ?? 0) > 0))
    add("No paging data (PagerDuty/Opsgenie log entries): paged, acknowledged and resolved cannot be timed");
  if (!has((s) => (s.byKind.chat ?? 0) > 0))
    add("No chat export: human reports, decisions and actions taken are missing from the timeline");
  if (!has((s) => (s.byKind.change ?? 0) > 0))
    add("No deploy or change data: suspect changes before the impact cannot be checked");
  if (ctx.edgeSources.length === 0)
    add(
      "No request logs (nginx/load-balancer access logs): impact is measured from error logs or metrics instead of failed requests",
    );
  return out;
}

export { isChangeEvent, suspectChanges } from "./suspect-changes.js";

/** The incident's error signature: novel or surging failure templates, the five largest. */
export function signatureFindings(ctx: AnalysisContext, facts: TemplateFacts[]): Finding[] {
  return facts
    .filter((f) => f.signature)
    .slice(0, 5)
    .map((f) => {
      const b = f.bursts[0];
      const evidence: EvidenceRef[] = b ? [{ path: sourceLabel(ctx, b.src), line: b.firstLine }] : [];
      const why = f.novel ? "new: never seen in the baseline" : `${f.surge}× its baseline rate`;
      return {
        kind: "error-signature",
        summary: `${f.impactCount.toLocaleString("en-US")} × "${f.template.slice(0, 140)}" during the incident (${why})`,
        ...(b ? { source: sourceLabel(ctx, b.src) } : {}),
        from: toUtcInstant(f.first),
        to: toUtcInstant(f.last),
        evidence,
      } satisfies Finding;
    });
}

const MILESTONE_HELP: Record<MilestoneName, string> = {
  impactStart: "no failure signal rises above the baseline in the window (request logs, error logs or error metrics)",
  detected: "no alert started firing and nobody reported the problem in chat after impact began",
  paged: "no paging notification entry",
  acknowledged: "no acknowledgement entry in the paging data",
  mitigated: "no action was followed by a lasting drop in failures (the system may have recovered by itself)",
  recovered: "the error rate had not returned to baseline by the end of the evidence",
  resolved: "no resolve entry in the paging data and no resolution message in chat",
};

/** One finding per milestone the evidence does not show. */
export function missingMilestoneFindings(ms: MilestoneResult): Finding[] {
  return MILESTONE_NAMES.filter((n) => !ms.milestones[n]).map((n) => ({
    kind: "missing-milestone",
    summary: `Milestone ${n} not found: ${MILESTONE_HELP[n]}`,
  }));
}

const CLASS_RANK: Record<ReturnType<typeof metricClass>, number> = {
  errors: 4,
  latency: 3,
  saturation: 3,
  traffic: 2,
  other: 1,
};

/**
 * Shifts of metric series (latency, saturation, errors) inside the window; the eight most telling, errors,
 * latency and saturation first, then by relative size. Series with fewer than five points before the impact have
 * no baseline to judge against and are left out.
 */
export function metricShiftFindings(ctx: AnalysisContext, impact: ImpactResult): Finding[] {
  const out: Array<Finding & { rank: number; size: number }> = [];
  const baselineEndTime = impact.start?.time ?? ctx.window.start;
  for (const m of ctx.agg.metrics) {
    if (m.ts.length < 10) continue;
    const ts = m.ts.map((t) => corrected(ctx, m.src, t));
    const baselineEnd = ts.findIndex((t) => t >= baselineEndTime);
    if (baselineEnd < 5) continue;
    const shift = detectMetricShift(m.values, baselineEnd, { fromIndex: Math.max(0, baselineEnd - 2) });
    if (!shift) continue;
    const at = ts[shift.start] as number;
    if (at < ctx.window.start || at > ctx.window.end) continue;
    const endAt = shift.end === null ? null : (ts[shift.end] as number);
    const cls = metricClass(m.series);
    const round = (x: number) => (Math.abs(x) >= 100 ? Math.round(x) : Math.round(x * 1000) / 1000);
    const hms = (t: number) => toUtcInstant(t).slice(11, 19);
    out.push({
      kind: "metric-shift",
      summary: `${m.series} (${cls}) went ${shift.direction} from a baseline of ${round(shift.baselineMedian)} at ${hms(at)}, ${shift.direction === "up" ? "peaking" : "bottoming"} at ${round(shift.peak)} at ${hms(ts[shift.peakIndex] as number)}${endAt === null ? ", and had not returned by the end of the data" : `, back to baseline after ${hms(endAt)}`}`,
      source: sourceLabel(ctx, m.src),
      from: toUtcInstant(at),
      ...(endAt === null ? {} : { to: toUtcInstant(endAt) }),
      evidence: [{ path: sourceLabel(ctx, m.src), line: m.lines[shift.start] ?? 0 }],
      rank: CLASS_RANK[cls],
      size: Math.abs(shift.peak - shift.baselineMedian) / Math.max(Math.abs(shift.baselineMedian), 1e-9),
    });
  }
  out.sort((a, b) => b.rank - a.rank || b.size - a.size);
  // Series of unknown meaning (request counts by status 409...) add little: at most two of them.
  let others = 0;
  const kept = out.filter((f) => f.rank > 1 || ++others <= 2);
  return kept.slice(0, 8).map(({ rank: _rank, size: _size, ...f }) => f);
}
