import { basename } from "node:path";

/** Turn a glob (`*`, `**`, `?`, `{a,b}`) into an anchored regular expression over `/`-separated paths. */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob.charAt(i);
    if (c === "*") {
      if (glob.charAt(i + 1) === "*") {
        i++;
        if (glob.charAt(i + 1) === "/") {
          i++;
          re += "(?:.*/)?";
        } else re += ".*";
      } else re += "[^/]*";
    } else if (c === "?") re += "[^/]";
    else if (c === "{") {
      const close = glob.indexOf("}", i);
      if (close < 0) re += "\\{";
      else {
        re += `(?:${glob
          .slice(i + 1, close)
          .split(",")
          .map((s) => s.replace(/[.+^${}()|[\]\\*?]/g, "\\$&"))
          .join("|")})`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/**
 * Does a `--tz`/`timezones` key name this file? A key can be a basename (`app.log`), a path relative to the working
 * directory or the incident folder (`evidence/app.log`), an absolute path, or a glob over any of those
 * (`*.log`, `evidence/**\/*.jsonl`).
 */
export function pathMatches(key: string, candidates: { absolute: string; relative: string[] }): boolean {
  const k = key.replace(/\\/g, "/").replace(/^\.\//, "");
  const base = basename(candidates.absolute);
  const all = [candidates.absolute.replace(/\\/g, "/"), ...candidates.relative.map((r) => r.replace(/\\/g, "/")), base];
  if (all.includes(k)) return true;
  if (!/[*?{]/.test(k)) return false;
  const re = globToRegExp(k);
  return all.some((p) => re.test(p));
}
