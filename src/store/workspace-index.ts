import type { IndexProblem } from "./incident-record.js";
import { type IndexOptions, isCorruption, openWorkspaceIndex, type WorkspaceIndex } from "./index-database.js";
import { defaultPostmortemParser, type PostmortemParser } from "./parser.js";
import { hashFile, readIncident, type ScannedFile, scanWorkspace } from "./workspace-scan.js";

// the index's public surface has always been this module
export {
  INDEX_FILE,
  INDEXER_VERSION,
  type IndexOptions,
  openWorkspaceIndex,
  STATE_DIR,
  type WorkspaceIndex,
} from "./index-database.js";

/** Incidents written per transaction. */
const BATCH = 500;

/**
 * Problem codes that mean a file could not be used at all (as opposed to a section the parser did not recognise);
 * `debrief index` exits 1 when any incident has one.
 */
export const FILE_PROBLEM_CODES: ReadonlySet<string> = new Set([
  "file-unreadable",
  "file-not-regular",
  "file-encoding",
  "file-too-large",
  "document-too-large",
  "postmortem-unparseable",
  "markdown-unparseable",
  "front-matter-invalid",
  "timeline-invalid",
  "config-invalid",
]);

/** What a refresh did. */
export interface IndexReport {
  workspace: string;
  indexPath: string;
  /** Incidents in the index after the refresh. */
  incidents: number;
  actionItems: number;
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  /** True when the index was (re)created from scratch. */
  rebuilt: boolean;
  /** Problems recorded for the incidents re-read in this refresh. */
  problems: IndexProblem[];
  /** Problems recorded in the whole index. */
  totalProblems: number;
  warnings: string[];
}

interface StoredFile {
  path: string;
  incident_dir: string;
  sha256: string;
  size: number;
  mtime_ms: number;
  indexed_at_ms: number;
}

