import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePostmortem } from "./parse-postmortem.js";
import { updateActionItems } from "./update-action-items.js";

const standard = readFileSync(join(import.meta.dirname, "fixtures", "standard.md"), "utf8");

describe("updateActionItems", () => {
  it("sets a filled cell and an empty cell, changing only those bytes", () => {
    const parsed = parsePostmortem(standard, "p.md");
    const out = updateActionItems(parsed, [
      { id: "AI-003", fields: { tracker: "https://github.com/acme/api/issues/433" } },
      { id: "AI-002", fields: { status: "done" } },
    ]);
    expect(out).toBe(
      standard
        .replace(
          "| @li | 2025-03-15 | P2 | open | |",
          "| @li | 2025-03-15 | P2 | open | https://github.com/acme/api/issues/433 |",
        )
        .replace(
          "| team-platform | 2025-03-01 | P2 | open | ACME-982 |",
          "| team-platform | 2025-03-01 | P2 | done | ACME-982 |",
        ),
    );
    const items = parsePostmortem(out, "p.md").postmortem.actionItems;
    expect(items.find((a) => a.id === "AI-003")?.tracker).toBe("https://github.com/acme/api/issues/433");
    expect(items.find((a) => a.id === "AI-002")?.status).toBe("done");
  });

  it("escapes pipes in new values and pads short rows", () => {
    const doc =
      "## Action Items\n\n| ID | Action | Owner | Status | Tracker |\n|---|---|---|---|---|\n| AI-1 | Add alert | @a |\n";
    const out = updateActionItems(parsePostmortem(doc, "d.md"), [
      { id: "AI-1", fields: { tracker: "JIRA-1 | JIRA-2" } },
    ]);
    expect(out).toBe(doc.replace("| AI-1 | Add alert | @a |\n", "| AI-1 | Add alert | @a | | JIRA-1 \\| JIRA-2 |\n"));
    expect(parsePostmortem(out, "d.md").postmortem.actionItems[0]?.tracker).toBe("JIRA-1 | JIRA-2");
  });

  it("refuses unknown IDs, missing columns and documents without the table", () => {
    const parsed = parsePostmortem(standard, "p.md");
    expect(() => updateActionItems(parsed, [{ id: "AI-404", fields: { status: "done" } }])).toThrow(
      /no action item with ID "AI-404"/,
    );
    const noTracker = parsePostmortem("## Action Items\n\n| ID | Action |\n|---|---|\n| AI-1 | x |\n", "n.md");
    expect(() => updateActionItems(noTracker, [{ id: "AI-1", fields: { tracker: "T-1" } }])).toThrow(
      /has no tracker column/,
    );
    expect(() => updateActionItems(parsePostmortem("# x\n", "e.md"), [{ id: "AI-1", fields: {} }])).toThrow(
      /no Action Items section/,
    );
  });
});
