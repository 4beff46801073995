import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import { DebriefError } from "../model/debrief-error.js";

/** Rate-limit answers waited out per request before giving up. */
const MAX_RATE_LIMIT_RETRIES = 4;

/** An issue as Debrief needs it. */
export interface TrackerIssue {
  number: number;
  url: string;
  state: "open" | "closed";
  title: string;
  body: string;
}

/** Options of {@link GitHubTracker}. */
export interface GitHubTrackerOptions {
  /** `OWNER/REPO`. */
  repo: string;
  token: string | undefined;
  /** GitHub Enterprise: `https://ghe.example.com/api/v3`. */
  apiUrl?: string;
  /** Longest wait for a rate-limit reset before giving up (default 60 s). */
  maxWaitMs?: number;
  /** Base of Octokit's back-off on 5xx (waits base × 1, 4, 9; default 1000 ms; tests shorten it). */
  retryBaseMs?: number;
}

/** Octokit with GitHub's own retry (5xx, bounded) and rate-limit (primary and secondary, Retry-After) handling. */
const RetryingOctokit = Octokit.plugin(retry, throttling);

interface HttpError {
  status?: number;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
  message?: string;
}

/** The hidden marker that finds an action item's issue again, whatever its title has become. */
export function actionItemMarker(postmortemId: string, itemId: string): string {
  return `<!-- debrief:action-item ${postmortemId}/${itemId} -->`;
}

/**
 * A small GitHub issues client over @octokit/rest with the behaviour publishing needs: server errors retried and
 * rate limits waited out (Retry-After, x-ratelimit-reset) by Octokit's retry and throttling plugins, at most four
 * times and never longer than `maxWaitMs` a wait; errors turned into one-line `DebriefError`s without the token.
 */
export class GitHubTracker {
  readonly owner: string;
  readonly repo: string;
  private readonly octokit: InstanceType<typeof RetryingOctokit>;
  private readonly maxWaitMs: number;
  private markerCache: Map<string, TrackerIssue> | undefined;

  constructor(options: GitHubTrackerOptions) {
    const m = /^([\w.-]+)\/([\w.-]+)$/.exec(options.repo);
    if (!m) throw new DebriefError("USAGE", `--github expects OWNER/REPO, got "${options.repo}"`);
    if (!options.token) {
      throw new DebriefError("AUTH", "GITHUB_TOKEN is not set: GitHub needs a token to file and read issues");
    }
    this.owner = m[1]!;
    this.repo = m[2]!;
    this.maxWaitMs = options.maxWaitMs ?? 60_000;
    const maxWaitMs = this.maxWaitMs;
    // wait out a limit while the server's wait is bounded and we have not asked too often
    const waitOut = (retryAfterSeconds: number, _options: unknown, _octokit: unknown, retryCount: number) =>
      retryCount < MAX_RATE_LIMIT_RETRIES && retryAfterSeconds * 1000 <= maxWaitMs;
    this.octokit = new RetryingOctokit({
      auth: options.token,
      userAgent: "debrief",
      ...(options.apiUrl ? { baseUrl: options.apiUrl.replace(/\/$/, "") } : {}),
      request: { timeout: 20_000 },
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
      retry: { retries: 3, ...(options.retryBaseMs !== undefined ? { retryAfterBaseValue: options.retryBaseMs } : {}) },
      throttle: { onRateLimit: waitOut, onSecondaryRateLimit: waitOut },
    });
  }

