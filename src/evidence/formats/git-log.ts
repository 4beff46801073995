import { changeEvent } from "../changes/change-record.js";
import type { FormatContext, LineFormat, LineParser } from "../evidence-format.js";
import { createTimeFields, epochStringToMs, scanTimestamp, TimeResolver } from "../timestamps/index.js";

/** The `git log` invocation `debrief evidence --help` suggests; any `--pretty=format:` layout below is read too. */
export const GIT_LOG_COMMAND = "git log --date=iso-strict --format='%H%x09%cd%x09%an%x09%s'";

/**
 * A commit line of `git log --pretty=format:…`: the abbreviated or full hash first, then the other placeholders in
 * any order, joined by one separator the user chose: a tab (`%x09`), `|`, ` | `, `;`, `,`, ` - `, or plain spaces
 * (`%h %ad %s`, `--oneline --date=…`). The date may be `%ad`/`%cd` in any `--date` style git prints with a year
 * (iso, iso-strict, rfc, default, raw/unix epoch seconds); the subject is the last field (it may hold the separator).
 */
const HEAD = /^([0-9a-f]{7,64})(\t| ?\| ?|;|,| - | )(?=\S)/;

interface Commit {
  hash: string;
  ts: number;
  author: string | null;
  subject: string;
}

/** The date a field holds (a whole field, or the start of the rest for space-separated lines), else NaN. */
function dateOf(
  text: string,
  resolver: TimeResolver,
  f: ReturnType<typeof createTimeFields>,
): { ts: number; end: number } {
  const t = text.trimStart();
  const lead = text.length - t.length;
  // %at / %ct / --date=raw: epoch seconds, optionally followed by the offset
  const raw = /^(\d{10})(?: [+-]\d{4})?(?=$|\s)/.exec(t);
  if (raw) return { ts: epochStringToMs(raw[1] as string), end: lead + raw[0].length };
  const e = scanTimestamp(t, 0, f);
  if (e <= 0 || f.year === 0) return { ts: Number.NaN, end: -1 };
  let end = e;
  // `--date=iso` writes "2025-11-18 15:29:40 +0100": the offset after a space belongs to the date
  const off = /^ ([+-])(\d\d):?(\d\d)(?=$|\s)/.exec(t.slice(e));
  if (off && Number.isNaN(f.offsetMinutes)) {
    f.offsetMinutes = (off[1] === "-" ? -1 : 1) * (Number(off[2]) * 60 + Number(off[3]));
    end += off[0].length;
  }
  return { ts: resolver.toEpoch(f), end: lead + end };
}

/** Read one commit line; null when it is not one. */
export function readCommitLine(
  line: string,
  resolver: TimeResolver,
  f: ReturnType<typeof createTimeFields>,
): Commit | null {
  const h = HEAD.exec(line);
  if (!h) return null;
  const hash = h[1] as string;
  const sep = h[2] as string;
  const rest = line.slice(h[0].length);
  if (sep === " ") {
    // `%h %ad %s`: the date follows the hash; `%h %s (%an, %ad)` would need the date elsewhere, which git's own
    // --oneline never prints, so a line without a leading date is not read as a commit
    const d = dateOf(rest, resolver, f);
    if (!Number.isFinite(d.ts)) return null;
    let subject = rest.slice(d.end).trim();
    const by = /\s[(<]([^()<>]{2,60})[)>]$/.exec(subject);
    if (by) subject = subject.slice(0, by.index).trim();
    return { hash, ts: d.ts, author: by?.[1]?.trim() ?? null, subject };
  }
  const split = sep.trim() === "" ? sep : sep.trim();
  const fields = rest.split(split).map((x) => x.trim());
  let ts = Number.NaN;
  let dateAt = -1;
  for (let i = 0; i < fields.length; i++) {
    const d = dateOf(fields[i] as string, resolver, f);
    if (Number.isFinite(d.ts) && d.end >= (fields[i] as string).length - 1) {
      ts = d.ts;
      dateAt = i;
      break;
    }
  }
  if (dateAt < 0) return null;
  const others = fields.filter((_, i) => i !== dateAt);
  if (others.length === 0) return { hash, ts, author: null, subject: "" };
  // the author is a short name or an e-mail before the subject; the subject is the rest (it may hold the separator)
  const authorAt = others.length > 1 ? 0 : -1;
  const author = authorAt === 0 ? (others[0] as string) : null;
  const subject = others.slice(authorAt + 1).join(split === "\t" ? " " : ` ${split} `.replace(/ {2}/g, " "));
  return { hash, ts, author: author && author.length > 0 ? author : null, subject };
}

