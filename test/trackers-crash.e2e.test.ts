import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { parsePostmortem } from "../src/postmortem/index.js";
import { startTracker, TRACKER_KINDS, type TrackerFixture } from "./support/replay/trackers-harness.js";

/**
 * Kill-and-rerun for every tracker: a child process publishing the example's four action items kills itself
 * (SIGKILL, no clean-up) at each step in turn — right after an issue is created and before anything records it,
 * after the link back to the incident, right after the ledger records a step, and with every step recorded but the
 * document not yet written — and each rerun both recovers from the last crash and dies at the next point. In the end
 * there is exactly one issue per action item, one link each, and the Tracker cells of the document point at them.
 */

const root = join(import.meta.dirname, "..");
// bundled once, so each child starts in a few seconds instead of transforming every source file again
const child = join(root, "node_modules", ".cache", "debrief-tests", "publish-child.mjs");

beforeAll(async () => {
  await build({
    entryPoints: [join(root, "test", "support", "replay", "publish-child.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    outfile: child,
    logLevel: "error",
  });
}, 60_000);

function runChild(dir: string, env: Record<string, string>, killAt?: string) {
  return new Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (done) => {
      const p = spawn(process.execPath, [child, dir], {
        env: { ...process.env, ...env, ...(killAt ? { KILL_AT: killAt } : {}) },
      });
      let stdout = "";
      let stderr = "";
      p.stdout.on("data", (c) => (stdout += c));
      p.stderr.on("data", (c) => (stderr += c));
      p.on("close", (status, signal) => done({ status, signal, stdout, stderr }));
    },
  );
}

async function incident(fx: TrackerFixture): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `debrief-crash-${fx.kind}-`));
  const evidence = join(root, "examples", "incidents", "api-degradation", "evidence");
  for (const name of ["metrics.json", "metrics-error-ratio.json"])
    await cp(join(evidence, name), join(dir, "evidence", name));
  await cp(join(root, "examples", "postmortems", "api-degradation.md"), join(dir, "postmortem.md"));
  const users = { "@dvolkov": fx.people[0], "@praman": fx.people[1] };
  writeFileSync(join(dir, "debrief.yaml"), stringify({ id: "INC-2025-0209", tracker: { ...fx.settings, users } }));
  return dir;
}

describe.each(TRACKER_KINDS)("kill and rerun: %s", (kind) => {
  let fx: TrackerFixture;
  beforeAll(async () => {
    fx = await startTracker(kind);
  });
  afterAll(async () => fx.server.close());

  it("ends with exactly one issue per action item after a crash at every step", async () => {
    const dir = await incident(fx);
    const step = (id: string) => `${kind}:${id}`;
    // the crash points, in the order a run reaches them; GitHub links through the issue body, not a separate call
    const chain: Array<{ at: string; issuesAfter: number }> = [
      { at: `${step("AI-001")}:created`, issuesAfter: 1 },
      ...(kind === "github" ? [] : [{ at: `${step("AI-002")}:linked`, issuesAfter: 2 }]),
      { at: step("AI-003"), issuesAfter: 3 },
      { at: `${step("AI-004")}:created`, issuesAfter: 4 },
      { at: "write-back", issuesAfter: 4 },
    ];
    for (const point of chain) {
      const killed = await runChild(dir, fx.env, point.at);
      expect(killed.signal, `${point.at}: ${killed.stderr}`).toBe("SIGKILL");
      expect(fx.issueCount(), point.at).toBe(point.issuesAfter);
    }
    // the document was never written: every crash came before the write-back
    expect(
      parsePostmortem(readFileSync(join(dir, "postmortem.md"), "utf8"), "pm").postmortem.actionItems.every(
        (i) => !i.tracker,
      ),
    ).toBe(true);

    const last = await runChild(dir, fx.env);
    expect(last.status, last.stderr).toBe(0);
    const report = JSON.parse(last.stdout) as { steps: Array<{ id: string; outcome: string }>; failed: number };
    expect(report.failed).toBe(0);
    expect(fx.issueCount()).toBe(4);
    const cells = parsePostmortem(readFileSync(join(dir, "postmortem.md"), "utf8"), "pm").postmortem.actionItems.map(
      (i) => i.tracker,
    );
    expect(new Set(cells).size).toBe(4);
    expect(cells.every((c) => typeof c === "string" && /^https?:\/\//.test(c))).toBe(true);
    if (kind !== "github") {
      for (const cell of cells) {
        const key = cell!.match(/([A-Z]+-\d+|\d+)(?:\/[^/]*)?$/)?.[1] ?? "";
        expect(fx.linkCount(key), `links of ${key}`).toBe(1);
      }
    }
    expect(existsSync(join(dir, ".debrief", "publish-state.json"))).toBe(true);

    // and once more: nothing is filed again
    const again = await runChild(dir, fx.env);
    expect(again.status, again.stderr).toBe(0);
    expect(fx.issueCount()).toBe(4);
  }, 300_000);
});
