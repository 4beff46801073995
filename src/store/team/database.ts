import type { Generated } from "kysely";
import type { IncidentRow } from "../queries.js";

/**
 * Table shapes of the team store as Kysely sees them. Times are epoch ms (BIGINT on PostgreSQL, read back as numbers);
 * booleans are 0/1 integers and lists JSON text, so both dialects store the same values. The incidents table has
 * the CLI index's incident columns plus the team store's own.
 */
export interface IncidentsTable extends IncidentRow {
  review_status: string;
  owner: string | null;
  /** Lower-cased owner, for case-insensitive filtering. */
  owner_key: string | null;
  is_private: number;
  tags: string;
  members: string;
  sign_off: string;
  /** `impact_start`, 0 when unknown: the list's sort key (newest first, unknown last), indexed with `dir`. */
  list_order: number;
  open_action_items: number;
  /** Size and mtime of each file read, to skip unchanged incidents cheaply. */
  fingerprint: string;
  /** sha256 of each file read: a touched but unchanged incident is not rewritten. */
  content_hash: string;
  refreshed_at: number;
}

export interface IncidentServicesTable {
  dir: string;
  service: string;
}

export interface IncidentTagsTable {
  dir: string;
  /** Lower-cased tag. */
  tag_key: string;
}

export interface IncidentMembersTable {
  dir: string;
  /** Lower-cased e-mail. */
  email: string;
}

export interface ActionItemsTable {
  dir: string;
  seq: number;
  item_id: string;
  action: string;
  owner: string | null;
  owner_key: string | null;
  deadline_raw: string | null;
  deadline: string | null;
  priority_raw: string | null;
  priority: string | null;
  status_raw: string | null;
  status: string;
  tracker: string | null;
  line: number | null;
}

export interface ProblemsTable {
  dir: string;
  seq: number;
  path: string;
  line: number | null;
  code: string;
  message: string;
}

/** Searchable text per incident; SQLite indexes it with FTS5 (external content), PostgreSQL with a tsvector column. */
export interface IncidentDocsTable {
  doc_id: Generated<number>;
  dir: string;
  title: string;
  summary: string;
  root_cause: string;
  factors: string;
  timeline: string;
  actions: string;
  body: string;
}

export interface UsersTable {
  id: string;
  issuer: string;
  subject: string;
  email: string | null;
  name: string;
  role: string;
  created_at: number;
}

export interface SessionsTable {
  /** sha256 of the session id: a copy of the database does not hand out live sessions. */
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

export interface ReviewersTable {
  dir: string;
  user_id: string;
}

export interface CommentsTable {
  id: string;
  dir: string;
  section: string;
  body: string;
  author_id: string;
  created_at: number;
  resolved: number;
}

export interface PinsTable {
  dir: string;
  ref: string;
  state: string;
  by: string;
  at: number;
}

export interface AuditLogTable {
  seq: Generated<number>;
  at: number;
  actor_id: string | null;
  actor_name: string;
  action: string;
  target: string;
  detail: string;
}

/** The whole team database. */
export interface TeamDatabase {
  incidents: IncidentsTable;
  incident_services: IncidentServicesTable;
  incident_tags: IncidentTagsTable;
  incident_members: IncidentMembersTable;
  action_items: ActionItemsTable;
  problems: ProblemsTable;
  incident_docs: IncidentDocsTable;
  users: UsersTable;
  sessions: SessionsTable;
  reviewers: ReviewersTable;
  comments: CommentsTable;
  pins: PinsTable;
  audit_log: AuditLogTable;
}

/** The store's SQL dialect. */
export type TeamDialect = "sqlite" | "postgres";
