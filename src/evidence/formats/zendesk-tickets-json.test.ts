import { describe, expect, it } from "vitest";
import { evidenceFileReader } from "../../../test/support/read-evidence-file.js";
import { zendeskTicketsJson } from "./zendesk-tickets-json.js";

const read = evidenceFileReader("zendesk");

describe("zendesk-tickets-json", () => {
  it("reads tickets with side-loaded users: the requester by name at created_at", async () => {
    const { source, events } = await read(
      "tickets.json",
      JSON.stringify(JSON.parse(zendeskTicketsJson.samples[0] as string), null, 2),
    );
    expect(source?.format).toBe("zendesk-tickets-json");
    expect(events.map((e) => [new Date(e.ts).toISOString(), e.line, e.actor, e.message])).toEqual([
      ["2025-04-06T15:04:00.000Z", 3, "Acme Ops", "Support ticket 4211 [open]: Checkout returns 502"],
    ]);
    expect(events[0]?.attributes).toMatchObject({
      source: "zendesk",
      type: "report",
      priority: "urgent",
      channel: "email",
    });
  });

  it("falls back to the email sender in via.source.from, then to the requester id", async () => {
    const t = JSON.parse(zendeskTicketsJson.samples[0] as string).tickets[0];
    const noVia = { ...t, id: 4212, via: { channel: "web", source: { from: {}, to: {} } }, requester_id: 99 };
    const { events } = await read("one.json", JSON.stringify({ tickets: [t, noVia] }));
    expect(events.map((e) => e.actor)).toEqual(["Acme Ops", "requester 99"]);
    const single = await read("single.json", JSON.stringify({ ticket: t }));
    expect(single.events).toHaveLength(1);
  });

  it("reads comments and audits as notes by their authors", async () => {
    const { source, events } = await read("comments.json", zendeskTicketsJson.samples[1] as string);
    expect(source?.format).toBe("zendesk-tickets-json");
    expect(events.map((e) => [new Date(e.ts).toISOString(), e.actor, e.attributes.type])).toEqual([
      ["2025-04-06T15:10:00.000Z", "user 3620002", "comment"],
    ]);
    const audits = {
      audits: [
        {
          id: 1,
          ticket_id: 4211,
          created_at: "2025-04-06T15:30:00Z",
          author_id: 7,
          via: {},
          events: [{ id: 2, type: "Change", field_name: "status", value: "solved", previous_value: "open" }],
        },
      ],
      users: [{ id: 7, name: "Tom Becker" }],
    };
    const a = await read("audits.json", JSON.stringify(audits));
    expect(a.events.map((e) => [e.actor, e.message, e.attributes.status])).toEqual([
      ["Tom Becker", "Ticket status open -> solved", "solved"],
    ]);
  });

  it("names a truncated document and a ticket of the wrong type", async () => {
    const text = zendeskTicketsJson.samples[0] as string;
    const cut = await read("cut.json", text.slice(0, -300));
    expect(cut.events).toHaveLength(0);
    expect(cut.source?.skipped.byReason).toMatchObject({ "truncated-json": 1 });
    const wrong = await read(
      "wrong.json",
      '{"tickets": ["4211", {"id": 1, "requester_id": 2, "submitter_id": 2, "assignee_id": null, "created_at": "yesterday"}]}',
    );
    expect(wrong.events).toHaveLength(0);
    expect(wrong.source?.skipped.byReason).toMatchObject({ "unexpected-shape": 1, "invalid-timestamp": 1 });
  });

  it("reads the account JSON export (one ticket a line, requester and comments embedded); a broken line is named", async () => {
    const t = JSON.parse(zendeskTicketsJson.samples[0] as string).tickets[0];
    const one = {
      ...t,
      requester: { id: 3610001, name: "Acme Ops", email: "ops@acme.example" },
      comments: [
        {
          id: 1,
          author_id: 3620002,
          author: { name: "Sam Agent" },
          body: "Looking",
          public: true,
          created_at: "2025-04-06T15:12:00Z",
        },
      ],
    };
    const two = {
      ...t,
      id: 4212,
      requester: { id: 5, name: "Globex IT" },
      created_at: "2025-04-06T15:16:40Z",
      comments: [],
    };
    const text = `${JSON.stringify(one)}\n{"id": 4213, "requester_id": 1, "subj\n${JSON.stringify(two)}\n`;
    const { source, events } = await read("export.json", text);
    expect(source?.format).toBe("zendesk-tickets-json");
    expect(events.map((e) => [new Date(e.ts).toISOString(), e.line, e.actor, e.attributes.type])).toEqual([
      ["2025-04-06T15:04:00.000Z", 1, "Acme Ops", "report"],
      ["2025-04-06T15:12:00.000Z", 1, "Sam Agent", "comment"],
      ["2025-04-06T15:16:40.000Z", 3, "Globex IT", "report"],
    ]);
    expect(source?.skipped.byReason).toMatchObject({ "truncated-json": 1 });
    expect(source?.skipped.examples[0]?.line).toBe(2);
    expect(source?.warnings?.join(" ")).toMatch(/1 line\(s\) of this JSON-lines export are not JSON/);
  });
});
