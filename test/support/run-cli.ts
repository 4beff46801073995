import { main } from "../../src/cli/main.js";

/** What an in-process CLI run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Aliases some suites read. */
  out: string;
  err: string;
}

/**
 * Run `debrief ARGS` in this process (no build needed) with captured output, non-TTY streams and no colour.
 * @param options.env replaces the environment entirely when given (default: this process's plus NO_COLOR)
 */
export async function runCli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await main(["node", "debrief", ...args], {
    ...(options.cwd ? { cwd: options.cwd } : {}),
    env: options.env ?? { ...process.env, NO_COLOR: "1" },
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    stdoutIsTTY: false,
    stderrIsTTY: false,
  });
  return { code, stdout, stderr, out: stdout, err: stderr };
}
