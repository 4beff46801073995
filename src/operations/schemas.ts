import { z } from "zod";
import { isDuration, parseDuration } from "../util/duration.js";
import { parseInstant } from "../util/iso-instant.js";

/**
 * The strict shared parsers every operation's input schema is built from. They validate with the same functions
 * the CLI's flag parsers use (`util/iso-instant`, `util/duration`), so a zone-less time or a bad duration is
 * refused by the CLI, the HTTP API and the MCP server alike.
 * @module
 */

function instantOk(value: string): boolean {
  try {
    parseInstant("time", value);
    return true;
  } catch {
    return false;
  }
}

/** An ISO-8601 instant that carries a zone (`Z` or `±hh:mm`); stays a string in the schema, see {@link toMs}. */
export const zInstant = z
  .string()
  .refine(instantOk, { message: "expected an ISO-8601 time with a zone, e.g. 2025-02-09T10:00:00Z" })
  .describe("ISO-8601 time with a zone, e.g. 2025-02-09T10:00:00Z");

/** A duration like `15m`, `2h`, `1h30m`. */
export const zDuration = z
  .string()
  .refine(isDuration, { message: "expected a duration like 30m, 2h or 1h30m" })
  .describe("a duration like 15m, 2h or 1h30m");

/** A calendar day `YYYY-MM-DD`. */
export const zDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date YYYY-MM-DD")
  .describe("a date YYYY-MM-DD");

/** A file or folder argument; operations resolve it with `resolveInWorkspace`. */
export const zPath = z.string().min(1, "expected a path");

/** Per-file zones for timestamps without one. */
export const zTzMap = z
  .record(z.string(), z.string())
  .describe('file (basename, path or glob) → IANA zone for timestamps without one, e.g. {"app.log": "Europe/Berlin"}');

/** Epoch ms of an instant the schema already accepted. */
export function toMs(field: string, value: string): number {
  return parseInstant(field, value);
}

/** Milliseconds of a duration the schema already accepted. */
export function toDurationMs(field: string, value: string): number {
  return parseDuration(field, value);
}
