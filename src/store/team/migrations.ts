import { type Kysely, type Migration, Migrator, sql } from "kysely";
import { DebriefError } from "../../model/debrief-error.js";
import type { TeamDatabase, TeamDialect } from "./database.js";

/** Searchable columns of `incident_docs`, in FTS5 column order. */
export const DOC_COLUMNS = ["title", "summary", "root_cause", "factors", "timeline", "actions", "body"] as const;

/**
 * The migrations, written once for both dialects with Kysely's schema builder. Only full text differs: FTS5 over
 * `incident_docs` (external content, kept in step by triggers) on SQLite, a generated tsvector column with a GIN
 * index on PostgreSQL. Names sort in the order they run.
 */
export function teamMigrations(dialect: TeamDialect): Record<string, Migration> {
  return {
    "0001_team_store": {
      // biome-ignore lint/suspicious/noExplicitAny: migrations run against whatever schema the database has
      async up(db: Kysely<any>) {
        await db.schema
          .createTable("incidents")
          .addColumn("dir", "text", (c) => c.primaryKey())
          .addColumn("id", "text", (c) => c.notNull())
          .addColumn("title", "text", (c) => c.notNull())
          .addColumn("severity", "text")
          .addColumn("status", "text")
          .addColumn("review_status", "text", (c) => c.notNull())
          .addColumn("owner", "text")
          .addColumn("owner_key", "text")
          .addColumn("is_private", "integer", (c) => c.notNull())
          .addColumn("services", "text", (c) => c.notNull())
          .addColumn("tags", "text", (c) => c.notNull())
          .addColumn("members", "text", (c) => c.notNull())
          .addColumn("sign_off", "text", (c) => c.notNull())
          .addColumn("impact_start", "bigint")
          .addColumn("detected", "bigint")
          .addColumn("paged", "bigint")
          .addColumn("acknowledged", "bigint")
          .addColumn("mitigated", "bigint")
          .addColumn("recovered", "bigint")
          .addColumn("resolved", "bigint")
          .addColumn("milestone_source", "text", (c) => c.notNull())
          .addColumn("resolved_at", "bigint")
          .addColumn("distributed_at", "bigint")
          .addColumn("follow_up_review", "text")
          .addColumn("root_cause", "text")
          .addColumn("factors", "text", (c) => c.notNull())
          .addColumn("error_signatures", "text", (c) => c.notNull())
          .addColumn("sections_missing", "text", (c) => c.notNull())
          .addColumn("has_postmortem", "integer", (c) => c.notNull())
          .addColumn("problem_count", "integer", (c) => c.notNull())
          .addColumn("open_action_items", "integer", (c) => c.notNull())
          .addColumn("fingerprint", "text", (c) => c.notNull())
          .addColumn("content_hash", "text", (c) => c.notNull())
          .addColumn("refreshed_at", "bigint", (c) => c.notNull())
          .execute();
        for (const col of ["impact_start", "severity", "review_status", "owner_key", "status"]) {
          await db.schema.createIndex(`incidents_${col}`).on("incidents").column(col).execute();
        }
        for (const [table, col] of [
          ["incident_services", "service"],
          ["incident_tags", "tag_key"],
          ["incident_members", "email"],
        ] as const) {
          await db.schema
            .createTable(table)
            .addColumn("dir", "text", (c) => c.notNull())
            .addColumn(col, "text", (c) => c.notNull())
            .addPrimaryKeyConstraint(`${table}_pk`, ["dir", col])
            .execute();
          await db.schema.createIndex(`${table}_${col}`).on(table).columns([col, "dir"]).execute();
        }
        await db.schema
          .createTable("action_items")
          .addColumn("dir", "text", (c) => c.notNull())
          .addColumn("seq", "integer", (c) => c.notNull())
          .addColumn("item_id", "text", (c) => c.notNull())
          .addColumn("action", "text", (c) => c.notNull())
          .addColumn("owner", "text")
          .addColumn("owner_key", "text")
          .addColumn("deadline_raw", "text")
          .addColumn("deadline", "text")
          .addColumn("priority_raw", "text")
          .addColumn("priority", "text")
          .addColumn("status_raw", "text")
          .addColumn("status", "text", (c) => c.notNull())
          .addColumn("tracker", "text")
          .addColumn("line", "integer")
          .addPrimaryKeyConstraint("action_items_pk", ["dir", "seq"])
          .execute();
        await db.schema.createIndex("action_items_owner").on("action_items").column("owner_key").execute();
        await db.schema.createIndex("action_items_status").on("action_items").columns(["status", "deadline"]).execute();
        await db.schema
          .createTable("problems")
          .addColumn("dir", "text", (c) => c.notNull())
          .addColumn("seq", "integer", (c) => c.notNull())
          .addColumn("path", "text", (c) => c.notNull())
          .addColumn("line", "integer")
          .addColumn("code", "text", (c) => c.notNull())
          .addColumn("message", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("problems_pk", ["dir", "seq"])
          .execute();
        let docs = db.schema
          .createTable("incident_docs")
          .addColumn("doc_id", dialect === "postgres" ? "bigserial" : "integer", (c) => c.primaryKey())
          .addColumn("dir", "text", (c) => c.notNull().unique());
        for (const col of DOC_COLUMNS) docs = docs.addColumn(col, "text", (c) => c.notNull());
        await docs.execute();
        if (dialect === "sqlite") {
          await sql`CREATE VIRTUAL TABLE incident_fts USING fts5(
            title, summary, root_cause, factors, timeline, actions, body,
            content = 'incident_docs', content_rowid = 'doc_id',
            tokenize = 'porter unicode61 remove_diacritics 2')`.execute(db);
          const cols = DOC_COLUMNS.join(", ");
          const newCols = DOC_COLUMNS.map((c) => `new.${c}`).join(", ");
          const oldCols = DOC_COLUMNS.map((c) => `old.${c}`).join(", ");
          await sql
            .raw(`CREATE TRIGGER incident_docs_ai AFTER INSERT ON incident_docs BEGIN
              INSERT INTO incident_fts (rowid, ${cols}) VALUES (new.doc_id, ${newCols}); END`)
            .execute(db);
          await sql
            .raw(`CREATE TRIGGER incident_docs_ad AFTER DELETE ON incident_docs BEGIN
              INSERT INTO incident_fts (incident_fts, rowid, ${cols}) VALUES ('delete', old.doc_id, ${oldCols}); END`)
            .execute(db);
        } else {
          // weights: A title, B summary and root cause, C factors and timeline, D actions and the rest
          await sql`ALTER TABLE incident_docs ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('english', title), 'A') ||
            setweight(to_tsvector('english', summary || ' ' || root_cause), 'B') ||
            setweight(to_tsvector('english', factors || ' ' || timeline), 'C') ||
            setweight(to_tsvector('english', actions || ' ' || body), 'D')) STORED`.execute(db);
          await sql`CREATE INDEX incident_docs_tsv ON incident_docs USING GIN (tsv)`.execute(db);
        }
        await db.schema
          .createTable("users")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("issuer", "text", (c) => c.notNull())
          .addColumn("subject", "text", (c) => c.notNull())
          .addColumn("email", "text")
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("role", "text", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addUniqueConstraint("users_identity", ["issuer", "subject"])
          .execute();
        await db.schema
          .createTable("sessions")
          .addColumn("id_hash", "text", (c) => c.primaryKey())
          .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
          .addColumn("csrf_token", "text", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("expires_at", "bigint", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("sessions_expires").on("sessions").column("expires_at").execute();
        await db.schema
          .createTable("reviewers")
          .addColumn("dir", "text", (c) => c.notNull())
          .addColumn("user_id", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("reviewers_pk", ["dir", "user_id"])
          .execute();
        await db.schema
          .createTable("comments")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("dir", "text", (c) => c.notNull())
          .addColumn("section", "text", (c) => c.notNull())
          .addColumn("body", "text", (c) => c.notNull())
          .addColumn("author_id", "text", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("resolved", "integer", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("comments_dir").on("comments").columns(["dir", "created_at"]).execute();
        await db.schema
          .createTable("pins")
          .addColumn("dir", "text", (c) => c.notNull())
          .addColumn("ref", "text", (c) => c.notNull())
          .addColumn("state", "text", (c) => c.notNull())
          .addColumn("by", "text", (c) => c.notNull())
          .addColumn("at", "bigint", (c) => c.notNull())
          .addPrimaryKeyConstraint("pins_pk", ["dir", "ref"])
          .execute();
        await db.schema
          .createTable("audit_log")
          .addColumn("seq", dialect === "postgres" ? "bigserial" : "integer", (c) =>
            dialect === "postgres" ? c.primaryKey() : c.primaryKey().autoIncrement(),
          )
          .addColumn("at", "bigint", (c) => c.notNull())
          .addColumn("actor_id", "text")
          .addColumn("actor_name", "text", (c) => c.notNull())
          .addColumn("action", "text", (c) => c.notNull())
          .addColumn("target", "text", (c) => c.notNull())
          .addColumn("detail", "text", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("audit_log_target").on("audit_log").columns(["target", "seq"]).execute();
        await db.schema.createIndex("audit_log_actor").on("audit_log").columns(["actor_id", "seq"]).execute();
      },
    },
    "0002_list_order": {
      // biome-ignore lint/suspicious/noExplicitAny: migrations run against whatever schema the database has
      async up(db: Kysely<any>) {
        // The list's order (newest first, unknown start last) as one NOT NULL column with an index both databases
        // can walk: `impact_start IS NULL` in ORDER BY forced a sort of every visible row (the dialects put NULLs
        // at opposite ends).
        await db.schema
          .alterTable("incidents")
          .addColumn("list_order", "bigint", (c) => c.notNull().defaultTo(0))
          .execute();
        await sql`UPDATE incidents SET list_order = COALESCE(impact_start, 0)`.execute(db);
        await sql`CREATE INDEX incidents_list_order ON incidents (list_order DESC, dir)`.execute(db);
      },
    },
    "0003_visibility_and_board_indexes": {
      // biome-ignore lint/suspicious/noExplicitAny: migrations run against whatever schema the database has
      async up(db: Kysely<any>) {
        // The access rule reads `is_private` of every row it counts or joins: with it beside `dir` in an index the
        // list's count and the joins by dir are answered from the index, not the wide incident rows (SQLite list
        // count 30 -> 4 ms over 10,000 incidents).
        await sql`CREATE INDEX incidents_dir_private ON incidents (dir, is_private)`.execute(db);
        // the board's filters and count (status, deadline) read `dir` from the index instead of each item's row
        await sql`DROP INDEX action_items_status`.execute(db);
        await sql`CREATE INDEX action_items_status ON action_items (status, deadline, dir)`.execute(db);
        // the overdue board, most overdue first: open items in deadline order, walked a page at a time
        await sql`CREATE INDEX action_items_open_deadline ON action_items (deadline, dir, seq)
          WHERE status IN ('open', 'in-progress')`.execute(db);
      },
    },
    "0004_inline_tsvector": {
      // biome-ignore lint/suspicious/noExplicitAny: migrations run against whatever schema the database has
      async up(db: Kysely<any>) {
        if (dialect !== "postgres") return;
        // A post-mortem's row is over TOAST's 2 kB, and PostgreSQL moved the tsvector (the column every search
        // reads) out of line first: each match and each ranked row cost a TOAST fetch, and a search for a common
        // word read 39,000 buffers (240 ms; 4,600 buffers and 24 ms with it inline). MAIN keeps it in the row,
        // compressed, and moves the text columns out instead. Rows written before change storage only when
        // rewritten: touching them recomputes the generated column.
        await sql`ALTER TABLE incident_docs ALTER COLUMN tsv SET STORAGE MAIN`.execute(db);
        await sql`UPDATE incident_docs SET dir = dir`.execute(db);
      },
    },
  };
}

/**
 * Bring the schema up to date (idempotent: applied migrations are recorded in `kysely_migration`). A database
 * migrated by a newer Debrief (a migration this build does not know) is refused with a clear error.
 */
export async function migrateTeamStore(
  db: Kysely<TeamDatabase>,
  dialect: TeamDialect,
  location: string,
): Promise<void> {
  const migrations = teamMigrations(dialect);
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateToLatest();
  if (!error) return;
  const message = (error as Error).message ?? String(error);
  if (/missing|corrupted migrations/i.test(message)) {
    throw new DebriefError(
      "STATE",
      `team store ${location} was migrated by a newer Debrief (${message}); upgrade Debrief or point DEBRIEF_DATABASE_URL at another database`,
    );
  }
  throw new DebriefError("STATE", `cannot migrate the team store ${location}: ${message}`, { cause: error });
}
