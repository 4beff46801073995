/**
 * The workspace index: an SQLite cache (better-sqlite3, WAL, FTS5) of every incident, post-mortem, action item and
 * timeline summary in a workspace, kept current incrementally from the files.
 * @module
 */
export * from "./incident-record.js";
export {
  defaultPostmortemParser,
  fullPostmortemParser,
  type PostmortemParseResult,
  type PostmortemParser,
} from "./parser.js";
export * from "./queries.js";
export * from "./record-cells.js";
export { BM25_WEIGHTS, SCHEMA_VERSION } from "./schema.js";
export * from "./search.js";
export { openTeamStore } from "./team/open-team-store.js";
export type * from "./team/team-store.js";
export * from "./workspace-index.js";
