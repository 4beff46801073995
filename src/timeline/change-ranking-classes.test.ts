import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Finding } from "../model/timeline.js";
import type { AnalysisContext } from "./context.js";
import { suspectChanges } from "./suspect-changes.js";
import { fakeContext, fakeSource, notable } from "./test-context.js";

/*
 * Trigger ranking, one class of input per test, on synthetic events: which change the evidence ties to the failure
 * when several kinds of change precede it, when records give merge and effect times, when the trigger is hours old,
 * when a rollback is in the picture, when only chat records the change, and when no change is to blame.
 */

const T0 = Date.UTC(2026, 2, 11, 17, 43, 0);
const MIN = 60_000;

/** Source 0 fails (checkout); 1 serves traffic fine (search-ui); 2–5 hold changes and chat. */
function context(): AnalysisContext {
  const sources = [
    fakeSource(0, "lb/access.log", {
      failing: true,
      failureClass: "503 GET /api/search.messages",
      services: ["checkout"],
    }),
    fakeSource(1, "search/access.log", { services: ["search-ui"], requests: true }),
    fakeSource(2, "ci/deploy.log"),
    fakeSource(3, "k8s/events.json"),
    fakeSource(4, "slack/day.json"),
    fakeSource(5, "git/log.txt"),
  ];
  return fakeContext(sources, T0);
}

const ev = notable;

const chat = (line: number, at: number, message: string) => ev(4, line, at, message, { kind: "chat", actor: "Ana" });
const lines = (found: Finding[]) => found.map((f) => `${f.source}:${f.evidence?.[0]?.line}`);
const score = (found: Finding[], src: string, line: number) =>
  found.find((f) => f.source === src && f.evidence?.[0]?.line === line)?.score ?? null;

