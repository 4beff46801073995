import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");

/** A word only the private incident holds, for the search and insights visibility checks. */
export const PRIVATE_WORD = "zanzibarquokka";
/** The member of the private incident. */
export const PRIVATE_MEMBER = "alice@example.com";

/**
 * A workspace for the web-app tests: the example incident (its evidence and the example post-mortem, reset to a
 * draft with an owner and tags) and a small private incident whose only member is {@link PRIVATE_MEMBER}.
 */
export async function makeWebWorkspace(): Promise<string> {
  const workspace = await mkdtemp(join(tmpdir(), "debrief-web-"));
  const dir = join(workspace, "api-degradation");
  await cp(join(root, "examples", "incidents", "api-degradation"), dir, { recursive: true });
  const example = await readFile(join(root, "examples", "postmortems", "api-degradation.md"), "utf8");
  await writeFile(
    join(dir, "postmortem.md"),
    example
      .replace(/^status: .*$/m, "status: draft")
      .replace(/^tracker: .*$/m, "tracker: SHOP-2288\nowner: Priya Raman\ntags: [database, deploy]"),
  );
  const secret = join(workspace, "payroll-leak");
  await cp(
    join(root, "examples", "incidents", "api-degradation", "evidence", "alerts.json"),
    join(secret, "evidence", "alerts.json"),
  );
  await writeFile(
    join(secret, "postmortem.md"),
    [
      "---",
      "id: INC-2025-0301",
      "title: Payroll export exposed",
      "severity: SEV1",
      "status: draft",
      "private: true",
      `members: [${PRIVATE_MEMBER}]`,
      "services: [payroll]",
      "window: {start: 2025-03-01T09:00:00Z, end: 2025-03-01T11:00:00Z}",
      "---",
      "",
      "# Payroll export exposed",
      "",
      "## Summary",
      "",
      `A ${PRIVATE_WORD} export job wrote payroll rows to a shared bucket.`,
      "",
      "## Timeline",
      "",
      "| Time | Event | Source | Actor |",
      "|---|---|---|---|",
      "| 2025-03-01 09:10:00 | **Impact start** export written | `evidence/alerts.json:1` | |",
      "| 2025-03-01 10:40:00 | **Resolved** | `evidence/alerts.json:2` | |",
      "",
      "## Action Items",
      "",
      "| ID | Action | Owner | Deadline | Priority | Status | Tracker |",
      "|---|---|---|---|---|---|---|",
      `| AI-900 | Lock the ${PRIVATE_WORD} bucket to the payroll role | @alice | 2025-03-08 | P0 | open | |`,
      "",
    ].join("\n"),
  );
  return workspace;
}
