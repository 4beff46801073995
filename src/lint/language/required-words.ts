/**
 * The words a regular expression cannot match without, read from its source: the gate each blame pattern gets
 * without anyone declaring it, so a pattern added later is gated correctly with no hand work.
 * @module
 */

/**
 * A sound set of "required words" of a pattern: every match of the pattern has, at a word start (an ASCII letter,
 * digit or `_` not preceded by one), one of these lower-case ASCII strings. `null` when none can be read from the
 * source (the pattern must then always run). Derived from the pattern's syntax only:
 * - a run of literal characters yields the text from each of its word starts (a word start is a word character after
 *   `\b`, `^`, the start of the run after a non-word character, or a non-word literal inside the run);
 * - a sequence picks the cheapest element's set (see {@link wordCost}), an alternation unites its branches' sets
 *   (none if one branch has none), a repeat counts only when it must match at least once, look-arounds add nothing.
 * Patterns with the `u` or `v` flag get `null` (case folding there maps non-ASCII letters to ASCII ones).
 * @param cost price of a word (lower is better); the default prefers long, uncommon words
 */
export function requiredWords(
  source: string,
  flags: string,
  cost: (word: string) => number = wordCost,
): string[] | null {
  if (flags.includes("u") || flags.includes("v")) return null;
  try {
    const ast = new Parser(source).parse();
    const r = alternation(ast, true, cost);
    return r.words === null ? null : [...new Set(r.words)];
  } catch {
    // a source this reader does not understand is left ungated: slower, never wrong
    return null;
  }
}

/** Ends a required word that must be whole: the character after it is not a word character (or there is none). */
export const WORD_END = "\u0000";

/** Clauses that all hold: each clause is a set of words one of which is at a word start of every match. */
type Term = string[][];

/**
 * A sharper gate than {@link requiredWords}: terms, one of which holds in every match; a term holds when each of its
 * clauses has one of its words at a word start (for "(?:should|must) (?:always )?(?:check|read)": should or must, and
 * check or read). `null` exactly when {@link requiredWords} is.
 */
export function requiredGate(source: string, flags: string): Term[] | null {
  if (flags.includes("u") || flags.includes("v")) return null;
  try {
    const r = alternation(new Parser(source).parse(), true, wordCost);
    if (r.terms === null) return null;
    // the terms of an alternation share the clauses added to them: dedupe each clause once, keeping the sharing
    const unique = new Map<string[], string[]>();
    const dedupe = (clause: string[]): string[] => {
      let u = unique.get(clause);
      if (u === undefined) {
        u = [...new Set(clause)];
        unique.set(clause, u);
      }
      return u;
    };
    return r.terms.map((t) => t.map(dedupe));
  } catch {
    return null;
  }
}

type Node =
  | { t: "char"; c: number }
  | { t: "set"; word: boolean }
  | { t: "assert"; boundary: boolean | undefined }
  | { t: "group"; alts: Node[][] }
  | { t: "repeat"; body: Node; min: number; max: number };

const isWordCode = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

