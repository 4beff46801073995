import type { Context } from "hono";
import { type SectionKey, SectionKey as SectionKeys } from "../../model/postmortem.js";
import { postmortemEditSectionOperation, sectionHash } from "../../operations/index.js";
import { incidentHref, notice, trusted } from "./components.js";
import { errorPage, notFoundPage } from "./error-page.js";
import { type Html, h, layout } from "./layout.js";
import { type PostmortemDoc, readPostmortem } from "./postmortem-doc.js";
import { MAX_SECTION_CHARS, previewSection, type SectionPreview } from "./section-lint.js";
import { actorOf, canEdit, csrfInput, formFields, scopeOf, type WebDeps } from "./web-context.js";

/** Sections people write (the timeline and impact figures are drafted from evidence; their text is still editable in the file). */
export const EDITABLE_SECTIONS: readonly SectionKey[] = [
  "summary",
  "impact",
  "rootCause",
  "contributingFactors",
  "fiveWhys",
  "whatWentWell",
  "whatWentWrong",
  "whereWeGotLucky",
  "lessonsLearned",
  "actionItems",
];

const LABELS: Record<string, string> = {
  summary: "Summary",
  impact: "Impact",
  rootCause: "Root cause",
  contributingFactors: "Contributing factors",
  fiveWhys: "Five whys",
  whatWentWell: "What went well",
  whatWentWrong: "What went wrong",
  whereWeGotLucky: "Where we got lucky",
  lessonsLearned: "Lessons learned",
  actionItems: "Action items",
};

function sectionOf(value: string | undefined): SectionKey {
  const parsed = SectionKeys.safeParse(value);
  return parsed.success && EDITABLE_SECTIONS.includes(parsed.data) ? parsed.data : "summary";
}

function currentBody(doc: PostmortemDoc, key: SectionKey): string {
  return doc.parsed.postmortem.sections.find((s) => s.key === key)?.markdown.trim() ?? "";
}

function findingsList(p: SectionPreview): Html {
  return h`<ul class="findings">${p.findings.map(
    (f) =>
      h`<li class="sev-${f.severity}"><strong>${f.severity}</strong> line ${f.line}: ${f.message} <span class="muted small">(${f.rule}) ${f.hint}</span></li>`,
  )}</ul>${p.findings.length === 0 ? h`<p class="muted small">No findings in this section.</p>` : ""}${
    p.elsewhere > 0 ? h`<p class="muted small">${p.elsewhere} more finding(s) elsewhere in the document.</p>` : ""
  }`;
}

interface EditState {
  key: SectionKey;
  text: string;
  baseHash: string;
  etag: string;
  message?: Html;
  theirs?: string;
}

function editorPage(c: Context, dir: string, doc: PostmortemDoc, state: EditState, status: 200 | 409 = 200): Response {
  const scope = scopeOf(c);
  const preview = previewSection(doc, dir, state.key, state.text);
  const body = h`
<p class="small"><a href="${incidentHref(dir)}">← ${String(doc.parsed.postmortem.frontMatter.title ?? dir)}</a></p>
<h1>Edit: ${LABELS[state.key] ?? state.key}</h1>
<nav aria-label="Sections" class="actions-row small">${EDITABLE_SECTIONS.map(
    (k) =>
      h`<a href="${incidentHref(dir, `/edit?section=${k}`)}"${k === state.key ? h` aria-current="page"` : ""}>${LABELS[k] ?? k}</a>`,
  )}</nav>
${state.message ?? ""}
${
  state.theirs !== undefined
    ? h`<section class="card" aria-labelledby="theirs"><h2 id="theirs">The section as it is now in postmortem.md</h2>
<pre>${state.theirs}</pre><p class="small">Your text is kept in the editor below. Merge what you need, then save again.</p></section>`
    : ""
}
<p class="small muted">Saved into <code>postmortem.md</code> with the same rules as <code>debrief draft</code>: only this section's bytes change,
and a section someone else changed since you opened it is never overwritten. Text between <code>debrief:begin</code> and
<code>debrief:end</code> markers was generated; edit it freely and the next draft keeps your version.</p>
<form method="post" action="${incidentHref(dir, "/edit")}" id="editor-form" data-preview="${incidentHref(dir, "/preview")}">
${csrfInput(c)}
<input type="hidden" name="section" value="${state.key}">
<input type="hidden" name="baseHash" value="${state.baseHash}">
<input type="hidden" name="etag" value="${state.etag}">
<div class="editor">
<div><label for="markdown">${LABELS[state.key] ?? state.key} (Markdown)</label>
<textarea id="markdown" name="markdown" maxlength="${MAX_SECTION_CHARS}" aria-describedby="lint-status" spellcheck="true">${state.text}</textarea></div>
<div><h2 id="preview-heading" class="small">Preview</h2>
<div class="preview" id="preview" aria-labelledby="preview-heading" aria-live="polite">${trusted(preview.html)}</div></div>
</div>
<section aria-labelledby="lint-heading"><h2 id="lint-heading">Review checklist findings</h2>
<p id="lint-status" class="small muted" aria-live="polite">Checked as you type.</p>
<div id="findings">${findingsList(preview)}</div></section>
<div class="actions-row"><button type="submit">Save section</button><a href="${incidentHref(dir)}">Cancel</a></div>
</form>`;
  return c.html(
    layout({ title: `Edit ${LABELS[state.key] ?? state.key}`, nav: "incidents", scope, script: true }, body),
    status,
  );
}

