import { createHash } from "node:crypto";
import ical, { ICalEventRepeatingFreq } from "ical-generator";
import { DebriefError } from "../model/debrief-error.js";
import {
  type ActionState,
  type IndexOptions,
  type IndexReport,
  listActionItems,
  type StoredActionItem,
  withFreshIndex,
} from "../store/index.js";
import { isOverdue, parseDateFlag, todayUtc } from "./compute-insights.js";
import { type RecurredActionItem, recurredActionItemsIn } from "./recurred-action-items.js";

/** Where an open item stands against the as-of date. */
export type DueState = "overdue" | "due-soon" | "later" | "no-deadline";

/** An open (or in-progress) action item in the weekly review. */
export interface ReviewItem extends StoredActionItem {
  due: DueState;
  /** Whole days from the as-of date to the deadline; negative when overdue; null without a deadline. */
  daysUntilDue: number | null;
}

/** Counts of a set of review items. */
export interface ReviewCounts {
  open: number;
  overdue: number;
  dueSoon: number;
  later: number;
  noDeadline: number;
}

/** The weekly review of a workspace's action items. */
export interface Review {
  workspace: string;
  asOf: string;
  dueWithinDays: number;
  totals: ReviewCounts & { owners: number; closed: number };
  /** Open items grouped by owner (unowned items under `(unowned)`), owners with overdue work first. */
  byOwner: Array<{ owner: string; counts: ReviewCounts; items: ReviewItem[] }>;
  /** Open items grouped by priority, P0 first, unprioritised last. */
  byPriority: Array<{ priority: string; counts: ReviewCounts; items: ReviewItem[] }>;
}

/** Options for {@link reviewActionItems}. */
export interface ReviewOptions extends IndexOptions {
  /** `YYYY-MM-DD` (default today, UTC). */
  asOf?: string;
  /** Items due within this many days of the as-of date are "due soon" (default 7). */
  dueWithinDays?: number;
}

const DUE_ORDER: Record<DueState, number> = { overdue: 0, "due-soon": 1, "no-deadline": 2, later: 3 };
const UNOWNED = "(unowned)";
const NON_OWNERS = /^(tbd|tba|n\/?a|none|someone|everyone|all|\?+|-|—)$/i;
const priorityRank = (p: string | null) => (p === null ? 9 : Number(p.slice(1)));

function counts(items: readonly ReviewItem[]): ReviewCounts {
  return {
    open: items.length,
    overdue: items.filter((i) => i.due === "overdue").length,
    dueSoon: items.filter((i) => i.due === "due-soon").length,
    later: items.filter((i) => i.due === "later").length,
    noDeadline: items.filter((i) => i.due === "no-deadline").length,
  };
}

function compareItems(a: ReviewItem, b: ReviewItem): number {
  return (
    DUE_ORDER[a.due] - DUE_ORDER[b.due] ||
    priorityRank(a.priority) - priorityRank(b.priority) ||
    (a.deadline ?? "9999").localeCompare(b.deadline ?? "9999") ||
    a.incidentId.localeCompare(b.incidentId) ||
    a.itemId.localeCompare(b.itemId)
  );
}

/** The owner an item is filed under: "TBD", "someone" and empty cells are not owners. */
export function ownerOf(item: Pick<StoredActionItem, "owner">): string {
  const o = (item.owner ?? "").trim();
  return o === "" || NON_OWNERS.test(o) ? UNOWNED : o;
}

/** Build the review from loaded action items (no I/O). */
export function buildReview(
  items: readonly StoredActionItem[],
  options: { asOf: string; dueWithinDays: number; workspace?: string },
): Review {
  const asOfMs = parseDateFlag("--as-of", options.asOf);
  const asOfDay = new Date(asOfMs).toISOString().slice(0, 10);
  const dayMs = Date.parse(`${asOfDay}T00:00:00Z`);
  const open: ReviewItem[] = [];
  let closed = 0;
  for (const item of items) {
    if (item.status !== "open" && item.status !== "in-progress") {
      closed++;
      continue;
    }
    const days =
      item.deadline === null ? null : Math.round((Date.parse(`${item.deadline}T00:00:00Z`) - dayMs) / 86_400_000);
    const due: DueState = isOverdue(item, asOfDay)
      ? "overdue"
      : days === null
        ? "no-deadline"
        : days <= options.dueWithinDays
          ? "due-soon"
          : "later";
    open.push({ ...item, due, daysUntilDue: days });
  }
  open.sort(compareItems);
  const byOwnerMap = new Map<string, ReviewItem[]>();
  for (const i of open) byOwnerMap.set(ownerOf(i), [...(byOwnerMap.get(ownerOf(i)) ?? []), i]);
  const byOwner = [...byOwnerMap]
    .map(([owner, list]) => ({ owner, counts: counts(list), items: list }))
    .sort(
      (a, b) =>
        b.counts.overdue - a.counts.overdue ||
        b.counts.dueSoon - a.counts.dueSoon ||
        b.counts.open - a.counts.open ||
        a.owner.localeCompare(b.owner),
    );
  const byPriorityMap = new Map<string, ReviewItem[]>();
  for (const i of open) {
    const p = i.priority ?? "unprioritised";
    byPriorityMap.set(p, [...(byPriorityMap.get(p) ?? []), i]);
  }
  const byPriority = [...byPriorityMap]
    .sort(
      (a, b) =>
        priorityRank(a[0] === "unprioritised" ? null : a[0]) - priorityRank(b[0] === "unprioritised" ? null : b[0]),
    )
    .map(([priority, list]) => ({ priority, counts: counts(list), items: list }));
  return {
    workspace: options.workspace ?? "",
    asOf: asOfDay,
    dueWithinDays: options.dueWithinDays,
    totals: { ...counts(open), owners: byOwner.length, closed },
    byOwner,
    byPriority,
  };
}

