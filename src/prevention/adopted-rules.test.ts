import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findRenderer } from "../report/renderers.js";
import { loadReportInput } from "../report/report-input.js";
import { adoptedRulesMarkdown } from "./adopted-rules.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function incident(rules: string | null, body = "## Summary\n\nCheckout failed.\n"): string {
  const dir = mkdtempSync(join(tmpdir(), "debrief-adopted-"));
  dirs.push(dir);
  writeFileSync(
    join(dir, "postmortem.md"),
    `---\nid: INC-1\ntitle: Checkout errors\nseverity: SEV2\n---\n\n# INC-1\n\n${body}`,
  );
  if (rules !== null) {
    mkdirSync(join(dir, "prevention", "runbooks"), { recursive: true });
    writeFileSync(join(dir, "prevention", "alerts.yml"), rules);
    writeFileSync(join(dir, "prevention", "runbooks", "err-high.md"), "# ErrHigh\n");
  }
  return dir;
}

const RULES = `# backtest: ErrHigh would have fired at 10:06:15, 30 s before HighErrorRate; baseline: 0 false alarm(s) in 0.5 h = 0/week
groups:
  - name: g
    rules:
      - alert: ErrHigh
        expr: 'sum(rate(x{code=~"5.."}[1m])) / sum(rate(x[1m])) > 0.026'
        for: 30s
        labels: {severity: critical}
        annotations: {runbook_url: runbooks/err-high.md}
`;

describe("the report's Prevention section", () => {
  it("lists the adopted rules, their backtest and the runbooks", () => {
    const md = adoptedRulesMarkdown(incident(RULES));
    expect(md).toContain('| ErrHigh | critical | `sum(rate(x{code=~"5.."}[1m])) / sum(rate(x[1m])) > 0.026` for 30s |');
    expect(md).toContain("- ErrHigh would have fired at 10:06:15, 30 s before HighErrorRate");
    expect(md).toContain("[err-high.md](prevention/runbooks/err-high.md)");
  });

  it("is absent without a rule file, and a note for a broken one", () => {
    expect(adoptedRulesMarkdown(incident(null))).toBeNull();
    expect(adoptedRulesMarkdown(incident("groups: [oops"))).toContain("is not valid YAML");
    expect(adoptedRulesMarkdown(incident("just: text\n"))).toContain("No alerting rule");
  });

  it("appears in the HTML and Markdown reports, not twice when the document has its own", async () => {
    const dir = incident(RULES);
    const input = await loadReportInput(join(dir, "postmortem.md"));
    const html = String((await findRenderer("html")!.render(input, {})).content);
    expect(html).toContain('data-section="prevention"');
    expect(html).toContain("ErrHigh");
    const md = String((await findRenderer("md")!.render(input, {})).content);
    expect(md).toContain("## Prevention");
    const own = incident(RULES, "## Prevention\n\nOur own words.\n");
    const input2 = await loadReportInput(join(own, "postmortem.md"));
    const md2 = String((await findRenderer("md")!.render(input2, {})).content);
    expect(md2.match(/## Prevention/g)).toHaveLength(1);
  });
});
