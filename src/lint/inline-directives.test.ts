import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePostmortem } from "../postmortem/index.js";
import { lintPostmortem } from "./lint-postmortem.js";

const GOOD = readFileSync(new URL("./fixtures/good.md", import.meta.url), "utf8");

function blame(prefix: string): string[] {
  const md = GOOD.replace("## Summary\n\n", `## Summary\n\n${prefix}`);
  const lines = md.split("\n");
  // report each finding as "<the text of its line> <rule>" so the tests read without line arithmetic
  return lintPostmortem(parsePostmortem(md, "pm.md"))
    .filter((f) => f.rule.startsWith("blameless/"))
    .map((f) => `${lines[f.line - 1]} ${f.rule}`);
}

describe("inline directives", () => {
  it("disable-next-line silences only the next line and only the named rule", () => {
    expect(
      blame(
        "<!-- debrief-disable-next-line blameless/person-as-cause -->\nBob broke production.\n\nBob broke production again.\n\n",
      ),
    ).toEqual(["Bob broke production again. blameless/person-as-cause"]);
    expect(blame("<!-- debrief-disable-next-line blameless/judgmental -->\nBob broke production.\n\n")).toEqual([
      "Bob broke production. blameless/person-as-cause",
    ]);
  });
  it("disable applies to the rest of the file until enable", () => {
    const text = [
      "<!-- debrief-disable blameless/* -->",
      "",
      "Bob broke production.",
      "",
      "<!-- debrief-enable blameless/person-as-cause -->",
      "",
      "Bob broke production. The rollout was careless.",
      "",
      "",
    ].join("\n");
    expect(blame(text)).toEqual(["Bob broke production. The rollout was careless. blameless/person-as-cause"]);
  });
  it("a bare disable switches every rule off for the rest of the file", () => {
    const md = GOOD.replace("## Impact\n", "<!-- debrief-disable -->\n\n## Effects\n");
    expect(lintPostmortem(parsePostmortem(md, "pm.md"))).toEqual([]);
  });
  it("ignores directives shown inside code blocks", () => {
    expect(blame("```\n<!-- debrief-disable -->\n```\n\nBob broke production.\n\n")).toEqual([
      "Bob broke production. blameless/person-as-cause",
    ]);
  });
});
