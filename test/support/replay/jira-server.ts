import { startVendorServer, type VendorAnswer, type VendorRequest, type VendorServer } from "./vendor-server.js";

/**
 * A Jira replay server following the published REST contract, Cloud (v3) or Data Center (v2):
 * - create issue, POST /rest/api/{3,2}/issue → 201 `{id,key,self}`; 400 `{"errorMessages":[],"errors":{field: msg}}`
 *   https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-post
 * - get / edit issue (GET → 200, PUT → 204; 404 `{"errorMessages":["Issue does not exist or you do not have
 *   permission to see it."],"errors":{}}`)
 * - transitions GET → `{transitions:[{id,name,to:{statusCategory}}]}`, POST `{transition:{id}}` → 204
 *   https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-transitions-post
 * - remote links POST (upsert by globalId: 201 created, 200 updated)
 *   https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-remote-links/#api-rest-api-3-issue-issueidorkey-remotelink-post
 * - search: Cloud POST /rest/api/3/search/jql → `{issues, isLast}`; Data Center POST /rest/api/2/search →
 *   `{startAt,maxResults,total,issues}` (JQL `project = "X" AND labels = "Y"` only)
 *   https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-post
 * - user search: Cloud GET /rest/api/3/user/search?query=, Data Center GET /rest/api/2/user/search?username=
 * - auth: Cloud basic e-mail + API token, Data Center bearer PAT; 401 otherwise
 * - rate limits (inject): 429 with Retry-After and X-RateLimit-Reset, https://developer.atlassian.com/cloud/jira/platform/rate-limiting/
 */

/** A Jira user the server knows. */
export interface JiraUser {
  accountId: string;
  name: string;
  emailAddress: string;
  displayName: string;
}

/** An issue as the server keeps it. */
export interface JiraIssue {
  id: string;
  key: string;
  fields: {
    summary: string;
    description: unknown;
    issuetype: { name: string };
    priority: { name: string } | null;
    labels: string[];
    components: Array<{ name: string }>;
    assignee: JiraUser | null;
    duedate: string | null;
    status: { name: string; statusCategory: { key: string } };
    resolution: { name: string } | null;
  };
  remoteLinks: Array<{ id: number; globalId?: string; object: { url: string; title: string } }>;
}

const STATUSES = {
  open: { name: "To Do", statusCategory: { key: "new" } },
  "in-progress": { name: "In Progress", statusCategory: { key: "indeterminate" } },
  done: { name: "Done", statusCategory: { key: "done" } },
  "wont-do": { name: "Won't Do", statusCategory: { key: "done" } },
} as const;
const TRANSITIONS = [
  { id: "11", name: "Start progress", to: "in-progress" },
  { id: "21", name: "Done", to: "done" },
  { id: "31", name: "Won't do", to: "wont-do" },
  { id: "41", name: "Reopen", to: "open" },
] as const;

/** The Jira replay server and what a test can do "in Jira". */
export interface JiraReplay extends VendorServer {
  issues: JiraIssue[];
  /** Move an issue to a state as a person would in Jira. */
  setState(key: string, state: keyof typeof STATUSES): void;
  /** Assign to a user by e-mail, user name or account id (null unassigns). */
  setAssignee(key: string, who: string | null): void;
  setDue(key: string, due: string | null): void;
}

