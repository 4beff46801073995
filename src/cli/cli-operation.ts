import type { z } from "zod";
import type { Operation, OperationContext, StreamingOperation } from "../operations/operation.js";
import { parseOperationInput } from "../operations/run-operation.js";
import type { CliContext } from "./cli-context.js";

/**
 * Run an operation for a CLI command: flags turned into the operation's input object, validated by the same schema
 * the HTTP API and the MCP server use, run with the user's working folder and no confinement (a shell user has the
 * whole disk). The command module imports the operation's own file, not `operations/index.ts`, so a command loads
 * only what it runs (start-up time).
 * @param name the command name, prefixed to log lines on stderr
 * @param extra context fields the command sets (a TTY progress line, a step hook)
 */
export async function runCliOperation<Input extends z.ZodObject, Result>(
  ctx: CliContext,
  name: string,
  operation: Operation<Input, Result>,
  raw: Record<string, unknown>,
  extra: Partial<Pick<OperationContext, "progress" | "log" | "onStepDone">> = {},
): Promise<Result> {
  const input = parseOperationInput(operation as unknown as Operation, raw) as z.output<Input>;
  return operation.run(input, cliOperationContext(ctx, name, extra));
}

/**
 * The operation context of a CLI run: the user's working folder, no workspace confinement, log lines on stderr
 * prefixed with the command's name unless `extra.log` says otherwise.
 */
export function cliOperationContext(
  ctx: CliContext,
  name: string,
  extra: Partial<Pick<OperationContext, "progress" | "log" | "onStepDone">> = {},
): OperationContext {
  return {
    cwd: ctx.cwd,
    env: ctx.env,
    log: extra.log ?? ((m) => ctx.err(`debrief ${name}: ${m}\n`)),
    ...(extra.progress ? { progress: extra.progress } : {}),
    ...(extra.onStepDone ? { onStepDone: extra.onStepDone } : {}),
  };
}

/**
 * Stream a streaming operation for a CLI command: `onItems` gets every batch of items as it is produced (to print as
 * NDJSON), and the operation's summary is returned at the end.
 */
export async function streamCliOperation<Input extends z.ZodObject, Item, Summary>(
  ctx: CliContext,
  name: string,
  operation: StreamingOperation<Input, unknown, Item, Summary>,
  raw: Record<string, unknown>,
  onItems: (items: readonly Item[]) => void,
  extra: Partial<Pick<OperationContext, "progress" | "log">> = {},
): Promise<Summary> {
  const input = parseOperationInput(operation as unknown as Operation, raw) as z.output<Input>;
  const items = operation.stream(input, cliOperationContext(ctx, name, extra));
  for (let next = await items.next(); ; next = await items.next()) {
    if (next.done) return next.value;
    onItems(next.value);
  }
}
