import type { Segment } from "./change-point.js";
import { alertInfo, isActionReport, isBotMessage, isProblemReport, pageAction } from "./classify.js";
import type { NotableEvent } from "./source-aggregates.js";

/**
 * What ties bursts of failures into one incident: the alerts, pages, acknowledgements and human reports that
 * responders produced. Bursts separated by quiet stretches are one incident when the paging incident was still
 * open across the quiet stretch, or people kept reporting and acting in it; a lull of under two minutes is part
 * of the same burst (the tail of a decay, ordinary noise), never a recovery.
 */

type Timed = NotableEvent & { at: number };

/** The incident's signals, in corrected ms. */
export interface Anchors {
  /** Alerts starting to fire, pages (any action), human problem and action reports. */
  times: number[];
  /** Paging incidents open from their first trigger/notify to their resolve (end: +Infinity when never resolved). */
  open: Array<{ start: number; end: number }>;
  /** Texts of the alerts, pages and reports (which failure classes they name). */
  texts: string[];
}

/** Collect the anchors from the notable events inside the window. */
export function incidentAnchors(notables: readonly Timed[], window: { start: number; end: number }): Anchors {
  const times: number[] = [];
  const texts: string[] = [];
  const open: Anchors["open"] = [];
  let current: { start: number; end: number } | null = null;
  for (const n of notables) {
    if (n.at < window.start || n.at > window.end) continue;
    if (n.kind === "alert") {
      const info = alertInfo(n);
      if (info.state !== "firing") continue;
      times.push(n.at);
      texts.push(`${info.name} ${n.message} ${labelText(n.attributes)}`);
    } else if (n.kind === "page") {
      const act = pageAction(n);
      times.push(n.at);
      texts.push(n.message);
      if (act === "trigger" || act === "notify" || act === "acknowledge") {
        if (!current) {
          current = { start: n.at, end: Number.POSITIVE_INFINITY };
          open.push(current);
        }
      } else if (act === "resolve" && current) {
        current.end = n.at;
        current = null;
      }
    } else if (n.kind === "chat" && !isBotMessage(n) && (isProblemReport(n) || isActionReport(n))) {
      times.push(n.at);
      texts.push(n.message);
    }
  }
  times.sort((a, b) => a - b);
  return { times, open, texts };
}

function labelText(attributes: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of ["labels", "annotations", "commonLabels", "commonAnnotations"]) {
    const v = attributes[key];
    if (v && typeof v === "object") for (const x of Object.values(v as Record<string, unknown>)) parts.push(String(x));
  }
  for (const key of ["service", "job", "route", "endpoint", "summary", "description"]) {
    const v = attributes[key];
    if (typeof v === "string") parts.push(v);
  }
  return parts.join(" ");
}

/** Lulls shorter than this inside a burst are not recoveries (seconds). */
const SHORT_LULL_S = 120;
/** Without anything tying them, bursts this far apart are separate incidents (seconds). */
const SAME_INCIDENT_GAP_S = 45 * 60;

/** Merge segments whose lull is shorter than {@link SHORT_LULL_S}. */
export function mergeShortLulls(segments: readonly Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    const prev = out[out.length - 1];
    if (prev && s.start - prev.end <= SHORT_LULL_S) {
      out[out.length - 1] = {
        start: prev.start,
        end: s.end,
        excess: prev.excess + s.excess,
        failures: prev.failures + s.failures,
        requests: prev.requests + s.requests,
      };
    } else out.push({ ...s });
  }
  return out;
}

/**
 * Choose the incident among the segments (indexes are seconds from `origin`, an epoch second). Consecutive
 * segments are one incident when their lull is under 45 minutes, or when a paging incident stayed open across
 * it, or when people reported or acted in it. The incident is the cluster the signals point at (a paging or
 * alert anchor from ten minutes before its first burst to an hour after its last); without signals, the
 * cluster with the most excess failures.
 */
export function pickIncident(segments: readonly Segment[], origin: number, anchors: Anchors): Segment[] {
  const merged = mergeShortLulls(segments);
  if (merged.length === 0) return [];
  const ms = (i: number) => (origin + i) * 1000;
  const tied = (prev: Segment, s: Segment) => {
    if (s.start - prev.end <= SAME_INCIDENT_GAP_S) return true;
    const a = ms(prev.end);
    const b = ms(s.start);
    if (anchors.open.some((o) => o.start <= a + 10 * 60_000 && o.end >= b)) return true;
    const handled = anchors.times.some((t) => t >= ms(prev.start) - 10 * 60_000 && t <= a + 10 * 60_000);
    return handled && anchors.times.some((t) => t > a && t <= b + 5 * 60_000);
  };
  const clusters: Segment[][] = [];
  for (const s of merged) {
    const last = clusters[clusters.length - 1];
    const prev = last?.[last.length - 1];
    if (last && prev && tied(prev, s)) last.push(s);
    else clusters.push([s]);
  }
  const excess = (c: Segment[]) => c.reduce((t, s) => t + s.excess, 0);
  const signals = (c: Segment[]) => {
    const from = ms((c[0] as Segment).start) - 10 * 60_000;
    const to = ms((c[c.length - 1] as Segment).end) + 60 * 60_000;
    return anchors.times.filter((t) => t >= from && t <= to).length;
  };
  const withSignals = clusters.filter((c) => signals(c) > 0);
  const pool = withSignals.length > 0 ? withSignals : clusters;
  return pool.reduce((best, c) => (excess(c) > excess(best) ? c : best), pool[0] as Segment[]);
}
