import { createReadStream } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import type { EvidenceRef } from "../../model/common.js";
import { refKey } from "./draft-block.js";

/** Longest line read into memory; the rest of a huge line is dropped (excerpts are cut far shorter anyway). */
const MAX_LINE_CHARS = 4096;
/** Most lines joined for one multi-line JSON record. */
const MAX_RECORD_LINES = 60;

/** Net `{`/`[` depth change of a line, ignoring brackets inside JSON strings. */
function depthChange(line: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") depth--;
  }
  return depth;
}

/**
 * Read the evidence lines behind references (paths relative to the incident folder), for excerpts. Files are
 * streamed and closed as soon as their last wanted line is read; unreadable files and paths outside the folder
 * are skipped (an excerpt is a nicety, never a reason to fail).
 */
export async function readEvidenceLines(dir: string, refs: readonly EvidenceRef[]): Promise<Map<string, string>> {
  const byPath = new Map<string, Set<number>>();
  for (const r of refs) byPath.set(r.path, (byPath.get(r.path) ?? new Set()).add(r.line));
  const out = new Map<string, string>();
  await Promise.all(
    [...byPath].map(async ([path, wanted]) => {
      const abs = resolve(dir, path);
      const rel = relative(dir, abs);
      if (rel.startsWith("..") || isAbsolute(rel)) return;
      const max = Math.max(...wanted);
      try {
        const raw = createReadStream(abs);
        const input = path.endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
        input.on("error", () => raw.destroy());
        const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
        let n = 0;
        // records still being collected: a reference to the line that opens a pretty-printed JSON object gets the
        // whole object, joined on one line, because `{` alone proves nothing
        const open: { key: string; depth: number; lines: number; text: string }[] = [];
        for await (const line of rl) {
          n++;
          for (const rec of open) {
            if (rec.depth <= 0 || rec.lines >= MAX_RECORD_LINES || rec.text.length >= MAX_LINE_CHARS) continue;
            rec.text += ` ${line.trim()}`;
            rec.depth += depthChange(line);
            rec.lines++;
          }
          if (wanted.has(n)) {
            const text = line.slice(0, MAX_LINE_CHARS);
            const depth = depthChange(text);
            if (depth > 0 && /[{[]\s*$/.test(text))
              open.push({ key: refKey({ path, line: n }), depth, lines: 1, text: text.trim() });
            else out.set(refKey({ path, line: n }), text);
          }
          const collecting = open.some(
            (r) => r.depth > 0 && r.lines < MAX_RECORD_LINES && r.text.length < MAX_LINE_CHARS,
          );
          if (n >= max && !collecting) break;
        }
        for (const rec of open) out.set(rec.key, rec.text.slice(0, MAX_LINE_CHARS));
        rl.close();
        raw.destroy();
      } catch {
        // missing or unreadable: no excerpt for these references
      }
    }),
  );
  return out;
}
