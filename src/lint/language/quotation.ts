/**
 * Quotation in a sentence: which tokens, or which offset, lie inside quotation marks (double or typographic quotes,
 * and single quotes that open after a space and close before one; inside a word a single quote is an apostrophe).
 * Reported speech and mentioned words are not the writer's own blame.
 * @module
 */
import type { Token } from "./tokenize.js";

/** Per token, whether it starts inside quotation marks (the state {@link quoted} computes, in one pass). */
export function quotedTokens(sentence: string, tokens: readonly Token[]): boolean[] {
  const out = new Array<boolean>(tokens.length).fill(false);
  if (!/["“”'‘]/.test(sentence)) return out;
  let open = false;
  let single = false;
  let t = 0;
  for (let i = 0; i <= sentence.length && t < tokens.length; i++) {
    while (t < tokens.length && (tokens[t]?.start ?? 0) === i) out[t++] = open || single;
    const c = sentence[i];
    if (c === '"' || c === "“" || c === "”") open = c === "”" ? false : c === "“" ? true : !open;
    else if (c === "'" || c === "‘" || c === "’") {
      const before = i === 0 ? " " : (sentence[i - 1] ?? " ");
      const after = sentence[i + 1] ?? " ";
      if (!single && /[\s([]/.test(before) && /\S/.test(after) && c !== "’") single = true;
      else if (single && /[\s.,;:!?)\]]/.test(after) && /\S/.test(before)) single = false;
    }
  }
  return out;
}
export function quoted(sentence: string, index: number): boolean {
  let open = false;
  let single = false;
  for (let i = 0; i < index; i++) {
    const c = sentence[i];
    if (c === '"' || c === "“" || c === "”") open = c === "”" ? false : c === "“" ? true : !open;
    else if (c === "'" || c === "‘" || c === "’") {
      // a single quote opens after a space or at the start and closes before one; inside a word it is an apostrophe
      const before = i === 0 ? " " : (sentence[i - 1] ?? " ");
      const after = sentence[i + 1] ?? " ";
      if (!single && /[\s([]/.test(before) && /\S/.test(after) && c !== "’") single = true;
      else if (single && /[\s.,;:!?)\]]/.test(after) && /\S/.test(before)) single = false;
    }
  }
  return open || single;
}
