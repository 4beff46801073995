import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadActionItems, ownerOf, reviewActionItems, reviewToIcs, syncActionItemStatuses } from "./index.js";

function small(): string {
  const dir = mkdtempSync(join(tmpdir(), "debrief-review-"));
  cpSync(join(import.meta.dirname, "fixtures/small-workspace"), dir, { recursive: true });
  return dir;
}

describe("reviewActionItems", () => {
  it("groups open items by owner and priority with overdue and due-soon against a fixed date", () => {
    const review = reviewActionItems(small(), { asOf: "2025-06-01", dueWithinDays: 7 });
    expect(review.totals).toEqual({ open: 4, overdue: 1, dueSoon: 1, later: 1, noDeadline: 1, owners: 4, closed: 2 });
    expect(
      review.byOwner.map((o) => [
        o.owner,
        o.items.map((i) => `${i.incidentId}/${i.itemId}:${i.due}:${i.daysUntilDue}`),
      ]),
    ).toEqual([
      ["dana", ["INC-A/AI-002:overdue:-31"]],
      ["team-edge", ["INC-B/AI-001:due-soon:4"]],
      ["(unowned)", ["INC-D/AI-001:no-deadline:null"]],
      ["priya", ["INC-C/AI-001:later:30"]],
    ]);
    expect(review.byPriority.map((p) => [p.priority, p.counts.open])).toEqual([
      ["P1", 2],
      ["P2", 2],
    ]);
    const overdue = review.byOwner[0]?.items[0];
    expect(overdue).toMatchObject({
      path: "2025-01-10-checkout-pool/postmortem.md",
      line: 72,
      incidentTitle: expect.stringContaining("pool"),
    });
  });

  it("moves items between due-soon and later with --due-within and the as-of date", () => {
    const wide = reviewActionItems(small(), { asOf: "2025-06-01", dueWithinDays: 30 });
    expect(wide.totals).toMatchObject({ dueSoon: 2, later: 0 });
    const earlier = reviewActionItems(small(), { asOf: "2025-04-01", dueWithinDays: 7 });
    expect(earlier.totals).toMatchObject({ overdue: 0, dueSoon: 0, later: 3 });
    const onTheDay = reviewActionItems(small(), { asOf: "2025-05-01", dueWithinDays: 0 });
    // Due today is not yet overdue.
    expect(onTheDay.byOwner.find((o) => o.owner === "dana")?.items[0]?.due).toBe("due-soon");
    expect(() => reviewActionItems(small(), { asOf: "2025-06-01", dueWithinDays: -1 })).toThrow(/due-within/);
    expect(() => reviewActionItems(small(), { asOf: "06/01/2025" })).toThrow(/--as-of/);
  });

  it("does not count TBD, someone or empty cells as owners", () => {
    expect(["TBD", "someone", "", "n/a", "—"].map((owner) => ownerOf({ owner }))).toEqual(Array(5).fill("(unowned)"));
    expect(ownerOf({ owner: "team-sre" })).toBe("team-sre");
  });

  it("writes a weekly recurring iCalendar event with the open items", () => {
    const review = reviewActionItems(small(), { asOf: "2025-06-01", dueWithinDays: 7 });
    const ics = reviewToIcs(review).replace(/\r\n /g, "");
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(ics).toContain("RRULE:FREQ=WEEKLY");
    // 2025-06-01 is a Sunday: the first review is the next day, Monday 15:00 UTC.
    expect(ics).toContain("DTSTART:20250602T150000Z");
    expect(ics).toContain("DTEND:20250602T153000Z");
    expect(ics).toContain("DTSTAMP:20250601T000000Z");
    expect(ics).toContain(
      "INC-A AI-002: Alert when pool utilisation stays above 90% for 5 minutes (dana\\; OVERDUE 31d",
    );
    expect(ics).toContain("SUMMARY:Post-mortem action items review (1 overdue\\, 4 open)");
    expect(ics).not.toContain("AI-001: Move report queries"); // done items are not listed
    // Deterministic for the same workspace and date.
    expect(reviewToIcs(review)).toBe(reviewToIcs(review));
    const custom = reviewToIcs(review, { start: new Date("2025-06-04T09:30:00Z"), durationMinutes: 60 });
    expect(custom).toContain("DTSTART:20250604T093000Z");
    expect(custom).toContain("DTEND:20250604T103000Z");
  });

  it("applies tracker statuses through the --sync seam without touching files", async () => {
    const { items } = loadActionItems(small());
    const { items: synced, changed } = await syncActionItemStatuses(items, async (item) =>
      item.tracker === "https://tracker.example.com/2" ? "done" : null,
    );
    expect(changed.map((c) => [c.item.incidentId, c.item.itemId, c.from, c.to])).toEqual([
      ["INC-A", "AI-002", "open", "done"],
    ]);
    expect(synced.find((i) => i.tracker === "https://tracker.example.com/2")?.status).toBe("done");
    expect(synced).toHaveLength(items.length);
  });
});
