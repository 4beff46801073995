import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Timeline } from "../src/model/timeline.js";

/** The built binary (`npm run build` first, as `npm test` does) on the example incident. */
const root = join(import.meta.dirname, "..");
const bin = join(root, "bin", "debrief.js");
const example = join(root, "examples", "incidents", "api-degradation");

function run(args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], {
    cwd: example,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
}

describe("debrief timeline (built binary)", () => {
  const truth = JSON.parse(readFileSync(join(example, "truth.json"), "utf8")) as { milestones: Record<string, string> };

  it("prints the JSON timeline of the example with every milestone", () => {
    const r = run(["timeline", "--incident", ".", "--json"]);
    expect(r.stderr).toMatch(/debrief timeline: [\d,]+ events/);
    expect(r.status).toBe(0);
    const t = Timeline.parse(JSON.parse(r.stdout));
    expect(Object.keys(t.milestones).sort()).toEqual(Object.keys(truth.milestones).sort());
    expect(t.milestones.impactStart?.time).toBe(truth.milestones.impactStart);
  });

  it("gives the same milestones on worker threads", () => {
    const merged = Timeline.parse(JSON.parse(run(["timeline", "evidence", "--json"]).stdout));
    const r = run(["timeline", "evidence", "--json", "--threads", "2"]);
    expect(r.status).toBe(0);
    expect(Timeline.parse(JSON.parse(r.stdout)).milestones).toEqual(merged.milestones);
  });

  it("exits 2 with a one-line message on bad flags", () => {
    const r = run(["timeline", "evidence", "--threads", "zero"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--threads expects a positive whole number/);
    expect(r.stdout).toBe("");
  });
});
