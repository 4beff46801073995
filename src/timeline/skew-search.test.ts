import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../test/scenarios/prng.js";
import { mad, median } from "../util/stats.js";
import { bump, columnTotal, ERRORS, EVENTS, FAILURES, mark, pageFor, slotOf } from "./second-table.js";
import {
  detectOffsets,
  looksLikeZoneOffset,
  offsetFromCorrelation,
  offsetFromSharedTemplates,
  type SourceOffset,
} from "./skew.js";
import { emptySourceAggregates, type PairSamples, type SourceAggregates } from "./source-aggregates.js";

/**
 * The skew search compares only sources that share something (request ids, enough failures to correlate, a
 * template written about as often), through hash maps (skew-peers.ts), instead of every source with every other
 * one per round. {@link allPairsSearch} is the search as it was, every pair every round; both must agree exactly,
 * consensus included, on bundles that mix every kind of proof, and on folders of many small sources.
 */
function allPairsSearch(
  sources: readonly SourceAggregates[],
  pairs: readonly PairSamples[],
): { reference: number | null; offsets: SourceOffset[] } {
  const weight = (s: SourceAggregates) => columnTotal(s.seconds, FAILURES) * 1e6 + columnTotal(s.seconds, ERRORS);
  const candidates = sources.filter((s) => weight(s) > 0);
  if (candidates.length < 2) return { reference: candidates[0]?.index ?? null, offsets: [] };
  const ref = candidates.reduce((best, s) => (weight(s) > weight(best) ? s : best), candidates[0]!).index;
  const measure = (s: SourceAggregates, p: SourceAggregates): SourceOffset | null => {
    const pair = pairs.find((x) => (x.a === p.index && x.b === s.index) || (x.b === p.index && x.a === s.index));
    if (pair && pair.offsets.length >= 5) {
      const med = median(pair.offsets);
      const spread = mad(pair.offsets, med) * 1.4826;
      if (spread <= Math.max(500, Math.abs(med) / 4)) {
        const offsetSeconds = ((pair.b === s.index ? 1 : -1) * Math.round(med / 100)) / 10;
        return {
          src: s.index,
          ref: p.index,
          offsetSeconds,
          method: "request-id",
          samples: pair.offsets.length,
          spreadSeconds: Math.round(spread) / 1000,
          correlation: 1,
          timezone: looksLikeZoneOffset(offsetSeconds),
        };
      }
    }
    return offsetFromCorrelation(p, s, { minSeconds: 0 }) ?? offsetFromSharedTemplates(p, s);
  };
  const known = new Map<number, number>([[ref, 0]]);
  const found = new Map<number, SourceOffset>();
  for (let round = 0; round < candidates.length; round++) {
    let best: { o: SourceOffset; via: number; score: number } | null = null;
    for (const s of candidates) {
      if (known.has(s.index)) continue;
      for (const p of candidates) {
        const base = known.get(p.index);
        if (base === undefined) continue;
        const o = measure(s, p);
        if (!o) continue;
        const score = o.method === "request-id" ? 2 + o.samples / 1e6 : o.correlation;
        if (!best || score > best.score) best = { o, via: base, score };
      }
    }
    if (!best) break;
    const total = Math.round((best.o.offsetSeconds + best.via) * 10) / 10;
    known.set(best.o.src, total);
    found.set(best.o.src, { ...best.o, ref, offsetSeconds: total, timezone: looksLikeZoneOffset(total) });
  }
  // the consensus rule, as skew.ts states it
  if (known.size >= 3) {
    const med = median([...known.values()]);
    const agree = [...known.entries()].filter(([, v]) => Math.abs(v - med) <= 1);
    const template = [...found.values()][0];
    if (agree.length * 2 > known.size && template) {
      const anchor = agree.find(([i]) => i === ref)?.[0] ?? agree[0]?.[0] ?? ref;
      for (const [src, v] of known) {
        const offsetSeconds = Math.round((v - med) * 10) / 10;
        const prior = found.get(src) ?? { ...template, src };
        found.set(src, {
          ...prior,
          src,
          ref: anchor,
          offsetSeconds,
          timezone: looksLikeZoneOffset(offsetSeconds),
          consensus: agree.length,
        });
      }
    }
  }
  const offsets = [...found.values()].filter((o) => Math.abs(o.offsetSeconds) >= (o.method === "request-id" ? 1 : 2));
  offsets.sort((a, b) => a.src - b.src);
  return { reference: ref, offsets };
}

