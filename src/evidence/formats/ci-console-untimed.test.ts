import { describe, expect, it } from "vitest";
import { evidenceFileReader } from "../../../test/support/read-evidence-file.js";

const read = evidenceFileReader("ci-console-untimed");

const FRAME_START = ["Started by user Priya Nair", "[Pipeline] Start of Pipeline", "[Pipeline] node", "[Pipeline] sh"];
const ROLLOUT = [
  "+ kubectl --context prod -n search rollout status deployment/search-api",
  'deployment "search-api" successfully rolled out',
];
const FRAME_END = ["[Pipeline] End of Pipeline", "Finished: SUCCESS"];

describe("ci-console-untimed: CI consoles without timestamps", () => {
  it("a clock printed in the console (date output) times the lines after it, marked as a lower bound", async () => {
    const text = [...FRAME_START, "+ date -u", "Tue Sep 23 11:40:05 UTC 2025", ...ROLLOUT, ...FRAME_END].join("\n");
    const { source, events } = await read("console.log", text);
    expect(source?.format).toBe("ci-console-untimed");
    const rollout = events.find(
      (e) => (e.attributes.change as { tool?: string } | undefined)?.tool === "kubectl-rollout",
    );
    expect(rollout).toMatchObject({ ts: Date.parse("2025-09-23T11:40:05Z"), line: 8 });
    expect(rollout?.attributes).toMatchObject({ timeFrom: "line 6", timeBound: "at-or-after" });
    expect(rollout?.attributes.change).toMatchObject({ phase: "effective", where: ["search-api"] });
  });

  it("no clock at all: no time is invented, the change steps are named in a warning", async () => {
    const { source, events } = await read("untimed.log", [...FRAME_START, ...ROLLOUT, ...FRAME_END].join("\n"));
    expect(source?.format).toBe("ci-console-untimed");
    expect(events).toEqual([]);
    expect(source?.skipped.byReason["no-timestamp"]).toBe(3);
    expect(source?.warnings?.join(" ")).toMatch(/2 change step\(s\) in this CI console carry no time .*line 5/);
  });

  it("a Buildkite log downloaded without _bk;t= marks is read the same way", async () => {
    const text = [
      "~~~ Preparing working directory",
      "$ date -u +%FT%TZ",
      "2026-05-14T09:19:43Z",
      "--- :rocket: Deploy production",
      "$ ./scripts/deploy.sh production",
      'deployment "payments-api" successfully rolled out',
    ].join("\n");
    const { source, events } = await read("build.log", text);
    expect(source?.format).toBe("ci-console-untimed");
    expect(
      events.filter((e) => e.kind === "change").map((e) => [e.line, (e.attributes.change as { phase: string }).phase]),
    ).toContainEqual([6, "effective"]);
  });

  it("a timestamped console is left to the line readers", async () => {
    const text = [...FRAME_START, ...ROLLOUT, ...FRAME_END]
      .map((l, i) => `[2025-09-23T11:40:0${i}.000Z] ${l}`)
      .join("\n");
    const { source } = await read("stamped.log", text);
    expect(source?.format).not.toBe("ci-console-untimed");
  });
});
