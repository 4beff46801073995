import { startVendorServer, type VendorAnswer, type VendorServer } from "./vendor-server.js";

/**
 * A Linear replay server following the published GraphQL contract (https://linear.app/developers/graphql): one
 * POST endpoint; the operations Debrief sends are recognised by their root field (`teams`, `users`, `issues`,
 * `issue`, `issueCreate`, `issueUpdate`, `attachmentCreate`) and answered from state with the documented shapes
 * (`IssuePayload { success issue }`, connections with `nodes`). Errors are GraphQL `errors[]` with
 * `extensions.code` / `type` / `userPresentableMessage`, as Linear sends them: a bad key is `AUTHENTICATION_ERROR`
 * (HTTP 400), a bad argument `INVALID_INPUT`, an unknown id `ENTITY_NOT_FOUND`, and a rate limit `RATELIMITED`
 * (HTTP 400) with `X-RateLimit-Requests-Reset` in epoch milliseconds (https://linear.app/developers/rate-limiting).
 * A personal API key is sent as the whole Authorization header, without `Bearer`.
 */

/** A Linear user. */
export interface LinearUser {
  id: string;
  email: string;
  name: string;
  displayName: string;
}

/** An issue as the server keeps it. */
export interface LinearIssue {
  id: string;
  identifier: string;
  title: string;
  description: string;
  priority: number;
  dueDate: string | null;
  stateId: string;
  assigneeId: string | null;
  labelIds: string[];
  attachments: Array<{ url: string; title: string }>;
}

const STATES = [
  { id: "st-backlog", name: "Backlog", type: "backlog" },
  { id: "st-todo", name: "Todo", type: "unstarted" },
  { id: "st-doing", name: "In Progress", type: "started" },
  { id: "st-done", name: "Done", type: "completed" },
  { id: "st-cancel", name: "Canceled", type: "canceled" },
];
const STATE_OF = { open: "st-todo", "in-progress": "st-doing", done: "st-done", "wont-do": "st-cancel" } as const;

/** The Linear replay server and what a test can do "in Linear". */
export interface LinearReplay extends VendorServer {
  issues: LinearIssue[];
  setState(identifier: string, state: keyof typeof STATE_OF): void;
  setAssignee(identifier: string, email: string | null): void;
  setDue(identifier: string, due: string | null): void;
  /** Answer the next request with Linear's rate-limit error, resetting after `ms`. */
  rateLimitNext(ms: number): void;
}

