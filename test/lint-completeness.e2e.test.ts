import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/run-cli.js";

// Issue 17, "the document's own completeness": `debrief init` + `debrief draft` on the example incident, then
// `debrief lint` on what a team would get before anyone has written a word, and on the same document with each gap
// a reviewer must catch (Root Cause "none found", a Five Whys chain ending at a person, a late review meeting, a
// sign-off row without an approver).
const example = join(import.meta.dirname, "..", "examples", "incidents", "api-degradation");
let dir = "";
let drafted = "";

interface Finding {
  rule: string;
  severity: string;
  message: string;
  line: number;
}

async function lint(markdown: string): Promise<Finding[]> {
  const file = join(dir, "edited.md");
  writeFileSync(file, markdown);
  const r = await runCli(["lint", "--format", "json", file], { cwd: dir });
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Finding[];
}

/** The document with one section's body replaced (up to the next `## ` heading). */
function withSection(markdown: string, heading: string, body: string): string {
  const re = new RegExp(`(## ${heading}\\n)[\\s\\S]*?(?=\\n## )`);
  expect(re.test(markdown), heading).toBe(true);
  return markdown.replace(re, `$1\n${body}\n`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "debrief-completeness-"));
  cpSync(example, dir, { recursive: true });
  const init = await runCli(
    ["init", dir, "--title", "API degradation", "--start", "2025-02-09T10:00:00Z", "--severity", "SEV2"],
    {},
  );
  expect(init.code, init.stderr).toBeLessThanOrEqual(1);
  const draft = await runCli(["draft", dir]);
  expect(draft.code, draft.stderr).toBe(0);
  drafted = readFileSync(join(dir, "postmortem.md"), "utf8");
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("debrief lint on a freshly drafted post-mortem", () => {
  it("reports each required section that holds only Debrief's suggestions", async () => {
    const findings = await lint(drafted);
    const only = findings.filter((f) => f.rule === "structure/only-suggestions").map((f) => f.message);
    expect(only).toEqual(
      expect.arrayContaining([
        `section "Summary" holds only Debrief's suggestions`,
        `section "Root Cause" holds only Debrief's suggestions`,
        `section "What Went Wrong" holds only Debrief's suggestions`,
        "Immediate Cause holds only Debrief's suggestions",
      ]),
    );
    for (const f of findings.filter((x) => x.rule === "structure/only-suggestions")) expect(f.severity).toBe("error");
    // every factor the draft suggested is still marked so
    expect(findings.filter((f) => f.rule === "factors/suggested").length).toBeGreaterThan(0);
  });

  it("stops reporting a section once a person writes it, even beside the kept suggestions", async () => {
    const written = drafted.replace(
      /(## Root Cause\n)/,
      "$1\nThe v2.3.0 deploy opened a connection per open-orders lookup; the pool of 20 ran out under normal load.\n",
    );
    const only = (await lint(written)).filter((f) => f.rule === "structure/only-suggestions").map((f) => f.message);
    expect(only).not.toContain(`section "Root Cause" holds only Debrief's suggestions`);
    expect(only).toContain(`section "Summary" holds only Debrief's suggestions`);
  });

  it("reports an empty Summary and a Root Cause of 'none found'", async () => {
    let md = withSection(drafted, "Summary", "<!-- to be written -->\n");
    md = withSection(md, "Root Cause", "None found.\n");
    const findings = await lint(md);
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: "structure/required-sections", message: `section "Summary" is empty` }),
        expect.objectContaining({ rule: "structure/only-suggestions", message: `Root Cause says "None found."` }),
      ]),
    );
  });

  it("reports a Five Whys chain whose last answer is a person", async () => {
    const md = withSection(
      drafted,
      "Five Whys",
      [
        "1. **Why** did checkout fail? **Because** orders-api ran out of database connections.",
        "2. **Why** did it run out? **Because** v2.3.0 opened a connection per lookup.",
        "3. **Why** did v2.3.0 do that? **Because** Kenji forgot to reuse the pool.",
      ].join("\n"),
    );
    const ends = (await lint(md)).filter((f) => f.rule === "five-whys/ends-at-person");
    expect(ends).toHaveLength(1);
    expect(ends[0]?.message).toMatch(/ends at a person: "Kenji forgot to reuse the pool\."/);
  });

  it("reports a review meeting more than 3 days after resolution, and none on a published report", async () => {
    const late = drafted.replace(/^resolvedAt: .*$/m, "$&\nreviewMeeting: 2025-02-14T15:00:00Z");
    expect((await lint(late)).find((f) => f.rule === "follow-through/review-meeting")?.message).toBe(
      "review meeting is 5.2 days after resolution (limit 3)",
    );
    const published = drafted.replace(/^status: draft$/m, "status: published");
    expect((await lint(published)).find((f) => f.rule === "follow-through/review-meeting")?.message).toBe(
      "no review meeting scheduled",
    );
    const bad = drafted.replace(/^resolvedAt: .*$/m, "$&\nreviewMeeting: next Tuesday");
    expect((await lint(bad)).find((f) => f.rule === "follow-through/review-meeting")?.message).toBe(
      `reviewMeeting "next Tuesday" is not an ISO date or time`,
    );
  });

  it("reports a sign-off table without an approver", async () => {
    const md = `${drafted}\n## Sign-off\n\n| Approver | Date |\n|---|---|\n| TBD | |\n`;
    expect((await lint(md)).filter((f) => f.rule === "follow-through/sign-off").map((f) => f.message)).toEqual([
      `sign-off row 1 under "Sign-off" has no approver`,
    ]);
  });
});
