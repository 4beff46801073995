import type { FormatContext, LineFormat, LineParser } from "../../evidence-format.js";
import {
  createTimeFields,
  findTimestamp,
  scanTimestamp,
  type TimeFields,
  TimeResolver,
} from "../../timestamps/index.js";
import { fractionMatching, scoreFromFraction } from "./detect-helpers.js";
import { isLevelWord, syslogSeverity } from "./severity.js";

/*
 * Syslog, hand-scanned (no regex on the hot path). RFC 3164 as written to /var/log/syslog and by network devices:
 *   <34>Oct 11 22:14:15 mymachine su[123]: 'su root' failed for lonvick on /dev/pts/8
 *   Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; ...          (no PRI: files on disk)
 *   2025-02-09T10:05:23.123456+00:00 host app[1]: msg                                 (rsyslog high-precision)
 * RFC 5424:
 *   <165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3"] msg
 */

const FACILITIES = [
  "kern",
  "user",
  "mail",
  "daemon",
  "auth",
  "syslog",
  "lpr",
  "news",
  "uucp",
  "cron",
  "authpriv",
  "ftp",
  "ntp",
  "security",
  "console",
  "solaris-cron",
  "local0",
  "local1",
  "local2",
  "local3",
  "local4",
  "local5",
  "local6",
  "local7",
];

/** Read `<PRI>` at 0: returns [pri, end] or null. */
function readPri(line: string): [number, number] | null {
  if (line.charCodeAt(0) !== 60) return null;
  let v = 0;
  let i = 1;
  for (; i < 5 && i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 62) break;
    if (c < 48 || c > 57) return null;
    v = v * 10 + (c - 48);
  }
  if (i === 1 || line.charCodeAt(i) !== 62 || v > 191) return null;
  return [v, i + 1];
}

function priAttributes(pri: number, into: Record<string, unknown>): void {
  into.facility = FACILITIES[pri >> 3] ?? pri >> 3;
  into.pri = pri;
}

function nextSpace(s: string, i: number): number {
  const k = s.indexOf(" ", i);
  return k < 0 ? s.length : k;
}

/**
 * Split `tag[pid]: message` at `p`. The tag ends at the first `: ` within 64 characters (tags like `syslogd 1.4.1`
 * and `-- root[2421]` contain spaces); without one, the line has no tag and all of it is the message.
 */
function splitTag(
  line: string,
  p: number,
  attributes: Record<string, unknown>,
): { service: string | null; msg: number } {
  const limit = Math.min(line.length, p + 64);
  let colon = -1;
  for (let i = p; i < limit; i++) {
    if (line.charCodeAt(i) === 58 && (i + 1 === line.length || line.charCodeAt(i + 1) === 32)) {
      colon = i;
      break;
    }
  }
  if (colon <= p) return { service: null, msg: p };
  let tagEnd = colon;
  if (line.charCodeAt(colon - 1) === 93) {
    const open = line.lastIndexOf("[", colon - 1);
    if (open > p) {
      attributes.pid = line.slice(open + 1, colon - 1);
      tagEnd = open;
    }
  }
  const msg = colon + 1 < line.length ? colon + 2 : colon + 1;
  return { service: line.slice(p, tagEnd), msg };
}

function isLowerCase(c: number): boolean {
  return c >= 97 && c <= 122;
}

/**
 * Whether the instant of the month-first time text at `p`..`e` may be reused for a later line with the same text.
 * Month-first stamps (`Feb  9 00:00:00`, `Sun Feb  9 ...`) are read from their own characters plus, after the
 * clock, a space and the character after it (an offset, a zone word or a year would start there). When that
 * character is a lower-case letter (a host name) nothing more is read, so a line with the same text, a space and
 * again a lower-case letter reads the same way, and the resolver gives the same instant for the same fields.
 */
