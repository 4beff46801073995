/**
 * The blame patterns' gates read at build time: `npm run gen:lint-gates` (scripts/derive-lint-gates.ts) runs
 * {@link requiredGate} over every gated pattern and writes the results to gate-table.ts, so a `debrief lint` process
 * looks its gates up instead of parsing ~50,000 characters of regular-expression source on its first document (that
 * parse was 130-220 ms of CPU on the example post-mortem). A pattern missing from the table (added or changed since
 * the table was written) is derived at first use as before: slower, never wrong. gate-table.test.ts fails when the
 * table no longer matches the patterns.
 * @module
 */
import { GATE_TABLE } from "./gate-table.js";
import { requiredGate } from "./required-words.js";

/** What {@link requiredGate} returns: terms of clauses of words, or null (the pattern always runs). */
export type GateTerms = string[][][] | null;

/**
 * One table row: flags, source, then the pattern's distinct clauses and its terms as indexes into them (a big
 * alternation's terms share clause arrays; the indexes keep that sharing), or 0 where the pattern has no gate.
 */
export type GateRow = [flags: string, source: string, clauses: string[][], terms: number[][]] | [string, string, 0];

/** The table key of a pattern: flags never hold "/", so the pair is unambiguous. */
const keyOf = (source: string, flags: string): string => `${flags}/${source}`;

/** Encode a gate as a table row (clause arrays shared between terms become one index). */
export function encodeGate(source: string, flags: string, terms: GateTerms): GateRow {
  if (terms === null) return [flags, source, 0];
  const ids = new Map<string[], number>();
  const clauses: string[][] = [];
  const encoded = terms.map((term) =>
    term.map((clause) => {
      let id = ids.get(clause);
      if (id === undefined) {
        id = clauses.length;
        ids.set(clause, id);
        clauses.push(clause);
      }
      return id;
    }),
  );
  return [flags, source, clauses, encoded];
}

function decode(row: GateRow): GateTerms {
  if (row.length === 3) return null;
  const clauses = row[2];
  return row[3].map((term) => term.map((i) => clauses[i] as string[]));
}

let table: Map<string, GateRow> | undefined;

/** The gate of a pattern from the build-time table, or undefined when the table does not have it. */
export function precomputedGate(source: string, flags: string): GateTerms | undefined {
  if (table === undefined) {
    table = new Map();
    for (const row of JSON.parse(GATE_TABLE) as GateRow[]) table.set(keyOf(row[1], row[0]), row);
  }
  const row = table.get(keyOf(source, flags));
  return row === undefined ? undefined : decode(row);
}

/** The gate of a pattern: from the table when it is there, else read from its source now. */
export function gateTerms(source: string, flags: string): GateTerms {
  const known = precomputedGate(source, flags);
  return known === undefined ? requiredGate(source, flags) : known;
}

/** The rows of the table (for its test). */
export function gateTableRows(): readonly GateRow[] {
  return JSON.parse(GATE_TABLE) as GateRow[];
}
