import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { incidentPeople } from "./incident-people.js";
import { lintFiles } from "./lint-files.js";

const GOOD = readFileSync(new URL("./fixtures/good.md", import.meta.url), "utf8");

function incident(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "debrief-people-"));
  for (const [rel, content] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(join(p, ".."), { recursive: true });
    writeFileSync(p, content);
  }
  return root;
}

const USERS = JSON.stringify([
  {
    id: "U1",
    name: "ngozi",
    real_name: "Ngozi Adeyemi",
    profile: { display_name: "ngozi", real_name: "Ngozi Adeyemi" },
  },
  { id: "U2", name: "deploybot", real_name: "Deploy Bot", is_bot: true, profile: {} },
]);
const PAGERDUTY = JSON.stringify({
  log_entries: [{ type: "acknowledge_log_entry", agent: { type: "user_reference", summary: "Sipho Dlamini" } }],
});
const GITLOG =
  "commit 1a2b3c\nAuthor: Haruto Sato <haruto@example.com>\nDate:   Sun Feb 9 10:02:11 2025 +0000\n\n    bump\n";

describe("incidentPeople", () => {
  it("reads Slack users, PagerDuty responders and git authors from DIR/evidence, and no bots", () => {
    const root = incident({
      "inc/postmortem.md": GOOD,
      "inc/evidence/slack/users.json": USERS,
      "inc/evidence/pagerduty.json": PAGERDUTY,
      "inc/evidence/git-log.txt": GITLOG,
    });
    expect(incidentPeople(join(root, "inc", "postmortem.md"))).toEqual([
      "Haruto Sato",
      "Ngozi Adeyemi",
      "Sipho Dlamini",
      "ngozi",
    ]);
  });

  it("is empty for other files, folders without evidence and unreadable evidence", () => {
    const root = incident({ "inc/notes.md": GOOD, "bare/postmortem.md": GOOD, "bad/postmortem.md": GOOD });
    writeFileSync(join(root, "bad-evidence"), "x");
    mkdirSync(join(root, "bad", "evidence"));
    writeFileSync(join(root, "bad", "evidence", "users.json"), "{not json");
    expect(incidentPeople(join(root, "inc", "notes.md"))).toEqual([]);
    expect(incidentPeople(join(root, "bare", "postmortem.md"))).toEqual([]);
    expect(incidentPeople(join(root, "bad", "postmortem.md"))).toEqual([]);
  });

  it("never throws on arbitrary evidence text (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const root = incident({ "i/postmortem.md": GOOD, "i/evidence/users.json": text, "i/evidence/a.log": text });
        expect(Array.isArray(incidentPeople(join(root, "i", "postmortem.md")))).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it("lets lint see the incident's people as people, and only them", async () => {
    const doc = GOOD.replace(
      "## Summary\n\n",
      "## Summary\n\nThe rollout stalled while Sato waited for approval. Sipho Dlamini caused the outage.\n\nDeploys failed due to Kestrelci being down.\n\n",
    );
    const root = incident({
      "inc/postmortem.md": doc,
      "inc/evidence/slack/users.json": USERS,
      "inc/evidence/pagerduty.json": PAGERDUTY,
      "inc/evidence/git-log.txt": GITLOG,
    });
    const result = await lintFiles([join(root, "inc", "postmortem.md")]);
    const blame = result.findings.filter((f) => f.rule.startsWith("blameless/"));
    expect(blame.map((f) => f.rule)).toEqual(["blameless/person-as-cause"]);
    expect(blame[0]?.message).toContain("caused");
    // given explicitly, the list replaces what the evidence says
    const given = await lintFiles([join(root, "inc", "postmortem.md")], { people: ["Amaru Quispe"] });
    expect(given.findings.filter((f) => f.rule.startsWith("blameless/")).map((f) => f.message)).toEqual([]);
  });
});
