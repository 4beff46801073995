import type { DocumentFormat, FormatContext } from "../evidence-format.js";
import { parseJsonLocated } from "../json-located.js";
import { emitApiChange } from "./change-api-readers.js";
import { isRecord, type JsonRecord, str } from "./document-helpers.js";

/** A state's key: `module_|-id_|-name_|-function` (salt.state "state return data"). */
const STATE_KEY = /^([\w.]+)_\|-(.*?)_\|-(.*?)_\|-(\w+)$/;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** The top-level JSON values of a text, one after another (salt prints one object per minion without `--static`). */
function documents(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  let line = 1;
  let startLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (depth === 0) {
        start = i;
        startLine = line;
      }
      depth++;
    } else if ((c === 125 || c === 93) && depth > 0 && --depth === 0) {
      out.push({ text: text.slice(start, i + 1), line: startLine });
    }
  }
  return out;
}

/**
 * The date of a run, which Salt's state return leaves out (`start_time` is a time of day): a job id (`jid`, a
 * `%Y%m%d%H%M%S%f` stamp), an event `_stamp` or a job's `StartTime` in the document, else a date in the file name, else a window of at
 * most two days. Returns [year, month, day] or null.
 */
export function runDate(text: string, ctx: FormatContext): [number, number, number] | null {
  const jid = /"(?:jid|_stamp)"\s*:\s*"(\d{4})-?(\d\d)-?(\d\d)/.exec(text);
  const named = /(?:^|[^\d])(20\d\d)-?(\d\d)-?(\d\d)(?:[^\d]|$)/.exec(ctx.path.split("/").pop() ?? "");
  const m = jid ?? named;
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  // the job cache's `salt-run jobs.list_job JID`: "StartTime": "2025, Mar 04 10:00:40.123456"
  const job = /"StartTime"\s*:\s*"(\d{4}), ([A-Z][a-z]{2}) (\d\d)/.exec(text);
  const month = job ? MONTHS.indexOf(job[2] ?? "") + 1 : 0;
  if (job && month > 0) return [Number(job[1]), month, Number(job[3])];
  const w = ctx.window;
  if (w && w.end - w.start <= 2 * 86_400_000) {
    const d = new Date(w.start);
    return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  }
  return null;
}

/**
 * Salt state runs printed as JSON (`salt '*' state.apply --out=json [--static]`, `salt-call --out=json state.apply`,
 * `salt-run jobs.lookup_jid --out=json`): per minion, per state `{__id__, name, result, changes, comment, start_time,
 * duration}`. A state that succeeded with changes is a change in effect when it ended (`start_time` + `duration` ms);
 * a failed state (`result: false`) is a failed change; `result: null` (test mode) and states without changes changed
 * nothing. `start_time` has no date: see {@link runDate}; the time of day is the minion's local time.
 * Documented: https://docs.saltproject.io/en/latest/ref/states/index.html (state return data: result, changes,
 * comment, duration, start_time) and https://docs.saltproject.io/en/latest/ref/output/all/salt.output.json_out.html.
 */
