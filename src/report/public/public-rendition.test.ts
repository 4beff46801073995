import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatRemovalDiff, publicSource, redactionsOf } from "./public-rendition.js";

const DOC = `---
id: inc-1
title: Checkout errors
severity: SEV2
authors: [Priya Raman]
reviewers:
  - Tomás Ortega
---
# Checkout errors

## Summary

Checkout failed for 12 minutes. <!-- internal -->Customer ACME-991 escalated.<!-- /internal --> We fixed it.

<!-- internal -->
The on-call runbook link was stale: https://wiki.internal/runbooks/42

| host | note |
| --- | --- |
| db-7 | saturated |
<!-- /internal -->

## Security review <!-- internal -->

The token was rotated by the platform team.

### Details

Rotation ticket SEC-1234.

## Action Items

| ID | Action |
| --- | --- |
| AI-001 | Raise the pool |

\`\`\`
<!-- internal -->
a fence shows the marker as code; it is not a marking
\`\`\`

## Appendix

Log excerpt from db-7.
`;

describe("publicSource", () => {
  const pub = publicSource(DOC, "postmortem.md");

  it("leaves out internal blocks, inline spans, sections with their subsections, the appendix and staff names", () => {
    for (const gone of [
      "ACME-991",
      "wiki.internal",
      "db-7",
      "Security review",
      "platform team",
      "SEC-1234",
      "Priya Raman",
      "Tomás Ortega",
      "Log excerpt",
    ]) {
      expect(pub.source).not.toContain(gone);
    }
    for (const kept of [
      "Checkout failed for 12 minutes.",
      "We fixed it.",
      "## Action Items",
      "AI-001",
      "title: Checkout errors",
    ]) {
      expect(pub.source).toContain(kept);
    }
    expect(pub.source).toContain("a fence shows the marker as code");
    expect(pub.removed.map((r) => r.reason).sort()).toEqual([
      "appendix",
      "internal-block",
      "internal-inline",
      "internal-section",
      "staff-names",
      "staff-names",
    ]);
    expect(pub.removed.find((r) => r.reason === "internal-block")?.line).toBe(15);
  });

  it("names the line of an unclosed block and of a stray closing marker", () => {
    expect(() => publicSource("# T\n\n<!-- internal -->\nsecret plans\n", "pm.md")).toThrowError(
      expect.objectContaining({ code: "INPUT_INVALID", location: { path: "pm.md", line: 3 } }),
    );
    expect(() => publicSource("# T\n\ntext\n<!-- /internal -->\n", "pm.md")).toThrowError(
      expect.objectContaining({ code: "INPUT_INVALID", location: { path: "pm.md", line: 4 } }),
    );
  });

  it("lists what redaction masks and formats a diff of it all", () => {
    const masks = redactionsOf("ask ops@example.com\nfrom 10.1.2.3\nclean");
    expect(masks.map((m) => [m.line, m.reason])).toEqual([
      [1, "email"],
      [2, "ipv4"],
    ]);
    const diff = formatRemovalDiff([...pub.removed, ...masks], "postmortem.md");
    expect(diff).toContain("- Customer ACME-991 escalated.");
    expect(diff).toContain("+ ask [REDACTED:email]");
  });

  it("property: a planted internal string never reaches the public source, whatever surrounds it", () => {
    const word = fc.stringMatching(/^[A-Za-z0-9 .,]{1,30}$/);
    fc.assert(
      fc.property(word, word, fc.constantFrom("block", "inline", "section"), (before, after, how) => {
        const secret = "PLANTED-7f3a";
        const body =
          how === "block"
            ? `${before}\n\n<!-- internal -->\n${secret}\n<!-- /internal -->\n\n${after}`
            : how === "inline"
              ? `${before} <!-- internal -->${secret}<!-- /internal --> ${after}`
              : `${before}\n\n## Notes <!-- internal -->\n\n${secret}\n\n## Lessons Learned\n\n${after}`;
        const out = publicSource(`# T\n\n## Summary\n\n${body}\n`, "pm.md").source;
        expect(out).not.toContain(secret);
      }),
    );
  });
});
