/**
 * Debrief's programmatic API. The CLI, the HTTP server and the MCP server are thin layers over these exports.
 * Each module re-exports its public surface from its own `index.ts`.
 * @module
 */
export * from "./model/index.js";
