import type { Context } from "hono";
import { isDebriefError } from "../../model/debrief-error.js";
import { errorMapping } from "../../operations/index.js";
import type { AccessScope } from "../../store/index.js";
import { scrubMessage } from "../security/error-response.js";
import { notice } from "./components.js";
import { h, layout } from "./layout.js";

/**
 * 404 for an incident that does not exist and for one the scope may not see alike: the same page, the same status,
 * so a private incident's folder name cannot be confirmed by probing.
 */
export function notFoundPage(c: Context, scope: AccessScope): Response {
  return c.html(
    layout(
      { title: "Not found", scope },
      h`<h1>Not found</h1><p>There is no such incident, or you may not see it.</p><p><a href="/">All incidents</a></p>`,
    ),
    404,
  );
}

/** An error as a page: the error table's status and the DebriefError's message (never a stack or absolute path). */
export function errorPage(c: Context, scope: AccessScope, error: unknown, workspace = ""): Response {
  const status = errorMapping(error).httpStatus;
  const message = isDebriefError(error)
    ? scrubMessage(error.message, workspace)
    : "internal error (the server log has details)";
  return c.html(
    layout(
      { title: "Error", scope },
      h`<h1>Something went wrong</h1>${notice(message, "bad")}<p><a href="/">All incidents</a></p>`,
    ),
    status,
  );
}
