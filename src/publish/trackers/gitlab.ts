import { z } from "zod";
import { requireCredential, VendorHttp } from "./tracker-http.js";
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
 * GitLab issues through REST v4 (https://docs.gitlab.com/api/issues/), on gitlab.com or a self-managed instance:
 * create, edit (`state_event=close`), search by the marker in the description (`search` + `in=description`), the
 * link back to the incident as a note (https://docs.gitlab.com/api/notes/), people by user name or e-mail
 * (https://docs.gitlab.com/api/users/). Token in `PRIVATE-TOKEN`. Status codes and error bodies
 * (`{"message": ...}`, `{"error": ...}`): https://docs.gitlab.com/api/rest/troubleshooting/
 */

/** `tracker:` settings of GitLab. */
export const GitLabSettings = z
  .object({
    kind: z.literal("gitlab"),
    /** `https://gitlab.com` or a self-managed instance's base URL (without `/api/v4`). */
    url: z.string().url().default("https://gitlab.com"),
    /** `group/project` or a numeric project id. */
    project: z.union([z.string().min(1), z.number().int().positive()]),
    labels: z.array(z.string()).default(["post-mortem"]),
    /** Owner cell → GitLab user name or e-mail. */
    users: z.record(z.string(), z.string()).optional(),
    /** Labels that mean "in progress" / "won't do" when read back (a closed issue is done unless labelled won't do). */
    inProgressLabels: z.array(z.string()).default(["in progress", "doing", "workflow::in progress"]),
    wontDoLabels: z.array(z.string()).default(["won't do", "wontfix", "won't fix"]),
    credentialsFile: z.string().optional(),
  })
  .strict();
/** See {@link GitLabSettings}. */
export type GitLabSettings = z.infer<typeof GitLabSettings>;

const Issue = z.object({
  iid: z.number(),
  web_url: z.string(),
  title: z.string(),
  description: z.string().nullable().optional(),
  state: z.string(),
  labels: z.array(z.string()).default([]),
  assignees: z.array(z.object({ id: z.number(), username: z.string(), name: z.string().optional() })).default([]),
  due_date: z.string().nullable().optional(),
});

/** The reason in a GitLab error body: `{"message": "..."}`, `{"message": {"field": ["..."]}}` or `{"error": "..."}`. */
export function gitlabReason(body: unknown): string {
  if (!body || typeof body !== "object") return "";
  const b = body as { message?: unknown; error?: unknown; error_description?: unknown };
  if (typeof b.message === "string") return b.message;
  if (b.message && typeof b.message === "object") {
    return Object.entries(b.message as Record<string, unknown>)
      .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(", ") : String(v)}`)
      .join("; ");
  }
  return [b.error, b.error_description].filter((x) => typeof x === "string").join(": ");
}

const comment = (marker: string) => `<!-- ${marker} -->`;

class GitLabTracker implements Tracker {
  readonly kind = "gitlab" as const;
  readonly where: string;
  readonly #http: VendorHttp;
  readonly #s: GitLabSettings;
  readonly #project: string;

  constructor(settings: GitLabSettings, http: VendorHttp) {
    this.#s = settings;
    this.#http = http;
    this.#project = `/projects/${encodeURIComponent(String(settings.project))}`;
    this.where = `GitLab project ${settings.project}`;
  }

  async #userId(who: string): Promise<number | undefined> {
    const email = who.includes("@") && !who.startsWith("@");
    const { data } = await this.#http.send({
      path: "/users",
      query: email ? { search: who } : { username: who.replace(/^@/, "") },
      schema: z.array(z.object({ id: z.number(), username: z.string() })),
      what: `looking up user ${who}`,
    });
    return data[0]?.id;
  }

  async #fields(changes: TrackerIssueUpdate, notes: string[]): Promise<Record<string, unknown>> {
    const f: Record<string, unknown> = {};
    if (changes.title !== undefined) f.title = changes.title.slice(0, 255);
    if (changes.body !== undefined) f.description = changes.body;
    if (changes.due !== undefined) f.due_date = changes.due;
    if (changes.labels !== undefined) f.labels = changes.labels.join(",");
    if (changes.assignee) {
      const id = await this.#userId(changes.assignee);
      if (id !== undefined) f.assignee_ids = [id];
      else notes.push(`no GitLab user matches "${changes.assignee}"; left unassigned`);
    }
    return f;
  }

  async findByMarker(input: Pick<TrackerIssueInput, "marker">): Promise<TrackerIssueRef | undefined> {
    const { data } = await this.#http.send({
      path: `${this.#project}/issues`,
      query: { search: input.marker, in: "description", scope: "all", per_page: 20 },
      schema: z.array(Issue),
      what: "searching issues",
    });
    // the search is by words: keep only an issue whose description carries the exact marker comment
    const hit = data.find((i) => (i.description ?? "").includes(comment(input.marker)));
    if (hit) return { key: String(hit.iid), url: hit.web_url };
    // full-text search may tokenise the marker away (or be off on a self-managed instance): read the issues that
    // carry Debrief's label, as the GitHub plugin does
    const label = this.#s.labels[0];
    if (!label) return undefined;
    for (let page = 1; page <= 20; page++) {
      const { data: list } = await this.#http.send({
        path: `${this.#project}/issues`,
        query: { labels: label, scope: "all", per_page: 100, page },
        schema: z.array(Issue),
        what: "listing issues",
      });
      const found = list.find((i) => (i.description ?? "").includes(comment(input.marker)));
      if (found) return { key: String(found.iid), url: found.web_url };
      if (list.length < 100) break;
    }
    return undefined;
  }

  async create(input: TrackerIssueInput): Promise<TrackerIssueRef & { notes: string[] }> {
    const notes: string[] = [];
    const labels = [...new Set([...this.#s.labels, ...input.labels, ...(input.priority ? [input.priority] : [])])];
    const fields = await this.#fields({ ...input, body: `${input.body}\n\n${comment(input.marker)}`, labels }, notes);
    const { data } = await this.#http.send({
      method: "POST",
      path: `${this.#project}/issues`,
      body: fields,
      schema: Issue,
      what: `creating an issue in ${this.#s.project}`,
    });
    return { key: String(data.iid), url: data.web_url, notes };
  }

  async update(key: string, changes: TrackerIssueUpdate): Promise<void> {
    await this.#http.send({
      method: "PUT",
      path: `${this.#project}/issues/${encodeURIComponent(key)}`,
      body: await this.#fields(changes, []),
      schema: Issue,
      what: `updating issue ${key}`,
    });
  }

  async link(key: string, link: { url: string; title: string }): Promise<void> {
    const path = `${this.#project}/issues/${encodeURIComponent(key)}/notes`;
    const { data } = await this.#http.send({
      path,
      query: { per_page: 100 },
      schema: z.array(z.object({ id: z.number(), body: z.string() })),
      what: `reading the notes of issue ${key}`,
    });
    if (data.some((n) => n.body.includes(link.url))) return;
    await this.#http.send({
      method: "POST",
      path,
      body: { body: `${link.title}: ${link.url}` },
      schema: z.object({ id: z.number() }),
      what: `linking issue ${key} to the incident`,
    });
  }

  async read(key: string): Promise<TrackerStatus> {
    const { data: i } = await this.#http.send({
      path: `${this.#project}/issues/${encodeURIComponent(key)}`,
      schema: Issue,
      what: `reading issue ${key}`,
    });
    const labels = i.labels.map((l) => l.toLowerCase());
    const has = (list: string[]) => list.some((l) => labels.includes(l.toLowerCase()));
    const state: TrackerState =
      i.state === "closed"
        ? has(this.#s.wontDoLabels)
          ? "wont-do"
          : "done"
        : has(this.#s.inProgressLabels)
          ? "in-progress"
          : "open";
    const a = i.assignees[0];
    return {
      key: String(i.iid),
      url: i.web_url,
      title: i.title,
      state,
      due: i.due_date ?? null,
      assignee: a ? a.username : null,
      assigneeAliases: a ? [a.username, `@${a.username}`, ...(a.name ? [a.name] : [])] : [],
    };
  }

  async close(key: string, as: "done" | "wont-do"): Promise<void> {
    const current = await this.read(key);
    if (current.state === "done" || current.state === "wont-do") return;
    await this.#http.send({
      method: "PUT",
      path: `${this.#project}/issues/${encodeURIComponent(key)}`,
      body: {
        state_event: "close",
        ...(as === "wont-do" ? { add_labels: this.#s.wontDoLabels[0] ?? "won't do" } : {}),
      },
      schema: Issue,
      what: `closing issue ${key}`,
    });
  }

  keyOf(cell: string): string | undefined {
    const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const host = esc(this.#s.url.replace(/^https?:\/\//, "").replace(/\/+$/, ""));
    const project = esc(String(this.#s.project));
    const url = new RegExp(`${host}/${project}/-/issues/(\\d+)\\b`, "i").exec(cell);
    if (url) return url[1];
    const ref = new RegExp(`(?:^|\\s)${project}#(\\d+)\\b`, "i").exec(cell);
    return ref?.[1];
  }
}

/** The GitLab plugin; `GITLAB_TOKEN` from the environment or the credentials file. */
export const gitlabTracker: TrackerPlugin<GitLabSettings> = {
  kind: "gitlab",
  title: "GitLab",
  credentialNames: ["GITLAB_TOKEN"],
  settings: GitLabSettings,
  open(settings, ctx) {
    const token = requireCredential(ctx, "GITLAB_TOKEN", "GitLab");
    const http = new VendorHttp({
      title: "GitLab",
      baseUrl: `${settings.url.replace(/\/+$/, "")}/api/v4`,
      headers: { "private-token": token },
      secrets: [token],
      reason: gitlabReason,
      authHint: "check GITLAB_TOKEN",
      ctx,
    });
    return new GitLabTracker(settings, http);
  },
};
