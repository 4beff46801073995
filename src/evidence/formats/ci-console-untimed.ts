import { createChangeDetector } from "../changes/index.js";
import type { FormatContext, LineFormat, LineParser } from "../evidence-format.js";
import { createTimeFields, scanTimestamp, TimeResolver } from "../timestamps/index.js";

/** Jenkins console markers (`[Pipeline] …` steps, the `Started by …` / `Finished: RESULT` frame). */
const JENKINS = /^\[Pipeline\] |^Started by |^Finished: (?:SUCCESS|FAILURE|UNSTABLE|ABORTED|NOT_BUILT)\s*$/;
/** Buildkite group headers and echoed commands in a log downloaded without `_bk;t=` marks. */
const BUILDKITE = /^(?:~~~|---|\+\+\+) \S/;
/** Frame lines of a console: the build's structure, not what it did. */
const FRAME = /^(?:\[Pipeline\] |Started by |Obtained Jenkinsfile |Running on |Running in |(?:~~~|---|\+\+\+) )/;
/** A line that starts with its own time (a timestamped console: read by the line readers, not here). */
const LEADING_TIME = /^\s*\[?\d{4}-\d\d-\d\d[T ]\d\d:\d\d|^\s*\[?\d\d:\d\d:\d\d\b|^_bk;t=\d/;

/** The first date-and-time anywhere in a line (`date` output, helm's `LAST DEPLOYED: …`, a tool's own log line). */
function clockIn(text: string, resolver: TimeResolver): number {
  const f = createTimeFields();
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // a timestamp starts with a digit or a letter (month or weekday names)
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) continue;
    if (i > 0 && /[\w]/.test(text[i - 1] ?? "")) continue;
    if (scanTimestamp(text, i, f) > i && f.year > 0) {
      const ts = resolver.toEpoch(f);
      if (Number.isFinite(ts)) return ts;
    }
  }
  return Number.NaN;
}

function createParser(ctx: FormatContext): LineParser {
  const resolver = new TimeResolver(ctx);
  const detect = createChangeDetector();
  let clock = Number.NaN;
  let clockLine = 0;
  let untimedChanges = 0;
  const examples: string[] = [];
  return {
    push(line, lineNo) {
      const text = line.replace(/\r$/, "").replace(/\x1b\[[0-9;]*m/g, "");
      if (text.trim().length === 0) {
        ctx.skip(lineNo, "blank", line);
        return;
      }
      const own = clockIn(text, resolver);
      if (Number.isFinite(own)) {
        clock = own;
        clockLine = lineNo;
      }
      if (!Number.isFinite(clock)) {
        // the console's frame (`Started by`, `[Pipeline] node`, group headers) is structure, not a record
        if (FRAME.test(text)) {
          ctx.skip(lineNo, "metadata", line);
          return;
        }
        // before any clock: nothing says when this ran, and no time is made up for it
        const probe = detect({
          ts: 0,
          path: ctx.path,
          line: lineNo,
          kind: "log",
          severity: null,
          service: null,
          host: null,
          actor: null,
          message: text,
          attributes: {},
        });
        if (probe.kind === "change") {
          untimedChanges++;
          if (examples.length < 3) examples.push(`line ${lineNo}: ${text.slice(0, 80)}`);
        }
        ctx.skip(lineNo, "no-timestamp", line);
        return;
      }
      ctx.emit({
        ts: clock,
        path: ctx.path,
        line: lineNo,
        kind: "log",
        severity: /^Finished: (?:FAILURE|ABORTED)/.test(text) ? "error" : null,
        service: null,
        host: null,
        actor: null,
        message: text,
        // the line ran at or after the last clock the console printed (a lower bound, not the line's own time)
        attributes: lineNo === clockLine ? {} : { timeFrom: `line ${clockLine}`, timeBound: "at-or-after" },
      });
    },
    end() {
      if (untimedChanges > 0)
        ctx.warn?.(
          `${untimedChanges} change step(s) in this CI console carry no time (no timestamps and no clock printed before them: ${examples.join("; ")}); ` +
            "they are not placed in time: add the build's api/json (timestamp + duration) or enable timestamps (Jenkins Timestamper, Buildkite _bk;t= marks)",
        );
    },
  };
}

/**
 * CI consoles written without per-line times: a Jenkins console without the Timestamper plugin (`Started by …`,
 * `[Pipeline] …`, `Finished: SUCCESS`, https://www.jenkins.io/doc/book/pipeline/), a Buildkite log downloaded without
 * its `_bk;t=` marks (`--- `/`+++ `/`~~~ ` groups, https://buildkite.com/docs/pipelines/configure/managing-log-output).
 * Neither the `Started by` header nor `Finished:` carries a time, so the only clocks are those printed inside lines
 * (`date` output, helm's `LAST DEPLOYED`, a tool's own timestamps): each later line is placed at the last clock seen,
 * marked as a lower bound (`timeBound: "at-or-after"`), and goes through the change recognisers like any log line.
 * Lines before any clock are `no-timestamp` skips, never given the file's mtime; a warning counts the change steps
 * among them (their time is in the build's API record, read by `ci-builds-json`).
 */
export const ciConsoleUntimed: LineFormat = {
  id: "ci-console-untimed",
  description:
    "CI consoles without timestamps (Jenkins without Timestamper, Buildkite without _bk;t=), timed by clocks printed in lines",
  kind: "log",
  shape: "lines",
  samples: [
    [
      "Started by user Priya Nair",
      "[Pipeline] Start of Pipeline",
      "[Pipeline] echo",
      "Deploy started at Tue Sep 23 11:40:05 UTC 2025",
      "[Pipeline] sh",
      "+ kubectl --context prod -n search rollout status deployment/search-api",
      'deployment "search-api" successfully rolled out',
      "[Pipeline] End of Pipeline",
      "Finished: SUCCESS",
    ].join("\n"),
  ],
  sampleName: "console.log",
  detect(sample) {
    const lines = sample.lines.filter((l) => l.trim().length > 0).slice(0, 400);
    if (lines.length === 0) return 0;
    if (lines.filter((l) => LEADING_TIME.test(l)).length >= lines.length * 0.3) return 0;
    const jenkins = lines.filter((l) => JENKINS.test(l)).length;
    const buildkite = lines.filter((l) => BUILDKITE.test(l)).length;
    const commands = lines.filter((l) => /^(?:\+|\$) \S/.test(l)).length;
    // above the readers of tool output a console may quote (helm status blocks): the console is the whole file
    if (jenkins >= 2) return 0.97;
    if (buildkite >= 1 && commands >= 1) return 0.7;
    return 0;
  },
  createParser,
};
