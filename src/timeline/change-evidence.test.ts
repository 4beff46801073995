import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Finding } from "../model/timeline.js";
import { categoriesOf, citesId, proximityWeight, roseAfter, untouchedPeers } from "./change-evidence.js";
import type { DenseSeries } from "./change-point.js";
import { changeIds } from "./change-ties.js";
import type { AnalysisContext } from "./context.js";
import type { SourceAggregates } from "./source-aggregates.js";
import { suspectChanges } from "./suspect-changes.js";
import type { TemplateFacts } from "./template-facts.js";
import { fakeContext, fakeSource, notable } from "./test-context.js";

/*
 * Evidence a responder weighs beyond a change's own record, one class of input per test: what happened when it was
 * undone, what the action that ended the impact touched, what kind of component failed, what the changed component
 * logged, what people said of it (by time, by identifier, in a reply), a change rolled across hosts, and changes that
 * took effect after the first failure.
 */

const T0 = Date.UTC(2026, 4, 6, 15, 16, 38);
const MIN = 60_000;

/** Source 0 fails (checkout-api); 1–3 hold resolver logs; 4 chat; 5 CI; 6 flags. */
function context(): AnalysisContext {
  const sources = [
    fakeSource(0, "ingress/access.log", {
      failing: true,
      failureClass: "503 POST /api/checkout",
      services: ["checkout-api"],
    }),
    fakeSource(1, "dns/ns-1-apt-history.log"),
    fakeSource(2, "dns/ns-2-apt-history.log"),
    fakeSource(3, "dns/resolvers-syslog.log"),
    fakeSource(4, "slack/inc.json"),
    fakeSource(5, "ci/deploy.log"),
    fakeSource(6, "flags/audit.json"),
  ];
  return fakeContext(sources, T0);
}

const ev = notable;

const chat = (line: number, at: number, message: string, actor = "Ana") =>
  ev(4, line, at, message, { kind: "chat", actor });
const apt = (src: number, line: number, at: number) =>
  ev(src, line, at, "apt: upgrade libunbound8 1.17.1 → 1.19.1, upgrade unbound 1.17.1 → 1.19.1", {
    service: "upgrade",
    attributes: { change: { type: "deploy", where: ["upgrade"] } },
  });
const lines = (found: Finding[]) => found.map((f) => `${f.source}:${f.evidence?.[0]?.line}`);

function fact(template: string, service: string | null, first: number, signature = true): TemplateFacts {
  return {
    id: 1,
    template,
    example: template,
    count: 100,
    first,
    last: first + 20 * MIN,
    severity: signature ? "error" : "info",
    severityRank: signature ? 4 : 2,
    service,
    baselineCount: 0,
    impactCount: 100,
    novel: true,
    surge: null,
    signature,
    baselineNoise: false,
    bursts: [],
  };
}

