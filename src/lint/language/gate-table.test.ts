import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { gateRows, gateWorkload } from "../../../scripts/derive-lint-gates.js";
import { gatedPatterns } from "./pattern-gate.js";
import { encodeGate, type GateRow, gateTableRows, gateTerms, precomputedGate } from "./precomputed-gates.js";
import { requiredGate } from "./required-words.js";

describe("gate table (gate-table.ts, written by npm run gen:lint-gates)", () => {
  it("holds the gates of today's patterns: run `npm run gen:lint-gates` after changing one", () => {
    gateWorkload();
    const want = gateRows(gatedPatterns()).map((r) => JSON.stringify(r));
    const have = gateTableRows().map((r) => JSON.stringify(r));
    // a failure names the patterns whose rows differ (the first 60 characters of each source)
    const [w, h] = [new Set(want), new Set(have)];
    const differing = [...w, ...h]
      .filter((r) => !(w.has(r) && h.has(r)))
      .map((r) => (JSON.parse(r) as GateRow)[1].slice(0, 60));
    expect(differing, "gate-table.ts is out of date: run `npm run gen:lint-gates`").toEqual([]);
    expect(have).toEqual(want);
  });

  it("holds, for every row, exactly what required-words.ts reads from the pattern's source", () => {
    for (const row of gateTableRows()) {
      const [flags, source] = row;
      expect(encodeGate(source, flags, requiredGate(source, flags))).toEqual(row);
      expect(precomputedGate(source, flags)).toEqual(requiredGate(source, flags));
    }
  });

  it("leaves a pattern it does not have to be read from its source", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{3,8}(?: [a-z]{2,6}){0,2}$/), fc.constantFrom("", "i", "gi"), (w, flags) => {
        const source = `\\bnot-in-the-table-${w}\\b`;
        expect(precomputedGate(source, flags)).toBeUndefined();
        expect(gateTerms(source, flags)).toEqual(requiredGate(source, flags));
      }),
    );
  });
});
