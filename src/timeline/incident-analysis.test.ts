import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Segment } from "./change-point.js";
import { isActionReport, normaliseEndpoint } from "./classify.js";
import { countFailure } from "./count-aggregates.js";
import { countTransaction, emptyTransactions, transactionsBetween } from "./failure-accounting.js";
import { errorOnly } from "./findings.js";
import { type FailureClass, steadyNoise } from "./impact-classes.js";
import { type Anchors, mergeShortLulls, pickIncident } from "./incident-ties.js";
import { dnsOutcome, requestFromText } from "./request-text.js";
import { emptySourceAggregates } from "./source-aggregates.js";

const chat = (message: string) => ({ message, attributes: {}, actor: "dana", service: null, severity: null });

describe("requests read from plain text", () => {
  it("reads Envoy, ALB and Heroku router lines", () => {
    expect(
      requestFromText(
        '[2025-07-18T12:00:00.066Z] "POST /api/prom/push HTTP/1.1" 503 UF 0 206 18 16 "203.0.113.239" "python-requests/2.31.0"',
      ),
    ).toEqual({ status: 503, method: "POST", path: "/api/prom/push", reason: "UF" });
    expect(
      requestFromText(
        'https 2025-04-06T18:20:00.320000Z app/prod-auth/50dc 203.0.113.109:43668 10.0.6.97:8080 0.000 0.096 0.000 502 - 368 3668 "GET https://auth.example:443/account/api/oauth/token?x=1 HTTP/1.1" "Mozilla/5.0"',
      ),
    ).toEqual({ status: 502, method: "GET", path: "/account/api/oauth/token", reason: null });
    expect(
      requestFromText(
        'heroku[router]: at=error code=H12 desc="Request timeout" method=POST path="/api/exports" host=app.example request_id=48 dyno=web.3 connect=0ms service=30000ms status=503 bytes=0',
      ),
    ).toEqual({ status: 503, method: "POST", path: "/api/exports", reason: "H12" });
    expect(requestFromText("cache stats hits=12 misses=3")).toBeNull();
  });

  it("reads HAProxy's HTTP log inside syslog, with the termination state and the backend's service", () => {
    const line = (timers: string, status: number, state: string) =>
      `lb-1 haproxy[2249]: 203.0.113.9:40392 [11/Mar/2026:17:43:25.667] fe_https~ be_orders/orders-45b1 ${timers} ${status} 392 - - ${state} 492/482/42/5/0 0/0 "GET /api/orders?id=7 HTTP/1.1"`;
    expect(requestFromText(line("0/0/-1/-1/3032", 503, "SC--"))).toEqual({
      status: 503,
      method: "GET",
      path: "/api/orders",
      reason: "SC",
      upstream: "orders",
    });
    // a success has no reason; `----` is no termination state
    expect(requestFromText(line("0/0/1/132/133", 200, "----"))).toMatchObject({ status: 200, reason: null });
    // timers without a status are not a request line
    expect(requestFromText('lb-1 haproxy[1]: be_x/y 0/0/1/2/3 - "GET / HTTP/1.1"')).toBeNull();
  });

  it("reads DNS outcomes (probes, resolver logs): SERVFAIL and REFUSED fail, answers (NXDOMAIN too) do not", () => {
    const probe = (rcode: string) => ({
      message: "",
      actor: null,
      service: null,
      severity: null,
      attributes: { probe: "isp-a", qname: "example.app.", qtype: "A", rcode },
    });
    expect(dnsOutcome(probe("SERVFAIL"))).toEqual({ rcode: "SERVFAIL", name: "example.app", failed: true });
    expect(dnsOutcome(probe("refused"))).toMatchObject({ rcode: "REFUSED", failed: true });
    expect(dnsOutcome(probe("NXDOMAIN"))).toMatchObject({ failed: false });
    expect(dnsOutcome(probe("NOERROR"))).toMatchObject({ failed: false });
    // a field called rcode holding something else is no DNS outcome
    expect(dnsOutcome(probe("42"))).toBeNull();
  });

  it("never throws and only returns HTTP statuses (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const r = requestFromText(text);
        return r === null || (r.status >= 100 && r.status <= 599);
      }),
    );
  });

  it("collapses opaque ids and fingerprinted assets in endpoints", () => {
    expect(normaliseEndpoint("/api/incidents/XC24K6GTDRT46C623KPWMH7S9H")).toBe("/api/incidents/:id");
    expect(normaliseEndpoint("/assets/d3953eaa5930.js")).toBe("/assets/:id");
    expect(normaliseEndpoint("/api/users/me")).toBe("/api/users/me");
    expect(normaliseEndpoint("/api/client.boot")).toBe("/api/client.boot");
    // numbered names and short base36 keys are ids too; versions and words with one digit are not
    expect(normaliseEndpoint("/api/v3/repos/org11/repo35/hooks/3496/deliveries")).toBe(
      "/api/v3/repos/:id/:id/hooks/:id/deliveries",
    );
    expect(normaliseEndpoint("/api/comments/jra40p")).toBe("/api/comments/:id");
    expect(normaliseEndpoint("/api/v2/oauth2/token")).toBe("/api/v2/oauth2/token");
    expect(normaliseEndpoint("/r/AskReddit/hot.json")).toBe("/r/AskReddit/hot.json");
  });
});

