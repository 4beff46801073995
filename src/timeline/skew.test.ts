import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../test/scenarios/prng.js";
import { bump, ERRORS, EVENTS, mark, pageFor, slotOf } from "./second-table.js";
import {
  correlationAt,
  correlations,
  detectOffsets,
  looksLikeZoneOffset,
  offsetFromCorrelation,
  offsetFromPairs,
  offsetFromSharedTemplates,
} from "./skew.js";
import { verifyOffsets } from "./skew-consensus.js";
import {
  emptySourceAggregates,
  type PairSamples,
  type SourceAggregates,
  type TemplateAgg,
} from "./source-aggregates.js";

function source(index: number, errorsAt: number[], shiftSeconds = 0): SourceAggregates {
  const agg = emptySourceAggregates(`s${index}`, index);
  for (const t of errorsAt) {
    const sec = t + shiftSeconds;
    const page = pageFor(agg.seconds, sec);
    bump(page, slotOf(sec) + EVENTS);
    bump(page, slotOf(sec) + ERRORS);
    mark(agg.seconds.errors, sec, sec * 1000, 1);
  }
  return { ...agg, events: errorsAt.length, first: 0, last: 0, byKind: { log: errorsAt.length } };
}

/** Bursty error times over an hour, so correlation has structure to lock on to. */
function errorTimes(seed: number): number[] {
  const rand = mulberry32(seed);
  const out: number[] = [];
  for (let t = 1_700_000_000; t < 1_700_003_600; t++) {
    const burst = Math.floor((t - 1_700_000_000) / 60) % 7 === 3;
    if (rand() < (burst ? 0.6 : 0.03)) out.push(t);
  }
  return out;
}

describe("looksLikeZoneOffset", () => {
  it("accepts whole and quarter hours, rejects small skews", () => {
    expect(looksLikeZoneOffset(3600)).toBe(true);
    expect(looksLikeZoneOffset(-7200 + 30)).toBe(true);
    expect(looksLikeZoneOffset(5.5 * 3600)).toBe(true);
    expect(looksLikeZoneOffset(5.75 * 3600)).toBe(true);
    expect(looksLikeZoneOffset(7)).toBe(false);
    expect(looksLikeZoneOffset(2000)).toBe(false);
    expect(looksLikeZoneOffset(20 * 3600)).toBe(false);
  });
});

describe("offsetFromPairs", () => {
  it("takes the median of consistent per-request offsets", () => {
    const p: PairSamples = { a: 0, b: 1, offsets: Array.from({ length: 50 }, (_, i) => 7000 + (i % 5) * 50 - 100) };
    const o = offsetFromPairs(p);
    expect(o?.offsetSeconds).toBe(7);
    expect(o?.method).toBe("request-id");
    expect(o?.timezone).toBe(false);
  });

  it("rejects latency noise around zero and too few pairs", () => {
    expect(offsetFromPairs({ a: 0, b: 1, offsets: [-300, 200, -40, 90, 10, -5] })).toBeNull();
    expect(offsetFromPairs({ a: 0, b: 1, offsets: [7000, 7000] })).toBeNull();
  });

  it("reads an hour's offset as a time zone", () => {
    const o = offsetFromPairs({ a: 0, b: 1, offsets: Array(20).fill(3_600_040) });
    expect(o?.timezone).toBe(true);
  });
});

describe("offsetFromCorrelation", () => {
  it("recovers a seconds-scale shift and an hours-scale shift", () => {
    const times = errorTimes(5);
    const a = source(0, times);
    expect(offsetFromCorrelation(a, source(1, times, 9))?.offsetSeconds).toBe(9);
    const tz = offsetFromCorrelation(a, source(1, times, -3600));
    expect(tz?.offsetSeconds).toBe(-3600);
    expect(tz?.timezone).toBe(true);
  });

  it("finds nothing between unrelated or aligned sources", () => {
    const a = source(0, errorTimes(5));
    expect(offsetFromCorrelation(a, source(1, errorTimes(5)))).toBeNull();
    expect(offsetFromCorrelation(a, source(1, [1, 2, 3]))).toBeNull();
  });
});

