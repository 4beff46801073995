import { describe, expect, it } from "vitest";
import type { LintResult } from "../lint-files.js";
import { LINT_RULES } from "../rules/index.js";
import { findFormatter, jsonFormatter, SARIF_SCHEMA, sarifFormatter, textFormatter } from "./index.js";

const RESULT: LintResult = {
  files: [
    { file: "pm/a.md", configPath: undefined, findings: [] },
    { file: "pm/b.md", configPath: undefined, findings: [] },
  ],
  findings: [
    {
      file: "pm/a.md",
      line: 12,
      column: 5,
      endLine: 12,
      endColumn: 10,
      rule: "blameless/person-as-cause",
      severity: "error",
      message: '"broke" names a person as the cause of the failure',
      hint: "Name the system condition instead.",
    },
    {
      file: "pm/b.md",
      line: 3,
      column: 1,
      endLine: 3,
      endColumn: 1,
      rule: "action-items/specific",
      severity: "info",
      message: "AI-001 is vague",
      hint: "Name a deliverable.",
    },
  ],
  errorCount: 1,
  warningCount: 0,
  infoCount: 1,
};

describe("text formatter", () => {
  it("prints compiler-style lines, indented hints and a summary", () => {
    expect(textFormatter.format(RESULT, LINT_RULES)).toBe(
      [
        'pm/a.md:12:5 error blameless/person-as-cause "broke" names a person as the cause of the failure',
        "    Name the system condition instead.",
        "pm/b.md:3:1 info action-items/specific AI-001 is vague",
        "    Name a deliverable.",
        "1 error, 0 warnings, 1 info in 2 files",
        "",
      ].join("\n"),
    );
  });
  it("colours severities only when asked", () => {
    expect(textFormatter.format(RESULT, LINT_RULES, { color: true })).toContain("\u001b[31merror\u001b[39m");
  });
});

describe("json formatter", () => {
  it("prints an array of findings with exactly the documented keys", () => {
    const rows = JSON.parse(jsonFormatter.format(RESULT, LINT_RULES)) as Record<string, unknown>[];
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(
        ["column", "endColumn", "endLine", "file", "hint", "line", "message", "rule", "severity"].sort(),
      );
    }
    expect(rows[0]).toMatchObject({ file: "pm/a.md", line: 12, column: 5, rule: "blameless/person-as-cause" });
  });
  it("prints [] when there is nothing to report", () => {
    expect(JSON.parse(jsonFormatter.format({ ...RESULT, findings: [] }, LINT_RULES))).toEqual([]);
  });
});

describe("sarif formatter", () => {
  const sarif = JSON.parse(sarifFormatter.format(RESULT, LINT_RULES, { toolVersion: "1.2.3" }));
  it("is SARIF 2.1.0 with the schema and one run by debrief", () => {
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.$schema).toBe(SARIF_SCHEMA);
    expect(sarif.runs).toHaveLength(1);
    expect(sarif.runs[0].tool.driver.name).toBe("debrief");
    expect(sarif.runs[0].tool.driver.version).toBe("1.2.3");
  });
  it("describes every rule with id, shortDescription and help", () => {
    const rules = sarif.runs[0].tool.driver.rules as {
      id: string;
      shortDescription: { text: string };
      help: { text: string };
    }[];
    expect(rules.map((r) => r.id)).toEqual(LINT_RULES.map((r) => r.id));
    for (const r of rules) {
      expect(r.shortDescription.text.length).toBeGreaterThan(0);
      expect(r.help.text.length).toBeGreaterThan(0);
    }
  });
  it("maps findings to results with level, message and a physical location", () => {
    const results = sarif.runs[0].results;
    expect(results.map((r: { level: string }) => r.level)).toEqual(["error", "note"]);
    const first = results[0];
    expect(first.ruleId).toBe("blameless/person-as-cause");
    expect(LINT_RULES[first.ruleIndex]?.id).toBe(first.ruleId);
    expect(first.message.text).toContain("names a person");
    expect(first.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: "pm/a.md" },
      region: { startLine: 12, startColumn: 5, endLine: 12, endColumn: 10 },
    });
    // a zero-width document-level finding still gets a valid, non-empty region
    expect(results[1].locations[0].physicalLocation.region.endColumn).toBeGreaterThan(
      results[1].locations[0].physicalLocation.region.startColumn,
    );
  });
});

describe("registry", () => {
  it("finds formatters by name", () => {
    expect(findFormatter("sarif")).toBe(sarifFormatter);
    expect(findFormatter("xml")).toBeUndefined();
  });
});
