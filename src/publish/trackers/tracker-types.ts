import type { z } from "zod";
import type { HttpPolicy } from "../../util/http-client.js";

/** The trackers Debrief files action items in; also the prefix of their publish steps (`jira-cloud:AI-001`). */
export type TrackerKind = "github" | "jira-cloud" | "jira-dc" | "linear" | "gitlab";

/** An action item's state as a tracker reports it, in the Status words of the Action Items table. */
export type TrackerState = "open" | "in-progress" | "done" | "wont-do";

/** What Debrief asks a tracker to file for one action item. */
export interface TrackerIssueInput {
  /** `debrief:action-item PM-ID/AI-ID`: finds the issue again whatever its title has become. */
  marker: string;
  postmortemId: string;
  itemId: string;
  title: string;
  /** Markdown; each tracker converts it (Atlassian Document Format, wiki markup, GitLab/Linear Markdown). */
  body: string;
  /** `P0`..`P4`, mapped to the tracker's own priorities. */
  priority: string | null;
  /** Who to assign, as the tracker knows people: e-mail, account id, user name or login. */
  assignee: string | null;
  /** `YYYY-MM-DD`. */
  due: string | null;
  labels: string[];
}

/** A fields change of an existing issue; absent keys stay as they are. */
export type TrackerIssueUpdate = Partial<
  Pick<TrackerIssueInput, "title" | "body" | "priority" | "assignee" | "due" | "labels">
>;

/** An issue as Debrief refers to it. */
export interface TrackerIssueRef {
  /** The tracker's own key: `OPS-12`, `ENG-7`, `#12` (GitHub/GitLab number). */
  key: string;
  /** Where a person opens it; this is what the Tracker cell records. */
  url: string;
}

/** An issue's state as read back by `review --sync`. */
export interface TrackerStatus extends TrackerIssueRef {
  state: TrackerState;
  /** Assignee as the tracker names them (e-mail when it tells, else login, user name or account id). */
  assignee: string | null;
  /** Other names of the same assignee (display name, account id), to match a `users:` mapping either way. */
  assigneeAliases: string[];
  due: string | null;
  title: string;
}

/**
 * One issue tracker. Every method is safe to repeat: `link` and `close` do nothing when already done, and
 * `findByMarker` is how a rerun after a crash adopts an issue instead of filing it twice.
 */
export interface Tracker {
  readonly kind: TrackerKind;
  /** Where issues go, for messages: `Jira Cloud project OPS`. */
  readonly where: string;
  /** The issue carrying this marker (open or closed), if any. */
  findByMarker(
    input: Pick<TrackerIssueInput, "marker" | "postmortemId" | "itemId">,
  ): Promise<TrackerIssueRef | undefined>;
  /** File a new issue carrying the marker. */
  create(input: TrackerIssueInput): Promise<TrackerIssueRef & { notes: string[] }>;
  update(key: string, changes: TrackerIssueUpdate): Promise<void>;
  /** Link the issue back to the incident (Jira remote link, Linear attachment, a comment elsewhere); idempotent. */
  link(key: string, link: { url: string; title: string }): Promise<void>;
  read(key: string): Promise<TrackerStatus>;
  /** Close as done or as won't do; nothing when it is already closed. */
  close(key: string, as: "done" | "wont-do"): Promise<void>;
  /** The key a Tracker cell of the Action Items table points at in this tracker, if it does. */
  keyOf(cell: string): string | undefined;
}

/** What a tracker plugin gets besides its settings. */
export interface TrackerContext {
  /** Credentials, from the environment or the credentials file only. */
  credentials: Record<string, string | undefined>;
  /** Retry policy of the shared HTTP client (tests shorten the back-off). */
  http?: Partial<HttpPolicy>;
  onRetry?: (message: string) => void;
}

/** A tracker plugin: its settings schema (a `tracker:` block of `.debriefrc.yaml`) and how to open it. */
export interface TrackerPlugin<C extends { kind: TrackerKind } = { kind: TrackerKind }> {
  kind: C["kind"];
  /** `Jira Cloud`. */
  title: string;
  /** Credential names it reads, for messages and docs. */
  credentialNames: readonly string[];
  settings: z.ZodType<C>;
  /** @throws DebriefError AUTH when a credential is missing, CONFIG_INVALID for unusable settings */
  open(settings: C, ctx: TrackerContext): Tracker;
}

/** The marker text of an action item (GitHub keeps it in an HTML comment, Jira as a label). */
export function markerText(postmortemId: string, itemId: string): string {
  return `debrief:action-item ${postmortemId}/${itemId}`;
}
