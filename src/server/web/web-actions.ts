import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Context } from "hono";
import { resolveInWorkspace } from "../../operations/index.js";
import { parsePostmortem, updateActionItems } from "../../postmortem/index.js";
import { withFileLock, writeFileAtomic } from "../../util/atomic-write.js";
import { incidentHref } from "./components.js";
import { errorPage, notFoundPage } from "./error-page.js";
import { h, layout } from "./layout.js";
import { refsIn } from "./postmortem-doc.js";
import { recordTimelinePin } from "./timeline-pins.js";
import { actorOf, canEdit, formFields, scopeOf, type WebDeps } from "./web-context.js";

/** A same-site path to go back to after a form, or the fallback (never another origin). */
export function backTo(value: string | undefined, fallback: string): string {
  return value !== undefined && /^\/(?![/\\])[^\s]*$/.test(value) ? value : fallback;
}

function forbidden(c: Context): Response {
  return c.html(
    layout({ title: "Not allowed", scope: scopeOf(c) }, h`<h1>Not allowed</h1><p>This needs the editor role.</p>`),
    403,
  );
}

/**
 * `POST /incidents/:dir/pins` (`ref=path:line`, `state=pinned|removed`): pin an evidence line into the post-mortem's
 * timeline, or remove one, recorded in the post-mortem's front matter (`timelinePins:`, see {@link recordTimelinePin})
 * and mirrored into the team store, with an audit entry; back to the evidence view or incident.
 */
export async function pinAction(c: Context, deps: WebDeps): Promise<Response> {
  const scope = scopeOf(c);
  const dir = c.req.param("dir") ?? "";
  const store = await deps.stores.fresh();
  if (!(await store.canView(scope, dir))) return notFoundPage(c, scope);
  if (!canEdit(scope)) return forbidden(c);
  const fields = await formFields(c);
  const ref = refsIn(fields.ref ?? "")[0];
  const state = fields.state === "removed" ? "removed" : fields.state === "pinned" ? "pinned" : undefined;
  if (!ref || state === undefined || `${ref.path}:${ref.line}` !== fields.ref) {
    return c.html(
      layout(
        { title: "Bad request", scope },
        h`<h1>Bad request</h1><p>Expected ref=path:line and state=pinned or removed.</p>`,
      ),
      400,
    );
  }
  const actor = actorOf(scope);
  try {
    // the post-mortem is the source of truth; the store mirrors the pin from it on the refresh below
    await recordTimelinePin(resolveInWorkspace(deps.ctx, join(dir, "postmortem.md")), dir, {
      ref: fields.ref,
      state,
      by: actor.name,
    });
  } catch (error) {
    return errorPage(c, scope, error, deps.workspace);
  }
  await deps.stores.fresh(true);
  await store.audit({
    actorId: actor.id,
    actorName: actor.name,
    action: `pin.${state}`,
    target: dir,
    detail: { ref: fields.ref },
  });
  const back =
    fields.back === "incident"
      ? `${incidentHref(dir)}#timeline`
      : `${incidentHref(dir, "/evidence")}?path=${encodeURIComponent(ref.path)}&line=${ref.line}#L${ref.line}`;
  return c.redirect(back, 303);
}

/**
 * `POST /incidents/:dir/actions/:item` (`status=done|open|in-progress|wont-do`): set an action item's Status cell in
 * postmortem.md (only that cell's bytes change; the file is written atomically under its lock, like `draft`).
 */
export async function actionItemAction(c: Context, deps: WebDeps): Promise<Response> {
  const scope = scopeOf(c);
  const dir = c.req.param("dir") ?? "";
  const itemId = c.req.param("item") ?? "";
  const store = await deps.stores.fresh();
  if (!(await store.canView(scope, dir))) return notFoundPage(c, scope);
  if (!canEdit(scope)) return forbidden(c);
  const fields = await formFields(c);
  const status = ["done", "open", "in-progress", "wont-do"].includes(fields.status ?? "")
    ? (fields.status as string)
    : "done";
  try {
    const file = resolveInWorkspace(deps.ctx, join(dir, "postmortem.md"));
    await withFileLock(file, async () => {
      const source = await readFile(file, "utf8");
      const next = updateActionItems(parsePostmortem(source, file), [{ id: itemId, fields: { status } }]);
      if (next !== source) await writeFileAtomic(file, next);
    });
  } catch (error) {
    return errorPage(c, scope, error, deps.workspace);
  }
  const actor = actorOf(scope);
  await store.audit({
    actorId: actor.id,
    actorName: actor.name,
    action: "action-item.status",
    target: dir,
    detail: { item: itemId, status },
  });
  await deps.stores.fresh(true);
  return c.redirect(backTo(fields.back, incidentHref(dir)), 303);
}