export async function startJiraServer(options: {
  flavour: "cloud" | "dc";
  project?: string;
  email?: string;
  token: string;
  users?: JiraUser[];
}): Promise<JiraReplay> {
  const project = options.project ?? "OPS";
  const api = options.flavour === "cloud" ? "/rest/api/3" : "/rest/api/2";
  const users = options.users ?? [];
  const issues: JiraIssue[] = [];
  let base = "";
  let linkIds = 0;
  const err = (status: number, errorMessages: string[], errors: Record<string, string> = {}): VendorAnswer => ({
    status,
    body: { errorMessages, errors },
  });
  const notFound = () => err(404, ["Issue does not exist or you do not have permission to see it."]);
  const view = (i: JiraIssue) => ({
    id: i.id,
    key: i.key,
    self: `${base}${api}/issue/${i.id}`,
    fields: {
      ...i.fields,
      assignee: i.fields.assignee
        ? options.flavour === "cloud"
          ? {
              accountId: i.fields.assignee.accountId,
              emailAddress: i.fields.assignee.emailAddress,
              displayName: i.fields.assignee.displayName,
            }
          : {
              name: i.fields.assignee.name,
              key: i.fields.assignee.name,
              emailAddress: i.fields.assignee.emailAddress,
              displayName: i.fields.assignee.displayName,
            }
        : null,
    },
  });
  const find = (key: string) => issues.find((i) => i.key === key || i.id === key);
  const userOf = (field: unknown): JiraUser | null | "invalid" => {
    if (field === null) return null;
    const f = field as { accountId?: string; name?: string };
    const u =
      options.flavour === "cloud"
        ? users.find((x) => x.accountId === f.accountId)
        : users.find((x) => x.name === f.name);
    return u ?? "invalid";
  };
  /** Field validation shared by create and edit; the error texts follow Jira's. */
  const apply = (issue: JiraIssue, f: Record<string, unknown>, errors: Record<string, string>) => {
    if ("summary" in f) {
      if (typeof f.summary !== "string" || !f.summary.trim())
        errors.summary = "You must specify a summary of the issue.";
      else if (f.summary.length > 255) errors.summary = "Summary must be less than 255 characters.";
      else issue.fields.summary = f.summary;
    }
    if ("description" in f) {
      const d = f.description;
      if (options.flavour === "cloud" && (typeof d !== "object" || (d as { type?: string } | null)?.type !== "doc")) {
        errors.description = "Operation value must be an Atlassian Document (see the Atlassian Document Format).";
      } else if (options.flavour === "dc" && typeof d !== "string")
        errors.description = "Operation value must be a string";
      else issue.fields.description = d;
    }
    if ("priority" in f) {
      const name = (f.priority as { name?: string } | null)?.name;
      if (!name || !["Highest", "High", "Medium", "Low", "Lowest"].includes(name)) {
        errors.priority = `Priority name '${name}' is not valid`;
      } else issue.fields.priority = { name };
    }
    if ("labels" in f) {
      const labels = f.labels as unknown;
      if (!Array.isArray(labels) || labels.some((l) => typeof l !== "string" || /\s/.test(l))) {
        errors.labels = "The label must not contain spaces.";
      } else issue.fields.labels = labels as string[];
    }
    if ("duedate" in f) {
      if (f.duedate !== null && !/^\d{4}-\d{2}-\d{2}$/.test(String(f.duedate)))
        errors.duedate = "Error parsing date string";
      else issue.fields.duedate = f.duedate as string | null;
    }
    if ("assignee" in f) {
      const u = userOf(f.assignee);
      if (u === "invalid") errors.assignee = "Specified user does not exist or you do not have required permissions";
      else issue.fields.assignee = u;
    }
    if ("components" in f) {
      issue.fields.components = (f.components as Array<{ name: string }>).map((c) => ({ name: c.name }));
    }
  };

  const server = await startVendorServer(
    (req) => {
      const auth = req.headers.authorization ?? "";
      const want =
        options.flavour === "cloud"
          ? `Basic ${Buffer.from(`${options.email}:${options.token}`).toString("base64")}`
          : `Bearer ${options.token}`;
      return auth === want
        ? undefined
        : err(401, ["You are not authenticated. Authentication required to perform this operation."]);
    },
    (req: VendorRequest): VendorAnswer => {
      const p = req.path.startsWith(api) ? req.path.slice(api.length) : null;
      if (p === null) return err(404, [`null for uri: ${req.path}`]);
      const body = (req.json ?? {}) as Record<string, unknown>;
      if (req.method === "POST" && p === "/issue") {
        const f = (body.fields ?? {}) as Record<string, unknown>;
        const errors: Record<string, string> = {};
        if ((f.project as { key?: string } | undefined)?.key !== project) errors.project = "valid project is required";
        if (!["Task", "Bug", "Story"].includes(String((f.issuetype as { name?: string } | undefined)?.name))) {
          errors.issuetype = "Specify an issue type";
        }
        if (!("summary" in f)) errors.summary = "You must specify a summary of the issue.";
        const n = issues.length + 1;
        const issue: JiraIssue = {
          id: String(10000 + n),
          key: `${project}-${n}`,
          fields: {
            summary: "",
            description: null,
            issuetype: { name: String((f.issuetype as { name?: string } | undefined)?.name) },
            priority: { name: "Medium" },
            labels: [],
            components: [],
            assignee: null,
            duedate: null,
            status: { ...STATUSES.open },
            resolution: null,
          },
          remoteLinks: [],
        };
        apply(issue, f, errors);
        if (Object.keys(errors).length) return err(400, [], errors);
        issues.push(issue);
        return { status: 201, body: { id: issue.id, key: issue.key, self: `${base}${api}/issue/${issue.id}` } };
      }
      const search = options.flavour === "cloud" ? "/search/jql" : "/search";
      if (req.method === "POST" && p === search) {
        const jql = String(body.jql ?? "");
        const m = /^project = "([^"]+)" AND labels = "([^"]+)"(?: ORDER BY \w+ (?:ASC|DESC))?$/.exec(jql);
        if (!m) return err(400, [`Error in the JQL Query: cannot parse "${jql}"`]);
        const hits = issues.filter((i) => i.key.startsWith(`${m[1]}-`) && i.fields.labels.includes(m[2]!)).map(view);
        return options.flavour === "cloud"
          ? { status: 200, body: { issues: hits, isLast: true } }
          : { status: 200, body: { startAt: 0, maxResults: 50, total: hits.length, issues: hits } };
      }
      if (req.method === "GET" && p === "/user/search") {
        const q = (options.flavour === "cloud" ? req.query.get("query") : req.query.get("username")) ?? "";
        if (!q) return err(400, ["The query parameter is required."]);
        const lower = q.toLowerCase();
        const hits = users.filter((u) =>
          [u.emailAddress, u.name, u.displayName].some((v) => v.toLowerCase().startsWith(lower)),
        );
        return {
          status: 200,
          body: hits.map((u) =>
            options.flavour === "cloud"
              ? { accountId: u.accountId, emailAddress: u.emailAddress, displayName: u.displayName, active: true }
              : { name: u.name, key: u.name, emailAddress: u.emailAddress, displayName: u.displayName, active: true },
          ),
        };
      }
      const one = /^\/issue\/([^/]+)(\/transitions|\/remotelink)?$/.exec(p);
      const issue = one ? find(decodeURIComponent(one[1]!)) : undefined;
      if (one && !issue) return notFound();
      if (one && issue && !one[2]) {
        if (req.method === "GET") return { status: 200, body: view(issue) };
        if (req.method === "PUT") {
          const errors: Record<string, string> = {};
          apply(issue, (body.fields ?? {}) as Record<string, unknown>, errors);
          return Object.keys(errors).length ? err(400, [], errors) : { status: 204 };
        }
      }
      if (one && issue && one[2] === "/transitions") {
        if (req.method === "GET") {
          return {
            status: 200,
            body: {
              transitions: TRANSITIONS.map((t) => ({
                id: t.id,
                name: t.name,
                to: { ...STATUSES[t.to] },
                isAvailable: true,
              })),
            },
          };
        }
        if (req.method === "POST") {
          const t = TRANSITIONS.find((x) => x.id === (body.transition as { id?: string } | undefined)?.id);
          if (!t)
            return err(400, [
              `Transition id '${(body.transition as { id?: string } | undefined)?.id}' is not valid for this issue.`,
            ]);
          setState(issue.key, t.to);
          return { status: 204 };
        }
      }
      if (one && issue && one[2] === "/remotelink" && req.method === "POST") {
        const object = (body.object ?? {}) as { url?: string; title?: string };
        const errors: Record<string, string> = {};
        if (!object.url) errors.url = "'url' is required.";
        if (!object.title) errors.title = "'title' is required.";
        if (Object.keys(errors).length) return err(400, [], errors);
        const globalId = typeof body.globalId === "string" ? body.globalId : undefined;
        const existing = globalId ? issue.remoteLinks.find((l) => l.globalId === globalId) : undefined;
        if (existing) {
          existing.object = { url: object.url!, title: object.title! };
          return {
            status: 200,
            body: { id: existing.id, self: `${base}${api}/issue/${issue.key}/remotelink/${existing.id}` },
          };
        }
        const link = {
          id: ++linkIds,
          ...(globalId ? { globalId } : {}),
          object: { url: object.url!, title: object.title! },
        };
        issue.remoteLinks.push(link);
        return { status: 201, body: { id: link.id, self: `${base}${api}/issue/${issue.key}/remotelink/${link.id}` } };
      }
      return err(404, [`null for uri: ${req.path}`]);
    },
  );
  base = server.url;
  function setState(key: string, state: keyof typeof STATUSES): void {
    const i = find(key);
    if (!i) throw new Error(`no issue ${key}`);
    i.fields.status = { ...STATUSES[state] };
    i.fields.resolution = state === "done" ? { name: "Done" } : state === "wont-do" ? { name: "Won't Do" } : null;
  }
  return {
    ...server,
    issues,
    setState,
    setAssignee(key, who) {
      const i = find(key);
      if (!i) throw new Error(`no issue ${key}`);
      i.fields.assignee =
        who === null ? null : (users.find((u) => [u.emailAddress, u.name, u.accountId].includes(who)) ?? null);
    },
    setDue(key, due) {
      const i = find(key);
      if (!i) throw new Error(`no issue ${key}`);
      i.fields.duedate = due;
    },
  };
}
