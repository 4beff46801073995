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
});
