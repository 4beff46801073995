import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { backoffMs, DEFAULT_HTTP_POLICY, retryAfterMs } from "../util/http-client.js";
import { REDACTED, Scrubber, scrubUrl } from "../util/scrub.js";
import { type LokiStreamsResponse, nsToRfc3339, pageLoki } from "./sources/loki.js";
import { defaultStep, mergeSeries, parsePromDuration, splitRange } from "./sources/prometheus.js";

describe("splitRange", () => {
  it("covers every evaluation point of the single request exactly once, each piece within the limit", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_000_000_000 }),
        fc.integer({ min: 0, max: 40_000 }),
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 1, max: 11_000 }),
        (from, span, step, maxPoints) => {
          const to = from + span;
          const pieces = splitRange(from, to, step, maxPoints);
          const points: number[] = [];
          for (const p of pieces) {
            const n = Math.floor((p.end - p.start) / step) + 1;
            expect(n).toBeLessThanOrEqual(maxPoints);
            expect((p.start - from) % step).toBe(0);
            for (let t = p.start; t <= p.end; t += step) points.push(t);
          }
          const expected = Math.floor(span / step) + 1;
          expect(points).toHaveLength(expected);
          expect(points[0]).toBe(from);
          expect(points.every((t, i) => i === 0 || t === (points[i - 1] ?? 0) + step)).toBe(true);
        },
      ),
    );
  });

  it("keeps one request when the range fits", () => {
    expect(splitRange(1000, 1000 + 15 * 10_999, 15, 11_000)).toEqual([{ start: 1000, end: 1000 + 15 * 10_999 }]);
    expect(splitRange(1000, 1000 + 15 * 11_000, 15, 11_000)).toHaveLength(2);
  });
});

describe("defaultStep", () => {
  it("is never finer than 15 s and keeps a series near or under 1,000 points", () => {
    expect(defaultStep(3600)).toBe(15);
    expect(defaultStep(80 * 60)).toBe(15);
    expect(defaultStep(7 * 86400)).toBe(900);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 * 86400 }), (range) => {
        const step = defaultStep(range);
        expect(step).toBeGreaterThanOrEqual(15);
        expect(range / step).toBeLessThanOrEqual(1000);
      }),
    );
  });
});

const sampleArb = fc.tuple(
  fc.integer({ min: 0, max: 500 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
);
const seriesArb = fc.record({
  metric: fc.dictionary(fc.constantFrom("service", "code", "__name__"), fc.constantFrom("a", "b", "500")),
  values: fc.array(sampleArb, { maxLength: 20 }),
});

describe("mergeSeries", () => {
  it("gives one series per label set with sorted, unique timestamps, whatever the split and order", () => {
    fc.assert(
      fc.property(fc.array(fc.array(seriesArb, { maxLength: 4 }), { maxLength: 4 }), (parts) => {
        const merged = mergeSeries(parts);
        const keys = merged.map((s) => JSON.stringify(Object.entries(s.metric).sort()));
        expect(new Set(keys).size).toBe(keys.length);
        for (const s of merged) {
          const ts = (s.values ?? []).map((v) => v[0]);
          expect(ts.every((t, i) => i === 0 || t > (ts[i - 1] ?? 0))).toBe(true);
        }
        // every input timestamp of a label set is in the merged series
        const count = (list: typeof merged) =>
          new Set(
            list.flatMap((s) =>
              (s.values ?? []).map((v) => `${JSON.stringify(Object.entries(s.metric).sort())}@${v[0]}`),
            ),
          ).size;
        expect(count(merged)).toBe(count(parts.flat()));
        // merging is idempotent and insensitive to the order of the pieces
        expect(mergeSeries([merged])).toEqual(merged);
        expect(count(mergeSeries([...parts].reverse()))).toBe(count(merged));
      }),
    );
  });
});

describe("parsePromDuration", () => {
  it("reads Prometheus retention strings", () => {
    expect(parsePromDuration("15d")).toBe(15 * 864e5);
    expect(parsePromDuration("100y")).toBe(100 * 365 * 864e5);
    expect(parsePromDuration("1w2d")).toBe(9 * 864e5);
    expect(parsePromDuration("90m")).toBe(90 * 6e4);
    expect(parsePromDuration("15d or 512MiB")).toBe(15 * 864e5);
    expect(parsePromDuration("512MiB")).toBeUndefined();
    expect(parsePromDuration("")).toBeUndefined();
  });
});

type LokiBody = z.infer<typeof LokiStreamsResponse>;
/** A Loki that answers forward queries from `entries` the way the real one does: start inclusive, `limit` lines. */
function fakeLoki(entries: Array<{ ns: bigint; stream: string; line: string }>, limit: number) {
  const sorted = [...entries].sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0));
  return async (start: bigint): Promise<LokiBody> => {
    const page = sorted.filter((e) => e.ns >= start).slice(0, limit);
    const streams = new Map<string, Array<[string, string]>>();
    for (const e of page) streams.set(e.stream, [...(streams.get(e.stream) ?? []), [e.ns.toString(), e.line]]);
    return {
      status: "success",
      data: {
        resultType: "streams",
        result: [...streams.entries()].map(([s, values]) => ({ stream: { app: s }, values })),
      },
    };
  };
}

