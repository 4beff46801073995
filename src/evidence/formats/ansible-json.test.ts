import { describe, expect, it } from "vitest";
import { evidenceFileReader } from "../../../test/support/read-evidence-file.js";
import type { RawEvent } from "../../model/event.js";
import { ansibleJson } from "./ansible-json.js";

const read = evidenceFileReader("ansible-json");

const row = (e: RawEvent) => {
  const c = e.attributes.change as { phase: string; type: string; where: string[] };
  return [new Date(e.ts).toISOString(), e.line, c.type, c.phase, c.where];
};

describe("ansible-json", () => {
  it("reads a JSON-callback run: a task that changed hosts is in effect when it ended; failed hosts fail it", async () => {
    const run = JSON.parse(ansibleJson.samples[0] as string);
    const tasks = run.plays[0].tasks;
    tasks.push(
      {
        hosts: { web01: { changed: false }, web02: { changed: false } },
        task: { duration: { start: "2025-03-04T10:00:22.800Z", end: "2025-03-04T10:00:23.000Z" }, name: "check" },
      },
      {
        hosts: { web01: { changed: true }, web02: { failed: true, msg: "Unable to restart service nginx" } },
        task: {
          duration: { start: "2025-03-04T10:00:23.000Z", end: "2025-03-04T10:00:24.000Z" },
          name: "restart nginx",
        },
      },
    );
    const text = JSON.stringify(run, null, 4);
    const { source, events } = await read("run.json", text);
    expect(source?.format).toBe("ansible-json");
    const lines = text.split("\n");
    // the task object's line: `"task": {`
    const taskLine = lines.findIndex((l) => l.trim() === '"task": {') + 1;
    expect(events.map(row)).toEqual([
      ["2025-03-04T10:00:22.789Z", taskLine, "config", "effective", ["web01"]],
      ["2025-03-04T10:00:24.000Z", expect.any(Number), "restart", "failed", ["web02"]],
    ]);
  });

  it("skips a changed task without a readable time, naming its line", async () => {
    const run = {
      plays: [{ play: { name: "p" }, tasks: [{ hosts: { h: { changed: true } }, task: { name: "t", duration: {} } }] }],
    };
    const { events, source } = await read("bad.json", JSON.stringify(run));
    expect(events).toEqual([]);
    expect(source?.skipped.total).toBe(1);
  });
});
