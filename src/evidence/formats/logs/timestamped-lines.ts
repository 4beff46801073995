import type { RawEvent } from "../../../model/event.js";
import type { FormatContext, LineParser } from "../../evidence-format.js";
import {
  createTimeFields,
  findTimestamp,
  scanTimestamp,
  type TimeFields,
  TimeResolver,
} from "../../timestamps/index.js";
import { createLogHeader, headerAttributes, peelHeader } from "./header.js";

/** Most lines kept verbatim in `attributes.stackTrace`; later ones are counted in `lineCount` only (bounded memory). */
export const MAX_CONTINUATION_LINES = 500;
/** Most characters kept in `attributes.stackTrace`. */
export const MAX_CONTINUATION_CHARS = 256 * 1024;

/** How lines without their own timestamp are treated. */
export type ContinuationPolicy =
  /** Every such line after an event belongs to it (Java stack traces, exception messages spanning lines). */
  | "all"
  /** Only indented or stack-trace-shaped lines (`\tat`, `Caused by:`, `... 12 more`, `Traceback`) belong to it. */
  | "trace-like";

/** Options for {@link createTimestampedParser}. */
export interface TimestampedParserOptions {
  /** Where the timestamp may be: exactly at the line start, or anywhere in the first 80 characters. */
  timestampAt: "start" | "near-start";
  /** A custom finder (a learnt column, see `timestamp-column.ts`); wins over `timestampAt`. */
  locate?: (
    line: string,
    fields: TimeFields,
    span: { start: number; end: number },
    strict: boolean,
  ) => { start: number; end: number } | null;
  /** Lines starting with `#` (Zeek/W3C directives, CSV comments) are header material: skipped as `metadata`. */
  directives?: boolean;
  /** Called with each `#` directive line (when `directives`), before it is skipped: headers that declare things. */
  onDirective?: (line: string) => void;
  continuation: ContinuationPolicy;
}

const TRACE_PREFIXES = ["Caused by:", "Suppressed:", "Traceback ", "During handling", "The above exception"];

/** Lines that continue a stack trace or multi-line record even though they carry no indentation. */
export function looksLikeContinuation(line: string): boolean {
  if (line.length === 0) return false;
  const c = line.charCodeAt(0);
  if (c === 32 || c === 9) return true;
  if (c === 46 && line.startsWith("...")) return true;
  for (const p of TRACE_PREFIXES) if (line.startsWith(p)) return true;
  return false;
}

interface Pending {
  event: RawEvent;
  lines: string[];
  chars: number;
  count: number;
}

/**
 * The parser shared by the header-style text formats (log4j/logback, Spring Boot, generic timestamped logs): find the
 * timestamp, peel the header into severity/pid/thread/component, keep the rest as the message, and fold lines with
 * no timestamp into the previous event (`attributes.stackTrace`, `attributes.lineCount`) according to `continuation`.
 */
export function createTimestampedParser(ctx: FormatContext, options: TimestampedParserOptions): LineParser {
  const fields = createTimeFields();
  const header = createLogHeader();
  const resolver = new TimeResolver(ctx);
  const span = { start: 0, end: 0 };
  let pending: Pending | null = null;

  const flush = () => {
    if (!pending) return;
    const p = pending;
    pending = null;
    if (p.count > 1) {
      p.event.attributes.stackTrace = p.lines.join("\n");
      p.event.attributes.lineCount = p.count;
      if (p.lines.length < p.count - 1) p.event.attributes.stackTraceTruncated = true;
    }
    ctx.emit(p.event);
  };

  const continueWith = (line: string): boolean => {
    if (!pending) return false;
    pending.count++;
    if (pending.lines.length < MAX_CONTINUATION_LINES && pending.chars + line.length <= MAX_CONTINUATION_CHARS) {
      pending.lines.push(line);
      pending.chars += line.length + 1;
    }
    return true;
  };

  return {
    push(line, lineNo) {
      let found: { start: number; end: number } | null = null;
      const first = line.charCodeAt(0);
      const indented = first === 32 || first === 9;
      if (options.directives && first === 35) {
        options.onDirective?.(line);
        ctx.skip(lineNo, "metadata", line.slice(0, 120));
        return;
      }
      // an indented line after a record is a continuation unless a learnt column says it carries its own time
      if (options.locate) found = options.locate(line, fields, span, indented && pending !== null);
      else if (!indented || !pending) {
        if (options.timestampAt === "start") {
          const e = scanTimestamp(line, 0, fields);
          if (e > 0) {
            span.start = 0;
            span.end = e;
            found = span;
          }
        } else {
          found = findTimestamp(line, fields, 80, span);
        }
      }
      if (!found) {
        if (pending !== null && (options.continuation === "all" || looksLikeContinuation(line))) {
          continueWith(line);
          return;
        }
        if (line.trim().length === 0) ctx.skip(lineNo, "empty-line", "");
        else ctx.skip(lineNo, "no-timestamp", line.slice(0, 120));
        return;
      }
      const ts = resolver.toEpoch(fields);
      if (Number.isNaN(ts)) {
        ctx.skip(lineNo, "bad-timestamp", line.slice(0, 120));
        return;
      }
      flush();
      let pos = found.end;
      // The closing bracket/quote of `[Sun Dec 04 04:47:44 2005]` belongs to the timestamp.
      if (found.start > 0) {
        const open = line.charCodeAt(found.start - 1);
        const close = line.charCodeAt(pos);
        if ((open === 91 && close === 93) || (open === 40 && close === 41) || (open === 34 && close === 34)) pos++;
      }
      if (line.charCodeAt(pos) === 58 && line.charCodeAt(pos + 1) === 32)
        pos++; // `2025-02-09 10:05:23: msg`
      else if (line.charCodeAt(pos) === 44 || line.charCodeAt(pos) === 59) pos++; // CSV: `2/9/2025 10:05:23 AM,Source`
      const msgStart = peelHeader(line, pos, header);
      const attributes: Record<string, unknown> = {};
      if (found.start > 0) {
        const prefix = line.slice(0, found.start).trim();
        if (prefix.length > 0 && prefix !== "[" && prefix !== "(") attributes.prefix = prefix.replace(/[[(]$/, "");
      }
      headerAttributes(header, attributes);
      pending = {
        event: {
          ts,
          path: ctx.path,
          line: lineNo,
          kind: "log",
          severity: header.severity,
          service: null,
          host: null,
          actor: null,
          message: line.slice(msgStart).trimEnd(),
          attributes,
        },
        lines: [],
        chars: 0,
        count: 1,
      };
    },
    end() {
      flush();
    },
  };
}
