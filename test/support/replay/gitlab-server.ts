import { startVendorServer, type VendorAnswer, type VendorServer } from "./vendor-server.js";

/**
 * A GitLab replay server following the published REST v4 contract for issues (https://docs.gitlab.com/api/issues/):
 * POST /projects/:id/issues → 201, GET list with `search` + `in=description`, GET one, PUT edit (`state_event`,
 * `add_labels`) → 200; notes (https://docs.gitlab.com/api/notes/); users by `username` or `search`
 * (https://docs.gitlab.com/api/users/). The project id is a number or the URL-encoded path. Errors as GitLab sends
 * them (https://docs.gitlab.com/api/rest/troubleshooting/): 401 `{"message":"401 Unauthorized"}`, 404
 * `{"message":"404 Project Not Found"}` / `{"message":"404 Not found"}`, 400 `{"message":{"field":["msg"]}}` or
 * `{"error":"title is missing"}`, 409 `{"message":...}` for a conflicting resource, 429 with Retry-After and
 * RateLimit-Reset (https://docs.gitlab.com/administration/settings/user_and_ip_rate_limits/).
 */

/** A GitLab user. */
export interface GitLabUser {
  id: number;
  username: string;
  name: string;
  email: string;
}

/** An issue as the server keeps it. */
export interface GitLabIssue {
  id: number;
  iid: number;
  title: string;
  description: string;
  state: "opened" | "closed";
  labels: string[];
  assignee_ids: number[];
  due_date: string | null;
  notes: Array<{ id: number; body: string }>;
}

/** The GitLab replay server and what a test can do "in GitLab". */
export interface GitLabReplay extends VendorServer {
  /** The instance base URL (what `url:` in the settings is). */
  base: string;
  issues: GitLabIssue[];
  setState(iid: string, state: "open" | "in-progress" | "done" | "wont-do"): void;
  setAssignee(iid: string, username: string | null): void;
  setDue(iid: string, due: string | null): void;
}

