import type { EvidenceRef } from "../model/common.js";
import type { DenseSeries } from "./change-point.js";
import { type AnalysisContext, refOf } from "./context.js";
import type { SourceAggregates } from "./source-aggregates.js";

/**
 * Failures by class (`status endpoint` of failed requests, with the service the log names), per minute, merged
 * across the request sources with clock corrections applied. The incident's classes are those that rise above
 * their own baseline around the time the incident was noticed; a class that was already failing steadily long
 * before anyone noticed, keeps failing at the same rate, and that no alert, page or human report names, is
 * baseline noise on another class and is left out of the impact (shown as such).
 */

/** One class's failures in one corrected minute. */
export interface ClassMinute {
  count: number;
  /** First and last failure (corrected ms) with their evidence. */
  first: number;
  firstRef: EvidenceRef;
  last: number;
  lastRef: EvidenceRef;
  lastMsg: string;
}

/** A failure class over the whole evidence. */
export interface FailureClass {
  key: string;
  /** `503`, … */
  status: string;
  /** The error code the lines give (`H12`, `UF`), when they give one. */
  reason: string | null;
  /** `GET /api/orders/:id` */
  endpoint: string;
  service: string | null;
  /** corrected epoch minute → failures */
  minutes: Map<number, ClassMinute>;
  total: number;
}

/** Every failure class of the request sources. */
export function failureClasses(ctx: AnalysisContext, sources: readonly SourceAggregates[]): FailureClass[] {
  const out = new Map<string, FailureClass>();
  for (const s of sources) {
    const shift = ctx.shiftMs[s.index] ?? 0;
    for (const [key, minutes] of s.failureClasses) {
      const sp = key.indexOf(" ");
      let c = out.get(key);
      if (!c) {
        c = {
          key,
          status: (sp > 0 ? key.slice(0, sp) : key).split("/")[0] ?? key,
          reason: (sp > 0 ? key.slice(0, sp) : key).split("/")[1] ?? null,
          endpoint: sp > 0 ? key.slice(sp + 1) : "",
          service: s.classServices?.get(key) ?? null,
          minutes: new Map(),
          total: 0,
        };
        out.set(key, c);
      }
      for (const m of minutes.values()) {
        const first = m.first - shift;
        const last = m.last - shift;
        const minute = Math.floor(first / 60_000);
        const e = c.minutes.get(minute);
        c.total += m.count;
        if (!e) {
          c.minutes.set(minute, {
            count: m.count,
            first,
            firstRef: refOf(ctx, s.index, m.firstLine),
            last,
            lastRef: refOf(ctx, s.index, m.lastLine),
            lastMsg: m.lastMsg,
          });
        } else {
          e.count += m.count;
          if (first < e.first) {
            e.first = first;
            e.firstRef = refOf(ctx, s.index, m.firstLine);
          }
          if (last > e.last) {
            e.last = last;
            e.lastRef = refOf(ctx, s.index, m.lastLine);
            e.lastMsg = m.lastMsg;
          }
        }
      }
    }
  }
  return [...out.values()];
}

/** Failures of a class between two corrected times (whole minutes that overlap them). */
export function classCount(c: FailureClass, from: number, to: number): number {
  let n = 0;
  for (const [minute, m] of c.minutes) if (minute * 60_000 + 60_000 > from && minute * 60_000 <= to) n += m.count;
  return n;
}

/**
 * Failures of a class between two corrected instants, both inclusive to the second (an access log's resolution): the
 * minutes wholly inside count in full; a minute the interval cuts counts its first and last failure where they fall
 * and the failures between them in proportion to the part of their span inside the interval (the per-minute counts
 * do not keep each failure's second). The figure people quote for an endpoint is counted this way, so a steady
 * error stream on the same class does not add the rest of the first and last minutes.
 */
export function classCountWithin(c: FailureClass, from: number, to: number): number {
  const lo = Math.floor(from / 1000) * 1000;
  const hi = Math.floor(to / 1000) * 1000 + 999;
  let n = 0;
  for (const [minute, m] of c.minutes) {
    if (minute * 60_000 + 60_000 <= lo || minute * 60_000 > hi) continue;
    if (m.first >= lo && m.last <= hi) {
      n += m.count;
      continue;
    }
    const inside = (t: number) => (t >= lo && t <= hi ? 1 : 0);
    if (m.count === 1 || m.last <= m.first) {
      n += m.count * inside(m.first);
      continue;
    }
    const a = Math.max(m.first, lo);
    const b = Math.min(m.last, hi);
    const share = b > a ? (b - a) / (m.last - m.first) : 0;
    n += inside(m.first) + inside(m.last) + Math.max(0, m.count - 2) * share;
  }
  return Math.round(n);
}

/** Words of an endpoint that could name it in an alert or a chat message (`/api/v1/export/:id` → `export`). */
export function endpointWords(endpoint: string): string[] {
  const path = endpoint.replace(/^[A-Z]+ /, "");
  return path
    .split(/[/._-]+/)
    .filter((w) => w.length >= 3 && !/^(api|v\d+|:id|www|html?|php|json)$/i.test(w) && !/^\d+$/.test(w))
    .map((w) => w.toLowerCase());
}

