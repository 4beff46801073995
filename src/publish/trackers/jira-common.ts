import { z } from "zod";
import { DebriefError } from "../../model/debrief-error.js";
import { toAdf } from "./adf.js";
import type { VendorHttp } from "./tracker-http.js";
import type {
  Tracker,
  TrackerIssueInput,
  TrackerIssueRef,
  TrackerIssueUpdate,
  TrackerKind,
  TrackerState,
  TrackerStatus,
} from "./tracker-types.js";

/**
 * What Jira Cloud (REST v3) and Jira Data Center (REST v2) share. The two differ in the API version, the body format
 * (Atlassian Document Format vs wiki text), how a person is named (account id vs user name) and the search endpoint.
 * References:
 * - create / edit / get issue: https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/
 * - transitions: https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-transitions-get
 * - remote links: https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-remote-links/
 * - Data Center: https://developer.atlassian.com/server/jira/platform/rest/v10000/api-group-issue/
 */

/** Settings both Jira plugins accept. */
export const JiraSettingsBase = z.object({
  /** `https://acme.atlassian.net` or the Data Center base URL (context path included). */
  url: z.string().url(),
  project: z.string().regex(/^[A-Z][A-Z0-9_]+$/, "a Jira project key such as OPS"),
  issueType: z.string().min(1).default("Task"),
  /** P0..P4 → Jira priority name; default Highest, High, Medium, Low, Lowest. */
  priorities: z.record(z.string(), z.string()).optional(),
  labels: z.array(z.string().regex(/^\S+$/, "Jira labels cannot contain spaces")).default(["post-mortem"]),
  components: z.array(z.string()).default([]),
  /** Owner cell → e-mail, account id (Cloud) or user name (Data Center). */
  users: z.record(z.string(), z.string()).optional(),
  /** Resolutions that mean "won't do" when read back. */
  wontDoResolutions: z.array(z.string()).optional(),
  credentialsFile: z.string().optional(),
});

const DEFAULT_PRIORITIES: Record<string, string> = { P0: "Highest", P1: "High", P2: "Medium", P3: "Low", P4: "Lowest" };
const DEFAULT_WONT_DO = [
  "won't do",
  "won't fix",
  "wontfix",
  "declined",
  "cancelled",
  "canceled",
  "duplicate",
  "obsolete",
];
const WONT_DO_TRANSITION = /won'?t|cancel|declin|reject|obsolete/i;

const Created = z.object({ id: z.string(), key: z.string() });
const User = z.object({
  accountId: z.string().optional(),
  name: z.string().optional(),
  key: z.string().optional(),
  emailAddress: z.string().optional(),
  displayName: z.string().optional(),
});
const IssueFields = z.object({
  summary: z.string().default(""),
  status: z.object({ name: z.string(), statusCategory: z.object({ key: z.string() }) }),
  assignee: User.nullable().optional(),
  duedate: z.string().nullable().optional(),
  resolution: z.object({ name: z.string() }).nullable().optional(),
});
const Issue = z.object({ id: z.string(), key: z.string(), fields: IssueFields });
const Transitions = z.object({
  transitions: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      to: z.object({ name: z.string(), statusCategory: z.object({ key: z.string() }) }).optional(),
    }),
  ),
});
const SearchHits = z.object({ issues: z.array(z.object({ id: z.string(), key: z.string() })) });

/** The vendor's reason in a Jira error body: `{"errorMessages":[...],"errors":{"field":"message"}}`. */
export function jiraReason(body: unknown): string {
  if (!body || typeof body !== "object") return "";
  const b = body as { errorMessages?: unknown; errors?: unknown; message?: unknown };
  const parts: string[] = [];
  if (Array.isArray(b.errorMessages)) parts.push(...b.errorMessages.map(String));
  if (b.errors && typeof b.errors === "object") {
    for (const [k, v] of Object.entries(b.errors as Record<string, unknown>)) parts.push(`${k}: ${String(v)}`);
  }
  if (parts.length === 0 && typeof b.message === "string") parts.push(b.message);
  return parts.join("; ");
}

/** The label that marks an action item's issue; JQL finds it exactly (labels cannot hold spaces). */
export function jiraMarkerLabel(postmortemId: string, itemId: string): string {
  return `debrief-${postmortemId}-${itemId}`.replace(/[^A-Za-z0-9_.-]+/g, "_");
}

/** How the two Jira flavours differ. */
export interface JiraFlavour {
  kind: Extract<TrackerKind, "jira-cloud" | "jira-dc">;
  title: string;
  api: "3" | "2";
  /** The description field for a Markdown-ish body. */
  description(body: string): unknown;
  /** The assignee field for a person found by {@link JiraFlavour.findUser}. */
  assigneeField(user: z.infer<typeof User>): Record<string, string> | null;
  /** Look a person up by e-mail or name; the user search of each flavour. */
  findUser(http: VendorHttp, who: string): Promise<z.infer<typeof User> | undefined>;
  /** Issue keys matching a JQL query. */
  search(http: VendorHttp, jql: string): Promise<string[]>;
}

