import type { EventSeverity } from "../../../model/event.js";
import { isLevelWord, mapSeverity } from "./severity.js";

/**
 * What a log line says about itself between its timestamp and its message. Filled by {@link peelHeader}; fields
 * stay null when the line does not have them.
 */
export interface LogHeader {
  severity: EventSeverity | null;
  /** The level exactly as written (`WARN`, `D`, `notice`). */
  level: string | null;
  pid: string | null;
  tid: string | null;
  thread: string | null;
  /** Logger, tag or class (`org.apache.hadoop.Foo`, `WindowManager`, `dfs.DataNode$PacketResponder`). */
  component: string | null;
  /** Header words before the level that are none of the above (BGL's node/type/facility columns). */
  fields: string[] | null;
}

/** A fresh, empty {@link LogHeader}. */
export function createLogHeader(): LogHeader {
  return { severity: null, level: null, pid: null, tid: null, thread: null, component: null, fields: null };
}

function resetHeader(h: LogHeader): void {
  h.severity = null;
  h.level = null;
  h.pid = null;
  h.tid = null;
  h.thread = null;
  h.component = null;
  h.fields = null;
}

function skipSpaces(s: string, p: number): number {
  while (p < s.length) {
    const c = s.charCodeAt(p);
    if (c !== 32 && c !== 9) break;
    p++;
  }
  return p;
}

function tokenEnd(s: string, p: number): number {
  while (p < s.length) {
    const c = s.charCodeAt(p);
    if (c === 32 || c === 9) break;
    p++;
  }
  return p;
}

