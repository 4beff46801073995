import { describe, expect, it } from "vitest";
import { evidenceFileReader } from "../../../test/support/read-evidence-file.js";
import { adfText, jiraIssuesJson } from "./jira-issues-json.js";

const read = evidenceFileReader("jira");

describe("jira-issues-json", () => {
  it("reads a search result: the report by its reporter, each comment, and the status change of the changelog", async () => {
    const { source, events } = await read(
      "search.json",
      JSON.stringify(JSON.parse(jiraIssuesJson.samples[0] as string), null, 2),
    );
    expect(source?.format).toBe("jira-issues-json");
    expect(source?.timezoneAssumed).toBe(false);
    expect(events.map((e) => [new Date(e.ts).toISOString(), e.actor, e.attributes.type, e.message])).toEqual([
      ["2025-04-06T15:04:00.000Z", "Jo Buyer", "report", "Issue OPS-412: Customers cannot check out (502)"],
      ["2025-04-06T15:20:00.000Z", "Tom Becker", "comment", "Issue OPS-412 comment: Rolled back the deploy."],
      ["2025-04-06T16:05:00.000Z", "Tom Becker", "status-update", "Issue OPS-412 status In Progress -> Resolved"],
    ]);
    expect(events[2]?.attributes.status).toBe("Resolved");
  });

  it("reads Service Management requests and their comments, with API v3 document bodies flattened", async () => {
    const { events } = await read("requests.json", jiraIssuesJson.samples[1] as string);
    expect(events.map((e) => [new Date(e.ts).toISOString(), e.actor, e.message])).toEqual([
      ["2025-04-06T15:04:00.000Z", "Jo Buyer", "Issue SD-88: Checkout fails with 502"],
    ]);
    const body = {
      type: "doc",
      version: 1,
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "Looking" },
            { type: "text", text: " now" },
          ],
        },
      ],
    };
    expect(adfText(body).trim()).toBe("Looking now");
    const comments = {
      values: [
        {
          id: "1",
          body: "We see it too",
          public: true,
          author: { displayName: "Sam Agent" },
          created: { iso8601: "2025-04-06T15:10:00+0000", epochMillis: 1743952200000 },
        },
      ],
    };
    const c = await read(
      "request-comments.json",
      JSON.stringify({ size: 1, start: 0, limit: 50, isLastPage: true, ...comments }, null, 2),
    );
    expect(c.source?.format).toBe("jira-issues-json");
    expect(c.events.map((e) => [new Date(e.ts).toISOString(), e.actor, e.attributes.type])).toEqual([
      ["2025-04-06T15:10:00.000Z", "Sam Agent", "comment"],
    ]);
  });

  it("skips an issue whose created time is not a date and names a broken document", async () => {
    const bad = {
      issues: [
        { key: "OPS-1", fields: { summary: "x", created: "tomorrow", reporter: null, status: { name: "Open" } } },
      ],
    };
    const r = await read("bad.json", JSON.stringify(bad));
    expect(r.source?.format).toBe("jira-issues-json");
    expect(r.events).toHaveLength(0);
    expect(r.source?.skipped.byReason).toMatchObject({ "invalid-timestamp": 1 });
    const broken = await read(
      "broken.json",
      (jiraIssuesJson.samples[0] as string).replace('"total": 1,', '"total": 1,,'),
    );
    expect(broken.source?.skipped.byReason).toMatchObject({ "invalid-json": 1 });
  });
});
