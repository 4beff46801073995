import { basename } from "node:path";
import picomatch from "picomatch";

/**
 * Turn a glob into an anchored regular expression over `/`-separated paths, with picomatch's full syntax: `*`, `**`,
 * `?`, brace lists (`{*.log,*.txt}`), ranges (`{1..3}`) and character classes (`[0-9]`). Dot files match like any
 * other (a `--tz` key names files, it does not hide them).
 */
export function globToRegExp(glob: string): RegExp {
  return picomatch.makeRe(glob, { dot: true, windows: false });
}

/**
 * Does a `--tz`/`timezones` key name this file? A key can be a basename (`app.log`), a path relative to the working
 * directory or the incident folder (`evidence/app.log`), an absolute path, or a glob over any of those
 * (`*.log`, `evidence/**\/*.jsonl`, `app-[0-9].log`, `{*.log,*.txt}`).
 */
export function pathMatches(key: string, candidates: { absolute: string; relative: string[] }): boolean {
  const k = key.replace(/\\/g, "/").replace(/^\.\//, "");
  const base = basename(candidates.absolute);
  const all = [candidates.absolute.replace(/\\/g, "/"), ...candidates.relative.map((r) => r.replace(/\\/g, "/")), base];
  if (all.includes(k)) return true;
  if (!picomatch.scan(k).isGlob) return false;
  const re = globToRegExp(k);
  return all.some((p) => re.test(p));
}
