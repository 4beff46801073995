/**
 * The HTTP API and report browser, over the same tools as the MCP server.
 * @module
 */
export { createHttpApp, type HttpServerOptions, startHttpServer } from "./http-server.js";
