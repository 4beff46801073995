import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");

function runBin(args: string[]) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(process.execPath, [join(root, "bin", "debrief.js"), ...args], {
      env: { ...process.env, NO_COLOR: "1" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.on("close", (status) => done({ status, stdout, stderr }));
  });
}

describe("debrief demo (built binary)", () => {
  it("runs the whole procedure on the example incident", async () => {
    const out = join(await mkdtemp(join(tmpdir(), "debrief-demo-")), "demo");
    const r = await runBin(["demo", "--out", out, "--json"]);
    expect(r.stderr).not.toMatch(/internal error|\bat .*\.js:\d+/);
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout) as { steps: Array<{ name: string; files: string[] }> };
    expect(result.steps.map((s) => s.name)).toEqual([
      "evidence",
      "timeline",
      "draft",
      "lint",
      "report",
      "publish",
      "insights",
    ]);
    for (const step of result.steps) for (const f of step.files) expect(existsSync(join(out, f)), f).toBe(true);
    const timeline = JSON.parse(readFileSync(join(out, "timeline.json"), "utf8")) as {
      milestones: Record<string, { time: string }>;
    };
    const truth = JSON.parse(
      readFileSync(join(root, "examples", "incidents", "api-degradation", "truth.json"), "utf8"),
    ) as { milestones: Record<string, string> };
    for (const name of ["impactStart", "detected", "paged", "acknowledged", "mitigated", "resolved"]) {
      expect(timeline.milestones[name]?.time, name).toBe(new Date(truth.milestones[name]!).toISOString());
    }
    const draft = readFileSync(join(out, "incident", "postmortem.md"), "utf8");
    expect(draft).toContain("| 2025-02-09 10:05:23 | **Impact start**");
    expect(readFileSync(join(out, "lint.txt"), "utf8")).toMatch(/\d+ errors?, \d+ warnings?/);
    expect(readFileSync(join(out, "report.html"), "utf8")).toContain("<svg");
    const preview = JSON.parse(readFileSync(join(out, "publish-dry-run.json"), "utf8")) as { dryRun: boolean };
    expect(preview.dryRun).toBe(true);
  }, 240_000);

  it("refuses to overwrite a folder that is not an earlier demo", async () => {
    const dir = await mkdtemp(join(tmpdir(), "debrief-demo-mine-"));
    await writeFile(join(dir, "notes.txt"), "mine");
    const r = await runBin(["demo", "--out", dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/is not an earlier demo output/);
    expect(readFileSync(join(dir, "notes.txt"), "utf8")).toBe("mine");
  });
});
