import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { createTestContext } from "../formats/logs/test-context.js";
import { epochNumberToMs, epochStringToMs } from "./epoch.js";
import { findTimestamp, scanTimestamp } from "./scan-timestamp.js";
import { createTimeFields, formatOffset } from "./time-fields.js";
import { TimeResolver } from "./time-resolver.js";

/** Scan at 0 and resolve in UTC (year-less layouts get 2025 from the window). */
function resolve(text: string, zone = "UTC"): string | null {
  const f = createTimeFields();
  const e = scanTimestamp(text, 0, f, { allowEpoch: true });
  if (e < 0) return null;
  const ctx = createTestContext({ zone, window: { start: Date.UTC(2025, 0, 1), end: Date.UTC(2025, 11, 31) } });
  const ts = new TimeResolver(ctx).toEpoch(f);
  return Number.isNaN(ts) ? null : new Date(ts).toISOString();
}

describe("scanTimestamp layouts", () => {
  const cases: [string, string][] = [
    ["2025-02-09T10:05:23.123456789Z", "2025-02-09T10:05:23.123Z"],
    ["2025-02-09T10:05:23Z", "2025-02-09T10:05:23.000Z"],
    ["2025-02-09T12:05:23.5+02:00", "2025-02-09T10:05:23.500Z"],
    ["2025-02-09T02:05:23-0800", "2025-02-09T10:05:23.000Z"],
    ["2025-02-09 10:05:23,123", "2025-02-09T10:05:23.123Z"],
    ["2025-02-09 11:05:23.123 CET", "2025-02-09T10:05:23.123Z"],
    ["2025-02-09 10:05:23.123 UTC", "2025-02-09T10:05:23.123Z"],
    ["2025/02/09 10:05:23", "2025-02-09T10:05:23.000Z"],
    ["2005.06.03 15:42:50", "2005-06-03T15:42:50.000Z"],
    ["2005-06-03-15.42.50.675872", "2005-06-03T15:42:50.675Z"],
    ["20171223-22:15:29:606", "2017-12-23T22:15:29.606Z"],
    ["20171223-22:16:0:11", "2017-12-23T22:16:00.011Z"],
    ["20250209T100523Z", "2025-02-09T10:05:23.000Z"],
    ["081109 203615", "2008-11-09T20:36:15.000Z"],
    ["17/06/09 20:10:40", "2017-06-09T20:10:40.000Z"],
    ["02/09/2025 10:05:23", "2025-02-09T10:05:23.000Z"],
    ["25/12/2025 10:05:23", "2025-12-25T10:05:23.000Z"],
    ["09.02.2025 10:05:23", "2025-02-09T10:05:23.000Z"],
    ["03-17 16:13:38.811", "2025-03-17T16:13:38.811Z"],
    // log15 terminal format (go-ethereum): year-less, date and clock joined by `|`
    ["02-09|10:05:23.123] Imported new chain segment", "2025-02-09T10:05:23.123Z"],
    ["Jun 14 15:16:01", "2025-06-14T15:16:01.000Z"],
    ["Jun  4 15:16:01", "2025-06-04T15:16:01.000Z"],
    ["Jun 14 15:16:01 2023", "2023-06-14T15:16:01.000Z"],
    ["Sun Dec 04 04:47:44 2005", "2005-12-04T04:47:44.000Z"],
    ["Sun Dec 04 04:47:44.250 2005", "2005-12-04T04:47:44.250Z"],
    ["Sun Feb  9 10:05:23 UTC 2025", "2025-02-09T10:05:23.000Z"],
    ["Sun, 09 Feb 2025 10:05:23 GMT", "2025-02-09T10:05:23.000Z"],
    ["09/Feb/2025:10:05:23 +0000", "2025-02-09T10:05:23.000Z"],
    ["09/Feb/2025:11:05:23 +0100", "2025-02-09T10:05:23.000Z"],
    ["09-Feb-2025 10:05:23.123", "2025-02-09T10:05:23.123Z"],
    ["09 Feb 2025 10:05:23.123", "2025-02-09T10:05:23.123Z"],
    ["1117838570", "2005-06-03T22:42:50.000Z"],
    ["1739095523.123", "2025-02-09T10:05:23.123Z"],
    ["1739095523123", "2025-02-09T10:05:23.123Z"],
    // date and clock in separate columns: CloudFront/W3C TSV, CSV, Erlang `::`, FortiOS `date= time=`
    ["2025-02-09\t10:05:23\tSEA19-C1", "2025-02-09T10:05:23.000Z"],
    ["2025-02-09,10:05:23,INFO", "2025-02-09T10:05:23.000Z"],
    ['2025-02-09","10:05:23","INFO', "2025-02-09T10:05:23.000Z"],
    ["2/9/2025\t10:05:23 PM", "2025-02-09T22:05:23.000Z"],
    ["9-Feb-2025::10:05:23 ===", "2025-02-09T10:05:23.000Z"],
    ["2025-02-09 time=10:05:23 devname=fw1", "2025-02-09T10:05:23.000Z"],
    // MySQL 5.x error log and slow-log `# Time:` (yyMMdd, hour padded with a space)
    ["150209 10:05:23 [Note] InnoDB", "2015-02-09T10:05:23.000Z"],
    ["150209  9:05:23 [ERROR] Aborted", "2015-02-09T09:05:23.000Z"],
    // Redis 2.x year-less `dd Mon HH:MM:SS.mmm`, one-digit day `9 Feb 2025`
    ["14 Nov 07:01:22.119 * DB saved on disk", "2025-11-14T07:01:22.119Z"],
    ["9 Feb 2025 10:05:23,123 INFO", "2025-02-09T10:05:23.123Z"],
    // Snort/Suricata fast alerts (year-less `MM/dd-HH:MM:SS.uuuuuu`), dashed numeric dates
    ["02/09-10:05:23.123456  [**]", "2025-02-09T10:05:23.123Z"],
    ["25-02-09 10:05:23 INFO", "2025-02-09T10:05:23.000Z"],
    ["02-09-2025 10:05:23 INFO", "2025-02-09T10:05:23.000Z"],
    // 12-hour clock after a year-first date (upper-case AM/PM only)
    ["2025-02-09 10:05:23 PM INFO", "2025-02-09T22:05:23.000Z"],
    ["2025-02-09 12:05:23 AM INFO", "2025-02-09T00:05:23.000Z"],
    ["2025-02-09 10:05:23 pm2 started", "2025-02-09T10:05:23.000Z"],
    ["09-Feb-2025 10:05:23 PM", "2025-02-09T22:05:23.000Z"],
    ["9 Feb 2025 10:05:23 PM", "2025-02-09T22:05:23.000Z"],
    ["17/06/09 10:05:23 PM", "2017-06-09T22:05:23.000Z"],
    // Oracle DD-MON-RR (two-digit year), its dotted clock with a 12-hour marker
    ["09-FEB-25 10.05.23.123456 PM", "2025-02-09T22:05:23.123Z"],
    ["09-Feb-25 10:05:23", "2025-02-09T10:05:23.000Z"],
    // date(1) in 12-hour locales; Windows/Excel short dates with two-digit years and minute precision
    ["Sun 09 Feb 2025 10:05:23 PM CET host", "2025-02-09T21:05:23.000Z"],
    ["2/9/25 10:05 PM,Warning,Disk", "2025-02-09T22:05:00.000Z"],
    ["9.2.25 10:05:23 Dienst gestartet", "2025-02-09T10:05:23.000Z"],
    ["10/1/2025 3:04:05 PM Service started", "2025-10-01T15:04:05.000Z"],
    ["12/10/27 3:04:05 PM Service started", "2027-12-10T15:04:05.000Z"],
    ["12/10/27 15:04:05 INFO yy/MM/dd with a 24-hour clock", "2012-10-27T15:04:05.000Z"],
    // Kibana `MMM D, YYYY @ HH:mm:ss.SSS`; OpenVPN's ctime with a separate `us=` field
    ["Feb 9, 2025 @ 10:05:23.123\tweb-1", "2025-02-09T10:05:23.123Z"],
    ["Sun Feb  9 10:05:23 2025 us=123456 client1/203.0.113.5:51234", "2025-02-09T10:05:23.123Z"],
    // IANA zone names after the clock (PHP error_log), DST-aware
    ["09-Feb-2025 10:05:23 Europe/Berlin] PHP Warning:", "2025-02-09T09:05:23.000Z"],
    ["09-Jul-2025 10:05:23 America/New_York] PHP Notice:", "2025-07-09T14:05:23.000Z"],
    ["09-Jul-2025 10:05:23 Foo/Bar] not a zone", "2025-07-09T10:05:23.000Z"],
    // one-digit hours after GMT/UTC
    ["2025-02-09 15:35:23 GMT+5:30 x", "2025-02-09T10:05:23.000Z"],
    ["2025-02-09 12:05:23 UTC+2 x", "2025-02-09T10:05:23.000Z"],
    ["2025-02-09 07:05:23 GMT-3 x", "2025-02-09T10:05:23.000Z"],
    ["2025-02-09 19:35:23 ACST x", "2025-02-09T10:05:23.000Z"],
    ["2025-Feb-09 10:05:23.123456789 UTC Application:NFO", "2025-02-09T10:05:23.123Z"],
    // a one-digit hour padded with a space after any date layout
    ["Feb  9  9:05:23 host app: x", "2025-02-09T09:05:23.000Z"],
    ["02/09/2025  9:05:23 AM x", "2025-02-09T09:05:23.000Z"],
    ["09-Feb-2025  9:05:23 x", "2025-02-09T09:05:23.000Z"],
    ["Sun, 09 Feb 2025  9:05:23 GMT", "2025-02-09T09:05:23.000Z"],
    ["2025-02-09 06:35:23 NST x", "2025-02-09T10:05:23.000Z"],
  ];
  it.each(cases)("%s → %s", (text, expected) => {
    expect(resolve(text)).toBe(expected);
  });

  const rejected = [
    "2025-13-01 10:00:00",
    "2025-02-30 10:00:00",
    "2025-02-09",
    "2025-02-09 25:00:00",
    "2025-02-09 10:61:00",
    "1234",
    "12345678901",
    "Junk 14 15:16:01",
    "Jun 32 15:16:01",
    "99/99/99 10:00:00",
    "2025-02-09 10:05:23123",
    "",
    "08110 203615",
    "2025-02-09T10:05:23.123Zulu",
    "2025-02-09,5,foo",
    "14 Nov 10:05 meeting",
    "150299 10:05:23",
    "12-34-5678 10:00:00",
    "2/9/2 10:05",
    "2-9-25 10:05:23",
    "2/30/25 10:05 PM",
    "2025-Foo-09 10:05:23",
    "2025/Feb/09 10:05:23",
    "Feb 9, 2025 @ noon",
  ];
  it.each(rejected)("rejects %j", (text) => {
    expect(resolve(text)).toBeNull();
  });

  it("naive times follow the zone, including DST gaps and overlaps (via the context)", () => {
    expect(resolve("2025-07-01 12:00:00", "Europe/Berlin")).toBe("2025-07-01T10:00:00.000Z");
    expect(resolve("2025-01-01 12:00:00", "Europe/Berlin")).toBe("2025-01-01T11:00:00.000Z");
    expect(resolve("2025-03-09 12:00:00.001", "America/New_York")).toBe("2025-03-09T16:00:00.001Z");
  });

  it("reports precision and the stated offset", () => {
    const f = createTimeFields();
    scanTimestamp("2025-02-09T10:05:23.123456+05:30 x", 0, f);
    expect(f.fractionDigits).toBe(6);
    expect(f.offsetMinutes).toBe(330);
    scanTimestamp("Jun 14 15:16:01 host", 0, f);
    expect(f.year).toBe(0);
    expect(Number.isNaN(f.offsetMinutes)).toBe(true);
  });

  it("does not read ` - INFO` or ` -1` as an offset", () => {
    const f = createTimeFields();
    const s = "2015-07-29 17:41:44,747 - INFO  [x] - y";
    expect(scanTimestamp(s, 0, f)).toBe(23);
    expect(Number.isNaN(f.offsetMinutes)).toBe(true);
  });
});

