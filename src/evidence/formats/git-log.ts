import type { FormatContext, LineFormat, LineParser } from "../evidence-format.js";
import { parseIsoTime } from "./document-helpers.js";

/** The one `git log` invocation this format reads; printed by `debrief evidence --help`. */
export const GIT_LOG_COMMAND = "git log --date=iso-strict --format='%H%x09%cd%x09%an%x09%s'";

/**
 * hash, date, author, subject separated by one separator used consistently: a tab (`%x09`), ` | `, `|`, `;` or `,`
 * — the layouts people write with `--pretty=format:` when they do not use tabs.
 */
const LINE = /^([0-9a-f]{7,64})(\t| ?\| ?|;|,)(\d{4}-\d{2}-\d{2}[T ][^\t|;,]+?)\2([^\t|;,]*?)\2(.*)$/;

function createParser(ctx: FormatContext): LineParser {
  return {
    push(line, lineNo) {
      if (line.trim().length === 0) {
        ctx.skip(lineNo, "blank", line);
        return;
      }
      const m = LINE.exec(line);
      if (!m) {
        ctx.skip(lineNo, "unrecognized-line", line);
        return;
      }
      const ts = parseIsoTime(
        (m[3] ?? "")
          .trim()
          .replace(" ", "T")
          .replace(/ ([+-]\d\d:?\d\d)$/, "$1"),
        ctx,
      );
      if (!Number.isFinite(ts)) {
        ctx.skip(lineNo, "invalid-timestamp", line);
        return;
      }
      const commit = m[1] as string;
      const author = (m[4] ?? "").trim();
      const subject = (m[5] ?? "").trim();
      ctx.emit({
        ts,
        path: ctx.path,
        line: lineNo,
        kind: "change",
        severity: "info",
        service: null,
        host: null,
        actor: author.length > 0 ? author : null,
        message: subject,
        attributes: { type: "commit", commit, author },
      });
    },
    end() {},
  };
}

/**
 * `git log --date=iso-strict --format='%H%x09%cd%x09%an%x09%s'`: tab-separated full hash, committer date in strict
 * ISO-8601 with its offset, author name, subject. One `change` event per commit at the committer date (when it
 * landed on the branch, which is what matters for "what changed before the incident").
 */
export const gitLog: LineFormat = {
  id: "git-log",
  samples: [
    [
      "a3f1c2d4e5f60718293a4b5c6d7e8f9012345678\t2025-02-09T10:58:00+01:00\tJane Doe\tAdd orders-by-customer query",
      "9b2e1d0c8a7f6e5d4c3b2a19081726354a5b6c7d\t2025-02-09T09:40:12Z\tSam Lee\tBump pgbouncer pool to 20",
    ].join("\n"),
  ],
  sampleName: "git-log.txt",
  description: `git history from: ${GIT_LOG_COMMAND}`,
  kind: "change",
  shape: "lines",
  detect(sample) {
    const lines = sample.lines.filter((l) => l.length > 0).slice(0, 50);
    if (lines.length === 0) return 0;
    const hits = lines.filter((l) => LINE.test(l)).length;
    // a stray line (a merge note, a paste accident) must not hide a whole history; the first line must match
    if (!LINE.test(lines[0] as string)) return hits / lines.length >= 0.8 ? 0.6 : 0;
    return hits === lines.length ? 0.98 : hits / lines.length >= 0.5 ? 0.8 : 0.4;
  },
  createParser,
};