/** Jira Cloud: ADF bodies, account ids, `/search/jql`. */
export const JIRA_CLOUD: JiraFlavour = {
  kind: "jira-cloud",
  title: "Jira Cloud",
  api: "3",
  description: (body) => toAdf(body),
  assigneeField: (u) => (u.accountId ? { accountId: u.accountId } : null),
  async findUser(http, who) {
    // an account id is used as it is; an e-mail or name goes through the user search
    if (/^[0-9a-f]{24}$|^\d+:[0-9a-f-]{36}$/i.test(who)) return { accountId: who };
    const { data } = await http.send({
      path: "/rest/api/3/user/search",
      query: { query: who },
      schema: z.array(User),
      what: `looking up user ${who}`,
    });
    return data.find((u) => u.emailAddress?.toLowerCase() === who.toLowerCase()) ?? data[0];
  },
  async search(http, jql) {
    // https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-post
    const { data } = await http.send({
      method: "POST",
      path: "/rest/api/3/search/jql",
      body: { jql, fields: ["summary"], maxResults: 10 },
      schema: SearchHits,
      what: "searching issues",
    });
    return data.issues.map((i) => i.key);
  },
};

/** Jira Data Center: wiki-text bodies, user names, `/search`. */
export const JIRA_DC: JiraFlavour = {
  kind: "jira-dc",
  title: "Jira Data Center",
  api: "2",
  description: (body) => body.replace(/\*\*([^*]+)\*\*/g, "*$1*").replace(/`([^`]+)`/g, "{{$1}}"),
  assigneeField: (u) => (u.name ? { name: u.name } : null),
  async findUser(http, who) {
    const { data } = await http.send({
      path: "/rest/api/2/user/search",
      query: { username: who },
      schema: z.array(User),
      what: `looking up user ${who}`,
    });
    const lower = who.toLowerCase();
    return data.find((u) => u.emailAddress?.toLowerCase() === lower || u.name?.toLowerCase() === lower) ?? data[0];
  },
  async search(http, jql) {
    const { data } = await http.send({
      method: "POST",
      path: "/rest/api/2/search",
      body: { jql, fields: ["summary"], maxResults: 10 },
      schema: SearchHits,
      what: "searching issues",
    });
    return data.issues.map((i) => i.key);
  },
};

/** A Jira project as a {@link Tracker}. */
export class JiraTracker implements Tracker {
  readonly kind: TrackerKind;
  readonly where: string;
  readonly #http: VendorHttp;
  readonly #f: JiraFlavour;
  readonly #s: z.infer<typeof JiraSettingsBase>;
  readonly #base: string;

  constructor(flavour: JiraFlavour, settings: z.infer<typeof JiraSettingsBase>, http: VendorHttp) {
    this.kind = flavour.kind;
    this.where = `${flavour.title} project ${settings.project}`;
    this.#f = flavour;
    this.#s = settings;
    this.#http = http;
    this.#base = settings.url.replace(/\/+$/, "");
  }

  #path(rest: string): string {
    return `/rest/api/${this.#f.api}${rest}`;
  }

  #ref(key: string): TrackerIssueRef {
    return { key, url: `${this.#base}/browse/${key}` };
  }

  async findByMarker(input: Pick<TrackerIssueInput, "postmortemId" | "itemId">): Promise<TrackerIssueRef | undefined> {
    const label = jiraMarkerLabel(input.postmortemId, input.itemId);
    const keys = await this.#f.search(
      this.#http,
      `project = "${this.#s.project}" AND labels = "${label}" ORDER BY created ASC`,
    );
    return keys[0] ? this.#ref(keys[0]) : undefined;
  }

  async #assignee(who: string | null, notes: string[]): Promise<Record<string, string> | null | undefined> {
    if (!who) return undefined;
    const user = await this.#f.findUser(this.#http, who);
    const field = user ? this.#f.assigneeField(user) : null;
    if (!field) notes.push(`no ${this.#f.title} user matches "${who}"; left unassigned`);
    return field ?? undefined;
  }

  async #fields(input: TrackerIssueUpdate, notes: string[]): Promise<Record<string, unknown>> {
    const fields: Record<string, unknown> = {};
    if (input.title !== undefined) fields.summary = input.title.slice(0, 254);
    if (input.body !== undefined) fields.description = this.#f.description(input.body);
    if (input.priority !== undefined && input.priority !== null) {
      const name = (this.#s.priorities ?? DEFAULT_PRIORITIES)[input.priority.toUpperCase()];
      if (name) fields.priority = { name };
    }
    if (input.due !== undefined) fields.duedate = input.due;
    if (input.labels !== undefined) fields.labels = input.labels;
    if (input.assignee !== undefined) {
      const a = await this.#assignee(input.assignee, notes);
      if (a !== undefined) fields.assignee = a;
    }
    return fields;
  }

  async create(input: TrackerIssueInput): Promise<TrackerIssueRef & { notes: string[] }> {
    const notes: string[] = [];
    const fields = await this.#fields(
      {
        ...input,
        labels: [...new Set([...this.#s.labels, ...input.labels, jiraMarkerLabel(input.postmortemId, input.itemId)])],
      },
      notes,
    );
    fields.project = { key: this.#s.project };
    fields.issuetype = { name: this.#s.issueType };
    if (this.#s.components.length) fields.components = this.#s.components.map((name) => ({ name }));
    const { data } = await this.#http.send({
      method: "POST",
      path: this.#path("/issue"),
      body: { fields },
      schema: Created,
      what: `creating an issue in ${this.#s.project}`,
    });
    return { ...this.#ref(data.key), notes };
  }

  async update(key: string, changes: TrackerIssueUpdate): Promise<void> {
    const fields = await this.#fields(changes, []);
    await this.#http.send({
      method: "PUT",
      path: this.#path(`/issue/${encodeURIComponent(key)}`),
      body: { fields },
      schema: z.unknown(),
      what: `updating ${key}`,
    });
  }

  async link(key: string, link: { url: string; title: string }): Promise<void> {
    // the globalId makes the call an upsert: a second call updates the same link instead of adding one
    await this.#http.send({
      method: "POST",
      path: this.#path(`/issue/${encodeURIComponent(key)}/remotelink`),
      body: { globalId: `debrief:${link.url}`, object: { url: link.url, title: link.title.slice(0, 250) } },
      schema: z.unknown(),
      what: `linking ${key} to the incident`,
    });
  }

  async read(key: string): Promise<TrackerStatus> {
    const { data } = await this.#http.send({
      path: this.#path(`/issue/${encodeURIComponent(key)}`),
      query: { fields: "summary,status,assignee,duedate,resolution" },
      schema: Issue,
      what: `reading ${key}`,
    });
    const f = data.fields;
    const wontDo = (this.#s.wontDoResolutions ?? DEFAULT_WONT_DO).map((s) => s.toLowerCase());
    const cat = f.status.statusCategory.key;
    const state: TrackerState =
      cat === "done"
        ? f.resolution && wontDo.includes(f.resolution.name.toLowerCase())
          ? "wont-do"
          : "done"
        : cat === "indeterminate"
          ? "in-progress"
          : "open";
    const a = f.assignee ?? null;
    const assignee = a ? (a.emailAddress ?? a.name ?? a.accountId ?? a.displayName ?? null) : null;
    const aliases = a
      ? [a.emailAddress, a.name, a.accountId, a.key, a.displayName].filter((x): x is string => !!x)
      : [];
    return {
      ...this.#ref(data.key),
      state,
      assignee,
      assigneeAliases: aliases,
      due: f.duedate ?? null,
      title: f.summary,
    };
  }

  async close(key: string, as: "done" | "wont-do"): Promise<void> {
    const current = await this.read(key);
    if (current.state === "done" || current.state === "wont-do") return;
    const { data } = await this.#http.send({
      path: this.#path(`/issue/${encodeURIComponent(key)}/transitions`),
      schema: Transitions,
      what: `listing the transitions of ${key}`,
    });
    const toDone = data.transitions.filter((t) => t.to?.statusCategory.key === "done");
    const named = toDone.find((t) => WONT_DO_TRANSITION.test(`${t.name} ${t.to?.name ?? ""}`));
    const pick = as === "wont-do" ? (named ?? toDone[0]) : (toDone.find((t) => t !== named) ?? toDone[0]);
    if (!pick) {
      throw new DebriefError(
        "CONFLICT",
        `${this.#f.title}: ${key} has no transition to a done status from "${current.state}"`,
      );
    }
    await this.#http.send({
      method: "POST",
      path: this.#path(`/issue/${encodeURIComponent(key)}/transitions`),
      body: { transition: { id: pick.id } },
      schema: z.unknown(),
      what: `closing ${key}`,
    });
  }

  keyOf(cell: string): string | undefined {
    const host = this.#base.replace(/^https?:\/\//, "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const url = new RegExp(`${host}/browse/(${this.#s.project}-\\d+)\\b`).exec(cell);
    if (url) return url[1];
    const bare = new RegExp(`(?:^|[\\s(\\[])(${this.#s.project}-\\d+)\\b`).exec(cell);
    return bare?.[1];
  }
}