describe("actions in chat", () => {
  it("are things done, not approvals, plans or opinions", () => {
    for (const yes of [
      "flag is off, clients falling back to long-polling",
      "running the global-kill workflow now",
      "resizing pool-2 from 24 to 28 nodes",
      "updated webapp-prod-asg to min/desired 120",
      "grew the data volume to 200G",
      // completion reports of repairs that are not deploys (restore, truncate + vacuum, relabel)
      "restore done and RR nodes relabelled, BGP sessions establishing",
      "truncate + single-user vacuum done, postgres is back up and accepting writes",
      "restored the sites from the nightly backup",
      "throttle is live for the webhook queue",
      "failover complete, traffic on the west region",
      // taking capacity or a faulty part out of service
      "pulled use1-az2 out of the resolver pool",
      "shut down the atl01 router's BGP sessions",
      "took cache-04 out of rotation",
      "failed back to the old storage cluster",
      "reduced the webhook concurrency to 50",
    ])
      expect(isActionReport(chat(yes)), yes).toBe(true);
    for (const no of [
      "finance approved the failover",
      "deploy is unrelated",
      "should we roll back?",
      "we're running out of disk",
      "need approval before the failover",
      "restore runbook is from an old version, rewriting the steps while we wait for the go",
      "investigation done, it's the cert",
    ])
      expect(isActionReport(chat(no)), no).toBe(false);
  });
});

const seg = (start: number, end: number, excess = 100): Segment => ({
  start,
  end,
  excess,
  failures: excess,
  requests: 1000,
});
const none: Anchors = { times: [], open: [], texts: [] };

describe("bursts tied into one incident", () => {
  it("merges lulls under two minutes (decay tails, noise) into the burst", () => {
    expect(mergeShortLulls([seg(0, 100), seg(150, 400), seg(1000, 1100)]).map((s) => [s.start, s.end])).toEqual([
      [0, 400],
      [1000, 1100],
    ]);
  });

  it("keeps bursts hours apart together while the page stays open, apart otherwise", () => {
    const origin = 1_700_000_000;
    const segments = [seg(0, 600, 300), seg(7200, 7500, 100), seg(14_400, 14_700, 400)];
    const open: Anchors = {
      times: [(origin + 60) * 1000],
      open: [{ start: (origin + 60) * 1000, end: (origin + 15_000) * 1000 }],
      texts: [],
    };
    expect(pickIncident(segments, origin, open)).toHaveLength(3);
    // without signals the largest burst alone is the incident
    expect(pickIncident(segments, origin, none).map((s) => s.start)).toEqual([14_400]);
  });
});

function cls(key: string, perMinute: Map<number, number>): FailureClass {
  const minutes = new Map<number, FailureClass["minutes"] extends Map<number, infer M> ? M : never>();
  let total = 0;
  for (const [m, count] of perMinute) {
    total += count;
    const ref = { path: "access.log", line: m };
    minutes.set(m, { count, first: m * 60_000, firstRef: ref, last: m * 60_000 + 59_000, lastRef: ref, lastMsg: "" });
  }
  const sp = key.indexOf(" ");
  return { key, status: key.slice(0, sp), reason: null, endpoint: key.slice(sp + 1), service: null, minutes, total };
}

describe("baseline noise on another class", () => {
  it("is a steady stream that began on its own long before the classes that rose", () => {
    const base = 28_000_000;
    const steady = new Map<number, number>();
    for (let m = base; m < base + 90; m++) steady.set(m, 2);
    const rising = new Map<number, number>();
    for (let m = base + 40; m < base + 90; m++) rising.set(m, 30);
    const classes = [cls("504 GET /export", steady), cls("503 POST /pay", rising)];
    const onset = base * 60_000 + 60_000; // the first pass started at the noise
    const anchor = (base + 43) * 60_000;
    expect([...steadyNoise(classes, onset, anchor, ["HighErrorRate payments"])]).toEqual(["504 GET /export"]);
    // named by an alert, it is part of the incident
    expect(steadyNoise(classes, onset, anchor, ["export failing"]).size).toBe(0);
    // classes that began together with the rising ones are the incident's, however steady
    const together = new Map<number, number>();
    for (let m = base + 40; m < base + 90; m++) together.set(m, 2);
    expect(steadyNoise([cls("504 GET /export", together), classes[1] as FailureClass], onset, anchor, []).size).toBe(0);
  });
});

