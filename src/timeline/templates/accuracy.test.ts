import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeTemplateText, scoreParsing } from "./accuracy.js";

describe("scoreParsing", () => {
  it("scores GA, PA, FGA and FTA on a crafted example", () => {
    // truth: A = lines 0,1,2 ; B = lines 3,4 ; C = line 5
    const truthGroups = ["A", "A", "A", "B", "B", "C"];
    const truthTemplates = ["a <*>", "a <*>", "a <*>", "b <*>", "b <*>", "c"];
    // predicted: lines 0-2 one group with the right template; B split in two; C right group, wrong template
    const predicted = [1, 1, 1, 2, 3, 4];
    const predictedTemplates = ["a <*>", "a <*>", "a <*>", "b <*>", "b x", "c d"];
    const s = scoreParsing(truthGroups, truthTemplates, predicted, predictedTemplates);
    expect(s.groupAccuracy).toBeCloseTo(4 / 6);
    expect(s.parsingAccuracy).toBeCloseTo(4 / 6);
    // groups: 2 of 4 predicted correct, 2 of 3 true found
    const p = 2 / 4;
    const r = 2 / 3;
    expect(s.fga).toBeCloseTo((2 * p * r) / (p + r));
    // templates: only the A group is right in both grouping and text
    const tp = 1 / 4;
    const tr = 1 / 3;
    expect(s.fta).toBeCloseTo((2 * tp * tr) / (tp + tr));
    expect(s.predictedGroups).toBe(4);
    expect(s.truthGroups).toBe(3);
  });

  it("counts an over-merged group as wrong for all of its lines", () => {
    const s = scoreParsing(["A", "B"], ["x", "y"], [0, 0], ["<*>", "<*>"]);
    expect(s.groupAccuracy).toBe(0);
    expect(s.fga).toBe(0);
  });

  it("compares templates after whitespace normalisation only", () => {
    expect(normalizeTemplateText("  a  <*>\tb ")).toBe("a <*> b");
    const s = scoreParsing(["A"], ["startingDisplayed =  false"], [0], ["startingDisplayed = false"]);
    expect(s.parsingAccuracy).toBe(1);
    const t = scoreParsing(["A"], ["<*>:<*>"], [0], ["<*>"]);
    expect(t.parsingAccuracy).toBe(0);
  });

  it("rejects arrays of different lengths", () => {
    expect(() => scoreParsing(["A"], ["a"], [], [])).toThrow(/differ in length/);
  });

  it("handles empty input", () => {
    expect(scoreParsing([], [], [], []).groupAccuracy).toBe(0);
  });

  it("property: a perfect parse scores 1 everywhere; relabelling groups changes nothing", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 50 }), (groups) => {
        const truth = groups.map((g) => `E${g}`);
        const templates = groups.map((g) => `template ${g} <*>`);
        const relabelled = groups.map((g) => 100 - g);
        const s = scoreParsing(truth, templates, relabelled, templates);
        expect([s.groupAccuracy, s.parsingAccuracy, s.fga, s.fta]).toEqual([1, 1, 1, 1]);
      }),
    );
  });
});
