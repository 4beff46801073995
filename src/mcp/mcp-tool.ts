import type { z } from "zod";

/** What every Debrief MCP tool gets besides its arguments. */
export interface McpToolContext {
  /** Directory relative paths are resolved against. */
  cwd: string;
  env: Record<string, string | undefined>;
  /** Progress lines (go to stderr: stdout carries the protocol). */
  log(message: string): void;
}

/**
 * One MCP tool: a thin wrapper over a function of Debrief's programmatic API. The input is a zod shape, so the
 * SDK validates arguments and publishes a JSON Schema to the agent.
 */
export interface McpTool<Shape extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  input: Shape;
  /** Read-only tools never change a file; agents may call them freely. */
  readOnly: boolean;
  run(args: z.infer<z.ZodObject<Shape>>, ctx: McpToolContext): Promise<unknown>;
}

/** Helper that keeps the shape's inference when declaring a tool. */
export function defineTool<Shape extends z.ZodRawShape>(tool: McpTool<Shape>): McpTool<Shape> {
  return tool;
}

/**
 * A tool with its argument type erased, so tools of different shapes can sit in one list; the SDK validates the
 * arguments against `input` before `run` sees them.
 */
export interface AnyMcpTool {
  name: string;
  title: string;
  description: string;
  input: z.ZodRawShape;
  readOnly: boolean;
  run(args: Record<string, unknown>, ctx: McpToolContext): Promise<unknown>;
}