function canReuseStamp(line: string, p: number, e: number): boolean {
  const c = line.charCodeAt(p);
  const letter = (c >= 65 && c <= 90) || isLowerCase(c);
  return letter && line.charCodeAt(e) === 32 && isLowerCase(line.charCodeAt(e + 1));
}

function createRfc3164Parser(ctx: FormatContext): LineParser {
  const f: TimeFields = createTimeFields();
  const resolver = new TimeResolver(ctx);
  // The last good month-first time text (`Feb  9 00:00:00`) as char codes, with its instant: see canReuseStamp.
  const lastStamp = new Uint16Array(64);
  let lastStampLength = -1;
  let lastTs = 0;
  // Offset learnt from zoned timestamps inside messages (a database writing `2025-02-09 04:05:23 CST` through a
  // syslog whose own stamp is local and zone-less); see zoneFromMessage.
  const inner: TimeFields = createTimeFields();
  let learntOffset = Number.NaN;
  let learntYear = 0;
  const innerResolver = new TimeResolver(ctx);
  const naive = ctx.zoneOrigin === "default";
  return {
    push(line, lineNo) {
      const pri = readPri(line);
      let p = pri ? pri[1] : 0;
      let e: number;
      let ts: number;
      let same = lastStampLength > 0 && isLowerCase(line.charCodeAt(p + lastStampLength + 1));
      for (let k = lastStampLength; same && k >= 0; k--) same = line.charCodeAt(p + k) === lastStamp[k];
      if (same) {
        e = p + lastStampLength;
        ts = lastTs;
      } else {
        e = scanTimestamp(line, p, f);
        if (e < 0) {
          ctx.skip(lineNo, line.trim().length === 0 ? "empty-line" : "no-timestamp", line.slice(0, 120));
          return;
        }
        ts = resolver.toEpoch(f);
        if (Number.isNaN(ts)) {
          ctx.skip(lineNo, "bad-timestamp", line.slice(0, 120));
          return;
        }
        lastStampLength = -1;
        if (canReuseStamp(line, p, e) && e - p < lastStamp.length) {
          // stored through the space after it, which the comparison checks too
          for (let k = 0; k <= e - p; k++) lastStamp[k] = line.charCodeAt(p + k);
          lastStampLength = e - p;
          lastTs = ts;
        }
      }
      const attributes: Record<string, unknown> = {};
      if (pri) priAttributes(pri[0], attributes);
      p = e;
      while (line.charCodeAt(p) === 32) p++;
      const hostEnd = nextSpace(line, p);
      const host = hostEnd > p ? line.slice(p, hostEnd) : null;
      p = hostEnd;
      while (line.charCodeAt(p) === 32) p++;
      const { service, msg } = splitTag(line, p, attributes);
      if (naive && Number.isNaN(f.offsetMinutes) && Number.isNaN(f.epochMs)) {
        // the header is local wall time read as (assumed) UTC: a zoned stamp in the message with the same wall clock
        // says which zone (and year) it is, for this line and the following ones of the file
        const found = findTimestamp(line.slice(msg, msg + 120), inner, 80);
        let embedded = Number.NaN;
        if (found !== null && !Number.isNaN(inner.offsetMinutes) && Number.isNaN(inner.epochMs)) {
          const wall = Date.UTC(2000, inner.month - 1, inner.day, inner.hour, inner.minute, inner.second);
          const head = Date.UTC(2000, f.month - 1, f.day, f.hour, f.minute, f.second);
          if (Math.abs(wall - head) <= 60_000) {
            learntOffset = inner.offsetMinutes;
            if (inner.year > 0) learntYear = inner.year;
            embedded = innerResolver.toEpoch(inner);
          }
        }
        if (!Number.isNaN(embedded)) ts = embedded;
        else if (!Number.isNaN(learntOffset)) {
          const year = f.year > 0 ? f.year : learntYear > 0 ? learntYear : new Date(ts).getUTCFullYear();
          ts = Date.UTC(year, f.month - 1, f.day, f.hour, f.minute, f.second, f.millisecond) - learntOffset * 60_000;
        }
      }
      ctx.emit({
        ts,
        path: ctx.path,
        line: lineNo,
        kind: "log",
        severity: pri ? syslogSeverity(pri[0] & 7) : null,
        service,
        host,
        actor: null,
        // Kernel lines pad after the tag (`kernel:  BIOS-e820: ...`); the padding is layout, not message.
        message: line.slice(msg).trim(),
        attributes,
      });
    },
    end() {},
  };
}

