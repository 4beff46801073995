import { syncActionItemsFromTrackers } from "./trackers/sync-trackers.js";

/** Options of {@link syncActionItemsFromGitHub}. */
export interface SyncOptions {
  /** `OWNER/REPO` whose issues the items point at. */
  repo: string;
  apiUrl?: string;
  token: string | undefined;
  /** Report what would change without writing the post-mortems. */
  dryRun?: boolean;
}

/** One item whose status (or owner) changed in the tracker. */
export interface SyncChange {
  path: string;
  itemId: string;
  issue: string;
  from: string;
  to: string;
  /** The cell that changed (`status` unless said otherwise). */
  field?: "status" | "owner" | "deadline";
}

/** What a sync did. */
export interface SyncReport {
  checked: number;
  changes: SyncChange[];
  /** Post-mortems that could not be updated (table shape, concurrent edit), with the reason. */
  problems: Array<{ path: string; message: string }>;
}

/**
 * Pull action-item status from GitHub: an item whose tracker issue is closed becomes `done` (`wont-do` when closed as
 * not planned), a reopened issue makes a `done` item `open` again, and a reassigned issue moves the Owner cell. It is
 * the GitHub case of {@link syncActionItemsFromTrackers}: only those cells are rewritten in each post-mortem (a
 * lossless edit), each change is recorded in the post-mortem's history, and the workspace index picks the change up
 * by file hash on its next refresh.
 */
export async function syncActionItemsFromGitHub(workspace: string, options: SyncOptions): Promise<SyncReport> {
  const report = await syncActionItemsFromTrackers(workspace, {
    settings: { kind: "github", repo: options.repo, ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}) },
    env: { GITHUB_TOKEN: options.token },
    ...(options.dryRun ? { dryRun: true } : {}),
  });
  return {
    checked: report.checked,
    changes: report.changes.map((c) => ({
      path: c.path,
      itemId: c.itemId,
      issue: c.issue,
      from: c.from,
      to: c.to,
      field: c.field,
    })),
    problems: report.problems,
  };
}