export async function startLinearServer(options: {
  apiKey: string;
  team?: string;
  users?: LinearUser[];
  labels?: string[];
}): Promise<LinearReplay> {
  const teamKey = options.team ?? "ENG";
  const team = { id: "team-1", key: teamKey, name: "Engineering" };
  const users = options.users ?? [];
  const labels = (options.labels ?? ["post-mortem"]).map((name, i) => ({ id: `lbl-${i + 1}`, name }));
  const issues: LinearIssue[] = [];
  let base = "";
  const gqlError = (
    status: number,
    code: string,
    type: string,
    message: string,
    headers?: Record<string, string>,
  ): VendorAnswer => ({
    status,
    body: { data: null, errors: [{ message, extensions: { code, type, userPresentableMessage: message } }] },
    ...(headers ? { headers } : {}),
  });
  const url = (i: LinearIssue) =>
    `https://linear.app/acme/issue/${i.identifier}/${i.title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .slice(0, 40)}`;
  const find = (id: string) => issues.find((i) => i.id === id || i.identifier === id);
  const view = (i: LinearIssue) => {
    const state = STATES.find((s) => s.id === i.stateId)!;
    const a = users.find((u) => u.id === i.assigneeId) ?? null;
    return {
      id: i.id,
      identifier: i.identifier,
      url: url(i),
      title: i.title,
      description: i.description,
      dueDate: i.dueDate,
      priority: i.priority,
      state: { name: state.name, type: state.type },
      assignee: a,
    };
  };
  /** Validate and apply an IssueCreateInput / IssueUpdateInput; the invalid field's message, if any. */
  const apply = (issue: LinearIssue, input: Record<string, unknown>): string | undefined => {
    if ("title" in input) {
      if (typeof input.title !== "string" || !input.title.trim()) return "title must not be empty";
      issue.title = input.title;
    }
    if ("description" in input) issue.description = String(input.description ?? "");
    if ("priority" in input) {
      const p = Number(input.priority);
      if (!Number.isInteger(p) || p < 0 || p > 4) return "priority must be an integer from 0 to 4";
      issue.priority = p;
    }
    if ("dueDate" in input) {
      if (input.dueDate !== null && !/^\d{4}-\d{2}-\d{2}$/.test(String(input.dueDate)))
        return "dueDate must be a TimelessDate (YYYY-MM-DD)";
      issue.dueDate = (input.dueDate as string | null) ?? null;
    }
    if ("assigneeId" in input) {
      if (input.assigneeId !== null && !users.some((u) => u.id === input.assigneeId))
        return "assigneeId: user not found";
      issue.assigneeId = (input.assigneeId as string | null) ?? null;
    }
    if ("labelIds" in input) {
      const ids = input.labelIds as string[];
      if (ids.some((id) => !labels.some((l) => l.id === id))) return "labelIds: label not found";
      issue.labelIds = ids;
    }
    if ("stateId" in input) {
      if (!STATES.some((s) => s.id === input.stateId)) return "stateId: workflow state not found";
      issue.stateId = String(input.stateId);
    }
    return undefined;
  };
  let rateLimitMs: number | undefined;

  const server = await startVendorServer(
    (req) =>
      req.headers.authorization === options.apiKey
        ? undefined
        : gqlError(400, "AUTHENTICATION_ERROR", "authentication error", "Authentication required, not authenticated"),
    (req): VendorAnswer => {
      if (req.method !== "POST" || req.path !== "/graphql") return { status: 404, raw: "Not Found" };
      if (rateLimitMs !== undefined) {
        const reset = Date.now() + rateLimitMs;
        rateLimitMs = undefined;
        return gqlError(400, "RATELIMITED", "ratelimited", "Rate limit exceeded", {
          "x-ratelimit-requests-reset": String(reset),
          "x-ratelimit-requests-remaining": "0",
        });
      }
      const { query, variables } = (req.json ?? {}) as { query?: string; variables?: Record<string, unknown> };
      const v = variables ?? {};
      if (typeof query !== "string")
        return gqlError(400, "GRAPHQL_VALIDATION_FAILED", "graphql error", "Must provide query string.");
      if (/\bteams\s*\(/.test(query)) {
        const nodes = v.key === team.key ? [{ ...team, states: { nodes: STATES }, labels: { nodes: labels } }] : [];
        return { status: 200, body: { data: { teams: { nodes } } } };
      }
      if (/\busers\s*\(/.test(query)) {
        const want = String(v.v ?? "").toLowerCase();
        const nodes = users.filter((u) => u.email.toLowerCase() === want || u.displayName.toLowerCase() === want);
        return { status: 200, body: { data: { users: { nodes } } } };
      }
      if (/\bissueCreate\s*\(/.test(query)) {
        const input = (v.input ?? {}) as Record<string, unknown>;
        if (input.teamId !== team.id) return gqlError(200, "INVALID_INPUT", "invalid input", "teamId: team not found");
        if (!("title" in input)) return gqlError(200, "INVALID_INPUT", "invalid input", "title must not be empty");
        const n = issues.length + 1;
        const issue: LinearIssue = {
          id: `iss-${n}`,
          identifier: `${team.key}-${n}`,
          title: "",
          description: "",
          priority: 0,
          dueDate: null,
          stateId: "st-todo",
          assigneeId: null,
          labelIds: [],
          attachments: [],
        };
        const bad = apply(issue, input);
        if (bad) return gqlError(200, "INVALID_INPUT", "invalid input", bad);
        issues.push(issue);
        return { status: 200, body: { data: { issueCreate: { success: true, issue: view(issue) } } } };
      }
      if (/\bissueUpdate\s*\(/.test(query)) {
        const issue = find(String(v.id));
        if (!issue)
          return gqlError(
            200,
            "ENTITY_NOT_FOUND",
            "invalid input",
            `Entity not found: Issue - Could not find referenced Issue.`,
          );
        const bad = apply(issue, (v.input ?? {}) as Record<string, unknown>);
        if (bad) return gqlError(200, "INVALID_INPUT", "invalid input", bad);
        return { status: 200, body: { data: { issueUpdate: { success: true } } } };
      }
      if (/\battachmentCreate\s*\(/.test(query)) {
        const input = (v.input ?? {}) as { issueId?: string; url?: string; title?: string };
        const issue = find(String(input.issueId));
        if (!issue) return gqlError(200, "ENTITY_NOT_FOUND", "invalid input", "Entity not found: Issue");
        if (!input.url || !input.title)
          return gqlError(200, "INVALID_INPUT", "invalid input", "url and title are required");
        // the URL is unique per issue: the same URL updates the existing attachment
        const existing = issue.attachments.find((a) => a.url === input.url);
        if (existing) existing.title = input.title;
        else issue.attachments.push({ url: input.url, title: input.title });
        return { status: 200, body: { data: { attachmentCreate: { success: true } } } };
      }
      if (/\bissues\s*\(/.test(query)) {
        const marker = String(v.marker ?? "");
        const nodes = issues.filter((i) => v.team === team.id && i.description.includes(marker)).map(view);
        return { status: 200, body: { data: { issues: { nodes } } } };
      }
      if (/\bissue\s*\(/.test(query)) {
        const issue = find(String(v.id));
        if (!issue)
          return gqlError(
            200,
            "ENTITY_NOT_FOUND",
            "invalid input",
            "Entity not found: Issue - Could not find referenced Issue.",
          );
        return { status: 200, body: { data: { issue: view(issue) } } };
      }
      return gqlError(400, "GRAPHQL_VALIDATION_FAILED", "graphql error", "Cannot query field on type Query");
    },
  );
  base = server.url;
  void base;
  const must = (id: string) => {
    const i = find(id);
    if (!i) throw new Error(`no issue ${id}`);
    return i;
  };
  return {
    ...server,
    url: `${server.url}/graphql`,
    issues,
    setState: (id, state) => {
      must(id).stateId = STATE_OF[state];
    },
    setAssignee: (id, email) => {
      must(id).assigneeId = email === null ? null : (users.find((u) => u.email === email)?.id ?? null);
    },
    setDue: (id, due) => {
      must(id).dueDate = due;
    },
    rateLimitNext: (ms) => {
      rateLimitMs = ms;
    },
  };
}