function refresh(index: WorkspaceIndex, parser: PostmortemParser, rebuilt: boolean): Omit<IndexReport, "warnings"> {
  const { db, workspace } = index;
  const now = Date.now();
  const { files, dirs, irregular } = scanWorkspace(workspace);
  const irregularByDir = new Map<string, IndexProblem[]>();
  for (const p of irregular) irregularByDir.set(p.incidentDir, [...(irregularByDir.get(p.incidentDir) ?? []), p]);
  const stored = new Map<string, StoredFile>();
  for (const row of db
    .prepare("SELECT path, incident_dir, sha256, size, mtime_ms, indexed_at_ms FROM files")
    .iterate()) {
    const r = row as StoredFile;
    stored.set(r.path, r);
  }
  const knownDirs = new Set(
    (db.prepare("SELECT dir FROM incidents").all() as Array<{ dir: string }>).map((r) => r.dir),
  );
  const changedDirs = new Set<string>();
  const touchOnly: Array<{ path: string; mtime: number }> = [];
  const byDir = new Map<string, ScannedFile[]>();
  for (const f of files) {
    const list = byDir.get(f.dir) ?? [];
    list.push(f);
    byDir.set(f.dir, list);
    const s = stored.get(f.rel);
    stored.delete(f.rel);
    if (!s || !knownDirs.has(f.dir)) {
      changedDirs.add(f.dir);
      continue;
    }
    // Same size and mtime means unchanged, unless the file was written within the second it was indexed
    // ("racy" entry, as git calls it) or could not be read last time; then the content hash decides.
    const racy = s.mtime_ms >= s.indexed_at_ms - 1000 || s.sha256 === "unreadable";
    if (s.size === f.size && s.mtime_ms === f.mtimeMs && !racy) continue;
    if (s.size === f.size && hashFile(f) === s.sha256 && s.sha256 !== "unreadable") {
      touchOnly.push({ path: f.rel, mtime: f.mtimeMs });
      continue;
    }
    changedDirs.add(f.dir);
  }
  // Files that disappeared: their incident is re-read (or removed when the folder has nothing left).
  for (const s of stored.values()) changedDirs.add(s.incident_dir);
  for (const d of knownDirs) if (!dirs.has(d)) changedDirs.add(d);
  for (const d of irregularByDir.keys()) if (!knownDirs.has(d)) changedDirs.add(d);

  // docs is keyed by rowid (= incidents.doc_id): deleting by its UNINDEXED incident_dir column would scan the table.
  const docId = db.prepare("SELECT doc_id FROM incidents WHERE dir = ?").pluck();
  const delDoc = db.prepare("DELETE FROM docs WHERE rowid = ?");
  const del = {
    incident: db.prepare("DELETE FROM incidents WHERE dir = ?"),
    items: db.prepare("DELETE FROM action_items WHERE incident_dir = ?"),
    problems: db.prepare("DELETE FROM problems WHERE incident_dir = ?"),
    files: db.prepare("DELETE FROM files WHERE incident_dir = ?"),
  };
  const ins = {
    incident:
      db.prepare(`INSERT INTO incidents (dir, id, title, severity, status, services, impact_start, detected, paged,
      acknowledged, mitigated, recovered, resolved, milestone_source, resolved_at, distributed_at, follow_up_review,
      root_cause, factors, error_signatures, sections_missing, has_postmortem, problem_count)
      VALUES (@dir, @id, @title, @severity, @status, @services, @impactStart, @detected, @paged, @acknowledged,
      @mitigated, @recovered, @resolved, @milestoneSource, @resolvedAt, @distributedAt, @followUpReview, @rootCause,
      @factors, @errorSignatures, @sectionsMissing, @hasPostmortem, @problemCount)`),
    item: db.prepare(`INSERT INTO action_items (incident_dir, seq, item_id, action, owner, deadline_raw, deadline,
      priority_raw, priority, status_raw, status, tracker, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    problem: db.prepare("INSERT INTO problems (incident_dir, path, line, code, message) VALUES (?, ?, ?, ?, ?)"),
    doc: db.prepare(`INSERT INTO docs (rowid, incident_dir, title, summary, root_cause, factors, timeline, actions, body)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    file: db.prepare(`INSERT INTO files (path, incident_dir, kind, sha256, size, mtime_ms, indexed_at_ms)
      VALUES (?, ?, ?, ?, ?, ?, ?)`),
  };
  const touch = db.prepare("UPDATE files SET mtime_ms = ?, indexed_at_ms = ? WHERE path = ?");

  let added = 0;
  let updated = 0;
  let removed = 0;
  const problems: IndexProblem[] = [];
  const write = db.transaction((batch: string[]) => {
    for (const dir of batch) {
      const stale = docId.get(dir) as number | undefined;
      if (stale !== undefined) delDoc.run(stale);
      for (const s of Object.values(del)) s.run(dir);
      const dirFiles = byDir.get(dir) ?? [];
      const dirIrregular = irregularByDir.get(dir) ?? [];
      if (dirFiles.length === 0 && dirIrregular.length === 0) {
        if (knownDirs.has(dir)) removed++;
        continue;
      }
      if (knownDirs.has(dir)) updated++;
      else added++;
      const { record: r, hashes } = readIncident(dir, dirFiles, parser, dirIrregular);
      const inserted = ins.incident.run({
        dir: r.dir,
        id: r.id,
        title: r.title,
        severity: r.severity,
        status: r.status,
        services: JSON.stringify(r.services),
        ...r.milestones,
        milestoneSource: r.milestoneSource,
        resolvedAt: r.resolvedAt,
        distributedAt: r.distributedAt,
        followUpReview: r.followUpReview,
        rootCause: r.rootCause,
        factors: JSON.stringify(r.factors),
        errorSignatures: JSON.stringify(r.errorSignatures),
        sectionsMissing: JSON.stringify(r.sectionsMissing),
        hasPostmortem: r.hasPostmortem ? 1 : 0,
        problemCount: r.problems.length,
      });
      for (const a of r.actionItems) {
        ins.item.run(
          dir,
          a.seq,
          a.itemId,
          a.action,
          a.owner,
          a.deadlineRaw,
          a.deadline,
          a.priorityRaw,
          a.priority,
          a.statusRaw,
          a.status,
          a.tracker,
          a.line,
        );
      }
      for (const p of r.problems) {
        ins.problem.run(dir, p.path, p.line, p.code, p.message);
        problems.push(p);
      }
      const d = r.doc;
      ins.doc.run(
        inserted.lastInsertRowid,
        dir,
        d.title,
        d.summary,
        d.rootCause,
        d.factors,
        d.timeline,
        d.actions,
        d.body,
      );
      for (const f of dirFiles) {
        const sha = hashes.get(f.rel) ?? "unreadable";
        ins.file.run(f.rel, dir, f.kind, sha, f.size, sha === "unreadable" ? -1 : f.mtimeMs, now);
      }
    }
  });
  const pending = [...changedDirs].sort();
  // IMMEDIATE: take the write lock up front (waiting on busy_timeout) so two refreshes running at once serialise
  // instead of failing to upgrade a read transaction.
  for (let i = 0; i < pending.length; i += BATCH) write.immediate(pending.slice(i, i + BATCH));
  if (touchOnly.length > 0) {
    db.transaction(() => {
      for (const t of touchOnly) touch.run(t.mtime, now, t.path);
    }).immediate();
  }
  if (added + updated + removed > 0) {
    db.prepare(
      "INSERT INTO meta (key, value) VALUES ('generation', '1') ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
    ).run();
  }
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  const incidents = count("SELECT count(*) AS n FROM incidents");
  return {
    workspace,
    indexPath: index.path,
    incidents,
    actionItems: count("SELECT count(*) AS n FROM action_items"),
    added,
    updated,
    removed,
    unchanged: incidents - added - updated,
    rebuilt,
    problems,
    totalProblems: count("SELECT count(*) AS n FROM problems"),
  };
}

/**
 * Open the workspace index and bring it up to date with the files: unchanged files are skipped (size, mtime, then
 * content hash), changed incidents re-read, deleted ones removed. The caller must close the returned index.
 */
export function openFreshIndex(
  workspace: string,
  options: IndexOptions = {},
): { index: WorkspaceIndex; report: IndexReport } {
  const parser = options.parser ?? defaultPostmortemParser;
  let opened = openWorkspaceIndex(workspace, options);
  const warnings = opened.warnings;
  try {
    const report = refresh(opened, parser, opened.created);
    return { index: opened, report: { ...report, warnings } };
  } catch (error) {
    opened.close();
    if (!isCorruption(error)) throw error;
    const message = `index ${opened.path} is corrupt (${(error as Error).message}); rebuilding it from the files`;
    warnings.push(message);
    options.onWarning?.(message);
    opened = openWorkspaceIndex(workspace, { ...options, rebuild: true });
    try {
      const report = refresh(opened, parser, true);
      return { index: opened, report: { ...report, warnings: [...warnings, ...opened.warnings] } };
    } catch (second) {
      opened.close();
      throw second;
    }
  }
}

/** Build or refresh the index of a workspace (`debrief index`) and report what changed. */
export function indexWorkspace(workspace: string, options: IndexOptions = {}): IndexReport {
  const { index, report } = openFreshIndex(workspace, options);
  index.close();
  return report;
}

/** Run a query against a freshly refreshed index and close it afterwards. */
export function withFreshIndex<T>(
  workspace: string,
  options: IndexOptions,
  fn: (index: WorkspaceIndex, report: IndexReport) => T,
): T {
  const { index, report } = openFreshIndex(workspace, options);
  try {
    return fn(index, report);
  } finally {
    index.close();
  }
}

/** A counter bumped whenever a refresh changes the index; derived results cached under an older one are stale. */
export function indexGeneration(index: WorkspaceIndex): number {
  const v = index.db.prepare("SELECT value FROM meta WHERE key = 'generation'").pluck().get() as string | undefined;
  return v === undefined ? 0 : Number(v);
}

/**
 * Return a derived result (e.g. recurring patterns) cached for `key` at the current index generation, or compute,
 * store and return it. Values must be JSON-serialisable.
 */
export function cachedDerived<T>(index: WorkspaceIndex, key: string, compute: () => T): { value: T; cached: boolean } {
  const generation = indexGeneration(index);
  const row = index.db.prepare("SELECT generation, value FROM derived_cache WHERE key = ?").get(key) as
    | { generation: number; value: string }
    | undefined;
  if (row && row.generation === generation) return { value: JSON.parse(row.value) as T, cached: true };
  const value = compute();
  index.db
    .prepare("INSERT OR REPLACE INTO derived_cache (key, generation, value) VALUES (?, ?, ?)")
    .run(key, generation, JSON.stringify(value));
  return { value, cached: false };
}
