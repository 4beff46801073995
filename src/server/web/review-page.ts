import type { Context } from "hono";
import { DebriefError } from "../../model/debrief-error.js";
import { type AnyOperation, findOperation, OPERATIONS, parseOperationInput } from "../../operations/index.js";
import type { CommentRecord, IncidentDetail, ReviewStatus } from "../../store/index.js";
import { formatTime, incidentHref, notice, reviewBadge } from "./components.js";
import { errorPage, notFoundPage } from "./error-page.js";
import { type Html, h, layout } from "./layout.js";
import { readPostmortem } from "./postmortem-doc.js";
import { canEdit, csrfInput, formFields, scopeOf, type WebDeps } from "./web-context.js";

const STEPS: Array<[ReviewStatus, string]> = [
  ["draft", "Draft"],
  ["in-review", "In review"],
  ["approved", "Approved"],
  ["published", "Published"],
];

/** The workflow buttons each status offers: form `action` value, label, and the operation argument it maps to. */
const NEXT: Record<ReviewStatus, Array<{ action: string; label: string; to: ReviewStatus }>> = {
  draft: [{ action: "submit", label: "Submit for review", to: "in-review" }],
  "in-review": [
    { action: "approve", label: "Approve and sign off", to: "approved" },
    { action: "request-changes", label: "Back to draft", to: "draft" },
  ],
  approved: [
    { action: "publish", label: "Mark published", to: "published" },
    { action: "reopen", label: "Reopen review", to: "in-review" },
  ],
  published: [],
};

/** The review operations (written by the sign-in work, shared with the CLI and MCP), found by name. */
export function reviewOperations(operations: readonly AnyOperation[] = OPERATIONS): {
  transition: AnyOperation | undefined;
  comment: AnyOperation | undefined;
  reviewers: AnyOperation | undefined;
} {
  return {
    transition: findOperation("review_transition", operations),
    comment: findOperation("review_comment", operations),
    reviewers: findOperation("review_reviewers", operations),
  };
}

function commentsBySection(comments: readonly CommentRecord[]): Map<string, CommentRecord[]> {
  const out = new Map<string, CommentRecord[]>();
  for (const c of comments) out.set(c.section, [...(out.get(c.section) ?? []), c]);
  return out;
}

function commentList(c: Context, dir: string, list: readonly CommentRecord[] | undefined): Html {
  if (!list || list.length === 0) return h`<p class="muted small">No comments.</p>`;
  return h`<ul class="comments">${list.map(
    (m) => h`<li${m.resolved ? h` class="muted"` : ""}><strong>${m.authorName}</strong>
<span class="small muted">${formatTime(m.createdAt)}${m.resolved ? " · resolved" : ""}</span><br>${m.body}
${
  m.resolved
    ? ""
    : h`<form method="post" action="${incidentHref(dir, "/review")}">${csrfInput(c)}
<input type="hidden" name="action" value="resolve"><input type="hidden" name="comment" value="${m.id}">
<button type="submit" class="secondary small">Resolve</button></form>`
}</li>`,
  )}</ul>`;
}

