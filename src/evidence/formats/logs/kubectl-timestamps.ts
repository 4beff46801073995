import type { RawEvent } from "../../../model/event.js";
import type { DetectSample, FormatContext, LineFormat, LineParser } from "../../evidence-format.js";
import { createTimeFields, scanTimestamp, type TimeFields, TimeResolver } from "../../timestamps/index.js";
import { DETECT_MAX_LINES } from "./detect-helpers.js";
import { createLogHeader, headerAttributes, peelHeader } from "./header.js";
import { jsonLogEvent } from "./json-log-fields.js";

/*
 * `kubectl logs --timestamps` (and CRI/containerd stream files without the stream/tag columns): every line is an
 * RFC3339Nano prefix added by the kubelet, then the container's own line:
 *   2025-02-09T10:05:23.123456789Z {"level":50,"time":1739095523120,"msg":"db timeout"}
 *   2025-02-09T10:05:23.200000000Z Listening on :8080
 * The inner lines are a log format of their own: the parser detects it from the first inner lines and delegates to
 * that format's parser. The inner line's own timestamp wins when it has one (it was taken when the event happened);
 * otherwise the prefix time is the event time. `attributes.innerFormat` says which format read the inner line.
 */

/** How many leading lines are buffered to detect the inner format. */
const INNER_SAMPLE_LINES = 64;
/** ...and at most this many characters of them, so a file of multi-MB lines does not buffer hundreds of MB. */
const INNER_SAMPLE_CHARS = 256 * 1024;
/** Most inner-skipped events held back for ordering (see `held`). */
const HOLD_MAX = 256;

interface PrefixInfo {
  ts: number;
  year: number;
  month: number;
  innerStart: number;
}

/** Scan the RFC 3339 prefix; null when the line has none. */
function scanPrefix(line: string, f: TimeFields): number {
  if (line.length < 21 || line.charCodeAt(10) !== 84) return -1;
  const e = scanTimestamp(line, 0, f);
  if (e < 0 || Number.isNaN(f.offsetMinutes)) return -1;
  if (e < line.length && line.charCodeAt(e) !== 32) return -1;
  return e;
}

function innerSample(name: string, inner: string[]): DetectSample {
  return { name, lines: inner, text: inner.join("\n"), bytes: inner.reduce((n, l) => n + l.length + 1, 0) };
}

/** Pick the best inner format; null when no format claims the inner lines (plain container output). */
function detectInner(sample: DetectSample, formats: LineFormat[]): LineFormat | null {
  let best: LineFormat | null = null;
  let bestScore = 0;
  for (const f of formats) {
    const s = f.detect(sample);
    if (s > bestScore) {
      bestScore = s;
      best = f;
    }
  }
  return bestScore >= 0.5 ? best : null;
}

