import type { RawEvent } from "../model/event.js";
// the plain rank, not the schema module: this runs in the collect workers, which would otherwise load zod
import { SEVERITY_RANK } from "../model/severity-rank.js";
import { isLoggerOnlyService } from "./classify.js";
import {
  type KeyedMinuteCounts,
  type MetricSeries,
  ownString,
  type SourceAggregates,
  type TemplateAgg,
} from "./source-aggregates.js";

/*
 * The per-event updates of the collector's keyed aggregates (endpoints, hosts, failure classes, templates, metric
 * series), each bounded so memory stays flat however long the evidence is.
 */

/** Count one request (failed or not) under `key` in its minute; past `maxKeys` distinct keys it goes to `(other)`. */
export function countKey(
  map: Map<string, KeyedMinuteCounts>,
  key: string,
  minute: number,
  failed: boolean,
  maxKeys: number,
): void {
  let k = map.get(key) as (KeyedMinuteCounts & { lastMinute?: number; last?: [number, number] }) | undefined;
  if (!k) {
    if (map.size >= maxKeys) {
      key = "(other)";
      k = map.get(key);
    }
    if (!k) {
      k = { perMinute: new Map(), requests: 0, failures: 0 };
      map.set(ownString(key, 300), k);
    }
  }
  k.requests++;
  if (failed) k.failures++;
  let m = k.lastMinute === minute ? k.last : k.perMinute.get(minute);
  if (!m) {
    m = [0, 0];
    k.perMinute.set(minute, m);
  }
  k.lastMinute = minute;
  k.last = m;
  m[0]++;
  if (failed) m[1]++;
}

/**
 * Count one failure of class `key` (`status endpoint`) in its minute, remembering its first and last line. Past
 * `maxKeys` classes a new class's failures go to `status (other)`, so impact per status still counts every failure.
 */
export function countFailure(
  s: SourceAggregates,
  key: string,
  minute: number,
  ev: RawEvent,
  maxKeys: number,
  upstream?: string,
): void {
  let cls = s.failureClasses.get(key);
  if (!cls && s.failureClasses.size >= maxKeys) {
    const sp = key.indexOf(" ");
    key = `${sp > 0 ? key.slice(0, sp) : key} (other)`;
    cls = s.failureClasses.get(key);
  }
  if (!cls) {
    cls = new Map();
    s.failureClasses.set(ownString(key, 300), cls);
    // a proxy's line names the service behind it that failed; the proxy (or resolver) program is only who logged
    // it, so without an upstream the class's service is unknown rather than the logger's name
    const service = upstream ?? (ev.service && !isLoggerOnlyService(ev.service) ? ev.service : undefined);
    if (service) s.classServices.set(ownString(key, 300), ownString(service, 200));
  }
  const m = cls.get(minute);
  if (!m)
    cls.set(minute, {
      count: 1,
      first: ev.ts,
      firstLine: ev.line,
      last: ev.ts,
      lastLine: ev.line,
      lastMsg: ownString(ev.message, 200),
    });
  else {
    m.count++;
    if (ev.ts < m.first) {
      m.first = ev.ts;
      m.firstLine = ev.line;
    }
    if (ev.ts >= m.last) {
      m.last = ev.ts;
      m.lastLine = ev.line;
      m.lastMsg = ownString(ev.message, 200);
    }
  }
}

/**
 * Count one event of a template: its span, worst severity, per-minute count, and the burst it extends (a pause longer
 * than `burstGap` starts a new burst; past `maxBursts` the last burst absorbs the rest).
 */
export function countTemplateEvent(t: TemplateAgg, ev: RawEvent, burstGap: number, maxBursts: number): void {
  t.count++;
  if (ev.attributes.detailOf !== undefined) t.details = (t.details ?? 0) + 1;
  if (ev.ts < t.first) t.first = ev.ts;
  if (ev.ts > t.last) t.last = ev.ts;
  if (ev.severity && (t.severity === null || SEVERITY_RANK[ev.severity] > SEVERITY_RANK[t.severity])) {
    t.severity = ev.severity;
  }
  const minute = Math.floor(ev.ts / 60_000);
  t.perMinute.set(minute, (t.perMinute.get(minute) ?? 0) + 1);
  const bursts = t.bursts;
  const lastBurst = bursts[bursts.length - 1];
  if (lastBurst && (ev.ts - lastBurst.last <= burstGap || bursts.length >= maxBursts)) {
    lastBurst.count++;
    if (ev.ts >= lastBurst.last) {
      lastBurst.last = ev.ts;
      lastBurst.lastLine = ev.line;
    }
    if (ev.ts < lastBurst.first) {
      lastBurst.first = ev.ts;
      lastBurst.firstLine = ev.line;
    }
  } else {
    bursts.push({ first: ev.ts, last: ev.ts, count: 1, firstLine: ev.line, lastLine: ev.line });
  }
}

/** Append one metric point; past `maxPoints` the series is thinned by half (the shape and time span stay). */
export function addMetricPoint(series: MetricSeries, ts: number, value: number, line: number, maxPoints: number): void {
  series.ts.push(ts);
  series.values.push(value);
  series.lines.push(line);
  if (series.ts.length > maxPoints) {
    // Thin by half, keeping the first point; resolution drops but the shape and the time span stay.
    const keep = (arr: number[]) => arr.filter((_, i) => i % 2 === 0);
    series.ts = keep(series.ts);
    series.values = keep(series.values);
    series.lines = keep(series.lines);
  }
}
