import type { DebriefErrorCode } from "../model/debrief-error.js";
import { isDebriefError } from "../model/debrief-error.js";

/** How one error code surfaces in each adapter. */
export interface ErrorMapping {
  /** CLI exit code: 1 "ran and found problems", 2 "bad usage or unreadable input" (and every other failure). */
  exitCode: 1 | 2;
  /** HTTP status of the API's error response. */
  httpStatus: 400 | 403 | 404 | 409 | 500 | 502;
  /** JSON-RPC error code when the MCP server answers at protocol level; tool failures are `isError` results. */
  mcpErrorCode: number;
}

/**
 * THE table: every {@link DebriefErrorCode} mapped to a CLI exit code, an HTTP status and an MCP error code. The
 * three adapters read nothing else, so one code means the same thing everywhere.
 */
export const ERROR_TABLE: Readonly<Record<DebriefErrorCode, ErrorMapping>> = {
  USAGE: { exitCode: 2, httpStatus: 400, mcpErrorCode: -32602 },
  INPUT_NOT_FOUND: { exitCode: 2, httpStatus: 404, mcpErrorCode: -32602 },
  INPUT_UNREADABLE: { exitCode: 2, httpStatus: 400, mcpErrorCode: -32602 },
  INPUT_INVALID: { exitCode: 2, httpStatus: 400, mcpErrorCode: -32602 },
  CONFIG_INVALID: { exitCode: 2, httpStatus: 400, mcpErrorCode: -32602 },
  PATH_OUTSIDE_WORKSPACE: { exitCode: 2, httpStatus: 400, mcpErrorCode: -32602 },
  PERMISSION_DENIED: { exitCode: 2, httpStatus: 403, mcpErrorCode: -32600 },
  CONFLICT: { exitCode: 1, httpStatus: 409, mcpErrorCode: -32603 },
  NETWORK: { exitCode: 2, httpStatus: 502, mcpErrorCode: -32603 },
  AUTH: { exitCode: 2, httpStatus: 502, mcpErrorCode: -32603 },
  EXTERNAL_TOOL: { exitCode: 2, httpStatus: 502, mcpErrorCode: -32603 },
  STATE: { exitCode: 2, httpStatus: 500, mcpErrorCode: -32603 },
  INTERNAL: { exitCode: 2, httpStatus: 500, mcpErrorCode: -32603 },
};

const UNKNOWN: ErrorMapping = ERROR_TABLE.INTERNAL;

/** The mapping for any thrown value: a `DebriefError` by its code, anything else as `INTERNAL`. */
export function errorMapping(error: unknown): ErrorMapping {
  return isDebriefError(error) ? (ERROR_TABLE[error.code] ?? UNKNOWN) : UNKNOWN;
}

/** The code adapters show for any thrown value. */
export function errorCode(error: unknown): DebriefErrorCode {
  return isDebriefError(error) && error.code in ERROR_TABLE ? error.code : "INTERNAL";
}
