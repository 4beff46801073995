import type { StoredActionItem, StoredIncident, StoredProblem } from "../queries.js";

/**
 * The team store: one query layer (Kysely) over SQLite (default, `.debrief/team.sqlite` in the workspace) or
 * PostgreSQL (`DEBRIEF_DATABASE_URL=postgres://…`). It mirrors the incident folders (the files stay the source of
 * truth, timeline pins included: they are front matter `timelinePins:`) and holds what exists only for a team:
 * users, sessions, reviewers, comments and the audit log.
 * Every incident query takes an {@link AccessScope} and filters by it in SQL, in one place.
 * @module
 */

/** What a signed-in user may do: read, edit post-mortems, or also administer members and roles. */
export type Role = "viewer" | "editor" | "admin";

/** The signed-in person a request acts for. */
export interface Viewer {
  userId: string;
  email: string | null;
  name: string;
  role: Role;
}

/**
 * Who asks. `local`: no sign-in configured (server bound to loopback, single user): sees all, acts as admin.
 * `user`: sees public incidents, and private ones only when a member (email in `members:`) or an admin.
 */
export type AccessScope = { kind: "local" } | { kind: "user"; viewer: Viewer };

/** Review workflow of a post-mortem, mirrored from the front matter's `status:` (`closed` reads as published). */
export type ReviewStatus = "draft" | "in-review" | "approved" | "published";

/** Filters of {@link TeamStore.listIncidents}; all optional, combined with AND. */
export interface IncidentFilter {
  /** An incident whose services include this one (exact). */
  service?: string;
  severity?: string;
  /** The front matter's raw `status:` as the CLI index stores it. */
  status?: string;
  reviewStatus?: ReviewStatus;
  /** Front matter `owner:` (exact, case-insensitive). */
  owner?: string;
  /** An incident whose tags include this one (exact, case-insensitive). */
  tag?: string;
  /** Epoch ms, inclusive, on impact start. */
  from?: number;
  /** Epoch ms, inclusive, on impact start. */
  to?: number;
  /** Full-text query; rows are then ranked by relevance and carry `snippet` (FTS5 snippet() / ts_headline). */
  text?: string;
  /** Default 50, at most 500. */
  limit?: number;
  offset?: number;
}

/** One row of the incident list. */
export interface IncidentListRow {
  dir: string;
  id: string;
  title: string;
  severity: string | null;
  status: string | null;
  reviewStatus: ReviewStatus;
  services: string[];
  tags: string[];
  owner: string | null;
  impactStart: number | null;
  resolved: number | null;
  private: boolean;
  openActionItems: number;
  /** With a text filter: the matching passage, terms wrapped in `<mark>`…`</mark>`, everything else HTML-escaped. */
  snippet?: string;
}

/** One `signOff:` entry of the front matter: who signed off and when (as written). */
export interface SignOff {
  by: string;
  at: string | null;
  role: string | null;
}

/** Everything an incident page needs from the store. */
export interface IncidentDetail extends IncidentListRow {
  milestones: Record<string, number | null>;
  rootCause: string | null;
  factors: Array<{ level: string; category: string; text: string }>;
  /** Member emails (front matter `members:`), lower case. */
  members: string[];
  signOff: SignOff[];
  actionItems: StoredActionItem[];
  problems: StoredProblem[];
}

/** Filters of {@link TeamStore.listActionItems}. */
export interface ActionItemFilter {
  owner?: string;
  /** Normalised status: open | in-progress | done | wont-do. */
  status?: string;
  /** Only open or in-progress items whose deadline is before today (UTC). */
  overdue?: boolean;
  /** Incident folder. */
  incident?: string;
  /** A team = a service of the incident (the services list is how incidents name the owning teams). */
  team?: string;
}

/** Filters and page of {@link TeamStore.actionItemPage}. */
export interface ActionItemPageFilter extends ActionItemFilter {
  /** Default 50, max 500. */
  limit?: number;
  offset?: number;
}

/** An action item with the title of its incident, as the board lists it. */
export type BoardActionItem = StoredActionItem & { incidentTitle: string };

/** A person known to the store, keyed by identity provider (`issuer`) and subject. */
export interface UserRecord {
  id: string;
  issuer: string;
  subject: string;
  email: string | null;
  name: string;
  role: Role;
  createdAt: number;
}

/** A sign-in session; `id` is 256 random bits (base64url), fresh on every sign-in. */
export interface SessionRecord {
  id: string;
  userId: string;
  csrfToken: string;
  createdAt: number;
  expiresAt: number;
}

