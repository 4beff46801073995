import type { HttpPolicy } from "../../../src/util/http-client.js";
import { startGitHubServer } from "./github-server.js";
import { startGitLabServer } from "./gitlab-server.js";
import { startJiraServer } from "./jira-server.js";
import { startLinearServer } from "./linear-server.js";
import type { Fault, VendorServer } from "./vendor-server.js";

/** A tracker's replay server as the shared suites drive it. */
export interface TrackerReplay extends VendorServer {
  setState(key: string, state: "open" | "in-progress" | "done" | "wont-do"): void;
  setAssignee(key: string, who: string | null): void;
  setDue(key: string, due: string | null): void;
}

/** One tracker under test: its server, settings, credentials, and how to count and rate-limit it. */
export interface TrackerFixture {
  kind: "github" | "jira-cloud" | "jira-dc" | "linear" | "gitlab";
  title: string;
  server: TrackerReplay;
  /** The `tracker:` settings pointing at the server. */
  settings: Record<string, unknown> & { kind: string };
  env: Record<string, string>;
  /** Env with every credential wrong. */
  badEnv: Record<string, string>;
  /** The secrets that must never appear in a message. */
  secrets: string[];
  /** Two people, as the tracker names them (e-mail, login, user name), and as owner cells map to them. */
  people: [string, string];
  /** How many issues the tracker holds. */
  issueCount(): number;
  /** How many links back to the incident an issue has. */
  linkCount(key: string): number;
  /** Make the vendor answer the next request with its rate-limit signal, asking to wait `seconds`. */
  rateLimit(seconds: number): void;
  /** The status the vendor uses for "conflict", when it documents one. */
  conflict?: Fault;
  /** Whether the tracker has states between open and done, and due dates. */
  hasInProgress: boolean;
  hasDueDate: boolean;
}

/** Fast retries for tests: the policy's shape is production's, only the waits are shorter. */
export const TEST_HTTP: Partial<HttpPolicy> = {
  timeoutMs: 5000,
  retries: 3,
  baseDelayMs: 10,
  maxDelayMs: 50,
  maxRetryAfterMs: 5000,
};

const PEOPLE = {
  emails: ["dvolkov@example.com", "praman@example.com"] as [string, string],
  logins: ["dvolkov", "praman"] as [string, string],
};

/** Start the replay server of one tracker kind. */
export async function startTracker(kind: TrackerFixture["kind"]): Promise<TrackerFixture> {
  if (kind === "github") {
    const token = "ghp_contract0000000000000000000000000000";
    const server = await startGitHubServer({ owner: "acme", repo: "orders-api", token, users: PEOPLE.logins });
    return {
      kind,
      title: "GitHub",
      server,
      settings: { kind, repo: "acme/orders-api", apiUrl: server.url },
      env: { GITHUB_TOKEN: token },
      badEnv: { GITHUB_TOKEN: "ghp_wrong00000000000000000000000000000000" },
      secrets: [token],
      people: PEOPLE.logins,
      issueCount: () => server.issues.length,
      linkCount: (key) => server.issues.find((i) => i.number === Number(key))?.comments.length ?? 0,
      rateLimit: (s) =>
        server.inject({
          status: 429,
          body: {
            message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
          },
          headers: { "retry-after": String(s) },
        }),
      hasInProgress: false,
      hasDueDate: false,
    };
  }
  if (kind === "jira-cloud" || kind === "jira-dc") {
    const cloud = kind === "jira-cloud";
    const token = cloud ? "ATATT3xFfGF0contract000000000000" : "NjM4contractPAT00000000000000000";
    const server = await startJiraServer({
      flavour: cloud ? "cloud" : "dc",
      email: "bot@example.com",
      token,
      users: [
        {
          accountId: "5b10a2844c20165700ede21g",
          name: "dvolkov",
          emailAddress: PEOPLE.emails[0],
          displayName: "Dmitri Volkov",
        },
        {
          accountId: "5b10ac8d82e05b22cc7d4ef5",
          name: "praman",
          emailAddress: PEOPLE.emails[1],
          displayName: "Priya Raman",
        },
      ],
    });
    return {
      kind,
      title: cloud ? "Jira Cloud" : "Jira Data Center",
      server,
      settings: { kind, url: server.url, project: "OPS", components: ["orders-api"] },
      env: cloud ? { JIRA_EMAIL: "bot@example.com", JIRA_API_TOKEN: token } : { JIRA_PAT: token },
      badEnv: cloud
        ? { JIRA_EMAIL: "bot@example.com", JIRA_API_TOKEN: "ATATT3xwrongwrongwrong" }
        : { JIRA_PAT: "wrongwrongwrongPAT" },
      secrets: [token],
      people: cloud ? PEOPLE.emails : PEOPLE.logins,
      issueCount: () => server.issues.length,
      linkCount: (key) => server.issues.find((i) => i.key === key)?.remoteLinks.length ?? 0,
      rateLimit: (s) =>
        server.inject({
          status: 429,
          body: { errorMessages: ["Rate limit exceeded."], errors: {} },
          headers: { "retry-after": String(s), "x-ratelimit-reset": new Date(Date.now() + s * 1000).toISOString() },
        }),
      hasInProgress: true,
      hasDueDate: true,
    };
  }
  if (kind === "linear") {
    const apiKey = "lin_api_contract000000000000000000000000";
    const server = await startLinearServer({
      apiKey,
      users: [
        { id: "u-1", email: PEOPLE.emails[0], name: "Dmitri Volkov", displayName: "dvolkov" },
        { id: "u-2", email: PEOPLE.emails[1], name: "Priya Raman", displayName: "praman" },
      ],
    });
    return {
      kind,
      title: "Linear",
      server,
      settings: { kind, url: server.url, team: "ENG" },
      env: { LINEAR_API_KEY: apiKey },
      badEnv: { LINEAR_API_KEY: "lin_api_wrong0000000000000000000000000000" },
      secrets: [apiKey],
      people: PEOPLE.emails,
      issueCount: () => server.issues.length,
      linkCount: (key) => server.issues.find((i) => i.identifier === key)?.attachments.length ?? 0,
      rateLimit: (s) => server.rateLimitNext(s * 1000),
      hasInProgress: true,
      hasDueDate: true,
    };
  }
  const token = "glpat-contract00000000000";
  const server = await startGitLabServer({
    token,
    root: "/gitlab",
    users: [
      { id: 11, username: "dvolkov", name: "Dmitri Volkov", email: PEOPLE.emails[0] },
      { id: 12, username: "praman", name: "Priya Raman", email: PEOPLE.emails[1] },
    ],
  });
  return {
    kind,
    title: "GitLab",
    server,
    settings: { kind, url: server.base, project: "acme/orders-api" },
    env: { GITLAB_TOKEN: token },
    badEnv: { GITLAB_TOKEN: "glpat-wrong0000000000000" },
    secrets: [token],
    people: PEOPLE.logins,
    issueCount: () => server.issues.length,
    linkCount: (key) => server.issues.find((i) => i.iid === Number(key))?.notes.length ?? 0,
    rateLimit: (s) =>
      server.inject({
        status: 429,
        body: { message: "429 Too Many Requests" },
        headers: { "retry-after": String(s), "ratelimit-reset": String(Math.ceil(Date.now() / 1000) + s) },
      }),
    conflict: { status: 409, body: { message: "Issue is being moved; try again later" } },
    hasInProgress: true,
    hasDueDate: true,
  };
}

/** Every tracker kind the suites run over. */
export const TRACKER_KINDS: TrackerFixture["kind"][] = ["github", "jira-cloud", "jira-dc", "linear", "gitlab"];
