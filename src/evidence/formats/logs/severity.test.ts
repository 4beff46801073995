import { describe, expect, it } from "vitest";
import { mapSeverity, otelSeverity, pinoSeverity, syslogSeverity } from "./severity.js";

describe("mapSeverity", () => {
  it.each([
    ["TRACE", "trace"],
    ["verbose", "trace"],
    ["V", "trace"],
    ["FINEST", "trace"],
    ["DEBUG", "debug"],
    ["debug3", "debug"],
    ["D", "debug"],
    ["INFO", "info"],
    ["Information", "info"],
    ["LOG", "info"],
    ["http", "info"],
    ["notice", "notice"],
    ["WARN", "warning"],
    ["Warning", "warning"],
    ["W", "warning"],
    ["ERROR", "error"],
    ["err", "error"],
    ["SEVERE", "error"],
    ["E", "error"],
    ["crit", "critical"],
    ["CRITICAL", "critical"],
    ["alert", "critical"],
    ["dpanic", "critical"],
    ["FATAL", "fatal"],
    ["panic", "fatal"],
    ["emerg", "fatal"],
    ["F", "fatal"],
    ["INFO2", "info"],
    ["ERROR4", "error"],
    ["[warn]", "warning"],
    [" Info ", "info"],
    ["30", "info"],
  ] as const)("%j → %s", (level, expected) => {
    expect(mapSeverity(level)).toBe(expected);
  });

  it("numbers: OTel severityNumber 1..24, pino/bunyan 10..60", () => {
    expect([1, 5, 9, 13, 17, 21, 24].map((n) => mapSeverity(n))).toEqual([
      "trace",
      "debug",
      "info",
      "warning",
      "error",
      "fatal",
      "fatal",
    ]);
    expect([10, 20, 30, 40, 50, 60].map((n) => mapSeverity(n))).toEqual([
      "trace",
      "debug",
      "info",
      "warning",
      "error",
      "fatal",
    ]);
    expect(mapSeverity(35)).toBe("info");
  });

  it("unknown spellings give null, not a guess", () => {
    for (const v of [undefined, null, "", "bogus", "x".repeat(40), 0, -5, 3.5, "INFO-ish"])
      expect(mapSeverity(v)).toBeNull();
  });

  it("specific tables", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map(syslogSeverity)).toEqual([
      "fatal",
      "critical",
      "critical",
      "error",
      "warning",
      "notice",
      "info",
      "debug",
      null,
    ]);
    expect(otelSeverity(0)).toBeNull();
    expect(otelSeverity(25)).toBeNull();
    expect(pinoSeverity(-1)).toBeNull();
    expect(pinoSeverity(100)).toBe("fatal");
  });
});
