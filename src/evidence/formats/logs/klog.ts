import type { EventSeverity } from "../../../model/event.js";
import type { FormatContext, LineFormat, LineParser } from "../../evidence-format.js";
import { createTimeFields, resetTimeFields, type TimeFields, TimeResolver } from "../../timestamps/index.js";
import { fractionMatching, scoreFromFraction } from "./detect-helpers.js";

/*
 * klog/glog header (Kubernetes components, many Go services):
 *   Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg
 *   I0209 10:05:23.123456   12345 controller.go:123] "Reconciling" pod="default/api-1"
 * L is I/W/E/F. The date has no year: it comes from ctx.inferYear.
 */

const LEVELS: Record<string, EventSeverity> = { I: "info", W: "warning", E: "error", F: "fatal" };

function d2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9) return -1;
  return a * 10 + b;
}

/** Parse the klog header into `f`; returns [severityLetter, threadId, source, messageStart] or null. */
function scanKlog(line: string, f: TimeFields): [string, string, string, number] | null {
  if (line.length < 22) return null;
  const lvl = line[0]!;
  if (LEVELS[lvl] === undefined) return null;
  resetTimeFields(f);
  f.month = d2(line, 1);
  f.day = d2(line, 3);
  if (f.month < 1 || f.month > 12 || f.day < 1 || f.day > 31) return null;
  if (line.charCodeAt(5) !== 32 || line.charCodeAt(8) !== 58 || line.charCodeAt(11) !== 58) return null;
  f.hour = d2(line, 6);
  f.minute = d2(line, 9);
  f.second = d2(line, 12);
  if (f.hour < 0 || f.minute < 0 || f.second < 0) return null;
  let p = 14;
  if (line.charCodeAt(p) === 46) {
    const s = p + 1;
    p = s;
    while (p < line.length && line.charCodeAt(p) >= 48 && line.charCodeAt(p) <= 57) p++;
    const frac = line.slice(s, Math.min(p, s + 3)).padEnd(3, "0");
    f.millisecond = Number(frac);
    f.fractionDigits = p - s;
  }
  if (line.charCodeAt(p) !== 32) return null;
  while (line.charCodeAt(p) === 32) p++;
  const tidStart = p;
  while (p < line.length && line.charCodeAt(p) >= 48 && line.charCodeAt(p) <= 57) p++;
  if (p === tidStart || line.charCodeAt(p) !== 32) return null;
  const tid = line.slice(tidStart, p);
  const close = line.indexOf("] ", p);
  const closeEnd = close < 0 && line.endsWith("]") ? line.length - 1 : close;
  if (closeEnd < 0 || closeEnd - p > 256) return null;
  return [lvl, tid, line.slice(p + 1, closeEnd), Math.min(line.length, closeEnd + 2)];
}

function createKlogParser(ctx: FormatContext): LineParser {
  const f = createTimeFields();
  const resolver = new TimeResolver(ctx);
  return {
    push(line, lineNo) {
      const k = scanKlog(line, f);
      if (!k) {
        ctx.skip(lineNo, line.trim().length === 0 ? "empty-line" : "no-timestamp", line.slice(0, 120));
        return;
      }
      const ts = resolver.toEpoch(f);
      if (Number.isNaN(ts)) {
        ctx.skip(lineNo, "bad-timestamp", line.slice(0, 120));
        return;
      }
      ctx.emit({
        ts,
        path: ctx.path,
        line: lineNo,
        kind: "log",
        severity: LEVELS[k[0]] ?? null,
        service: null,
        host: null,
        actor: null,
        message: line.slice(k[3]).trimEnd(),
        attributes: { level: k[0], threadId: k[1], source: k[2] },
      });
    },
    end() {},
  };
}

const SHARED = createTimeFields();

/** klog/glog (`I0209 10:05:23.123456   12345 file.go:123] msg`), year-less. */
export const klogFormat: LineFormat = {
  id: "klog",
  samples: [
    [
      'I0209 10:05:23.123456       1 controller.go:123] "Reconciling" deployment="default/orders"',
      "W0209 10:05:24.000001   12345 reflector.go:424] watch of *v1.Pod ended with: too old resource version",
      "E0209 10:05:25.500000   12345 leaderelection.go:330] error retrieving resource lock kube-system/kube-controller-manager: context deadline exceeded",
      "F0209 10:05:26.000000   12345 server.go:99] fatal: cannot bind :10257",
    ].join("\n"),
  ],
  description: "klog/glog header used by Kubernetes and Go services: `I0209 10:05:23.123456 12345 file.go:123] msg`",
  kind: "log",
  shape: "lines",
  detect(sample) {
    return scoreFromFraction(
      fractionMatching(sample, (l) => scanKlog(l, SHARED) !== null),
      0.94,
    );
  },
  createParser: createKlogParser,
};
