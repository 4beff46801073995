import type { FormatContext, LineFormat, LineParser } from "../../evidence-format.js";
import { createTimeFields, DayTracker, dateInText, type TimeFields } from "../../timestamps/index.js";
import { fractionMatching } from "./detect-helpers.js";
import { isDirective, learnTimestampColumn, locateTimestamp, type TimestampColumn } from "./timestamp-column.js";
import { createTimestampedParser, looksLikeContinuation } from "./timestamped-lines.js";

/** Below the generic JSON-document reader's score (0.55): see {@link isPrettyJsonDocument}. */
const PRETTY_JSON_CAP = 0.5;
const JSON_SYNTAX_LINE =
  /^\s*(?:"(?:[^"\\]|\\.)*"\s*:|[[\]{}],?\s*$|"(?:[^"\\]|\\.)*",?\s*$|-?\d[\d.eE+-]*,?\s*$|(?:true|false|null),?\s*$)/;

/**
 * The sample opens a multi-line JSON document (`{` or `[` alone, or an unclosed object, on the first line) and most
 * of its lines are JSON syntax (`"key": value`, brackets, bare values).
 */
function isPrettyJsonDocument(lines: readonly string[]): boolean {
  const body = lines.filter((l) => l.trim().length > 0);
  const first = body[0]?.trim() ?? "";
  if (!(first.startsWith("{") || first.startsWith("[")) || (first.startsWith("{") && first.endsWith("}"))) return false;
  let syntax = 0;
  for (const l of body) if (JSON_SYNTAX_LINE.test(l)) syntax++;
  return body.length >= 3 && syntax >= 0.8 * body.length;
}

/** Lines a parser holds back to learn the timestamp column before it emits anything. */
const LEARN_LINES = 64;

/**
 * Any line-oriented text log, whatever its layout: the timestamp is found wherever it stands (any column; calendar
 * dates in every layout the scanner knows, epoch seconds/ms/µs/ns, bracketed or not), learnt from the first lines of
 * the file and confirmed on each line, so an epoch-looking id elsewhere in a line is not taken for its time. The
 * header after the timestamp is peeled generically into severity/pid/thread/component, text before it is kept as
 * `attributes.prefix`, and the rest is the message. Indented and stack-trace-shaped lines continue the previous
 * event; other lines without a timestamp are skipped as `no-timestamp`. Scores at most 0.7, so every specific format
 * wins when it matches: this is the fallback.
 */
export const genericTimestampedFormat: LineFormat = {
  id: "generic-timestamped",
  description: "Text log with a timestamp in any column and any common layout (the fallback for unknown layouts)",
  kind: "log",
  shape: "lines",
  samples: [
    [
      "2025-02-09 10:05:23.123 [worker-3] ERROR payment.Processor: charge failed for order 4711",
      "    at processor.charge (processor.js:42)",
      "2025-02-09 10:05:24,500 - payments - WARNING - retry budget low",
      "2025/02/09 10:05:25 plain message from Go's log package",
    ].join("\n"),
    [
      "[02.09 10:05:23] chrome.exe - proxy.example.com:443 open through proxy",
      "[02.09 10:05:24] chrome.exe - close, 1203 bytes sent",
    ].join("\n"),
    [
      "INFO [02-09|10:05:23.123] Starting Geth on Ethereum mainnet...",
      'ERROR[02-09|10:05:26.010] Failed to retrieve stats server message  err="websocket: close 1006"',
    ].join("\n"),
    [
      "[09-Feb-2025 10:05:23 Europe/Berlin] PHP Warning:  Undefined variable $cart in /var/www/shop/checkout.php on line 42",
      "[09-Feb-2025 10:05:24 Europe/Berlin] PHP Fatal error:  Uncaught PDOException: SQLSTATE[HY000] [2002] Connection refused in /var/www/shop/db.php:17",
    ].join("\n"),
    [
      "- 1739095523 2025.02.09 node-12 kernel: EXT4-fs error on device sda1",
      "- 1739095524 2025.02.09 node-12 sshd[4411]: Accepted publickey for deploy",
    ].join("\n"),
  ],
  detect(sample) {
    const lines = sample.lines.slice(0, 200);
    const column = learnTimestampColumn(lines);
    if (column === null) return 0;
    // Files of multi-line records (RabbitMQ's `=INFO REPORT==== 9-Feb-2025::10:05:23 ===` over its message, JUL) are
    // judged on their record heads; the score then also depends on how many lines carry the time.
    const records = multiLineRecords(lines, column);
    const f = createTimeFields();
    const span = { start: 0, end: 0 };
    const fraction = fractionMatching(sample, (line) => {
      if (isDirective(line)) return null;
      const found = locateTimestamp(line, column, f, span);
      if (found !== null) return true;
      return records || looksLikeContinuation(line) ? null : false;
    });
    if (fraction < 0.5) return 0;
    const score = 0.2 + 0.5 * fraction * (records ? Math.min(1, 2 * column.support) : 1);
    // A pretty-printed JSON document's indented key lines pass for continuation lines, so its few timed lines made
    // it a "log"; the document readers (which keep each record's fields) must win when they claim it.
    return isPrettyJsonDocument(lines) ? Math.min(score, PRETTY_JSON_CAP) : score;
  },
  createParser(ctx) {
    return createLearningParser((column, lines) => {
      const basis = { utc: false };
      const locate =
        column?.kind === "clock"
          ? locateTimeOfDay(ctx, column)
          : (line: string, fields: TimeFields, span: { start: number; end: number }, strict: boolean) =>
              locateTimestamp(line, column, fields, span, strict);
      return createTimestampedParser(ctx, {
        timestampAt: "near-start",
        continuation: multiLineRecords(lines, column) ? "all" : "trace-like",
        directives: true,
        onDirective: (line) => declaredTimeBasis(line, basis),
        locate: (line, fields, span, strict) => {
          const found = locate(line, fields, span, strict);
          // a header declared zone-less times UTC: they are, whatever zone is assumed for the source
          if (found !== null && basis.utc && Number.isNaN(fields.offsetMinutes) && Number.isNaN(fields.epochMs))
            fields.offsetMinutes = 0;
          return found;
        },
      });
    });
  },
};

/**
 * W3C extended log headers declare the time basis: IIS writes UTC unless the file says `#Time Format: Local`
 * (Windows Firewall writes Local and says so); `#Time Format: UTC` says it outright. A declared local basis changes
 * nothing: zone-less times are read in the source's zone as always.
 */
function declaredTimeBasis(line: string, basis: { utc: boolean }): void {
  if (line.startsWith("#Time Format:") || line.startsWith("#Time-Format:")) {
    basis.utc = /\bUTC\b|\bGMT\b/i.test(line.slice(13));
  } else if (line.startsWith("#Software: Microsoft Internet Information Services")) basis.utc = true;
}

/**
 * For logs whose lines carry a time of day only: the date comes from the file name (`2025-02-09.log`) and from
 * untimed lines that state one (a banner, sar's `Linux … (host) 02/09/2025` header, `--- Day changed Mon Feb 10
 * 2025`), and moves on a day when the clock wraps past midnight. Without any date the lines are skipped and a
 * warning says why: a guessed day would put them anywhere.
 */
function locateTimeOfDay(
  ctx: FormatContext,
  column: TimestampColumn,
): (
  line: string,
  f: TimeFields,
  span: { start: number; end: number },
  strict: boolean,
) => { start: number; end: number } | null {
  const days = new DayTracker();
  const name = ctx.path.split(/[\\/]/).slice(-2).join("/");
  const fromName = dateInText(name);
  if (fromName) days.setDate(...fromName);
  let warned = false;
  return (line, f, span, strict) => {
    const found = locateTimestamp(line, column, f, span, strict);
    if (found === null) {
      const date = line.length > 0 ? dateInText(line, column.dayFirst === true) : null;
      if (date) days.setDate(...date);
      return null;
    }
    if (days.apply(f)) return found;
    if (!warned) {
      warned = true;
      ctx.warn?.(
        "lines carry a time of day only and no date is stated before them (header line or file name): they are skipped",
      );
    }
    return null;
  };
}

/**
 * True when the file writes multi-line records whose later lines are not indented (java.util.logging's
 * `Feb 10, 2025 3:42:03 PM Class method` / `INFO: message`, multi-line messages): at least two such untimed lines and
 * a quarter of the learning lines. Then every untimed line continues the record above it; otherwise a stray untimed
 * line is reported as `no-timestamp`, so damaged data stays visible.
 */
function multiLineRecords(lines: readonly string[], column: TimestampColumn | null): boolean {
  const f = createTimeFields();
  const span = { start: 0, end: 0 };
  let considered = 0;
  let untimed = 0;
  for (const line of lines) {
    if (line.trim().length === 0 || isDirective(line)) continue;
    considered++;
    if (looksLikeContinuation(line)) continue;
    if (locateTimestamp(line, column, f, span) === null) untimed++;
  }
  return untimed >= 2 && untimed >= considered / 4;
}

/**
 * A parser that holds the first {@link LEARN_LINES} lines, learns the timestamp column from them, then replays them
 * into the real parser: output order and line numbers are unchanged, memory stays bounded.
 */
export function createLearningParser(
  make: (column: TimestampColumn | null, lines: readonly string[]) => LineParser,
): LineParser {
  let held: [string, number][] | null = [];
  let inner: LineParser | null = null;
  const start = (): LineParser => {
    const lines = held ?? [];
    held = null;
    const texts = lines.map(([l]) => l);
    const p = make(learnTimestampColumn(texts), texts);
    inner = p;
    for (const [l, n] of lines) p.push(l, n);
    return p;
  };
  return {
    push(line, lineNo) {
      if (inner) return inner.push(line, lineNo);
      (held as [string, number][]).push([line, lineNo]);
      if ((held as [string, number][]).length >= LEARN_LINES) start();
    },
    end() {
      (inner ?? start()).end();
    },
  };
}