  /** Run one API call; what still fails after Octokit's retries becomes a one-line `DebriefError`. */
  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      const e = error as HttpError;
      const detail =
        typeof e.response?.data === "object" && e.response?.data !== null
          ? ((e.response.data as { message?: string }).message ?? "")
          : "";
      // the same codes every tracker uses: refused credentials, a missing issue, input GitHub rejected, a conflict
      const code =
        e.status === 401 || e.status === 403
          ? "AUTH"
          : e.status === 404 || e.status === 410
            ? "INPUT_NOT_FOUND"
            : e.status === 400 || e.status === 422
              ? "INPUT_INVALID"
              : e.status === 409
                ? "CONFLICT"
                : "NETWORK";
      throw new DebriefError(
        code,
        `GitHub ${what} failed${e.status ? ` (${e.status})` : ""}: ${detail || e.message || "no answer"}`,
        { cause: error },
      );
    }
  }

  /** Every issue (open and closed, any label) whose body carries a Debrief marker, by marker. */
  async issuesByMarker(label: string): Promise<Map<string, TrackerIssue>> {
    if (this.markerCache) return this.markerCache;
    const issues = await this.call("listing issues", () =>
      this.octokit.paginate(this.octokit.rest.issues.listForRepo, {
        owner: this.owner,
        repo: this.repo,
        labels: label,
        state: "all",
        per_page: 100,
      }),
    );
    const map = new Map<string, TrackerIssue>();
    for (const issue of issues) {
      const body = issue.body ?? "";
      for (const m of body.matchAll(/<!-- debrief:action-item [^>]+ -->/g)) {
        map.set(m[0], {
          number: issue.number,
          url: issue.html_url,
          state: issue.state === "closed" ? "closed" : "open",
          title: issue.title,
          body,
        });
      }
    }
    this.markerCache = map;
    return map;
  }

  /** Create an issue; an unknown assignee (422) is retried without assignees rather than failing the item. */
  async createIssue(input: {
    title: string;
    body: string;
    labels: string[];
    assignees: string[];
  }): Promise<TrackerIssue & { assigneeDropped: boolean }> {
    const create = (assignees: string[]) =>
      this.call("creating an issue", () =>
        this.octokit.rest.issues.create({
          owner: this.owner,
          repo: this.repo,
          title: input.title,
          body: input.body,
          labels: input.labels,
          ...(assignees.length ? { assignees } : {}),
        }),
      );
    let assigneeDropped = false;
    let response: Awaited<ReturnType<typeof create>>;
    try {
      response = await create(input.assignees);
    } catch (error) {
      const status = ((error as DebriefError).cause as HttpError | undefined)?.status;
      if (status !== 422 || input.assignees.length === 0) throw error;
      assigneeDropped = true;
      response = await create([]);
    }
    const issue = response.data;
    const created: TrackerIssue = {
      number: issue.number,
      url: issue.html_url,
      state: issue.state === "closed" ? "closed" : "open",
      title: issue.title,
      body: issue.body ?? input.body,
    };
    return { ...created, assigneeDropped };
  }

  /** Change an issue's title, body, labels or assignees. */
  async updateIssue(
    number: number,
    fields: { title?: string; body?: string; labels?: string[]; assignees?: string[] },
  ): Promise<void> {
    await this.call(`updating issue #${number}`, () =>
      this.octokit.rest.issues.update({ owner: this.owner, repo: this.repo, issue_number: number, ...fields }),
    );
  }

  /** Close an issue as completed or as not planned. */
  async closeIssue(number: number, reason: "completed" | "not_planned"): Promise<void> {
    await this.call(`closing issue #${number}`, () =>
      this.octokit.rest.issues.update({
        owner: this.owner,
        repo: this.repo,
        issue_number: number,
        state: "closed",
        state_reason: reason,
      }),
    );
  }

  /** Comment on an issue unless a comment already contains `unless` (so a rerun adds nothing). */
  async commentOnce(number: number, body: string, unless: string): Promise<void> {
    const comments = await this.call(`reading the comments of issue #${number}`, () =>
      this.octokit.paginate(this.octokit.rest.issues.listComments, {
        owner: this.owner,
        repo: this.repo,
        issue_number: number,
        per_page: 100,
      }),
    );
    if (comments.some((c) => (c.body ?? "").includes(unless))) return;
    await this.call(`commenting on issue #${number}`, () =>
      this.octokit.rest.issues.createComment({ owner: this.owner, repo: this.repo, issue_number: number, body }),
    );
  }

  /** Read one issue with why it was closed and who it is assigned to (for `review --sync`). */
  async readIssue(number: number): Promise<GitHubIssueDetail> {
    const { data } = await this.call(`reading issue #${number}`, () =>
      this.octokit.rest.issues.get({ owner: this.owner, repo: this.repo, issue_number: number }),
    );
    return {
      number: data.number,
      url: data.html_url,
      state: data.state === "closed" ? "closed" : "open",
      title: data.title,
      body: data.body ?? "",
      stateReason: data.state_reason ?? null,
      assignees: (data.assignees ?? []).map((a) => a.login),
    };
  }
}

/** An issue with what `review --sync` reads beyond {@link TrackerIssue}. */
export interface GitHubIssueDetail extends TrackerIssue {
  /** `completed`, `not_planned` or `reopened` when GitHub says why it was closed or reopened. */
  stateReason: string | null;
  assignees: string[];
}

/** The issue number a tracker cell points at in this repository, if any (`#12`, `OWNER/REPO#12`, or an issue URL). */
export function issueNumberOf(cell: string | null | undefined, owner: string, repo: string): number | undefined {
  if (!cell) return undefined;
  const url = new RegExp(`/${owner}/${repo}/issues/(\\d+)`, "i").exec(cell);
  if (url) return Number(url[1]);
  const ref = new RegExp(`(?:^|\\s)(?:${owner}/${repo})?#(\\d+)\\b`, "i").exec(cell);
  return ref ? Number(ref[1]) : undefined;
}
