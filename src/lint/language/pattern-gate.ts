/**
 * Running the blame patterns only where they can match: each pattern's required words are read from its source the
 * first time it is used (required-words.ts), and one index from those words to the patterns tells, per sentence,
 * which patterns have a word in it. A pattern without one of its words in the sentence cannot match, so skipping it
 * changes nothing; it also never runs (V8 interprets, then compiles, a pattern on its first uses, which was most of a
 * one-document `debrief lint`), so start-up pays only for the patterns the document needs.
 * @module
 */
import { gateTerms } from "./precomputed-gates.js";
import { WordIndex } from "./word-index.js";

interface Gate {
  /**
   * The pattern may match where, for some term, every clause has one of its words (clause ids index the per-sentence
   * table); null when no required word could be read: the pattern always runs.
   */
  terms: number[][] | null;
}

const gates = new WeakMap<RegExp, Gate>();
/** Required word -> ids of the patterns that have it. */
const index = new WordIndex();
let clauses = 0;
const registered: RegExp[] = [];
let version = 0;
let on = true;

// the last sentence scanned: the patterns run on it one after another
let scannedText: string | undefined;
let scannedVersion = -1;
let scannedAll = false;
let stamp = 0;
let admitted = new Int32Array(256);

function gateOf(pattern: RegExp): Gate {
  let g = gates.get(pattern);
  if (g === undefined) {
    // read at build time (gate-table.ts) where the table has the pattern, else from its source now
    const terms = gateTerms(pattern.source, pattern.flags);
    // the terms of a big alternation share their added clauses (the same arrays): each is indexed once
    const ids = new Map<readonly string[], number>();
    g = {
      terms:
        terms?.map((term) =>
          term.map((clause) => {
            let id = ids.get(clause);
            if (id === undefined) {
              id = clauses++;
              ids.set(clause, id);
              for (const w of clause) index.add(w, id);
            }
            return id;
          }),
        ) ?? null,
    };
    registered.push(pattern);
    gates.set(pattern, g);
    version++;
  }
  return g;
}

/**
 * Mark the patterns with a required word at a word start of `text`. U+0130 and U+212A lower-case to ASCII letters
 * (and the first to two code units): a sentence holding either admits every pattern.
 */
function scan(text: string): void {
  scannedText = text;
  scannedVersion = version;
  stamp++;
  scannedAll = text.includes("\u0130") || text.includes("\u212a");
  if (scannedAll) return;
  if (admitted.length < clauses) admitted = new Int32Array(clauses * 2);
  index.scan(text, mark);
}

const mark = (id: number): void => {
  admitted[id] = stamp;
};

/** Whether `pattern` may match `text`: false only when none of its required words is in it. */
export function mayMatch(pattern: RegExp, text: string): boolean {
  if (!on) return true;
  return admits(gateOf(pattern), text);
}

function admits(g: Gate, text: string): boolean {
  const terms = g.terms;
  if (terms === null) return true;
  if (text !== scannedText || version !== scannedVersion) scan(text);
  if (scannedAll) return true;
  for (const term of terms) {
    let all = true;
    for (const id of term) {
      if (admitted[id] !== stamp) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

// the gates of a list of patterns, looked up once per call instead of once per pattern
const listGates = new WeakMap<readonly RegExp[], Gate[]>();

/** Every pattern gated so far, in the order first used (for tests). */
export function gatedPatterns(): readonly RegExp[] {
  return registered;
}

/**
 * Run `fn` with the gates switched off (every pattern runs on every sentence): the reference the gated analysis is
 * tested against.
 */
export function withoutGates<T>(fn: () => T): T {
  const before = on;
  on = false;
  try {
    return fn();
  } finally {
    on = before;
  }
}

/**
 * Whether any of `patterns` matches somewhere in `text`, each tried with its own flags (a global pattern's
 * `lastIndex` is reset before and after): a family's gate, exactly "some pattern of the family would match".
 *
 * Not one alternation of all the sources: V8 runs a pattern's first match in its bytecode interpreter and compiles
 * it on the second, and an alternation of ~10,000 characters interpreted over the sentences of a document, then
 * compiled, was most of a one-document `debrief lint`. Each pattern is tried only where its required words are.
 */
export function anyMatches(patterns: readonly RegExp[], text: string): boolean {
  let gs = listGates.get(patterns);
  if (gs === undefined || gs.length !== patterns.length) {
    gs = patterns.map(gateOf);
    listGates.set(patterns, gs);
  }
  for (let i = 0; i < patterns.length; i++) {
    const pattern = patterns[i] as RegExp;
    if (on && !admits(gs[i] as Gate, text)) continue;
    pattern.lastIndex = 0;
    const hit = pattern.test(text);
    pattern.lastIndex = 0;
    if (hit) return true;
  }
  return false;
}

/** `pattern.test(text)` where its required words are in `text` (for patterns that are not global). */
export function gatedTest(pattern: RegExp, text: string): boolean {
  return mayMatch(pattern, text) && pattern.test(text);
}

/**
 * Call `fn` with every match of the global `pattern` in `text`, collected first so `fn` may use the same pattern
 * (`lastIndex` is reset before and after).
 */
export function eachMatch(pattern: RegExp, text: string, fn: (m: RegExpExecArray) => void): void {
  if (!mayMatch(pattern, text)) return;
  pattern.lastIndex = 0;
  const found: RegExpExecArray[] = [];
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) found.push(m);
  pattern.lastIndex = 0;
  for (const m of found) fn(m);
}
