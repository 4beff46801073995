import { DebriefError } from "../model/debrief-error.js";
import { BM25_WEIGHTS } from "./schema.js";
import { type IndexOptions, type IndexReport, withFreshIndex } from "./workspace-index.js";

/** Options for {@link searchWorkspace}. */
export interface SearchOptions extends IndexOptions {
  /** Most hits to return (default 10). */
  limit?: number;
  /** Markers around matched terms in snippets; empty strings give plain text (default `[` and `]`). */
  highlight?: { open: string; close: string };
  /** Words of context in a snippet (default 16, max 64). */
  snippetTokens?: number;
}

/** One ranked search hit. */
export interface SearchHit {
  rank: number;
  incidentDir: string;
  id: string;
  title: string;
  severity: string | null;
  /** Workspace-relative path of the post-mortem. */
  path: string;
  /** Higher is better: the negated bm25 score with section weights. */
  score: number;
  snippet: string;
}

/** Result of {@link searchWorkspace}. */
export interface SearchResult {
  query: string;
  /** The FTS5 expression actually run. */
  ftsQuery: string;
  /** `all` when every term had to match; `any` when no document held them all and any term was accepted. */
  mode: "all" | "any";
  hits: SearchHit[];
  index: Pick<IndexReport, "incidents" | "added" | "updated" | "removed" | "warnings">;
}

/**
 * Turn what a person types into a safe FTS5 expression: quoted phrases stay phrases, other words become quoted
 * terms, so punctuation (`connection-pool`, `5xx:`) never raises an FTS syntax error.
 */
export function toFtsQuery(query: string, mode: "all" | "any"): string {
  const parts: string[] = [];
  for (const m of query.matchAll(/"([^"]*)"|(\S+)/g)) {
    const raw = m[1] ?? m[2] ?? "";
    const words = raw
      .toLowerCase()
      .split(/[^\p{L}\p{N}_]+/u)
      .filter((w) => w.length > 0);
    if (words.length === 0) continue;
    if (m[1] !== undefined || words.length > 1) parts.push(`"${words.join(" ")}"`);
    else parts.push(`"${words[0]}"`);
  }
  return parts.join(mode === "all" ? " AND " : " OR ");
}

/** Full-text search across the post-mortems of a workspace, ranked by bm25 with section weights. */
export function searchWorkspace(workspace: string, query: string, options: SearchOptions = {}): SearchResult {
  const limit = options.limit ?? 10;
  if (!Number.isInteger(limit) || limit <= 0) throw new DebriefError("USAGE", `limit must be a positive integer`);
  const all = toFtsQuery(query, "all");
  if (all === "") {
    throw new DebriefError("USAGE", `search query "${query}" has no words to search for`);
  }
  const open = options.highlight?.open ?? "[";
  const close = options.highlight?.close ?? "]";
  const tokens = Math.min(64, Math.max(4, options.snippetTokens ?? 16));
  return withFreshIndex(workspace, options, (index, report) => {
    const stmt = index.db.prepare(`
      SELECT d.incident_dir AS dir, i.id AS id, i.title AS title, i.severity AS severity,
             bm25(docs, ${BM25_WEIGHTS.join(", ")}) AS bm,
             snippet(docs, -1, ?, ?, '…', ?) AS snip
      FROM docs d JOIN incidents i ON i.dir = d.incident_dir
      WHERE docs MATCH ?
      ORDER BY bm, d.incident_dir
      LIMIT ?`);
    type Row = { dir: string; id: string; title: string; severity: string | null; bm: number; snip: string };
    let mode: "all" | "any" = "all";
    let fts = all;
    let rows = stmt.all(open, close, tokens, fts, limit) as Row[];
    if (rows.length === 0) {
      const any = toFtsQuery(query, "any");
      if (any !== all) {
        mode = "any";
        fts = any;
        rows = stmt.all(open, close, tokens, fts, limit) as Row[];
      }
    }
    return {
      query,
      ftsQuery: fts,
      mode,
      hits: rows.map((r, i) => ({
        rank: i + 1,
        incidentDir: r.dir,
        id: r.id,
        title: r.title,
        severity: r.severity,
        path: `${r.dir}/postmortem.md`,
        // significant digits, not decimals: in a small workspace every score can be below 0.0001
        score: Number((-r.bm).toPrecision(4)),
        snippet: r.snip.replace(/\s+/g, " ").trim(),
      })),
      index: {
        incidents: report.incidents,
        added: report.added,
        updated: report.updated,
        removed: report.removed,
        warnings: report.warnings,
      },
    };
  });
}