describe("findTimestamp", () => {
  it("finds bracketed, prefixed and labelled timestamps; prefers a calendar stamp over an epoch", () => {
    const f = createTimeFields();
    expect(findTimestamp("[Sun Dec 04 04:47:44 2005] [notice] x", f)).toEqual({ start: 1, end: 25 });
    const bgl = "- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02 RAS KERNEL INFO x";
    const r = findTimestamp(bgl, f);
    expect(bgl.slice(r!.start, r!.end)).toBe("2005-06-03-15.42.50.675872");
    expect(findTimestamp("id 1117838570 happened", f)).toEqual({ start: 3, end: 13 });
    expect(Number.isNaN(f.epochMs)).toBe(false);
    expect(findTimestamp("no time here at all", f)).toBeNull();
  });
});

describe("epoch units by magnitude", () => {
  it("seconds, ms, µs, ns", () => {
    expect(epochNumberToMs(1739095523)).toBe(1739095523000);
    expect(epochNumberToMs(1739095523.123456)).toBe(1739095523123);
    expect(epochNumberToMs(1739095523123)).toBe(1739095523123);
    expect(epochNumberToMs(1739095523123456)).toBe(1739095523123);
    expect(epochStringToMs("1739095523123456789")).toBe(1739095523123);
    expect(epochStringToMs("1739095523123456")).toBe(1739095523123);
    expect(epochStringToMs("1739095523.5")).toBe(1739095523500);
  });
  it("rejects implausible or malformed values", () => {
    for (const v of [0, -1, 42, Number.NaN, Number.POSITIVE_INFINITY, 1e25]) expect(epochNumberToMs(v)).toBeNaN();
    for (const v of ["", "abc", "12a4", "1.2.3", "9".repeat(41)]) expect(epochStringToMs(v)).toBeNaN();
  });
  it("property: ms epochs round-trip in every unit", () => {
    fc.assert(
      fc.property(fc.integer({ min: 631_152_000_000, max: 4_102_444_800_000 }), (ms) => {
        expect(epochNumberToMs(ms)).toBe(ms);
        expect(epochStringToMs(`${ms}000000`)).toBe(ms);
        expect(epochStringToMs(`${ms}123`)).toBe(ms);
        expect(epochNumberToMs(Math.floor(ms / 1000))).toBe(Math.floor(ms / 1000) * 1000);
      }),
    );
  });
});

