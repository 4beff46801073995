import { describe, expect, it } from "vitest";
import { parsePostmortem } from "../parse-postmortem.js";
import { SECTION_READERS } from "./index.js";

const DOC = `---
id: inc-1
title: Test
severity: SEV2
---
# Test

## Summary

Checkout failed.

## Impact

| Metric | Value |
| --- | --- |
| Duration | 12 min |

## Timeline

| Time | Event |
| --- | --- |
| 10:00Z | deploy |

## Contributing Factors

- A pool was too small.

## Five Whys

1. Why did it fail? Because the pool was full.

## What Went Well

- Paging worked.

## Action Items

| ID | Action | Owner |
| --- | --- | --- |
| AI-001 | Raise the pool | @a |
`;

describe("section reader registry", () => {
  it("has one reader per section key", () => {
    const keys = SECTION_READERS.map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("each reader fills its part of the model from a minimal section", () => {
    const pm = parsePostmortem(DOC, "inc-1/postmortem.md").postmortem;
    expect(pm.summary).toBe("Checkout failed.");
    expect(pm.impact).toEqual({ duration: "12 min" });
    expect(pm.timeline.map((t) => [t.time, t.event])).toEqual([["10:00Z", "deploy"]]);
    expect(pm.factors.map((f) => [f.level, f.category, f.text])).toEqual([
      ["contributing", "capacity", "A pool was too small."],
    ]);
    expect(pm.whys.steps.map((s) => [s.why, s.because])).toEqual([["Why did it fail?", "the pool was full."]]);
    expect(pm.whatWentWell).toEqual(["Paging worked."]);
    expect(pm.actionItems.map((a) => [a.id, a.action, a.owner])).toEqual([["AI-001", "Raise the pool", "@a"]]);
  });

  it("a registry without a reader keeps that section as text only, and reports no problem for it", () => {
    const readers = SECTION_READERS.filter((r) => r.key !== "actionItems");
    const parsed = parsePostmortem(DOC, "inc-1/postmortem.md", readers);
    expect(parsed.postmortem.actionItems).toEqual([]);
    expect(parsed.postmortem.sections.find((s) => s.key === "actionItems")?.markdown).toContain("Raise the pool");
    expect(parsed.postmortem.summary).toBe("Checkout failed.");
  });

  it("an empty registry reads nothing but the front matter and the section list", () => {
    const parsed = parsePostmortem(DOC, "inc-1/postmortem.md", []);
    expect(parsed.postmortem.frontMatter.id).toBe("inc-1");
    expect(parsed.postmortem.sections).toHaveLength(7);
    expect(parsed.postmortem.summary).toBeNull();
  });
});