const rangeHasWord = (lo: number, hi: number): boolean =>
  (lo <= 57 && hi >= 48) || (lo <= 90 && hi >= 65) || (lo <= 95 && hi >= 95) || (lo <= 122 && hi >= 97);

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): Node[][] {
    const alts = this.alternatives();
    if (this.i < this.s.length) throw new Error(`unexpected ${this.s[this.i]}`);
    return alts;
  }

  private alternatives(): Node[][] {
    const alts: Node[][] = [[]];
    while (this.i < this.s.length) {
      const ch = this.s[this.i];
      if (ch === ")") break;
      if (ch === "|") {
        this.i++;
        alts.push([]);
        continue;
      }
      const atom = this.atom();
      (alts[alts.length - 1] as Node[]).push(this.quantified(atom));
    }
    return alts;
  }

  private quantified(atom: Node): Node {
    const ch = this.s[this.i];
    let min = -1;
    let max = 0;
    if (ch === "*") [min, max] = [0, Infinity];
    else if (ch === "+") [min, max] = [1, Infinity];
    else if (ch === "?") [min, max] = [0, 1];
    else if (ch === "{") {
      const close = this.s.indexOf("}", this.i);
      const inner = close < 0 ? "" : this.s.slice(this.i + 1, close);
      const comma = inner.indexOf(",");
      const lo = comma < 0 ? inner : inner.slice(0, comma);
      const hi = comma < 0 ? lo : inner.slice(comma + 1);
      const digits = (t: string) => t.length > 0 && [...t].every((d) => d >= "0" && d <= "9");
      // a literal "{" (non-unicode patterns allow it)
      if (!digits(lo) || (hi !== "" && !digits(hi))) return atom;
      min = Number(lo);
      max = hi === "" ? Infinity : Number(hi);
      this.i = close;
    }
    if (min < 0) return atom;
    this.i++;
    if (this.s[this.i] === "?") this.i++;
    if (atom.t === "assert") return atom;
    return { t: "repeat", body: atom, min, max };
  }

  private atom(): Node {
    const s = this.s;
    const ch = s[this.i] as string;
    this.i++;
    if (ch === "^") return { t: "assert", boundary: true };
    if (ch === "$") return { t: "assert", boundary: undefined };
    if (ch === ".") return { t: "set", word: true };
    if (ch === "[") return this.charClass();
    if (ch === "(") {
      let look = false;
      if (s.startsWith("?:", this.i)) this.i += 2;
      else if (s.startsWith("?=", this.i) || s.startsWith("?!", this.i)) [this.i, look] = [this.i + 2, true];
      else if (s.startsWith("?<=", this.i) || s.startsWith("?<!", this.i)) [this.i, look] = [this.i + 3, true];
      else if (s.startsWith("?<", this.i)) this.i = s.indexOf(">", this.i) + 1;
      else if (s[this.i] === "?") throw new Error("unknown group");
      const alts = this.alternatives();
      if (s[this.i] !== ")") throw new Error("unclosed group");
      this.i++;
      return look ? { t: "assert", boundary: undefined } : { t: "group", alts };
    }
    if (ch === "\\") return this.escape(false);
    return { t: "char", c: ch.charCodeAt(0) };
  }

  /** After a backslash; in a class, `\b` is a backspace. */
  private escape(inClass: boolean): Node {
    const s = this.s;
    const e = s[this.i] as string;
    this.i++;
    if (!inClass && (e === "b" || e === "B")) return { t: "assert", boundary: e === "b" };
    if ("dwSD".includes(e)) return { t: "set", word: true };
    if ("sW".includes(e)) return { t: "set", word: false };
    if ("ntrfv0".includes(e) && !/\d/.test(s[this.i] ?? "")) return { t: "set", word: false };
    if (e === "b") return { t: "set", word: false };
    if (e === "u" || e === "x") {
      const n = e === "u" ? 4 : 2;
      const hex = s.slice(this.i, this.i + n);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n) throw new Error("escape");
      this.i += n;
      return { t: "char", c: Number.parseInt(hex, 16) };
    }
    if (e === "c" || e === "k" || e === "p" || e === "P" || /\d/.test(e)) throw new Error("escape");
    return { t: "char", c: e.charCodeAt(0) };
  }

  private charClass(): Node {
    const s = this.s;
    const negated = s[this.i] === "^";
    if (negated) this.i++;
    let word = false;
    const members: number[] = [];
    let first = true;
    while (this.i < s.length && (s[this.i] !== "]" || first)) {
      first = false;
      let code: number;
      if (s[this.i] === "\\") {
        this.i++;
        const n = this.escape(true);
        if (n.t === "set") {
          word ||= n.word;
          members.push(-1);
          continue;
        }
        code = n.t === "char" ? n.c : -1;
      } else code = (s[this.i++] as string).charCodeAt(0);
      if (s[this.i] === "-" && s[this.i + 1] !== "]" && this.i + 1 < s.length) {
        this.i++;
        let to: number;
        if (s[this.i] === "\\") {
          this.i++;
          const hi = this.escape(true);
          to = hi.t === "char" ? hi.c : 0x10ffff;
        } else to = s.charCodeAt(this.i++);
        // a range reaching into the ASCII word characters may match one
        if (code < 0 || rangeHasWord(code, to)) word = true;
        members.push(-1);
        continue;
      }
      if (isWordCode(code)) word = true;
      members.push(code);
    }
    if (s[this.i] !== "]") throw new Error("unclosed class");
    this.i++;
    if (negated) return { t: "set", word: true };
    if (members.length === 1 && (members[0] as number) >= 0) return { t: "char", c: members[0] as number };
    return { t: "set", word };
  }
}

interface Req {
  /** Required words (one of them at a word start in every match), or null for none known. */
  words: string[] | null;
  cost: number;
  /** A sharper gate: some term has a word of each of its clauses (null exactly when `words` is). */
  terms: Term[] | null;
  termsCost: number;
  /** Whether the position after a match of the element is a word boundary before a word character. */
  end: boolean;
}

function alternation(alts: readonly Node[][], entry: boolean, cost: (w: string) => number): Req {
  let words: string[] | null = [];
  let terms: Term[] | null = [];
  let total = 0;
  let termsTotal = 0;
  let end = true;
  for (const alt of alts) {
    const r = sequence(alt, entry, cost);
    end &&= r.end;
    if (r.words === null || words === null || r.terms === null || terms === null) {
      words = null;
      terms = null;
    } else {
      words.push(...r.words);
      total += r.cost;
      terms.push(...r.terms);
      termsTotal += r.termsCost;
    }
  }
  return {
    words,
    cost: words === null ? Infinity : total,
    terms,
    termsCost: terms === null ? Infinity : termsTotal,
    end,
  };
}

