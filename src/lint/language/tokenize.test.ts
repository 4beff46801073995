import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitSentences, type Token, tokenize } from "./tokenize.js";

/** The tokeniser as the regular expression it implements (the reference for the hand-written scan). */
function tokenizeWithRegex(text: string, offset = 0): Token[] {
  const re = /@?[\p{L}\p{N}_]+(?:[-'’./:][\p{L}\p{N}_]+)*|[^\s\p{L}\p{N}_]/gu;
  const tokens: Token[] = [];
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const t = m[0];
    const first = t.charCodeAt(0);
    const lower = t.toLowerCase();
    tokens.push({
      text: t,
      lower: lower.includes("’") ? lower.replace(/’/g, "'") : lower,
      start: m.index + offset,
      end: m.index + t.length + offset,
      capitalised: first >= 65 && first <= 90 ? true : first > 127 ? t[0] !== t[0]?.toLowerCase() : false,
      punct: t.length === 1 && !/[\p{L}\p{N}_]/u.test(t),
    });
  }
  return tokens;
}

describe("tokenize", () => {
  it("keeps identifiers, handles and possessives whole", () => {
    expect(tokenize("@ops-kim's api.example.com on-call didn't v1.2.3 10:22").map((t) => t.text)).toEqual([
      "@ops-kim's",
      "api.example.com",
      "on-call",
      "didn't",
      "v1.2.3",
      "10:22",
    ]);
  });
  it("is exactly the regular expression it replaces (property)", () => {
    const tricky = fc.constantFrom(
      ..."aZ09_ @-'’./:,;!?()\"“”—–\n\t\u00a0\u2003\u3000\ufeffÉéßİK٣文😀𝐀\u0301".split(""),
      "\ud800",
      "\udc00",
      "@@",
      "n't",
      "'s",
    );
    const texts = fc.oneof(
      fc.array(tricky, { maxLength: 40 }).map((a) => a.join("")),
      fc.string({ unit: "binary", maxLength: 60 }),
      fc.string({ maxLength: 80 }),
    );
    fc.assert(
      fc.property(texts, fc.nat(50), (text, offset) => {
        expect(tokenize(text, offset)).toStrictEqual(tokenizeWithRegex(text, offset));
      }),
      { numRuns: 20_000 },
    );
  });
  it("marks capitals and punctuation", () => {
    const [a, b] = tokenize("Alice ,");
    expect(a?.capitalised).toBe(true);
    expect(b?.punct).toBe(true);
  });
});

const ABBREVIATIONS = new Set(
  "e.g i.e etc vs mr mrs ms dr approx incl cf fig no st jan feb mar apr jun jul aug sep sept oct nov dec".split(" "),
);

/** splitSentences as first written with regular expressions (the reference for the tuned version). */
function splitSentencesWithRegex(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  const push = (from: number, to: number) => {
    while (from < to && /\s/.test(text[from] ?? "")) from++;
    while (to > from && /\s/.test(text[to - 1] ?? "")) to--;
    if (to > from) spans.push({ start: from, end: to });
  };
  let start = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const isEnd = c === 46 || c === 33 || c === 63;
    const isBreak = c === 10 && i + 1 < n && text.charCodeAt(i + 1) === 10;
    if (!isEnd && !isBreak) continue;
    let j = i + 1;
    while (j < n && /["'”’)\]]/.test(text[j] ?? "")) j++;
    if (isEnd && j < n && !/\s/.test(text[j] ?? "")) continue;
    if (c === 46) {
      const before = /([\p{L}.]+)$/u.exec(text.slice(Math.max(start, i - 12), i));
      const word = before?.[1]?.toLowerCase();
      if (word && (ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word))) continue;
    }
    push(start, j);
    start = j;
    i = j - 1;
  }
  push(start, n);
  return spans;
}

describe("splitSentences", () => {
  it("is exactly the regular-expression version (property)", () => {
    const unit = fc.constantFrom(
      ..."ab Z.!?\n\t\"')]”’(\u00a0\u2003\u3000\ufeffé".split(""),
      "e.g.",
      "etc.",
      " x. ",
      "\n\n",
      "\r\n",
      "1.5",
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), (parts) => {
        const text = parts.join("");
        expect(splitSentences(text)).toEqual(splitSentencesWithRegex(text));
      }),
      { numRuns: 5000 },
    );
  });

  it("splits on final punctuation followed by space, not on decimals, hosts or abbreviations", () => {
    const text = "Latency was 1.5 s on api.example.com, e.g. for EU. Then it recovered! Why? Because.";
    expect(splitSentences(text).map((s) => text.slice(s.start, s.end))).toEqual([
      "Latency was 1.5 s on api.example.com, e.g. for EU.",
      "Then it recovered!",
      "Why?",
      "Because.",
    ]);
  });
  it("produces ordered, non-overlapping spans inside the text (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        let last = 0;
        for (const s of splitSentences(text)) {
          expect(s.start).toBeGreaterThanOrEqual(last);
          expect(s.end).toBeGreaterThan(s.start);
          expect(s.end).toBeLessThanOrEqual(text.length);
          last = s.end;
        }
        for (const t of tokenize(text)) expect(text.slice(t.start, t.end)).toBe(t.text);
      }),
      { numRuns: 500 },
    );
  });
});
