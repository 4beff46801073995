import { appendFileSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** One change `review --sync` made to a post-mortem, as its history keeps it. */
export interface HistoryEntry {
  at: string;
  /** What made the change: `review --sync`. */
  by: string;
  item: string;
  field: "status" | "owner" | "deadline";
  from: string | null;
  to: string;
  tracker: string;
  issue: string;
}

/** The history of an incident folder's post-mortem: `DIR/.debrief/history.jsonl`, one JSON object a line. */
export function historyPath(incidentDir: string): string {
  return join(incidentDir, ".debrief", "history.jsonl");
}

/**
 * Append entries to the history, durably (fsync), after the document itself was rewritten. The post-mortem's own
 * text is the people's: the history lives beside it, so a sync never adds words to the document, only cell values.
 */
export function appendHistory(incidentDir: string, entries: readonly HistoryEntry[]): void {
  if (entries.length === 0) return;
  const path = historyPath(incidentDir);
  mkdirSync(dirname(path), { recursive: true });
  appendFileSync(path, entries.map((e) => `${JSON.stringify(e)}\n`).join(""));
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Read the history back (lines that are not JSON are skipped: a torn last line after a crash). */
export function readHistory(incidentDir: string): HistoryEntry[] {
  let text: string;
  try {
    text = readFileSync(historyPath(incidentDir), "utf8");
  } catch {
    return [];
  }
  const out: HistoryEntry[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as HistoryEntry);
    } catch {
      // a line cut short by a crash mid-append
    }
  }
  return out;
}
