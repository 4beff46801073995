import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatClock, formatInstant, formatWindow, hasRawIsoTime, humanizeIsoTimes } from "./time-format.js";

const T = Date.parse("2025-02-09T10:40:00Z");

describe("report times", () => {
  it("shows instants, clocks and windows in one style with the zone", () => {
    expect(formatInstant(T)).toBe("2025-02-09 10:40 UTC");
    expect(formatInstant(T, { seconds: true })).toBe("2025-02-09 10:40:00 UTC");
    expect(formatClock(T + 5_000)).toBe("10:40:05 UTC");
    expect(formatWindow(T, T + 3_600_000)).toBe("2025-02-09 10:40–11:40 UTC");
    expect(formatWindow(T, T + 86_400_000)).toBe("2025-02-09 10:40 → 2025-02-10 10:40 UTC");
    expect(formatWindow(T, undefined)).toBe("2025-02-09 10:40 UTC → open");
  });

  it("rewrites raw ISO instants in text, converting offsets to UTC and keeping seconds when given", () => {
    expect(humanizeIsoTimes("resolved at 2025-02-09T10:40:00Z.")).toBe("resolved at 2025-02-09 10:40:00 UTC.");
    expect(humanizeIsoTimes('"created_at": "2025-02-09T11:08:12+01:00"')).toBe(
      '"created_at": "2025-02-09 10:08:12 UTC"',
    );
    expect(humanizeIsoTimes("2025-02-09T10:40Z and 2025-02-09T10:40:00.250Z")).toBe(
      "2025-02-09 10:40 UTC and 2025-02-09 10:40:00.250 UTC",
    );
    expect(humanizeIsoTimes("naive 2025-02-09T10:40:00 is UTC")).toBe("naive 2025-02-09 10:40:00 UTC is UTC");
  });

  it("leaves what is not an instant alone", () => {
    for (const text of ["2025-13-40T99:99:00Z", "v2.3.0", "10:05 UTC", "build-2025-02-09Tfoo"]) {
      expect(humanizeIsoTimes(text)).toBe(text);
    }
  });

  it("property: after rewriting, no raw ISO instant is left", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1990-01-01"), max: new Date("2090-01-01"), noInvalidDate: true }),
        fc.string(),
        (d, around) => {
          const text = `${around} ${d.toISOString()} ${around}`;
          expect(hasRawIsoTime(humanizeIsoTimes(text))).toBe(false);
        },
      ),
    );
  });
});
