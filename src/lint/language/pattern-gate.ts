/**
 * Whether any of `patterns` matches somewhere in `text`, each tried with its own flags (a global pattern's
 * `lastIndex` is reset before and after): a family's gate, exactly "some pattern of the family would match".
 *
 * Not one alternation of all the sources: V8 runs a pattern's first match in its bytecode interpreter and compiles
 * it on the second, and an alternation of ~10,000 characters interpreted over the sentences of a document, then
 * compiled, was most of a one-document `debrief lint` (the three family gates: 1,470 -> 1,050 ms CPU for
 * `lint FILE`, load ~18). Small patterns also keep V8's literal prefilters; warm throughput is the same.
 */
export function anyMatches(patterns: readonly RegExp[], text: string): boolean {
  for (const pattern of patterns) {
    pattern.lastIndex = 0;
    const hit = pattern.test(text);
    pattern.lastIndex = 0;
    if (hit) return true;
  }
  return false;
}

/**
 * Call `fn` with every match of the global `pattern` in `text`, collected first so `fn` may use the same pattern
 * (`lastIndex` is reset before and after).
 */
export function eachMatch(pattern: RegExp, text: string, fn: (m: RegExpExecArray) => void): void {
  pattern.lastIndex = 0;
  const found: RegExpExecArray[] = [];
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) found.push(m);
  pattern.lastIndex = 0;
  for (const m of found) fn(m);
}
