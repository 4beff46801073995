import { describe, expect, it } from "vitest";
import { evidenceFileReader } from "../../../test/support/read-evidence-file.js";

const read = evidenceFileReader("k8s-events-yaml");

describe("kubernetes-events as YAML, and other -o yaml documents", () => {
  it("reads kubectl get events -o yaml: ReplicaSet scaling becomes a scale change on the item's line", async () => {
    const item = (name: string, at: string, message: string) => [
      "- apiVersion: v1",
      "  count: 1",
      `  firstTimestamp: "${at}"`,
      "  involvedObject:",
      "    apiVersion: apps/v1",
      "    kind: Deployment",
      "    name: checkout",
      "    namespace: shop",
      "  kind: Event",
      `  lastTimestamp: "${at}"`,
      `  message: ${message}`,
      "  metadata:",
      `    name: ${name}`,
      "    namespace: shop",
      "  reason: ScalingReplicaSet",
      "  source:",
      "    component: deployment-controller",
      "  type: Normal",
    ];
    const text = [
      "apiVersion: v1",
      "items:",
      ...item("checkout.1", "2025-03-04T10:00:23Z", "Scaled up replica set checkout-7c9f8d6b5 to 1"),
      ...item("checkout.2", "2025-03-04T10:00:53Z", "Scaled down replica set checkout-5d4b7c9f8 to 0 from 1"),
      "kind: List",
      "metadata:",
      '  resourceVersion: ""',
    ].join("\n");
    const { source, events } = await read("events.yaml", text);
    expect(source?.format).toBe("kubernetes-events");
    expect(events.map((e) => [new Date(e.ts).toISOString(), e.line, e.kind, e.attributes.type])).toEqual([
      ["2025-03-04T10:00:23.000Z", 3, "change", "scale"],
      ["2025-03-04T10:00:53.000Z", 21, "change", "scale"],
    ]);
  });

  it("reads helm history -o yaml as release changes", async () => {
    const text = [
      "- app_version: 2.13.0",
      "  chart: checkout-1.20.0",
      "  description: Install complete",
      "  revision: 1",
      "  status: superseded",
      '  updated: "2025-03-03T09:00:00.123456789Z"',
      "- app_version: 2.14.0",
      "  chart: checkout-1.21.0",
      "  description: Upgrade complete",
      "  revision: 2",
      "  status: deployed",
      '  updated: "2025-03-04T10:00:42.123456789Z"',
    ].join("\n");
    const { source, events } = await read("history.yaml", text);
    expect(source?.format).toBe("change-records-json");
    expect(events.map((e) => [new Date(e.ts).toISOString(), e.line, e.kind])).toEqual([
      ["2025-03-03T09:00:00.123Z", 1, "change"],
      ["2025-03-04T10:00:42.123Z", 7, "change"],
    ]);
  });
});
