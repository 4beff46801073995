import { describe, expect, it } from "vitest";
import { evidenceFileReader } from "../../../test/support/read-evidence-file.js";
import type { RawEvent } from "../../model/event.js";

const read = evidenceFileReader("nomad-salt-mm");

const row = (e: RawEvent) => {
  const c = e.attributes.change as { phase: string; type: string } | undefined;
  return [new Date(e.ts).toISOString(), e.line, e.kind, c?.phase ?? null, e.actor];
};

describe("nomad-job-history", () => {
  it("each version at its Submit Date; an unstable one only started; an unreadable date is named", async () => {
    const text = [
      "$ nomad job history -p api",
      "Version     = 9",
      "Stable      = false",
      "Submit Date = 06/01/25 08:00:10 UTC",
      "Diff        =",
      '+/- Job: "api"',
      '  +/- Count: "2" => "3"',
      "",
      "Version     = 8",
      "Stable      = true",
      "Submit Date = 2025-05-30T12:00:00Z",
      "",
      "Version     = 7",
      "Stable      = true",
      "Submit Date = yesterday",
    ].join("\n");
    const { source, events } = await read("history.txt", text);
    expect(source?.format).toBe("nomad-job-history");
    expect(events.map(row)).toEqual([
      ["2025-06-01T08:00:10.000Z", 4, "change", "started", null],
      ["2025-05-30T12:00:00.000Z", 11, "change", "effective", null],
    ]);
    expect(events[0]?.service).toBe("api");
    expect(source?.skipped.examples.map((x) => [x.line, x.reason])).toEqual([[15, "invalid-timestamp"]]);
  });
});

describe("salt-state-json", () => {
  const state = (result: boolean | null, changes: Record<string, unknown>, start: string, duration: number) => ({
    __id__: "app_conf",
    __run_num__: 0,
    changes,
    comment: result === false ? "Source file salt://app.conf not found" : "updated",
    duration,
    name: "/etc/app.conf",
    result,
    start_time: start,
  });

  it("changed states in effect at start_time + duration on the date the file name gives; failed states failed", async () => {
    const text = [
      JSON.stringify(
        {
          "web-1": { "file_|-app_conf_|-/etc/app.conf_|-managed": state(true, { diff: "x" }, "08:00:01.250000", 1500) },
        },
        null,
        4,
      ),
      JSON.stringify(
        { "web-2": { "file_|-app_conf_|-/etc/app.conf_|-managed": state(false, {}, "08:00:02.000000", 10) } },
        null,
        4,
      ),
      JSON.stringify(
        { "web-3": { "file_|-app_conf_|-/etc/app.conf_|-managed": state(null, {}, "08:00:03.000000", 10) } },
        null,
        4,
      ),
    ].join("\n");
    const { events, source } = await read("highstate-2025-06-01.json", text);
    expect(source?.format).toBe("salt-state-json");
    expect(events.map(row)).toEqual([
      ["2025-06-01T08:00:02.750Z", 3, "change", "effective", null],
      ["2025-06-01T08:00:02.010Z", 19, "change", "failed", null],
    ]);
    expect(events.map((e) => e.service)).toEqual(["web-1", "web-2"]);
    expect(source?.skipped.byReason).toEqual({ "not-a-change": 1 });
  });

  it("says so when nothing gives the run's date", async () => {
    const text = JSON.stringify({
      "web-1": { "file_|-a_|-/a_|-managed": state(true, { diff: "x" }, "08:00:01.000000", 1) },
    });
    const { events, source } = await read("state.json", text);
    expect(events).toHaveLength(0);
    expect(source?.skipped.byReason).toEqual({ "no-date": 1 });
    expect((source?.warnings ?? []).join(" ")).toMatch(/no date/);
  });
});

describe("mattermost-export", () => {
  it("posts and replies are chat events by the author's name; a deploy announcement becomes a change", async () => {
    const text = [
      '{"type":"version","version":1}',
      '{"type":"user","user":{"username":"kim","first_name":"Kim","last_name":"Lee"}}',
      '{"type":"post","post":{"team":"ops","channel":"releases","user":"kim","message":"rolled back search to 3.1","create_at":1748764800000,"replies":[{"user":"ana","message":"thanks","create_at":1748764860000}]}}',
      '{"type":"post","post":{"team":"ops","channel":"releases","user":"kim","message":"no time"}}',
    ].join("\n");
    const { events, source } = await read("export.jsonl", text);
    expect(source?.format).toBe("mattermost-export");
    expect(events.map(row)).toEqual([
      ["2025-06-01T08:00:00.000Z", 3, "change", "effective", "Kim Lee"],
      ["2025-06-01T08:01:00.000Z", 3, "chat", null, "ana"],
    ]);
    expect(source?.skipped.examples.map((x) => [x.line, x.reason])).toEqual([
      [1, "metadata"],
      [2, "metadata"],
      [4, "invalid-timestamp"],
    ]);
  });
});

describe("salt-highstate-text", () => {
  it("full and terse layouts: changed states at Started + Duration, failed ones failed, clean ones not changes", async () => {
    const text = [
      "db-1:",
      "----------",
      "          ID: pg_conf",
      "    Function: file.managed",
      "        Name: /etc/postgresql/16/main/postgresql.conf",
      "      Result: True",
      "     Comment: File /etc/postgresql/16/main/postgresql.conf updated",
      "     Started: 09:15:00.250000",
      "    Duration: 750.0 ms",
      "     Changes:",
      "              ----------",
      "              diff:",
      "                  -max_connections = 100",
      "                  +max_connections = 400",
      "----------",
      "          ID: postgresql",
      "    Function: service.running",
      "      Result: True",
      "     Comment: The service postgresql is already running",
      "     Started: 09:15:01.100000",
      "    Duration: 20.0 ms",
      "     Changes:",
      "",
      "Summary for db-1",
      "------------",
      "Succeeded: 2 (changed=1)",
      "Failed:    0",
      "db-2:",
      "----------",
      "  Name: /etc/app.conf - Function: file.managed - Result: Failed Started: - 09:16:00.000000 Duration: 5.0 ms",
    ].join("\n");
    const { events, source } = await read("state-apply-2025-06-01.txt", text);
    expect(source?.format).toBe("salt-highstate-text");
    expect(events.map(row)).toEqual([
      ["2025-06-01T09:15:01.000Z", 8, "change", "effective", null],
      ["2025-06-01T09:16:00.005Z", 30, "change", "failed", null],
    ]);
    expect(events.map((e) => e.service)).toEqual(["db-1", "db-2"]);
    expect(source?.skipped.byReason).toEqual({ "not-a-change": 1 });
  });
});
