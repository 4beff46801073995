import { describe, expect, it } from "vitest";
import { evidenceFileReader } from "../../../test/support/read-evidence-file.js";
import type { RawEvent } from "../../model/event.js";
import { gitlabIssuesJson } from "./gitlab-issues-json.js";

const read = evidenceFileReader("gitlab-issues");

const row = (e: RawEvent) => [new Date(e.ts).toISOString(), e.actor, e.attributes.type, e.message];

describe("gitlab-issues-json", () => {
  it("reads project issues: opened by the author (to the millisecond), closed by closed_by", async () => {
    const { source, events } = await read(
      "issues.json",
      JSON.stringify(JSON.parse(gitlabIssuesJson.samples[0] as string), null, 2),
    );
    expect(source?.format).toBe("gitlab-issues-json");
    expect(events.map(row)).toEqual([
      ["2025-04-06T15:04:10.408Z", "Nadia Ali", "report", "Issue #812: Checkout returns 502 for every tenant"],
      [
        "2025-04-06T16:00:00.000Z",
        "Tom Becker",
        "status-update",
        "Issue #812 closed: Checkout returns 502 for every tenant",
      ],
    ]);
  });

  it("reads notes (system notes as status updates) and resource state events", async () => {
    const notes = JSON.parse(gitlabIssuesJson.samples[1] as string);
    const system = {
      ...notes[0],
      id: 2,
      body: "changed the incident status to **Resolved**",
      system: true,
      created_at: "2025-04-06T16:00:00.000Z",
    };
    const { events } = await read("notes.json", JSON.stringify([notes[0], system], null, 2));
    expect(events.map(row)).toEqual([
      [
        "2025-04-06T15:20:00.000Z",
        "Tom Becker",
        "comment",
        "Issue #812 note: Rolled back the 14:55 deploy, error rate dropping.",
      ],
      [
        "2025-04-06T16:00:00.000Z",
        "Tom Becker",
        "status-update",
        "Issue #812 update: changed the incident status to **Resolved**",
      ],
    ]);
    const state = [
      {
        id: 1,
        user: { id: 77, username: "tbecker", name: "Tom Becker" },
        created_at: "2025-04-06T16:00:00.000Z",
        resource_type: "Issue",
        resource_id: 152201,
        state: "closed",
      },
    ];
    const s = await read("state.json", JSON.stringify(state));
    expect(s.source?.format).toBe("gitlab-issues-json");
    expect(s.events.map((e) => [e.actor, e.attributes.status])).toEqual([["Tom Becker", "closed"]]);
  });

  it("names an issue with a wrong-typed time and a truncated export", async () => {
    const issue = JSON.parse(gitlabIssuesJson.samples[0] as string)[0];
    const wrong = await read("wrong.json", JSON.stringify([{ ...issue, created_at: ["2025"], closed_at: null }]));
    expect(wrong.events).toHaveLength(0);
    expect(wrong.source?.skipped.byReason).toMatchObject({ "invalid-timestamp": 1 });
    const text = gitlabIssuesJson.samples[0] as string;
    const cut = await read("cut.json", text.slice(0, text.length - 30));
    expect(cut.source?.skipped.byReason).toMatchObject({ "truncated-json": 1 });
    expect(cut.source?.warnings?.join(" ")).toMatch(/truncated JSON/);
  });
});