describe("failed transactions and affected users", () => {
  it("sums amounts per currency and counts ids inside the span", () => {
    const t = emptyTransactions();
    countTransaction(t, {
      ts: 60_000,
      message: "payment failed",
      attributes: { amount: 12.5, currency: "eur", user_id: "u1" },
    });
    countTransaction(t, { ts: 61_000, message: "charge failed amount=7.50 EUR customer=c9", attributes: {} });
    countTransaction(t, { ts: 600_000, message: "late", attributes: { amount: 1, user_id: "u2" } });
    const got = transactionsBetween(t, 0, 120_000);
    expect(got).toEqual({ transactions: 2, sums: { EUR: 20 }, affected: 2 });
    expect(t.idField).toBe("user_id");
  });
});

describe("error-only sources", () => {
  it("are never gappy", () => {
    const s = emptySourceAggregates("dns.log");
    s.templates.set(1, {
      id: 1,
      count: 40,
      first: 0,
      last: 1,
      severity: "error",
      perMinute: new Map(),
      bursts: [],
      example: "SERVFAIL",
      service: null,
      host: null,
    });
    expect(errorOnly(s)).toBe(true);
    const first = s.templates.get(1);
    if (first) s.templates.set(2, { ...first, id: 2, severity: "info", count: 400 });
    expect(errorOnly(s)).toBe(false);
  });

  it("judge a record by its own line: detail lines of an error (PostgreSQL HINT/STATEMENT, no severity) do not dilute it", () => {
    const s = emptySourceAggregates("postgresql.log");
    const t = (id: number, example: string, count: number, severity: "error" | "info" | null, details?: number) =>
      s.templates.set(id, {
        id,
        count,
        first: 0,
        last: 1,
        severity,
        perMinute: new Map(),
        bursts: [],
        ...(details !== undefined ? { details } : {}),
        example,
        service: null,
        host: null,
      });
    t(1, 'ERROR: database is not accepting commands to avoid wraparound data loss in database "app"', 100, "error");
    t(2, "HINT: Stop the postmaster and vacuum that database in single-user mode.", 100, null, 100);
    t(3, 'STATEMENT: INSERT INTO "events" VALUES (<*>)', 100, null, 100);
    t(4, "LOG: checkpoint complete: wrote <*> buffers", 10, "info");
    expect(errorOnly(s)).toBe(true);
    // the same lines written as records of their own (no detailOf) are ordinary lines: the source is not error-only
    t(2, "HINT: Stop the postmaster and vacuum that database in single-user mode.", 100, null);
    t(3, 'STATEMENT: INSERT INTO "events" VALUES (<*>)', 100, null);
    expect(errorOnly(s)).toBe(false);
  });

  it("include sources whose reader gave no severity but whose lines say error or failure", () => {
    const s = emptySourceAggregates("unbound.log");
    const t = (id: number, example: string, count: number) =>
      s.templates.set(id, {
        id,
        count,
        first: 0,
        last: 1,
        severity: null,
        perMinute: new Map(),
        bursts: [],
        example,
        service: null,
        host: null,
      });
    t(1, "unbound[1123:0] error: SERVFAIL <api.example.com. A IN>", 60);
    t(2, "unbound[1123:1] notice: sendto failed: Network is unreachable", 30);
    t(3, "unbound[1123:0] info: start of service (unbound 1.17.1).", 2);
    expect(errorOnly(s)).toBe(true);
    t(4, "unbound[1123:0] info: resolving api.example.com. A IN", 500);
    expect(errorOnly(s)).toBe(false);
  });
});

describe("failure classes past the bound", () => {
  it("go to one `status (other)` class, so every failure of a status still counts", () => {
    const s = emptySourceAggregates("access.log");
    const ev = (line: number) => ({
      ts: 1_700_000_000_000 + line,
      path: "access.log",
      line,
      kind: "log" as const,
      severity: null,
      service: null,
      host: null,
      actor: null,
      message: "",
      attributes: {},
    });
    for (let i = 0; i < 10; i++) countFailure(s, `503 GET /r/sub${i}x/hot.json`, 1, ev(i), 4);
    countFailure(s, "504 GET /slow", 1, ev(20), 4);
    expect(s.failureClasses.size).toBe(6);
    let total = 0;
    for (const minutes of s.failureClasses.values()) for (const m of minutes.values()) total += m.count;
    expect(total).toBe(11);
    expect(s.failureClasses.get("503 (other)")?.get(1)?.count).toBe(6);
    expect(s.failureClasses.get("504 (other)")?.get(1)?.count).toBe(1);
  });
});
