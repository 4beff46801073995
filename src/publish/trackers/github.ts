import { z } from "zod";
import { actionItemMarker, GitHubTracker, issueNumberOf } from "../github-client.js";
import type {
  Tracker,
  TrackerIssueInput,
  TrackerIssueRef,
  TrackerIssueUpdate,
  TrackerPlugin,
  TrackerState,
  TrackerStatus,
} from "./tracker-types.js";

/**
 * GitHub issues behind the tracker interface, over the same Octokit client the GitHub publish channel uses (its
 * retry and throttling plugins honour Retry-After and GitHub's rate-limit headers). The marker is an HTML comment in
 * the body, found by listing the issues labelled `post-mortem`, exactly as publishing has always done.
 * https://docs.github.com/en/rest/issues/issues
 */

/** `tracker:` settings of GitHub. */
export const GitHubSettings = z
  .object({
    kind: z.literal("github"),
    /** `OWNER/REPO`. */
    repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, "expected OWNER/REPO"),
    /** GitHub Enterprise: `https://ghe.example.com/api/v3`. */
    apiUrl: z.string().url().optional(),
    /** Owner cell → GitHub login. */
    users: z.record(z.string(), z.string()).optional(),
    credentialsFile: z.string().optional(),
  })
  .strict();
/** See {@link GitHubSettings}. */
export type GitHubSettings = z.infer<typeof GitHubSettings>;

const LABEL = "post-mortem";

class GitHubIssues implements Tracker {
  readonly kind = "github" as const;
  readonly where: string;
  readonly #gh: GitHubTracker;
  /** Issues this instance filed, by marker: the marker listing is read once and cached. */
  readonly #created = new Map<string, TrackerIssueRef>();

  constructor(gh: GitHubTracker, repo: string) {
    this.#gh = gh;
    this.where = `GitHub repository ${repo}`;
  }

  #number(key: string): number {
    return Number(key.replace(/^#/, ""));
  }

  async findByMarker(input: Pick<TrackerIssueInput, "postmortemId" | "itemId">): Promise<TrackerIssueRef | undefined> {
    const marker = actionItemMarker(input.postmortemId, input.itemId);
    const mine = this.#created.get(marker);
    if (mine) return mine;
    const hit = (await this.#gh.issuesByMarker(LABEL)).get(marker);
    return hit ? { key: String(hit.number), url: hit.url } : undefined;
  }

  async create(input: TrackerIssueInput): Promise<TrackerIssueRef & { notes: string[] }> {
    const marker = actionItemMarker(input.postmortemId, input.itemId);
    const priority = input.priority && /^P\d$/i.test(input.priority) ? [input.priority.toUpperCase()] : [];
    const login = input.assignee?.replace(/^@/, "");
    const issue = await this.#gh.createIssue({
      title: input.title.slice(0, 250),
      body: `${input.body}\n\n${marker}`,
      labels: [...new Set([LABEL, ...priority, ...input.labels])],
      assignees: login ? [login] : [],
    });
    const ref = { key: String(issue.number), url: issue.url };
    this.#created.set(marker, ref);
    return {
      ...ref,
      notes: issue.assigneeDropped
        ? [`@${login} cannot be assigned in ${this.#gh.owner}/${this.#gh.repo}; filed unassigned`]
        : [],
    };
  }

  async update(key: string, changes: TrackerIssueUpdate): Promise<void> {
    const login = changes.assignee?.replace(/^@/, "");
    await this.#gh.updateIssue(this.#number(key), {
      ...(changes.title !== undefined ? { title: changes.title } : {}),
      ...(changes.labels !== undefined ? { labels: [LABEL, ...changes.labels] } : {}),
      ...(changes.assignee !== undefined ? { assignees: login ? [login] : [] } : {}),
    });
  }

  async link(key: string, link: { url: string; title: string }): Promise<void> {
    await this.#gh.commentOnce(this.#number(key), `${link.title}: ${link.url}`, link.url);
  }

  async read(key: string): Promise<TrackerStatus> {
    const i = await this.#gh.readIssue(this.#number(key));
    const state: TrackerState = i.state === "closed" ? (i.stateReason === "not_planned" ? "wont-do" : "done") : "open";
    const login = i.assignees[0] ?? null;
    return {
      key: String(i.number),
      url: i.url,
      title: i.title,
      state,
      // GitHub issues have no due date
      due: null,
      assignee: login,
      assigneeAliases: login ? [login, `@${login}`] : [],
    };
  }

  async close(key: string, as: "done" | "wont-do"): Promise<void> {
    const i = await this.#gh.readIssue(this.#number(key));
    if (i.state === "closed") return;
    await this.#gh.closeIssue(i.number, as === "done" ? "completed" : "not_planned");
  }

  keyOf(cell: string): string | undefined {
    const n = issueNumberOf(cell, this.#gh.owner, this.#gh.repo);
    return n === undefined ? undefined : String(n);
  }
}

/** The GitHub plugin; `GITHUB_TOKEN` from the environment or the credentials file. */
export const githubTracker: TrackerPlugin<GitHubSettings> = {
  kind: "github",
  title: "GitHub",
  credentialNames: ["GITHUB_TOKEN"],
  settings: GitHubSettings,
  open(settings, ctx) {
    const gh = new GitHubTracker({
      repo: settings.repo,
      token: ctx.credentials.GITHUB_TOKEN,
      ...(settings.apiUrl ? { apiUrl: settings.apiUrl } : {}),
      ...(ctx.http?.maxRetryAfterMs !== undefined ? { maxWaitMs: ctx.http.maxRetryAfterMs } : {}),
      ...(ctx.http?.baseDelayMs !== undefined ? { retryBaseMs: ctx.http.baseDelayMs } : {}),
    });
    return new GitHubIssues(gh, settings.repo);
  },
};
