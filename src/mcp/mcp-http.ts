import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { createMcpServer, type McpServerOptions } from "./mcp-server.js";

/** Answers one HTTP request to the MCP endpoint (Fetch API types, as Hono and other servers pass them). */
export type McpHttpHandler = (request: Request) => Promise<Response>;

/**
 * The MCP server over streamable HTTP, stateless: each request gets a fresh server and transport and a JSON answer
 * (no session, no long-lived event stream), so the HTTP server's own sign-in, Host and Origin checks, body limit
 * and timeout apply to every call as they do to the JSON API. The HTTP server mounts it (at `/mcp` in
 * `debrief serve`) without importing this module: the CLI passes the handler in.
 *
 * Without a session, `publish` cannot see an earlier `publish_preview`, so it is never allowed here.
 */
export function createMcpHttpHandler(options: Omit<McpServerOptions, "allowPublish">): McpHttpHandler {
  return async (request) => {
    const server = createMcpServer({ ...options, allowPublish: false });
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
