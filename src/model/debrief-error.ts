/**
 * Every failure Debrief reports to a caller goes through this one class so that the CLI, the HTTP server and the
 * MCP server can map it to an exit code or status without parsing messages.
 */

/** String codes for {@link DebriefError}; the CLI maps `usage`/`input` codes to exit 2. */
export type DebriefErrorCode =
  | "USAGE" // bad flags or arguments
  | "INPUT_NOT_FOUND" // a path that does not exist
  | "INPUT_UNREADABLE" // exists but cannot be read or decoded
  | "INPUT_INVALID" // read, but not what was expected (bad YAML, bad JSON shape)
  | "CONFIG_INVALID" // debrief.yaml / .debriefrc.yaml problems
  | "NETWORK" // a remote server could not be reached or answered badly
  | "AUTH" // credentials missing or refused
  | "CONFLICT" // an operation would overwrite something a human wrote
  | "STATE" // persisted state (publish ledger, index) is inconsistent
  | "EXTERNAL_TOOL" // a required program (chromium, kubectl, promtool) is missing or failed
  | "PATH_OUTSIDE_WORKSPACE" // a path argument resolves (symlinks followed) outside the workspace a server exposes
  | "PERMISSION_DENIED" // the surface was not started with the permission this operation needs (e.g. --allow-write)
  | "INTERNAL"; // a bug in Debrief

/** Where in a file an error was found. */
export interface ErrorLocation {
  /** Path of the file as the user gave it. */
  path: string;
  /** 1-based line number. */
  line?: number;
  /** 1-based column. */
  column?: number;
}

/** The one error class Debrief throws. `code` is stable; `message` is one line meant for people. */
export class DebriefError extends Error {
  /** Stable machine-readable code. */
  readonly code: DebriefErrorCode;
  /** Where the problem is, when it is in a file. */
  readonly location: ErrorLocation | undefined;
  /** Free-form details safe to show (never credentials). */
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: DebriefErrorCode,
    message: string,
    options: { location?: ErrorLocation; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "DebriefError";
    this.code = code;
    this.location = options.location;
    this.details = options.details;
  }

  /** True for errors that mean "the caller asked for something impossible" (exit code 2 in the CLI). */
  get isUsageOrInput(): boolean {
    return (
      this.code === "USAGE" ||
      this.code === "INPUT_NOT_FOUND" ||
      this.code === "INPUT_UNREADABLE" ||
      this.code === "INPUT_INVALID" ||
      this.code === "CONFIG_INVALID" ||
      this.code === "PATH_OUTSIDE_WORKSPACE" ||
      this.code === "PERMISSION_DENIED"
    );
  }

  /** `path:line:col: message`, the form compilers use, so editors can jump to it. */
  override toString(): string {
    const loc = this.location;
    if (!loc) return this.message;
    const pos = loc.line === undefined ? "" : `:${loc.line}${loc.column === undefined ? "" : `:${loc.column}`}`;
    return `${loc.path}${pos}: ${this.message}`;
  }
}

/** Narrowing helper that also works across duplicated module instances. */
export function isDebriefError(value: unknown): value is DebriefError {
  return value instanceof DebriefError || (value instanceof Error && value.name === "DebriefError" && "code" in value);
}
