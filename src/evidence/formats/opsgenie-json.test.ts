import { describe, expect, it } from "vitest";
import { evidenceFileReader } from "../../../test/support/read-evidence-file.js";
import { opsgenieJson } from "./opsgenie-json.js";

const read = evidenceFileReader("opsgenie");

describe("opsgenie-json single alert", () => {
  it("reads GET /v2/alerts/{id}: created by its integration, acknowledged and closed at createdAt + report offsets", async () => {
    const { source, events } = await read(
      "alert.json",
      JSON.stringify(JSON.parse(opsgenieJson.samples[1] as string), null, 2),
    );
    expect(source?.format).toBe("opsgenie-json");
    const byTime = [...events].sort((a, b) => a.ts - b.ts);
    expect(byTime.map((e) => [new Date(e.ts).toISOString(), e.kind, e.actor, e.attributes.action])).toEqual([
      ["2025-02-09T10:06:51.120Z", "page", "Prometheus", "create"],
      ["2025-02-09T10:12:00.000Z", "page", "alex.kim@example.com", "acknowledge"],
      ["2025-02-09T10:40:00.000Z", "page", "alex.kim@example.com", "close"],
    ]);
    expect(byTime[1]?.attributes.derived).toBe("createdAt + report.ackTime (308880 ms)");
  });

  it("reads an alert without a report (still open) as its creation only, and names a wrong-typed createdAt", async () => {
    const alert = JSON.parse(opsgenieJson.samples[1] as string);
    delete alert.data.report;
    const open = await read("open.json", JSON.stringify(alert));
    expect(open.events.map((e) => e.attributes.action)).toEqual(["create"]);
    alert.data.createdAt = 1739095611120;
    const bad = await read("bad.json", JSON.stringify(alert));
    expect(bad.events).toHaveLength(0);
    expect(bad.source?.skipped.byReason).toMatchObject({ "invalid-timestamp": 1 });
  });
});
