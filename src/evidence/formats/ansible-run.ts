import { MONTHS } from "../../util/months.js";
import { changeEvent } from "../changes/change-record.js";
import type { FormatContext, LineFormat, LineParser } from "../evidence-format.js";
import { createTimeFields, scanTimestamp, TimeResolver } from "../timestamps/index.js";

/** `TASK [role : name] ****` / `PLAY [hosts] ****` / `RUNNING HANDLER [x] ****`, after an optional log-file prefix. */
const HEADER = /^(PLAY|TASK|RUNNING HANDLER|PLAY RECAP)(?: \[(.*)\])? \*+\s*$/;
/** ansible.log prefix: `2025-11-10 09:31:05,123 p=1234 u=deploy n=ansible | `. */
const LOG_PREFIX = /^(.*?) p=\d+ u=(\S+) n=\S+ \| (.*)$/;
/** profile_tasks callback: `Monday 10 November 2025  09:31:05 +0000 (0:00:02.912)       0:00:02.953 ****`. */
const PROFILE = /^\w+day (\d{1,2}) (\w+) (\d{4}) +(\d{1,2}):(\d\d):(\d\d)(?: ([+-])(\d\d)(\d\d))? \(/;
const RESULT = /^(changed|ok|failed|fatal|skipping|unreachable): \[([^\]]+)\]/;

interface Task {
  name: string;
  line: number;
  start: number;
  changed: string[];
  failed: boolean;
  /** ansible.log: time and line of the last `changed:` result, when the host reported the change. */
  changedAt?: number;
  changedLine?: number;
}

function createParser(ctx: FormatContext): LineParser {
  const f = createTimeFields();
  const resolver = new TimeResolver(ctx);
  let task: Task | null = null;
  let user: string | null = null;
  let lastTime = Number.NaN;
  let pendingHeader = false;

  // the task that ended at a header, waiting for the time line that follows it (profile_tasks)
  let ending: Task | null = null;
  const flush = (end: number) => {
    const t = ending ?? task;
    if (ending) ending = null;
    else task = null;
    if (!t || t.changed.length === 0) return;
    // ansible.log stamps each result line: a host's `changed:` line is when the change was in place on it
    const done = t.changedAt !== undefined && Number.isFinite(t.changedAt) ? t.changedAt : end;
    const effective = Number.isFinite(done);
    const ts = effective ? done : t.start;
    if (!Number.isFinite(ts)) {
      ctx.skip(t.line, "no-timestamp", `TASK [${t.name}] changed ${t.changed.join(", ")}`);
      return;
    }
    const type = /restart|reload/i.test(t.name) ? "restart" : "config";
    ctx.emit(
      changeEvent({
        path: ctx.path,
        line: t.changedLine ?? t.line,
        at: ts,
        type,
        what: `ansible task "${t.name}"`,
        where: t.changed,
        by: user,
        tool: "ansible",
        // a task's change is in place when the task finishes, i.e. when the next one starts
        phase: effective ? "effective" : "started",
        ...(effective && Number.isFinite(t.start) && t.start < done ? { startedAt: t.start } : {}),
        service: null,
        host: t.changed[0] ?? null,
        message: `ansible task "${t.name}" changed ${t.changed.join(", ")}`,
        attributes: { task: t.name, hosts: t.changed },
        // a task that changed some hosts and failed on others is in effect where it changed, and still an error
        ...(t.failed ? { severity: "error" as const } : {}),
      }),
    );
  };

  const readTime = (text: string): number => {
    const p = PROFILE.exec(text);
    if (p) {
      const month = MONTHS[(p[2] ?? "").slice(0, 3).toLowerCase()];
      if (month === undefined) return Number.NaN;
      f.year = Number(p[3]);
      f.month = month;
      f.day = Number(p[1]);
      f.hour = Number(p[4]);
      f.minute = Number(p[5]);
      f.second = Number(p[6]);
      f.millisecond = 0;
      f.fractionDigits = 0;
      f.epochMs = Number.NaN;
      f.offsetMinutes = p[7] ? (p[7] === "-" ? -1 : 1) * (Number(p[8]) * 60 + Number(p[9])) : Number.NaN;
      return resolver.toEpoch(f);
    }
    const e = scanTimestamp(text, 0, f);
    return e > 0 ? resolver.toEpoch(f) : Number.NaN;
  };

  return {
    push(raw, lineNo) {
      let line = raw;
      const prefixed = LOG_PREFIX.exec(raw);
      if (prefixed) {
        const t = readTime(prefixed[1] ?? "");
        if (Number.isFinite(t)) lastTime = t;
        user = prefixed[2] ?? user;
        line = prefixed[3] ?? "";
      }
      const h = HEADER.exec(line);
      if (h) {
        // profile_tasks prints the time on the line after the header; the log file has it in the prefix
        if (ending) flush(Number.NaN);
        if (prefixed) flush(lastTime);
        else {
          ending = task;
          task = null;
        }
        if (h[1] === "TASK" || h[1] === "RUNNING HANDLER") {
          task = {
            name: h[2] ?? "",
            line: lineNo,
            start: prefixed ? lastTime : Number.NaN,
            changed: [],
            failed: false,
          };
        }
        pendingHeader = !prefixed;
        return;
      }
      if (PROFILE.test(line)) {
        const t = readTime(line);
        lastTime = t;
        if (pendingHeader) {
          // this time is when the new task (or the recap) started: the previous task ended then
          if (ending) flush(t);
          if (task && Number.isNaN(task.start)) {
            task.start = t;
            task.line = lineNo;
          }
          pendingHeader = false;
        }
        return;
      }
      if (ending) flush(Number.NaN);
      const r = RESULT.exec(line.trim());
      if (r && task) {
        if (r[1] === "changed") {
          task.changed.push(r[2] as string);
          if (prefixed) {
            task.changedAt = lastTime;
            task.changedLine = lineNo;
          }
        }
        if (r[1] === "failed" || r[1] === "fatal") task.failed = true;
        return;
      }
      if (line.trim().length === 0) return;
    },
    end() {
      if (ending) flush(Number.NaN);
      flush(lastTime);
    },
  };
}

