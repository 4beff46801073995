import type { Context, Hono } from "hono";
import { isDebriefError } from "../../model/debrief-error.js";
import {
  type AnyOperation,
  errorMapping,
  findOperation,
  type OperationContext,
  parseOperationInput,
} from "../../operations/index.js";
import type { Role, TeamStore } from "../../store/index.js";
import { scrubMessage } from "../security/error-response.js";
import { requireRole } from "./auth-middleware.js";
import { authPage, escapeHtml } from "./auth-page.js";
import { csrfField } from "./csrf.js";

const ROLES: readonly Role[] = ["viewer", "editor", "admin"];

/** What the admin pages need. */
export interface AdminDeps {
  ctx: OperationContext;
  store(): Promise<TeamStore>;
  /** Mirror the files into the store now (after a change to a post-mortem's front matter). */
  refresh(): Promise<void>;
  operations: readonly AnyOperation[];
}

async function fields(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === "string" ? v : ""]));
}

function roleSelect(id: string, current: Role): string {
  return `<select id="${id}" name="role">${ROLES.map((r) => `<option value="${r}"${r === current ? " selected" : ""}>${r}</option>`).join("")}</select>`;
}

async function adminPage(c: Context, deps: AdminDeps, message?: { ok: boolean; text: string }): Promise<Response> {
  const store = await deps.store();
  const users = await store.listUsers();
  const incidents = (await store.listIncidents(c.get("scope"), { limit: 500 })).rows;
  const csrf = csrfField(c);
  const userRows = users
    .map(
      (u) => `<tr><td>${escapeHtml(u.name)}</td><td>${escapeHtml(u.email ?? "—")}</td><td>
<form method="post" action="/admin/users/${encodeURIComponent(u.id)}/role">${csrf}
<label for="role-${escapeHtml(u.id)}" class="note">Role of ${escapeHtml(u.name)}</label>${roleSelect(`role-${escapeHtml(u.id)}`, u.role)}
<button type="submit" class="secondary">Save</button></form></td></tr>`,
    )
    .join("");
  const incidentRows = await Promise.all(
    incidents.map(async (i) => {
      const detail = await store.getIncident(c.get("scope"), i.dir);
      const reviewerIds = await store.reviewers(i.dir);
      const reviewerEmails = reviewerIds.map((id) => users.find((u) => u.id === id)?.email ?? id);
      const key = escapeHtml(i.dir);
      return `<tr><td><a href="/incidents/${encodeURIComponent(i.dir)}">${escapeHtml(i.title)}</a><br><code>${key}</code></td><td>
<form method="post" action="/admin/incidents/${encodeURIComponent(i.dir)}/access">${csrf}
<label><input type="checkbox" name="private" value="true"${i.private ? " checked" : ""}> Private</label>
<label for="members-${key}">Members (e-mails, one a line)</label>
<textarea id="members-${key}" name="members">${escapeHtml((detail?.members ?? []).join("\n"))}</textarea>
<label for="reviewers-${key}">Reviewers (e-mails, one a line)</label>
<textarea id="reviewers-${key}" name="reviewers">${escapeHtml(reviewerEmails.join("\n"))}</textarea>
<button type="submit" class="secondary">Save</button></form></td></tr>`;
    }),
  );
  const notice = message
    ? `<p role="${message.ok ? "status" : "alert"}"><strong>${message.ok ? "Saved" : "Not saved"}:</strong> ${escapeHtml(message.text)}</p>`
    : "";
  return c.html(
    authPage(
      "Members and roles",
      `<p><a href="/">← Incidents</a></p><h1>Members and roles</h1>${notice}
<h2>People</h2><p class="note">The first person to sign in is an admin; new people start as viewers.</p>
<table><thead><tr><th scope="col">Name</th><th scope="col">E-mail</th><th scope="col">Role</th></tr></thead><tbody>${userRows}</tbody></table>
<h2>Incidents: private access and reviewers</h2><p class="note">A private incident is visible only to its members and admins.</p>
<table><thead><tr><th scope="col">Incident</th><th scope="col">Access</th></tr></thead><tbody>${incidentRows.join("")}</tbody></table>`,
    ),
    message && !message.ok ? 400 : 200,
  );
}

function lines(text: string | undefined): string[] {
  return (text ?? "")
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Register `/admin` (admins only): roles of people, private access, members and reviewers of incidents. */
export function registerAdminRoutes(app: Hono, deps: AdminDeps): void {
  app.use("/admin", requireRole("admin"));
  app.use("/admin/*", requireRole("admin"));
  app.get("/admin", (c) => adminPage(c, deps));
  app.post("/admin/users/:id/role", async (c) => {
    const role = (await fields(c)).role as Role;
    const store = await deps.store();
    const user = await store.getUser(c.req.param("id"));
    if (!user || !ROLES.includes(role)) return adminPage(c, deps, { ok: false, text: "unknown person or role" });
    await store.setRole(user.id, role);
    const scope = c.get("scope");
    await store.audit({
      actorId: scope.kind === "user" ? scope.viewer.userId : null,
      actorName: scope.kind === "user" ? scope.viewer.name : "local user",
      action: "set-role",
      target: `user:${user.id}`,
      detail: { role, name: user.name },
    });
    return c.redirect("/admin", 303);
  });
  app.post("/admin/incidents/:dir/access", async (c) => {
    const f = await fields(c);
    const ctx: OperationContext = { ...deps.ctx, scope: c.get("scope"), team: deps.store };
    const run = async (name: string, input: Record<string, unknown>) => {
      const operation = findOperation(name, deps.operations);
      if (!operation) throw new Error(`${name} is not offered by this server`);
      return operation.run(parseOperationInput(operation, input), ctx);
    };
    try {
      const dir = c.req.param("dir");
      await run("incident_members", { dir, private: f.private === "true", members: lines(f.members) });
      await run("review_reviewers", { dir, set: lines(f.reviewers) });
      await deps.refresh();
    } catch (error) {
      const text = isDebriefError(error)
        ? scrubMessage(error.message, deps.ctx.workspace ?? "")
        : "internal error (the server log has details)";
      if (!isDebriefError(error)) deps.ctx.log(`admin: ${(error as Error)?.stack ?? error}`);
      return adminPage(c, deps, { ok: false, text: `${text} (${errorMapping(error).httpStatus})` });
    }
    return c.redirect("/admin", 303);
  });
}
