import { lstatSync, readlinkSync, realpathSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { DebriefError } from "../model/debrief-error.js";
import { assertPathVisible } from "./incident-access.js";
import type { OperationContext } from "./operation.js";

/** `%2e`, `%2f`, `%5c` and friends: a path that would change meaning if some layer decoded it. */
const ENCODED_SEPARATOR_OR_DOT = /%(2e|2f|5c|00)/i;

function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === "" || !(rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel));
}

/**
 * The real path of `path`, following every symlink of the part that exists; the part that does not exist yet (an
 * output file, a new incident folder) is appended as written. A dangling symlink is followed to where it points,
 * since writing through it would create its target.
 */
function realpathOfExisting(path: string, depth = 0): string {
  if (depth > 40) throw new Error("too many symbolic links");
  const missing: string[] = [];
  let current = path;
  for (;;) {
    try {
      return join(realpathSync(current), ...missing.reverse());
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // ELOOP, EACCES...: the path cannot be resolved, so nobody can tell where it leads
      if (code !== "ENOENT" && code !== "ENOTDIR") throw error;
      const link = danglingLinkTarget(current);
      if (link !== undefined) {
        return join(realpathOfExisting(resolve(dirname(current), link), depth + 1), ...missing.reverse());
      }
      const parent = dirname(current);
      if (parent === current) return join(current, ...missing.reverse());
      missing.push(basename(current));
      current = parent;
    }
  }
}

/** Where `path` points when it is itself a symlink (whose target does not exist), else undefined. */
function danglingLinkTarget(path: string): string | undefined {
  try {
    return lstatSync(path).isSymbolicLink() ? readlinkSync(path) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Resolve a path argument of an operation. Every operation resolves every argument that names a file or folder
 * through this one function, whatever the argument is called, so the HTTP API, the MCP server and any later
 * adapter share one confinement rule: with `ctx.workspace` set, the path is resolved against `ctx.cwd`, its
 * symlinks are followed (`realpath`), and it is refused unless it stays inside the workspace's own real path.
 * Percent-encoded dots and separators are refused outright, since some layer might decode them later.
 *
 * With `ctx.scope` set (a signed-in user of the team server), a path inside a private incident the user may not
 * see is refused as if it did not exist (see `incident-access.ts`).
 *
 * Returns the lexical absolute path (not the real one), so paths shown to the user keep the names they gave.
 * @throws DebriefError `PATH_OUTSIDE_WORKSPACE` for an escape, `USAGE` for an empty path or a NUL byte,
 *   `INPUT_NOT_FOUND` / `PERMISSION_DENIED` for a private incident the scope may not see
 */
export function resolveInWorkspace(ctx: Pick<OperationContext, "cwd" | "workspace" | "scope">, path: string): string {
  if (path.length === 0) throw new DebriefError("USAGE", "a path argument is empty");
  if (path.includes("\0")) throw new DebriefError("USAGE", "a path argument contains a NUL byte");
  const absolute = resolve(ctx.cwd, path);
  if (ctx.workspace === undefined) return absolute;
  const refuse = (): never => {
    throw new DebriefError("PATH_OUTSIDE_WORKSPACE", `${path} is outside the workspace`, {
      details: { path },
    });
  };
  if (ENCODED_SEPARATOR_OR_DOT.test(path)) refuse();
  const root = resolve(ctx.workspace);
  if (!isInside(root, absolute)) refuse();
  let realRoot: string;
  let realTarget: string;
  try {
    realRoot = realpathOfExisting(root);
    realTarget = realpathOfExisting(absolute);
  } catch {
    // a symlink loop or an unreadable folder on the way: where it leads cannot be checked, so it is not allowed
    return refuse();
  }
  if (!isInside(realRoot, realTarget)) refuse();
  // private incidents: the one check for every path argument of every operation, by where the path really leads
  assertPathVisible(ctx.scope, realRoot, realTarget, path);
  return absolute;
}

/** {@link resolveInWorkspace} over a list. */
export function resolveAllInWorkspace(
  ctx: Pick<OperationContext, "cwd" | "workspace" | "scope">,
  paths: readonly string[],
): string[] {
  return paths.map((p) => resolveInWorkspace(ctx, p));
}
