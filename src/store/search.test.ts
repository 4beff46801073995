import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { searchWorkspace, toFtsQuery } from "./index.js";

const SMALL = join(import.meta.dirname, "../insights/fixtures/small-workspace");

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "debrief-search-"));
  cpSync(SMALL, dir, { recursive: true });
  // An incident that mentions the pool only in its appendix must rank below those whose root cause is about it.
  mkdirSync(join(dir, "2025-04-01-misc"));
  writeFileSync(
    join(dir, "2025-04-01-misc/postmortem.md"),
    [
      "---",
      "id: INC-E",
      "title: Slow image uploads",
      "severity: SEV4",
      "status: published",
      "services: [media]",
      "---",
      "",
      "# INC-E",
      "",
      "## Summary",
      "",
      "Uploads were slow for an hour.",
      "",
      "## Root Cause",
      "",
      "A storage node had a failing disk.",
      "",
      "## Appendix",
      "",
      "Unrelated note: the connection pool dashboards were also checked and looked normal.",
      "",
    ].join("\n"),
  );
  return dir;
}

describe("searchWorkspace", () => {
  it("ranks root-cause and title matches above a passing mention, with highlighted snippets", () => {
    const ws = workspace();
    const result = searchWorkspace(ws, "connection pool");
    expect(result.mode).toBe("all");
    expect(result.hits.map((h) => h.id)).toEqual(["INC-A", "INC-E"]);
    expect(result.hits[0]?.score).toBeGreaterThan(result.hits[1]?.score ?? Number.POSITIVE_INFINITY);
    expect(result.hits[0]?.path).toBe("2025-01-10-checkout-pool/postmortem.md");
    expect(result.hits[0]?.snippet).toMatch(/\[connection\] \[pool\]/);
    expect(result.hits[1]?.snippet).toMatch(/\[connection\] \[pool\] dashboards/);
  });

  it("gives plain snippets with empty markers, stems words and honours --limit", () => {
    const ws = workspace();
    const plain = searchWorkspace(ws, "certificates expiring", { highlight: { open: "", close: "" } });
    expect(plain.hits[0]?.id).toBe("INC-B");
    expect(plain.hits[0]?.snippet).not.toMatch(/[[\]]/);
    expect(plain.hits[0]?.snippet.toLowerCase()).toContain("certificate");
    const limited = searchWorkspace(ws, "checkout", { limit: 1 });
    expect(limited.hits).toHaveLength(1);
  });

  it("treats quoted words as a phrase and falls back to any word when nothing has them all", () => {
    const ws = workspace();
    expect(searchWorkspace(ws, '"space left on device"').hits.map((h) => h.id)).toEqual(["INC-C"]);
    expect(searchWorkspace(ws, '"device left"').hits).toEqual([]);
    const any = searchWorkspace(ws, "zebra certificate");
    expect(any.mode).toBe("any");
    expect(any.hits.map((h) => h.id)).toEqual(["INC-B"]);
  });

  it("rejects queries without words and bad limits as usage errors", () => {
    const ws = workspace();
    expect(() => searchWorkspace(ws, "  --- ")).toThrow(/has no words/);
    expect(() => searchWorkspace(ws, "pool", { limit: 0 })).toThrow(/positive integer/);
  });

  it("never builds an FTS5 expression that SQLite rejects (property)", () => {
    const db = new Database(":memory:");
    db.exec("CREATE VIRTUAL TABLE t USING fts5(a, tokenize = 'porter unicode61 remove_diacritics 2')");
    db.prepare("INSERT INTO t (a) VALUES (?)").run("connection pool exhausted on checkout-api");
    const stmt = db.prepare("SELECT count(*) FROM t WHERE t MATCH ?").pluck();
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (q) => {
        for (const mode of ["all", "any"] as const) {
          const fts = toFtsQuery(q, mode);
          if (fts !== "") expect(() => stmt.get(fts)).not.toThrow();
        }
      }),
      { numRuns: 500 },
    );
    db.close();
  });
});
