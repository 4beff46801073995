import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { OperationContext } from "../operations/index.js";
import { createMcpServer, type McpServerOptions } from "./mcp-server.js";

/**
 * Who one MCP request acts for, as the HTTP server's sign-in decided: the scope (private incidents and roles are
 * then enforced by the operations) and the team store for the audit log and the review workflow.
 */
export type McpRequestAccess = Pick<OperationContext, "scope" | "team">;

/** Answers one HTTP request to the MCP endpoint (Fetch API types, as Hono and other servers pass them). */
export type McpHttpHandler = (request: Request, access?: McpRequestAccess) => Promise<Response>;

/**
 * The MCP server over streamable HTTP, stateless: each request gets a fresh server and transport and a JSON answer
 * (no session, no long-lived event stream), so the HTTP server's own sign-in, Host and Origin checks, body limit
 * and timeout apply to every call as they do to the JSON API. The HTTP server mounts it (at `/mcp` in
 * `debrief serve`) without importing this module: the CLI passes the handler in.
 *
 * Without a session, `publish` cannot see an earlier `publish_preview`, so it is never allowed here.
 */
export function createMcpHttpHandler(options: Omit<McpServerOptions, "allowPublish">): McpHttpHandler {
  return async (request, access) => {
    const server = createMcpServer({ ...options, ...access, allowPublish: false });
    // no sessionIdGenerator: stateless, every request stands alone
    const transport = new WebStandardStreamableHTTPServerTransport({ enableJsonResponse: true });
    await server.connect(transport);
    try {
      return await transport.handleRequest(request);
    } finally {
      await server.close().catch(() => {});
    }
  };
}
