/**
 * A big alternation run branch by branch, each branch only where its own required words are (pattern-gate.ts).
 * V8 compiles a pattern on its first executions, and the cost follows the bounded repeats it unrolls
 * (`(?:\w+\s+){0,3}?`), not the length: the first run of the agent-act fault mark cost 45-53 ms of CPU even on "x".
 * Split into its top-level branches, a sentence compiles and runs only the few branches its words admit.
 *
 * Exactly the same answers: `P(?:A|B)S` is `PAS|PBS` when the prefix `P` makes no choices (empty or `\b`), and the
 * leftmost match of `A|B|C` is the earliest of the branches' own leftmost matches, a tie going to the branch listed
 * first (the one the whole pattern tries first at that position). A branch that cannot match is skipped.
 * @module
 */
import { mayMatch } from "./pattern-gate.js";

/**
 * The top-level branches of `source`, distributed over a leading non-capturing group (`\b(?:A|B)S` gives `\bA S`,
 * `\bB S`), through any number of such wrapping groups (a branch is not split further: its copies would each
 * compile the shared suffix); `[source]` when it has no alternation to split or splitting could change its meaning
 * (capturing groups or back-references renumbered, a quantified group). With `anyPrefix` the group may follow a
 * prefix that makes choices of its own (`^[^,;.]{0,70}?\b(?:A|B)`), and the unquantified group with the most branches
 * is the one split: the branches then match exactly where the whole does (`P(?:A|B)S` matches iff `PAS` or `PBS`
 * does), but the whole's match may differ from the earliest branch's (its prefix's choices come first), so only
 * `test` may use them.
 */
export function splitBranches(source: string, anyPrefix = false): string[] {
  if (/\((?!\?)|\(\?<[^=!]|\\[1-9]|\\k</.test(source)) return [source];
  const alts = topLevel(source);
  if (alts === null) return [source];
  if (alts.length > 1) return alts;
  // one branch: a group `P(?:inner)S` whose inner alternation distributes over the rest; for exact matches the first
  // group with a prefix that makes no choices, else the unquantified group with the most branches
  let best: { start: number; end: number; inner: string[] } | null = null;
  for (const { start, end } of groups(source)) {
    if (!source.startsWith("(?:", start) || /^[*+?{]/.test(source.slice(end + 1))) continue;
    if (!anyPrefix && !["", "\\b"].includes(source.slice(0, start))) break;
    const inner = splitBranches(source.slice(start + 3, end), anyPrefix);
    if (inner.length > (best?.inner.length ?? 1)) best = { start, end, inner };
    if (!anyPrefix) break;
  }
  if (best === null) return [source];
  const { start, end, inner } = best;
  return inner.map((b) => `${source.slice(0, start)}(?:${b})${source.slice(end + 1)}`);
}

/** Skip an escape or a character class at `i`; the index after it, or `i` when neither starts there. */
function skip(source: string, i: number): number {
  const c = source[i];
  if (c === "\\") return i + 2;
  if (c !== "[") return i;
  let j = i + 1;
  if (source[j] === "^") j++;
  if (source[j] === "]") j++;
  while (j < source.length && source[j] !== "]") j += source[j] === "\\" ? 2 : 1;
  return j + 1;
}

/** `source` cut at its depth-0 `|`, or null when its brackets do not balance. */
function topLevel(source: string): string[] | null {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < source.length; ) {
    const next = skip(source, i);
    if (next !== i) {
      i = next;
      continue;
    }
    const c = source[i];
    if (c === "(") depth++;
    else if (c === ")") {
      depth--;
      if (depth < 0) return null;
    } else if (c === "|" && depth === 0) {
      parts.push(source.slice(from, i));
      from = i + 1;
    }
    i++;
  }
  if (depth !== 0) return null;
  parts.push(source.slice(from));
  return parts;
}

/** The depth-0 groups of `source`: the indexes of each `(` and its matching `)`. */
function groups(source: string): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < source.length; ) {
    const next = skip(source, i);
    if (next !== i) {
      i = next;
      continue;
    }
    const c = source[i];
    if (c === "(") {
      if (depth === 0) start = i;
      depth++;
    } else if (c === ")") {
      depth--;
      if (depth === 0) found.push({ start, end: i });
    }
    i++;
  }
  return found;
}

/**
 * A non-global pattern answered through its branches, each gated by its own required words. `test` and `exec` give
 * what the whole pattern gives (`exec`: index, input and the matched text; the pattern has no capturing groups).
 * Where the prefix before the alternation makes choices, `exec` runs the whole pattern, and only where a branch matches.
 */
export class BranchedPattern {
  private branches: RegExp[] | undefined;
  /** Whether the earliest branch match is the whole pattern's match (the prefix makes no choices). */
  private exact = false;

  /** @param whole the pattern; a global or sticky one, or one that does not split, is answered whole as it is. */
  constructor(readonly whole: RegExp) {}

  /** The branches as patterns (the whole pattern alone when it does not split), for a family's list. */
  patterns(): readonly RegExp[] {
    return this.parts();
  }

  private parts(): RegExp[] {
    if (this.branches === undefined) {
      const { flags, source } = this.whole;
      // the exact split first; the test-only one (a second parse of the source) only where that one does not split
      let split = /[gy]/.test(flags) ? [source] : splitBranches(source);
      this.exact = split.length > 1;
      if (!this.exact && !/[gy]/.test(flags)) split = splitBranches(source, true);
      this.branches = split.length < 2 ? [this.whole] : split.map((b) => new RegExp(b, flags));
    }
    return this.branches;
  }

  /** Whether the whole pattern matches somewhere in `text`. */
  test(text: string): boolean {
    const parts = this.parts();
    if (parts[0] === this.whole) return this.whole.test(text);
    for (const b of parts) if (mayMatch(b, text) && b.test(text)) return true;
    return false;
  }

  /** The whole pattern's leftmost match in `text`, or null. */
  exec(text: string): RegExpExecArray | null {
    const parts = this.parts();
    if (parts[0] === this.whole) return this.whole.exec(text);
    if (!this.exact) return this.test(text) ? this.whole.exec(text) : null;
    let best: RegExpExecArray | null = null;
    for (const b of parts) {
      if (!mayMatch(b, text)) continue;
      const m = b.exec(text);
      if (m !== null && (best === null || m.index < best.index)) {
        best = m;
        if (m.index === 0) break;
      }
    }
    return best;
  }
}