function createParser(ctx: FormatContext): LineParser {
  const f = createTimeFields();
  const resolver = new TimeResolver(ctx);
  return {
    push(line, lineNo) {
      if (line.trim().length === 0) {
        ctx.skip(lineNo, "blank", line);
        return;
      }
      const c = readCommitLine(line, resolver, f);
      if (!c) {
        ctx.skip(lineNo, HEAD.test(line) ? "invalid-timestamp" : "unrecognized-line", line);
        return;
      }
      // a commit is a change candidate at its commit time; when it took effect only a deploy record can say
      ctx.emit(
        changeEvent({
          path: ctx.path,
          line: lineNo,
          at: c.ts,
          type: "commit",
          what: `commit ${c.hash.slice(0, 12)} ${c.subject}`,
          where: [],
          by: c.author,
          tool: "git",
          phase: "committed",
          committedAt: c.ts,
          id: c.hash,
          service: null,
          message: c.subject,
          attributes: { commit: c.hash, author: c.author ?? "" },
        }),
      );
    },
    end() {},
  };
}

/**
 * `git log --pretty=format:…` one commit per line (see {@link HEAD}): one `change` event per commit at the date the
 * layout shows (`%cd` when it landed on the branch, `%ad` when it was written), author as actor when a field names one.
 * Documented: https://git-scm.com/docs/git-log#_pretty_formats (placeholders) and
 * https://git-scm.com/docs/git-log#Documentation/git-log.txt---dateltformatgt (date styles).
 */
export const gitLog: LineFormat = {
  id: "git-log",
  samples: [
    [
      "a3f1c2d4e5f60718293a4b5c6d7e8f9012345678\t2025-02-09T10:58:00+01:00\tJane Doe\tAdd orders-by-customer query",
      "9b2e1d0c8a7f6e5d4c3b2a19081726354a5b6c7d\t2025-02-09T09:40:12Z\tSam Lee\tBump pgbouncer pool to 20",
    ].join("\n"),
    [
      "3c26047|Mei Tanaka|2025-11-18 17:14:02 +0000|Skip alert events without a source",
      "96884df|Jules Martin|2025-11-18 15:29:40 +0100|Escalate using the alert source's priority",
    ].join("\n"),
    [
      "3c26047 2025-03-04 10:14:02 +0000 Skip alert events without a source (Mei Tanaka)",
      "beefd0f 2025-03-04 10:21:37 +0100 Add retry jitter (Jules Martin)",
    ].join("\n"),
    [
      "3c26047e1f;mei@example.com;1741083242;Skip alert events",
      "beefd0f2aa;jules@example.com;1741083697;Add jitter",
    ].join("\n"),
  ],
  sampleName: "git-log.txt",
  description: `git history, one commit a line in any --pretty=format layout, e.g. ${GIT_LOG_COMMAND}`,
  kind: "change",
  shape: "lines",
  detect(sample) {
    const lines = sample.lines.filter((l) => l.length > 0).slice(0, 50);
    if (lines.length === 0) return 0;
    const f = createTimeFields();
    const probe = new TimeResolver({
      inferYear: () => 2000,
      localToEpoch: () => 0,
      noteZoneFromData: () => {},
      noteYear: () => {},
    } as unknown as FormatContext);
    const ok = (l: string) => readCommitLine(l, probe, f) !== null;
    const hits = lines.filter(ok).length;
    // a stray line (a merge note, a paste accident) must not hide a whole history; the first line must match
    if (!ok(lines[0] as string)) return hits / lines.length >= 0.8 ? 0.6 : 0;
    return hits === lines.length ? 0.98 : hits / lines.length >= 0.5 ? 0.8 : 0.4;
  },
  createParser,
};
