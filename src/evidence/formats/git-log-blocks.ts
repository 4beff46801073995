import { changeEvent } from "../changes/change-record.js";
import type { FormatContext, LineFormat, LineParser } from "../evidence-format.js";
import { createTimeFields, scanTimestamp, TimeResolver } from "../timestamps/index.js";

const COMMIT = /^commit ([0-9a-f]{7,64})\b/;
const HEADER = /^(Author|AuthorDate|Commit|CommitDate|Date|Merge):\s+(.*)$/;
/** `--pretty=raw` headers: `author Name <mail> 1739091923 +0100` (epoch seconds and the writer's offset). */
const RAW_HEADER = /^(author|committer) (.*?) <[^>]*> (\d{9,11}) [+-]\d{4}$/;

interface Block {
  line: number;
  hash: string;
  author: string | null;
  authored: number;
  committed: number;
  subject: string | null;
  files: string[];
}

function createParser(ctx: FormatContext): LineParser {
  const f = createTimeFields();
  const resolver = new TimeResolver(ctx);
  let block: Block | null = null;
  const time = (text: string): number => {
    const e = scanTimestamp(text, 0, f);
    if (e < 0) return Number.NaN;
    // git's default date ends with the author's offset after the year (`Tue Jul 29 15:58:02 2025 -0700`)
    if (Number.isNaN(f.offsetMinutes)) {
      const off = /^\s*([+-])(\d\d)(\d\d)\b/.exec(text.slice(e));
      if (off) f.offsetMinutes = (off[1] === "-" ? -1 : 1) * (Number(off[2]) * 60 + Number(off[3]));
    }
    return resolver.toEpoch(f);
  };
  const flush = () => {
    const b = block;
    block = null;
    if (!b) return;
    const ts = Number.isNaN(b.committed) ? b.authored : b.committed;
    if (Number.isNaN(ts)) {
      ctx.skip(b.line, "no-timestamp", `commit ${b.hash}`);
      return;
    }
    // a commit takes effect only when deployed; what the log shows is when it landed (its commit time)
    ctx.emit(
      changeEvent({
        path: ctx.path,
        line: b.line,
        at: ts,
        type: "commit",
        what: `commit ${b.hash.slice(0, 7)}: ${b.subject ?? ""}`.trim(),
        where: [],
        by: b.author,
        tool: "git",
        phase: "committed",
        committedAt: ts,
        id: b.hash,
        service: null,
        message: b.subject ?? `commit ${b.hash.slice(0, 12)}`,
        attributes: { commit: b.hash, ...(b.files.length > 0 ? { files: b.files } : {}) },
      }),
    );
  };
  let dateLine = 0;
  return {
    push(line, lineNo) {
      const c = COMMIT.exec(line);
      if (c) {
        flush();
        block = {
          line: lineNo,
          hash: c[1] as string,
          author: null,
          authored: Number.NaN,
          committed: Number.NaN,
          subject: null,
          files: [],
        };
        return;
      }
      if (!block) {
        ctx.skip(lineNo, line.trim().length === 0 ? "blank" : "unrecognized-line", line);
        return;
      }
      const raw = block.subject === null ? RAW_HEADER.exec(line) : null;
      if (raw) {
        const ts = Number(raw[3]) * 1000;
        if (raw[1] === "author") {
          block.author = raw[2] || null;
          block.authored = ts;
        } else block.committed = ts;
        dateLine = lineNo;
        return;
      }
      const h = HEADER.exec(line);
      if (h && block.subject === null) {
        const key = h[1];
        const value = h[2] ?? "";
        if (key === "Author") block.author = value.replace(/\s*<[^>]*>$/, "") || null;
        else if (key === "Date" || key === "AuthorDate") {
          block.authored = time(value);
          dateLine = lineNo;
        } else if (key === "CommitDate") {
          block.committed = time(value);
          dateLine = lineNo;
        }
        return;
      }
      if (line.startsWith("    ") && block.subject === null) {
        block.subject = line.trim();
        if (dateLine > 0) block.line = dateLine;
        return;
      }
      const stat = /^ (\S.*?)\s+\|\s+\d+/.exec(line);
      if (stat) block.files.push(stat[1] as string);
    },
    end() {
      flush();
    },
  };
}

/**
 * `git log` in its block layouts: the default (`commit`/`Author:`/`Date:`, message indented), `--pretty=medium|full|
 * fuller` (`AuthorDate:`/`CommitDate:`), `--pretty=raw` (`author`/`committer` lines with epoch seconds), with or
 * without `--stat`, any `--date=` style the timestamp scanner reads (https://git-scm.com/docs/pretty-formats).
 * One `change` event per commit at the commit date (fuller) or the author date, on the `Date:` line; `--stat` file
 * names go to `attributes.files`.
 */
export const gitLogBlocks: LineFormat = {
  id: "git-log-blocks",
  description: "git log in its default/medium/fuller layouts, with or without --stat",
  kind: "change",
  shape: "lines",
  samples: [
    [
      "commit e19a7c2d4b6f8a0c1e3d5f7b9a1c3e5d7f9b1a3c (HEAD -> main, origin/main)",
      "Author: Jordan Morales <jmorales@example.com>",
      "Date:   Tue Jul 29 15:58:02 2025 -0700",
      "",
      "    pricing: raise cache TTL to 15m",
      "",
      " apps/pricing/configmap.yaml | 4 ++--",
      " 1 file changed, 2 insertions(+), 2 deletions(-)",
    ].join("\n"),
    [
      "commit e19a7c2d4b6f8a0c1e3d5f7b9a1c3e5d7f9b1a3c",
      "tree 9bd7c2f0e2e4a6b8c0d2e4f6a8b0c2d4e6f8a0b2",
      "parent a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
      "author Jordan Morales <jmorales@example.com> 1753829882 -0700",
      "committer Jordan Morales <jmorales@example.com> 1753829990 -0700",
      "",
      "    pricing: raise cache TTL to 15m",
    ].join("\n"),
  ],
  sampleName: "gitlog.txt",
  detect(sample) {
    const lines = sample.lines.filter((l) => l.length > 0).slice(0, 60);
    if (lines.length === 0 || !COMMIT.test(lines[0] as string)) return 0;
    return lines.some((l) => /^(Author|Date|AuthorDate|CommitDate):/.test(l) || RAW_HEADER.test(l)) ? 0.95 : 0;
  },
  createParser,
};
