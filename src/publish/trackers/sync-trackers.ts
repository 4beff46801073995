import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { loadActionItems } from "../../insights/index.js";
import { DebriefError, isDebriefError } from "../../model/debrief-error.js";
import { type ActionItemUpdate, parsePostmortem, updateActionItems } from "../../postmortem/index.js";
import type { ActionState, StoredActionItem } from "../../store/index.js";
import { withFileLock, writeFileAtomic } from "../../util/atomic-write.js";
import { appendHistory, type HistoryEntry } from "./sync-history.js";
import { loadTrackerSettings, openTracker, type TrackerSettings } from "./tracker-config.js";
import { mapUser } from "./tracker-http.js";
import type { Tracker, TrackerContext, TrackerStatus } from "./tracker-types.js";

/** Options of {@link syncActionItemsFromTrackers}. */
export interface TrackerSyncOptions {
  env: Record<string, string | undefined>;
  /** One tracker for every incident (a flag); default: each incident's `tracker:` (debrief.yaml, .debriefrc.yaml). */
  settings?: TrackerSettings;
  /** Report what would change without writing the post-mortems or their history. */
  dryRun?: boolean;
  http?: TrackerContext["http"];
  now?: Date;
  onProgress?: (message: string) => void;
}

/** One cell changed from the tracker's data. */
export interface TrackerSyncChange {
  path: string;
  itemId: string;
  issue: string;
  tracker: string;
  field: "status" | "owner" | "deadline";
  from: string;
  to: string;
}

/** What a sync did. */
export interface TrackerSyncReport {
  checked: number;
  changes: TrackerSyncChange[];
  /** Post-mortems or issues that could not be synced, with the reason. */
  problems: Array<{ path: string; message: string }>;
}

/**
 * The new status of an item from its issue's state. A tracker that only knows open and closed (GitHub) never moves
 * an item back from in progress; an open issue reopens a closed item; a closed-as-completed issue does not turn a
 * won't-do item into done (people decided that in the document).
 */
export function statusFromTracker(item: ActionState, tracker: TrackerStatus["state"]): ActionState | null {
  if (tracker === item) return null;
  if (tracker === "open") return item === "done" || item === "wont-do" ? "open" : null;
  if (tracker === "done") return item === "wont-do" ? null : "done";
  return tracker;
}

/** The owner cell for a tracker's assignee: the `users:` entry that maps to it, else the tracker's own name. */
export function ownerFromTracker(
  item: StoredActionItem,
  status: TrackerStatus,
  settings: TrackerSettings,
): string | null {
  if (!status.assignee) return null;
  const aliases = status.assigneeAliases.map((a) => a.toLowerCase().replace(/^@/, ""));
  const same = (v: string | null | undefined) => !!v && aliases.includes(v.toLowerCase().replace(/^@/, ""));
  if (same(item.owner) || same(mapUser(item.owner, settings.users))) return null;
  const mapped = Object.entries(settings.users ?? {}).find(([, v]) => same(v))?.[0];
  if (mapped) return mapped;
  return status.assignee.includes("@") ? status.assignee : `@${status.assignee}`;
}

/**
 * `review --sync`: read every tracked action item's issue (Jira, Linear, GitLab, GitHub) and bring its Status, Owner
 * and Deadline cells in line with the tracker — done, in progress, won't do, reassigned, due date moved. Only those
 * cells change (a lossless edit of the table, under the post-mortem's lock, written atomically); people's words are
 * never touched. Every change is appended to the post-mortem's history (`DIR/.debrief/history.jsonl`).
 */
export async function syncActionItemsFromTrackers(
  workspace: string,
  options: TrackerSyncOptions,
): Promise<TrackerSyncReport> {
  const { items } = loadActionItems(workspace);
  const report: TrackerSyncReport = { checked: 0, changes: [], problems: [] };
  const settingsByDir = new Map<string, TrackerSettings | undefined>();
  const trackers = new Map<string, Promise<Tracker>>();
  const byFile = new Map<string, Array<{ change: TrackerSyncChange; update: ActionItemUpdate["fields"] }>>();
  for (const item of items) {
    if (!item.tracker?.trim()) continue;
    const incidentDir = dirname(join(workspace, item.path));
    let settings: TrackerSettings | undefined;
    try {
      if (options.settings) settings = options.settings;
      else {
        if (!settingsByDir.has(incidentDir)) settingsByDir.set(incidentDir, loadTrackerSettings(incidentDir)?.settings);
        settings = settingsByDir.get(incidentDir);
      }
      if (!settings) continue;
      const id = JSON.stringify(settings);
      if (!trackers.has(id)) {
        trackers.set(
          id,
          openTracker(settings, {
            incidentDir,
            env: options.env,
            ...(options.http ? { http: options.http } : {}),
            ...(options.onProgress ? { onRetry: options.onProgress } : {}),
          }),
        );
      }
      const tracker = await trackers.get(id)!;
      const key = tracker.keyOf(item.tracker);
      if (key === undefined) continue;
      report.checked++;
      const status = await tracker.read(key);
      const fields: ActionItemUpdate["fields"] = {};
      const add = (field: TrackerSyncChange["field"], from: string | null, to: string) => {
        fields[field] = to;
        const list = byFile.get(item.path) ?? [];
        list.push({
          change: {
            path: item.path,
            itemId: item.itemId,
            issue: status.url,
            tracker: tracker.kind,
            field,
            from: from ?? "",
            to,
          },
          update: fields,
        });
        byFile.set(item.path, list);
      };
      const next = statusFromTracker(item.status, status.state);
      if (next) add("status", item.status, next);
      const owner = ownerFromTracker(item, status, settings);
      if (owner) add("owner", item.owner, owner);
      if (status.due && status.due !== item.deadline) add("deadline", item.deadlineRaw, status.due);
    } catch (error) {
      // a missing credential or refused token concerns every item: stop; one unreadable issue is just reported
      if (isDebriefError(error) && (error.code === "AUTH" || error.code === "CONFIG_INVALID")) throw error;
      report.problems.push({ path: item.path, message: (error as Error).message });
    }
  }
  const at = (options.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, "Z");
  for (const [path, list] of byFile) {
    const file = join(workspace, path);
    const updates = new Map<string, ActionItemUpdate["fields"]>();
    for (const { change, update } of list) updates.set(change.itemId, update);
    try {
      const edit = async () => {
        const source = await readFile(file, "utf8");
        const updated = updateActionItems(
          parsePostmortem(source, file),
          [...updates].map(([id, fields]) => ({ id, fields })),
        );
        if (options.dryRun || updated === source) return;
        await writeFileAtomic(file, updated);
        const entries: HistoryEntry[] = list.map(({ change: c }) => ({
          at,
          by: "review --sync",
          item: c.itemId,
          field: c.field,
          from: c.from || null,
          to: c.to,
          tracker: c.tracker,
          issue: c.issue,
        }));
        appendHistory(dirname(file), entries);
      };
      await (options.dryRun ? edit() : withFileLock(file, edit));
      report.changes.push(...list.map((l) => l.change));
    } catch (error) {
      report.problems.push({
        path,
        message: isDebriefError(error) ? error.message : new DebriefError("STATE", (error as Error).message).message,
      });
    }
  }
  return report;
}