describe("pageLoki", () => {
  it("returns every line exactly once across page boundaries, when no timestamp holds more lines than the limit", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            t: fc.integer({ min: 0, max: 60 }),
            stream: fc.constantFrom("api", "db"),
            line: fc.string({ maxLength: 6 }),
          }),
          { maxLength: 120 },
        ),
        fc.integer({ min: 2, max: 30 }),
        async (raw, limit) => {
          // lines are unique per (time, stream, text), as in Loki
          const uniq = new Map(raw.map((r) => [`${r.t}|${r.stream}|${r.line}`, r]));
          const entries = [...uniq.values()].map((r) => ({ ns: BigInt(r.t) * 1000n, stream: r.stream, line: r.line }));
          const perTs = new Map<bigint, number>();
          for (const e of entries) perTs.set(e.ns, (perTs.get(e.ns) ?? 0) + 1);
          fc.pre(Math.max(0, ...perTs.values()) < limit);
          const res = await pageLoki(fakeLoki(entries, limit), 0n, limit, 10_000);
          expect(res.truncated).toBeUndefined();
          const got = res.lines.map((l) => `${l.ns}|${l.labels.app}|${l.line}`).sort();
          const want = entries.map((e) => `${e.ns}|${e.stream}|${e.line}`).sort();
          expect(got).toEqual(want);
        },
      ),
    );
  });

  it("reports truncation when one timestamp holds more lines than the limit, or the page limit is reached", async () => {
    const same = Array.from({ length: 5 }, (_, i) => ({ ns: 7n, stream: "api", line: `l${i}` }));
    const r1 = await pageLoki(fakeLoki(same, 3), 0n, 3, 100);
    expect(r1.truncated).toMatch(/more than 3 lines share the timestamp/);
    expect(r1.lines).toHaveLength(3);
    const many = Array.from({ length: 50 }, (_, i) => ({ ns: BigInt(i), stream: "api", line: `l${i}` }));
    const r2 = await pageLoki(fakeLoki(many, 10), 0n, 10, 2);
    expect(r2.truncated).toMatch(/stopped after 2 pages/);
    expect(r2.lines.length).toBeGreaterThanOrEqual(19);
  });

  it("formats nanosecond timestamps as RFC 3339", () => {
    expect(nsToRfc3339(1739095523123456789n)).toBe("2025-02-09T10:05:23.123456789Z");
    expect(nsToRfc3339(1739095523000000001n)).toBe("2025-02-09T10:05:23.000000001Z");
  });
});

describe("retryAfterMs and backoffMs", () => {
  it("honours Retry-After seconds and dates and the ratelimit-reset headers", () => {
    const now = Date.parse("2025-02-09T10:00:00Z");
    expect(retryAfterMs(new Headers({ "retry-after": "2" }), now)).toBe(2000);
    expect(retryAfterMs(new Headers({ "retry-after": "Sun, 09 Feb 2025 10:00:05 GMT" }), now)).toBe(5000);
    expect(retryAfterMs(new Headers({ "ratelimit-reset": "3" }), now)).toBe(3000);
    expect(retryAfterMs(new Headers({ "x-ratelimit-reset": String(now / 1000 + 4) }), now)).toBe(4000);
    expect(retryAfterMs(new Headers({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers(), now)).toBeUndefined();
  });

  it("grows exponentially with jitter and never exceeds the bound", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, r) => {
          const d = backoffMs(DEFAULT_HTTP_POLICY, attempt, () => r);
          const ceiling = Math.min(DEFAULT_HTTP_POLICY.maxDelayMs, DEFAULT_HTTP_POLICY.baseDelayMs * 2 ** attempt);
          expect(d).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
          expect(d).toBeLessThanOrEqual(ceiling);
        },
      ),
    );
  });
});

describe("scrubbing", () => {
  it("removes userinfo and secret query parameters from URLs", () => {
    expect(scrubUrl("https://admin:hunter22@es.internal:9200/logs/_search?q=x")).toBe(
      "https://es.internal:9200/logs/_search?q=x",
    );
    expect(scrubUrl("https://slack.com/api/conversations.history?token=xoxb-123&channel=C1")).toBe(
      `https://slack.com/api/conversations.history?token=${encodeURIComponent(REDACTED)}&channel=C1`,
    );
    expect(scrubUrl("not a url //u:p@host")).toBe("not a url //host");
  });

  it("never lets a registered secret through, whatever surrounds it", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 4, maxLength: 30 }), fc.string(), fc.string(), (secret, a, b) => {
        const s = new Scrubber();
        s.add(secret);
        expect(s.text(`${a}${secret}${b}`).includes(secret)).toBe(false);
      }),
    );
  });

  it("hides the base64 form of basic credentials", () => {
    const s = new Scrubber();
    s.addBasic("elastic", "changeme-42");
    const header = `Basic ${Buffer.from("elastic:changeme-42").toString("base64")}`;
    expect(s.text(`sent ${header}`)).toBe(`sent Basic ${REDACTED}`);
  });
});