function sequence(items: readonly Node[], entry: boolean, cost: (w: string) => number): Req {
  // the cheapest clause of each element (a run of literal text, a group, a repeat), and the cheapest overall
  const clauses: { words: string[]; cost: number; terms: Term[] }[] = [];
  let run = "";
  let starts: number[] = [];
  // wordEnd: what follows the run cannot be a word character, so its last word is whole ("check\b" is not "checkout")
  const flush = (wordEnd = false) => {
    let best: { words: string[]; cost: number; terms: Term[] } | undefined;
    const whole = wordEnd && run.length > 0 && isWordCode(run.charCodeAt(run.length - 1));
    for (const p of starts) {
      const w = whole ? `${run.slice(p)}${WORD_END}` : run.slice(p);
      const c = cost(w);
      if (best === undefined || c < best.cost) best = { words: [w], cost: c, terms: [[[w]]] };
    }
    if (best) clauses.push(best);
    run = "";
    starts = [];
  };
  let b = entry;
  for (const node of items) {
    if (node.t === "char") {
      if (node.c > 127) {
        // a non-ASCII character is not a word character for \b, and its case folding is not read here
        flush(true);
        b = true;
        continue;
      }
      const lower = String.fromCharCode(node.c).toLowerCase();
      const word = isWordCode(node.c);
      if (word && b) starts.push(run.length);
      run += lower;
      b = !word;
    } else if (node.t === "assert") {
      if (node.boundary === true) flush(true);
      if (node.boundary !== undefined) b = node.boundary;
    } else if (node.t === "set") {
      flush(!node.word);
      b = !node.word;
    } else if (node.t === "group") {
      flush();
      const r = alternation(node.alts, b, cost);
      if (r.words && r.terms) clauses.push({ words: r.words, cost: r.cost, terms: r.terms });
      b = r.end;
    } else {
      flush();
      const body = node.body.t === "group" ? node.body.alts : [[node.body]];
      const first = alternation(body, b, cost);
      if (node.min >= 1 && first.words && first.terms)
        clauses.push({ words: first.words, cost: first.cost, terms: first.terms });
      // the entry of a later round is the end of the one before: read with no boundary assumed
      const last = node.max <= 1 ? first.end : endOf(body, false);
      b = node.min === 0 ? b && last : last;
    }
  }
  flush();
  if (clauses.length === 0) return { words: null, cost: Infinity, terms: null, termsCost: Infinity, end: b };
  clauses.sort((x, y) => x.cost - y.cost);
  const one = clauses[0] as (typeof clauses)[number];
  // the cheapest element's own terms, each with the next cheapest elements' clauses added: all must be there, so
  // every clause added only makes the gate sharper
  const extra = clauses.slice(1, 3).map((c) => c.words);
  const terms = one.terms.map((t) => [...t, ...extra].slice(0, Math.max(t.length, MAX_CLAUSES)));
  return { words: one.words, cost: one.cost, terms, termsCost: one.cost, end: b };
}

/** Clauses a term keeps at most. */
const MAX_CLAUSES = 3;

/** Just the `end` of {@link alternation} (no words): linear, where recomputing the words would not be. */
function endOf(alts: readonly Node[][], entry: boolean): boolean {
  let all = true;
  for (const alt of alts) {
    let b = entry;
    for (const node of alt) {
      if (node.t === "char") b = node.c > 127 || !isWordCode(node.c);
      else if (node.t === "assert") b = node.boundary ?? b;
      else if (node.t === "set") b = !node.word;
      else if (node.t === "group") b = endOf(node.alts, b);
      else {
        const body = node.body.t === "group" ? node.body.alts : [[node.body]];
        const last = node.max <= 1 ? endOf(body, b) : endOf(body, false);
        b = node.min === 0 ? b && last : last;
      }
    }
    all &&= b;
  }
  return all;
}

// Words so common that a gate on them lets nearly every sentence through.
const COMMON = new Set(
  (
    "a an and or of to in on at by for with from as is was were are be been being has have had do does did not no " +
    "it its this that these those there then than so if but we our us i you he she they them their his her him who " +
    "what which when why how all any some one two can could would should will may might must after before into over " +
    "out up down off again about also just only more most very such each other own same until while because since " +
    "through during without per make made get got take took go went see people team time use used new run ran set " +
    "the s t"
  ).split(" "),
);

/** Price of a required word: how often it may be in a sentence (common words and short prefixes are dear). */
export function wordCost(word: string): number {
  if (word.endsWith(WORD_END)) return wordCost(word.slice(0, -1)) * 0.5;
  // split on non-word characters by hand: a regex split makes a new RegExp per call, and this runs for every word
  // start of every pattern on the first lint of a process
  let c = 0;
  let k = 0;
  for (let i = 0; i <= word.length; i++) {
    if (i < word.length && isWordCode(word.charCodeAt(i))) continue;
    if (i > k) {
      const part = word.slice(k, i);
      if (c === 0)
        c = COMMON.has(part) ? 1 : part.length <= 2 ? 0.5 : part.length <= 3 ? 0.1 : part.length <= 5 ? 0.02 : 0.01;
      // each further word must follow right after: much rarer
      else c *= COMMON.has(part) ? 0.5 : 0.1;
    }
    k = i + 1;
  }
  return c === 0 ? 1 : c;
}
