import { resolve } from "node:path";
import { Argument, Option } from "commander";
import { DebriefError } from "../model/debrief-error.js";
import type { CliContext } from "./cli-context.js";

export { parseDuration } from "../util/duration.js";
export { isoInstant } from "../util/iso-instant.js";

/** Commander `argParser` for repeatable options: `--tz a=UTC --tz b=Europe/Paris`. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Commander `argParser` for positive integers with a message that names the flag. */
export function positiveInt(flag: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) {
      throw new DebriefError("USAGE", `${flag} expects a positive whole number, got "${value}"`);
    }
    return n;
  };
}

/** Print a value as pretty JSON on stdout. */
export function printJson(ctx: CliContext, value: unknown): void {
  ctx.out(`${JSON.stringify(value, null, 2)}\n`);
}

/** Resolve a user path against the context's working directory. */
export function resolvePath(ctx: CliContext, p: string): string {
  return resolve(ctx.cwd, p);
}

/** Minimal ANSI styling that honours NO_COLOR and non-TTY output. */
export function style(ctx: CliContext): {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  cyan(s: string): string;
} {
  const wrap = (code: number, reset: number) => (s: string) => (ctx.color ? `\u001b[${code}m${s}\u001b[${reset}m` : s);
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    green: wrap(32, 39),
    cyan: wrap(36, 39),
  };
}

/** Render rows as an aligned plain-text table (for human output; `--json` is the machine form). */
export function textTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return `${[line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n")}\n`;
}

/** The `[workspace]` argument of the workspace commands: a folder of incident folders, the current one by default. */
export function workspaceArgument(): Argument {
  return new Argument("[workspace]", "folder of incident folders").default(".", "current directory");
}

/** The `-w, --workspace <dir>` option, for commands whose arguments are something else. */
export function workspaceOption(): Option {
  return new Option("-w, --workspace <dir>", "folder of incident folders").default(".", "current directory");
}
