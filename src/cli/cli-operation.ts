import type { z } from "zod";
import type { Operation, OperationContext } from "../operations/operation.js";
import { parseOperationInput } from "../operations/run-operation.js";
import type { CliContext } from "./cli-context.js";

/**
 * Run an operation for a CLI command: flags turned into the operation's input object, validated by the same schema
 * the HTTP API and the MCP server use, run with the user's working folder and no confinement (a shell user has the
 * whole disk). The command module imports the operation's own file, not `operations/index.ts`, so a command loads
 * only what it runs (start-up time).
 * @param name the command name, prefixed to log lines on stderr
 * @param extra context fields the command sets (a TTY progress line)
 */
export async function runCliOperation<Input extends z.ZodObject, Result>(
  ctx: CliContext,
  name: string,
  operation: Operation<Input, Result>,
  raw: Record<string, unknown>,
  extra: Partial<Pick<OperationContext, "progress" | "log">> = {},
): Promise<Result> {
  const input = parseOperationInput(operation as unknown as Operation, raw) as z.output<Input>;
  return operation.run(input, {
    cwd: ctx.cwd,
    env: ctx.env,
    log: extra.log ?? ((m) => ctx.err(`debrief ${name}: ${m}\n`)),
    ...(extra.progress ? { progress: extra.progress } : {}),
  });
}
