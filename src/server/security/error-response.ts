import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * Error responses of the HTTP server: `{ error: { code, message } }`, never a stack trace, and with absolute paths
 * cut down so a caller learns nothing about the disk layout beyond the workspace it was given.
 */
export function errorJson(c: Context, status: ContentfulStatusCode, code: string, message: string): Response {
  return c.json({ error: { code, message } }, status);
}

/** Matches an absolute POSIX or Windows path inside a message. */
const ABSOLUTE_PATH = /(?:[A-Za-z]:\\|(?<![\w.~-])\/)(?:[^\s"'`:,;)]+)/g;

/**
 * A message safe to return: the workspace prefix removed (paths become workspace-relative), any other absolute
 * path reduced to its last segment, and only the first line kept (stack frames start on the second).
 */
export function scrubMessage(message: string, workspace: string): string {
  const firstLine = message.split(/\r?\n/, 1)[0] ?? "";
  const root = workspace.endsWith("/") ? workspace : `${workspace}/`;
  return firstLine
    .split(root)
    .join("")
    .split(workspace)
    .join(".")
    .replace(ABSOLUTE_PATH, (p) => `…/${p.split(/[\\/]/).filter(Boolean).pop() ?? ""}`);
}