/** Parse RFC 5424 STRUCTURED-DATA at `p`: returns [data, end] (data null for NILVALUE) or null when malformed. */
function readStructuredData(line: string, p: number): [Record<string, Record<string, string>> | null, number] | null {
  if (line.charCodeAt(p) === 45) return [null, p + 1];
  const data: Record<string, Record<string, string>> = {};
  while (line.charCodeAt(p) === 91) {
    let i = p + 1;
    const idEnd = indexOfAny(line, i, " ]");
    if (idEnd < 0) return null;
    const params: Record<string, string> = {};
    data[line.slice(i, idEnd)] = params;
    i = idEnd;
    while (line.charCodeAt(i) === 32) {
      const eq = line.indexOf("=", i + 1);
      if (eq < 0 || line.charCodeAt(eq + 1) !== 34) return null;
      const name = line.slice(i + 1, eq);
      let v = "";
      let k = eq + 2;
      for (; k < line.length; k++) {
        const c = line.charCodeAt(k);
        if (c === 92 && k + 1 < line.length) {
          const n = line[k + 1]!;
          // RFC 5424 escapes only `"`, `\` and `]`; a backslash before anything else is literal.
          if (n === '"' || n === "\\" || n === "]") {
            v += n;
            k++;
            continue;
          }
        }
        if (c === 34) break;
        v += line[k];
      }
      if (k >= line.length) return null;
      params[name] = v;
      i = k + 1;
    }
    if (line.charCodeAt(i) !== 93) return null;
    p = i + 1;
  }
  return [data, p];
}

function indexOfAny(s: string, from: number, chars: string): number {
  for (let i = from; i < s.length; i++) if (chars.includes(s[i]!)) return i;
  return -1;
}

function createRfc5424Parser(ctx: FormatContext): LineParser {
  const f: TimeFields = createTimeFields();
  const resolver = new TimeResolver(ctx);
  const nil = (s: string) => (s === "-" ? null : s);
  return {
    push(line, lineNo) {
      const pri = readPri(line);
      if (!pri || line.charCodeAt(pri[1]) < 49 || line.charCodeAt(pri[1]) > 57) {
        ctx.skip(lineNo, line.trim().length === 0 ? "empty-line" : "not-rfc5424", line.slice(0, 120));
        return;
      }
      let p = nextSpace(line, pri[1]) + 1;
      const tsEnd = nextSpace(line, p);
      const e = line.charCodeAt(p) === 45 ? -1 : scanTimestamp(line, p, f);
      if (e !== tsEnd) {
        ctx.skip(lineNo, "no-timestamp", line.slice(0, 120));
        return;
      }
      const ts = resolver.toEpoch(f);
      if (Number.isNaN(ts)) {
        ctx.skip(lineNo, "bad-timestamp", line.slice(0, 120));
        return;
      }
      const fieldsOut: string[] = [];
      p = tsEnd + 1;
      for (let k = 0; k < 4; k++) {
        const end = nextSpace(line, p);
        fieldsOut.push(line.slice(p, end));
        p = end + 1;
      }
      if (p > line.length) {
        ctx.skip(lineNo, "truncated", line.slice(0, 120));
        return;
      }
      const sd = readStructuredData(line, p);
      if (!sd) {
        ctx.skip(lineNo, "bad-structured-data", line.slice(0, 120));
        return;
      }
      let msgStart = sd[1];
      if (line.charCodeAt(msgStart) === 32) msgStart++;
      if (line.charCodeAt(msgStart) === 0xfeff) msgStart++; // MSG may start with a UTF-8 BOM
      const attributes: Record<string, unknown> = {};
      priAttributes(pri[0], attributes);
      const procid = nil(fieldsOut[2] ?? "-");
      const msgid = nil(fieldsOut[3] ?? "-");
      if (procid !== null) attributes.procid = procid;
      if (msgid !== null) attributes.msgid = msgid;
      if (sd[0] !== null) attributes.structuredData = sd[0];
      ctx.emit({
        ts,
        path: ctx.path,
        line: lineNo,
        kind: "log",
        severity: syslogSeverity(pri[0] & 7),
        service: nil(fieldsOut[1] ?? "-"),
        host: nil(fieldsOut[0] ?? "-"),
        actor: null,
        message: line.slice(msgStart).trimEnd(),
        attributes,
      });
    },
    end() {},
  };
}

