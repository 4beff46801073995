import type { DocumentFormat } from "../evidence-format.js";
import type { JsonRecord } from "./document-helpers.js";
import { readState, runDate } from "./salt-state-json.js";

/** A field of a state in the full layout: `          ID: nginx_conf`, `    Function: file.managed`, … */
const FIELD = /^\s+(ID|Function|Name|Result|Comment|Started|Duration|Changes):\s?(.*)$/;
/** The terse layout: `  Name: /etc/app.conf - Function: file.managed - Result: Changed Started: - 10:00:41.5 Duration: 4.2 ms`. */
const TERSE =
  /^\s+Name: (.*?) - Function: ([\w.]+) - Result: (\w+)(?: - Started: (\S+))?(?: Started: - (\S+))?(?: Duration: ([\d.]+) ms)?/;

interface Pending {
  line: number;
  fields: Record<string, string>;
  changes: string[];
  inChanges: boolean;
}

const RESULT: Record<string, boolean | null> = {
  True: true,
  Changed: true,
  Clean: true,
  False: false,
  Failed: false,
  None: null,
  Differs: null,
};

/**
 * Salt's highstate outputter, the text `salt '*' state.apply` and `salt-call state.highstate` print by default: per
 * minion (`web-1:` over a `----------` rule) one block per state (`ID`, `Function`, `Name`, `Result`, `Comment`,
 * `Started`, `Duration`, `Changes`), or one line per state with `state_output: terse`, and a `Summary for …` at the
 * end. States that changed something are changes in effect when they ended (Started + Duration), failed states are
 * failed changes; the run's date comes from the file name or a short window, as for the JSON output.
 * Documented: https://docs.saltproject.io/en/latest/ref/output/all/salt.output.highstate.html.
 */
export const saltHighstateText: DocumentFormat = {
  id: "salt-highstate-text",
  description: "Salt highstate outputter text (full or terse): states with Result, Started, Duration, Changes",
  kind: "change",
  shape: "document",
  samples: [
    [
      "web-1:",
      "----------",
      "          ID: app_conf",
      "    Function: file.managed",
      "        Name: /etc/app/app.conf",
      "      Result: True",
      "     Comment: File /etc/app/app.conf updated",
      "     Started: 10:00:41.500000",
      "    Duration: 41.2 ms",
      "     Changes:",
      "              ----------",
      "              diff:",
      "                  ---",
      "                  +++",
      "                  @@ -1 +1 @@",
      "                  -workers = 4",
      "                  +workers = 8",
      "",
      "Summary for web-1",
      "------------",
      "Succeeded: 1 (changed=1)",
      "Failed:    0",
      "------------",
      "Total states run:     1",
      "Total run time:  41.200 ms",
    ].join("\n"),
  ],
  sampleName: "highstate-2025-03-04.txt",
  detect(sample) {
    const t = sample.text;
    const full =
      /^\s+ID: .+$/m.test(t) && /^\s+Function: [\w.]+$/m.test(t) && /^\s+Result: (?:True|False|None)$/m.test(t);
    const terse = /^\s+Name: .* - Function: [\w.]+ - Result: \w+/m.test(t);
    return (full || terse) && /^Summary for \S+|^\s+Started: /m.test(t) ? 0.96 : 0;
  },
  parse(text, ctx) {
    const date = runDate(text, ctx);
    let minion = "";
    let cur: Pending | null = null;
    const flush = () => {
      const p = cur;
      cur = null;
      if (!p) return;
      const [module = "", fn = ""] = (p.fields.Function ?? "").split(".");
      const state: JsonRecord = {
        name: p.fields.Name ?? p.fields.ID ?? "",
        comment: p.fields.Comment ?? "",
        result: RESULT[p.fields.Result ?? ""] ?? null,
        changes:
          p.changes.length > 0 || p.fields.Result === "Changed" ? { changes: p.changes.join(" ").slice(0, 200) } : {},
        start_time: p.fields.Started ?? "",
        duration: Number.parseFloat(p.fields.Duration ?? "0"),
        __id__: p.fields.ID ?? "",
      };
      readState(minion, { module, name: String(state.name), fn }, state, p.line, date, ctx);
    };
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] ?? "";
      const head = /^([\w.@-]+):\s*$/.exec(line);
      if (head && /^-{6,}/.test(lines[i + 1] ?? "")) {
        flush();
        minion = head[1] ?? "";
        continue;
      }
      const terse = TERSE.exec(line);
      if (terse) {
        flush();
        const [module = "", fn = ""] = (terse[2] ?? "").split(".");
        const result = terse[3] ?? "";
        const state: JsonRecord = {
          name: terse[1] ?? "",
          result: RESULT[result] ?? null,
          changes: result === "Changed" ? { changed: true } : {},
          start_time: terse[4] ?? terse[5] ?? "",
          duration: Number.parseFloat(terse[6] ?? "0"),
        };
        readState(minion, { module, name: terse[1] ?? "", fn }, state, i + 1, date, ctx);
        continue;
      }
      const f = FIELD.exec(line);
      if (f && (f[1] !== "Changes" || cur)) {
        if (f[1] === "ID") {
          flush();
          cur = { line: i + 1, fields: {}, changes: [], inChanges: false };
        }
        const p = cur as Pending | null;
        if (!p) continue;
        p.fields[f[1] as string] = (f[2] ?? "").trim().replace(/ ms$/, "");
        p.inChanges = f[1] === "Changes";
        if (f[1] === "Started") p.line = i + 1;
        continue;
      }
      const p = cur as Pending | null;
      if (p?.inChanges && line.trim().length > 0 && !/^-+$/.test(line.trim())) {
        if (/^Summary for /.test(line)) {
          flush();
          continue;
        }
        p.changes.push(line.trim());
      } else if (/^Summary for /.test(line)) flush();
    }
    flush();
  },
};
