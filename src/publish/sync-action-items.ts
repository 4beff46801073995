import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type ActionStatusLookup, loadActionItems, syncActionItemStatuses } from "../insights/index.js";
import { parsePostmortem, updateActionItems } from "../postmortem/index.js";
import type { StoredActionItem } from "../store/index.js";
import { withFileLock, writeFileAtomic } from "../util/atomic-write.js";
import { GitHubTracker, issueNumberOf } from "./github-client.js";

/** Options of {@link syncActionItemsFromGitHub}. */
export interface SyncOptions {
  /** `OWNER/REPO` whose issues the items point at. */
  repo: string;
  apiUrl?: string;
  token: string | undefined;
  /** Report what would change without writing the post-mortems. */
  dryRun?: boolean;
}

/** One item whose status changed in the tracker. */
export interface SyncChange {
  path: string;
  itemId: string;
  issue: string;
  from: string;
  to: string;
}

/** What a sync did. */
export interface SyncReport {
  checked: number;
  changes: SyncChange[];
  /** Post-mortems that could not be updated (table shape, concurrent edit), with the reason. */
  problems: Array<{ path: string; message: string }>;
}

/**
 * Pull action-item status from GitHub: an item whose tracker issue is closed becomes `done`, a reopened issue makes a
 * `done` item `open` again. The Status cell of each changed item is rewritten in its post-mortem (a lossless edit of
 * that cell only); the workspace index picks the change up by file hash on its next refresh.
 */
export async function syncActionItemsFromGitHub(workspace: string, options: SyncOptions): Promise<SyncReport> {
  const tracker = new GitHubTracker({
    repo: options.repo,
    token: options.token,
    ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}),
  });
  const { items } = loadActionItems(workspace);
  let checked = 0;
  const issues = new Map<StoredActionItem, string>();
  const lookup: ActionStatusLookup = async (item) => {
    const number = issueNumberOf(item.tracker, tracker.owner, tracker.repo);
    if (number === undefined) return null;
    checked++;
    const issue = await tracker.getIssue(number);
    issues.set(item, issue.url);
    if (issue.state === "closed") return item.status === "wont-do" ? null : "done";
    return item.status === "done" ? "open" : null;
  };
  const { changed } = await syncActionItemStatuses(items, lookup);
  const report: SyncReport = { checked, changes: [], problems: [] };
  const byFile = new Map<string, typeof changed>();
  for (const c of changed) byFile.set(c.item.path, [...(byFile.get(c.item.path) ?? []), c]);
  for (const [path, list] of byFile) {
    const file = join(workspace, path);
    try {
      // read, edit and write under the post-mortem's lock, so a concurrent draft or publish is not overwritten
      const edit = async () => {
        const source = await readFile(file, "utf8");
        const updated = updateActionItems(
          parsePostmortem(source, file),
          list.map((c) => ({ id: c.item.itemId, fields: { status: c.to } })),
        );
        if (!options.dryRun && updated !== source) await writeFileAtomic(file, updated);
      };
      await (options.dryRun ? edit() : withFileLock(file, edit));
      for (const c of list) {
        report.changes.push({
          path,
          itemId: c.item.itemId,
          issue: issues.get(c.item) ?? String(c.item.tracker),
          from: c.from,
          to: c.to,
        });
      }
    } catch (error) {
      report.problems.push({ path, message: (error as Error).message });
    }
  }
  return report;
}
