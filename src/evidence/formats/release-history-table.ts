import type { ChangePhase, ChangeType } from "../changes/change-recogniser.js";
import { changeEvent } from "../changes/change-record.js";
import type { DocumentFormat, FormatContext } from "../evidence-format.js";
import { createTimeFields, scanTimestamp, TimeResolver } from "../timestamps/index.js";

/** `=== shop-api Releases` (the heading `heroku releases` prints before its rows). */
const HEROKU_HEADING = /^=== (\S+) Releases\s*$/;
/** `v318  Deploy 7c41e9a   deploy-bot@acme.example  2026/02/19 16:22:05 (~ 8m ago)`; the time is the CLI's local time. */
const HEROKU_ROW =
  /^(v\d+)\s{2,}(.+?)\s{2,}(\S+)\s{2,}(\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d)(?:\s+[+-]\d{4})?(?:\s+\(~ [^)]*\))?\s*$/;
/** A box-drawn table row: `| a | b |`. */
const BOX_ROW = /^\|(.*)\|\s*$/;
/** Columns that hold when a row took effect, its state, and what it was. */
const TIME_COLUMN =
  /^(?:installed on|updated|deployed|released|applied(?: at)?|date|created(?: at)?|executed(?: at)?|time)$/i;
const STATE_COLUMN = /^(?:state|status|result)$/i;
const VERSION_COLUMN = /^(?:version|revision|release)$/i;
const FAILED_STATE = /^(?:failed|error|failure|aborted|rolled ?back)$/i;
const DONE_STATE = /^(?:success|succeeded|successful|applied|deployed|complete|completed|superseded|outdated)$/i;

function timeOf(text: string, resolver: TimeResolver): number {
  const f = createTimeFields();
  return scanTimestamp(text.trim(), 0, f) > 0 ? resolver.toEpoch(f) : Number.NaN;
}

/**
 * `heroku releases` (https://devcenter.heroku.com/articles/releases): one release a row, newest first. Every release
 * (a deploy, a config var change, an add-on change, a rollback) restarts the dynos, so it is a change in effect at its
 * time, unless its description says the release command failed (the release never became current).
 */
function heroku(lines: readonly string[], ctx: FormatContext, resolver: TimeResolver): void {
  let app: string | null = null;
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, "");
    const heading = HEROKU_HEADING.exec(line);
    if (heading) {
      app = heading[1] ?? null;
      return;
    }
    if (line.trim().length === 0) return;
    const r = HEROKU_ROW.exec(line);
    const ts = r ? timeOf(r[4] ?? "", resolver) : Number.NaN;
    if (!r || !Number.isFinite(ts)) {
      ctx.skip(i + 1, r ? "invalid-timestamp" : "unrecognized-line", line);
      return;
    }
    const [, version, description = "", by = null] = r;
    const failed = /\b(?:release command failed|failed)\b/i.test(description);
    const type: ChangeType = /^Rollback\b/i.test(description)
      ? "rollback"
      : /config vars/i.test(description)
        ? "config"
        : /^Deploy\b/i.test(description)
          ? "deploy"
          : "infra";
    ctx.emit(
      changeEvent({
        path: ctx.path,
        line: i + 1,
        at: ts,
        type,
        what: `heroku release ${version}${app ? ` of ${app}` : ""}: ${description}`,
        where: app ? [app] : [],
        by,
        tool: "heroku",
        phase: failed ? "failed" : "effective",
        service: app,
        version: version ?? null,
        id: `${app ?? "heroku"}#${version}`,
      }),
    );
  });
}

/**
 * A box-drawn history table (`+----+` rules, `| col | col |` rows) with a time column and a state column: `flyway info`
 * (Category, Version, Description, Type, Installed On, State, Undoable;
 * https://documentation.red-gate.com/fd/info-184127458.html) and the like. A row whose state says it was applied is
 * a change in effect at its time, a failed one a failed change; pending, baseline or ignored rows changed nothing.
 */
