import { DebriefError } from "../model/debrief-error.js";

/** Parse an ISO-8601 instant given on the command line; a zone is required so nothing is read as local time. */
export function isoInstant(flag: string): (value: string) => number {
  return (value: string) => {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) {
      throw new DebriefError(
        "USAGE",
        `${flag} expects an ISO-8601 time with a zone, e.g. 2025-02-09T10:00:00Z, got "${value}"`,
      );
    }
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) throw new DebriefError("USAGE", `${flag}: "${value}" is not a real time`);
    return ms;
  };
}
