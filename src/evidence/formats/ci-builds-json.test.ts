import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evidenceFileReader } from "../../../test/support/read-evidence-file.js";
import type { RawEvent } from "../../model/event.js";

const read = evidenceFileReader("ci-builds");

const row = (e: RawEvent) => {
  const c = e.attributes.change as { phase: string; tool: string; startedAt?: string };
  return [new Date(e.ts).toISOString(), c.tool, c.phase, c.startedAt ?? null, e.service];
};

/** A job's builds as `…/job/NAME/api/json?tree=builds[number,result,timestamp,duration,building,url]` returns them. */
function jenkins(builds: { n: number; result: string | null; ts: number; duration: number }[]): string {
  return JSON.stringify(
    {
      _class: "org.jenkinsci.plugins.workflow.job.WorkflowJob",
      builds: builds.map((b) => ({
        _class: "org.jenkinsci.plugins.workflow.job.WorkflowRun",
        building: b.result === null,
        duration: b.duration,
        number: b.n,
        result: b.result,
        timestamp: b.ts,
        url: `https://ci.example.org/job/deploy-prod/${b.n}/`,
      })),
    },
    null,
    2,
  );
}

describe("ci-builds-json: CI build APIs as change records", () => {
  it("Jenkins builds: in effect at timestamp + duration, failed/aborted builds failed, a running build started", async () => {
    const t = Date.parse("2026-03-10T10:21:05.477Z");
    const { source, events } = await read(
      "builds.json",
      jenkins([
        { n: 412, result: null, ts: t + 3_600_000, duration: 0 },
        { n: 411, result: "ABORTED", ts: t + 600_000, duration: 64_210 },
        { n: 410, result: "SUCCESS", ts: t, duration: 351_902 },
      ]),
    );
    expect(source?.format).toBe("ci-builds-json");
    expect(events.map(row)).toEqual([
      ["2026-03-10T11:21:05.477Z", "jenkins", "started", null, "deploy-prod"],
      ["2026-03-10T10:32:09.687Z", "jenkins", "failed", "2026-03-10T10:31:05.477Z", "deploy-prod"],
      ["2026-03-10T10:26:57.379Z", "jenkins", "effective", "2026-03-10T10:21:05.477Z", "deploy-prod"],
    ]);
  });

  it("Buildkite: the deploy job's finish is when the change took effect; a build with no deploy step is not a change", async () => {
    const build = (n: number, job: string, state: string) => ({
      number: n,
      state,
      message: "Bump payments-api to 4.18.2",
      creator: { name: "Priya" },
      pipeline: { slug: "payments-api" },
      created_at: "2026-05-14T09:12:44.512Z",
      started_at: "2026-05-14T09:12:51.012Z",
      finished_at: "2026-05-14T09:22:53.012Z",
      jobs: [
        {
          type: "script",
          name: job,
          state,
          started_at: "2026-05-14T09:19:43.312Z",
          finished_at: "2026-05-14T09:22:51.712Z",
        },
      ],
    });
    const { events, source } = await read(
      "bk.json",
      JSON.stringify(
        [build(2, ":rocket: Deploy production", "failed"), build(1, "unit tests", "passed")],
        null,
        2,
      ).replace("Bump payments-api to 4.18.2", "tests only"),
    );
    expect(events.map(row)).toEqual([
      ["2026-05-14T09:22:51.712Z", "buildkite", "failed", "2026-05-14T09:19:43.312Z", "payments-api"],
    ]);
    expect(events[0]?.actor).toBe("Priya");
    expect(source?.skipped.byReason["not-a-change"]).toBe(1);
  });

  it("bad input: a truncated document keeps the builds read before it and says where it broke", async () => {
    const t = Date.parse("2026-03-10T10:21:05.477Z");
    const text = jenkins([
      { n: 2, result: "SUCCESS", ts: t, duration: 1000 },
      { n: 1, result: "SUCCESS", ts: t - 9000, duration: 1000 },
    ]);
    const { source, events } = await read("cut.json", text.slice(0, text.lastIndexOf('"timestamp"')));
    expect(events).toHaveLength(1);
    expect(source?.skipped.total).toBeGreaterThanOrEqual(1);
  });

  it("property: a finished Jenkins build takes effect exactly timestamp + duration after the epoch", async () => {
    const samples = fc.sample(
      fc.record({
        ts: fc.integer({ min: 1_500_000_000_000, max: 2_000_000_000_000 }),
        duration: fc.integer({ min: 1, max: 86_400_000 }),
        result: fc.constantFrom("SUCCESS", "UNSTABLE", "FAILURE"),
      }),
      { numRuns: 15, seed: 15 },
    );
    for (const [i, b] of samples.entries()) {
      const { events } = await read(`p${i}.json`, jenkins([{ n: i + 1, ...b }]));
      expect(events.map((e) => e.ts)).toEqual([b.ts + b.duration]);
      expect((events[0]?.attributes.change as { phase: string } | undefined)?.phase).toBe(
        b.result === "FAILURE" ? "failed" : "effective",
      );
    }
  });
});
