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
