import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AnalysisContext } from "./context.js";
import type { NotableEvent, SourceAggregates } from "./source-aggregates.js";
import { suspectChanges } from "./suspect-changes.js";

const T0 = Date.UTC(2025, 6, 18, 12, 54, 0);

function source(index: number, path: string, failing: boolean, services: string[] = []): SourceAggregates {
  return {
    index,
    path,
    seconds: { errors: { size: failing ? 10 : 0 }, failures: { size: failing ? 10 : 0 } },
    services: new Map(services.map((s) => [s, 1])),
    hosts: new Map(),
    failureClasses: new Map(),
    classServices: new Map(),
    requestEvents: failing ? 10 : 0,
    templates: new Map(),
    notables: [],
  } as unknown as SourceAggregates;
}

function change(src: number, line: number, at: number, message: string, extra: Partial<NotableEvent> = {}) {
  return {
    ts: at,
    at,
    src,
    line,
    kind: "change" as const,
    severity: "info" as const,
    service: null,
    host: null,
    actor: null,
    message,
    attributes: {},
    ...extra,
  };
}

function context(): AnalysisContext {
  return {
    agg: {
      sources: [
        source(0, "envoy/access.log", true, ["cortex-distributor"]),
        source(1, "ci/jenkins.log", false),
        source(2, "k8s/argocd-events.json", false),
        source(3, "slack/day.json", false),
      ],
    },
    shiftMs: [0, 0, 0, 0],
    window: { start: T0 - 3_600_000, end: T0 + 3_600_000 },
    dataStart: T0 - 3_600_000,
    dataEnd: T0 + 3_600_000,
    services: [],
    inventory: [],
    edgeSources: [],
    detail: false,
  } as unknown as AnalysisContext;
}

