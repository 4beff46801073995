import { describe, expect, it } from "vitest";
import { evidenceFileReader } from "../../../test/support/read-evidence-file.js";
import type { RawEvent } from "../../model/event.js";
import { incidentioJson } from "./incidentio-json.js";

const read = evidenceFileReader("incidentio");

const row = (e: RawEvent) => [new Date(e.ts).toISOString(), e.kind, e.actor, e.attributes.type];

describe("incidentio-json", () => {
  it("reads an incident: declared by its creator, named timestamps by the lead, unreached ones left out", async () => {
    const text = JSON.stringify(JSON.parse(incidentioJson.samples[0] as string), null, 2);
    const { source, events } = await read("incident.json", text);
    expect(source?.format).toBe("incidentio-json");
    expect(events.map(row)).toEqual([
      ["2025-04-06T15:06:00.000Z", "page", "Tom Becker", "incident_created"],
      ["2025-04-06T15:00:10.000Z", "note", "Tom Becker", "milestone"],
      ["2025-04-06T16:05:00.000Z", "page", "Tom Becker", "incident_resolved"],
    ]);
    expect(events[0]?.message).toBe("Incident INC-88 declared: Checkout 502s — Checkout returned 502 after a deploy.");
    expect(events[1]?.attributes).toMatchObject({ milestone: "Impact started", id: "INC-88", status: "Closed" });
    // the milestone's event points at its value in the pretty-printed file
    const lines = text.split("\n");
    expect(lines[(events[2]?.line ?? 0) - 1]).toMatch(/"value": \{/);
    expect(lines[events[2]?.line ?? 0]).toContain("2025-04-06T16:05:00Z");
  });

  it("reads incident updates (a closing status is the resolve) and the incident list", async () => {
    const { source, events } = await read("updates.json", incidentioJson.samples[1] as string);
    expect(source?.format).toBe("incidentio-json");
    expect(events.map(row)).toEqual([["2025-04-06T15:40:00.000Z", "note", "Tom Becker", "status-update"]]);
    const inc = JSON.parse(incidentioJson.samples[0] as string).incident;
    const closed = {
      id: "u2",
      incident_id: inc.id,
      message: "Closed",
      new_incident_status: { name: "Closed", category: "closed" },
      updater: { user: { name: "Tom Becker" } },
      created_at: "2025-04-06T16:06:00Z",
    };
    const list = await read(
      "incidents.json",
      JSON.stringify({
        incidents: [{ ...inc, incident_timestamp_values: [], incident_updates: [closed] }],
        pagination_meta: {},
      }),
    );
    expect(list.events.map(row)).toEqual([
      ["2025-04-06T15:06:00.000Z", "page", "Tom Becker", "incident_created"],
      ["2025-04-06T16:06:00.000Z", "page", "Tom Becker", "incident_resolved"],
    ]);
  });

  it("names a milestone whose value is not a time, and a truncated file", async () => {
    const inc = JSON.parse(incidentioJson.samples[0] as string);
    inc.incident.incident_timestamp_values[0].value.value = "soon";
    const bad = await read("bad.json", JSON.stringify(inc, null, 2));
    expect(bad.events).toHaveLength(2);
    expect(bad.source?.skipped.byReason).toMatchObject({ "invalid-timestamp": 1 });
    expect(bad.source?.skipped.examples[0]?.excerpt).toContain("Impact started: soon");
    const text = incidentioJson.samples[0] as string;
    const cut = await read("cut.json", text.slice(0, text.length - 100));
    expect(cut.source?.skipped.byReason).toMatchObject({ "truncated-json": 1 });
  });
});