export async function startGitLabServer(options: {
  token: string;
  project?: string;
  users?: GitLabUser[];
  /** Serve under a relative URL root, as a self-managed instance may (`/gitlab`). */
  root?: string;
}): Promise<GitLabReplay> {
  const project = options.project ?? "acme/orders-api";
  const root = options.root ?? "";
  const users = options.users ?? [];
  const issues: GitLabIssue[] = [];
  let base = "";
  let noteIds = 0;
  const msg = (status: number, message: unknown): VendorAnswer => ({ status, body: { message } });
  const view = (i: GitLabIssue) => ({
    id: i.id,
    iid: i.iid,
    project_id: 7,
    title: i.title,
    description: i.description,
    state: i.state,
    labels: i.labels,
    assignees: i.assignee_ids
      .map((id) => users.find((u) => u.id === id))
      .filter(Boolean)
      .map((u) => ({ id: u!.id, username: u!.username, name: u!.name })),
    due_date: i.due_date,
    web_url: `${base}/${project}/-/issues/${i.iid}`,
    created_at: "2025-02-10T09:00:00.000Z",
  });
  const labelsOf = (v: unknown) =>
    (Array.isArray(v) ? v.map(String) : String(v ?? "").split(",")).map((s) => s.trim()).filter(Boolean);
  const apply = (i: GitLabIssue, b: Record<string, unknown>): VendorAnswer | undefined => {
    if ("title" in b) {
      if (typeof b.title !== "string" || !b.title.trim()) return { status: 400, body: { error: "title is empty" } };
      if (b.title.length > 255) return msg(400, { title: ["is too long (maximum is 255 characters)"] });
      i.title = b.title;
    }
    if ("description" in b) i.description = String(b.description ?? "");
    if ("labels" in b) i.labels = labelsOf(b.labels);
    if ("add_labels" in b) i.labels = [...new Set([...i.labels, ...labelsOf(b.add_labels)])];
    if ("due_date" in b) {
      if (b.due_date !== null && !/^\d{4}-\d{2}-\d{2}$/.test(String(b.due_date)))
        return { status: 400, body: { error: "due_date is invalid" } };
      i.due_date = (b.due_date as string | null) ?? null;
    }
    if ("assignee_ids" in b) {
      const ids = (b.assignee_ids as unknown[]).map(Number);
      if (ids.some((id) => !users.some((u) => u.id === id))) return msg(400, { assignees: ["is invalid"] });
      i.assignee_ids = ids;
    }
    if ("state_event" in b) {
      if (b.state_event === "close") i.state = "closed";
      else if (b.state_event === "reopen") i.state = "opened";
      else return { status: 400, body: { error: "state_event does not have a valid value" } };
    }
    return undefined;
  };

  const server = await startVendorServer(
    (req) => (req.headers["private-token"] === options.token ? undefined : msg(401, "401 Unauthorized")),
    (req): VendorAnswer => {
      if (!req.path.startsWith(`${root}/api/v4/`)) return msg(404, "404 Not Found");
      const p = req.path.slice(`${root}/api/v4`.length);
      const b = (req.json ?? {}) as Record<string, unknown>;
      if (req.method === "GET" && p === "/users") {
        const username = req.query.get("username");
        const search = req.query.get("search")?.toLowerCase();
        const hits = users.filter((u) =>
          username
            ? u.username === username
            : search
              ? u.email.toLowerCase() === search || u.username.includes(search)
              : true,
        );
        return {
          status: 200,
          body: hits.map((u) => ({ id: u.id, username: u.username, name: u.name, state: "active" })),
        };
      }
      const m = /^\/projects\/([^/]+)\/issues(?:\/(\d+)(\/notes)?)?$/.exec(p);
      if (!m) return msg(404, "404 Not Found");
      const id = decodeURIComponent(m[1]!);
      if (id !== project && id !== "7") return msg(404, "404 Project Not Found");
      if (!m[2]) {
        if (req.method === "POST") {
          if (!("title" in b)) return { status: 400, body: { error: "title is missing" } };
          const n = issues.length + 1;
          const issue: GitLabIssue = {
            id: 500 + n,
            iid: n,
            title: "",
            description: "",
            state: "opened",
            labels: [],
            assignee_ids: [],
            due_date: null,
            notes: [],
          };
          const bad = apply(issue, b);
          if (bad) return bad;
          issues.push(issue);
          return { status: 201, body: view(issue) };
        }
        if (req.method === "GET") {
          const search = req.query.get("search");
          const inFields = (req.query.get("in") ?? "title,description").split(",");
          const hits = issues.filter(
            (i) =>
              !search ||
              search
                .split(/\s+/)
                .every(
                  (w) =>
                    (inFields.includes("title") && i.title.includes(w)) ||
                    (inFields.includes("description") && i.description.includes(w)),
                ),
          );
          const labels = req.query.get("labels")?.split(",").filter(Boolean) ?? [];
          const labelled = hits.filter((i) => labels.every((l) => i.labels.includes(l)));
          const perPage = Number(req.query.get("per_page") ?? 20);
          const page = Number(req.query.get("page") ?? 1);
          return {
            status: 200,
            body: labelled.slice((page - 1) * perPage, page * perPage).map(view),
            headers: { "x-total": String(labelled.length), "x-page": String(page) },
          };
        }
      }
      const issue = issues.find((i) => i.iid === Number(m[2]));
      if (!issue) return msg(404, "404 Not found");
      if (!m[3]) {
        if (req.method === "GET") return { status: 200, body: view(issue) };
        if (req.method === "PUT") return apply(issue, b) ?? { status: 200, body: view(issue) };
      }
      if (m[3] && req.method === "GET") return { status: 200, body: issue.notes.map((n) => ({ ...n, system: false })) };
      if (m[3] && req.method === "POST") {
        if (typeof b.body !== "string" || !b.body.trim()) return msg(400, { note: ["can't be blank"] });
        const note = { id: ++noteIds, body: b.body };
        issue.notes.push(note);
        return { status: 201, body: note };
      }
      return msg(405, "405 Method Not Allowed");
    },
  );
  base = `${server.url}${root}`;
  const must = (iid: string) => {
    const i = issues.find((x) => x.iid === Number(iid));
    if (!i) throw new Error(`no issue ${iid}`);
    return i;
  };
  return {
    ...server,
    base,
    issues,
    setState: (iid, state) => {
      const i = must(iid);
      i.state = state === "done" || state === "wont-do" ? "closed" : "opened";
      i.labels = i.labels.filter((l) => l !== "doing" && l !== "won't do");
      if (state === "in-progress") i.labels.push("doing");
      if (state === "wont-do") i.labels.push("won't do");
    },
    setAssignee: (iid, username) => {
      must(iid).assignee_ids = username === null ? [] : users.filter((u) => u.username === username).map((u) => u.id);
    },
    setDue: (iid, due) => {
      must(iid).due_date = due;
    },
  };
}
