import { afterAll, describe, expect, it } from "vitest";
import { canRunLoghub, loghubDir } from "../../../../test/support/skip-reason.js";
import { checkLoghubDataset, expectedTime, LOGHUB_DATASETS, type LoghubResult } from "./loghub-check.js";

/*
 * Every line of the 10 Loghub 2k samples (../shared/datasets/loghub-2k, referenced in place; LICENSE and CITATION
 * stay with the data) is read through the format detection picks, with the test context (zone UTC; year-less
 * datasets get an incident window in a plausible year), and compared with the structured CSV's time columns.
 */
const ROOT = loghubDir() ?? "";

const results: LoghubResult[] = [];
const cache = new Map<string, LoghubResult>();
/** Each dataset is read once per run; the three checks below look at the same result. */
function check(dataset: string): LoghubResult {
  let r = cache.get(dataset);
  if (!r) {
    r = checkLoghubDataset(ROOT, dataset);
    cache.set(dataset, r);
  }
  return r;
}

describe.runIf(canRunLoghub("the Loghub timestamp tests of evidence/formats/logs"))(
  "Loghub 2k: exact timestamps on every line",
  () => {
    afterAll(() => {
      // The per-dataset table goes to the test log so runs can be compared (the report quotes it).
      const rows = results.map(
        (r) =>
          `${r.dataset.padEnd(10)} ${r.format.padEnd(20)} time ${((100 * r.timeExact) / r.lines).toFixed(1)}%  message=Content ${((100 * r.messageExact) / r.lines).toFixed(1)}%`,
      );
      console.log(`Loghub 2k per-dataset pass rates:\n${rows.join("\n")}`);
    });

    it.each(LOGHUB_DATASETS)("%s: every line gets an event with the ground-truth time", (dataset) => {
      const r = check(dataset);
      results.push(r);
      expect(r.lines).toBe(2000);
      // No dataset has continuation lines: all 2,000 rows of each CSV are separate records.
      expect(r.skips).toBe(0);
      expect(r.events).toBe(2000);
      expect(r.timeMismatches).toEqual([]);
      expect(r.timeExact).toBe(2000);
    });

    it("messages equal the CSV Content column (measured; the template miner mines `message`)", () => {
      const total = LOGHUB_DATASETS.map((d) => check(d));
      for (const r of total) {
        // Generic header peeling, no per-dataset rules: every dataset is expected at >= 99%.
        expect(
          r.messageExact / r.lines,
          `${r.dataset}: ${JSON.stringify(r.messageMismatches[0])}`,
        ).toBeGreaterThanOrEqual(0.99);
      }
    });

    it("detection picks a sensible format per dataset", () => {
      const picked = Object.fromEntries(LOGHUB_DATASETS.map((d) => [d, check(d).format]));
      expect(picked).toEqual({
        Android: "generic-timestamped",
        Apache: "generic-timestamped",
        BGL: "generic-timestamped",
        HDFS: "log4j",
        Hadoop: "log4j",
        HealthApp: "generic-timestamped",
        Linux: "syslog-rfc3164",
        OpenSSH: "syslog-rfc3164",
        Spark: "log4j",
        Zookeeper: "log4j",
      });
    });
  },
);

describe("ground-truth helpers", () => {
  it("expectedTime reads each dataset's column shapes", () => {
    expect(expectedTime({ Date: "81109", Time: "1958" })).toEqual({
      year: 2008,
      month: 11,
      day: 9,
      hour: 0,
      minute: 19,
      second: 58,
      ms: null,
    });
    expect(expectedTime({ Month: "Jun", Date: "14", Time: "15:16:01" })).toMatchObject({
      year: null,
      month: 6,
      day: 14,
    });
    expect(expectedTime({ Date: "Dec", Day: "10", Time: "06:55:46" })).toMatchObject({ month: 12, day: 10 });
    expect(expectedTime({ Time: "20171223-22:16:0:119" })).toMatchObject({ minute: 16, second: 0, ms: 119 });
    expect(expectedTime({ Time: "2005-06-03-15.42.50.675872" })).toMatchObject({ hour: 15, ms: 675 });
    expect(() => expectedTime({ Time: "nonsense" })).toThrow(/unrecognised/);
  });
});