function createKubectlParser(ctx: FormatContext, innerFormats: () => LineFormat[]): LineParser {
  const f = createTimeFields();
  const resolver = new TimeResolver(ctx);
  const header = createLogHeader();
  let buffered: { line: string; lineNo: number; prefix: PrefixInfo | null }[] | null = [];
  let inner: LineParser | null = null;
  let innerId = "plain";
  let current: PrefixInfo | null = null;
  let currentLine = 0;
  let currentText = "";
  let bufferedChars = 0;

  // Inner lines the inner parser skipped become events right away, but the inner parser may still hold an earlier
  // record (a stack trace collecting lines), so they wait here until it has emitted everything before them: events
  // then come out in line order. Bounded: past HOLD_MAX the queue is released as is.
  const held: RawEvent[] = [];
  const release = (before: number) => {
    let k = 0;
    while (k < held.length && held[k]!.line < before) ctx.emit(held[k++]!);
    if (k > 0) held.splice(0, k);
  };

  const emitPlain = (lineNo: number, text: string, p: PrefixInfo, innerSkip: string | null) => {
    const msgStart = peelHeader(text, 0, header);
    const attributes: Record<string, unknown> = { innerFormat: "plain" };
    headerAttributes(header, attributes);
    if (innerSkip !== null) {
      attributes.innerFormat = innerId;
      attributes.innerSkip = innerSkip;
    }
    const event: RawEvent = {
      ts: p.ts,
      path: ctx.path,
      line: lineNo,
      kind: "log",
      severity: header.severity,
      service: null,
      host: null,
      actor: null,
      message: text.slice(msgStart).trimEnd(),
      attributes,
    };
    if (inner === null) ctx.emit(event);
    else hold(event);
  };

  const hold = (event: RawEvent) => {
    held.push(event);
    if (held.length > HOLD_MAX) release(Number.POSITIVE_INFINITY);
  };

  const jsonWithPrefixTime = (text: string, ts: number, lineNo: number): RawEvent | null => {
    let o: unknown;
    try {
      o = JSON.parse(text);
    } catch {
      return null;
    }
    if (!o || typeof o !== "object" || Array.isArray(o)) return null;
    const event = jsonLogEvent(o as Record<string, unknown>, ts, ctx.path, lineNo);
    event.attributes.innerFormat = innerId;
    event.attributes.timeFrom = "prefix";
    return event;
  };

  const innerCtx: FormatContext = {
    path: ctx.path,
    zone: ctx.zone,
    zoneOrigin: ctx.zoneOrigin,
    window: ctx.window,
    emit(event: RawEvent) {
      event.attributes.innerFormat = innerId;
      release(event.line);
      ctx.emit(event);
    },
    skip(lineNo, reason, excerpt) {
      // The prefix gives every line a time, so an inner line the inner format cannot read is still an event.
      if (lineNo !== currentLine || !current || reason === "empty-line") {
        ctx.skip(lineNo, reason, excerpt);
        return;
      }
      if (innerId === "json-lines" && reason === "no-timestamp") {
        // JSON loggers configured without a time field rely on this prefix: read the object, take the prefix time.
        const event = jsonWithPrefixTime(currentText, current.ts, lineNo);
        if (event) {
          hold(event);
          return;
        }
      }
      emitPlain(lineNo, currentText, current, reason);
    },
    noteZoneFromData: (z) => ctx.noteZoneFromData(z),
    localToEpoch: (w) => ctx.localToEpoch(w),
    inferYear(month) {
      // A year-less inner stamp (klog) takes the prefix's year, adjusted across New Year.
      if (!current) return ctx.inferYear(month, 1);
      if (month - current.month > 6) return current.year - 1;
      if (current.month - month > 6) return current.year + 1;
      return current.year;
    },
    noteYear: (y, m) => ctx.noteYear(y, m),
  };

  const feed = (line: string, lineNo: number, prefix: PrefixInfo | null) => {
    if (!prefix) {
      ctx.skip(lineNo, line.trim().length === 0 ? "empty-line" : "no-timestamp", line.slice(0, 120));
      return;
    }
    current = prefix;
    currentLine = lineNo;
    currentText = line.slice(prefix.innerStart);
    if (inner) inner.push(currentText, lineNo);
    else emitPlain(lineNo, currentText, prefix, null);
  };

  const start = () => {
    if (!buffered) return;
    const lines = buffered;
    buffered = null;
    const innerLines = lines.filter((l) => l.prefix).map((l) => l.line.slice(l.prefix!.innerStart));
    const format = innerLines.length > 0 ? detectInner(innerSample(ctx.path, innerLines), innerFormats()) : null;
    if (format) {
      innerId = format.id;
      inner = format.createParser(innerCtx);
    }
    for (const l of lines) feed(l.line, l.lineNo, l.prefix);
  };

  return {
    push(line, lineNo) {
      let prefix: PrefixInfo | null = null;
      const e = scanPrefix(line, f);
      if (e > 0) {
        const ts = resolver.toEpoch(f);
        if (!Number.isNaN(ts)) prefix = { ts, year: f.year, month: f.month, innerStart: Math.min(line.length, e + 1) };
      }
      if (buffered) {
        buffered.push({ line, lineNo, prefix });
        bufferedChars += line.length;
        if (buffered.length >= INNER_SAMPLE_LINES || bufferedChars >= INNER_SAMPLE_CHARS) start();
        return;
      }
      feed(line, lineNo, prefix);
    },
    end() {
      start();
      inner?.end();
      release(Number.POSITIVE_INFINITY);
    },
  };
}

/** `kubectl logs --timestamps` output; the inner lines are parsed with their own detected format. */
export function createKubectlTimestampsFormat(innerFormats: () => LineFormat[]): LineFormat {
  const f = createTimeFields();
  return {
    id: "kubectl-timestamps",
    samples: [
      [
        "2025-02-09T10:05:20.000000001Z Starting orders service v2.3.1",
        "2025-02-09T10:05:23.5Z ERROR connection pool exhausted",
        "2025-02-09T10:05:24.123456789Z Listening on :8080",
      ].join("\n"),
    ],
    description: "`kubectl logs --timestamps` output: RFC3339Nano prefix, inner line parsed with its own format",
    kind: "log",
    shape: "lines",
    detect(sample) {
      let total = 0;
      let prefixed = 0;
      let nano = 0;
      let zulu = 0;
      const inner: string[] = [];
      const n = Math.min(sample.lines.length, DETECT_MAX_LINES);
      for (let i = 0; i < n; i++) {
        const line = sample.lines[i]!;
        if (line.trim().length === 0) continue;
        total++;
        const e = scanPrefix(line, f);
        if (e < 0) continue;
        prefixed++;
        if (f.fractionDigits >= 6) nano++;
        if (line.charCodeAt(e - 1) === 90) zulu++;
        inner.push(line.slice(e + 1));
      }
      if (total === 0 || prefixed / total < 0.8) return 0;
      const fraction = prefixed / total;
      // kubelet writes RFC3339Nano (up to 9 digits); a 3-digit ISO stamp followed by text is more likely an
      // application's own layout (Spring Boot, logback), unless the inner lines are a known format themselves.
      // The kubelet/containerd prefix is UTC (`Z`); rsyslog's RFC 3339 stamps use `+00:00`, so a numeric offset
      // lowers the score below syslog's for `host app[pid]: msg` files.
      if (nano / prefixed >= 0.5) return (zulu / prefixed >= 0.5 ? 0.97 : 0.8) * fraction;
      const innerFormat = detectInner(innerSample(sample.name, inner.slice(0, 50)), innerFormats());
      return innerFormat && innerFormat.id !== "generic-timestamped" ? 0.9 * fraction : 0.5 * fraction;
    },
    createParser(ctx) {
      return createKubectlParser(ctx, innerFormats);
    },
  };
}
