import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// Runs the built binary (`npm run build` first, as `npm test` does) the way CI would.
const root = join(import.meta.dirname, "..");
const bin = join(root, "bin", "debrief.js");
const postmortems = join("bench", "lint-eval", "postmortems");

function lint(...args: string[]) {
  return spawnSync(process.execPath, [bin, "lint", ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
}

describe("debrief lint (built binary)", () => {
  it("exits 0 on a clean post-mortem", () => {
    const r = lint(join(postmortems, "search-cascading-failure.md"));
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("0 errors, 0 warnings, 0 infos in 1 file\n");
  });

  it("exits 1 and writes valid SARIF for a post-mortem with errors", () => {
    const r = lint(join(postmortems, "api-certificate-expiry.md"), "--format", "sarif");
    expect(r.status).toBe(1);
    const sarif = JSON.parse(r.stdout);
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].tool.driver.name).toBe("debrief");
    expect(sarif.runs[0].results.some((x: { ruleId: string }) => x.ruleId === "five-whys/ends-at-person")).toBe(true);
  });

  it("exits 2 with a one-line message for a missing file", () => {
    const r = lint("does-not-exist.md");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("debrief: does-not-exist.md: no such file or directory\n");
    expect(r.stdout).toBe("");
  });
});
