import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { RawEvent } from "../../model/event.js";
import { readEvidence } from "../read-evidence.js";

const dir = mkdtempSync(join(tmpdir(), "debrief-tickets-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(name: string, text: string, tz?: Record<string, string>) {
  writeFileSync(join(dir, name), text);
  const events: RawEvent[] = [];
  const { sources } = await readEvidence([join(dir, name)], {
    baseDir: dir,
    ...(tz ? { tz } : {}),
    onEvent: (e) => events.push(e),
  });
  return { source: sources[0], events };
}

describe("support-ticket-csv", () => {
  it("reads a Freshdesk export: each ticket a note by its contact at its created time, quoted commas and newlines kept", async () => {
    const text =
      'Ticket ID,Subject,Status,Priority,Contact,Created time\n88,"Cannot log in, error 503",Open,High,ana@example.org,2031-05-01 09:14:00\n89,"Payment page\nblank",Open,Low,bo@example.org,2031-05-01T09:20:30+02:00\n';
    const { source, events } = await read("freshdesk.csv", text);
    expect(source?.format).toBe("support-ticket-csv");
    expect(source?.timezoneAssumed).toBe(false);
    expect(events.map((e) => [new Date(e.ts).toISOString(), e.line, e.actor, e.message])).toEqual([
      ["2031-05-01T09:14:00.000Z", 2, "ana@example.org", "Support ticket 88: Cannot log in, error 503"],
      ["2031-05-01T07:20:30.000Z", 3, "bo@example.org", "Support ticket 89: Payment page\nblank"],
    ]);
  });

  it("reads zone-less times in the zone --tz names", async () => {
    const text = "Id,Subject,Requester,Created at\n1,Site down,c@example.org,2031-05-01 10:00:00\n";
    const { events } = await read("zendesk.csv", text, { "zendesk.csv": "America/New_York" });
    expect(new Date(events[0]?.ts ?? 0).toISOString()).toBe("2031-05-01T14:00:00.000Z");
  });

  it("skips a row whose created time is not a date, naming its line", async () => {
    const text =
      "Id,Subject,Requester,Created at\n1,Site down,c@example.org,soon\n2,Still down,d@example.org,2031-05-01 10:01:00\n";
    const { source, events } = await read("bad.csv", text);
    expect(events).toHaveLength(1);
    expect(source?.skipped.byReason).toMatchObject({ "invalid-timestamp": 1 });
  });

  it("reads a Jira Service Management CSV: dd/MMM/yy h:mm a dates, each Comment column a note, the resolved time", async () => {
    const text =
      'Summary,Issue key,Issue id,Status,Assignee,Reporter,Created,Resolved,Comment,Comment\n"Checkout returns 502",SD-88,10231,Resolved,Tom Becker,Jo Buyer,05/Dec/26 3:04 PM,05/Dec/26 4:05 PM,"05/Dec/26 3:20 PM;5b10ac8d82e05b22cc7d4ef5;Rolled back the deploy, watching.",\n';
    const { source, events } = await read("jira.csv", text, { "jira.csv": "Europe/Berlin" });
    expect(source?.format).toBe("support-ticket-csv");
    expect(events.map((e) => [new Date(e.ts).toISOString(), e.line, e.actor, e.attributes.type])).toEqual([
      ["2026-12-05T14:04:00.000Z", 2, "Jo Buyer", "report"],
      ["2026-12-05T14:20:00.000Z", 2, "5b10ac8d82e05b22cc7d4ef5", "comment"],
      ["2026-12-05T15:05:00.000Z", 2, "Tom Becker", "status-update"],
    ]);
    expect(events[1]?.message).toBe("Ticket SD-88 comment: Rolled back the deploy, watching.");
  });

  it("skips a Jira row whose Created cell is a date Jira does not write, naming the line", async () => {
    const text = "Summary,Issue key,Reporter,Created\nDown,SD-1,Jo,05/Dex/26 3:04 PM\nUp,SD-2,Jo,06/Dec/26 9:00 AM\n";
    const { source, events } = await read("jira-bad.csv", text);
    expect(events).toHaveLength(1);
    expect(source?.skipped.examples[0]?.line).toBe(2);
  });

  it("finds renamed columns by their words (a reporting tool's export), not only the exact export headers", async () => {
    const text =
      "Ticket ID,Ticket subject,Requester name,Requester ID,Ticket created - Timestamp,Ticket updated - Timestamp\n5521,Cannot download invoices,Acme Ops,4301,2025-08-27 19:10:22,2025-08-27 19:30:00\n";
    const { source, events } = await read("explore.csv", text);
    expect(source?.format).toBe("support-ticket-csv");
    expect(events.map((e) => [new Date(e.ts).toISOString(), e.actor, e.message])).toEqual([
      ["2025-08-27T19:10:22.000Z", "Acme Ops", "Support ticket 5521: Cannot download invoices"],
    ]);
  });
});
