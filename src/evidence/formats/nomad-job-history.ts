import type { DocumentFormat, FormatContext } from "../evidence-format.js";
import { emitApiChange } from "./change-api-readers.js";
import { parseIsoTime } from "./document-helpers.js";

/** `Submit Date = 07/25/17 20:35:43 UTC` (month first, two-digit year, the zone Nomad prints) or an RFC 3339 time. */
const US_DATE = /^(\d\d)\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d)(?: (UTC|GMT|Z))?$/;

function submitTime(value: string, ctx: FormatContext): number {
  const m = US_DATE.exec(value.trim());
  if (!m) return parseIsoTime(value.trim().replace(" ", "T"), ctx);
  const [year, month, day, hour, minute, second] = [
    2000 + Number(m[3]),
    Number(m[1]),
    Number(m[2]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31) return Number.NaN;
  if (m[7]) {
    ctx.noteZoneFromData("UTC");
    return Date.UTC(year, month - 1, day, hour, minute, second);
  }
  return ctx.localToEpoch({ year, month, day, hour, minute, second, millisecond: 0 });
}

interface Version {
  version: string;
  stable: boolean | null;
  line: number;
  submit: string | null;
  diff: string[];
}

/**
 * `nomad job history [-p] JOB`: one block per job version, `Version = N`, `Stable = true|false`, `Submit Date = …`
 * and, with `-p`, the `Diff` against the version before (`+/- Count: "4" => "6"`). Each version is a change registered
 * at its Submit Date; a version Nomad marked stable is one whose deployment succeeded (in effect), an unstable one
 * did not (yet) become healthy. The job's name comes from the diff's `Job: "name"` line or the command echoed above.
 * Documented: https://developer.hashicorp.com/nomad/commands/job/history (example output with `-p`).
 */
export const nomadJobHistory: DocumentFormat = {
  id: "nomad-job-history",
  description: "nomad job history [-p] output: job versions with Submit Date, Stable and diffs",
  kind: "change",
  shape: "document",
  samples: [
    [
      "Version     = 3",
      "Stable      = true",
      "Submit Date = 03/04/25 10:00:42 UTC",
      "Diff        =",
      '+/- Job: "search"',
      '+/- Task Group: "api"',
      '  +/- Count: "2" => "4"',
      '      Task: "server"',
      "",
      "Version     = 2",
      "Stable      = false",
      "Submit Date = 03/03/25 16:20:05 UTC",
    ].join("\n"),
  ],
  sampleName: "history.txt",
  detect(sample) {
    const t = sample.text;
    return /^Version\s+= \d+$/m.test(t) && /^Submit Date\s+= /m.test(t) && /^Stable\s+= (?:true|false)$/m.test(t)
      ? 0.97
      : 0;
  },
  parse(text, ctx) {
    const lines = text.split(/\r?\n/);
    const versions: Version[] = [];
    let job: string | null = null;
    let cur: Version | null = null;
    lines.forEach((raw, i) => {
      const line = raw.trimEnd();
      const kv = /^(Version|Stable|Submit Date|Diff)\s+=\s?(.*)$/.exec(line);
      const echoed = /nomad job history(?: -\S+)* ([\w.-]+)\s*$/.exec(line);
      if (echoed && !kv) job ??= echoed[1] ?? null;
      if (kv?.[1] === "Version") {
        cur = { version: kv[2] ?? "", stable: null, line: i + 1, submit: null, diff: [] };
        versions.push(cur);
        return;
      }
      const v = cur as Version | null;
      if (!v) return;
      if (kv?.[1] === "Stable") v.stable = kv[2] === "true";
      else if (kv?.[1] === "Submit Date") {
        v.submit = kv[2] ?? null;
        v.line = i + 1;
      } else {
        const named = /^\+\/- Job: "([^"]+)"/.exec(line.trim());
        if (named) job = named[1] ?? job;
        else if (/=>/.test(line)) v.diff.push(line.trim().replace(/^[+-/]+\s*/, ""));
      }
    });
    for (const v of versions) {
      const ts = v.submit === null ? Number.NaN : submitTime(v.submit, ctx);
      if (!Number.isFinite(ts)) {
        ctx.skip(v.line, "invalid-timestamp", `Submit Date = ${v.submit ?? "(missing)"}`);
        continue;
      }
      const diff = v.diff.slice(0, 4).join("; ");
      emitApiChange(ctx, v.line, {
        ts,
        type: /Count/.test(diff) && v.diff.length === 1 ? "scale" : "deploy",
        what: `nomad job ${job ?? ""} version ${v.version} submitted${diff ? `: ${diff}` : ""}${v.stable === false ? " (not stable)" : ""}`.replace(
          "job  ",
          "job ",
        ),
        where: job ? [job] : [],
        by: null,
        tool: "nomad",
        ok: true,
        effective: v.stable !== false,
        version: v.version,
      });
    }
  },
};
