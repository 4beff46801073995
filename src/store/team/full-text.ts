import { type Kysely, type RawBuilder, type SqlBool, sql } from "kysely";
import { BM25_WEIGHTS } from "../schema.js";
import { toFtsQuery } from "../search.js";
import type { TeamDatabase, TeamDialect } from "./database.js";
import { DOC_COLUMNS } from "./migrations.js";

/** Marks around matched terms while the snippet is still raw text; they cannot occur in indexed text. */
const OPEN = "\u0002";
const CLOSE = "\u0003";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A snippet as HTML: everything escaped, matched terms in `<mark>`. */
export function snippetHtml(raw: string): string {
  return escapeHtml(raw.replace(/\s+/g, " ").trim()).replaceAll(OPEN, "<mark>").replaceAll(CLOSE, "</mark>");
}

/**
 * A full-text query in one dialect: what to join and filter on (`d` is `incident_docs`), how to rank, and how to cut
 * snippets for a page of hits. The only dialect-specific queries of the store besides the migration.
 */
export interface FullTextQuery {
  /** Condition on the joined `incident_docs d` row. */
  match: RawBuilder<SqlBool>;
  /** ORDER BY expression, best first. */
  rank: RawBuilder<unknown>;
  /** The SQLite FTS5 table must be joined (`incident_fts` on `d.doc_id`). */
  joinFts: boolean;
  snippets(db: Kysely<TeamDatabase>, dirs: string[]): Promise<Map<string, string>>;
  /**
   * PostgreSQL only: the relevance (higher is better) and the raw headline of the `incident_docs` row aliased
   * `alias`, so one statement can rank, count, fetch and cut the snippets of a page (see IncidentQueries.list).
   */
  ranked?: { score: RawBuilder<number>; headline(alias: string): RawBuilder<string> };
}

/**
 * Compile what a person typed into a full-text query, or null when it has no words. Both dialects read it the same
 * way: every word must match (stemmed), "quoted phrases" as phrases.
 */
export function fullTextQuery(dialect: TeamDialect, text: string): FullTextQuery | null {
  const fts = toFtsQuery(text, "all");
  if (fts === "") return null;
  if (dialect === "sqlite") {
    const weights = BM25_WEIGHTS.slice(1).join(", ");
    return {
      match: sql<SqlBool>`incident_fts MATCH ${fts}`,
      rank: sql.raw(`bm25(incident_fts, ${weights})`),
      joinFts: true,
      async snippets(db, dirs) {
        if (dirs.length === 0) return new Map();
        const rows = await sql<{ dir: string; snip: string }>`
          SELECT d.dir AS dir, snippet(incident_fts, -1, ${OPEN}, ${CLOSE}, '…', 24) AS snip
          FROM incident_fts JOIN incident_docs d ON d.doc_id = incident_fts.rowid
          WHERE incident_fts MATCH ${fts} AND d.dir IN (${sql.join(dirs)})`.execute(db);
        return new Map(rows.rows.map((r) => [r.dir, snippetHtml(r.snip)]));
      },
    };
  }
  // websearch_to_tsquery never raises a syntax error on user input; the words are the ones FTS5 gets
  const words = fts.replaceAll(" AND ", " ");
  const tsq = sql`websearch_to_tsquery('english', ${words})`;
  const options = `StartSel=${OPEN}, StopSel=${CLOSE}, MaxWords=30, MinWords=12, MaxFragments=1, FragmentDelimiter=…`;
  // ts_headline re-parses the whole text, so it runs on the returned page only, never on every match
  const headline = (alias: string) =>
    sql<string>`ts_headline('english', ${sql.raw(DOC_COLUMNS.map((c) => `${alias}.${c}`).join(" || ' ' || "))}, ${tsq}, ${options})`;
  const score = sql<number>`ts_rank(d.tsv, ${tsq})`;
  return {
    match: sql<SqlBool>`d.tsv @@ ${tsq}`,
    rank: sql`${score} DESC`,
    joinFts: false,
    ranked: { score, headline },
    async snippets(db, dirs) {
      if (dirs.length === 0) return new Map();
      const rows = await sql<{ dir: string; snip: string }>`
        SELECT d.dir AS dir, ${headline("d")} AS snip
        FROM incident_docs d WHERE d.dir IN (${sql.join(dirs)})`.execute(db);
      return new Map(rows.rows.map((r) => [r.dir, snippetHtml(r.snip)]));
    },
  };
}
