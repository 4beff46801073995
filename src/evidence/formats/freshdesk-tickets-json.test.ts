import { describe, expect, it } from "vitest";
import { evidenceFileReader } from "../../../test/support/read-evidence-file.js";
import type { RawEvent } from "../../model/event.js";
import { freshdeskTicketsJson } from "./freshdesk-tickets-json.js";

const read = evidenceFileReader("freshdesk");

const row = (e: RawEvent) => [new Date(e.ts).toISOString(), e.line, e.kind, e.actor, e.attributes.type];

describe("freshdesk-tickets-json", () => {
  it("reads a pretty-printed ticket list: a report by the requester at created_at, on the ticket's line", async () => {
    const tickets = JSON.parse(freshdeskTicketsJson.samples[0] as string) as Record<string, unknown>[];
    const second = {
      ...tickets[0],
      id: 813,
      requester: undefined,
      requester_id: 4301,
      created_at: "2025-04-06T15:07:30Z",
    };
    const text = JSON.stringify([tickets[0], second], null, 2);
    const secondLine = text.split("\n").findIndex((l, i) => i > 1 && l === "  {") + 1;
    const { source, events } = await read("tickets.json", text);
    expect(source?.format).toBe("freshdesk-tickets-json");
    expect(events.map(row)).toEqual([
      ["2025-04-06T15:04:00.000Z", 2, "note", "Jo Buyer", "report"],
      ["2025-04-06T15:07:30.000Z", secondLine, "note", "requester 4301", "report"],
    ]);
    expect(events[0]?.message).toBe("Support ticket 812: Checkout page shows error 502");
    expect(events[0]?.attributes).toMatchObject({ source: "freshdesk", status: "open", channel: "portal" });
  });

  it("reads a single ticket with its conversations, each reply its own note", async () => {
    const ticket = JSON.parse(freshdeskTicketsJson.samples[0] as string)[0];
    const conversations = JSON.parse(freshdeskTicketsJson.samples[1] as string);
    const { events } = await read("ticket-812.json", JSON.stringify({ ...ticket, conversations }));
    expect(events.map((e) => [new Date(e.ts).toISOString(), e.actor, e.attributes.type])).toEqual([
      ["2025-04-06T15:04:00.000Z", "Jo Buyer", "report"],
      ["2025-04-06T15:09:12.000Z", "Support <help@example.com>", "comment"],
    ]);
  });

  it("keeps the tickets before a truncation and names its line; skips a ticket whose time is not a string", async () => {
    const text = JSON.stringify(
      [
        {
          id: 1,
          subject: "a",
          requester_id: 9,
          responder_id: null,
          fr_due_by: null,
          cc_emails: [],
          created_at: "2025-04-06T15:00:00Z",
        },
        { id: 2, subject: "b", requester_id: 9, responder_id: null, fr_due_by: null, cc_emails: [], created_at: 12 },
      ],
      null,
      2,
    );
    const truncated = `${text.slice(0, -40)}`;
    const { source, events } = await read("cut.json", truncated);
    expect(source?.format).toBe("freshdesk-tickets-json");
    expect(events).toHaveLength(1);
    expect(source?.skipped.byReason).toMatchObject({ "truncated-json": 1 });
    expect(source?.warnings?.join(" ")).toMatch(/truncated JSON: .* at line \d+/);
    const full = await read("types.json", text);
    expect(full.events).toHaveLength(1);
    expect(full.source?.skipped.byReason).toMatchObject({ "invalid-timestamp": 1 });
    // the skip names the line where the bad ticket starts
    expect(full.source?.skipped.examples[0]?.line).toBe(text.split("\n").findIndex((l, i) => i > 1 && l === "  {") + 1);
  });
});
