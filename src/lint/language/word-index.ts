/**
 * An index of words looked up at the word starts of a text: the one scan behind the blame detector's gates
 * (pattern-gate.ts, blame-prefilter.ts) instead of a regular expression of hundreds of alternatives, which V8 has to
 * interpret, then compile, on the first sentences of every `debrief lint` run.
 * @module
 */

// A trie over 64 slots of lower-case ASCII (letters, digits and common punctuation each have their own; the rest of
// ASCII share the last, which can only report more words, never fewer), in a flat typed array: node k's child for
// slot c is children[k * 64 + c] (0: none; the root, node 0, is nobody's child).
const SLOTS = 64;
const SLOT = new Int8Array(128).fill(SLOTS - 1);
{
  const own = "abcdefghijklmnopqrstuvwxyz0123456789_ -'.,:;/@#?!\"()[]";
  for (let k = 0; k < own.length; k++) SLOT[own.charCodeAt(k)] = k;
  for (let c = 65; c <= 90; c++) SLOT[c] = SLOT[c + 32] as number;
}

/** The slot of the end of a word (U+0000 in an added word): the next character is not a word character. */
const END = 62;
SLOT[0] = END;

/** An ASCII letter, digit or `_`: a word character of a regular expression without the `u` flag. */
export const isWordCode = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || (c >= 65 && c <= 90);

/** Lower-case ASCII words, each with numbers attached, found at the word starts of a text whatever its case. */
export class WordIndex {
  private children = new Int32Array(SLOTS * 4096);
  private nodes = 1;
  private readonly ending: (number[] | undefined)[] = [undefined];

  /**
   * Attach `value` to `word` (lower-case ASCII; other characters only ever match more). A word ending in U+0000 is
   * whole: found only where the character after it is not an ASCII word character.
   */
  add(word: string, value: number): void {
    let node = 0;
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i);
      const at = node * SLOTS + (c < 128 ? (SLOT[c] as number) : SLOTS - 1);
      let next = this.children[at] as number;
      if (next === 0) {
        next = this.nodes++;
        if (this.nodes * SLOTS > this.children.length) {
          const grown = new Int32Array(this.children.length * 2);
          grown.set(this.children);
          this.children = grown;
        }
        this.children[at] = next;
        this.ending.push(undefined);
      }
      node = next;
    }
    (this.ending[node] ??= []).push(value);
  }

  /**
   * Call `visit(value, start)` for every word of the index that `text` holds from a word start (an ASCII word
   * character not preceded by one), ASCII letters compared without case; non-ASCII characters all match each other
   * (more words reported, never fewer). No non-ASCII character case-folds to an ASCII one in a pattern without the
   * `u` flag; U+0130 and U+212A do under `toLowerCase`, and callers treat texts holding them apart.
   */
  scan(text: string, visit: (value: number, start: number) => void): void {
    const { children, ending } = this;
    const n = text.length;
    let prevWord = false;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      const word = isWordCode(c);
      if (word && !prevWord) {
        let node = 0;
        for (let j = i; j < n; j++) {
          const d = text.charCodeAt(j);
          node = children[node * SLOTS + (d < 128 ? (SLOT[d] as number) : SLOTS - 1)] as number;
          if (node === 0) break;
          const values = ending[node];
          if (values !== undefined) for (const v of values) visit(v, i);
          // a whole word ends here when the next character is not a word character
          const whole = children[node * SLOTS + END] as number;
          if (whole !== 0 && (j + 1 === n || !isWordCode(text.charCodeAt(j + 1)))) {
            const words = ending[whole];
            if (words !== undefined) for (const v of words) visit(v, i);
          }
        }
      }
      prevWord = word;
    }
  }
}
