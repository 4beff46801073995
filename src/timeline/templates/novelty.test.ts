import { describe, expect, it } from "vitest";
import { findNovelTemplates, type TemplateOccurrences } from "./novelty.js";

const MIN = 60_000;
const baseline = { start: 0, end: 60 * MIN };
const window = { start: 60 * MIN, end: 90 * MIN };
const every = (from: number, to: number, step: number) => {
  const out: number[] = [];
  for (let t = from; t < to; t += step) out.push(t);
  return out;
};

describe("findNovelTemplates", () => {
  const steady: TemplateOccurrences = {
    templateId: "aaaa0001",
    template: "GET /health <*>",
    times: every(0, 90 * MIN, MIN),
    severity: "info",
  };
  const fresh: TemplateOccurrences = {
    templateId: "aaaa0002",
    template: "connection pool exhausted (<*>/<*> in use), waited <*>",
    times: every(70 * MIN, 80 * MIN, 1000),
    severity: "error",
  };
  const surging: TemplateOccurrences = {
    templateId: "aaaa0003",
    template: "retrying request <*>",
    times: [...every(0, 60 * MIN, 10 * MIN), ...every(60 * MIN, 90 * MIN, 10_000)],
    severity: "warning",
  };
  const strayInBaseline: TemplateOccurrences = {
    templateId: "aaaa0004",
    template: "cache miss storm on <*>",
    times: [5 * MIN, ...every(61 * MIN, 62 * MIN, 10_000)],
    severity: null,
  };

  it("finds new and surging templates, leaves steady ones out, and ranks by severity", () => {
    const novel = findNovelTemplates([steady, fresh, surging, strayInBaseline], window, baseline);
    expect(novel.map((n) => [n.templateId, n.kind])).toEqual([
      ["aaaa0002", "new"],
      ["aaaa0003", "surge"],
    ]);
    const f = novel[0];
    expect(f?.windowCount).toBe(600);
    expect(f?.baselineCount).toBe(0);
    expect(f?.surge).toBeNull();
    expect(f?.first).toBe(70 * MIN);
    expect(f?.last).toBe(80 * MIN - 1000);
    const s = novel[1];
    expect(s?.baselineCount).toBe(6);
    expect(s?.windowCount).toBe(180);
    expect(s?.surge).toBeCloseTo(6 / 0.1);
  });

  it("treats a template below the tiny baseline rate as absent", () => {
    const novel = findNovelTemplates([strayInBaseline], window, baseline, { maxBaselineRate: 1 / 30 });
    expect(novel.map((n) => n.kind)).toEqual(["new"]);
  });

  it("requires the surge count and ratio", () => {
    expect(findNovelTemplates([surging], window, baseline, { surgeRatio: 100 })).toEqual([]);
    expect(findNovelTemplates([surging], window, baseline, { minSurgeCount: 1000 })).toEqual([]);
  });

  it("with an empty baseline calls everything in the window new", () => {
    const novel = findNovelTemplates([steady], window, { start: window.start, end: window.start });
    expect(novel.map((n) => n.kind)).toEqual(["new"]);
  });

  it("breaks ties deterministically and ranks unknown severity last", () => {
    const a = { templateId: "b", template: "x", times: [window.start], severity: null };
    const b = { templateId: "a", template: "y", times: [window.start], severity: null };
    const c = { templateId: "c", template: "z", times: [window.start], severity: "debug" as const };
    expect(findNovelTemplates([a, b, c], window, baseline).map((n) => n.templateId)).toEqual(["c", "a", "b"]);
  });

  it("rejects malformed spans and options", () => {
    expect(() => findNovelTemplates([], { start: 2, end: 1 }, baseline)).toThrow(/window must be a time span/);
    expect(() => findNovelTemplates([], window, { start: Number.NaN, end: 1 })).toThrow(/baseline/);
    expect(() => findNovelTemplates([], window, baseline, { surgeRatio: -1 })).toThrow(/surgeRatio/);
  });
});
