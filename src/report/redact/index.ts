/**
 * Redaction moved to `src/util/redact` so that lower layers (`postmortem/draft`) can mask excerpts without importing
 * `report`; this re-export keeps the old import path working.
 * @module
 */
export * from "../../util/redact/index.js";
