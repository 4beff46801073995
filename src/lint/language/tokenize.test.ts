import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitSentences, tokenize } from "./tokenize.js";

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
  it("marks capitals and punctuation", () => {
    const [a, b] = tokenize("Alice ,");
    expect(a?.capitalised).toBe(true);
    expect(b?.punct).toBe(true);
  });
});

describe("splitSentences", () => {
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
