import type Database from "better-sqlite3";

/** The schema version this build writes; stored in `schema_version`. */
export const SCHEMA_VERSION = 1;

/**
 * Migrations, index `i` takes the database from version `i` to `i + 1`. The index is a cache, so a migration may
 * also simply drop and recreate tables and let the next refresh re-read the files.
 */
export const MIGRATIONS: ReadonlyArray<(db: Database.Database) => void> = [
  (db) => {
    db.exec(`
      CREATE TABLE files (
        path TEXT PRIMARY KEY,           -- relative to the workspace, '/' separated
        incident_dir TEXT NOT NULL,
        kind TEXT NOT NULL,              -- postmortem | timeline | config
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ms INTEGER NOT NULL,
        indexed_at_ms INTEGER NOT NULL
      );
      CREATE INDEX files_incident ON files(incident_dir);
      CREATE TABLE incidents (
        doc_id INTEGER PRIMARY KEY,      -- also the rowid of the incident's row in docs
        dir TEXT NOT NULL UNIQUE,
        id TEXT NOT NULL,
        title TEXT NOT NULL,
        severity TEXT,
        status TEXT,
        services TEXT NOT NULL,          -- JSON array
        impact_start INTEGER,            -- epoch ms, null when unknown
        detected INTEGER,
        paged INTEGER,
        acknowledged INTEGER,
        mitigated INTEGER,
        recovered INTEGER,
        resolved INTEGER,
        milestone_source TEXT NOT NULL,  -- timeline.json | postmortem | none
        resolved_at INTEGER,
        distributed_at INTEGER,
        follow_up_review TEXT,
        root_cause TEXT,
        factors TEXT NOT NULL,           -- JSON array of {level, category, text}
        error_signatures TEXT NOT NULL,  -- JSON array of normalised templates
        sections_missing TEXT NOT NULL,  -- JSON array of required section keys that are absent or empty
        has_postmortem INTEGER NOT NULL,
        problem_count INTEGER NOT NULL
      );
      CREATE INDEX incidents_start ON incidents(impact_start);
      CREATE TABLE action_items (
        incident_dir TEXT NOT NULL,
        seq INTEGER NOT NULL,
        item_id TEXT NOT NULL,
        action TEXT NOT NULL,
        owner TEXT,
        deadline_raw TEXT,
        deadline TEXT,                   -- YYYY-MM-DD when the raw text could be read
        priority_raw TEXT,
        priority TEXT,                   -- P0..P4 or null
        status_raw TEXT,
        status TEXT NOT NULL,            -- open | in-progress | done | wont-do
        tracker TEXT,
        line INTEGER,
        PRIMARY KEY (incident_dir, seq)
      );
      CREATE INDEX action_items_status ON action_items(status, deadline);
      CREATE TABLE problems (
        incident_dir TEXT NOT NULL,
        path TEXT NOT NULL,
        line INTEGER,
        code TEXT NOT NULL,
        message TEXT NOT NULL
      );
      CREATE INDEX problems_incident ON problems(incident_dir);
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      -- Derived results (recurring patterns) keyed by what they were computed from and the index generation.
      CREATE TABLE derived_cache (key TEXT PRIMARY KEY, generation INTEGER NOT NULL, value TEXT NOT NULL);
      CREATE VIRTUAL TABLE docs USING fts5(
        incident_dir UNINDEXED, title, summary, root_cause, factors, timeline, actions, body,
        tokenize = 'porter unicode61 remove_diacritics 2'
      );
    `);
  },
];

/** Column weights for `bm25()` over `docs`, in column order: a hit in the title or root cause counts most. */
export const BM25_WEIGHTS = [0, 10, 4, 8, 5, 2, 3, 1] as const;

/** Names of the searchable `docs` columns in order, after `incident_dir`. */
export const DOC_COLUMNS = ["title", "summary", "root_cause", "factors", "timeline", "actions", "body"] as const;

/** Tables the current schema must have; an index missing one was damaged or hand-edited and is rebuilt. */
export const REQUIRED_TABLES = [
  "files",
  "incidents",
  "action_items",
  "problems",
  "docs",
  "meta",
  "derived_cache",
] as const;

/** Names of the required tables that are missing. */
export function missingTables(db: Database.Database): string[] {
  const present = new Set(
    db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')").pluck().all() as string[],
  );
  return REQUIRED_TABLES.filter((t) => !present.has(t));
}

/** Create or migrate the schema; returns false when the stored version is newer than this build understands. */
export function migrate(db: Database.Database): boolean {
  db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  const row = db.prepare("SELECT version FROM schema_version").get() as { version: number } | undefined;
  const from = row?.version ?? 0;
  if (from > SCHEMA_VERSION) return false;
  if (from === SCHEMA_VERSION) return true;
  db.transaction(() => {
    for (let v = from; v < SCHEMA_VERSION; v++) MIGRATIONS[v]?.(db);
    db.prepare("DELETE FROM schema_version").run();
    db.prepare("INSERT INTO schema_version (version) VALUES (?)").run(SCHEMA_VERSION);
  })();
  return true;
}