/** Load every action item of a workspace from its (refreshed) index. */
export function loadActionItems(
  workspace: string,
  options: IndexOptions = {},
): { items: StoredActionItem[]; index: IndexReport } {
  return withFreshIndex(workspace, options, (index, report) => ({ items: listActionItems(index), index: report }));
}

/**
 * The weekly review of a workspace: open, overdue and due-soon action items by owner and priority, each with the
 * post-mortem it came from.
 */
export function reviewActionItems(
  workspace: string,
  options: ReviewOptions = {},
): Review & { index: IndexReport; recurred: RecurredActionItem[] } {
  const asOf = options.asOf ?? todayUtc();
  parseDateFlag("--as-of", asOf);
  const dueWithinDays = options.dueWithinDays ?? 7;
  if (!Number.isFinite(dueWithinDays) || dueWithinDays < 0) {
    throw new DebriefError("USAGE", `due-within must be zero or more days, got ${dueWithinDays}`);
  }
  const { items, index, recurred } = withFreshIndex(workspace, options, (ix, report) => ({
    items: listActionItems(ix),
    index: report,
    // closed items whose pattern came back: the follow-through a weekly review should reopen
    recurred: recurredActionItemsIn(workspace, ix),
  }));
  return { ...buildReview(items, { asOf, dueWithinDays, workspace }), recurred, index };
}

/**
 * Looks up an item's status in its tracker (GitHub, Jira...). Returns null when the tracker does not know the item
 * or the item has no tracker reference; the item then keeps the status written in its post-mortem.
 */
export type ActionStatusLookup = (item: StoredActionItem) => Promise<ActionState | null>;

/**
 * The seam for `review --sync`: ask a tracker for each item's status and return the items with tracker statuses
 * applied, plus what changed. It does not write files; the caller decides whether to update the post-mortems.
 */
export async function syncActionItemStatuses(
  items: readonly StoredActionItem[],
  lookup: ActionStatusLookup,
): Promise<{
  items: StoredActionItem[];
  changed: Array<{ item: StoredActionItem; from: ActionState; to: ActionState }>;
}> {
  const changed: Array<{ item: StoredActionItem; from: ActionState; to: ActionState }> = [];
  const out: StoredActionItem[] = [];
  for (const item of items) {
    const status = await lookup(item);
    if (status !== null && status !== item.status) {
      const updated = { ...item, status };
      changed.push({ item: updated, from: item.status, to: status });
      out.push(updated);
    } else out.push(item);
  }
  return { items: out, changed };
}

/** Options for {@link reviewToIcs}. */
export interface ReviewIcsOptions {
  /** First occurrence; default the first Monday on or after the as-of date, 15:00 UTC. */
  start?: Date;
  durationMinutes?: number;
  /** Most items listed in the event description (default 40). */
  maxItems?: number;
}

/** The default first occurrence of the weekly review: Monday 15:00 UTC on or after `asOf`. */
export function defaultReviewStart(asOf: string): Date {
  const d = new Date(`${asOf}T15:00:00Z`);
  const add = (8 - d.getUTCDay()) % 7;
  return new Date(d.getTime() + add * 86_400_000);
}

function itemLine(i: ReviewItem): string {
  const when =
    i.due === "overdue"
      ? `OVERDUE ${-(i.daysUntilDue ?? 0)}d (due ${i.deadline})`
      : i.deadline
        ? `due ${i.deadline}`
        : "no deadline";
  return `- [${i.priority ?? "P?"}] ${i.incidentId} ${i.itemId}: ${i.action} (${ownerOf(i)}; ${when})`;
}

/** A calendar with one weekly recurring review event (RRULE FREQ=WEEKLY) listing the current open items. */
export function reviewToIcs(review: Review, options: ReviewIcsOptions = {}): string {
  const start = options.start ?? defaultReviewStart(review.asOf);
  const minutes = options.durationMinutes ?? 30;
  const max = options.maxItems ?? 40;
  const all = review.byOwner.flatMap((o) => o.items).sort(compareItems);
  const t = review.totals;
  const lines = [
    `Weekly action-item review (as of ${review.asOf}): ${t.open} open, ${t.overdue} overdue, ${t.dueSoon} due within ${review.dueWithinDays} days.`,
    "",
    ...all.slice(0, max).map(itemLine),
    ...(all.length > max ? [`… and ${all.length - max} more (run \`debrief review\`)`] : []),
  ];
  const uid = createHash("sha256").update(review.workspace).digest("hex").slice(0, 16);
  const cal = ical({
    name: "Debrief weekly review",
    prodId: { company: "debrief", product: "review", language: "EN" },
  });
  cal.createEvent({
    id: `debrief-review-${uid}@debrief`,
    start,
    end: new Date(start.getTime() + minutes * 60_000),
    stamp: new Date(`${review.asOf}T00:00:00Z`),
    summary: `Post-mortem action items review (${t.overdue} overdue, ${t.open} open)`,
    description: lines.join("\n"),
    repeating: { freq: ICalEventRepeatingFreq.WEEKLY },
  });
  return cal.toString();
}
