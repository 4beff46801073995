import { describe, expect, it } from "vitest";
import { evidenceFileReader } from "../../../test/support/read-evidence-file.js";

const read = evidenceFileReader("ci-job-log");

describe("ci-job-log", () => {
  it("reads a GitLab log with runner timestamps (FF_TIMESTAMPS) line by line, stream markers removed", async () => {
    const text = [
      "2025-03-04T10:00:05.120000Z 00O section_start:1741082405:step_script\r\x1b[0K",
      "2025-03-04T10:00:05.200000Z 01O+$ kubectl -n prod rollout status deployment/orders",
      '2025-03-04T10:00:30.000000Z 01O Waiting for deployment "orders" rollout to finish: 1 of 3 updated replicas...',
      '2025-03-04T10:01:10.004100Z 01O deployment "orders" successfully rolled out',
      "2025-03-04T10:01:10.100000Z 00O section_end:1741082470:step_script\r\x1b[0K",
    ].join("\n");
    const { source, events } = await read("job.log", text);
    expect(source?.format).toBe("ci-job-log");
    expect(events.map((e) => [e.line, new Date(e.ts).toISOString(), e.kind])).toEqual([
      [2, "2025-03-04T10:00:05.200Z", "change"],
      [3, "2025-03-04T10:00:30.000Z", "log"],
      [4, "2025-03-04T10:01:10.004Z", "change"],
    ]);
    expect(events[0]?.message).toBe("$ kubectl -n prod rollout status deployment/orders");
    expect((events[2]?.attributes.change as { phase: string } | undefined)?.phase).toBe("effective");
  });
});

describe("ci-job-log: Buildkite groups", () => {
  const bk = (ms: number, text: string) => `\x1b_bk;t=${ms}\x07${text}`;
  const t0 = Date.UTC(2025, 2, 4, 10, 0, 0);

  it("a deploy group starts at its header and is in effect at the next header or the log's end", async () => {
    const text = [
      bk(t0, "--- :hammer: Build"),
      bk(t0 + 1000, "$ make build"),
      bk(t0 + 10_000, "~~~ :rocket: Deploy web to production"),
      bk(t0 + 10_100, "$ ./scripts/deploy.sh production"),
      bk(t0 + 70_000, "deploy finished"),
      bk(t0 + 75_000, "+++ :key: Revoke old signing key"),
      bk(t0 + 75_500, "$ ./bin/keyctl list"),
      bk(t0 + 80_000, "done"),
    ].join("\n");
    const { events } = await read("job.log", text);
    const changes = events
      .filter((e) => e.kind === "change")
      .map((e) => {
        const c = e.attributes.change as { phase: string; what: string; tool: string };
        return [e.line, new Date(e.ts).toISOString(), c.phase, c.tool, c.what];
      });
    expect(changes).toEqual([
      [3, "2025-03-04T10:00:10.000Z", "started", "buildkite", "CI step started: Deploy web to production"],
      [4, "2025-03-04T10:00:10.100Z", "started", "ci", "./scripts/deploy.sh production"],
      // the deploy's own success line, read by the outcome recogniser, is in effect at its time too
      [5, "2025-03-04T10:01:10.000Z", "effective", "log", "deploy finished"],
      [3, "2025-03-04T10:01:15.000Z", "effective", "buildkite", "CI step finished: Deploy web to production"],
      [6, "2025-03-04T10:01:15.000Z", "started", "buildkite", "CI step started: Revoke old signing key"],
      [6, "2025-03-04T10:01:20.000Z", "effective", "buildkite", "CI step finished: Revoke old signing key"],
    ]);
  });

  it("build and test groups, and Buildkite's '^^^ +++' expander, are no changes and close nothing", async () => {
    const text = [
      bk(t0, "--- :rocket: Deploy api"),
      bk(t0 + 5000, "^^^ +++"),
      bk(t0 + 9000, "--- :test_tube: Test deploy scripts"),
      bk(t0 + 12_000, "ok"),
    ].join("\n");
    const { events } = await read("job.log", text);
    const changes = events.filter((e) => e.kind === "change").map((e) => [e.line, new Date(e.ts).toISOString()]);
    expect(changes).toEqual([
      [1, "2025-03-04T10:00:00.000Z"],
      [1, "2025-03-04T10:00:09.000Z"],
    ]);
  });
});