/** `GET /incidents/:dir/review`: status workflow, reviewers, sign-offs, and comments anchored to each section. */
export async function reviewPage(c: Context, deps: WebDeps): Promise<Response> {
  const scope = scopeOf(c);
  const dir = c.req.param("dir") ?? "";
  const store = await deps.stores.fresh();
  const detail: IncidentDetail | null = await store.getIncident(scope, dir);
  if (!detail) return notFoundPage(c, scope);
  let sections: Array<{ key: string; heading: string }>;
  try {
    const doc = await readPostmortem(deps.ctx, dir);
    sections = doc.parsed.postmortem.sections.map((s) => ({ key: s.key ?? s.heading, heading: s.heading }));
  } catch (error) {
    return errorPage(c, scope, error, deps.workspace);
  }
  const [reviewerIds, comments] = await Promise.all([store.reviewers(dir), store.listComments(dir)]);
  const people = await Promise.all(reviewerIds.map(async (id) => (await store.getUser(id)) ?? undefined));
  const reviewers = people.map((u, i) => u?.name ?? reviewerIds[i] ?? "");
  const reviewerKeys = people.map((u, i) => u?.email ?? reviewerIds[i] ?? "");
  const bySection = commentsBySection(comments);
  const ops = reviewOperations();
  const editable = canEdit(scope);
  const status = detail.reviewStatus;
  const done = c.req.query("done");
  const body = h`
<p class="small"><a href="${incidentHref(dir)}">← ${detail.title}</a></p>
<h1>Review: ${detail.title}</h1>
${done ? notice(`Done: ${done}.`, "ok") : ""}
<ol class="steps" aria-label="Review status">${STEPS.map(
    ([k, label]) => h`<li${k === status ? h` aria-current="step"` : ""}>${label}</li>`,
  )}</ol>
<p>Status: ${reviewBadge(status)}</p>
<h2>Reviewers</h2>
${reviewers.length === 0 ? h`<p class="muted">No reviewers assigned.</p>` : h`<ul>${reviewers.map((r) => h`<li>${r}</li>`)}</ul>`}
${
  editable && ops.reviewers
    ? h`<form method="post" action="${incidentHref(dir, "/review")}" class="actions-row">${csrfInput(c)}
<input type="hidden" name="action" value="reviewers">
<div><label for="reviewers">Reviewers (e-mails, comma-separated; people who have signed in)</label>
<input id="reviewers" type="text" name="reviewers" value="${reviewerKeys.join(", ")}"></div>
<button type="submit" class="secondary">Set reviewers</button></form>`
    : ""
}
<h2>Sign-off</h2>
${
  detail.signOff.length === 0
    ? h`<p class="muted">Nobody has signed off yet.</p>`
    : h`<ul>${detail.signOff.map((s) => h`<li>${s.by}${s.role ? ` (${s.role})` : ""}${s.at ? ` — ${s.at}` : ""}</li>`)}</ul>`
}
${
  editable && ops.transition
    ? h`<div class="actions-row">${NEXT[status].map(
        (n) => h`<form method="post" action="${incidentHref(dir, "/review")}">${csrfInput(c)}
<input type="hidden" name="action" value="${n.action}"><input type="hidden" name="to" value="${n.to}">
<button type="submit"${n.to === "draft" ? h` class="secondary"` : ""}>${n.label}</button></form>`,
      )}</div>`
    : !ops.transition
      ? notice("The review workflow operations are not available on this server.")
      : ""
}
<h2>Comments by section</h2>
${sections.map(
  (s) => h`<section class="card" aria-label="Comments on ${s.heading}"><h3>${s.heading}</h3>
${commentList(c, dir, bySection.get(s.key))}
${
  ops.comment || editable
    ? h`<form method="post" action="${incidentHref(dir, "/review")}">${csrfInput(c)}
<input type="hidden" name="action" value="comment"><input type="hidden" name="section" value="${s.key}">
<label for="c-${s.key}">Comment on ${s.heading}</label><textarea id="c-${s.key}" name="body" rows="2" maxlength="5000" required></textarea>
<div class="actions-row"><button type="submit" class="secondary">Add comment</button></div></form>`
    : ""
}</section>`,
)}`;
  return c.html(layout({ title: `Review ${detail.title}`, nav: "incidents", scope }, body));
}

/**
 * `POST /incidents/:dir/review`: a workflow step (`action=submit|approve|request-changes|publish|reopen`) or a
 * comment (`action=comment`, `section`, `body`), run through the review operations so the CLI, MCP and pages
 * apply the same rules (who may approve, sign-off written to the front matter).
 */
export async function reviewAction(c: Context, deps: WebDeps): Promise<Response> {
  const scope = scopeOf(c);
  const dir = c.req.param("dir") ?? "";
  const store = await deps.stores.fresh();
  if (!(await store.canView(scope, dir))) return notFoundPage(c, scope);
  const fields = await formFields(c);
  const ops = reviewOperations();
  // the operations apply the workflow's rules to the request's user, with the server's team store
  const ctx = { ...deps.ctx, scope, team: () => deps.stores.get() };
  const run = (op: AnyOperation | undefined, input: Record<string, unknown>) => {
    if (!op) throw new DebriefError("INTERNAL", "the review operations are not available on this server");
    return op.run(parseOperationInput(op, input), ctx);
  };
  try {
    if (fields.action === "comment") {
      const body = (fields.body ?? "").trim().slice(0, 5000);
      if (body === "") return c.redirect(incidentHref(dir, "/review"), 303);
      await run(ops.comment, { dir, section: fields.section ?? "", body });
    } else if (fields.action === "resolve") {
      await run(ops.comment, { dir, resolve: fields.comment ?? "" });
    } else if (fields.action === "reviewers") {
      const set = (fields.reviewers ?? "")
        .split(",")
        .map((r) => r.trim())
        .filter((r) => r !== "");
      await run(ops.reviewers, { dir, set });
    } else {
      await run(ops.transition, { dir, to: fields.to });
    }
  } catch (error) {
    return errorPage(c, scope, error, deps.workspace);
  }
  await deps.stores.fresh(true);
  return c.redirect(incidentHref(dir, `/review?done=${encodeURIComponent(fields.action ?? "step")}`), 303);
}
