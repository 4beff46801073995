import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePostmortem } from "./parse-postmortem.js";
import { replaceSectionBody, sectionRange, setFrontMatter, writePostmortem } from "./write-postmortem.js";

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "fixtures", name), "utf8");
const FIXTURES = ["standard.md", "google-style.md", "pagerduty-style-crlf.md", "messy.md"];

/** The part of `after` that differs from `before`: common prefix and suffix lengths. */
function diffSpan(before: string, after: string): { prefix: number; suffix: number } {
  let prefix = 0;
  while (prefix < before.length && prefix < after.length && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < before.length - prefix &&
    suffix < after.length - prefix &&
    before[before.length - 1 - suffix] === after[after.length - 1 - suffix]
  ) {
    suffix++;
  }
  return { prefix, suffix };
}

describe("writePostmortem round trip", () => {
  for (const name of FIXTURES) {
    it(`reproduces ${name} byte for byte`, () => {
      const source = fixture(name);
      expect(writePostmortem(parsePostmortem(source, name))).toBe(source);
    });
  }

  it("changes only the edited section's bytes", () => {
    const source = fixture("standard.md");
    const parsed = parsePostmortem(source, "standard.md");
    const section = parsed.postmortem.sections.find((s) => s.key === "whatWentWrong");
    if (!section) throw new Error("fixture has no What Went Wrong");
    const range = sectionRange(parsed, section);
    section.markdown = "\n- Nothing alerted on pool saturation.\n- The runbook linked to a retired dashboard.\n\n";
    const out = writePostmortem(parsed);
    expect(out.slice(0, range.bodyStart)).toBe(source.slice(0, range.bodyStart));
    expect(out.slice(out.length - (source.length - range.end))).toBe(source.slice(range.end));
    const again = parsePostmortem(out, "standard.md").postmortem;
    expect(again.whatWentWrong).toEqual([
      "Nothing alerted on pool saturation.",
      "The runbook linked to a retired dashboard.",
    ]);
    expect(again.actionItems).toEqual(
      parsePostmortem(source, "standard.md").postmortem.actionItems.map((a) => ({
        ...a,
        position: expect.anything(),
      })),
    );
  });

  it("keeps CRLF when replacing a section body in a CRLF file", () => {
    const source = fixture("pagerduty-style-crlf.md");
    const parsed = parsePostmortem(source, "pd.md");
    const out = replaceSectionBody(parsed, "lessonsLearned", "\nClients need failover tests too.\n");
    expect(out).toContain("Lessons learned\r\n---------------\r\n\r\nClients need failover tests too.\r\n");
    expect(out.replace(/\r\n/g, "")).not.toContain("\n");
    const { prefix } = diffSpan(source, out);
    expect(prefix).toBeGreaterThan(source.indexOf("Lessons learned"));
  });

  it("rewrites a changed heading and leaves its body alone", () => {
    const source = fixture("messy.md");
    const parsed = parsePostmortem(source, "messy.md");
    const notes = parsed.postmortem.sections.find((s) => s.heading === "Random notes");
    if (!notes) throw new Error("fixture changed");
    notes.heading = "Resolution";
    const out = writePostmortem(parsed);
    expect(out).toBe(source.replace("## Random notes\n", "## Resolution\n"));
  });

  it("updates changed front-matter values in place, keeping comments and unknown keys", () => {
    const source = fixture("standard.md");
    const parsed = parsePostmortem(source, "standard.md");
    parsed.postmortem.frontMatter.status = "published";
    parsed.postmortem.frontMatter.distributedAt = "2025-02-10T09:00:00Z";
    const out = writePostmortem(parsed);
    expect(out).toBe(
      source
        .replace("status: in-review\n", "status: published\n")
        .replace("distributedAt:\n", "distributedAt: 2025-02-10T09:00:00Z\n"),
    );
  });

  it("fills nested and missing front-matter keys without touching other lines", () => {
    const source = "---\r\nid: x # keep me\r\nwindow:\r\n  start: 2025-01-01T00:00:00Z\r\n---\r\nbody\r\n";
    const out = setFrontMatter(parsePostmortem(source, "x.md"), [
      { path: ["window", "end"], value: "2025-01-01T01:00:00Z" },
      { path: ["services"], value: ["api", "db"] },
    ]);
    expect(out).toBe(
      "---\r\nid: x # keep me\r\nwindow:\r\n  start: 2025-01-01T00:00:00Z\r\n  end: 2025-01-01T01:00:00Z\r\nservices: [api, db]\r\n---\r\nbody\r\n",
    );
  });

  it("adds front matter to a file that has none, at the top only", () => {
    const source = fixture("google-style.md");
    const out = setFrontMatter(parsePostmortem(source, "g.md"), [{ path: ["severity"], value: "SEV1" }]);
    expect(out).toBe(`---\nseverity: SEV1\n---\n\n${source}`);
    expect(parsePostmortem(out ?? "", "g.md").postmortem.frontMatter.severity).toBe("SEV1");
  });

  it("refuses to touch invalid front matter", () => {
    const source = "---\nid: [\n---\n";
    expect(setFrontMatter(parsePostmortem(source, "x.md"), [{ path: ["id"], value: "y" }])).toBeNull();
  });

  it("round-trips when random human text sits between sections, and a section edit keeps it", () => {
    const base = fixture("standard.md");
    const parsed = parsePostmortem(base, "standard.md");
    const cuts = parsed.postmortem.sections.map((s) => sectionRange(parsed, s).start);
    const human = fc.string({
      unit: fc.constantFrom(
        ..."ab cd\n\r\t|*_`<>!-#1.é🚑\\".split(""),
        "<!-- note -->",
        "\n\n",
        "- item\n",
        "| x | y |\n",
      ),
      maxLength: 80,
    });
    fc.assert(
      fc.property(fc.array(human, { minLength: cuts.length, maxLength: cuts.length }), (texts) => {
        let doc = "";
        let prev = 0;
        cuts.forEach((cut, i) => {
          // keep every section heading at the start of a line
          doc += `${base.slice(prev, cut)}${texts[i] ?? ""}\n\n`;
          prev = cut;
        });
        doc += base.slice(prev);
        const p = parsePostmortem(doc, "doc.md");
        expect(writePostmortem(p)).toBe(doc);
        const appendix = p.postmortem.sections.find((s) => s.key === "appendix");
        if (!appendix) return;
        const range = sectionRange(p, appendix);
        const edited = replaceSectionBody(p, "appendix", "\nReplaced.\n");
        expect(edited.slice(0, range.bodyStart)).toBe(doc.slice(0, range.bodyStart));
        expect(edited.slice(range.bodyStart)).toBe(`\nReplaced.\n${doc.slice(range.end)}`);
      }),
      { numRuns: 60 },
    );
  });
});
