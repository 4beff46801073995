/**
 * The MCP server: Debrief's procedure as tools for AI agents, over stdio.
 * @module
 */
export { createMcpServer, type McpServerOptions, serveMcpStdio } from "./mcp-server.js";
export { type AnyMcpTool, defineTool, type McpTool, type McpToolContext } from "./mcp-tool.js";
export { PROCEDURE_PROMPT } from "./procedure.js";
export { MCP_TOOLS } from "./tools/index.js";
