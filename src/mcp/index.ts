/**
 * The MCP server: Debrief's operations as tools for AI agents, over stdio.
 * @module
 */

/** @deprecated the tools are the operations: use `OPERATIONS` from `debrief/operations`. */
export { OPERATIONS as MCP_TOOLS } from "../operations/index.js";
export { LineTransport } from "./line-transport.js";
export { createMcpHttpHandler, type McpHttpHandler, type McpRequestAccess } from "./mcp-http.js";
export { McpGate, type McpPermissions } from "./mcp-permissions.js";
export { createMcpServer, type McpServerOptions, serveMcpStdio } from "./mcp-server.js";
export { PROCEDURE_PROMPT } from "./procedure.js";
