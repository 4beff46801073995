/**
 * Debrief's programmatic API. The CLI, the HTTP server and the MCP server are thin layers over these exports.
 * Each module re-exports its public surface from its own `index.ts`.
 * @module
 */

export * from "./collect/index.js";
export * from "./demo/index.js";
export * from "./evidence/formats/logs/index.js";
export * from "./evidence/index.js";
export * from "./insights/index.js";
export * from "./lint/index.js";
export * from "./mcp/index.js";
export * from "./model/index.js";
export * from "./operations/index.js";
export * from "./postmortem/index.js";
export * from "./prevention/index.js";
export * from "./publish/index.js";
export * from "./report/index.js";
export * from "./server/index.js";
export * from "./store/index.js";
export * from "./timeline/index.js";
export * from "./timeline/templates/index.js";