describe("trigger ranking by class of input", () => {
  it("several kinds of change: the config apply on the failing service beats a nearer restart, scaling and flag elsewhere", () => {
    const found = suspectChanges(
      context(),
      [
        ev(2, 1, T0 - 3 * MIN, "systemctl restart search-ui", {
          service: "search-ui",
          attributes: { type: "restart" },
        }),
        ev(3, 2, T0 - 2 * MIN, "Deployment/search-ui ScalingReplicaSet: Scaled up replica set search-ui-7c9f to 6", {
          service: "search-ui",
        }),
        ev(3, 3, T0 - 4 * MIN, "flag dark_mode in Production: Turned on the flag", {
          attributes: { flag: "dark_mode", environment: "Production" },
        }),
        ev(2, 4, T0 - 25 * MIN, "ansible task 'checkout : template pool.conf' changed checkout-01", {
          service: "checkout",
          attributes: { type: "config" },
        }),
      ],
      T0,
    );
    expect(lines(found)[0]).toBe("ci/deploy.log:4");
    // the change to a service seen working weighs least of all
    expect(score(found, "k8s/events.json", 2)).toBeLessThan(score(found, "k8s/events.json", 3) ?? 1);
  });

  it("effective time, not merge time: a commit and the rollout that shipped it rank once, at the rollout", () => {
    const found = suspectChanges(
      context(),
      [
        ev(5, 7, T0 - 150 * MIN, "Merge pull request #812: raise checkout timeout (4c1e0f7a)", {
          attributes: { change: { phase: "committed", where: [] } },
        }),
        ev(2, 31, T0 - 2 * MIN, "deployed checkout 4c1e0f7a: rollout complete 12/12", {
          service: "checkout",
          attributes: { change: { phase: "effective", where: ["checkout"] } },
        }),
      ],
      T0,
    );
    expect(lines(found)).toEqual(["ci/deploy.log:31"]);
    expect(found[0]?.time).toBe(new Date(T0 - 2 * MIN).toISOString());
  });

  it("a record that states a later effect time is timed by it", () => {
    const merged = T0 - 5 * 3_600_000;
    const [top] = suspectChanges(
      context(),
      [
        ev(5, 3, merged, "checkout: enable connection reuse", {
          service: "checkout",
          attributes: { change: { phase: "committed", effectiveAt: new Date(T0 - 4 * MIN).toISOString() } },
        }),
      ],
      T0,
    );
    expect(top?.time).toBe(new Date(T0 - 4 * MIN).toISOString());
    expect(top?.summary).toContain("4 min before impact");
  });

  it("a rollout under way when the impact began (started before, done after) is still a suspect", () => {
    const found = suspectChanges(
      context(),
      [
        ev(2, 10, T0 - 4 * MIN, "##[group]Run kubectl rollout restart deploy/checkout", {
          service: "checkout",
          attributes: { change: { phase: "started", where: ["checkout"] } },
        }),
        ev(2, 18, T0 + 3 * MIN, 'deployment "checkout" successfully rolled out', {
          service: "checkout",
          attributes: { change: { phase: "effective", where: ["checkout"] } },
        }),
        ev(3, 4, T0 - 20 * MIN, "Deployment/search-ui ScalingReplicaSet: Scaled up replica set search-ui-1 to 4", {
          service: "search-ui",
        }),
      ],
      T0,
    );
    expect(lines(found)[0]).toBe("ci/deploy.log:18");
    expect(found[0]?.summary).toMatch(/after impact start \(rolling out since 4 min before\)/);
    // a change that only began after the impact is no suspect
    expect(
      suspectChanges(context(), [ev(2, 30, T0 + 3 * MIN, "deployed checkout 1.2.4", { service: "checkout" })], T0),
    ).toEqual([]);
  });

  it("a latent change to the failing service hours before outranks a nearer change to what kept working", () => {
    const latent = ev(
      3,
      38,
      T0 - 8.5 * 3_600_000,
      "Kustomization/edge Progressing: ConfigMap/edge/checkout-pool configured",
    );
    const herring = ev(2, 13, T0 - 6 * MIN, 'deployment "search-ui" successfully rolled out', { service: "search-ui" });
    expect(lines(suspectChanges(context(), [latent, herring], T0))[0]).toBe("k8s/events.json:38");
    // with the evidence a latent trigger leaves (its objects re-applied as the fix), it outranks an unrelated flag
    // ramp minutes before the impact too
    const ramp = ev(
      3,
      2,
      T0 - 16 * MIN,
      "flag smart_compose in Production: Percentage rules changed: ON 10% -> ON 40%",
      {
        attributes: { flag: "smart_compose", environment: "Production" },
      },
    );
    const revert = ev(3, 140, T0 + 44 * MIN, "Kustomization/edge Progressing: ConfigMap/edge/checkout-pool configured");
    const found = suspectChanges(context(), [latent, herring, ramp, revert], T0, [], revert);
    expect(lines(found)[0]).toBe("k8s/events.json:38");
    // beyond a day it is no longer a suspect
    expect(
      suspectChanges(context(), [ev(3, 1, T0 - 25 * 3_600_000, "ConfigMap/edge/checkout-pool configured")], T0),
    ).toEqual([]);
  });

  it("the same objects changed again during the incident tie the earlier apply to it; periodic no-op reconciles are not changes", () => {
    const applied = "Kustomization/edge Progressing: ConfigMap/edge/haproxy-config configured";
    const found = suspectChanges(
      context(),
      [
        ev(
          3,
          4,
          T0 - 9 * 3_600_000,
          "Kustomization/edge ReconciliationSucceeded: Reconciliation finished in 612ms, next run in 10m0s",
        ),
        ev(3, 38, T0 - 8 * 3_600_000, applied),
        ev(3, 140, T0 + 44 * MIN, applied),
      ],
      T0,
    );
    expect(lines(found)).toEqual(["k8s/events.json:38"]);
    expect(found[0]?.summary).toContain("changed again during the incident");
  });

  it("a rollback tried during the incident without effect clears the change it undid", () => {
    const deploy = ev(2, 10, T0 - 90_000, 'deployment "billing-export" successfully rolled out', {
      service: "billing-export",
    });
    const rollback = ev(2, 40, T0 + 13 * MIN, "helm rollback billing-export 140: Rollback was a success", {
      service: "billing-export",
    });
    const flag = ev(3, 16, T0 - 6 * MIN, 'flag quota_policy_bundle in Production: Value changed: "r2" -> "r3"', {
      attributes: { flag: "quota_policy_bundle", environment: "Production" },
    });
    const redButton = ev(3, 2, T0 + 40 * MIN, "flag quota_policy_checks in Production: Value changed: true -> false", {
      attributes: { flag: "quota_policy_checks", environment: "Production" },
    });
    const notables = [deploy, flag, rollback, redButton];
    const attempts = [
      { event: rollback, drop: 0.05 },
      { event: redButton, drop: 0.95 },
    ];
    const found = suspectChanges(context(), notables, T0, [], redButton, attempts);
    expect(lines(found)[0]).toBe("k8s/events.json:16");
    expect(found.find((f) => f.evidence?.[0]?.line === 10)?.summary).toContain("without ending it");
    // the rollback (and the red button) came after the impact began: never suspects themselves
    expect(lines(found)).not.toContain("ci/deploy.log:40");
    // an undo within the change's own plan (shut, then no shut a minute later) clears nothing
    const shut = ev(2, 20, T0 - 20_000, "ansible task 'optics : shut Ethernet1/49' changed core-sw-2");
    const noShut = ev(2, 22, T0 + 25_000, "ansible task 'optics : no shut Ethernet1/49' changed core-sw-2");
    const [top] = suspectChanges(context(), [shut, noShut], T0, [], redButton, [{ event: noShut, drop: 0 }]);
    expect(top?.summary).toContain("later undone");
  });

  it("a change only chat records is a suspect; plans and questions are not", () => {
    const found = suspectChanges(
      context(),
      [
        chat(3, T0 - 60 * MIN, "heads up: starting DNSSEC today, next step is the DS at the registrar"),
        chat(19, T0 - 12 * MIN, "DS record for example.app is now published in .app. DNSSEC is live on the apex"),
        chat(21, T0 - 10 * MIN, "is the cert renewed?"),
      ],
      T0,
    );
    expect(lines(found)).toEqual(["slack/day.json:19"]);
  });

  it("no change at all: responders saying so, and a question about rolling back, blame none", () => {
    const sync = ev(
      3,
      35,
      T0 - 8 * MIN,
      "Application/search-prod OperationCompleted: Sync operation to e19c4a2 succeeded",
      {
        service: "search-prod",
      },
    );
    const talk = [
      chat(2, T0 + 2 * MIN, "ack. orders, search, login all failing since the open"),
      chat(3, T0 + 3 * MIN, "search-prod synced e19c4a2 at 13:24. @bea roll back?"),
      chat(9, T0 + 20 * MIN, "traffic is 3.5x a normal open. no change to blame; we need DNS capacity"),
    ];
    const found = suspectChanges(context(), [sync, ...talk], T0);
    expect(found[0]?.summary).not.toContain("later undone");
    expect(found[0]?.summary).not.toContain("tied it to the failure");
    expect(found[0]?.score ?? 0).toBeLessThan(0.5);
  });

  it("a red herring responders rule out ('not search') drops below the change they did not", () => {
    const found = suspectChanges(
      context(),
      [
        ev(2, 13, T0 - 5 * MIN, 'deployment "search-indexer" successfully rolled out', { service: "search-indexer" }),
        ev(3, 7, T0 - 30 * MIN, "Deployment/checkout ScalingReplicaSet: Scaled up replica set checkout-5d to 9", {
          service: "checkout",
        }),
        chat(4, T0 + 5 * MIN, "errors are on every path, not search. hold the rollback"),
      ],
      T0,
    );
    expect(lines(found)[0]).toBe("k8s/events.json:7");
    const herring = found.find((f) => f.evidence?.[0]?.line === 13);
    expect(herring?.summary).toContain("responders called it unrelated");
    expect(herring?.summary).not.toContain("later undone");
  });

  it("a change in a non-production environment weighs less than the same change in production", () => {
    const flag = (env: string, line: number) =>
      ev(3, line, T0 - 10 * MIN, `flag checkout-v2 in ${env}: Turned on the flag`, {
        attributes: { flag: "checkout-v2", environment: env },
      });
    const found = suspectChanges(context(), [flag("staging", 1), flag("production", 2)], T0);
    expect(lines(found)[0]).toBe("k8s/events.json:2");
    expect((score(found, "k8s/events.json", 1) ?? 1) * 2).toBeLessThan(score(found, "k8s/events.json", 2) ?? 0);
    // a step whose text only says it meant staging is not cleared: a change meant for staging can land in production
    const meant = ev(2, 9, T0 - 10 * MIN, "--- :key: revoke old signing keys in staging", { service: "checkout" });
    const [step] = suspectChanges(context(), [meant], T0);
    expect(step?.score ?? 0).toBeGreaterThan(score(found, "k8s/events.json", 1) ?? 1);
  });

  it("a command run by hand is named by what it touched, not by sudo", () => {
    const ctx = context();
    (ctx.agg.sources as unknown[]).push(
      fakeSource(6, "db/postgresql.log", {
        failing: true,
        failureClass: "503 GET /api/search.messages",
        services: ["postgresql"],
      }),
    );
    const rm = ev(6, 40, T0 - 3 * MIN, "yp : TTY=pts/0 ; USER=root ; COMMAND=/bin/rm -rf /var/opt/postgresql/data", {
      service: "sudo",
      host: "db2",
      attributes: { change: { where: ["sudo", "db2"] } },
    });
    const [top] = suspectChanges(ctx, [rm], T0);
    expect(top?.summary).toContain('shares "postgresql" with what failed');
    expect(top?.summary).not.toContain("on sudo");
  });

  it("a tool's consecutive reports of one rollout are one suspect, timed by the last", () => {
    const found = suspectChanges(
      context(),
      [
        ev(2, 6, T0 - 9 * MIN, 'Release "checkout" has been upgraded. Happy Helming!', { service: "checkout" }),
        ev(2, 13, T0 - 6 * MIN, 'deployment "checkout" successfully rolled out', { service: "checkout" }),
      ],
      T0,
    );
    expect(lines(found)).toEqual(["ci/deploy.log:13"]);
  });

  it("a name shared only with a failing endpoint ties less than the failing service's own name", () => {
    const found = suspectChanges(
      context(),
      [
        ev(2, 1, T0 - 3 * MIN, "deployed search-indexer 4.12.3", { service: "search-indexer" }),
        ev(2, 2, T0 - 9 * MIN, "deployed checkout 2.0.1", { service: "checkout" }),
      ],
      T0,
    );
    expect(lines(found)[0]).toBe("ci/deploy.log:2");
    expect(found[1]?.summary).toContain("names a failing endpoint");
  });

  it("saying no change is to blame never raises a suspect's score (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            minutes: fc.integer({ min: -600, max: 10 }),
            svc: fc.constantFrom("checkout", "search-ui", null),
            text: fc.constantFrom("deployed", "flag turned on", "ConfigMap/a/b configured", "scaled up"),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        (items) => {
          const ns = items.map((x, i) =>
            ev(2, i + 1, T0 + x.minutes * MIN, `${x.text} ${x.svc ?? ""}`, { service: x.svc }),
          );
          const before = suspectChanges(context(), ns, T0);
          const after = suspectChanges(context(), [...ns, chat(99, T0 + 30 * MIN, "no change to blame here")], T0);
          return after.every((f) => {
            const was = before.find((b) => b.evidence?.[0]?.line === f.evidence?.[0]?.line);
            return was === undefined || (f.score ?? 0) <= (was.score ?? 0);
          });
        },
      ),
    );
  });
});
