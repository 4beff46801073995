import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

/** An issue as the fake GitHub keeps it. */
export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  labels: string[];
  assignees: string[];
  state: "open" | "closed";
}

/** Knobs for the fake GitHub. */
export interface FakeGitHubOptions {
  owner: string;
  repo: string;
  /** Logins that exist; assigning anyone else gets a 422 like the real API. */
  users?: string[];
  /** Answer the first N issue creations with a secondary rate limit (403 + retry-after: 1). */
  rateLimitFirst?: number;
  token?: string;
}

/**
 * A local HTTP server speaking the GitHub REST API's documented request and response shapes for issues: create
 * (201), list with pagination (Link header), get, and search; 401 for a wrong token, 422 for unknown assignees, and
 * rate limiting on demand.
 */
export async function startFakeGitHub(options: FakeGitHubOptions): Promise<{
  url: string;
  issues: FakeIssue[];
  requests: Array<{ method: string; path: string }>;
  close(): Promise<void>;
}> {
  const issues: FakeIssue[] = [];
  const requests: Array<{ method: string; path: string }> = [];
  let limited = options.rateLimitFirst ?? 0;
  let base = "";
  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
    res.end(JSON.stringify(body));
  };
  const shape = (i: FakeIssue) => ({
    id: 1000 + i.number,
    node_id: `I_${i.number}`,
    number: i.number,
    url: `${base}/repos/${options.owner}/${options.repo}/issues/${i.number}`,
    html_url: `https://github.example/${options.owner}/${options.repo}/issues/${i.number}`,
    title: i.title,
    body: i.body,
    state: i.state,
    labels: i.labels.map((name, k) => ({ id: k + 1, name })),
    assignees: i.assignees.map((login) => ({ login })),
    created_at: "2025-02-10T09:00:00Z",
    updated_at: "2025-02-10T09:00:00Z",
  });
  const readBody = (req: IncomingMessage) =>
    new Promise<string>((done) => {
      let s = "";
      req.on("data", (c) => (s += c));
      req.on("end", () => done(s));
    });
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    requests.push({ method: req.method ?? "", path: url.pathname + url.search });
    if (options.token && req.headers.authorization !== `token ${options.token}`) {
      return json(res, 401, { message: "Bad credentials", documentation_url: "https://docs.github.com/rest" });
    }
    const prefix = `/repos/${options.owner}/${options.repo}/issues`;
    if (req.method === "POST" && url.pathname === prefix) {
      const body = JSON.parse(await readBody(req)) as {
        title: string;
        body?: string;
        labels?: string[];
        assignees?: string[];
      };
      if (limited > 0) {
        limited--;
        return json(res, 403, { message: "You have exceeded a secondary rate limit." }, { "retry-after": "1" });
      }
      const unknown = (body.assignees ?? []).filter((a) => !(options.users ?? []).includes(a));
      if (unknown.length > 0) {
        return json(res, 422, {
          message: "Validation Failed",
          errors: [{ value: unknown[0], resource: "Issue", field: "assignees", code: "invalid" }],
        });
      }
      const issue: FakeIssue = {
        number: issues.length + 1,
        title: body.title,
        body: body.body ?? "",
        labels: body.labels ?? [],
        assignees: body.assignees ?? [],
        state: "open",
      };
      issues.push(issue);
      return json(res, 201, shape(issue));
    }
    if (req.method === "GET" && url.pathname === prefix) {
      const label = url.searchParams.get("labels");
      const state = url.searchParams.get("state") ?? "open";
      const perPage = Number(url.searchParams.get("per_page") ?? 30);
      const page = Number(url.searchParams.get("page") ?? 1);
      const matching = issues.filter(
        (i) => (!label || i.labels.includes(label)) && (state === "all" || i.state === state),
      );
      const slice = matching.slice((page - 1) * perPage, page * perPage);
      const headers: Record<string, string> = {};
      if (page * perPage < matching.length) {
        const next = new URL(`${base}${url.pathname}`);
        for (const [k, v] of url.searchParams) next.searchParams.set(k, v);
        next.searchParams.set("page", String(page + 1));
        headers.link = `<${next}>; rel="next"`;
      }
      return json(res, 200, slice.map(shape), headers);
    }
    const one = new RegExp(`^${prefix}/(\\d+)$`).exec(url.pathname);
    if (req.method === "GET" && one) {
      const issue = issues.find((i) => i.number === Number(one[1]));
      return issue ? json(res, 200, shape(issue)) : json(res, 404, { message: "Not Found" });
    }
    if (req.method === "GET" && url.pathname === "/search/issues") {
      const q = url.searchParams.get("q") ?? "";
      const items = issues.filter((i) => q.split(/\s+/).some((w) => w && i.body.includes(w)));
      return json(res, 200, { total_count: items.length, incomplete_results: false, items: items.map(shape) });
    }
    return json(res, 404, { message: "Not Found" });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", () => done()));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return { url: base, issues, requests, close: () => new Promise<void>((done) => server.close(() => done())) };
}