/** Index of the `]` closing the `[` at `p` (nesting allowed, as in `[QuorumPeer[myid=1]/0:2181]`), or -1. */
function matchBracket(s: string, p: number): number {
  let depth = 0;
  const max = Math.min(s.length, p + 256);
  for (let i = p; i < max; i++) {
    const c = s.charCodeAt(i);
    if (c === 91) depth++;
    else if (c === 93) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function isDigits(s: string, a: number, b: number): boolean {
  if (b <= a || b - a > 10) return false;
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** A logger/tag-like word: no quotes, `=`, commas; not empty. */
function isNameLike(s: string, a: number, b: number): boolean {
  if (b <= a || b - a > 160) return false;
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c === 34 || c === 39 || c === 61 || c === 44 || c === 123 || c === 125) return false;
  }
  return true;
}

/**
 * When a component (logger/tag) starts at `p`, return [nameEnd, messageStart]; else null. Accepted forms:
 * `name: msg` / `name:` at end, `name    : msg` (Spring pads), `name - msg` (log4j `%c - %m`).
 */
function componentAt(s: string, p: number): [number, number] | null {
  const e = tokenEnd(s, p);
  if (e === p) return null;
  if (s.charCodeAt(e - 1) === 58) {
    if (e - 1 === p || !isNameLike(s, p, e - 1)) return null;
    return [e - 1, skipSpaces(s, e)];
  }
  if (!isNameLike(s, p, e)) return null;
  const q = skipSpaces(s, e);
  if (q >= s.length) return null;
  const c = s.charCodeAt(q);
  if (c === 58 && q > e && (q + 1 === s.length || s.charCodeAt(q + 1) === 32)) return [e, skipSpaces(s, q + 1)];
  if (c === 45 && q === e + 1 && s.charCodeAt(q + 1) === 32) return [e, skipSpaces(s, q + 2)];
  return null;
}

/** True when the bracket group at `p` is followed by more header (a level, a separator, a component, a bracket). */
function bracketIsHeader(s: string, close: number, sawLevel: boolean, depth: number): boolean {
  const q = skipSpaces(s, close + 1);
  if (q >= s.length) return false;
  const c = s.charCodeAt(q);
  if (c === 45 && s.charCodeAt(q + 1) === 32) return true;
  if (c === 91 && depth < 2) {
    const close2 = matchBracket(s, q);
    return close2 > 0 && bracketIsHeader(s, close2, sawLevel, depth + 1);
  }
  const e = tokenEnd(s, q);
  if (!sawLevel && e - q > 1 && isLevelWord(s.slice(q, e))) return true;
  return componentAt(s, q) !== null;
}

/**
 * Peel the header that follows a timestamp — levels (`INFO`, `[notice]`, `D`), pids and thread ids, `[thread]`,
 * separators (`-`, `---`, `|`), and a `component:`/`component -` — and return where the message starts. The rules
 * are the layouts' common grammar, not per-product patterns: a level word, numbers before it, bracket groups that are
 * followed by more header, one component ending in `:` (or before ` - `) once a level or pid was seen, pipe-separated
 * short fields, and up to four plain header words directly before a level word (BGL's `NODE RAS KERNEL INFO`).
 */
export function peelHeader(s: string, pos: number, h: LogHeader): number {
  resetHeader(h);
  let p = pos;
  let sawLevel = false;
  let sawPid = false;
  let fieldsBeforeLevel = false;
  for (let step = 0; step < 12; step++) {
    p = skipSpaces(s, p);
    if (p >= s.length) return p;
    const c = s.charCodeAt(p);
    if (c === 124) {
      // `|Step_LSC|30002312|message`: short pipe-separated fields.
      p++;
      for (let k = 0; k < 3; k++) {
        const bar = s.indexOf("|", p);
        if (bar < 0 || bar - p > 64 || bar === p) break;
        if (s.slice(p, bar).includes(" ")) break;
        const numeric = isDigits(s, p, bar);
        classifyField(s, p, bar, h);
        p = bar + 1;
        // A pid/tid is the last header field in these layouts; pipes after it belong to the message.
        if (numeric) break;
      }
      return p;
    }
    if (c === 45) {
      // `-` / `--` / `---` separators, only as whole words.
      let e = p;
      while (e < s.length && s.charCodeAt(e) === 45) e++;
      if (e - p <= 3 && (e === s.length || s.charCodeAt(e) === 32)) {
        // A lone ` - ` after the level ends the header (`LEVEL [thread] - msg`, Python's `- LEVEL - msg`);
        // `---` is Spring's separator before more header.
        if (sawLevel && e - p === 1) return skipSpaces(s, e);
        p = e;
        continue;
      }
    }
    if (c === 91) {
      const close = matchBracket(s, p);
      if (close < 0) return p;
      const inner = s.slice(p + 1, close).trim();
      if (!sawLevel && isLevelWord(inner)) {
        setLevel(h, inner);
        sawLevel = true;
        p = close + 1;
        continue;
      }
      const colon = inner.lastIndexOf(":");
      if (!sawLevel && colon > 0 && isLevelWord(inner.slice(colon + 1))) {
        // Apache 2.4 `[core:error]`
        setLevel(h, inner.slice(colon + 1));
        h.component = inner.slice(0, colon);
        sawLevel = true;
        p = close + 1;
        continue;
      }
      if (!sawPid && isDigits(inner, 0, inner.length)) {
        // `[12345]` is a process id (PostgreSQL/PgBouncer `%m [%p]`, many daemons).
        h.pid = inner;
        sawPid = true;
        p = close + 1;
        continue;
      }
      if (inner.startsWith("pid ") && !sawPid) {
        // Apache 2.4 `[pid 123:tid 456]`
        const parts = inner.slice(4).split(":tid ");
        h.pid = parts[0] ?? null;
        if (parts[1] !== undefined) h.tid = parts[1];
        sawPid = true;
        p = close + 1;
        continue;
      }
      if (bracketIsHeader(s, close, sawLevel, 0)) {
        // Two header groups (Spring Boot 3.2 `[app] [thread]`): the one nearest the logger is the thread.
        if (h.thread !== null) (h.fields ??= []).push(h.thread);
        h.thread = inner;
        p = close + 1;
        continue;
      }
      return p;
    }
    const e = tokenEnd(s, p);
    if (!sawLevel) {
      const word = s.slice(p, e);
      // One-letter levels (logcat `D`, klog-like `E`) only count when a tag/logger follows: `A user ...` is prose.
      if (isLevelWord(word) && (e - p > 1 || componentAt(s, skipSpaces(s, e)) !== null)) {
        setLevel(h, word);
        sawLevel = true;
        p = e;
        continue;
      }
    }
    if (isDigits(s, p, e) && h.tid === null) {
      const next = skipSpaces(s, e);
      const nc = s.charCodeAt(next);
      const ne = tokenEnd(s, next);
      // A number is a pid/tid only when more header follows it: a level or another number (HDFS `148 INFO`,
      // logcat `1702  2395 D`), or `[thread]`/`---` (Spring). `42 requests served` stays message.
      const headerFollows =
        nc === 91 ||
        (nc === 45 && s.charCodeAt(next + 1) === 45) ||
        (!sawLevel && (isDigits(s, next, ne) || isLevelWord(s.slice(next, ne))));
      if (headerFollows) {
        if (h.pid === null) h.pid = s.slice(p, e);
        else h.tid = s.slice(p, e);
        sawPid = true;
        p = e;
        continue;
      }
    }
    if (!sawLevel && h.fields === null) {
      // Up to four header words directly before a level word (BGL `R02-M1-N0 RAS KERNEL INFO msg`).
      let q = p;
      const words: string[] = [];
      let found = -1;
      for (let k = 0; k < 5 && q < s.length; k++) {
        const te = tokenEnd(s, q);
        const w = s.slice(q, te);
        // Only an upper-case level word ends such a header: `user login failed error` is a message, not a header.
        if (k > 0 && w.length > 1 && w === w.toUpperCase() && isLevelWord(w)) {
          found = te;
          setLevel(h, w);
          break;
        }
        if (w.length === 0 || w.endsWith(":") || !isNameLike(s, q, te)) break;
        words.push(w);
        q = skipSpaces(s, te);
      }
      if (found > 0) {
        const named = words.filter((w) => w !== "-");
        h.fields = named;
        if (named.length === 1) h.component = named[0]!;
        sawLevel = true;
        fieldsBeforeLevel = true;
        p = found;
        continue;
      }
    }
    if ((sawLevel || sawPid) && h.component === null && !fieldsBeforeLevel) {
      const comp = componentAt(s, p);
      if (comp) {
        h.component = s.slice(p, comp[0]);
        return comp[1];
      }
    }
    return p;
  }
  return p;
}

function setLevel(h: LogHeader, word: string): void {
  h.level = word;
  h.severity = mapSeverity(word);
}

function classifyField(s: string, a: number, b: number, h: LogHeader): void {
  const text = s.slice(a, b);
  if (isDigits(s, a, b)) {
    if (h.pid === null) h.pid = text;
    else if (h.tid === null) h.tid = text;
    return;
  }
  if (h.level === null && isLevelWord(text)) {
    setLevel(h, text);
    return;
  }
  if (h.component === null) h.component = text;
  else if (h.thread === null) h.thread = text;
}

/** Copy the non-null header fields into an event's attributes. */
export function headerAttributes(h: LogHeader, into: Record<string, unknown>): Record<string, unknown> {
  if (h.level !== null) into.level = h.level;
  if (h.pid !== null) into.pid = h.pid;
  if (h.tid !== null) into.tid = h.tid;
  if (h.thread !== null) into.thread = h.thread;
  if (h.component !== null) into.component = h.component;
  if (h.fields !== null && h.fields.length > 0) into.headerFields = h.fields;
  return into;
}