describe("suspect changes", () => {
  it("a change whose name shares a word with what failed beats a nearer change to something else", () => {
    const found = suspectChanges(
      context(),
      [
        change(1, 7, T0 - 10 * 60_000, "+ helm upgrade grafana-ui charts/grafana-ui --set image.tag=6.2.5", {
          service: "grafana-ui",
        }),
        change(2, 112, T0 - 40_000, "Application/cortex-prod OperationCompleted: Sync operation to 8e1c2f4 succeeded", {
          service: "cortex-prod",
        }),
      ],
      T0,
    );
    expect(found[0]?.evidence?.[0]).toEqual({ path: "k8s/argocd-events.json", line: 112 });
    expect(found[0]?.summary).toContain('shares "cortex"');
  });

  it("a start and its effect in one source rank once, by the effect; later undoing it raises it", () => {
    const found = suspectChanges(
      context(),
      [
        change(1, 20, T0 - 9 * 60_000, "##[group]Run ./bin/wafctl publish --ruleset managed", {
          attributes: { change: { phase: "started", where: [] } },
        }),
        change(1, 38, T0 - 20_000, "ruleset managed@4c1e0f7 is ACTIVE on 194/194 locations", {
          attributes: { change: { phase: "effective", where: [] } },
        }),
        change(2, 5, T0 - 2 * 60_000, "Deployment/billing ScalingReplicaSet: Scaled up replica set billing-7c9f to 3", {
          service: "billing",
        }),
        change(3, 9, T0 + 20 * 60_000, "rolling back the managed ruleset with the global kill switch", {
          kind: "chat",
        }),
      ],
      T0,
    );
    expect(found.map((f) => f.evidence?.[0]?.line)).not.toContain(20);
    expect(found[0]?.evidence?.map((e) => e.line)).toEqual([38, 9]);
    expect(found[0]?.summary).toContain("later undone");
  });

  it("capacity an autoscaling policy added is not blamed like a change someone made", () => {
    const [scale] = suspectChanges(
      context(),
      [
        change(2, 27, T0 - 5 * 60_000, "cortex-asg: Launching a new EC2 instance: i-027b (desired 48 → 56)", {
          service: "cortex-asg",
          attributes: { automatic: true, type: "scale" },
        }),
      ],
      T0,
    );
    expect(scale?.summary).toContain("autoscaler");
    expect((scale as { score?: number }).score).toBeLessThan(0.5);
  });

  it("the change the mitigating action reversed (scaled up, then back down) outranks a nearer change", () => {
    const up = change(
      2,
      35,
      T0 - 20 * 60_000,
      "Deployment/ledger-store ScalingReplicaSet: Scaled up replica set ledger-store-6f8d9c7b5d to 9 from 6",
      {
        service: "ledger-store",
      },
    );
    const fix = change(
      2,
      190,
      T0 + 45 * 60_000,
      "Deployment/ledger-store ScalingReplicaSet: Scaled down replica set ledger-store-6f8d9c7b5d to 6 from 9",
      {
        service: "ledger-store",
      },
    );
    const nearer = change(1, 9, T0 - 2 * 60_000, 'Release "search-ui" has been upgraded. Happy Helming!', {
      service: "search-ui",
    });
    const found = suspectChanges(context(), [up, nearer, fix], T0, [], fix);
    expect(found[0]?.evidence?.map((e) => e.line)).toEqual([35, 190]);
    expect(found[0]?.summary).toContain("the action that ended the impact undid it");
    // without the mitigation the nearer deploy wins on proximity alone
    expect(suspectChanges(context(), [up, nearer], T0)[0]?.evidence?.[0]?.line).toBe(9);
  });

  it("a nameless change from the failing host's folder is tied to it more than one from elsewhere", () => {
    const ctx = context();
    (ctx.agg.sources as unknown[]).push(
      source(4, "hosts/intake-03/unattended-upgrades.log", false),
      source(5, "lb/intake-lb-access.log", true),
      source(6, "ci/nightly.log", false),
    );
    const here = change(4, 7, T0 - 4 * 60_000, "All upgrades installed");
    const there = change(6, 3, T0 - 2 * 60_000, "Finished: SUCCESS");
    const found = suspectChanges(ctx, [here, there], T0);
    expect(found[0]?.evidence?.[0]).toEqual({ path: "hosts/intake-03/unattended-upgrades.log", line: 7 });
    expect(found[0]?.summary).toContain('"intake" names a source that logged the failure');
  });

  it("responders citing a change by its clock time tie it to the failure", () => {
    const at = T0 - 20 * 60_000;
    const hhmm = new Date(at).toISOString().slice(11, 16);
    const apply = change(1, 8, at, "Apply complete! Resources: 0 added, 1 changed, 0 destroyed.");
    const said = change(3, 4, T0 + 9 * 60_000, `reads broke right after the apply at ${hhmm}, checking the plan`, {
      kind: "chat",
      actor: "Ana",
    });
    const [top] = suspectChanges(context(), [apply, said], T0);
    expect(top?.summary).toContain("responders tied it to the failure");
    expect(top?.evidence?.map((e) => e.line)).toEqual([8, 4]);
  });

  it("switching back to the old cluster undoes the switch", () => {
    const sw = change(1, 12, T0 - 30 * 60_000, "terraform: Apply complete! storage_cluster = retriever-b", {
      attributes: { change: { what: "storage cluster switch to retriever-b", where: [] } },
    });
    const other = change(2, 5, T0 - 60_000, "deploy billing 4.2.0", { service: "billing" });
    const back = change(3, 30, T0 + 40 * 60_000, "switched back to the old cluster, retriever-b drained", {
      kind: "chat",
    });
    const found = suspectChanges(context(), [sw, other, back], T0);
    expect(found[0]?.evidence?.map((e) => e.line)).toEqual([12, 30]);
  });

  it("a change responders called unrelated drops below one they tied to the failure", () => {
    const herring = change(1, 27, T0 - 3 * 60_000, "deploy avatar-service v3.18.0 to production", {
      service: "avatar-service",
    });
    const flag = change(2, 68, T0 - 14 * 60_000, "flag consul-streaming-backend in production: Turned on the flag");
    const said = [
      change(3, 2, T0 + 10 * 60_000, "the avatar-service deploy is unrelated, it only touches hat rendering", {
        kind: "chat",
        actor: "Ana",
      }),
      change(3, 5, T0 + 12 * 60_000, "errors started right after the consul-streaming flag went on: see 13:10 graph", {
        kind: "chat",
        actor: "Kai",
      }),
    ];
    const found = suspectChanges(context(), [herring, flag, ...said], T0);
    expect(found[0]?.evidence?.[0]?.line).toBe(68);
    expect(found.find((f) => f.evidence?.[0]?.line === 27)?.summary).toContain("responders called it unrelated");
    // quoted messages never hold ": ", so the change's own message follows the first one (the draft's summary)
    expect(found[0]?.summary.replace(/^.*?: /, "")).toBe(flag.message);
  });

  it("a destructive command run by hand weighs as a deploy; a change after the first failure weighs less", () => {
    const rm = change(1, 40, T0 - 60_000, "sudo: yp : TTY=pts/0 ; USER=root ; COMMAND=/bin/rm -rf /var/opt/db/data", {
      actor: "yp",
    });
    const ls = change(1, 41, T0 - 30_000, "sudo: yp : TTY=pts/0 ; USER=root ; COMMAND=/usr/bin/du -sh /var/opt/db", {
      actor: "yp",
    });
    const after = change(1, 42, T0 + 20_000, "sudo: yp : TTY=pts/0 ; USER=root ; COMMAND=/bin/systemctl restart db", {
      actor: "yp",
    });
    const found = suspectChanges(context(), [rm, ls, after], T0);
    expect(found.map((f) => f.evidence?.[0]?.line)).toEqual([40, 41, 42]);
  });

  it("ranking never throws and scores stay within [0, 1] (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            minutes: fc.integer({ min: -400, max: 1 }),
            message: fc.string({ maxLength: 80 }),
            kind: fc.constantFrom("change" as const, "chat" as const, "k8s-event" as const),
          }),
          { maxLength: 12 },
        ),
        (items) => {
          const ns = items.map((it, i) => change(1, i + 1, T0 + it.minutes * 60_000, it.message, { kind: it.kind }));
          const found = suspectChanges(context(), ns, T0, [], ns[ns.length - 1] ?? null);
          return found.every((f) => (f.score ?? 0) >= 0 && (f.score ?? 0) <= 1) && found.length <= 5;
        },
      ),
    );
  });

  it("nothing before the impact, nothing suspected; no impact, no suspects", () => {
    expect(suspectChanges(context(), [change(1, 3, T0 + 30 * 60_000, "Deployed billing 7.2.0")], T0)).toEqual([]);
    expect(suspectChanges(context(), [change(1, 3, T0 - 60_000, "Deployed billing 7.2.0")], null)).toEqual([]);
  });
});
