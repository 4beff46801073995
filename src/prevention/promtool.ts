import { execFile } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { DebriefError } from "../model/debrief-error.js";

/** What a promtool run printed and returned. */
export interface PromtoolRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `promtool` on `PATH` (or `DEBRIEF_PROMTOOL`), or null when it is not installed. */
export function findPromtool(env: Record<string, string | undefined> = process.env): string | null {
  const candidates = env.DEBRIEF_PROMTOOL
    ? [env.DEBRIEF_PROMTOOL]
    : [
        ...(env.PATH ?? "")
          .split(delimiter)
          .filter(Boolean)
          .map((d) => join(d, "promtool")),
        "/usr/bin/promtool",
      ];
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // not here
    }
  }
  return null;
}

/** Run promtool with `args`; exit codes are returned, not thrown (promtool exits 1 on failed checks and tests). */
export function runPromtool(bin: string, args: string[], options: { cwd?: string; timeoutMs?: number } = {}) {
  return new Promise<PromtoolRun>((resolve, reject) => {
    execFile(
      bin,
      args,
      { cwd: options.cwd, timeout: options.timeoutMs ?? 120_000, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const e = error as (NodeJS.ErrnoException & { code?: number | string; killed?: boolean }) | null;
        if (e && typeof e.code !== "number") {
          reject(
            new DebriefError(
              "EXTERNAL_TOOL",
              `promtool ${args[0] ?? ""} could not run: ${e.killed ? "timed out" : e.message}`,
            ),
          );
          return;
        }
        resolve({ code: e ? Number(e.code) : 0, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** `promtool check rules FILE`: null when the file is valid, else promtool's complaint. */
export async function checkRules(bin: string, file: string): Promise<string | null> {
  const r = await runPromtool(bin, ["check", "rules", file]);
  return r.code === 0 ? null : `${r.stdout}\n${r.stderr}`.trim();
}

/** Go duration as promtool prints it (`1h2m3.5s`, `750ms`) in milliseconds. */
export function parseGoDuration(text: string): number {
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s|d|w|y)/g;
  for (const m of text.matchAll(re)) {
    const n = Number(m[1]);
    const unit = m[2];
    const f =
      unit === "y"
        ? 365 * 864e5
        : unit === "w"
          ? 7 * 864e5
          : unit === "d"
            ? 864e5
            : unit === "h"
              ? 36e5
              : unit === "m"
                ? 6e4
                : unit === "s"
                  ? 1e3
                  : unit === "ms"
                    ? 1
                    : 0;
    total += n * f;
  }
  return Math.round(total);
}

/**
 * The alerts `promtool test rules` reported firing where the test expected none: for each `alertname: X, time: T`
 * block, the label sets under `got:`. A test that expects no alert at every evaluation time thus lists every
 * firing the rule engine produced.
 */
export function parseTestRulesFirings(output: string): Array<{ alert: string; atMs: number; labels: string[] }> {
  const out: Array<{ alert: string; atMs: number; labels: string[] }> = [];
  let current: { alert: string; atMs: number; labels: string[] } | null = null;
  for (const line of output.split("\n")) {
    const head = /^\s*alertname:\s*([A-Za-z_:][A-Za-z0-9_:]*),\s*time:\s*([0-9a-zµ.]+),/.exec(line);
    if (head) {
      current = { alert: head[1] as string, atMs: parseGoDuration(head[2] as string), labels: [] };
      out.push(current);
      continue;
    }
    const labels = /^\s*Labels:\s*(\{.*\})\s*$/.exec(line);
    if (labels && current) current.labels.push(labels[1] as string);
  }
  return out.filter((f) => f.labels.length > 0);
}
