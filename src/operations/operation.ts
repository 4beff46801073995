import type { z } from "zod";
import type { AccessScope, TeamStore } from "../store/index.js";

/**
 * What every operation gets besides its input. Adapters build one: the CLI with the user's working folder and no
 * confinement, the HTTP and MCP servers with the workspace they expose as `workspace`.
 */
export interface OperationContext {
  /** Folder relative paths are resolved against. */
  cwd: string;
  /**
   * Root every path argument must stay inside (symlinks followed), or `undefined` for no confinement (the CLI, where
   * the user already has the whole disk). Servers always set it.
   */
  workspace?: string | undefined;
  env: Record<string, string | undefined>;
  /** Progress lines for people (stderr in the CLI and the MCP server). Never data. */
  log(message: string): void;
  /**
   * Progress counts for a terminal's progress line (the CLI sets it on a TTY): how many of `unit` are done, and,
   * when known, of how many and on which item (e.g. bytes of one file).
   */
  progress?: ((done: number, unit: string, detail?: { total: number; item: string }) => void) | undefined;
  /**
   * Called when a step of a multi-step operation has been recorded as done (`publish`: after each step's ledger
   * entry), so a caller can tell how far a run got. The CLI's crash test stops the process here.
   */
  onStepDone?: ((stepId: string) => void) | undefined;
  /**
   * Who runs the operation: the servers set the signed-in user's scope, and {@link resolveInWorkspace} then refuses
   * any path inside a private incident the user is not a member of (one check for every operation, HTTP and MCP
   * alike). Absent: the local user, who owns the files (the CLI).
   */
  scope?: AccessScope | undefined;
  /** The team database (reviewers, comments, audit log), for the review workflow; absent: opened from the workspace. */
  team?: (() => Promise<TeamStore>) | undefined;
}

/**
 * How an operation touches the world, published to MCP clients as tool annotations and used by the servers'
 * permission checks.
 */
export interface OperationAnnotations {
  /** Changes no file at all. */
  readOnly: boolean;
  /** May replace or remove content that exists (a report file, generated blocks). */
  destructive: boolean;
  /** Calling it twice with the same input has no further effect. */
  idempotent: boolean;
  /** Talks to systems outside the machine (Prometheus, Slack, SMTP, GitHub). */
  openWorld: boolean;
  /**
   * Writes only Debrief's own rebuildable cache (`.debrief/index.sqlite`), never a user's file: allowed on a
   * read-only MCP server although `readOnly` is false.
   */
  cacheOnly?: boolean;
  /** Sends something outside the team's files (e-mail, chat, issues): needs `--allow-publish` on the MCP server. */
  externalEffect?: boolean;
}

/**
 * One thing Debrief can do, described once and exposed by every adapter (CLI, HTTP API, MCP tool). The input schema
 * is built from the strict shared parsers in `schemas.ts`, so every surface accepts and refuses the same input.
 */
export interface Operation<Input extends z.ZodObject = z.ZodObject, Result = unknown> {
  /** snake_case, stable: the MCP tool name and the HTTP route `POST /api/tools/<name>`. */
  name: string;
  /** A short human title. */
  title: string;
  /** What it does and when to use it (agents read this). */
  description: string;
  input: Input;
  annotations: OperationAnnotations;
  /**
   * The least role a signed-in user of the team server needs to run it (default: `viewer` for read-only and
   * cache-only operations, `editor` for the rest). Checked by the registry's wrapper (`operation-access.ts`).
   */
  minRole?: "viewer" | "editor" | "admin";
  /**
   * Run on validated input (adapters call `input.parse` first, or {@link runOperation}).
   * @throws DebriefError with a code from the error table, never anything else on bad input
   */
  run(input: z.output<Input>, ctx: OperationContext): Promise<Result>;
}

/** An operation with its input type erased, so operations of different shapes can sit in one list. */
export type AnyOperation = Operation<z.ZodObject, unknown>;

/** Declare an operation while keeping its input's inferred type. */
export function defineOperation<Input extends z.ZodObject, Result>(
  operation: Operation<Input, Result>,
): Operation<Input, Result> {
  return operation;
}

/**
 * An operation whose whole output can be too large for one answer (every event of a log, every mined line). `run`
 * returns the bounded answer the HTTP API and the MCP server send; `stream` yields every item, in order, in batches
 * as they are produced (memory bounded by what one read produces), then returns the summary. The CLI's NDJSON
 * outputs read `stream`; adapters that answer with one JSON document use `run`.
 */
export interface StreamingOperation<Input extends z.ZodObject, Result, Item, Summary> extends Operation<Input, Result> {
  /**
   * Every item of the output, on validated input.
   * @throws DebriefError (from the first `next()` on) with a code from the error table
   */
  stream(input: z.output<Input>, ctx: OperationContext): AsyncGenerator<readonly Item[], Summary, undefined>;
}

/** Declare a streaming operation while keeping its input's inferred type. */
export function defineStreamingOperation<Input extends z.ZodObject, Result, Item, Summary>(
  operation: StreamingOperation<Input, Result, Item, Summary>,
): StreamingOperation<Input, Result, Item, Summary> {
  return operation;
}
