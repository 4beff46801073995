import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import type { WallClock } from "../evidence-format.js";
import { formatOffset, isValidZone, parseFixedOffset, ZoneConverter } from "./zone.js";

const wc = (s: string): WallClock => {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{3}))?$/.exec(s);
  if (!m) throw new Error(s);
  return {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
    millisecond: Number(m[7] ?? 0),
  };
};
const iso = (ms: number) => new Date(ms).toISOString();

describe("fixed offsets", () => {
  it("parses the usual spellings", () => {
    expect(parseFixedOffset("Z")).toBe(0);
    expect(parseFixedOffset("UTC")).toBe(0);
    expect(parseFixedOffset("+02:00")).toBe(120);
    expect(parseFixedOffset("-0530")).toBe(-330);
    expect(parseFixedOffset("UTC+2")).toBe(120);
    expect(parseFixedOffset("GMT-03:30")).toBe(-210);
    expect(parseFixedOffset("Europe/Berlin")).toBeNull();
    expect(parseFixedOffset("+25:00")).toBeNull();
    expect(formatOffset(-330)).toBe("-05:30");
    expect(formatOffset(0)).toBe("UTC");
  });

  it("validates zones", () => {
    expect(isValidZone("Europe/Berlin")).toBe(true);
    expect(isValidZone("America/New_York")).toBe(true);
    expect(isValidZone("+01:00")).toBe(true);
    expect(isValidZone("Mars/Olympus_Mons")).toBe(false);
    expect(isValidZone("")).toBe(false);
  });

  it("converts with plain arithmetic", () => {
    expect(iso(new ZoneConverter("UTC").toEpoch(wc("2025-02-09T10:05:23.250")))).toBe("2025-02-09T10:05:23.250Z");
    expect(iso(new ZoneConverter("+05:30").toEpoch(wc("2025-02-09T10:05:23")))).toBe("2025-02-09T04:35:23.000Z");
  });
});

describe("Europe/Berlin DST", () => {
  const berlin = new ZoneConverter("Europe/Berlin");
  it("reads winter and summer times with their offsets", () => {
    expect(iso(berlin.toEpoch(wc("2025-02-09T11:05:23")))).toBe("2025-02-09T10:05:23.000Z");
    expect(iso(berlin.toEpoch(wc("2025-07-01T12:00:00")))).toBe("2025-07-01T10:00:00.000Z");
  });
  it("reads a time in the spring-forward gap (02:30 on 2025-03-30) with the offset before the jump", () => {
    expect(iso(berlin.toEpoch(wc("2025-03-30T02:30:00")))).toBe("2025-03-30T01:30:00.000Z");
    // the instants around the gap stay in order
    expect(iso(berlin.toEpoch(wc("2025-03-30T01:59:59")))).toBe("2025-03-30T00:59:59.000Z");
    expect(iso(berlin.toEpoch(wc("2025-03-30T03:00:00")))).toBe("2025-03-30T01:00:00.000Z");
  });
  it("reads a time in the fall-back overlap (02:30 on 2025-10-26) as its first occurrence", () => {
    expect(iso(berlin.toEpoch(wc("2025-10-26T02:30:00")))).toBe("2025-10-26T00:30:00.000Z");
  });
  it("picks the second occurrence when the file already went past the first", () => {
    const first = berlin.toEpoch(wc("2025-10-26T02:50:00"));
    expect(iso(first)).toBe("2025-10-26T00:50:00.000Z");
    expect(iso(berlin.toEpoch(wc("2025-10-26T02:10:00"), first))).toBe("2025-10-26T01:10:00.000Z");
    expect(iso(berlin.toEpoch(wc("2025-10-26T03:00:00"), first))).toBe("2025-10-26T02:00:00.000Z");
  });
});

describe("America/New_York DST", () => {
  const ny = new ZoneConverter("America/New_York");
  it("handles the 2025-03-09 gap and the 2025-11-02 overlap", () => {
    expect(iso(ny.toEpoch(wc("2025-03-09T02:30:00")))).toBe("2025-03-09T07:30:00.000Z");
    expect(iso(ny.toEpoch(wc("2025-03-09T03:30:00")))).toBe("2025-03-09T07:30:00.000Z");
    expect(iso(ny.toEpoch(wc("2025-11-02T01:30:00")))).toBe("2025-11-02T05:30:00.000Z");
    const first = ny.toEpoch(wc("2025-11-02T01:45:00"));
    expect(iso(ny.toEpoch(wc("2025-11-02T01:15:00"), first))).toBe("2025-11-02T06:15:00.000Z");
  });
});

describe("cache correctness", () => {
  it("agrees with luxon for every valid, unambiguous local time in several zones", () => {
    const zones = [
      "Europe/Berlin",
      "America/New_York",
      "Australia/Lord_Howe",
      "Asia/Kolkata",
      "America/Sao_Paulo",
      "Pacific/Chatham",
      "America/St_Johns",
      "Pacific/Kiritimati",
    ];
    const converters = new Map(zones.map((z) => [z, new ZoneConverter(z)]));
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2030, 0, 1) }),
        (zone, instant) => {
          // start from a real instant, so the wall time exists
          const dt = DateTime.fromMillis(instant, { zone });
          const f = {
            year: dt.year,
            month: dt.month,
            day: dt.day,
            hour: dt.hour,
            minute: dt.minute,
            second: dt.second,
            millisecond: dt.millisecond,
          };
          // in a fall-back overlap the same wall time is also shown 30 or 60 minutes earlier or later
          const twins = [-3_600_000, -1_800_000, 1_800_000, 3_600_000]
            .map((d) => instant + d)
            .filter((t) => {
              const o = DateTime.fromMillis(t, { zone });
              return o.hour === f.hour && o.minute === f.minute && o.day === f.day && o.second === f.second;
            });
          const got = (converters.get(zone) as ZoneConverter).toEpoch(f);
          if (twins.length === 0) expect(got).toBe(instant);
          else expect(Math.min(instant, ...twins)).toBe(got); // the first occurrence, as documented
        },
      ),
      { numRuns: 5000 },
    );
  });
});
