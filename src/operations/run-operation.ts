import type { z } from "zod";
import { DebriefError } from "../model/debrief-error.js";
import type { AnyOperation, OperationContext } from "./operation.js";

/**
 * Validate raw input (CLI flags turned into an object, an HTTP body, MCP arguments) against an operation's schema,
 * as a `USAGE` error naming the first bad field.
 */
export function parseOperationInput(operation: AnyOperation, raw: unknown): Record<string, unknown> {
  const parsed = operation.input.safeParse(raw ?? {});
  if (parsed.success) return parsed.data as Record<string, unknown>;
  throw new DebriefError("USAGE", describeIssue(parsed.error));
}

/** `field.path: message` of a zod error's first issue. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join(".") || "(input)"}: ${issue?.message ?? "invalid"}`;
}

/** Parse then run: what every adapter does with a request. */
export async function runOperation(operation: AnyOperation, raw: unknown, ctx: OperationContext): Promise<unknown> {
  return operation.run(parseOperationInput(operation, raw), ctx);
}
