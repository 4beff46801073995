import { describe, expect, it } from "vitest";
import { evidenceFileReader } from "../../../test/support/read-evidence-file.js";
import type { RawEvent } from "../../model/event.js";

const read = evidenceFileReader("gitops-status");

const row = (e: RawEvent) => {
  const c = e.attributes.change as { phase: string; tool: string; by: string | null };
  return [new Date(e.ts).toISOString(), e.line, c.tool, c.phase, c.by, e.service];
};

describe("gitops-status", () => {
  it("reads an Argo CD Application (-o yaml): each history entry at deployedAt, a failed last operation too", async () => {
    const text = [
      "apiVersion: argoproj.io/v1alpha1",
      "kind: Application",
      "metadata:",
      "  name: pricing",
      "status:",
      "  history:",
      '  - deployStartedAt: "2025-03-04T10:00:11Z"',
      '    deployedAt: "2025-03-04T10:00:40Z"',
      "    id: 12",
      "    initiatedBy:",
      "      username: ana@example.com",
      "    revision: 9f3c2a1b7d0e4c6a8b2d4f6e8a0c2e4b6d8f0a1c",
      "  operationState:",
      '    finishedAt: "2025-03-04T10:20:02Z"',
      "    message: one or more objects failed to apply",
      "    phase: Failed",
      '    startedAt: "2025-03-04T10:19:50Z"',
    ].join("\n");
    const { source, events } = await read("app.yaml", text);
    expect(source?.format).toBe("gitops-status");
    expect(events.map(row)).toEqual([
      ["2025-03-04T10:00:40.000Z", 7, "argocd", "effective", "ana@example.com", "pricing"],
      ["2025-03-04T10:20:02.000Z", 14, "argocd", "failed", null, "pricing"],
    ]);
  });

  it("reads a Flux HelmRelease (-o json): the Ready condition once, not again as Released or history", async () => {
    const hr = {
      apiVersion: "helm.toolkit.fluxcd.io/v2",
      kind: "HelmRelease",
      metadata: { name: "podinfo" },
      status: {
        conditions: [
          { lastTransitionTime: "2025-03-04T10:00:23Z", reason: "UpgradeSucceeded", status: "True", type: "Ready" },
          { lastTransitionTime: "2025-03-04T10:00:23Z", reason: "UpgradeSucceeded", status: "True", type: "Released" },
        ],
        history: [
          { chartName: "podinfo", chartVersion: "6.5.4", lastDeployed: "2025-03-04T10:00:22Z", status: "deployed" },
        ],
      },
    };
    const { source, events } = await read("hr.json", JSON.stringify({ apiVersion: "v1", kind: "List", items: [hr] }));
    expect(source?.format).toBe("gitops-status");
    expect(events.map(row)).toEqual([["2025-03-04T10:00:23.000Z", 1, "flux", "effective", null, "podinfo"]]);
  });

  it("a Kustomization whose last apply failed is a failed change; one without condition times yields no change", async () => {
    const k = (conditions: unknown[]) =>
      JSON.stringify({
        apiVersion: "kustomize.toolkit.fluxcd.io/v1",
        kind: "Kustomization",
        metadata: { name: "apps" },
        status: { conditions },
      });
    const failed = await read(
      "k.json",
      k([
        { lastTransitionTime: "2025-03-04T10:00:23Z", reason: "ReconciliationFailed", status: "False", type: "Ready" },
      ]),
    );
    expect(failed.events.map(row)).toEqual([["2025-03-04T10:00:23.000Z", 1, "flux", "failed", null, "apps"]]);
    const none = await read("none.json", k([{ reason: "ReconciliationSucceeded", status: "True", type: "Ready" }]));
    expect(none.events).toEqual([]);
    expect(none.source?.skipped.total).toBe(1);
  });
});
