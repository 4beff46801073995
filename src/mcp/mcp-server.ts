import { readFile } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";
import { isDebriefError } from "../model/debrief-error.js";
import type { McpToolContext } from "./mcp-tool.js";
import { PROCEDURE_PROMPT } from "./procedure.js";
import { MCP_TOOLS } from "./tools/index.js";

/** Options of {@link createMcpServer}. */
export interface McpServerOptions {
  /** Folder tools resolve relative paths against, and the only folder resources may be read from. */
  cwd: string;
  version: string;
  env?: Record<string, string | undefined>;
  /** Where progress goes (stderr in the stdio server: stdout carries the protocol). */
  log?: (message: string) => void;
}

/** Results larger than this are cut, with a note, so one call cannot flood an agent's context. */
const MAX_RESULT_CHARS = 400_000;

function toText(value: unknown): string {
  const text = JSON.stringify(value, null, 1);
  return text.length > MAX_RESULT_CHARS
    ? `${text.slice(0, MAX_RESULT_CHARS)}\n… (cut at ${MAX_RESULT_CHARS} characters of ${text.length}; narrow the request)`
    : text;
}

/**
 * Build Debrief's MCP server: every registered tool, the post-mortem procedure as a prompt and a resource, and the
 * post-mortems under `cwd` as resources. Tool failures come back as tool errors with one-line messages (never a
 * stack trace), so an agent can correct its call.
 */
export function createMcpServer(options: McpServerOptions): McpServer {
  const server = new McpServer(
    { name: "debrief", version: options.version },
    {
      instructions:
        "Debrief turns incident evidence into a blameless post-mortem. Start with the run_postmortem prompt or the debrief://procedure resource; every timeline row must cite its evidence.",
    },
  );
  const ctx: McpToolContext = {
    cwd: options.cwd,
    env: options.env ?? process.env,
    log: options.log ?? ((m) => process.stderr.write(`${m}\n`)),
  };
  for (const tool of MCP_TOOLS) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        annotations: { readOnlyHint: tool.readOnly, openWorldHint: false },
      },
      async (args: Record<string, unknown>) => {
        try {
          const result = await tool.run(args, ctx);
          return { content: [{ type: "text" as const, text: toText(result) }] };
        } catch (error) {
          const message = isDebriefError(error)
            ? `${error.code}: ${error.toString()}`
            : `error: ${(error as Error).message ?? String(error)}`;
          return { isError: true, content: [{ type: "text" as const, text: message }] };
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
      const requested = String(variables.path ?? "");
      const full = resolve(options.cwd, requested);
      const rel = relative(options.cwd, full);
      // resources are a read window onto the incident folder, not onto the whole disk
      if (rel.startsWith("..") || isAbsolute(rel)) throw new Error(`${requested} is outside ${options.cwd}`);
      const text = await readFile(full, "utf8");
      return { contents: [{ uri: uri.href, mimeType: full.endsWith(".md") ? "text/markdown" : "text/plain", text }] };
    },
  );
  return server;
}

/** Serve MCP over stdio until the client disconnects. Logs go to stderr only. */
export async function serveMcpStdio(options: McpServerOptions): Promise<void> {
  const server = createMcpServer(options);
  const transport = new StdioServerTransport();
  await server.connect(transport);
  await new Promise<void>((done) => {
    transport.onclose = () => done();
  });
}
