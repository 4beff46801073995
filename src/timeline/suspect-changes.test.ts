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

  it("nothing before the impact, nothing suspected; no impact, no suspects", () => {
    expect(suspectChanges(context(), [change(1, 3, T0 + 30 * 60_000, "Deployed billing 7.2.0")], T0)).toEqual([]);
    expect(suspectChanges(context(), [change(1, 3, T0 - 60_000, "Deployed billing 7.2.0")], null)).toEqual([]);
  });
});
