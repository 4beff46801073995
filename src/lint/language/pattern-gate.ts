/**
 * Running the blame patterns only where they can match: each pattern's required words are read from its source the
 * first time it is used (required-words.ts), and one index from those words to the patterns tells, per sentence,
 * which patterns have a word in it. A pattern without one of its words in the sentence cannot match, so skipping it
 * changes nothing; it also never runs (V8 interprets, then compiles, a pattern on its first uses, which was most of a
 * one-document `debrief lint`), so start-up pays only for the patterns the document needs.
 * @module
 */
import { requiredWords } from "./required-words.js";

interface Gate {
  /** Index in the per-sentence table. */
  id: number;
  /** False when no required word could be read: the pattern always runs. */
  gated: boolean;
}

const gates = new WeakMap<RegExp, Gate>();
// The index: a trie of the required words over 64 slots of lower-case ASCII (letters, digits and common punctuation
// each have their own; the rest of ASCII share the last, which can only admit more patterns, never fewer), in flat
// typed arrays: node k's child for slot c is children[k * 64 + c] (0: none; the root, node 0, is nobody's child).
const SLOTS = 64;
const SLOT = new Int8Array(128).fill(SLOTS - 1);
{
  const own = "abcdefghijklmnopqrstuvwxyz0123456789_ -'.,:;/@#?!\"()[]";
  for (let k = 0; k < own.length; k++) SLOT[own.charCodeAt(k)] = k;
  for (let c = 65; c <= 90; c++) SLOT[c] = SLOT[c + 32] as number;
}
let children = new Int32Array(SLOTS * 1024);
let nodes = 1;
/** Patterns one of whose required words ends at each node. */
const ending: (number[] | undefined)[] = [undefined];
let patterns = 0;
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
    const words = requiredWords(pattern.source, pattern.flags);
    g = { id: patterns++, gated: words !== null };
    registered.push(pattern);
    for (const w of words ?? []) add(w, g.id);
    gates.set(pattern, g);
    version++;
  }
  return g;
}

function add(word: string, id: number): void {
  let node = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    const at = node * SLOTS + (c < 128 ? (SLOT[c] as number) : SLOTS - 1);
    let next = children[at] as number;
    if (next === 0) {
      next = nodes++;
      if (nodes * SLOTS > children.length) {
        const grown = new Int32Array(children.length * 2);
        grown.set(children);
        children = grown;
      }
      children[at] = next;
      ending.push(undefined);
    }
    node = next;
  }
  (ending[node] ??= []).push(id);
}

const isWord = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || (c >= 65 && c <= 90);

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
  if (admitted.length < patterns) admitted = new Int32Array(patterns * 2);
  const n = text.length;
  let prevWord = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const word = isWord(c);
    if (word && !prevWord) {
      let node = 0;
      for (let j = i; j < n; j++) {
        const d = text.charCodeAt(j);
        // past ASCII no required word goes on (non-ASCII letters never case-fold to ASCII in these patterns)
        if (d >= 128) break;
        node = children[node * SLOTS + (SLOT[d] as number)] as number;
        if (node === 0) break;
        const ids = ending[node];
        if (ids !== undefined) for (const id of ids) admitted[id] = stamp;
      }
    }
    prevWord = word;
  }
}

/** Whether `pattern` may match `text`: false only when none of its required words is in it. */
export function mayMatch(pattern: RegExp, text: string): boolean {
  if (!on) return true;
  return admits(gateOf(pattern), text);
}

function admits(g: Gate, text: string): boolean {
  if (!g.gated) return true;
  if (text !== scannedText || version !== scannedVersion) scan(text);
  return scannedAll || admitted[g.id] === stamp;
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
