import type { EventSeverity, RawEvent } from "../../../model/event.js";
import type { FormatContext, LineFormat, LineParser } from "../../evidence-format.js";
import { createTimeFields, scanTimestamp, TimeResolver } from "../../timestamps/index.js";
import { fractionMatching, scoreFromFraction } from "./detect-helpers.js";
import { MAX_CONTINUATION_CHARS, MAX_CONTINUATION_LINES } from "./timestamped-lines.js";

/*
 * PostgreSQL server logs (stderr/csvlog-less text) with the usual log_line_prefix values:
 *   %m [%p]            2025-02-09 10:05:23.123 UTC [12345] LOG:  duration: 1204.331 ms  statement: SELECT ...
 *   %m [%p] %q%u@%d    2025-02-09 10:05:23.123 UTC [12345] app@orders ERROR:  deadlock detected
 * A message's DETAIL/HINT/CONTEXT/STATEMENT/QUERY/LOCATION lines (same pid) and tab-indented lines (multi-line
 * statements) are joined to the event they belong to, as `attributes.detail`, `.hint`, ... and counted in lineCount;
 * each DETAIL/HINT/... line, written with its own prefix and time, is also an event of its own (severity unset, so
 * an error is counted once; `attributes.detailOf` is the line of its message).
 */

const SEVERITIES: Record<string, EventSeverity> = {
  DEBUG1: "debug",
  DEBUG2: "debug",
  DEBUG3: "debug",
  DEBUG4: "debug",
  DEBUG5: "debug",
  DEBUG: "debug",
  INFO: "info",
  LOG: "info",
  NOTICE: "notice",
  WARNING: "warning",
  ERROR: "error",
  FATAL: "fatal",
  PANIC: "fatal",
};

const DETAIL_KEYS: Record<string, string> = {
  DETAIL: "detail",
  HINT: "hint",
  CONTEXT: "context",
  STATEMENT: "statement",
  QUERY: "query",
  LOCATION: "location",
};

/** Find `LEVEL:  ` after the prefix: returns [word, wordStart, messageStart] or null. */
function findLevel(line: string, from: number): [string, number, number] | null {
  const limit = Math.min(line.length, from + 200);
  let i = line.indexOf(":  ", from);
  while (i >= 0 && i < limit) {
    let s = i;
    while (s > from && line.charCodeAt(s - 1) >= 65 && line.charCodeAt(s - 1) <= 90) s--;
    while (s > from && line.charCodeAt(s - 1) >= 48 && line.charCodeAt(s - 1) <= 57) s--;
    const word = line.slice(s, i);
    if ((SEVERITIES[word] !== undefined || DETAIL_KEYS[word] !== undefined) && (s === from || line[s - 1] === " ")) {
      return [word, s, i + 3];
    }
    i = line.indexOf(":  ", i + 1);
  }
  return null;
}

interface Pending {
  event: RawEvent;
  pid: string | null;
  count: number;
  lastKey: string | null;
  chars: number;
  /** The record's DETAIL/HINT/... lines as events of their own, emitted after it (line order). */
  details: RawEvent[];
}