export const saltStateJson: DocumentFormat = {
  id: "salt-state-json",
  description:
    "Salt state.apply / highstate results as JSON (per minion, per state: result, changes, start_time, duration)",
  kind: "change",
  shape: "document",
  samples: [
    JSON.stringify(
      {
        fun: "state.apply",
        id: "web-1",
        jid: "20250304100040123456",
        _stamp: "2025-03-04T10:00:41.640000",
        retcode: 0,
        success: true,
        return: {
          "file_|-nginx_conf_|-/etc/nginx/nginx.conf_|-managed": {
            __id__: "nginx_conf",
            __run_num__: 0,
            __sls__: "nginx",
            changes: { diff: "--- \n+++ \n@@ -12 +12 @@\n-worker_connections 512;\n+worker_connections 2048;" },
            comment: "File /etc/nginx/nginx.conf updated",
            duration: 41.2,
            name: "/etc/nginx/nginx.conf",
            result: true,
            start_time: "10:00:41.500000",
          },
        },
      },
      null,
      4,
    ),
  ],
  sampleName: "highstate.json",
  detect(sample) {
    const t = sample.text;
    return /"[\w.]+_\|-[^"]*_\|-[^"]*_\|-\w+"\s*:/.test(t) && /"start_time"\s*:/.test(t) && /"__run_num__"\s*:/.test(t)
      ? 0.97
      : 0;
  },
  parse(text, ctx) {
    const date = runDate(text, ctx);
    for (const d of documents(text)) {
      const doc = parseJsonLocated(d.text);
      const root = doc.value;
      if (!isRecord(root)) continue;
      // `{minion: {state: …}}` (`--static` adds `retcode`); a job return event / returner record is
      // `{id: minion, jid, fun, return: {state: …}, _stamp}`
      const minions =
        isRecord(root.return) && typeof root.id === "string" ? [[root.id, root.return] as const] : Object.entries(root);
      for (const [minion, states] of minions) {
        const ret = isRecord(states) && isRecord(states.return) ? states.return : states;
        if (!isRecord(ret)) continue;
        for (const [name, state] of Object.entries(ret)) {
          const k = STATE_KEY.exec(name);
          if (!k || !isRecord(state)) continue;
          const key = { module: k[1] ?? "", name: k[3] ?? "", fn: k[4] ?? "" };
          readState(minion, key, state, d.line + doc.lineOf(state) - 1, date, ctx);
        }
      }
    }
  },
};

/** One state's identity: its module (`file`), the name it acted on and its function (`managed`). */
export interface SaltStateKey {
  module: string;
  name: string;
  fn: string;
}

/** One state's result as a change (see {@link saltStateJson}); shared with the highstate text reader. */
export function readState(
  minion: string,
  k: SaltStateKey,
  s: JsonRecord,
  line: number,
  date: [number, number, number] | null,
  ctx: FormatContext,
): void {
  const changed = isRecord(s.changes) && Object.keys(s.changes).length > 0;
  if (s.result === null || (s.result === true && !changed)) {
    ctx.skip(line, "not-a-change", `${k.module}.${k.fn} ${str(s.name) ?? ""}: ${str(s.comment) ?? ""}`.slice(0, 120));
    return;
  }
  const t = /^(\d\d):(\d\d):(\d\d)(?:\.(\d+))?$/.exec(str(s.start_time) ?? "");
  if (!t || !date) {
    ctx.skip(line, t ? "no-date" : "invalid-timestamp", `start_time ${str(s.start_time) ?? "(missing)"}`);
    if (t)
      ctx.warn?.(
        "Salt state start_time has no date: name the date in the file name (e.g. highstate-2025-03-04.json) or pass a --window of at most two days",
      );
    return;
  }
  const start = ctx.localToEpoch({
    year: date[0],
    month: date[1],
    day: date[2],
    hour: Number(t[1]),
    minute: Number(t[2]),
    second: Number(t[3]),
    millisecond: Number((t[4] ?? "0").padEnd(3, "0").slice(0, 3)),
  });
  const duration = typeof s.duration === "number" ? s.duration : Number.parseFloat(str(s.duration) ?? "0") || 0;
  const ok = s.result === true;
  const changes = isRecord(s.changes) ? Object.keys(s.changes).slice(0, 4).join(", ") : "";
  emitApiChange(ctx, line, {
    ts: start + Math.round(duration),
    type: k.module === "pkg" ? "deploy" : k.module === "service" ? "restart" : "config",
    what: `${k.module}.${k.fn} ${str(s.name) ?? k.name} on ${minion}${changes ? ` (changed: ${changes})` : ""}${ok ? "" : ` failed: ${str(s.comment) ?? ""}`}`,
    where: [minion],
    by: null,
    tool: "salt",
    ok,
    effective: ok,
    startedAt: start,
    ...(str(s.__id__) ? { id: str(s.__id__) as string } : {}),
  });
}
