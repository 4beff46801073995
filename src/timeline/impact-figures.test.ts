import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RawEvent } from "../model/event.js";
import { mulberry32 } from "../util/mulberry32.js";
import { distilEvents } from "./distil.js";
import { type ClassMinute, classCount, classCountWithin, type FailureClass } from "./impact-classes.js";

/*
 * Impact per class as an SRE counts it: each endpoint's failures against its own requests, the incident's classes
 * apart from a steady error stream on another endpoint, and every failed request of the impact interval in some
 * class, so the site-wide figure (all requests) is the sum of the classes.
 */

const T0 = Date.parse("2026-05-06T13:00:00Z");
const IMPACT = Date.parse("2026-05-06T15:16:38Z");
const FIX = Date.parse("2026-05-06T15:45:00Z");
const END = Date.parse("2026-05-06T16:30:00Z");

function request(line: number, ts: number, method: string, path: string, status: number, service?: string): RawEvent {
  return {
    ts,
    path: "ingress.log",
    line,
    kind: "log",
    severity: null,
    service: service ?? null,
    host: null,
    actor: null,
    message: `${method} ${path} ${status}`,
    attributes: { status, method, path },
  };
}

/** Ingress traffic: steady 502s on /api/recommendations all along, 503s on checkout during the incident. */
function traffic(service?: string): { events: RawEvent[]; failedInImpact: number; checkoutFailed: number } {
  const rand = mulberry32(7);
  const events: RawEvent[] = [];
  let line = 0;
  let failedInImpact = 0;
  let checkoutFailed = 0;
  let last = 0;
  for (let t = T0; t < END; t += 500) {
    const r = rand();
    const path = r < 0.3 ? "/api/checkout" : r < 0.5 ? "/api/recommendations" : "/api/products";
    const incident = path === "/api/checkout" && t >= IMPACT && t < FIX && rand() < 0.6;
    const noise = path === "/api/recommendations" && rand() < 0.04;
    const status = incident ? 503 : noise ? 502 : 200;
    events.push(request(++line, t, path === "/api/checkout" ? "POST" : "GET", path, status, service));
    if (incident) last = t;
  }
  // what truth counts: every failure between the first and the last failure of the incident, inclusive
  const first = events.find((e) => e.attributes.status === 503)?.ts ?? IMPACT;
  for (const e of events) {
    if (e.ts < first || e.ts > last || (e.attributes.status as number) < 500) continue;
    failedInImpact++;
    if (e.attributes.path === "/api/checkout") checkoutFailed++;
  }
  events.push({
    ts: IMPACT + 90_000,
    path: "alerts.json",
    line: 1,
    kind: "alert",
    severity: "critical",
    service: null,
    host: null,
    actor: null,
    message: "[FIRING] CheckoutErrors",
    attributes: { alertname: "CheckoutErrors", state: "firing" },
  });
  return { events, failedInImpact, checkoutFailed };
}

describe("impact classes", () => {
  it("keeps baseline noise apart but in the classes, so all classes add up to every failure of the impact", async () => {
    const { events, failedInImpact, checkoutFailed } = traffic();
    const t = await distilEvents(events);
    const classes = t.analysis.impact.classes ?? [];
    const checkout = classes.filter((c) => c.endpoint === "POST /api/checkout");
    const noise = classes.filter((c) => c.endpoint === "GET /api/recommendations");
    expect(checkout.every((c) => !c.baseline)).toBe(true);
    expect(noise.length).toBeGreaterThan(0);
    expect(noise.every((c) => c.baseline)).toBe(true);
    // the incident's classes come first
    expect(classes[0]?.baseline).toBeUndefined();
    expect(t.analysis.impact.baselineNoise?.map((n) => n.endpoint)).toContain("GET /api/recommendations");
    // within 2% of the counts from the requests themselves (minute edges may add a baseline failure or two)
    const sum = classes.reduce((s, c) => s + c.failed, 0);
    expect(Math.abs(sum - failedInImpact) / failedInImpact).toBeLessThanOrEqual(0.02);
    const checkoutSum = checkout.reduce((s, c) => s + c.failed, 0);
    expect(Math.abs(checkoutSum - checkoutFailed) / checkoutFailed).toBeLessThanOrEqual(0.02);
    // each class against its own endpoint's requests
    for (const c of checkout) expect(c.total).toBeGreaterThan(c.failed);
  });

  it("names no service when the only name on the line is the proxy's own program", async () => {
    const t = await distilEvents(traffic("ingress-nginx").events);
    expect((t.analysis.impact.classes ?? []).every((c) => c.service === null)).toBe(true);
    const named = await distilEvents(traffic("checkout-api").events);
    expect((named.analysis.impact.classes ?? []).every((c) => c.service === "checkout-api")).toBe(true);
  });
});

describe("failures of a class within the impact interval", () => {
  const ref = { path: "access.log", line: 1 };
  /** A class with failures at the given corrected instants (ms). */
  function cls(times: number[]): FailureClass {
    const minutes = new Map<number, ClassMinute>();
    for (const t of times) {
      const k = Math.floor(t / 60_000);
      const m = minutes.get(k);
      if (!m) minutes.set(k, { count: 1, first: t, firstRef: ref, last: t, lastRef: ref, lastMsg: "" });
      else {
        m.count++;
        m.first = Math.min(m.first, t);
        m.last = Math.max(m.last, t);
      }
    }
    return {
      key: "502 GET /x",
      status: "502",
      reason: null,
      endpoint: "GET /x",
      service: null,
      minutes,
      total: times.length,
    };
  }

  it("counts whole minutes in full and cuts the first and last by where their failures fall", () => {
    const M = Date.parse("2026-05-06T15:00:00Z");
    // a failure every 6 s from 15:00:00 to 15:09:54
    const c = cls(Array.from({ length: 100 }, (_, i) => M + i * 6000));
    expect(classCountWithin(c, M, M + 600_000)).toBe(100);
    // from 15:02:30 to 15:06:29 (inclusive to the second): failures at :30, :36 ... 15:06:24
    const exact = Array.from({ length: 100 }, (_, i) => M + i * 6000).filter(
      (t) => t >= M + 150_000 && t <= M + 389_999,
    ).length;
    expect(Math.abs(classCountWithin(c, M + 150_000, M + 389_000) - exact)).toBeLessThanOrEqual(1);
    // the minute-granular count adds the rest of both cut minutes
    expect(classCount(c, M + 150_000, M + 389_000)).toBeGreaterThan(exact + 5);
    expect(classCountWithin(c, M + 700_000, M + 800_000)).toBe(0);
  });

  it("is never more than the failures of the minutes it touches (property)", () => {
    const M = Date.parse("2026-05-06T15:00:00Z");
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1_200_000 }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 0, max: 1_200_000 }),
        fc.integer({ min: 0, max: 1_200_000 }),
        (offsets, a, b) => {
          const c = cls(offsets.map((o) => M + o));
          const [from, to] = a <= b ? [M + a, M + b] : [M + b, M + a];
          const n = classCountWithin(c, from, to);
          return n >= 0 && n <= classCount(c, from, to) && classCountWithin(c, M, M + 1_200_000) === offsets.length;
        },
      ),
      { numRuns: 100, seed: 16 },
    );
  });
});
