import { describe, expect, it } from "vitest";
import { evidenceFileReader } from "../../../test/support/read-evidence-file.js";
import { pagerdutyJson } from "./pagerduty-json.js";

const read = evidenceFileReader("pagerduty");

describe("pagerduty-json webhook V3 events", () => {
  it("reads one delivery and a saved list of them, each a page event by its agent with the event type", async () => {
    const one = JSON.parse(pagerdutyJson.samples[1] as string);
    const single = await read("webhook.json", JSON.stringify(one, null, 2));
    expect(single.source?.format).toBe("pagerduty-json");
    expect(
      single.events.map((e) => [new Date(e.ts).toISOString(), e.line, e.actor, e.attributes.type, e.service]),
    ).toEqual([["2025-02-09T10:12:00.000Z", 2, "Alex Kim", "incident.acknowledged", "orders-api (Prometheus)"]]);
    const triggered = {
      event: {
        ...one.event,
        id: "e0",
        event_type: "incident.triggered",
        occurred_at: "2025-02-09T10:06:50Z",
        agent: { summary: "orders-api (Prometheus)", type: "service_reference" },
      },
    };
    const list = await read("webhooks.json", JSON.stringify([triggered, one], null, 2));
    expect(list.events.map((e) => [e.attributes.type, e.message])).toEqual([
      ["incident.triggered", "triggered #1234: HighErrorRate: High 5xx error rate on orders-api"],
      ["incident.acknowledged", "acknowledged #1234: HighErrorRate: High 5xx error rate on orders-api"],
    ]);
  });

  it("names a delivery without a valid occurred_at and one that is not an object", async () => {
    const one = JSON.parse(pagerdutyJson.samples[1] as string);
    const bad = await read("bad.json", JSON.stringify([{ event: { ...one.event, occurred_at: 5 } }, "x", one]));
    expect(bad.events).toHaveLength(1);
    expect(bad.source?.skipped.byReason).toMatchObject({ "invalid-timestamp": 1, "unexpected-shape": 1 });
  });
});
