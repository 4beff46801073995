import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePostmortem } from "../src/postmortem/index.js";

// Runs the built binary (`npm run build` first, as `npm test` does).
const root = join(import.meta.dirname, "..");
const bin = join(root, "bin", "debrief.js");
const example = join(root, "examples", "incidents", "api-degradation");

function debrief(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
}

describe("debrief init + draft (built binary)", () => {
  it("creates an incident, drafts it from evidence, and is stable on a second run", () => {
    const cwd = mkdtempSync(join(tmpdir(), "debrief-e2e-"));
    cpSync(join(example, "evidence"), join(cwd, "inc", "evidence"), { recursive: true });
    const init = debrief(
      cwd,
      "init",
      "inc",
      "--title",
      "Orders API degradation",
      "--start",
      "2025-02-09T09:55:00Z",
      "--end",
      "2025-02-09T10:45:00Z",
      "--severity",
      "SEV2",
      "--service",
      "orders-api",
    );
    expect(init.status, init.stderr).toBe(0);
    expect(init.stdout).toContain("created inc/postmortem.md");

    const draft = debrief(cwd, "draft", "inc");
    expect(draft.status, draft.stderr).toBe(0);
    expect(draft.stdout).toContain("inserted  timeline");
    expect(draft.stdout).toContain("wrote inc/postmortem.md");
    const doc = readFileSync(join(cwd, "inc", "postmortem.md"), "utf8");
    const rows = parsePostmortem(doc, "inc/postmortem.md").postmortem.timeline;
    expect(rows.find((r) => r.event.startsWith("**Impact start**"))?.time).toBe("2025-02-09 10:05:23");
    expect(rows.find((r) => r.event.startsWith("**Resolved**"))?.time).toBe("2025-02-09 10:40:00");

    const again = debrief(cwd, "draft", "inc", "--json");
    expect(again.status).toBe(0);
    const report = JSON.parse(again.stdout) as { written: boolean; blocks: { action: string }[] };
    expect(report.written).toBe(false);
    expect(report.blocks.every((b) => b.action === "unchanged")).toBe(true);
    expect(readFileSync(join(cwd, "inc", "postmortem.md"), "utf8")).toBe(doc);
  });

  it("prints help with examples and exits 2 on bad flags without a stack trace", () => {
    const help = debrief(root, "draft", "--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("Examples:");
    const bad = debrief(root, "init", "x", "--title", "t", "--start", "yesterday", "--severity", "SEV2");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--start expects an ISO-8601 time with a zone");
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