/** The store for an edit, or the page refusing it: 404 when the incident is not visible (as if missing), 403 below the editor role. */
async function editGate(
  c: Context,
  deps: WebDeps,
  dir: string,
): Promise<{ refused: Response } | { store: Awaited<ReturnType<WebDeps["stores"]["fresh"]>> }> {
  const scope = scopeOf(c);
  const store = await deps.stores.fresh();
  if (!(await store.canView(scope, dir))) return { refused: notFoundPage(c, scope) };
  if (canEdit(scope)) return { store };
  const refused = c.html(
    layout({ title: "Not allowed", scope }, h`<h1>Not allowed</h1><p>Editing needs the editor role.</p>`),
    403,
  );
  return { refused };
}

/** `GET /incidents/:dir/edit?section=KEY`: the Markdown editor for one human section, with preview and lint. */
export async function editPage(c: Context, deps: WebDeps): Promise<Response> {
  const scope = scopeOf(c);
  const dir = c.req.param("dir") ?? "";
  const gate = await editGate(c, deps, dir);
  if ("refused" in gate) return gate.refused;
  try {
    const doc = await readPostmortem(deps.ctx, dir);
    const key = sectionOf(c.req.query("section"));
    const text = currentBody(doc, key);
    const saved = c.req.query("saved");
    const message =
      saved === "merged"
        ? notice("Saved. Other parts of postmortem.md had changed since you opened it; they were kept.", "ok")
        : saved
          ? notice("Saved into postmortem.md.", "ok")
          : undefined;
    return editorPage(c, dir, doc, {
      key,
      text,
      baseHash: sectionHash(text),
      etag: doc.etag,
      ...(message ? { message } : {}),
    });
  } catch (error) {
    return errorPage(c, scope, error, deps.workspace);
  }
}

/** `POST /incidents/:dir/preview` (JSON `{section, markdown}`): the preview HTML and the section's lint findings. */
export async function previewEndpoint(c: Context, deps: WebDeps): Promise<Response> {
  const scope = scopeOf(c);
  const dir = c.req.param("dir") ?? "";
  const store = await deps.stores.fresh();
  if (!(await store.canView(scope, dir)))
    return c.json({ error: { code: "NOT_FOUND", message: "no such incident" } }, 404);
  const fields = await formFields(c);
  const doc = await readPostmortem(deps.ctx, dir);
  const preview = previewSection(doc, dir, sectionOf(fields.section), fields.markdown ?? "");
  return c.json({ ...preview, findingsHtml: findingsList(preview).toString() });
}

/**
 * `POST /incidents/:dir/edit`: save one section through the `postmortem_edit_section` operation (replace with the
 * hash read when the editor opened). When someone changed the section since, nothing is written and the editor
 * comes back with both texts (409).
 */
export async function saveEdit(c: Context, deps: WebDeps): Promise<Response> {
  const scope = scopeOf(c);
  const dir = c.req.param("dir") ?? "";
  const gate = await editGate(c, deps, dir);
  if ("refused" in gate) return gate.refused;
  const store = gate.store;
  const fields = await formFields(c);
  const key = sectionOf(fields.section);
  const text = (fields.markdown ?? "").slice(0, MAX_SECTION_CHARS);
  let doc: PostmortemDoc;
  try {
    doc = await readPostmortem(deps.ctx, dir);
  } catch (error) {
    return errorPage(c, scope, error, deps.workspace);
  }
  const current = currentBody(doc, key);
  if (sectionHash(current) !== fields.baseHash) {
    return editorPage(
      c,
      dir,
      doc,
      {
        key,
        text,
        baseHash: sectionHash(current),
        etag: doc.etag,
        theirs: current,
        message: notice("Someone changed this section since you opened it. Nothing was saved.", "bad"),
      },
      409,
    );
  }
  try {
    await postmortemEditSectionOperation.run(
      { file: doc.file, section: key, markdown: text, mode: "replace", baseHash: fields.baseHash },
      deps.ctx,
    );
  } catch (error) {
    return errorPage(c, scope, error, deps.workspace);
  }
  const actor = actorOf(scope);
  await store.audit({
    actorId: actor.id,
    actorName: actor.name,
    action: "edit",
    target: dir,
    detail: { section: key },
  });
  await deps.stores.fresh(true);
  const otherChange = fields.etag !== undefined && fields.etag !== doc.etag;
  return c.redirect(incidentHref(dir, `/edit?section=${key}&saved=${otherChange ? "merged" : "1"}`), 303);
}
