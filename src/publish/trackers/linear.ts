import { z } from "zod";
import { DebriefError } from "../../model/debrief-error.js";
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
 * Linear, through its GraphQL API (https://linear.app/developers/graphql): `issueCreate`, `issueUpdate`, `issue`,
 * `issues` with a description filter (https://linear.app/developers/filtering), `attachmentCreate` for the link back
 * to the incident (https://linear.app/developers/attachments). A personal API key goes in the Authorization header
 * as it is. Errors arrive as GraphQL `errors[]` with `extensions.code`; a rate limit is `RATELIMITED`, with the
 * reset time in `X-RateLimit-Requests-Reset` (https://linear.app/developers/rate-limiting).
 */

/** `tracker:` settings of Linear. */
export const LinearSettings = z
  .object({
    kind: z.literal("linear"),
    url: z.string().url().default("https://api.linear.app/graphql"),
    /** The team key, e.g. `ENG`. */
    team: z.string().min(1),
    labels: z.array(z.string()).default(["post-mortem"]),
    /** Owner cell → e-mail or display name of a Linear user. */
    users: z.record(z.string(), z.string()).optional(),
    /** Workflow state names to use when closing (default: the team's first `completed` / `canceled` state). */
    states: z.object({ done: z.string().optional(), wontDo: z.string().optional() }).strict().optional(),
    credentialsFile: z.string().optional(),
  })
  .strict();
/** See {@link LinearSettings}. */
export type LinearSettings = z.infer<typeof LinearSettings>;

/** P0..P4 → Linear's 1 urgent, 2 high, 3 medium, 4 low (0 is "no priority"). */
const PRIORITY: Record<string, number> = { P0: 1, P1: 2, P2: 3, P3: 4, P4: 4 };

const GqlError = z.object({
  message: z.string().optional(),
  extensions: z
    .object({ code: z.string().optional(), type: z.string().optional(), userPresentableMessage: z.string().optional() })
    .passthrough()
    .optional(),
});
const Envelope = z.object({ data: z.unknown().optional(), errors: z.array(GqlError).optional() });

const TeamQ = z.object({
  teams: z.object({
    nodes: z.array(
      z.object({
        id: z.string(),
        key: z.string(),
        states: z.object({ nodes: z.array(z.object({ id: z.string(), name: z.string(), type: z.string() })) }),
        labels: z.object({ nodes: z.array(z.object({ id: z.string(), name: z.string() })) }),
      }),
    ),
  }),
});
type Team = z.infer<typeof TeamQ>["teams"]["nodes"][number];
const IssueRef = z.object({ id: z.string(), identifier: z.string(), url: z.string() });
const IssueFull = IssueRef.extend({
  title: z.string(),
  description: z.string().nullable().optional(),
  dueDate: z.string().nullable().optional(),
  state: z.object({ name: z.string(), type: z.string() }),
  assignee: z
    .object({
      id: z.string(),
      email: z.string().optional(),
      name: z.string().optional(),
      displayName: z.string().optional(),
    })
    .nullable()
    .optional(),
});

function code(e: z.infer<typeof GqlError>): string {
  return (e.extensions?.code ?? e.extensions?.type ?? "").toUpperCase().replace(/[\s-]+/g, "_");
}

/** The reason in a GraphQL error body. */
export function linearReason(body: unknown): string {
  const parsed = Envelope.safeParse(body);
  if (!parsed.success) return "";
  return (parsed.data.errors ?? []).map((e) => e.extensions?.userPresentableMessage ?? e.message ?? code(e)).join("; ");
}

class LinearTracker implements Tracker {
  readonly kind = "linear" as const;
  readonly where: string;
  readonly #http: VendorHttp;
  readonly #s: LinearSettings;
  #team: Promise<Team> | undefined;

  constructor(settings: LinearSettings, http: VendorHttp) {
    this.#s = settings;
    this.#http = http;
    this.where = `Linear team ${settings.team}`;
  }

  async #gql<T>(what: string, query: string, variables: Record<string, unknown>, schema: z.ZodType<T>): Promise<T> {
    const { status, data } = await this.#http.send({
      method: "POST",
      path: "",
      body: { query, variables },
      schema: Envelope,
      accept: [400],
      what,
      rateLimitedFor: (_s, body, headers) => {
        const errors = Envelope.safeParse(body).data?.errors ?? [];
        if (!errors.some((e) => code(e) === "RATELIMITED")) return undefined;
        const reset = Number(headers.get("x-ratelimit-requests-reset"));
        // the reset is a UTC epoch in milliseconds
        return Number.isFinite(reset) && reset > 0 ? Math.max(0, reset - Date.now()) : 1000;
      },
    });
    const errors = data.errors ?? [];
    if (errors.length > 0) {
      const first = errors[0]!;
      const c = code(first);
      const httpLike =
        c === "AUTHENTICATION_ERROR" || c === "FORBIDDEN"
          ? 401
          : c === "ENTITY_NOT_FOUND" || /not found/i.test(first.message ?? "")
            ? 404
            : c.includes("INVALID") || c.includes("VALIDATION") || c === "BAD_USER_INPUT"
              ? 400
              : status >= 500
                ? status
                : 400;
      throw this.#http.statusError(what, httpLike, linearReason(data));
    }
    const parsed = schema.safeParse(data.data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new DebriefError(
        "NETWORK",
        `Linear: ${what}: unexpected response shape at ${issue?.path.join(".") ?? ""}: ${issue?.message ?? ""}`,
      );
    }
    return parsed.data;
  }

  #teamInfo(): Promise<Team> {
    this.#team ??= this.#gql(
      `reading team ${this.#s.team}`,
      "query Team($key: String!) { teams(filter: { key: { eq: $key } }) { nodes { id key states { nodes { id name type } } labels { nodes { id name } } } } }",
      { key: this.#s.team },
      TeamQ,
    ).then((r) => {
      const team = r.teams.nodes[0];
      if (!team) throw new DebriefError("INPUT_NOT_FOUND", `Linear: no team with key ${this.#s.team}`);
      return team;
    });
    return this.#team;
  }

  async #userId(who: string): Promise<string | undefined> {
    const byEmail = who.includes("@") && !who.startsWith("@");
    const r = await this.#gql(
      `looking up user ${who}`,
      byEmail
        ? "query U($v: String!) { users(filter: { email: { eq: $v } }) { nodes { id } } }"
        : "query U($v: String!) { users(filter: { displayName: { eqIgnoreCase: $v } }) { nodes { id } } }",
      { v: byEmail ? who : who.replace(/^@/, "") },
      z.object({ users: z.object({ nodes: z.array(z.object({ id: z.string() })) }) }),
    );
    return r.users.nodes[0]?.id;
  }

  async #input(changes: TrackerIssueUpdate, notes: string[]): Promise<Record<string, unknown>> {
    const input: Record<string, unknown> = {};
    if (changes.title !== undefined) input.title = changes.title;
    if (changes.body !== undefined) input.description = changes.body;
    if (changes.priority) input.priority = PRIORITY[changes.priority.toUpperCase()] ?? 0;
    if (changes.due !== undefined) input.dueDate = changes.due;
    if (changes.labels !== undefined) {
      const team = await this.#teamInfo();
      const wanted = new Set(changes.labels.map((l) => l.toLowerCase()));
      input.labelIds = team.labels.nodes.filter((l) => wanted.has(l.name.toLowerCase())).map((l) => l.id);
    }
    if (changes.assignee) {
      const id = await this.#userId(changes.assignee);
      if (id) input.assigneeId = id;
      else notes.push(`no Linear user matches "${changes.assignee}"; left unassigned`);
    }
    return input;
  }

  async findByMarker(input: Pick<TrackerIssueInput, "marker">): Promise<TrackerIssueRef | undefined> {
    const team = await this.#teamInfo();
    const r = await this.#gql(
      "searching issues",
      "query Find($team: ID!, $marker: String!) { issues(first: 10, includeArchived: true, filter: { team: { id: { eq: $team } }, description: { contains: $marker } }) { nodes { id identifier url description } } }",
      { team: team.id, marker: input.marker },
      z.object({
        issues: z.object({ nodes: z.array(IssueRef.extend({ description: z.string().nullable().optional() })) }),
      }),
    );
    // `contains` is a substring match: AI-001 must not adopt the issue of AI-0010
    const hit = r.issues.nodes.find((n) => (n.description ?? "").split("\n").some((l) => l.trim() === input.marker));
    return hit ? { key: hit.identifier, url: hit.url } : undefined;
  }

  async create(input: TrackerIssueInput): Promise<TrackerIssueRef & { notes: string[] }> {
    const team = await this.#teamInfo();
    const notes: string[] = [];
    const fields = await this.#input(
      { ...input, body: `${input.body}\n\n${input.marker}`, labels: [...this.#s.labels, ...input.labels] },
      notes,
    );
    const r = await this.#gql(
      `creating an issue in team ${this.#s.team}`,
      "mutation Create($input: IssueCreateInput!) { issueCreate(input: $input) { success issue { id identifier url } } }",
      { input: { ...fields, teamId: team.id } },
      z.object({ issueCreate: z.object({ success: z.boolean(), issue: IssueRef.nullable() }) }),
    );
    const issue = r.issueCreate.issue;
    if (!r.issueCreate.success || !issue) throw new DebriefError("NETWORK", "Linear: issueCreate did not succeed");
    return { key: issue.identifier, url: issue.url, notes };
  }

  async #update(key: string, input: Record<string, unknown>, what: string): Promise<void> {
    const r = await this.#gql(
      what,
      "mutation Update($id: String!, $input: IssueUpdateInput!) { issueUpdate(id: $id, input: $input) { success } }",
      { id: key, input },
      z.object({ issueUpdate: z.object({ success: z.boolean() }) }),
    );
    if (!r.issueUpdate.success) throw new DebriefError("NETWORK", `Linear: ${what} did not succeed`);
  }

  async update(key: string, changes: TrackerIssueUpdate): Promise<void> {
    await this.#update(key, await this.#input(changes, []), `updating ${key}`);
  }

  async link(key: string, link: { url: string; title: string }): Promise<void> {
    // an attachment's URL is unique per issue: creating it again updates the same attachment
    const issue = await this.read(key);
    await this.#gql(
      `linking ${key} to the incident`,
      "mutation Link($input: AttachmentCreateInput!) { attachmentCreate(input: $input) { success } }",
      { input: { issueId: issue.key, url: link.url, title: link.title } },
      z.object({ attachmentCreate: z.object({ success: z.boolean() }) }),
    );
  }

  async read(key: string): Promise<TrackerStatus> {
    const r = await this.#gql(
      `reading ${key}`,
      "query Read($id: String!) { issue(id: $id) { id identifier url title dueDate state { name type } assignee { id email name displayName } } }",
      { id: key },
      z.object({ issue: IssueFull }),
    );
    const i = r.issue;
    const t = i.state.type;
    const state: TrackerState =
      t === "completed" ? "done" : t === "canceled" ? "wont-do" : t === "started" ? "in-progress" : "open";
    const a = i.assignee ?? null;
    return {
      key: i.identifier,
      url: i.url,
      title: i.title,
      state,
      due: i.dueDate ?? null,
      assignee: a ? (a.email ?? a.displayName ?? a.name ?? a.id) : null,
      assigneeAliases: a ? [a.email, a.displayName, a.name, a.id].filter((x): x is string => !!x) : [],
    };
  }

  async close(key: string, as: "done" | "wont-do"): Promise<void> {
    const current = await this.read(key);
    if (current.state === "done" || current.state === "wont-do") return;
    const team = await this.#teamInfo();
    const type = as === "done" ? "completed" : "canceled";
    const name = as === "done" ? this.#s.states?.done : this.#s.states?.wontDo;
    const state =
      team.states.nodes.find((s) => name !== undefined && s.name.toLowerCase() === name.toLowerCase()) ??
      team.states.nodes.find((s) => s.type === type);
    if (!state) throw new DebriefError("CONFLICT", `Linear: team ${this.#s.team} has no ${type} workflow state`);
    await this.#update(key, { stateId: state.id }, `closing ${key}`);
  }

  keyOf(cell: string): string | undefined {
    const team = this.#s.team.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const m = new RegExp(`(?:linear\\.app/[^/\\s]+/issue/|^|[\\s(\\[])(${team}-\\d+)\\b`, "i").exec(cell);
    return m?.[1]?.toUpperCase();
  }
}

/** The Linear plugin; `LINEAR_API_KEY` from the environment or the credentials file. */
export const linearTracker: TrackerPlugin<LinearSettings> = {
  kind: "linear",
  title: "Linear",
  credentialNames: ["LINEAR_API_KEY"],
  settings: LinearSettings,
  open(settings, ctx) {
    const key = requireCredential(ctx, "LINEAR_API_KEY", "Linear");
    const http = new VendorHttp({
      title: "Linear",
      baseUrl: settings.url,
      headers: { authorization: key },
      secrets: [key],
      reason: linearReason,
      authHint: "check LINEAR_API_KEY",
      ctx,
    });
    return new LinearTracker(settings, http);
  },
};