/** A review comment anchored to a section of a post-mortem. */
export interface CommentRecord {
  id: string;
  dir: string;
  section: string;
  body: string;
  authorId: string;
  authorName: string;
  createdAt: number;
  resolved: boolean;
}

/** One audit-log entry: who viewed, edited, approved or published what. */
export interface AuditEntry {
  at: number;
  actorId: string | null;
  actorName: string;
  action: string;
  target: string;
  detail: Record<string, unknown>;
}

/** An evidence line pinned into (or removed from) a post-mortem's timeline. Latest state per (dir, ref). */
export interface PinRecord {
  dir: string;
  /** `path:line` inside the incident's evidence. */
  ref: string;
  state: "pinned" | "removed";
  by: string;
  at: number;
}

/** Counts of one refresh. */
export interface RefreshReport {
  added: number;
  updated: number;
  removed: number;
}

/** The team store; see the module comment. All methods are async so both dialects share one interface. */
export interface TeamStore {
  readonly dialect: "sqlite" | "postgres";
  /** Bring incident rows up to date with the workspace files (incremental, same IncidentRecord builder as the CLI index). */
  refresh(workspace?: string): Promise<RefreshReport>;
  listIncidents(scope: AccessScope, filter: IncidentFilter): Promise<{ rows: IncidentListRow[]; total: number }>;
  /** null both when missing and when not visible to the scope (private ids are not enumerable). */
  getIncident(scope: AccessScope, dir: string): Promise<IncidentDetail | null>;
  canView(scope: AccessScope, dir: string): Promise<boolean>;
  listActionItems(
    scope: AccessScope,
    filter: ActionItemFilter,
  ): Promise<Array<StoredActionItem & { incidentTitle: string }>>;
  /**
   * One page of the action items {@link listActionItems} would return, with their total: an overdue board
   * (`overdue: true`) most overdue first (deadline, then incident and table order), any other by incident and table order.
   */
  actionItemPage(scope: AccessScope, filter: ActionItemPageFilter): Promise<{ rows: BoardActionItem[]; total: number }>;
  /** Insights inputs restricted to what the scope may see (insights must never count a private incident for a non-member). */
  insightRecords(scope: AccessScope): Promise<StoredIncident[]>;
  upsertUser(u: { issuer: string; subject: string; email: string | null; name: string }): Promise<UserRecord>;
  getUser(id: string): Promise<UserRecord | null>;
  /** Every user, by name (for the members and roles admin page). */
  listUsers(): Promise<UserRecord[]>;
  setRole(userId: string, role: Role): Promise<void>;
  /** A new random id every sign-in (no fixation). */
  createSession(userId: string, ttlMs: number): Promise<SessionRecord>;
  /** null when unknown or expired. */
  getSession(id: string): Promise<SessionRecord | null>;
  deleteSession(id: string): Promise<void>;
  /** User ids of the reviewers of a post-mortem. */
  reviewers(dir: string): Promise<string[]>;
  setReviewers(dir: string, userIds: string[]): Promise<void>;
  addComment(c: { dir: string; section: string; body: string; authorId: string }): Promise<CommentRecord>;
  listComments(dir: string): Promise<CommentRecord[]>;
  resolveComment(id: string): Promise<void>;
  /**
   * Set a pin in the database only. The post-mortem's front matter `timelinePins:` is the source of truth and the
   * next refresh of that incident replaces its pins with the file's: write the file (the web app's
   * `recordTimelinePin`) and refresh, and use this only for a pin that needs no file.
   */
  setPin(p: { dir: string; ref: string; state: "pinned" | "removed"; by: string }): Promise<void>;
  /** The incident's pins as mirrored from its front matter `timelinePins:` (latest state per `path:line`). */
  listPins(dir: string): Promise<PinRecord[]>;
  audit(e: Omit<AuditEntry, "at">): Promise<void>;
  /** Newest first; default limit 100. */
  listAudit(filter: { target?: string; actorId?: string; limit?: number }): Promise<AuditEntry[]>;
  close(): Promise<void>;
}

/** Options of `openTeamStore`. */
export interface TeamStoreOptions {
  /** The workspace whose incidents are mirrored; the SQLite file lives in its `.debrief/`. */
  workspace: string;
  /** `postgres://…` / `postgresql://…` for PostgreSQL (DEBRIEF_DATABASE_URL); absent: SQLite in the workspace. */
  url?: string | undefined;
}