/**
 * Ansible runs: `ansible-playbook` stdout (with the `profile_tasks` callback's time lines, as most CI jobs enable) and
 * `ansible.log` files (`log_path`, every line prefixed with its time, pid and user). Each task that reported
 * `changed:` on some hosts becomes a change event on those hosts, effective when the task finished (when the next
 * task started); the playbook's user is the actor when the log names it. Documented:
 * https://docs.ansible.com/ansible/latest/collections/ansible/posix/profile_tasks_callback.html and
 * https://docs.ansible.com/ansible/latest/reference_appendices/config.html#default-log-path (`log_path`).
 */
export const ansibleRun: LineFormat = {
  id: "ansible-run",
  description: "ansible-playbook output (profile_tasks time lines) and ansible.log files",
  kind: "change",
  shape: "lines",
  samples: [
    [
      "PLAY [app servers] *************************************************************",
      "",
      "TASK [app : restart app] *******************************************************",
      "Monday 10 November 2025  09:31:41 +0000 (0:00:36.118)       0:00:39.071 *******",
      "changed: [app-1]",
      "",
      "TASK [app : wait for /healthz] *************************************************",
      "Monday 10 November 2025  09:31:49 +0000 (0:00:08.204)       0:00:47.275 *******",
      "ok: [app-1]",
    ].join("\n"),
    [
      "2025-11-10 09:31:41,120 p=4412 u=deploy n=ansible | TASK [app : restart app] ***********************************",
      "2025-11-10 09:31:48,990 p=4412 u=deploy n=ansible | changed: [app-1]",
      "2025-11-10 09:31:49,002 p=4412 u=deploy n=ansible | TASK [app : wait for /healthz] *****************************",
    ].join("\n"),
  ],
  detect(sample) {
    const lines = sample.lines.slice(0, 200).map((l) => LOG_PREFIX.exec(l)?.[3] ?? l);
    const headers = lines.filter((l) => HEADER.test(l)).length;
    if (headers === 0) return 0;
    return lines.some((l) => RESULT.test(l.trim())) || headers >= 2 ? 0.95 : 0.5;
  },
  createParser,
};