function boxTable(lines: readonly string[], ctx: FormatContext, resolver: TimeResolver, tool: string): void {
  let header: string[] | null = null;
  let subject: string | null = null;
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, "");
    const db = /^Database: \S+?\/([\w-]+)(?:\?\S*)?(?: \(|$)/.exec(line);
    if (db) subject = db[1] ?? null;
    const row = BOX_ROW.exec(line);
    if (!row) return;
    const cells = (row[1] ?? "").split("|").map((c) => c.trim());
    if (!header) {
      header = cells;
      return;
    }
    const get = (re: RegExp) => {
      const at = (header as string[]).findIndex((h) => re.test(h));
      return at >= 0 ? (cells[at] ?? "") : "";
    };
    const state = get(STATE_COLUMN);
    const when = get(TIME_COLUMN);
    const version = get(VERSION_COLUMN);
    const description = get(/^description$/i);
    const phase: ChangePhase | null = FAILED_STATE.test(state) ? "failed" : DONE_STATE.test(state) ? "effective" : null;
    if (phase === null || when.length === 0) {
      ctx.skip(i + 1, "not-a-change", line);
      return;
    }
    const ts = timeOf(when, resolver);
    if (!Number.isFinite(ts)) {
      ctx.skip(i + 1, "invalid-timestamp", line);
      return;
    }
    ctx.emit(
      changeEvent({
        path: ctx.path,
        line: i + 1,
        at: ts,
        type: "config",
        what: `${tool} migration ${version || "(repeatable)"} ${description}${state ? ` ${state}` : ""}${subject ? ` on ${subject}` : ""}`,
        where: subject ? [subject] : [],
        by: null,
        tool,
        phase,
        service: subject,
        version: version || null,
      }),
    );
  });
}

/**
 * Release and migration histories printed as tables by deploy and migration CLIs: `heroku releases` and `flyway info`
 * (and other box-drawn tables with a time and a state column). Their times are written in the local time of the
 * machine or database session without a zone, so they follow the zone rules (a stated zone converts them, otherwise
 * they are read as UTC and the source is marked assumed).
 */
export const releaseHistoryTable: DocumentFormat = {
  id: "release-history-table",
  description:
    "Release/migration history tables: heroku releases, flyway info (box-drawn tables with time and state columns)",
  kind: "change",
  shape: "document",
  samples: [
    [
      "=== shop-api Releases",
      "",
      "v318  Deploy 7c41e9a                         deploy-bot@acme.example         2026/02/19 16:22:05 (~ 8m ago)",
      "v317  Rollback to v315                       anouk.devries@acme.example      2026/02/19 15:58:41 (~ 32m ago)",
    ].join("\n"),
    [
      "+-----------+---------+------------------+------+---------------------+---------+",
      "| Category  | Version | Description      | Type | Installed On        | State   |",
      "+-----------+---------+------------------+------+---------------------+---------+",
      "| Versioned | 2       | add status index | SQL  | 2026-05-28 09:02:47 | Success |",
      "+-----------+---------+------------------+------+---------------------+---------+",
    ].join("\n"),
  ],
  sampleName: "history.txt",
  detect(sample) {
    const head = sample.lines.slice(0, 60);
    if (head.some((l) => HEROKU_HEADING.test(l)) && head.some((l) => HEROKU_ROW.test(l))) return 0.97;
    const header = head.find((l) => BOX_ROW.test(l));
    if (!header) return 0;
    const cols = header.split("|").map((c) => c.trim());
    return cols.some((c) => TIME_COLUMN.test(c)) &&
      cols.some((c) => STATE_COLUMN.test(c)) &&
      head.some((l) => /^\+-+\+/.test(l))
      ? 0.9
      : 0;
  },
  parse(text, ctx) {
    const lines = text.split("\n");
    const resolver = new TimeResolver(ctx);
    if (lines.slice(0, 60).some((l) => HEROKU_HEADING.test(l))) heroku(lines, ctx, resolver);
    else boxTable(lines, ctx, resolver, /Flyway/i.test(text.slice(0, 2000)) ? "flyway" : "migration");
  },
};
