import type { EventSeverity } from "../../../model/event.js";
import type { SeverityMapper } from "../../evidence-format.js";

/*
 * One table for every level spelling seen in the wild: log4j/logback/slf4j, java.util.logging (SEVERE, FINE),
 * Python (CRITICAL), Go zap (dpanic), logrus (panic), winston npm levels (http, silly), syslog keywords (emerg, crit,
 * err), Android/klog letters (V D I W E F A), PostgreSQL (LOG, DEBUG1..5, PANIC), .NET (Verbose, Information),
 * OpenTelemetry short names with a digit suffix (INFO2, ERROR3).
 */
const WORDS: Record<string, EventSeverity> = {
  trace: "trace",
  finest: "trace",
  finer: "trace",
  verbose: "trace",
  silly: "trace",
  all: "trace",
  v: "trace",
  t: "trace",
  debug: "debug",
  dbg: "debug",
  fine: "debug",
  config: "debug",
  d: "debug",
  debug1: "debug",
  debug2: "debug",
  debug3: "debug",
  debug4: "debug",
  debug5: "debug",
  info: "info",
  information: "info",
  informational: "info",
  inf: "info",
  http: "info",
  log: "info",
  i: "info",
  notice: "notice",
  n: "notice",
  warn: "warning",
  warning: "warning",
  wrn: "warning",
  w: "warning",
  error: "error",
  err: "error",
  erro: "error",
  eror: "error",
  severe: "error",
  e: "error",
  critical: "critical",
  crit: "critical",
  alert: "critical",
  dpanic: "critical",
  c: "critical",
  fatal: "fatal",
  emerg: "fatal",
  emergency: "fatal",
  panic: "fatal",
  ftl: "fatal",
  f: "fatal",
  a: "fatal",
};

const EXACT = new Map<string, EventSeverity>();
for (const [word, sev] of Object.entries(WORDS)) {
  EXACT.set(word, sev);
  EXACT.set(word.toUpperCase(), sev);
  EXACT.set(word[0]!.toUpperCase() + word.slice(1), sev);
}

/** Syslog PRI severity (PRI & 7): 0 emerg .. 7 debug. */
export function syslogSeverity(code: number): EventSeverity | null {
  switch (code) {
    case 0:
      return "fatal";
    case 1:
    case 2:
      return "critical";
    case 3:
      return "error";
    case 4:
      return "warning";
    case 5:
      return "notice";
    case 6:
      return "info";
    case 7:
      return "debug";
    default:
      return null;
  }
}

/** OpenTelemetry `severityNumber` 1..24 (1-4 TRACE, 5-8 DEBUG, 9-12 INFO, 13-16 WARN, 17-20 ERROR, 21-24 FATAL). */
export function otelSeverity(n: number): EventSeverity | null {
  if (!Number.isInteger(n) || n < 1 || n > 24) return null;
  if (n <= 4) return "trace";
  if (n <= 8) return "debug";
  if (n <= 12) return "info";
  if (n <= 16) return "warning";
  if (n <= 20) return "error";
  return "fatal";
}

/** pino/bunyan numeric levels: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal (custom levels bucketed). */
export function pinoSeverity(n: number): EventSeverity | null {
  if (!Number.isFinite(n) || n < 0) return null;
  if (n < 20) return "trace";
  if (n < 30) return "debug";
  if (n < 40) return "info";
  if (n < 50) return "warning";
  if (n < 60) return "error";
  return "fatal";
}

/** True when `word` is a level keyword (any of the spellings {@link mapSeverity} knows, exact case variants). */
export function isLevelWord(word: string): boolean {
  return EXACT.has(word);
}

/**
 * Map a level as a logger wrote it to an {@link EventSeverity}: words in any case (`WARN`, `Warning`, `err`),
 * OTel short names with digits (`INFO3`), numbers (multiples of ten 10..60 as pino/bunyan, other 1..24 as OTel
 * severityNumber, larger ones bucketed like pino),
 * numeric strings likewise. Unknown spellings give null rather than a guess.
 */
export const mapSeverity: SeverityMapper = (level) => {
  if (level === undefined || level === null) return null;
  if (typeof level === "number") {
    // A numeric `level` is pino/bunyan's (10, 20, ... 60); other 1..24 values are OTel severity numbers.
    if (level >= 10 && level <= 60 && level % 10 === 0) return pinoSeverity(level);
    if (level >= 1 && level <= 24 && Number.isInteger(level)) return otelSeverity(level);
    return level >= 10 ? pinoSeverity(level) : null;
  }
  const hit = EXACT.get(level);
  if (hit) return hit;
  let word = level.trim().toLowerCase();
  if (word.length === 0 || word.length > 16) return null;
  const direct = WORDS[word];
  if (direct) return direct;
  const c0 = word.charCodeAt(0);
  if (c0 >= 48 && c0 <= 57) {
    const n = Number(word);
    return Number.isNaN(n) ? null : mapSeverity(n);
  }
  // OTel short names (INFO2, ERROR4) and bracketed/padded forms (`[warn]`, `<error>`).
  word = word.replace(/^[[<(]+|[\]>):]+$/g, "").replace(/\d+$/, "");
  return WORDS[word] ?? null;
};
