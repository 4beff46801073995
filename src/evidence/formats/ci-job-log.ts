import { buildkiteChangingGroup, isBuildkiteGroupHeader } from "../changes/ci-section.js";
import type { FormatContext, LineFormat, LineParser } from "../evidence-format.js";
import { createTimeFields, epochStringToMs, scanTimestamp, TimeResolver } from "../timestamps/index.js";

/**
 * GitLab Runner 17+ with `FF_TIMESTAMPS`: every line starts with an ISO 8601 UTC time and the stream marker (two
 * hex digits, `O`/`E`, `+` for a continued line): `2025-02-09T10:05:02.123456Z 01O $ kubectl ...`
 * (https://docs.gitlab.com/ee/ci/yaml/ci_job_log_timestamps.html).
 */
const GITLAB_STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z) [0-9a-f]{2}[OE]\+? ?/;

/** GitLab's collapsible-section markers, with the epoch second they were written (job_logs.html#custom-collapsible-sections). */
const SECTION = /section_(start|end):(\d{10}):([\w.-]+)(?:\[[^\]]*\])?\r?(?:\x1b\[0K)?/g;
/** Buildkite's per-line timestamp (an APC escape `\x1b_bk;t=<ms>\x07`, or its visible remains `_bk;t=<ms>`). */
const BUILDKITE = /(?:\x1b_)?_?bk;t=(\d{13})\x07?/g;
/** ANSI colour and erase sequences, carriage returns. */
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\r/g;

interface Pending {
  line: number;
  text: string;
  /** After the section's last command echo: its output, done by the section's end. */
  output: boolean;
}

function createParser(ctx: FormatContext): LineParser {
  let now = Number.NaN;
  let sectionStart = Number.NaN;
  let inSection = false;
  let pending: Pending[] = [];
  let sawCommand = false;
  /** Lines before the first mark (the runner's preamble): timed by the first mark. */
  let preamble: Pending[] = [];
  /** The open Buildkite group that changes something (its header), closed by the next header or the log's end. */
  let bkGroup: { line: number; text: string } | null = null;
  let lastTs = Number.NaN;

  /** The header again at the group's end, marked as such: when the group's last command had finished. */
  const closeGroup = (ts: number) => {
    if (bkGroup === null || !Number.isFinite(ts)) return;
    ctx.emit({
      ts,
      path: ctx.path,
      line: bkGroup.line,
      kind: "log",
      severity: null,
      service: null,
      host: null,
      actor: null,
      message: bkGroup.text,
      attributes: { section: "end" },
    });
    bkGroup = null;
  };

  const emitLine = (ts: number, line: number, text: string) => {
    lastTs = ts;
    ctx.emit({
      ts,
      path: ctx.path,
      line,
      kind: "log",
      severity: /^(?:ERROR|FATAL|\$ exit 1)|^ERROR: Job failed/.test(text) ? "error" : null,
      service: null,
      host: null,
      actor: null,
      message: text,
      attributes: {},
    });
  };
  // lines of a GitLab section are timed when it ends: its output lines at the end, the rest at its start
  const flushSection = (end: number) => {
    for (const p of pending) emitLine(p.output && Number.isFinite(end) ? end : sectionStart, p.line, p.text);
    pending = [];
    sawCommand = false;
  };

  const f = createTimeFields();
  const resolver = new TimeResolver(ctx);
  /** A line stamped by the runner itself is emitted at its own time; its section marks only structure the log. */
  const stamped = (raw: string, lineNo: number): boolean => {
    const m = GITLAB_STAMP.exec(raw);
    if (!m || scanTimestamp(m[1] as string, 0, f) < 0) return false;
    const ts = resolver.toEpoch(f);
    if (Number.isNaN(ts)) return false;
    const text = raw.slice(m[0].length).replace(SECTION, "").replace(ANSI, "").trimEnd();
    if (text.trim().length > 0) emitLine(ts, lineNo, text);
    return true;
  };

  return {
    push(raw, lineNo) {
      if (stamped(raw, lineNo)) return;
      let text = raw;
      let marked = false;
      text = text.replace(BUILDKITE, (_m, ms: string) => {
        now = Number(ms);
        marked = true;
        return "";
      });
      let ended = Number.NaN;
      text = text.replace(SECTION, (_m, kind: string, sec: string) => {
        const t = epochStringToMs(sec);
        if (kind === "start") {
          if (pending.length > 0) flushSection(Number.NaN);
          inSection = true;
          sectionStart = t;
          now = t;
        } else {
          ended = t;
          inSection = false;
        }
        marked = true;
        return "";
      });
      text = text.replace(ANSI, "").trimEnd();
      if (preamble.length > 0 && Number.isFinite(now)) {
        for (const p of preamble) emitLine(now, p.line, p.text);
        preamble = [];
      }
      if (!Number.isNaN(ended)) {
        flushSection(ended);
        now = ended;
      }
      if (text.trim().length === 0) {
        if (!marked) ctx.skip(lineNo, "blank", raw);
        return;
      }
      if (!Number.isFinite(now)) {
        preamble.push({ line: lineNo, text, output: false });
        return;
      }
      if (marked && !inSection && isBuildkiteGroupHeader(text)) {
        closeGroup(now);
        const name = buildkiteChangingGroup(text);
        if (name !== null) bkGroup = { line: lineNo, text: text.trim() };
      }
      if (inSection) {
        if (/^\$ /.test(text)) {
          for (const p of pending) p.output = false;
          sawCommand = true;
          pending.push({ line: lineNo, text, output: false });
        } else pending.push({ line: lineNo, text, output: sawCommand });
        return;
      }
      emitLine(now, lineNo, text);
    },
    end() {
      flushSection(Number.NaN);
      closeGroup(lastTs);
      for (const p of preamble) ctx.skip(p.line, "no-timestamp", p.text);
    },
  };
}

/**
 * CI job logs whose lines carry no time of their own: GitLab CI raw job logs (time only in the `section_start:<epoch>`
 * / `section_end:<epoch>` markers, https://docs.gitlab.com/ee/ci/jobs/job_logs.html) and Buildkite raw logs (a
 * `_bk;t=<epoch ms>` mark before lines, https://buildkite.com/docs/pipelines/configure/managing-log-output). In a
 * GitLab section, a command's output after the section's last `$ ` command is timed at the section's end (when that
 * command had finished), everything else at its start, so "successfully rolled out" lands when the rollout ended.
 * A Buildkite group (`--- `, `+++ `, `~~~ ` header) whose name says it changes something (a deploy, a migration, a
 * key revocation) has no end marker: it ends at the next group header or the log's last line, where its header is
 * emitted again with `attributes.section = "end"` so the ci-section recogniser reads the step as in effect then.
 * GitLab logs written with per-line timestamps (`FF_TIMESTAMPS`, see GITLAB_STAMP) are read line by line at their own
 * times, the stream marker removed so the change recognisers see the command and its output.
 */
export const ciJobLog: LineFormat = {
  id: "ci-job-log",
  description: "CI job logs timed by markers: GitLab CI section_start/section_end, Buildkite _bk;t=",
  kind: "log",
  shape: "lines",
  samples: [
    [
      "Running with gitlab-runner 16.9.1 (782c6ecb)",
      'section_start:1741082405:step_script\r\x1b[0KExecuting "step_script" stage of the job script',
      "$ kubectl -n prod set image deployment/orders orders=registry.example.com/orders:1.8.0",
      "deployment.apps/orders image updated",
      "$ kubectl -n prod rollout status deployment/orders --timeout=300s",
      'deployment "orders" successfully rolled out',
      "section_end:1741082470:step_script\r\x1b[0K",
      "Job succeeded",
    ].join("\n"),
    [
      "2025-03-04T10:00:05.120000Z 00O section_start:1741082405:step_script\r\x1b[0K",
      "2025-03-04T10:00:05.200000Z 01O+$ kubectl -n prod rollout status deployment/orders",
      '2025-03-04T10:01:10.004100Z 01O deployment "orders" successfully rolled out',
      "2025-03-04T10:01:10.100000Z 00O section_end:1741082470:step_script\r\x1b[0K",
    ].join("\n"),
    [
      "_bk;t=1741082410000--- :rocket: Deploying shop-api v3.1.0",
      "_bk;t=1741082410100$ ./scripts/deploy.sh production",
      '_bk;t=1741082470000deployment "shop-api" successfully rolled out',
    ].join("\n"),
  ],
  sampleName: "job.log",
  detect(sample) {
    const head = sample.lines.slice(0, 200);
    // a runner-stamped GitLab log: above kubectl-timestamps, which would read the stream marker as message text
    if (head.filter((l) => GITLAB_STAMP.test(l)).length >= Math.max(2, head.length * 0.8)) return 0.98;
    const marks = head.filter((l) => /section_(?:start|end):\d{10}:|bk;t=\d{13}/.test(l)).length;
    if (marks === 0) return 0;
    // Buildkite marks nearly every line; GitLab marks a few section boundaries in a log of untimed lines
    return marks >= 2 ? 0.95 : 0.6;
  },
  createParser,
};