/** Bursty error seconds over 20 minutes from a seed, so correlation has structure to lock on to. */
function errorTimes(seed: number): number[] {
  const rand = mulberry32(seed);
  const out: number[] = [];
  for (let t = 1_700_000_000; t < 1_700_001_200; t++) {
    const burst = Math.floor((t - 1_700_000_000) / 60) % 5 === 2;
    if (rand() < (burst ? 0.5 : 0.02)) out.push(t);
  }
  return out;
}

const PATTERNS = [errorTimes(1), errorTimes(2), errorTimes(3)];

function source(index: number, errorsAt: number[], shift: number, templateCount: number): SourceAggregates {
  const agg = emptySourceAggregates(`s${index}`, index);
  for (const t of errorsAt) {
    const sec = t + shift;
    const page = pageFor(agg.seconds, sec);
    bump(page, slotOf(sec) + EVENTS);
    bump(page, slotOf(sec) + ERRORS);
    mark(agg.seconds.errors, sec, sec * 1000, 1);
  }
  if (templateCount > 0) {
    const first = (1_700_000_000 + shift) * 1000;
    agg.templates.set(7, {
      id: 7,
      count: templateCount,
      first,
      last: first + 600_000,
      severity: null,
      perMinute: new Map(),
      bursts: [],
      example: "",
      service: null,
      host: null,
    });
  }
  return { ...agg, events: errorsAt.length, byKind: { log: errorsAt.length } };
}

const sourceSpec = fc.record({
  pattern: fc.integer({ min: 0, max: 2 }),
  shift: fc.constantFrom(0, 0, 0, 9, -30, 97, 3600),
  doubled: fc.boolean(),
  quiet: fc.boolean(),
  template: fc.constantFrom(0, 0, 19, 20, 40, 41),
});

const pairSpec = fc.record({
  a: fc.nat(6),
  b: fc.nat(6),
  n: fc.integer({ min: 0, max: 12 }),
  value: fc.constantFrom(0, 40, 9_000, -30_000),
  noisy: fc.boolean(),
});

describe("skew search by shared occurrences", () => {
  it("finds exactly what the all-pairs search finds, consensus included (property)", () => {
    fc.assert(
      fc.property(
        fc.array(sourceSpec, { minLength: 2, maxLength: 6 }),
        fc.array(pairSpec, { maxLength: 6 }),
        (specs, pairSpecs) => {
          const sources = specs.map((x, i) => {
            const times = PATTERNS[x.pattern] as number[];
            const errors = x.quiet ? times.slice(0, 8) : x.doubled ? [...times, ...times] : times;
            return source(i, errors, x.shift, x.template);
          });
          const pairs: PairSamples[] = pairSpecs
            .filter((p) => p.a < specs.length && p.b < specs.length && p.a !== p.b)
            .map((p) => ({
              a: p.a,
              b: p.b,
              offsets: Array.from({ length: p.n }, (_, i) => p.value + (p.noisy ? (i % 2) * 5_000 : 0)),
            }));
          expect(detectOffsets(sources, pairs)).toEqual(allPairsSearch(sources, pairs));
        },
      ),
      { numRuns: 40 },
    );
  });

  it("gives the same offsets when a few related sources sit among hundreds of small unrelated ones", () => {
    const times = PATTERNS[0] as number[];
    const sources: SourceAggregates[] = [];
    for (let i = 0; i < 400; i++) sources.push(source(i, [1_700_000_000 + ((i * 7) % 1200)], 0, 0));
    // the majority agrees; source 401 runs 97 s ahead
    sources.push(source(400, [...times, ...times], 0, 0), source(401, times, 97, 0), source(402, times, 0, 0));
    sources.push(source(403, times, 0, 0));
    const got = detectOffsets(sources, [{ a: 400, b: 5, offsets: Array(8).fill(2_000) }]);
    expect(got).toEqual(allPairsSearch(sources, [{ a: 400, b: 5, offsets: Array(8).fill(2_000) }]));
    expect(got.offsets.map((o) => [o.src, o.offsetSeconds])).toEqual([
      [5, 2],
      [401, 97],
    ]);
  });
});
