import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CollectManifestFile } from "../src/collect/index.js";
import { startReplayServer } from "./support/replay-server.js";

const root = join(import.meta.dirname, "..");
const bin = join(root, "bin", "debrief.js");
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Spawn the built CLI asynchronously (the replay server runs in this process, so spawnSync would deadlock). */
function run(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, NO_COLOR: "1", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => {
      stdout += b.toString();
    });
    child.stderr.on("data", (b: Buffer) => {
      stderr += b.toString();
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("debrief collect (built binary)", () => {
  it("collects, prints the JSON summary on stdout and progress on stderr, and resumes on a second run", async () => {
    const TOKEN = "e2e-prometheus-token-777";
    const server = await startReplayServer((req) => {
      if (req.path.endsWith("runtimeinfo")) return { body: { status: "success", data: { storageRetention: "100y" } } };
      return {
        body: {
          status: "success",
          data: { resultType: "matrix", result: [{ metric: { service: "api" }, values: [[1739095500, "0.5"]] }] },
        },
      };
    });
    try {
      const dir = mkdtempSync(join(tmpdir(), "debrief-collect-e2e-"));
      dirs.push(dir);
      writeFileSync(
        join(dir, "debrief.yaml"),
        'window:\n  start: "2025-02-09T09:55:00Z"\n  end: "2025-02-09T10:45:00Z"\n',
      );
      const first = await run(["collect", dir, "--prometheus", server.url, "--json"], { PROMETHEUS_TOKEN: TOKEN });
      expect(first.stderr).not.toContain(TOKEN);
      expect(first.code).toBe(0);
      const out = JSON.parse(first.stdout) as { summary: { fetched: number }; manifest: CollectManifestFile };
      // four default golden-signal queries and the ALERTS history
      expect(out.summary.fetched).toBe(5);
      expect(first.stderr).toMatch(/collect: prometheus query:error-ratio: ok, 1 row/);
      expect(server.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
      const manifest = readFileSync(join(dir, "evidence", "manifest.json"), "utf8");
      expect(JSON.parse(manifest)).toEqual(out.manifest);

      const again = await run(["collect", dir, "--prometheus", server.url], { PROMETHEUS_TOKEN: TOKEN });
      expect(again.code).toBe(0);
      expect(again.stderr).toMatch(/0 fetched, 5 already there/);
    } finally {
      await server.close();
    }
  });

  it("exits 2 with a one-line message for bad settings", async () => {
    const dir = mkdtempSync(join(tmpdir(), "debrief-collect-e2e-"));
    dirs.push(dir);
    const r = await run(["collect", dir, "--prometheus", "http://127.0.0.1:9"], {});
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe("debrief: no incident window: set window.start in debrief.yaml or pass --start");
  });
});