describe("change evidence by class of input", () => {
  it("an undo people said did nothing clears the change; the undo's record is preferred to a chat line asking for it", () => {
    const flag = ev(6, 69, T0 - 3 * MIN, "flag new-login-page in production: Turned on the flag", {
      attributes: { flag: "new-login-page" },
    });
    const frontend = ev(5, 19, T0 - 45 * MIN, "Deployment/idp-frontend ScalingReplicaSet: Scaled up replica set", {
      service: "idp-frontend",
    });
    const keys = ev(1, 7, T0 - 22 * MIN, "published JWKS revision 4412 (removed: k-2026-02)", { service: "keyctl" });
    const notables = [
      frontend,
      keys,
      flag,
      chat(10, T0 + 8 * MIN, "new-login-page only changes the login UI, but turning it off to be sure"),
      ev(6, 54, T0 + 13 * MIN, "flag new-login-page in production: Turned off the flag", {
        attributes: { flag: "new-login-page" },
      }),
      chat(11, T0 + 14 * MIN, "flag off, no change. all gateways failing"),
      chat(12, T0 + 15 * MIN, "IC here. idp-frontend went out at 12:41, revert it"),
      ev(5, 143, T0 + 20 * MIN, "Deployment/idp-frontend DeploymentRollback: Rolled back deployment idp-frontend", {
        service: "idp-frontend",
      }),
      chat(13, T0 + 22 * MIN, "no effect from the rollback. errors say no key with kid in JWKS"),
    ];
    const found = suspectChanges(context(), notables, T0, [fact("token verification failed", "api-gw", T0)]);
    const flagFinding = found.find((f) => f.evidence?.[0]?.line === 69);
    expect(flagFinding?.summary).toContain("without ending it");
    expect(flagFinding?.evidence?.[1]).toEqual({ path: "slack/inc.json", line: 11 });
    const frontendFinding = found.find((f) => f.evidence?.[0]?.line === 19);
    expect(frontendFinding?.summary).toContain("without ending it");
    // the key change, tied by the kind of failure (token verification ↔ JWKS), ranks above both
    expect(lines(found)[0]).toBe("dns/ns-1-apt-history.log:7");
    expect(found[0]?.summary).toContain("authentication failures");
  });

  it("an undo minutes before the action that ended the impact is part of the fix and ties the change", () => {
    const keys = ev(1, 7, T0 - 22 * MIN, "published JWKS revision 4412", { service: "keyctl" });
    const nginx = ev(5, 5, T0 - 6 * MIN, "nginx reload on gw-1", { service: "nginx" });
    const restore = ev(1, 14, T0 + 42 * MIN, "keyctl restore --revision 4411: restored JWKS", { service: "keyctl" });
    const purge = chat(20, T0 + 44 * MIN, "purged the gateway caches, 500s gone");
    const found = suspectChanges(context(), [keys, nginx, restore, purge], T0, [], purge, [
      { event: restore, drop: 0.4 },
    ]);
    expect(lines(found)[0]).toBe("dns/ns-1-apt-history.log:7");
    expect(found[0]?.summary).toContain("undone minutes before the action that ended the impact");
  });

  it("the fix acted on what the change touched: a resolver reloaded without the upgrade's setting", () => {
    const reload = ev(3, 182, T0 + 28 * MIN, "Reloaded unbound.service - Unbound DNS server.", { service: "systemd" });
    const flag = ev(6, 3, T0 - 2 * MIN, "flag dark_mode in Production: Turned on the flag", {
      attributes: { flag: "dark_mode" },
    });
    const found = suspectChanges(context(), [apt(1, 9, T0 - 6.5 * MIN), flag, reload], T0, [], reload);
    expect(lines(found)[0]).toBe("dns/ns-1-apt-history.log:9");
    expect(found[0]?.summary).toContain("the action that ended the impact acted on unbound");
    expect(found[0]?.evidence?.[1]).toEqual({ path: "dns/resolvers-syslog.log", line: 182 });
  });

  it("the failures are of the kind of component a change touched (DNS errors, resolver upgrade)", () => {
    const found = suspectChanges(
      context(),
      [apt(1, 9, T0 - 6.5 * MIN), ev(5, 3, T0 - 4 * MIN, "flag dark_mode in Production: on", { attributes: {} })],
      T0,
      [fact("lookup <*> on <*>:53: server misbehaving", "checkout-api", T0)],
    );
    expect(lines(found)[0]).toBe("dns/ns-1-apt-history.log:9");
    expect(found[0]?.summary).toContain("DNS failures");
  });

  it("the changed component began logging something new as the impact began", () => {
    const found = suspectChanges(
      context(),
      [apt(1, 9, T0 - 6.5 * MIN), ev(6, 3, T0 - 2 * MIN, "flag dark_mode in Production: on")],
      T0,
      [fact("ratelimit exceeded <*> query/s", "unbound", T0 - 30_000, false)],
    );
    expect(lines(found)[0]).toBe("dns/ns-1-apt-history.log:9");
    expect(found[0]?.summary).toContain("unbound began logging");
  });

  it("one change rolled across hosts is one suspect, timed by the first host", () => {
    const found = suspectChanges(context(), [apt(1, 9, T0 - 6.5 * MIN), apt(2, 9, T0 - 6 * MIN)], T0);
    expect(lines(found)).toEqual(["dns/ns-1-apt-history.log:9"]);
  });

  it("people's words: a confession the chat recogniser turned into a change, and a reply that rules changes out", () => {
    const listener = ev(5, 171, T0 - 7 * MIN, "elasticloadbalancing ModifyListener", { attributes: { type: "infra" } });
    const sync = ev(5, 35, T0 - 4 * MIN, "Application/checkout-web OperationCompleted: Sync operation succeeded", {
      service: "checkout-web",
    });
    const clock = (t: number) => new Date(t).toISOString().slice(11, 16);
    const notables = [
      listener,
      sync,
      chat(20, T0 + 3 * MIN, `checkout-web synced at ${clock(T0 - 4 * MIN)}. anything there touching payments?`, "Bo"),
      chat(21, T0 + 4 * MIN, "neither goes near payments. log says SSLHandshakeException protocol_version", "Cy"),
      ev(
        4,
        44,
        T0 + 10 * MIN,
        `I swapped the proxy cert at ${clock(T0 - 7 * MIN)} and applied the TLS 1.3-only policy`,
        {
          actor: "Di",
          attributes: { originalKind: "chat" },
        },
      ),
    ];
    const found = suspectChanges(context(), notables, T0, []);
    expect(lines(found)[0]).toBe("ci/deploy.log:171");
    expect(found[0]?.summary).toContain("responders tied it to the failure");
    expect(found.find((f) => f.evidence?.[0]?.line === 35)?.summary).toContain("responders called it unrelated");
  });

  it("a change that took effect after the first failure is a suspect only when failures rose after it", () => {
    const start = Math.floor(T0 / 1000) - 600;
    const n = 3600;
    const failures = new Float64Array(n);
    const requests = new Float64Array(n).fill(10);
    const later = T0 + 5 * MIN;
    // a trickle from the first failure, then a step up after the change
    for (let i = 0; i < n; i++) {
      const t = (start + i) * 1000;
      failures[i] = t < T0 ? 0 : t < later + 30_000 ? 0.2 : 5;
    }
    const series: DenseSeries = { start, failures, requests };
    const job = ev(5, 30, later, "Jenkins: grants migration shard group 2 applied", { service: "checkout-api" });
    const rose = suspectChanges(context(), [job], T0, [], null, [], { series, ratio: true });
    expect(lines(rose)).toEqual(["ci/deploy.log:30"]);
    expect(rose[0]?.summary).toContain("failures rose after it took effect");
    const flat: DenseSeries = { start, failures: failures.map((f) => (f > 0 ? 0.2 : 0)), requests };
    expect(suspectChanges(context(), [job], T0, [], null, [], { series: flat, ratio: true })).toEqual([]);
    expect(roseAfter(null, true, T0, later)).toBe(true);
  });

  it("a reload on one load balancer while its peer failed as much explains neither; a bare reload weighs as a restart", () => {
    const ctx = context();
    const lbs = ctx.agg.sources[0] as SourceAggregates;
    lbs.hosts.set("lb-1", { perMinute: new Map(), requests: 900, failures: 400 });
    lbs.hosts.set("lb-2", { perMinute: new Map(), requests: 900, failures: 380 });
    expect(untouchedPeers(ctx, "lb-2")).toEqual(["lb-1"]);
    expect(untouchedPeers(ctx, "db-1")).toEqual([]);
    const reload = ev(3, 7, T0 - 2 * MIN, "Reloaded haproxy.service - HAProxy Load Balancer.", {
      service: "checkout-api",
      host: "lb-2",
    });
    const [one] = suspectChanges(ctx, [reload], T0);
    expect(one?.summary).toContain("made on lb-2 alone, while lb-1 failed as much");
    expect(one?.score).toBeLessThan(0.5);
    // the same reload with only lb-2 failing weighs more, and a reload that names a new config more still
    lbs.hosts.delete("lb-1");
    const alone = suspectChanges(ctx, [reload], T0)[0]?.score ?? 0;
    expect(alone).toBeGreaterThan(one?.score ?? 1);
    const newConfig = { ...reload, message: "Reloaded haproxy.service with haproxy.cfg rev=42" };
    expect(suspectChanges(ctx, [newConfig], T0)[0]?.score ?? 0).toBeGreaterThan(alone);
  });

  it("one package manager run upgrading several packages is one change: ruling out one rules out the run", () => {
    const pkg = (line: number, at: number, name: string) =>
      ev(5, line, at, `upgrade ${name} 3.0.15-1 → 3.0.16-1`, {
        service: name,
        attributes: { change: { type: "deploy", tool: "dpkg", where: [name] } },
      });
    const notables = [
      pkg(11, T0 - 6 * MIN, "libssl3"),
      pkg(25, T0 - 6 * MIN + 5_000, "openssl"),
      chat(30, T0 + 10 * MIN, "all gateways failing now, so not the openssl upgrade either"),
    ];
    const found = suspectChanges(context(), notables, T0);
    expect(found).toHaveLength(1);
    expect(found[0]?.summary).toContain("responders called it unrelated");
  });

  it("four-part release versions identify a change", () => {
    expect([...changeIds("ansible-playbook deploy-web.yml -e web_version=2026.06.09.3")]).toContain("2026.06.09.3");
  });

  it("a suspect nothing ties says so", () => {
    const [only] = suspectChanges(context(), [ev(6, 3, T0 - 40 * MIN, "flag dark_mode in Production: on")], T0);
    expect(only?.summary).toContain("no tie to what failed");
  });

  it("the weight of time never rises with distance and stays between the floor and 1 (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 2000, noNaN: true }),
        fc.double({ min: 0, max: 2000, noNaN: true }),
        (a, b) => {
          const [near, far] = a <= b ? [a, b] : [b, a];
          const w = proximityWeight(near);
          expect(w).toBeLessThanOrEqual(1);
          expect(proximityWeight(far)).toBeGreaterThanOrEqual(0.4);
          expect(proximityWeight(far)).toBeLessThanOrEqual(w + 1e-12);
        },
      ),
    );
  });

  it("an identifier is cited when named, not when it is the state returned to (property)", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{3,5}$/), (id) => {
        expect(citesId(`revert run #${id} now`, new Set([id]))).toBe(id);
        expect(citesId(`Rollback to ${id}`, new Set([id]))).toBeNull();
        expect(citesId(`rolled back to v${id}`, new Set([id]))).toBeNull();
      }),
    );
    expect(citesId("v3.18.0 went out at 16:29", new Set(["3.18.0"]))).toBe("3.18.0");
    expect(citesId("nothing here", new Set())).toBeNull();
  });

  it("component kinds of texts", () => {
    expect([...categoriesOf("javax.net.ssl.SSLHandshakeException: protocol_version")]).toEqual(["TLS"]);
    expect([...categoriesOf("lookup payments-gw on 169.254.20.10:53: server misbehaving")]).toEqual(["DNS"]);
    expect([...categoriesOf("token verification failed: no key with kid in JWKS")]).toEqual(["authentication"]);
    expect(categoriesOf("GET /api/orders 200").size).toBe(0);
  });
});
