import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RawEvent } from "../../model/event.js";
import type { FormatContext } from "../evidence-format.js";
import { parseJsonLocated } from "../json-located.js";
import { emitRecord, oneLine, parseExportTime, personEmail, personName, type ReportSpec } from "./report-records.js";

function ctx(zone = "UTC") {
  const events: RawEvent[] = [];
  const skips: { line: number; reason: string }[] = [];
  const c: FormatContext = {
    path: "x.json",
    zone,
    zoneOrigin: "default",
    window: undefined,
    emit: (e) => events.push(e),
    skip: (line, reason) => skips.push({ line, reason }),
    noteZoneFromData: () => undefined,
    localToEpoch: (f) => Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second, f.millisecond),
    inferYear: () => 2025,
    noteYear: () => undefined,
  };
  return { c, events, skips };
}

describe("parseExportTime", () => {
  const { c } = ctx();
  it.each([
    ["2025-03-04T10:12:40.000+0000", "2025-03-04T10:12:40.000Z"],
    ["2025-03-04T10:12:40Z", "2025-03-04T10:12:40.000Z"],
    ["05/Dec/26 3:04 PM", "2026-12-05T15:04:00.000Z"],
    ["05/Dec/26 12:04 AM", "2026-12-05T00:04:00.000Z"],
    ["5/Dec/2026 15:04", "2026-12-05T15:04:00.000Z"],
    ["2025-04-06 15:04", "2025-04-06T15:04:00.000Z"],
    ["2025/04/06 15:04:05 +0200", "2025-04-06T13:04:05.000Z"],
    ["2025-04-06 15:04:05 UTC", "2025-04-06T15:04:05.000Z"],
    ["Dec 5, 2026 3:04 PM", "2026-12-05T15:04:00.000Z"],
    [1743951840000, "2025-04-06T15:04:00.000Z"],
    [1743951840, "2025-04-06T15:04:00.000Z"],
  ])("%s", (input, iso) => {
    expect(new Date(parseExportTime(input, c)).toISOString()).toBe(iso);
  });

  it.each([["soon"], ["31/Feb/26 3:04 PM"], ["05/Foo/26 3:04 PM"], [null], [{}], [-5], ["2025-13-01 10:00"]])(
    "%s is not a time",
    (input) => {
      expect(parseExportTime(input, c)).toBeNaN();
    },
  );

  it("reads every instant written in Jira's dd/MMM/yy h:mm a back to the same minute", () => {
    const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    fc.assert(
      fc.property(fc.date({ min: new Date("2000-01-01Z"), max: new Date("2099-12-31Z"), noInvalidDate: true }), (d) => {
        const h = d.getUTCHours();
        const text = `${String(d.getUTCDate()).padStart(2, "0")}/${months[d.getUTCMonth()]}/${String(d.getUTCFullYear() % 100).padStart(2, "0")} ${h % 12 === 0 ? 12 : h % 12}:${String(d.getUTCMinutes()).padStart(2, "0")} ${h < 12 ? "AM" : "PM"}`;
        const minute = Math.floor(d.getTime() / 60_000) * 60_000;
        expect(parseExportTime(text, c)).toBe(minute);
      }),
    );
  });
});

describe("personName", () => {
  it("names people as the APIs write them", () => {
    expect(personName({ name: "Acme Ops", email: "ops@acme.example" })).toBe("Acme Ops");
    expect(personEmail({ user: { name: "Maria Lopez", email: "maria@example.com" } })).toBe("maria@example.com");
    expect(personName({ displayName: "Tom Becker", accountId: "5b10" })).toBe("Tom Becker");
    expect(personName({ login: "nali", id: 91 })).toBe("nali");
    expect(personName({ user: { name: "Maria Lopez" } })).toBe("Maria Lopez");
    expect(personName({ summary: "Alex Kim" })).toBe("Alex Kim");
    expect(personName("  ")).toBeNull();
    expect(personName(42)).toBeNull();
  });
});

describe("emitRecord", () => {
  const spec: ReportSpec = {
    source: "t",
    kind: "note",
    type: "report",
    time: [["created"]],
    actor: [["by"]],
    text: [["title"]],
    id: [["id"]],
    label: "Ticket",
  };

  it("emits at the record's line, and names the skip of a record with a bad time or wrong type", () => {
    const doc = parseJsonLocated(
      '[\n  {"id": 1, "created": "2025-01-01T00:00:00Z", "by": "ann", "title": "down"},\n  {"id": 2, "created": 7},\n  "oops"\n]',
    );
    const { c, events, skips } = ctx();
    for (const r of doc.value as unknown[]) emitRecord(c, doc, r, spec);
    expect(events.map((e) => [e.line, e.actor, e.message, e.attributes.type])).toEqual([
      [2, "ann", "Ticket 1: down", "report"],
    ]);
    expect(skips).toEqual([
      { line: 3, reason: "invalid-timestamp" },
      { line: 1, reason: "unexpected-shape" },
    ]);
  });

  it("skips a record cut off by a truncated document as incomplete", () => {
    const doc = parseJsonLocated(
      '[{"id": 1, "created": "2025-01-01T00:00:00Z", "by": "ann"}, {"id": 2, "created": "2025-01-',
    );
    const { c, events, skips } = ctx();
    for (const r of doc.value as unknown[]) emitRecord(c, doc, r, spec);
    expect(events).toHaveLength(1);
    expect(skips.map((s) => s.reason)).toEqual(["incomplete-item"]);
  });
});

describe("oneLine", () => {
  it("keeps any body to one line of bounded length", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (s) => {
        const t = oneLine(s);
        expect(t).not.toMatch(/[\n\r]/);
        expect(t.length).toBeLessThanOrEqual(240);
      }),
    );
  });
});
