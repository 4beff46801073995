import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { templateIdOf } from "../src/timeline/templates/index.js";
import { canRunLoghub, loghubDir } from "./support/skip-reason.js";

const root = join(import.meta.dirname, "..");
const bin = join(root, "bin", "debrief.js");
const loghub = loghubDir();
const openssh = join(loghub ?? "", "OpenSSH", "OpenSSH_2k.log");

let dir = "";
let appLog = "";

/** A small deterministic application log: three event types, 300 lines, one line without a timestamp. */
function writeAppLog(path: string): void {
  const lines: string[] = [];
  for (let i = 0; i < 300; i++) {
    const t = `2025-02-09T10:${String(Math.floor(i / 60)).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}.000Z`;
    if (i % 3 === 0)
      lines.push(`${t} ERROR connection pool exhausted (${(i % 20) + 1}/20 in use), waited ${100 + i}ms`);
    else if (i % 3 === 1) lines.push(`${t} INFO GET /api/orders/${i} 200 in ${i % 90}ms`);
    else lines.push(`${t} WARN retrying job ${1000 + i} attempt ${(i % 5) + 1}`);
  }
  writeFileSync(path, `${lines.join("\n")}\n`);
}

async function runInProcess(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(["node", "debrief", ...args], {
    cwd: dir,
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { code, stdout, stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "debrief-templates-"));
  appLog = join(dir, "app.log");
  writeAppLog(appLog);
});

describe("debrief templates (in-process)", () => {
  it("prints one NDJSON line per event with its mined template", async () => {
    const r = await runInProcess(["templates", "app.log", "--json"]);
    expect(r.code).toBe(0);
    const rows = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { line: number; message: string; template: string; templateId: string });
    expect(rows).toHaveLength(300);
    expect(rows[0]).toEqual({
      line: 1,
      message: "connection pool exhausted (1/20 in use), waited 100ms",
      template: "connection pool exhausted (<*>/<*> in use), waited <*>",
      templateId: templateIdOf("connection pool exhausted (<*>/<*> in use), waited <*>"),
    });
    expect(rows[2]?.template).toBe("retrying job <*> attempt <*>");
    expect(new Set(rows.map((x) => x.template)).size).toBe(3);
    expect(rows.map((x) => x.line)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  });

  it("prints a table sorted by count with first and last time, limited by --top", async () => {
    const r = await runInProcess(["templates", "app.log", "--top", "2"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^COUNT\s+FIRST\s+LAST\s+ID\s+TEMPLATE$/);
    expect(lines[2]).toMatch(
      /^100\s+2025-02-09 10:00:00Z\s+2025-02-09 10:04:57Z\s+[0-9a-f]{8}\s+connection pool exhausted \(<\*>\/<\*> in use\), waited <\*>$/,
    );
    expect(lines.filter((l) => /^100\s/.test(l))).toHaveLength(2);
    expect(r.stdout).toContain("300 events, 3 templates (1 more not shown; raise --top)");
  });

  it("exits 2 with a clear message for a missing file, bad flags and unknown formats", async () => {
    const missing = await runInProcess(["templates", "nope.log"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.log.*no such file/i);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const top = await runInProcess(["templates", "app.log", "--top", "zero"]);
    expect(top.code).toBe(2);
    expect(top.stderr).toContain('--top expects a positive whole number, got "zero"');
    const both = await runInProcess(["templates", "app.log", "--json", "--top", "3"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--top limits the table");
    const folder = await runInProcess(["templates", "."]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain("is a folder; give one evidence file");
    const fmt = await runInProcess(["templates", "app.log", "--format", "no-such-format"]);
    expect(fmt.code).toBe(2);
    expect(fmt.stderr).toContain('unknown --format "no-such-format"');
  });

  it("exits 1 when the file holds no events to mine, and leaves the file alone", async () => {
    const empty = join(dir, "empty.log");
    writeFileSync(empty, "");
    const r = await runInProcess(["templates", "empty.log"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("no events to mine");
    expect(readFileSync(empty, "utf8")).toBe("");
  });

  it("has help with an example", async () => {
    const r = await runInProcess(["templates", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Examples:");
    expect(r.stdout).toContain("$ debrief templates");
    expect(r.stdout).toContain("--json");
  });
});

describe("debrief templates (built binary)", () => {
  it.runIf(canRunLoghub("1 test of templates.e2e (a real OpenSSH log end to end)"))(
    "mines a real Loghub log end to end",
    () => {
      const r = spawnSync(process.execPath, [bin, "templates", openssh, "--json"], {
        cwd: root,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
      });
      expect(r.status).toBe(0);
      const rows = r.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { line: number; template: string; templateId: string });
      expect(rows).toHaveLength(2000);
      const templates = new Set(rows.map((x) => x.template));
      expect(templates.size).toBeGreaterThanOrEqual(20);
      expect(templates.size).toBeLessThanOrEqual(40);
      expect(templates).toContain("Failed password for <*> from <*> port <*> ssh2");
      for (const row of rows) expect(row.templateId).toBe(templateIdOf(row.template));
    },
  );
});