describe("detectOffsets", () => {
  it("measures each source against the one with the most failures", () => {
    const times = errorTimes(8);
    const ref = source(0, [...times, ...times]);
    const res = detectOffsets([ref, source(1, times, 12)], []);
    expect(res.reference).toBe(0);
    expect(res.offsets.map((o) => [o.src, o.offsetSeconds])).toEqual([[1, 12]]);
  });

  it("blames the one clock that disagrees with the majority, even when it is the reference", () => {
    const times = errorTimes(9);
    // source 0 has the most failures (the reference) and runs 97 s ahead of the three others, which agree
    const skewed = source(0, [...times, ...times], 97);
    const others = [1, 2, 3].map((i) => source(i, times));
    const res = detectOffsets([skewed, ...others], []);
    expect(res.offsets.map((o) => [o.src, o.offsetSeconds])).toEqual([[0, 97]]);
    expect(res.offsets[0]?.consensus).toBe(3);
    // and verification applies only that correction, because the failures then line up
    const verdicts = verifyOffsets([skewed, ...others], res.offsets, "consensus");
    expect(verdicts.get(0)?.applied).toBe(true);
    expect(verdicts.get(0)?.after).toBeGreaterThan(verdicts.get(0)?.before ?? 1);
    expect(verifyOffsets([skewed, ...others], res.offsets, "none").get(0)?.applied).toBe(false);
  });

  it("keeps reference-based offsets between two sources (no majority)", () => {
    const times = errorTimes(10);
    const res = detectOffsets([source(0, [...times, ...times]), source(1, times, 30)], []);
    expect(res.offsets.map((o) => [o.src, o.offsetSeconds, o.consensus])).toEqual([[1, 30, undefined]]);
    expect(verifyOffsets([source(0, times), source(1, times, 30)], res.offsets, "consensus").get(1)?.applied).toBe(
      false,
    );
  });

  it("trusts request ids that agree on no offset over correlation", () => {
    const times = errorTimes(8);
    const res = detectOffsets([source(0, times), source(1, times, 12)], [{ a: 0, b: 1, offsets: Array(30).fill(40) }]);
    expect(res.offsets).toEqual([]);
  });
});

describe("offsetFromSharedTemplates", () => {
  const tmpl = (id: number, count: number, first: number, last: number): [number, TemplateAgg] => [
    id,
    {
      id,
      count,
      first,
      last,
      severity: null,
      perMinute: new Map(),
      bursts: [],
      example: "",
      service: null,
      host: null,
    },
  ];

  it("reads the offset of lines both sources wrote", () => {
    const a = source(0, []);
    const b = source(1, []);
    a.templates = new Map([tmpl(1, 809, 1000, 900_000)]);
    b.templates = new Map([tmpl(1, 809, 3400, 902_400), tmpl(2, 50, 0, 1)]);
    expect(offsetFromSharedTemplates(a, b)).toMatchObject({
      offsetSeconds: 2.4,
      method: "shared-template",
      samples: 809,
    });
  });

  it("ignores templates whose counts or spans disagree", () => {
    const a = source(0, []);
    const b = source(1, []);
    a.templates = new Map([tmpl(1, 809, 1000, 900_000), tmpl(2, 100, 0, 10_000)]);
    b.templates = new Map([tmpl(1, 500, 3400, 902_400), tmpl(2, 100, 0, 60_000)]);
    expect(offsetFromSharedTemplates(a, b)).toBeNull();
  });
});

describe("correlations", () => {
  it("equals the Map-based Pearson correlation at every lag (property)", () => {
    const series = fc
      .array(fc.tuple(fc.integer({ min: -400, max: 400 }), fc.integer({ min: 1, max: 9 })), { maxLength: 120 })
      .map((pairs) => new Map(pairs));
    fc.assert(
      fc.property(
        series,
        series,
        fc.integer({ min: -60, max: 60 }),
        fc.integer({ min: 0, max: 40 }),
        (a, b, from, w) => {
          const keys = [...a.keys()];
          if (keys.length === 0) return;
          const lo = Math.min(...keys);
          const hi = Math.max(...keys);
          const rs = correlations(a, b, from, from + w, lo, hi);
          for (let lag = from; lag <= from + w; lag++)
            expect(rs[lag - from]).toBeCloseTo(correlationAt(a, b, lag, lo, hi), 9);
        },
      ),
      { numRuns: 300 },
    );
  });
});
