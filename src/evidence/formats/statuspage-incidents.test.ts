import { describe, expect, it } from "vitest";
import { evidenceFileReader } from "../../../test/support/read-evidence-file.js";
import { statuspageIncidents } from "./statuspage-incidents.js";

const read = evidenceFileReader("statuspage");

describe("statuspage-incidents", () => {
  it("reads every incident update of incidents.json as a note by the page, at display_at", async () => {
    const { source, events } = await read("incidents.json", statuspageIncidents.samples[0] as string);
    expect(source?.format).toBe("statuspage-incidents");
    // updates come newest first, as the API lists them; the merge orders them by time
    const byTime = [...events].sort((a, b) => a.ts - b.ts);
    expect(byTime.map((e) => [new Date(e.ts).toISOString(), e.kind, e.actor, e.attributes.status])).toEqual([
      ["2025-03-04T10:12:40.000Z", "note", "Example Cloud", "investigating"],
      ["2025-03-04T11:02:10.000Z", "note", "Example Cloud", "resolved"],
    ]);
    expect(byTime[0]?.message).toContain("Elevated API error rates [investigating]: We are investigating");
  });

  it("reads the manage API's bare array and skips an update without a valid time, naming its line", async () => {
    const text = JSON.stringify(
      [
        {
          id: "x1",
          name: "Checkout slow",
          status: "monitoring",
          impact: "minor",
          incident_updates: [
            { status: "identified", body: "Fix deployed.", created_at: "2025-03-04T10:20:00-05:00", display_at: null },
            { status: "investigating", body: "Looking.", created_at: "yesterday-ish" },
          ],
        },
      ],
      null,
      2,
    );
    const { source, events } = await read("manage-incidents.json", text);
    expect(source?.format).toBe("statuspage-incidents");
    expect(events).toHaveLength(1);
    expect(new Date(events[0]?.ts ?? 0).toISOString()).toBe("2025-03-04T15:20:00.000Z");
    expect(events[0]?.actor).toBe("status page");
    expect(source?.skipped.byReason).toMatchObject({ "invalid-timestamp": 1 });
  });

  it('reads one incident, bare or under "incident", and names a truncated file', async () => {
    const incident = JSON.parse(statuspageIncidents.samples[0] as string).incidents[0];
    const bare = await read("incident.json", JSON.stringify(incident, null, 2));
    expect(bare.source?.format).toBe("statuspage-incidents");
    expect(bare.events).toHaveLength(2);
    const wrapped = await read("incident-wrapped.json", JSON.stringify({ incident }));
    expect(wrapped.events).toHaveLength(2);
    const text = statuspageIncidents.samples[0] as string;
    const cut = await read("cut.json", text.slice(0, text.length - 200));
    expect(cut.source?.skipped.byReason).toMatchObject({ "truncated-json": 1 });
  });
});
