import type { IncidentRecord, IndexedActionItem } from "./incident-record.js";
import type { ActionState } from "./record-cells.js";
import type { WorkspaceIndex } from "./workspace-index.js";

/** An incident as read back from the index: the record without its items, problems and search text. */
export interface StoredIncident
  extends Omit<IncidentRecord, "sectionsMissing" | "actionItems" | "problems" | "doc" | "team"> {
  /** Section keys as stored (a newer Debrief may know keys this one does not). */
  sectionsMissing: string[];
  problemCount: number;
}

/** An action item as read back from the index, with the incident it came from. */
export interface StoredActionItem extends Omit<IndexedActionItem, "seq"> {
  incidentDir: string;
  incidentId: string;
  incidentTitle: string;
  severity: string | null;
  /** Workspace-relative path of the post-mortem that holds the item. */
  path: string;
}

/** A stored indexing problem. */
export interface StoredProblem {
  incidentDir: string;
  path: string;
  line: number | null;
  code: string;
  message: string;
}

/** The columns of an incident row, as both the CLI index and the team store keep them. */
export interface IncidentRow {
  dir: string;
  id: string;
  title: string;
  severity: string | null;
  status: string | null;
  services: string;
  impact_start: number | null;
  detected: number | null;
  paged: number | null;
  acknowledged: number | null;
  mitigated: number | null;
  recovered: number | null;
  resolved: number | null;
  milestone_source: string;
  resolved_at: number | null;
  distributed_at: number | null;
  follow_up_review: string | null;
  root_cause: string | null;
  factors: string;
  error_signatures: string;
  sections_missing: string;
  has_postmortem: number;
  problem_count: number;
}

/** One incident row as a {@link StoredIncident} (JSON columns parsed); shared by the CLI index and the team store. */
export function storedIncidentFromRow(r: IncidentRow): StoredIncident {
  return {
    dir: r.dir,
    id: r.id,
    title: r.title,
    severity: r.severity,
    status: r.status,
    services: JSON.parse(r.services) as string[],
    milestones: {
      impactStart: r.impact_start,
      detected: r.detected,
      paged: r.paged,
      acknowledged: r.acknowledged,
      mitigated: r.mitigated,
      recovered: r.recovered,
      resolved: r.resolved,
    },
    milestoneSource: r.milestone_source as StoredIncident["milestoneSource"],
    resolvedAt: r.resolved_at,
    distributedAt: r.distributed_at,
    followUpReview: r.follow_up_review,
    rootCause: r.root_cause,
    factors: JSON.parse(r.factors) as StoredIncident["factors"],
    errorSignatures: JSON.parse(r.error_signatures) as string[],
    sectionsMissing: JSON.parse(r.sections_missing) as string[],
    hasPostmortem: r.has_postmortem === 1,
    problemCount: r.problem_count,
  };
}

/** Every incident in the index, ordered by impact start (unknown last) then folder. */
export function listIncidents(index: WorkspaceIndex): StoredIncident[] {
  const rows = index.db
    .prepare("SELECT * FROM incidents ORDER BY impact_start IS NULL, impact_start, dir")
    .all() as IncidentRow[];
  return rows.map(storedIncidentFromRow);
}

/** Every action item in the index, in incident then table order. */
export function listActionItems(index: WorkspaceIndex): StoredActionItem[] {
  const rows = index.db
    .prepare(`SELECT a.*, i.id AS incident_id, i.title AS incident_title, i.severity AS severity
      FROM action_items a JOIN incidents i ON i.dir = a.incident_dir ORDER BY a.incident_dir, a.seq`)
    .all() as Array<Record<string, unknown>>;
  return rows.map((r) => ({
    incidentDir: r.incident_dir as string,
    incidentId: r.incident_id as string,
    incidentTitle: r.incident_title as string,
    severity: r.severity as string | null,
    path: `${r.incident_dir as string}/postmortem.md`,
    line: r.line as number | null,
    itemId: r.item_id as string,
    action: r.action as string,
    owner: r.owner as string | null,
    deadlineRaw: r.deadline_raw as string | null,
    deadline: r.deadline as string | null,
    priorityRaw: r.priority_raw as string | null,
    priority: r.priority as string | null,
    statusRaw: r.status_raw as string | null,
    status: r.status as ActionState,
    tracker: r.tracker as string | null,
  }));
}

/** Every problem recorded while indexing. */
export function listProblems(index: WorkspaceIndex): StoredProblem[] {
  return (
    index.db.prepare("SELECT * FROM problems ORDER BY incident_dir, path, line").all() as Array<{
      incident_dir: string;
      path: string;
      line: number | null;
      code: string;
      message: string;
    }>
  ).map((r) => ({ incidentDir: r.incident_dir, path: r.path, line: r.line, code: r.code, message: r.message }));
}
