import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ENV_MISMATCH, FAULT_MARK, FAULT_MARK_WORD } from "./agent-act-patterns.js";
import { withoutGates } from "./pattern-gate.js";
import { BranchedPattern, splitBranches } from "./split-alternation.js";

const same = (p: BranchedPattern, text: string): void => {
  const whole = p.whole.exec(text);
  const split = p.exec(text);
  expect([split?.index, split?.[0]]).toEqual([whole?.index, whole?.[0]]);
  expect(p.test(text)).toBe(whole !== null);
};

describe("splitBranches", () => {
  it("splits top-level branches and distributes a leading group over its suffix", () => {
    expect(splitBranches("a|b\\|c|[|]")).toEqual(["a", "b\\|c", "[|]"]);
    expect(splitBranches("\\b(?:ab|c(?:d|e))\\b")).toEqual(["\\b(?:ab)\\b", "\\b(?:c(?:d|e))\\b"]);
    expect(splitBranches("(?:\\b(?:x|y))(?=z|$)")).toEqual(["(?:\\b(?:x))(?=z|$)", "(?:\\b(?:y))(?=z|$)"]);
  });

  it("keeps patterns whole where splitting could change a match", () => {
    expect(splitBranches("(a|b)c")).toEqual(["(a|b)c"]); // a capturing group
    expect(splitBranches("(?:a|b)+c")).toEqual(["(?:a|b)+c"]); // a quantified group
    expect(splitBranches("x?(?:a|b)")).toEqual(["x?(?:a|b)"]); // a prefix with choices, for exec
    expect(splitBranches("x?(?:a|b)", true)).toEqual(["x?(?:a)", "x?(?:b)"]); // fine for test
    expect(splitBranches("(?:a|b")).toEqual(["(?:a|b"]);
  });

  it("splits the agent-act fault marks", () => {
    expect(splitBranches(FAULT_MARK.source).length).toBeGreaterThan(20);
    expect(splitBranches(FAULT_MARK_WORD.source).length).toBeGreaterThan(20);
    expect(splitBranches(ENV_MISMATCH.source).length).toBeGreaterThan(1);
  });
});

describe("BranchedPattern", () => {
  const marks = [FAULT_MARK, FAULT_MARK_WORD, ENV_MISMATCH].map((p) => new BranchedPattern(p));
  const prefixed = new BranchedPattern(/^[^,;]{0,12}?\b(?:bad|wrong(?: one)?|one)\b/i);

  it("answers as the whole pattern on the labelled sentences and every clause cut from them", () => {
    const root = join(import.meta.dirname, "..", "..", "..");
    const sentences = readFileSync(join(root, "bench", "lint-eval", "sentences.jsonl"), "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { text: string }).text);
    expect(sentences.length).toBeGreaterThan(100);
    for (const s of sentences.slice(0, 400)) {
      const cut = s.indexOf(" ", s.length >> 1);
      for (const text of [s, s.slice(Math.max(0, cut))]) for (const p of [...marks, prefixed]) same(p, text);
    }
  });

  it("answers as the whole pattern on word salads of its own words, gated or not", () => {
    const words = [
      "wrong",
      "went",
      "without",
      "a",
      "review",
      "with",
      "no",
      "tests",
      "despite",
      "red",
      "build",
      "bad",
      "one",
      "production",
      "as",
      "their",
      "test",
      "went wrong",
      "invalid",
      "invalidated",
      "that",
      "which",
      "broke",
      "all",
      "laptop",
      "from",
      "his",
      ",",
      ".",
      "Sam",
      "PR",
      "on",
      "prod",
      "staging",
      "load-test",
      "still",
      "enabled",
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { maxLength: 14 }), (ws) => {
        const text = ws.join(" ");
        for (const p of [...marks, prefixed]) {
          same(p, text);
          withoutGates(() => same(p, text));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("answers a global pattern whole", () => {
    const p = new BranchedPattern(/a|b/g);
    expect(p.patterns()).toEqual([p.whole]);
    expect(p.test("xb")).toBe(true);
  });
});