describe("formatOffset", () => {
  it("spells offsets like EvidenceSource.timezone", () => {
    expect(formatOffset(0)).toBe("UTC");
    expect(formatOffset(60)).toBe("+01:00");
    expect(formatOffset(-570)).toBe("-09:30");
  });
});

describe("property: ISO round trip", () => {
  it("any instant printed as ISO (with a random offset and precision) scans back to the same ms", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 631_152_000_000, max: 4_102_444_800_000 }),
        fc.integer({ min: -12 * 4, max: 14 * 4 }).map((q) => q * 15),
        fc.constantFrom(0, 3, 6, 9),
        (ms, offset, digits) => {
          const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
          const frac = digits === 0 ? "" : `.${String(ms % 1000).padStart(3, "0")}${"0".repeat(digits - 3)}`;
          const off = offset === 0 ? "Z" : formatOffset(offset);
          const got = resolve(`${local}${frac}${off}`);
          const expected = digits === 0 ? ms - (ms % 1000) : ms;
          expect(got).toBe(new Date(expected).toISOString());
        },
      ),
    );
  });

  it("12-hour short dates, Kibana and PHP zone-name layouts scan back to the instant they print", () => {
    fc.assert(
      fc.property(
        // two-digit years are read as 20yy
        fc.integer({ min: 978_307_200_000, max: 4_070_908_800_000 }),
        fc.constantFrom("M/d/yy h:mm:ss a", "MMM d, yyyy @ HH:mm:ss.SSS", "dd-MMM-yyyy HH:mm:ss z"),
        fc.constantFrom("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"),
        (ms, layout, zone) => {
          const dt = DateTime.fromMillis(ms, { zone });
          // the zone-name layout states the zone; the others are naive wall time, read in the same zone
          const text = layout.endsWith(" z") ? `${dt.toFormat("dd-MMM-yyyy HH:mm:ss")} ${zone}]` : dt.toFormat(layout);
          const got = resolve(text, layout.endsWith(" z") ? "UTC" : zone);
          const exact = layout.includes("SSS") ? ms : ms - (((ms % 1000) + 1000) % 1000);
          // a wall time inside a fall-back overlap names two instants; either is a right reading
          const ambiguous = dt.offset !== dt.minus({ hours: 1 }).offset || dt.offset !== dt.plus({ hours: 1 }).offset;
          if (!ambiguous) expect(got).toBe(new Date(exact).toISOString());
          else expect(got).not.toBeNull();
        },
      ),
      { numRuns: 500 },
    );
  });

  it("the scanner never throws and never reads past the string", () => {
    const f = createTimeFields();
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.nat(70), (s, pos) => {
        const e = scanTimestamp(s, pos, f, { allowEpoch: true });
        expect(e === -1 || (e > pos && e <= s.length)).toBe(true);
        findTimestamp(s, f);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("TimeResolver", () => {
  it("property: the per-minute cache returns exactly what ctx.localToEpoch returns (DST gaps/overlaps included)", () => {
    const zones = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC", "Asia/Kolkata"];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.array(
          fc.record({
            // Around the 2025 DST transitions of the zones above, plus anywhere in the year.
            base: fc.constantFrom(
              Date.UTC(2025, 2, 30, 0),
              Date.UTC(2025, 9, 26, 0),
              Date.UTC(2025, 2, 9, 6),
              Date.UTC(2025, 10, 2, 5),
              Date.UTC(2025, 3, 6, 14),
            ),
            minutes: fc.integer({ min: -180, max: 180 }),
            second: fc.integer({ min: 0, max: 59 }),
            ms: fc.integer({ min: 0, max: 999 }),
          }),
          { minLength: 1, maxLength: 20 },
        ),
        (zone, stamps) => {
          const ctx = createTestContext({ zone });
          const resolver = new TimeResolver(ctx);
          const f = createTimeFields();
          for (const s of stamps) {
            const d = new Date(s.base + s.minutes * 60_000);
            f.year = d.getUTCFullYear();
            f.month = d.getUTCMonth() + 1;
            f.day = d.getUTCDate();
            f.hour = d.getUTCHours();
            f.minute = d.getUTCMinutes();
            f.second = s.second;
            f.millisecond = s.ms;
            f.offsetMinutes = Number.NaN;
            f.epochMs = Number.NaN;
            const direct = ctx.localToEpoch({ ...f });
            expect(resolver.toEpoch(f)).toBe(direct);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("DST: Berlin's 02:30 gap and overlap resolve as the context says", () => {
    expect(resolve("2025-03-30 02:30:00", "Europe/Berlin")).toBe("2025-03-30T01:30:00.000Z");
    // luxon (the test context) takes the second occurrence of the repeated hour.
    expect(resolve("2025-10-26 02:30:00", "Europe/Berlin")).toBe("2025-10-26T01:30:00.000Z");
  });

  it("reports each data-stated zone once per change and notes full years", () => {
    const ctx = createTestContext();
    const noted: [number, number][] = [];
    ctx.noteYear = (y, m) => noted.push([y, m]);
    const resolver = new TimeResolver(ctx);
    const f = createTimeFields();
    for (const s of [
      "2025-02-09T10:00:00Z",
      "2025-02-09T10:00:01Z",
      "2025-02-09T11:00:00+01:00",
      "2025-03-01T00:00:00Z",
    ]) {
      scanTimestamp(s, 0, f);
      resolver.toEpoch(f);
    }
    expect(ctx.dataZones).toEqual(["UTC", "+01:00", "UTC"]);
    expect(noted).toEqual([
      [2025, 2],
      [2025, 3],
    ]);
  });

  it("impossible fields give NaN", () => {
    const resolver = new TimeResolver(createTestContext());
    const f = createTimeFields();
    Object.assign(f, { year: 2025, month: 2, day: 29, hour: 1, minute: 0, second: 0 });
    expect(resolver.toEpoch(f)).toBeNaN();
    Object.assign(f, { year: 2024, month: 2, day: 29 });
    expect(resolver.toEpoch(f)).toBe(Date.UTC(2024, 1, 29, 1));
  });
});
