import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evidenceFileReader } from "../../../test/support/read-evidence-file.js";
import type { RawEvent } from "../../model/event.js";
import type { ChangePhase } from "./change-recogniser.js";
import { changeEvent, changeRecord } from "./change-record.js";

const read = evidenceFileReader("change-record");
const T = Date.parse("2025-03-04T10:01:45Z");

describe("changeRecord: one record for every reader", () => {
  it("effectiveAt is the event's time only when the change is in effect; a start is startedAt, never committedAt", () => {
    const r = changeRecord({
      type: "scale",
      what: "web-asg: launch",
      where: ["web-asg", "web-asg", ""],
      by: null,
      tool: "aws-autoscaling",
      phase: "effective",
      at: T,
      startedAt: T - 65_000,
    });
    expect(r).toEqual({
      type: "scale",
      what: "web-asg: launch",
      where: ["web-asg"],
      by: null,
      tool: "aws-autoscaling",
      phase: "effective",
      effective: true,
      effectiveAt: "2025-03-04T10:01:45.000Z",
      committedAt: null,
      startedAt: "2025-03-04T10:00:40.000Z",
    });
  });

  it("a commit carries its commit time and no effect time", () => {
    const e = changeEvent({
      path: "git.log",
      line: 3,
      at: T,
      type: "commit",
      what: "commit abc fix",
      where: [],
      by: "ana",
      tool: "git",
      phase: "committed",
      committedAt: T,
      message: "fix",
    });
    expect(e).toMatchObject({ ts: T, kind: "change", severity: "info", actor: "ana", service: null, message: "fix" });
    expect(e.attributes.change).toMatchObject({
      effective: false,
      effectiveAt: null,
      committedAt: new Date(T).toISOString(),
    });
  });

  it("property: effective iff phase effective, effectiveAt = at then, failed changes are errors", () => {
    const phases: ChangePhase[] = ["committed", "started", "effective", "failed"];
    fc.assert(
      fc.property(
        fc.constantFrom(...phases),
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        fc.option(fc.integer({ min: 0, max: 4_000_000_000_000 }), { nil: undefined }),
        (phase, at, startedAt) => {
          const e = changeEvent({
            path: "x",
            line: 1,
            at,
            type: "deploy",
            what: "w".repeat(250),
            where: ["svc"],
            by: null,
            tool: "t",
            phase,
            ...(startedAt !== undefined ? { startedAt } : {}),
          });
          const r = e.attributes.change as ReturnType<typeof changeRecord>;
          expect(r.effective).toBe(phase === "effective");
          expect(r.effectiveAt).toBe(phase === "effective" ? new Date(at).toISOString() : null);
          expect(r.committedAt).toBeNull();
          expect(r.startedAt).toBe(startedAt === undefined ? undefined : new Date(startedAt).toISOString());
          expect(r.what.length).toBe(200);
          expect(e.severity).toBe(phase === "failed" ? "error" : "info");
          expect(e.service).toBe("svc");
        },
      ),
    );
  });

  it("an Auto Scaling activity read from its API keeps its start as startedAt, not as a commit time", async () => {
    const text =
      '{"Activities": [{"ActivityId": "f9", "AutoScalingGroupName": "web-asg", "Description": "Launching", "Cause": "a user request", "StartTime": "2025-03-04T10:00:40Z", "EndTime": "2025-03-04T10:01:45Z", "StatusCode": "Successful"}]}';
    const { events } = await read("activities.json", text);
    const c = events.find((e) => e.kind === "change");
    expect(c?.attributes.change).toMatchObject({
      phase: "effective",
      effectiveAt: "2025-03-04T10:01:45.000Z",
      committedAt: null,
      startedAt: "2025-03-04T10:00:40.000Z",
    });
  });
});

describe("zone rules hold for change tables written in local time", () => {
  const history = [
    "REVISION\tUPDATED                 \tSTATUS    \tCHART          \tAPP VERSION\tDESCRIPTION",
    "1       \tMon Oct  3 10:15:13 2022\tsuperseded\tcheckout-1.20.0\t2.13.0     \tInstall complete",
    "2       \tTue Oct  4 14:02:41 2022\tdeployed  \tcheckout-1.21.0\t2.14.0     \tUpgrade complete",
  ].join("\n");

  it("helm history's UPDATED (local time, no zone) is read as UTC only as a marked assumption", async () => {
    const { source, events } = await read("helm-history.txt", history);
    expect(source).toMatchObject({ timezone: "UTC", timezoneAssumed: true, timezoneOrigin: "default" });
    expect(events.map((e) => [new Date(e.ts).toISOString(), (e.attributes.change as { phase: string }).phase])).toEqual(
      [
        ["2022-10-03T10:15:13.000Z", "effective"],
        ["2022-10-04T14:02:41.000Z", "effective"],
      ],
    );
  });

  it("with the zone the user states, the same rows are converted from that zone", async () => {
    const dir = (await import("node:fs")).mkdtempSync(
      (await import("node:path")).join((await import("node:os")).tmpdir(), "debrief-helm-"),
    );
    const path = (await import("node:path")).join(dir, "helm-history.txt");
    (await import("node:fs")).writeFileSync(path, history);
    const { readEvidence } = await import("../read-evidence.js");
    const events: RawEvent[] = [];
    const { sources } = await readEvidence([path], {
      baseDir: dir,
      defaultZone: "Europe/Berlin",
      onEvent: (e) => events.push(e),
    });
    expect(sources[0]).toMatchObject({ timezone: "Europe/Berlin", timezoneAssumed: false });
    expect(events.map((e) => new Date(e.ts).toISOString())).toEqual([
      "2022-10-03T08:15:13.000Z",
      "2022-10-04T12:02:41.000Z",
    ]);
  });
});

describe("sudo: the change is of what the command touches", () => {
  it("auth.log COMMAND= lines name the unit or path, never 'sudo'", async () => {
    const text = [
      "Mar  4 10:00:01 db-1 sudo:      ops : TTY=pts/0 ; PWD=/home/ops ; USER=root ; COMMAND=/usr/bin/systemctl restart postgresql",
      "Mar  4 10:02:11 db-1 sudo:      ops : TTY=pts/0 ; PWD=/home/ops ; USER=root ; COMMAND=/bin/rm -rf /var/opt/pgdata/pg_wal/old",
    ].join("\n");
    const { events } = await read("auth.log", text);
    const changes = events.filter((e) => e.kind === "change");
    expect(changes.map((e) => [e.service, (e.attributes.change as { where: string[] }).where[0], e.actor])).toEqual([
      ["postgresql", "postgresql", "ops"],
      ["/var/opt/pgdata/pg_wal/old", "/var/opt/pgdata/pg_wal/old", "ops"],
    ]);
  });
});
