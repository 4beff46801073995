import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../src/cli/commands/index.js";
import { main } from "../src/cli/main.js";

const root = join(import.meta.dirname, "..");
const bin = join(root, "bin", "debrief.js");

function run(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...env },
  });
}

async function runInProcess(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(["node", "debrief", ...args], {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { code, stdout, stderr };
}

describe("debrief CLI (built binary)", () => {
  it("prints the package version", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
    const r = run(["--version"]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it("lists every registered command with a one-line description in --help", () => {
    const r = run(["--help"]);
    expect(r.status).toBe(0);
    expect(COMMANDS.length).toBeGreaterThan(0);
    for (const command of COMMANDS) {
      expect(command.summary.length).toBeGreaterThan(10);
      expect(command.summary).not.toContain("\n");
      expect(r.stdout).toMatch(new RegExp(`^\\s+${command.name}\\b`, "m"));
    }
  });

  it("exits 2 with a one-line message and no stack trace for an unknown command", () => {
    const r = run(["frobnicate"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown command/);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
    expect(r.stdout).toBe("");
  });

  it("exits 2 for an unknown flag", () => {
    const r = run(["--no-such-flag"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown option/);
  });
});

describe("every command documents itself", () => {
  for (const command of COMMANDS) {
    it(`${command.name} --help lists its flags and an example`, async () => {
      const r = await runInProcess([command.name, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: debrief ${command.name}`);
      expect(r.stdout).toMatch(/Examples?:\n\s+\$ debrief /);
      // every option line carries a description, not just the flag
      const optionLines = r.stdout.split("\n").filter((l) => /^\s{2}-/.test(l) && !/^\s{2}-h, --help/.test(l));
      for (const line of optionLines) expect(line.trim()).toMatch(/^\S.*\s{2,}\S/);
    });
  }
});

describe("pipes", () => {
  it("stops quietly when the reader closes the pipe early", async () => {
    const { spawn } = await import("node:child_process");
    const child = spawn(
      "sh",
      [
        "-c",
        `"${process.execPath}" "${bin}" templates examples/incidents/api-degradation/evidence/orders-api.jsonl --json | head -1`,
      ],
      { cwd: root },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    const code = await new Promise<number | null>((done) => child.on("close", done));
    expect(code).toBe(0);
    expect(stdout.trim().split("\n")).toHaveLength(1);
    expect(stderr).not.toMatch(/EPIPE|Error:/);
  });
});