const SHARED = createTimeFields();

function looks3164(line: string): boolean {
  const pri = readPri(line);
  const p = pri ? pri[1] : 0;
  const e = scanTimestamp(line, p, SHARED);
  if (e < 0 || line.charCodeAt(e) !== 32) return false;
  // After the time: `host tag...`, the host being one word; ISO-timestamped lines need a PRI or a `tag:` to count.
  const c = line.charCodeAt(p);
  const monthFirst = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  // Without PRI, only rsyslog's RFC 3339 stamp (with its offset) counts: `17/06/09 20:10:40 INFO x: msg` is log4j.
  if (!monthFirst && !pri) {
    if (Number.isNaN(SHARED.offsetMinutes) || SHARED.year === 0) return false;
    const m = /^ (\S+) [^\s:[]+(\[\d+\])?: /.exec(line.slice(e, e + 120));
    return m !== null && !isLevelWord(m[1]!);
  }
  return true;
}

/** RFC 3164 / BSD syslog, with or without `<PRI>`, as in /var/log/syslog, auth.log, messages. */
export const syslogRfc3164Format: LineFormat = {
  id: "syslog-rfc3164",
  samples: [
    [
      "<34>Oct 11 22:14:15 mymachine su[123]: 'su root' failed for lonvick on /dev/pts/8",
      "<13>Feb  9 10:05:23 web-1 nginx: worker process 812 exited on signal 9",
      "<86>Feb  9 10:05:24 web-1 sshd[4022]: Accepted publickey for deploy from 10.0.0.5 port 51234 ssh2",
    ].join("\n"),
  ],
  description: "BSD syslog (RFC 3164), with or without <PRI>: `Jun 14 15:16:01 host app[123]: message`",
  kind: "log",
  shape: "lines",
  detect(sample) {
    return scoreFromFraction(
      fractionMatching(sample, (l) => looks3164(l)),
      0.9,
    );
  },
  createParser: createRfc3164Parser,
};

/** RFC 5424 syslog: `<165>1 2003-10-11T22:14:15.003Z host app procid msgid [sd] message`. */
export const syslogRfc5424Format: LineFormat = {
  id: "syslog-rfc5424",
  samples: [
    [
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] An application event log entry...',
      "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - ﻿'su root' failed for lonvick on /dev/pts/8",
      "<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.",
      '<190>1 2025-02-09T10:05:23.5+00:00 web-1 app 42 req [meta note="a \\"quoted\\" \\] value"] done',
    ].join("\n"),
  ],
  description: "IETF syslog (RFC 5424): `<165>1 TIMESTAMP HOST APP PROCID MSGID [SD] MSG`",
  kind: "log",
  shape: "lines",
  detect(sample) {
    return scoreFromFraction(
      fractionMatching(sample, (l) => /^<\d{1,3}>[1-9]\d{0,2} (-|\d{4}-\d\d-\d\dT\S+) \S+ \S+ \S+ \S+ (-|\[)/.test(l)),
      0.97,
    );
  },
  createParser: createRfc5424Parser,
};
