import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evidenceFileReader } from "../../../test/support/read-evidence-file.js";
import type { RawEvent } from "../../model/event.js";
import { readEvidence } from "../read-evidence.js";

const read = evidenceFileReader("release-history");

const HEROKU = [
  "=== shop-api Releases",
  "",
  "v318  Deploy 7c41e9a                              deploy-bot@acme.example         2026/02/19 16:22:05 (~ 8m ago)",
  "v316  Deploy 52fb0d3 release command failed       deploy-bot@acme.example         2026/02/19 15:41:17 (~ 49m ago)",
  "v315  Set STRIPE_TOLERANCE config vars            anouk@acme.example              2026/02/19 14:07:52 (~ 2h ago)",
].join("\n");

const FLYWAY = [
  "Flyway OSS Edition 10.15.2 by Redgate",
  "Database: jdbc:mysql://db-orders-01.internal:3306/orders (MySQL 8.0)",
  "+------------+--------------+-----------------------+----------+---------------------+----------+",
  "| Category   | Version      | Description           | Type     | Installed On        | State    |",
  "+------------+--------------+-----------------------+----------+---------------------+----------+",
  "|            | 1            | << Flyway Baseline >> | BASELINE | 2025-11-03 10:14:22 | Baseline |",
  "| Versioned  | 2026.05.27.1 | add status index      | SQL      | 2026-05-28 09:02:47 | Success  |",
  "| Versioned  | 2026.06.18.1 | backfill totals       | JDBC     | 2026-06-18 23:31:54 | Failed   |",
  "| Versioned  | 2026.06.19.1 | drop coupons          | SQL      |                     | Pending  |",
  "+------------+--------------+-----------------------+----------+---------------------+----------+",
].join("\n");

const rows = (events: RawEvent[]) =>
  events.map((e) => {
    const c = e.attributes.change as { phase: string; type: string; version?: string };
    return [new Date(e.ts).toISOString(), e.line, c.type, c.phase, e.actor, c.version ?? null];
  });

describe("release-history-table", () => {
  it("heroku releases: every release is a change at its (local, zone-less) time, marked assumed UTC", async () => {
    const { source, events } = await read("releases.txt", HEROKU);
    expect(source).toMatchObject({ format: "release-history-table", timezoneAssumed: true });
    expect(rows(events)).toEqual([
      ["2026-02-19T16:22:05.000Z", 3, "deploy", "effective", "deploy-bot@acme.example", "v318"],
      ["2026-02-19T15:41:17.000Z", 4, "deploy", "failed", "deploy-bot@acme.example", "v316"],
      ["2026-02-19T14:07:52.000Z", 5, "config", "effective", "anouk@acme.example", "v315"],
    ]);
  });

  it("with the zone the user states, heroku's local times are converted", async () => {
    const dir = mkdtempSync(join(tmpdir(), "debrief-heroku-"));
    writeFileSync(join(dir, "releases.txt"), HEROKU);
    const events: RawEvent[] = [];
    await readEvidence([join(dir, "releases.txt")], {
      baseDir: dir,
      defaultZone: "Europe/Amsterdam",
      onEvent: (e) => events.push(e),
    });
    expect(events.map((e) => new Date(e.ts).toISOString())[0]).toBe("2026-02-19T15:22:05.000Z");
  });

  it("flyway info: applied rows are changes, failed rows failed, baseline and pending rows change nothing", async () => {
    const { source, events } = await read("flyway-info.txt", FLYWAY);
    expect(source?.format).toBe("release-history-table");
    expect(rows(events)).toEqual([
      ["2026-05-28T09:02:47.000Z", 7, "config", "effective", null, "2026.05.27.1"],
      ["2026-06-18T23:31:54.000Z", 8, "config", "failed", null, "2026.06.18.1"],
    ]);
    expect(events[0]?.service).toBe("orders");
    expect(source?.skipped.byReason["not-a-change"]).toBe(2);
  });

  it("bad input: a row whose time is not a time is counted, the others are read", async () => {
    const { source, events } = await read("bad.txt", HEROKU.replace("2026/02/19 15:41:17", "2026/02/31 15:41:17"));
    expect(events).toHaveLength(2);
    expect(source?.skipped.byReason["invalid-timestamp"]).toBe(1);
  });
});