/** Whether any of the texts names the class (an endpoint word or its service as a whole word). */
export function namedBy(c: FailureClass, texts: readonly string[]): boolean {
  const words = endpointWords(c.endpoint);
  if (c.service) words.push(c.service.toLowerCase());
  if (words.length === 0) return false;
  const re = new RegExp(
    `(^|[^a-z0-9])(${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})([^a-z0-9]|$)`,
    "i",
  );
  return texts.some((t) => re.test(t));
}

/**
 * Classes that are steady baseline noise relative to the incident noticed at `anchor` (corrected ms): failing since
 * at least ten minutes before it, at a rate that does not rise around it (Poisson, 3 sigma, at most doubling), and
 * named by none of the incident's alerts, pages or reports — provided another class does rise around the anchor
 * (otherwise the steady stream is the incident, detected late).
 */
export function steadyNoise(
  classes: readonly FailureClass[],
  onset: number,
  anchor: number,
  texts: readonly string[],
): Set<string> {
  const early = anchor - 10 * 60_000;
  const steady: Array<{ key: string; firstAt: number }> = [];
  // When the classes that do rise began failing: the first failure of each from five minutes before the onset on.
  let risingFrom = Number.POSITIVE_INFINITY;
  for (const c of classes) {
    const during = classCount(c, onset, anchor + 5 * 60_000);
    if (during === 0) continue;
    let firstAt = Number.POSITIVE_INFINITY;
    let firstNear = Number.POSITIVE_INFINITY;
    for (const m of c.minutes.values()) {
      firstAt = Math.min(firstAt, m.first);
      if (m.first >= onset - 5 * 60_000) firstNear = Math.min(firstNear, m.first);
    }
    const before = firstAt <= early ? classCount(c, firstAt, early - 1) : 0;
    const minutesBefore = Math.max(1, (early - firstAt) / 60_000);
    const after = classCount(c, early, anchor + 5 * 60_000);
    const expected = (before / minutesBefore) * 15;
    const isSteady =
      firstAt <= early && before >= 3 && after <= 2 * expected + 3 * Math.sqrt(Math.max(expected, 1)) + 2;
    if (isSteady && !namedBy(c, texts)) steady.push({ key: c.key, firstAt });
    else if (after >= 5) risingFrom = Math.min(risingFrom, firstNear);
  }
  // Pre-existing means it began on its own, well before the classes that rose: classes that began together with
  // them are the incident, however steady.
  return new Set(steady.filter((x) => x.firstAt <= risingFrom - 10 * 60_000).map((x) => x.key));
}

/**
 * A copy of `series` without the failures of the `excluded` classes: each minute's failures are scaled down by
 * the share those classes had of that minute (the per-second counts do not record classes).
 */
export function withoutClasses(
  series: DenseSeries,
  classes: readonly FailureClass[],
  excluded: Set<string>,
): DenseSeries {
  const failures = new Float64Array(series.failures);
  const perMinute = new Map<number, number>();
  for (const c of classes) {
    if (!excluded.has(c.key)) continue;
    for (const [minute, m] of c.minutes) perMinute.set(minute, (perMinute.get(minute) ?? 0) + m.count);
  }
  for (const [minute, n] of perMinute) {
    const a = Math.max(0, minute * 60 - series.start);
    const b = Math.min(failures.length, minute * 60 + 60 - series.start);
    let total = 0;
    for (let i = a; i < b; i++) total += failures[i] as number;
    if (total <= 0) continue;
    const keep = Math.max(0, total - n) / total;
    for (let i = a; i < b; i++) failures[i] = (failures[i] as number) * keep;
  }
  return { start: series.start, requests: series.requests, failures };
}

/** First (or last) failure of the included classes in the minute around `time` (corrected ms), if any. */
export function classEdge(
  classes: readonly FailureClass[],
  excluded: Set<string>,
  time: number,
  which: "first" | "last",
): { time: number; ref: EvidenceRef; message: string } | null {
  const minute = Math.floor(time / 60_000);
  let best: { time: number; ref: EvidenceRef; message: string } | null = null;
  for (const c of classes) {
    if (excluded.has(c.key)) continue;
    for (const mm of [minute - 1, minute, minute + 1]) {
      const m = c.minutes.get(mm);
      if (!m) continue;
      if (which === "first") {
        if (Math.abs(m.first - time) > 60_000) continue;
        // the earliest failure from the onset second on; one a little before it only when nothing is after
        const rank = (t: number) => (t >= time - 1000 ? t : Number.MAX_SAFE_INTEGER - (time - t));
        if (!best || rank(m.first) < rank(best.time)) best = { time: m.first, ref: m.firstRef, message: "" };
      } else {
        if (Math.abs(m.last - time) > 60_000) continue;
        const rank = (t: number) => (t <= time + 1000 ? -t : t - time);
        if (!best || rank(m.last) < rank(best.time)) best = { time: m.last, ref: m.lastRef, message: m.lastMsg };
      }
    }
  }
  return best;
}