function createPostgresParser(ctx: FormatContext): LineParser {
  const f = createTimeFields();
  const resolver = new TimeResolver(ctx);
  let pending: Pending | null = null;

  const flush = () => {
    if (!pending) return;
    if (pending.count > 1) pending.event.attributes.lineCount = pending.count;
    ctx.emit(pending.event);
    for (const d of pending.details) ctx.emit(d);
    pending = null;
  };

  /** Join `text` to the record; `counted`: the line is one of the record's own (not an event of its own). */
  const append = (p: Pending, key: string, text: string, newline: boolean, counted = true) => {
    if (counted) p.count++;
    if (p.count > MAX_CONTINUATION_LINES || p.chars + text.length > MAX_CONTINUATION_CHARS) {
      p.event.attributes.truncated = true;
      return;
    }
    p.chars += text.length;
    if (key === "message") {
      p.event.message += `\n${text}`;
      return;
    }
    const prev = p.event.attributes[key];
    p.event.attributes[key] = typeof prev === "string" ? `${prev}${newline ? "\n" : " "}${text}` : text;
  };

  return {
    push(line, lineNo) {
      if (line.length > 0 && (line.charCodeAt(0) === 9 || line.charCodeAt(0) === 32) && pending) {
        // after a DETAIL/HINT/... line the indented text continues that line's own event
        const last = pending.lastKey !== null ? pending.details[pending.details.length - 1] : undefined;
        append(pending, pending.lastKey ?? "message", line.trim(), true, last === undefined);
        if (last) {
          last.attributes.lineCount =
            (typeof last.attributes.lineCount === "number" ? last.attributes.lineCount : 1) + 1;
          if (last.message.length + line.length <= MAX_CONTINUATION_CHARS) last.message += `\n${line.trim()}`;
        }
        return;
      }
      const e = scanTimestamp(line, 0, f);
      if (e < 0) {
        ctx.skip(lineNo, line.trim().length === 0 ? "empty-line" : "no-timestamp", line.slice(0, 120));
        return;
      }
      const lvl = findLevel(line, e);
      if (!lvl) {
        ctx.skip(lineNo, "no-level", line.slice(0, 120));
        return;
      }
      const ts = resolver.toEpoch(f);
      if (Number.isNaN(ts)) {
        ctx.skip(lineNo, "bad-timestamp", line.slice(0, 120));
        return;
      }
      const prefix = line.slice(e, lvl[1]).trim();
      let pid: string | null = null;
      let user: string | null = null;
      let database: string | null = null;
      const rest: string[] = [];
      for (const tok of prefix.split(/\s+/)) {
        if (tok.length === 0) continue;
        if (pid === null && tok.startsWith("[") && tok.endsWith("]")) {
          pid = tok.slice(1, -1).split("-")[0] ?? null; // `[12345-1]` with %l
        } else if (user === null && /^[^@\s]*@[^@\s]*$/.test(tok)) {
          const at = tok.indexOf("@");
          user = tok.slice(0, at) || null;
          database = tok.slice(at + 1) || null;
        } else rest.push(tok.replace(/:$/, ""));
      }
      const text = line.slice(lvl[2]).trimEnd();
      const detailKey = DETAIL_KEYS[lvl[0]];
      if (detailKey !== undefined) {
        // A DETAIL/HINT/STATEMENT line is a log line of its own (its own prefix and time, so its own event) that also
        // belongs to the previous message of the same backend, which carries it as an attribute.
        const own: RawEvent = {
          ts,
          path: ctx.path,
          line: lineNo,
          kind: "log",
          severity: null,
          service: "postgresql",
          host: null,
          actor: null,
          message: `${lvl[0]}:  ${text}`,
          attributes: { level: lvl[0], ...(pid !== null ? { pid } : {}) },
        };
        if (pending && (pid === null || pending.pid === null || pending.pid === pid)) {
          append(pending, detailKey, text, true, false);
          pending.lastKey = detailKey;
          own.attributes.detailOf = pending.event.line;
          pending.details.push(own);
          return;
        }
        // another backend's detail, or one whose message is not in the file: kept in line order
        if (pending) pending.details.push(own);
        else ctx.emit(own);
        return;
      }
      flush();
      const attributes: Record<string, unknown> = { level: lvl[0] };
      if (pid !== null) attributes.pid = pid;
      if (user !== null) attributes.user = user;
      if (database !== null) attributes.database = database;
      if (rest.length > 0) attributes.prefix = rest.join(" ");
      const dur = /^duration: ([\d.]+) ms/.exec(text);
      if (dur) attributes.durationMs = Number(dur[1]);
      pending = {
        event: {
          ts,
          path: ctx.path,
          line: lineNo,
          kind: "log",
          severity: SEVERITIES[lvl[0]] ?? null,
          service: "postgresql",
          host: null,
          actor: null,
          message: text,
          attributes,
        },
        pid,
        count: 1,
        lastKey: null,
        chars: text.length,
        details: [],
      };
    },
    end() {
      flush();
    },
  };
}

const SHARED = createTimeFields();

/** PostgreSQL server log with the `%m [%p] ` (optionally `%q%u@%d `) prefix. */
export const postgresqlFormat: LineFormat = {
  id: "postgresql",
  samples: [
    [
      "2025-02-09 10:05:23.123 UTC [12345] LOG:  duration: 1204.331 ms  statement: SELECT * FROM orders WHERE id = 42",
      "2025-02-09 10:05:24.001 UTC [12346] app@orders ERROR:  deadlock detected",
      "2025-02-09 10:05:24.001 UTC [12346] app@orders DETAIL:  Process 12346 waits for ShareLock on transaction 5012; blocked by process 12347.",
      "\tProcess 12347 waits for ShareLock on transaction 5011; blocked by process 12346.",
      "2025-02-09 10:05:24.001 UTC [12346] app@orders HINT:  See server log for query details.",
      "2025-02-09 10:05:24.001 UTC [12346] app@orders STATEMENT:  UPDATE orders SET status = 'paid'",
    ].join("\n"),
  ],
  description: "PostgreSQL server log (`%m [%p] ` prefixes): LOG/ERROR/FATAL with DETAIL/HINT/STATEMENT joined",
  kind: "log",
  shape: "lines",
  detect(sample) {
    return scoreFromFraction(
      fractionMatching(sample, (l) => {
        if (l.charCodeAt(0) === 9) return null;
        const e = scanTimestamp(l, 0, SHARED);
        return e > 0 && findLevel(l, e) !== null && l.includes("[", e);
      }),
      0.94,
    );
  },
  createParser: createPostgresParser,
};
