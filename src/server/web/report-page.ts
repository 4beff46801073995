import { join } from "node:path";
import type { Context } from "hono";
import { resolveInWorkspace } from "../../operations/index.js";
import { renderHtml } from "../../report/index.js";
import { errorPage, notFoundPage } from "./error-page.js";
import { reportInputOf } from "./postmortem-doc.js";
import { scopeOf, type WebDeps } from "./web-context.js";

/**
 * `GET /incidents/:dir/report`: the self-contained HTML report (the `debrief render` output), for incidents the
 * scope may see; served under the security layer's script-free policy.
 */
export async function reportPage(c: Context, deps: WebDeps): Promise<Response> {
  const scope = scopeOf(c);
  const dir = c.req.param("dir") ?? "";
  const store = await deps.stores.fresh();
  if (!(await store.canView(scope, dir))) return notFoundPage(c, scope);
  try {
    const file = resolveInWorkspace(deps.ctx, join(dir, "postmortem.md"));
    const input = await reportInputOf(file, resolveInWorkspace(deps.ctx, dir));
    return c.html(renderHtml(input).html);
  } catch (error) {
    return errorPage(c, scope, error, deps.workspace);
  }
}
