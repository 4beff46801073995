import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Hono, MiddlewareHandler } from "hono";
import { isDebriefError } from "../../model/debrief-error.js";
import { errorMapping, type OperationContext, resolveInWorkspace } from "../../operations/index.js";
import { errorJson } from "./error-response.js";

/**
 * Tools that rewrite a post-mortem, and the argument naming it: `dir` (then `DIR/postmortem.md`) or `file`. These
 * calls are guarded by `If-Match`.
 */
export const POSTMORTEM_EDITING_TOOLS: ReadonlyMap<string, "dir" | "file"> = new Map([
  ["postmortem_draft", "dir"],
  ["publish", "dir"],
  ["postmortem_edit_section", "file"],
]);

/** The strong ETag of a post-mortem's bytes. */
export function etagOf(content: string | Buffer): string {
  return `"${createHash("sha256").update(content).digest("base64url")}"`;
}

async function currentEtag(file: string): Promise<string | undefined> {
  try {
    return etagOf(await readFile(file));
  } catch {
    return undefined;
  }
}

/** `If-Match: "a", "b"` or `*` against the current tag. */
function matches(header: string, etag: string | undefined): boolean {
  if (header.trim() === "*") return etag !== undefined;
  return header
    .split(",")
    .map((t) => t.trim().replace(/^W\//, ""))
    .some((t) => t === etag);
}

/**
 * `GET /api/incidents/:dir/postmortem` returns the document with its ETag. A tool call that rewrites that document
 * may send `If-Match` with the tag it read: when the file changed since, the call is refused with 412 before it
 * runs, instead of drafting over a newer edit. A successful call answers with the new tag.
 */
export function registerPostmortemEtags(app: Hono, ctx: OperationContext): void {
  app.get("/api/incidents/:dir/postmortem", async (c) => {
    try {
      // as the request's user: a private incident is not found for a non-member (the same 404 as a missing one)
      const scope = (c.var as { scope?: OperationContext["scope"] }).scope;
      const file = resolveInWorkspace({ ...ctx, scope }, join(c.req.param("dir"), "postmortem.md"));
      const content = await readFile(file);
      const etag = etagOf(content);
      c.header("ETag", etag);
      if (c.req.header("if-none-match") === etag) return c.body(null, 304);
      return c.json({ dir: c.req.param("dir"), content: content.toString("utf8") });
    } catch (error) {
      const code = isDebriefError(error)
        ? error.code
        : (error as NodeJS.ErrnoException).code === "ENOENT"
          ? "INPUT_NOT_FOUND"
          : "INTERNAL";
      const status = code === "INPUT_NOT_FOUND" ? 404 : errorMapping(error).httpStatus;
      return errorJson(
        c,
        status,
        code,
        code === "INPUT_NOT_FOUND" ? "no such post-mortem" : "cannot read the post-mortem",
      );
    }
  });
}

/** The `If-Match` check for {@link POSTMORTEM_EDITING_TOOLS}; route it at `/api/tools/:name`. */
export function ifMatchGuard(ctx: OperationContext): MiddlewareHandler {
  return async (c, next) => {
    const name = c.req.param("name") ?? "";
    const field = POSTMORTEM_EDITING_TOOLS.get(name);
    if (c.req.method !== "POST" || field === undefined || c.req.header("if-match") === undefined) return next();
    let file: string | undefined;
    try {
      const named = ((await c.req.json()) as Record<string, unknown> | null)?.[field];
      if (typeof named === "string") {
        file = resolveInWorkspace(ctx, field === "dir" ? join(named, "postmortem.md") : named);
      }
    } catch {
      // a bad body or path is the route's to report, with its own code
      return next();
    }
    if (file === undefined) return next();
    const ifMatch = c.req.header("if-match");
    if (ifMatch !== undefined && !matches(ifMatch, await currentEtag(file))) {
      return errorJson(c, 412, "PRECONDITION_FAILED", "the post-mortem changed since you read it; read it again");
    }
    await next();
    const etag = await currentEtag(file);
    if (etag !== undefined && c.res.status < 300) c.res.headers.set("ETag", etag);
  };
}
