import { readFile } from "node:fs/promises";
import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { isDebriefError } from "../model/debrief-error.js";
import {
  type AnyOperation,
  errorCode,
  OPERATIONS,
  type OperationContext,
  parseOperationInput,
  resolveInWorkspace,
} from "../operations/index.js";
import { registerIncidentResources } from "./incident-resources.js";
import { LineTransport } from "./line-transport.js";
import { McpGate, type McpPermissions } from "./mcp-permissions.js";
import { PROCEDURE_PROMPT } from "./procedure.js";
import { registerStepPrompts } from "./step-prompts.js";
import { PAGING_SHAPE, shapeToolResult, toolOutputShape } from "./tool-result.js";

/** Options of {@link createMcpServer}. */
export interface McpServerOptions {
  /** The workspace: tools resolve relative paths against it and no path may leave it (symlinks followed). */
  cwd: string;
  version: string;
  env?: Record<string, string | undefined>;
  /** Where progress goes (stderr in the stdio server: stdout carries the protocol). */
  log?: (message: string) => void;
  /** `--allow-write`: tools may create and change files (default false: read-only). */
  allowWrite?: boolean;
  /** `--allow-publish`: `publish` may send, after a `publish_preview` of the same input (default false). */
  allowPublish?: boolean;
  /** The operations to offer as tools (default: all of them). */
  operations?: readonly AnyOperation[];
  /** Who the tools act for (the HTTP server's signed-in user); absent: the local user. */
  scope?: OperationContext["scope"];
  /** The team store, for the audit log and the review workflow. */
  team?: OperationContext["team"];
}

function errorText(error: unknown): string {
  const message = isDebriefError(error) ? error.toString() : "internal error (the server log has details)";
  return `${errorCode(error)}: ${message}`;
}

/**
 * Build Debrief's MCP server: every operation as a tool (with accurate read-only / destructive / idempotent /
 * open-world annotations), the post-mortem procedure as a prompt and a resource, and the workspace's files as
 * resources. The server is read-only unless `allowWrite`; `publish` needs `allowPublish` and a preview first. Tool
 * failures come back as tool errors with one-line messages (never a stack trace), so an agent can correct its call.
 */
export function createMcpServer(options: McpServerOptions): McpServer {
  const permissions: McpPermissions = {
    allowWrite: options.allowWrite ?? false,
    allowPublish: options.allowPublish ?? false,
  };
  const mode = permissions.allowWrite
    ? "Writes are allowed."
    : "This server is read-only: tools that write files are refused (the user can restart it with --allow-write).";
  const server = new McpServer(
    { name: "debrief", version: options.version },
    {
      instructions: `Debrief turns incident evidence into a blameless post-mortem. Start with the run_postmortem prompt or the debrief://procedure resource; every timeline row must cite its evidence. ${mode}`,
    },
  );
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const ctx: OperationContext = {
    cwd: options.cwd,
    workspace: options.cwd,
    env: options.env ?? process.env,
    log,
    scope: options.scope,
    team: options.team,
  };
  const gate = new McpGate(permissions);
  for (const operation of options.operations ?? OPERATIONS) {
    const a = operation.annotations;
    server.registerTool(
      operation.name,
      {
        title: operation.title,
        description: operation.description,
        inputSchema: { ...operation.input.shape, ...PAGING_SHAPE },
        outputSchema: toolOutputShape(operation.name),
        annotations: {
          title: operation.title,
          readOnlyHint: a.readOnly,
          destructiveHint: a.destructive,
          idempotentHint: a.idempotent,
          openWorldHint: a.openWorld,
        },
      },
      async (args: Record<string, unknown>) => {
        try {
          const { cursor, pageSize, ...own } = args;
          const input = parseOperationInput(operation, own);
          gate.check(operation, input);
          const result = await operation.run(input, ctx);
          gate.record(operation, input);
          // summary first, lists paged, evidence text quoted: see tool-result.ts
          const shaped = shapeToolResult(operation.name, result, {
            cursor: typeof cursor === "string" ? cursor : undefined,
            pageSize: typeof pageSize === "number" ? pageSize : undefined,
          });
          return { content: [{ type: "text" as const, text: shaped.text }], structuredContent: shaped.structured };
        } catch (error) {
          if (!isDebriefError(error)) log(`debrief mcp: ${operation.name}: ${(error as Error)?.stack ?? error}`);
          return { isError: true, content: [{ type: "text" as const, text: errorText(error) }] };
        }
      },
    );
  }
  server.registerPrompt(
    "run_postmortem",
    {
      title: "Run a post-mortem",
      description: "The post-mortem procedure, step by step, with the Debrief tool for each step.",
      argsSchema: { dir: z.string().describe("the incident folder (holds evidence/ and postmortem.md)") },
    },
    ({ dir }) => ({
      messages: [{ role: "user", content: { type: "text", text: PROCEDURE_PROMPT.replaceAll("{dir}", dir) } }],
    }),
  );
  registerStepPrompts(server);
  registerIncidentResources(server, ctx);
  server.registerResource(
    "procedure",
    "debrief://procedure",
    { title: "The post-mortem procedure", mimeType: "text/markdown" },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: "text/markdown", text: PROCEDURE_PROMPT }] }),
  );
  server.registerResource(
    "postmortem",
    new ResourceTemplate("debrief://file/{+path}", { list: undefined }),
    { title: "A post-mortem or evidence file under the working folder", mimeType: "text/plain" },
    async (uri, variables) => {
      // resources are a read window onto the workspace, not onto the disk: the same confinement as every tool
      const full = resolveInWorkspace(ctx, String(variables.path ?? ""));
      const text = await readFile(full, "utf8");
      return { contents: [{ uri: uri.href, mimeType: full.endsWith(".md") ? "text/markdown" : "text/plain", text }] };
    },
  );
  return server;
}

/**
 * Serve MCP over stdio until the client disconnects or the input ends (then resolves, so the process exits 0).
 * Logs go to stderr only.
 */
export async function serveMcpStdio(
  options: McpServerOptions & { input?: NodeJS.ReadableStream; output?: NodeJS.WritableStream },
): Promise<void> {
  const server = createMcpServer(options);
  const transport = new LineTransport(
    (options.input ?? process.stdin) as import("node:stream").Readable,
    (options.output ?? process.stdout) as import("node:stream").Writable,
  );
  const closed = new Promise<void>((done) => {
    transport.onclose = () => done();
  });
  await server.connect(transport);
  await closed;
  await server.close().catch(() => {});
}
