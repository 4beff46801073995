import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evidenceFileReader } from "../../../test/support/read-evidence-file.js";

const read = evidenceFileReader("kubectl-events-table");

const TABLE = [
  "NAMESPACE   LAST SEEN   TYPE      REASON              OBJECT                          MESSAGE",
  "shop        12m         Normal    ScalingReplicaSet   deployment/checkout             Scaled up replica set checkout-7c9f8d6b5 to 3",
  "shop        2m30s       Warning   Unhealthy           pod/checkout-7c9f8d6b5-x2x9p    Readiness probe failed: HTTP probe failed with statuscode: 503",
];

describe("kubectl-events-table: relative ages are times only against a stated capture time", () => {
  it("with a capture time above the table, ages become times and a scaling row is a change", async () => {
    const { source, events } = await read("events.txt", ["# captured 2025-03-04T10:05:00Z", ...TABLE].join("\n"));
    expect(source?.format).toBe("kubectl-events-table");
    expect(events.map((e) => [new Date(e.ts).toISOString(), e.kind, e.line, e.attributes.namespace])).toEqual([
      ["2025-03-04T09:53:00.000Z", "change", 3, "shop"],
      ["2025-03-04T10:02:30.000Z", "k8s-event", 4, "shop"],
    ]);
    expect(events[0]?.attributes.change).toMatchObject({ type: "scale", phase: "effective", where: ["checkout"] });
  });

  it("without one, no time is invented (not even the file's mtime): rows are skipped and the changes named in a warning", async () => {
    const { source, events } = await read("events-untimed.txt", TABLE.join("\n"));
    expect(events).toEqual([]);
    expect(source?.skipped.byReason["no-timestamp"]).toBe(2);
    expect(source?.warnings?.join(" ")).toMatch(
      /2 kubectl get events rows .* no capture time.*1 of them record changes/,
    );
  });

  it("bad input: a row whose age is not an age is skipped, the others are read", async () => {
    const bad = [
      ...TABLE,
      "shop        soon        Normal    ScalingReplicaSet   deployment/cart   Scaled down replica set cart-1 to 0",
    ];
    const { source, events } = await read("events-bad.txt", ["# captured 2025-03-04T10:05:00Z", ...bad].join("\n"));
    expect(events).toHaveLength(2);
    expect(source?.skipped.byReason["no-timestamp"]).toBe(1);
  });

  it("property: any age in days/hours/minutes/seconds lands exactly that long before the capture time", async () => {
    const ages = fc.sample(
      fc.record({ d: fc.nat(3), h: fc.nat(23), m: fc.nat(59), s: fc.nat(59) }).filter((a) => a.d + a.h + a.m + a.s > 0),
      { numRuns: 12, seed: 15 },
    );
    const age = (a: { d: number; h: number; m: number; s: number }) =>
      `${a.d ? `${a.d}d` : ""}${a.h ? `${a.h}h` : ""}${a.m ? `${a.m}m` : ""}${a.s ? `${a.s}s` : ""}`;
    const rows = ages.map(
      (a) =>
        `shop        ${age(a).padEnd(12)}Normal    ScalingReplicaSet   deployment/checkout             Scaled up replica set checkout-1 to 2`,
    );
    const { events } = await read("events-prop.txt", ["# captured 2025-03-04T10:05:00Z", TABLE[0], ...rows].join("\n"));
    const capture = Date.parse("2025-03-04T10:05:00Z");
    expect(events.map((e) => capture - e.ts)).toEqual(
      ages.map((a) => (((a.d * 24 + a.h) * 60 + a.m) * 60 + a.s) * 1000),
    );
  });
});
