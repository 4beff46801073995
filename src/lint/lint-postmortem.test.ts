import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePostmortem } from "../postmortem/index.js";
import { lintPostmortem } from "./lint-postmortem.js";
import { LINT_SEVERITIES } from "./lint-types.js";

const GOOD = readFileSync(new URL("./fixtures/good.md", import.meta.url), "utf8");

const fragment = fc.constantFrom(
  "---\nid: x\nseverity: SEV9\nstatus: published\nresolvedAt: 2025-02-30\n---\n",
  "# Title\n",
  "## Summary\n",
  "## Timeline\n",
  "## Action Items\n",
  "## Five Whys\n",
  "## Contributing Factors\n",
  "### Systemic Issues\n",
  "| Time | Event |\n|---|---|\n| 25:99 | x |\n| 10:00 | Bob broke it |\n",
  "| ID | Action | Owner | Deadline |\n|---|---|---|---|\n| AI-1 | Improve monitoring | | Q3 |\n",
  "1. **Why** did it fail? **Because** human error.\n",
  "- Alice's mistake caused the outage.\n",
  "<!-- debrief-disable blameless/* -->\n",
  "<!-- debrief-disable-next-line -->\n",
  "```\ncode\n```\n",
  "> quote: avoid careless\n",
  "Text with `inline` and **strong** and [link](x).\n",
  "\n",
  "\r\n",
  "\uFEFF",
  "😀 ünïcödé",
);

describe("lintPostmortem on arbitrary Markdown (property)", () => {
  it("never throws and keeps every finding inside the document", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fragment, fc.string({ maxLength: 80 })), { maxLength: 25 }).map((parts) => parts.join("")),
        (md) => {
          const findings = lintPostmortem(parsePostmortem(md, "x.md"));
          const lines = md.split(/\r\n|\r|\n/);
          for (const f of findings) {
            expect(f.line).toBeGreaterThanOrEqual(1);
            expect(f.line).toBeLessThanOrEqual(lines.length);
            expect(f.endLine).toBeGreaterThanOrEqual(f.line);
            expect(f.endLine).toBeLessThanOrEqual(lines.length);
            expect(f.column).toBeGreaterThanOrEqual(1);
            expect(f.column).toBeLessThanOrEqual((lines[f.line - 1]?.length ?? 0) + 1);
            expect(LINT_SEVERITIES).toContain(f.severity);
            expect(f.message.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("is deterministic and sorted by position", () => {
    const md = GOOD.replace("## Summary\n\n", "## Summary\n\nBob broke it. Engineers must be more careful.\n\n");
    const a = lintPostmortem(parsePostmortem(md, "pm.md"));
    const b = lintPostmortem(parsePostmortem(md, "pm.md"));
    expect(a).toEqual(b);
    const keys = a.map((f) => f.line * 1e4 + f.column);
    expect([...keys].sort((x, y) => x - y)).toEqual(keys);
  });

  it("accepts a plain config object and rejects an invalid one", () => {
    const parsed = parsePostmortem(GOOD.replace("## Impact\n", "## Effects\n"), "pm.md");
    expect(lintPostmortem(parsed, { rules: { "structure/required-sections": "info" } })[0]?.severity).toBe("info");
    expect(() => lintPostmortem(parsed, { rules: { "no/such": "error" } })).toThrow(/unknown rule/);
  });
});
