import { DebriefError } from "../model/debrief-error.js";

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Parse an ISO-8601 instant to epoch ms; a zone is required so nothing is read as local time. The CLI, the HTTP API
 * and the MCP server all read instants through this one function.
 * @param flag the flag or field name, for the error message
 * @throws DebriefError `USAGE` for a zone-less or impossible time
 */
export function parseInstant(flag: string, value: string): number {
  if (!ISO_WITH_ZONE.test(value)) {
    throw new DebriefError(
      "USAGE",
      `${flag} expects an ISO-8601 time with a zone, e.g. 2025-02-09T10:00:00Z, got "${value}"`,
    );
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new DebriefError("USAGE", `${flag}: "${value}" is not a real time`);
  return ms;
}

/** {@link parseInstant} as a one-argument parser (commander's `argParser` shape). */
export function isoInstant(flag: string): (value: string) => number {
  return (value: string) => parseInstant(flag, value);
}
