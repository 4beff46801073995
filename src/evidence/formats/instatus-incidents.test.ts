import { describe, expect, it } from "vitest";
import { evidenceFileReader } from "../../../test/support/read-evidence-file.js";
import { instatusIncidents } from "./instatus-incidents.js";

const read = evidenceFileReader("instatus");

describe("instatus-incidents", () => {
  it("reads each update as a status-page note at its time, with its status", async () => {
    const { source, events } = await read(
      "incidents.json",
      JSON.stringify(JSON.parse(instatusIncidents.samples[0] as string), null, 2),
    );
    expect(source?.format).toBe("instatus-incidents");
    expect(events.map((e) => [new Date(e.ts).toISOString(), e.kind, e.actor, e.attributes.status])).toEqual([
      ["2025-04-06T15:05:00.000Z", "note", "status page", "investigating"],
      ["2025-04-06T16:05:00.000Z", "note", "status page", "resolved"],
    ]);
    expect(events[0]?.message).toBe(
      "Status page: Checkout errors [investigating]: We are investigating failed checkouts.",
    );
  });

  it("reads summary.json's active incidents (no updates) as their start, by the page's name", async () => {
    const summary = {
      page: { name: "Example Status", url: "https://status.example.com", status: "HASISSUES" },
      activeIncidents: [
        {
          id: "c1",
          name: "API slow",
          started: "2025-04-06T15:05:00.000Z",
          status: "INVESTIGATING",
          impact: "DEGRADEDPERFORMANCE",
          url: "https://status.example.com/incident/c1",
        },
      ],
      activeMaintenances: [],
    };
    const { source, events } = await read("summary.json", JSON.stringify(summary));
    expect(source?.format).toBe("instatus-incidents");
    expect(events.map((e) => [new Date(e.ts).toISOString(), e.actor, e.attributes.status])).toEqual([
      ["2025-04-06T15:05:00.000Z", "Example Status", "investigating"],
    ]);
  });

  it("names an update without a valid time and a truncated file", async () => {
    const inc = JSON.parse(instatusIncidents.samples[0] as string);
    inc[0].updates[1].started = 0;
    const bad = await read("bad.json", JSON.stringify(inc, null, 2));
    expect(bad.events).toHaveLength(1);
    expect(bad.source?.skipped.byReason).toMatchObject({ "invalid-timestamp": 1 });
    const text = instatusIncidents.samples[0] as string;
    const cut = await read("cut.json", text.slice(0, text.length - 120));
    expect(cut.source?.skipped.byReason).toMatchObject({ "truncated-json": 1 });
  });
});
