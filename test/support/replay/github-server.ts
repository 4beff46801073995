import { startVendorServer, type VendorAnswer, type VendorServer } from "./vendor-server.js";

/**
 * A GitHub replay server for the tracker contract suite, following the published REST contract for issues
 * (https://docs.github.com/en/rest/issues/issues) and comments (https://docs.github.com/en/rest/issues/comments):
 * create → 201, list (labels, state=all, Link pagination), get, PATCH (state, state_reason), comments. Errors as
 * GitHub sends them: 401 `{"message":"Bad credentials"}`, 404 `{"message":"Not Found"}`, 422 `{"message":"Validation
 * Failed","errors":[...]}`, and the rate limits (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api):
 * 403/429 with `retry-after` for a secondary limit (injected as a fault). The publish and review-sync end-to-end
 * tests use it too.
 */

/** An issue as the server keeps it. */
export interface GitHubIssue {
  number: number;
  title: string;
  body: string;
  labels: string[];
  assignees: string[];
  state: "open" | "closed";
  state_reason: "completed" | "not_planned" | "reopened" | null;
  comments: string[];
}

/** The GitHub replay server and what a test can do "on GitHub". */
export interface GitHubReplay extends VendorServer {
  issues: GitHubIssue[];
  setState(key: string, state: "open" | "in-progress" | "done" | "wont-do"): void;
  setAssignee(key: string, login: string | null): void;
  setDue(key: string, due: string | null): void;
}

export async function startGitHubServer(options: {
  owner: string;
  repo: string;
  token: string;
  users?: string[];
}): Promise<GitHubReplay> {
  const issues: GitHubIssue[] = [];
  let base = "";
  const msg = (status: number, message: string, extra: Record<string, unknown> = {}): VendorAnswer => ({
    status,
    body: { message, documentation_url: "https://docs.github.com/rest", ...extra },
  });
  const view = (i: GitHubIssue) => ({
    id: 1000 + i.number,
    node_id: `I_${i.number}`,
    number: i.number,
    url: `${base}/repos/${options.owner}/${options.repo}/issues/${i.number}`,
    html_url: `https://github.example/${options.owner}/${options.repo}/issues/${i.number}`,
    title: i.title,
    body: i.body,
    state: i.state,
    state_reason: i.state_reason,
    labels: i.labels.map((name, k) => ({ id: k + 1, name })),
    assignees: i.assignees.map((login) => ({ login })),
    created_at: "2025-02-10T09:00:00Z",
    updated_at: "2025-02-10T09:00:00Z",
  });
  const unknownAssignee = (list: unknown) =>
    ((list as string[] | undefined) ?? []).find((a) => !(options.users ?? []).includes(a));
  const server = await startVendorServer(
    (req) => (req.headers.authorization === `token ${options.token}` ? undefined : msg(401, "Bad credentials")),
    (req): VendorAnswer => {
      const prefix = `/repos/${options.owner}/${options.repo}/issues`;
      const b = (req.json ?? {}) as Record<string, unknown>;
      if (!req.path.startsWith(prefix)) return msg(404, "Not Found");
      const rest = req.path.slice(prefix.length);
      if (rest === "" && req.method === "POST") {
        if (typeof b.title !== "string" || !b.title) {
          return msg(422, "Validation Failed", {
            errors: [{ resource: "Issue", field: "title", code: "missing_field" }],
          });
        }
        const bad = unknownAssignee(b.assignees);
        if (bad)
          return msg(422, "Validation Failed", {
            errors: [{ value: bad, resource: "Issue", field: "assignees", code: "invalid" }],
          });
        const issue: GitHubIssue = {
          number: issues.length + 1,
          title: b.title,
          body: String(b.body ?? ""),
          labels: (b.labels as string[] | undefined) ?? [],
          assignees: (b.assignees as string[] | undefined) ?? [],
          state: "open",
          state_reason: null,
          comments: [],
        };
        issues.push(issue);
        return { status: 201, body: view(issue) };
      }
      if (rest === "" && req.method === "GET") {
        const label = req.query.get("labels");
        const state = req.query.get("state") ?? "open";
        const perPage = Number(req.query.get("per_page") ?? 30);
        const page = Number(req.query.get("page") ?? 1);
        const hits = issues.filter(
          (i) => (!label || i.labels.includes(label)) && (state === "all" || i.state === state),
        );
        const headers: Record<string, string> = {};
        if (page * perPage < hits.length) {
          headers.link = `<${base}${req.path}?labels=${label ?? ""}&state=${state}&per_page=${perPage}&page=${page + 1}>; rel="next"`;
        }
        return { status: 200, body: hits.slice((page - 1) * perPage, page * perPage).map(view), headers };
      }
      const m = /^\/(\d+)(\/comments)?$/.exec(rest);
      const issue = m ? issues.find((i) => i.number === Number(m[1])) : undefined;
      if (!issue) return msg(404, "Not Found");
      if (!m![2]) {
        if (req.method === "GET") return { status: 200, body: view(issue) };
        if (req.method === "PATCH") {
          const bad = unknownAssignee(b.assignees);
          if (bad)
            return msg(422, "Validation Failed", {
              errors: [{ value: bad, resource: "Issue", field: "assignees", code: "invalid" }],
            });
          if (typeof b.title === "string") issue.title = b.title;
          if (typeof b.body === "string") issue.body = b.body;
          if (Array.isArray(b.labels)) issue.labels = b.labels as string[];
          if (Array.isArray(b.assignees)) issue.assignees = b.assignees as string[];
          if (b.state === "closed" || b.state === "open") {
            issue.state = b.state;
            issue.state_reason =
              b.state === "closed" ? ((b.state_reason as GitHubIssue["state_reason"]) ?? "completed") : "reopened";
          }
          return { status: 200, body: view(issue) };
        }
      }
      if (m![2] && req.method === "GET") {
        return { status: 200, body: issue.comments.map((body, k) => ({ id: k + 1, body })) };
      }
      if (m![2] && req.method === "POST") {
        if (typeof b.body !== "string" || !b.body)
          return msg(422, "Validation Failed", {
            errors: [{ resource: "IssueComment", field: "body", code: "missing_field" }],
          });
        issue.comments.push(b.body);
        return { status: 201, body: { id: issue.comments.length, body: b.body } };
      }
      return msg(404, "Not Found");
    },
  );
  base = server.url;
  const must = (key: string) => {
    const i = issues.find((x) => x.number === Number(key));
    if (!i) throw new Error(`no issue ${key}`);
    return i;
  };
  return {
    ...server,
    issues,
    setState: (key, state) => {
      const i = must(key);
      i.state = state === "done" || state === "wont-do" ? "closed" : "open";
      i.state_reason = state === "done" ? "completed" : state === "wont-do" ? "not_planned" : null;
    },
    setAssignee: (key, login) => {
      must(key).assignees = login ? [login] : [];
    },
    setDue: () => {
      // GitHub issues have no due date
    },
  };
}
