import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PROMTOOL_BIN, prometheusAvailable } from "./support/prometheus-server.js";
import { runCli } from "./support/run-cli.js";
import { canRun } from "./support/skip-reason.js";

const available = canRun("the debrief suggest tests that run promtool", "promtool", prometheusAvailable());
const EXAMPLE = join(import.meta.dirname, "..", "examples", "incidents", "api-degradation");
const tmp = mkdtempSync(join(tmpdir(), "debrief-suggest-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("debrief suggest", () => {
  it("refuses an unknown kind and a missing folder with exit 2", async () => {
    const bad = await runCli(["suggest", "dashboards", EXAMPLE]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('expects alerts or runbooks, got "dashboards"');
    const missing = await runCli(["suggest", "alerts", join(tmp, "nope")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("incident folder not found");
    const slo = await runCli(["suggest", "alerts", EXAMPLE, "--slo", "abc"]);
    expect(slo.code).toBe(2);
  });

  it("creates a missing output folder, and names an output path under a file instead of failing inside", async () => {
    const nested = join(tmp, "new", "deeper", "runbooks");
    const made = await runCli(["suggest", "runbooks", EXAMPLE, "--out", nested, "--no-backtest"]);
    expect(made.code).toBe(0);
    expect(readdirSync(nested).length).toBeGreaterThan(0);
    const blocker = join(tmp, "a-file");
    writeFileSync(blocker, "x");
    const under = await runCli(["suggest", "runbooks", EXAMPLE, "--out", join(blocker, "runbooks"), "--no-backtest"]);
    expect(under.code).toBe(2);
    expect(under.stderr).toContain("cannot create the folder");
    expect(under.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(readFileSync(blocker, "utf8")).toBe("x");
  });

  it.skipIf(!available)(
    "writes a rule file promtool accepts, and the backtest on stderr",
    async () => {
      const out = join(tmp, "alerts.yml");
      const r = await runCli(["suggest", "alerts", EXAMPLE, "--out", out, "--slo", "99.9"]);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(
        /backtest: OrdersApiErrorRatioHigh would have fired at 10:0\d:\d\d, \d+ s before HighErrorRate/,
      );
      expect(r.stdout).toContain("## Prevention (suggested");
      const check = execFileSync(PROMTOOL_BIN, ["check", "rules", out], { encoding: "utf8" });
      expect(check).toContain("SUCCESS");
      expect(readFileSync(out, "utf8")).toContain("alert: OrdersApiErrorBudgetBurn1h");
    },
    120_000,
  );

  it.skipIf(!available)(
    "writes runbook stubs and keeps a runbook a person wrote",
    async () => {
      const dir = join(tmp, "runbooks");
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "orders-api-error-ratio-high.md"), "# Our own runbook\n");
      const r = await runCli(["suggest", "runbooks", EXAMPLE, "--out", dir, "--no-backtest"]);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain("was not written by Debrief: kept");
      expect(readFileSync(join(dir, "orders-api-error-ratio-high.md"), "utf8")).toBe("# Our own runbook\n");
      const files = readdirSync(dir).sort();
      expect(files).toContain("orders-api-db-pool-near-limit.md");
      expect(files.some((f) => f.startsWith("mitigation-"))).toBe(true);
      const stub = readFileSync(join(dir, "orders-api-db-pool-near-limit.md"), "utf8");
      for (const h of ["## Symptoms", "## Dashboards and queries", "## Diagnosis", "## Mitigation", "## Escalation"]) {
        expect(stub).toContain(h);
      }
      expect(stub).toContain("kubectl -n shop rollout restart deploy/orders-api");
    },
    120_000,
  );
});
