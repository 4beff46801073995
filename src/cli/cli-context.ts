import type { Command } from "commander";

/**
 * What a command needs from the outside world. Commands write through this instead of `console` so that tests can
 * run them in-process and capture output, and so stdout stays reserved for data.
 */
export interface CliContext {
  /** Write data to stdout (no newline added). */
  out(text: string): void;
  /** Write progress, warnings and logs to stderr (no newline added). */
  err(text: string): void;
  /** Colour allowed (TTY and NO_COLOR unset). */
  color: boolean;
  /** stderr is a terminal, so progress bars make sense. */
  stderrIsTTY: boolean;
  /** `--debug` was given: show stack traces. */
  debug: boolean;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Set by a command: 0 done, 1 ran and found problems, 2 bad usage or input. */
  exitCode: number;
}

/** A CLI command: a name, a one-line summary for `debrief --help`, and how to attach itself to the program. */
export interface CliCommand {
  name: string;
  summary: string;
  register(program: Command, ctx: CliContext): void;
}
