import { describe, expect, it } from "vitest";
import { evidenceFileReader } from "../../../test/support/read-evidence-file.js";
import type { RawEvent } from "../../model/event.js";

const read = evidenceFileReader("release-markers");

const row = (e: RawEvent) => {
  const c = e.attributes.change as { tool: string; type: string; by: string | null };
  return [new Date(e.ts).toISOString(), c.tool, c.type, c.by, e.service];
};

describe("release-markers-json", () => {
  it("reads Grafana deploy annotations (ms) and skips annotations that are not deploys", async () => {
    const text = JSON.stringify([
      {
        id: 1,
        dashboardUID: "",
        panelId: 0,
        login: "ci-bot",
        time: 1741082442000,
        tags: ["deploy", "checkout"],
        text: "Deployed checkout 1.21.0",
      },
      {
        id: 2,
        dashboardUID: "abc",
        panelId: 3,
        login: "ana",
        time: 1741082500000,
        tags: ["note"],
        text: "looking at p99",
      },
      {
        id: 3,
        dashboardUID: "",
        panelId: 0,
        login: "ana",
        time: 1741083000000,
        tags: ["checkout"],
        text: "Rolled back checkout to 1.20.0",
      },
    ]);
    const { source, events } = await read("annotations.json", text);
    expect(source?.format).toBe("release-markers-json");
    expect(events.map(row)).toEqual([
      ["2025-03-04T10:00:42.000Z", "grafana-annotation", "deploy", "ci-bot", "checkout"],
      ["2025-03-04T10:10:00.000Z", "grafana-annotation", "rollback", "ana", "checkout"],
    ]);
    expect(source?.skipped.total).toBe(1);
  });

  it("reads Sentry releases at their last deploy's end, Datadog deploy events (epoch seconds)", async () => {
    const sentry = await read(
      "releases.json",
      JSON.stringify([
        {
          version: "checkout@1.21.0",
          shortVersion: "1.21.0",
          dateReleased: "2025-03-04T10:00:30Z",
          projects: [{ slug: "checkout" }],
          lastDeploy: { environment: "production", dateFinished: "2025-03-04T10:00:42Z" },
        },
      ]),
    );
    expect(sentry.events.map(row)).toEqual([["2025-03-04T10:00:42.000Z", "sentry", "release", null, "checkout"]]);
    const dd = await read(
      "events.json",
      JSON.stringify({
        events: [
          { date_happened: 1741082442, title: "Deployed orders v2.3.1", tags: ["service:orders", "version:2.3.1"] },
        ],
      }),
    );
    expect(dd.events.map(row)).toEqual([["2025-03-04T10:00:42.000Z", "datadog-event", "deploy", null, "orders"]]);
  });
});
