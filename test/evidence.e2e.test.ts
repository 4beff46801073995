import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Event } from "../src/model/event.js";
import { EvidenceSource } from "../src/model/evidence-source.js";

const root = join(import.meta.dirname, "..");
const bin = join(root, "bin", "debrief.js");
const example = join(root, "examples", "incidents", "api-degradation");
const tmp = mkdtempSync(join(tmpdir(), "debrief-evidence-e2e-"));

function run(args: string[], cwd = root) {
  return spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: "1" },
  });
}

beforeAll(() => {
  // `npm test` builds first; build here too when the tests run alone
  if (!existsSync(join(root, "dist", "cli", "main.js"))) {
    spawnSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"], {
      cwd: root,
    });
  }
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("debrief evidence (built binary)", () => {
  it.runIf(existsSync(join(example, "evidence")))("reads every file of the example incident with no skips", () => {
    const r = run(["evidence", join(example, "evidence"), "--json"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const sources = (JSON.parse(r.stdout) as { sources: unknown[] }).sources.map((s) => EvidenceSource.parse(s));
    expect(sources.length).toBeGreaterThanOrEqual(8);
    for (const s of sources) {
      expect(s.format, s.path).not.toBe("unknown");
      expect(s.skipped.total, `${s.path}: ${JSON.stringify(s.skipped)}`).toBe(0);
      expect(s.warnings, s.path).toBeUndefined();
      expect(s.path.startsWith("evidence/"), s.path).toBe(true);
    }
    const byPath = new Map(sources.map((s) => [s.path, s]));
    expect(byPath.get("evidence/alerts.json")?.format).toBe("alertmanager-json");
    expect(byPath.get("evidence/pagerduty-log-entries.json")?.format).toBe("pagerduty-json");
    expect(byPath.get("evidence/metrics.json")?.format).toBe("prometheus-json");
    expect(byPath.get("evidence/deploys.json")?.format).toBe("github-deployments");
    expect(byPath.get("evidence/slack/inc-orders-api/2025-02-09.json")?.format).toBe("slack-export");
    expect(byPath.get("evidence/runbooks/orders-api.md")?.format).toBe("runbook");
  });

  it.runIf(existsSync(join(example, "evidence")))("prints the example's paging events as NDJSON", () => {
    const r = run(["evidence", "evidence/pagerduty-log-entries.json", "--events"], example);
    expect(r.status).toBe(0);
    const events = r.stdout
      .trimEnd()
      .split("\n")
      .map((l) => Event.parse(JSON.parse(l)));
    expect(events.every((e) => e.kind === "page" && e.line > 1)).toBe(true);
    const ack = events.find((e) => e.attributes.type === "acknowledge_log_entry");
    expect(ack?.time).toBe("2025-02-09T10:12:00.000Z");
    const resolve = events.find((e) => e.attributes.type === "resolve_log_entry");
    expect(resolve?.time).toBe("2025-02-09T10:40:00.000Z");
  });

  it("inventories several large files on worker threads with the same result as one thread", () => {
    const lines: string[] = [];
    for (let i = 0; i < 260_000; i++) {
      lines.push(
        `${i.toString(16).padStart(40, "0")}\t2025-02-09T10:${String(Math.floor(i / 6000) % 60).padStart(2, "0")}:00Z\tA\tcommit ${i}`,
      );
    }
    const text = `${lines.join("\n")}\n`;
    writeFileSync(join(tmp, "a.txt"), text);
    writeFileSync(join(tmp, "b.txt"), text);
    const r = run(["evidence", tmp, "--json"]);
    expect(r.status).toBe(0);
    const sources = (JSON.parse(r.stdout) as { sources: EvidenceSource[] }).sources;
    expect(sources.map((s) => [s.format, s.lines, s.events])).toEqual([
      ["git-log", 260_000, 260_000],
      ["git-log", 260_000, 260_000],
    ]);
    expect(sources[0]?.sha256).toBe(sources[1]?.sha256);
  });

  it("exits 2 with a clear message for a missing path and an unknown format", () => {
    const missing = run(["evidence", "no/such/file.log"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe("debrief: no/such/file.log: no such file or directory\n");
    const bad = run(["evidence", "package.json", "--format", "nope"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown --format "nope"; valid formats: /);
    expect(bad.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
