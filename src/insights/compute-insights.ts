import { DebriefError } from "../model/debrief-error.js";
import {
  cachedDerived,
  type IndexOptions,
  type IndexReport,
  listActionItems,
  listIncidents,
  type StoredActionItem,
  type StoredIncident,
  withFreshIndex,
} from "../store/index.js";
import { findRecurredActionItems, type RecurredActionItem } from "./recurred-action-items.js";
import {
  findRecurringPatterns,
  type RecurrenceMethod,
  type RecurrenceOptions,
  type RecurringPattern,
} from "./recurrence/find-recurring-patterns.js";
import { recurrenceInputs } from "./recurrence/recurrence-inputs.js";
import { type DurationStats, durationStats } from "./stats.js";

/** The metric definitions, echoed in every output so numbers are never read with the wrong meaning. */
export const METRIC_DEFINITIONS = {
  MTTD: "mean time to detect = mean(detected − impactStart) over incidents with both milestones",
  MTTA: "mean time to acknowledge = mean(acknowledged − paged): from the page to its acknowledgement, the PagerDuty/Atlassian definition; incidents without both milestones are left out",
  MTTR: "mean time to recover = mean(recovered − impactStart); when an incident records no recovered milestone, resolved − impactStart is used instead (counted as fallbackToResolved)",
  MTBF: "mean time between failures = mean gap between consecutive incidents' impactStart in the same group (service or severity); needs two incidents",
  quantiles: "median and p90 by linear interpolation between closest ranks (type 7, as NumPy/R/spreadsheets)",
  postmortemCompletion: "complete = status published or closed, or every required section present and non-empty",
  onTimeDistribution:
    "on time = distributedAt within 48 h after resolvedAt; incidents resolved under 48 h before --as-of and not yet distributed are pending, not late",
  actionItemCompletion: "done / (all items − won't-do)",
  actionItemOverdue:
    "overdue = open or in-progress with a deadline before the as-of date; rate = overdue / (open + in-progress)",
} as const;

/** MTTD/MTTA/MTTR for a group of incidents. */
export interface ResponseMetrics {
  incidents: number;
  mttd: DurationStats;
  mtta: DurationStats;
  mttr: DurationStats & { fallbackToResolved: number };
  mtbf: DurationStats;
}

/** Everything `debrief insights` reports. */
export interface Insights {
  workspace: string;
  asOf: string;
  since: string | null;
  definitions: typeof METRIC_DEFINITIONS;
  incidents: { total: number; considered: number; withoutImpactStart: number };
  overall: ResponseMetrics;
  bySeverity: Array<{ severity: string } & ResponseMetrics>;
  byService: Array<{ service: string } & ResponseMetrics>;
  /** Incidents per calendar month (UTC) of impactStart, every month from the first to the last. */
  frequency: Array<{ month: string; count: number; bySeverity: Record<string, number> }>;
  /** Median time to detect and to recover (seconds) of the incidents that started in each month. */
  trend: Array<{ month: string; mttdMedian: number | null; mttrMedian: number | null }>;
  postmortems: {
    total: number;
    complete: number;
    completionRate: number | null;
    incomplete: Array<{ id: string; dir: string; status: string | null; missing: string[] }>;
    onTime: number;
    late: number;
    pending: number;
    onTimeRate: number | null;
  };
  actionItems: {
    total: number;
    open: number;
    inProgress: number;
    done: number;
    wontDo: number;
    overdue: number;
    noDeadline: number;
    completionRate: number | null;
    overdueRate: number | null;
  };
  recurring: { method: RecurrenceMethod; patterns: Array<RecurringPattern & { openActionItems: number }> };
  /** Done action items whose check (`checks:` in the front matter) shows the pattern came back later. */
  recurredActionItems?: RecurredActionItem[];
  index: Pick<IndexReport, "incidents" | "added" | "updated" | "removed" | "totalProblems" | "warnings">;
}

/** Options for {@link computeInsights}. */
export interface InsightsOptions extends IndexOptions {
  /** Only incidents whose impact started on or after this date (`YYYY-MM-DD` or ISO instant). */
  since?: string;
  /** Reference date for overdue and pending (default: today, UTC). */
  asOf?: string;
  recurrence?: RecurrenceOptions;
}

const DAY = 86_400_000;
const rate = (num: number, den: number) => (den === 0 ? null : Math.round((num / den) * 10_000) / 10_000);

/** Parse `YYYY-MM-DD` or an ISO instant with a zone; throws a USAGE error naming the flag. */
export function parseDateFlag(flag: string, value: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? Date.parse(`${value}T00:00:00Z`)
    : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)
      ? Date.parse(value)
      : Number.NaN;
  if (Number.isNaN(ms) || (/^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(ms).toISOString().slice(0, 10) !== value)) {
    throw new DebriefError(
      "USAGE",
      `${flag} expects a date like 2025-03-01 (or an ISO time with a zone), got "${value}"`,
    );
  }
  return ms;
}

/** Today (UTC) as `YYYY-MM-DD`. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

function diffs(
  incidents: readonly StoredIncident[],
  from: (i: StoredIncident) => number | null,
  to: (i: StoredIncident) => number | null,
): number[] {
  const out: number[] = [];
  for (const i of incidents) {
    const a = from(i);
    const b = to(i);
    // A milestone before its origin is a data error in the document; it would make the mean meaningless.
    if (a !== null && b !== null && b >= a) out.push((b - a) / 1000);
  }
  return out;
}

/** MTTD/MTTA/MTTR/MTBF of a group of incidents (see {@link METRIC_DEFINITIONS}). */
export function responseMetrics(incidents: readonly StoredIncident[]): ResponseMetrics {
  const m = (i: StoredIncident) => i.milestones;
  let fallback = 0;
  const ttr: number[] = [];
  for (const i of incidents) {
    const start = m(i).impactStart;
    const end = m(i).recovered ?? m(i).resolved;
    if (start === null || end === null || end < start) continue;
    if (m(i).recovered === null) fallback++;
    ttr.push((end - start) / 1000);
  }
  const starts = incidents
    .map((i) => m(i).impactStart)
    .filter((t): t is number => t !== null)
    .sort((a, b) => a - b);
  const gaps: number[] = [];
  for (let k = 1; k < starts.length; k++) gaps.push(((starts[k] as number) - (starts[k - 1] as number)) / 1000);
  return {
    incidents: incidents.length,
    mttd: durationStats(
      diffs(
        incidents,
        (i) => m(i).impactStart,
        (i) => m(i).detected,
      ),
    ),
    mtta: durationStats(
      diffs(
        incidents,
        (i) => m(i).paged,
        (i) => m(i).acknowledged,
      ),
    ),
    mttr: { ...durationStats(ttr), fallbackToResolved: fallback },
    mtbf: durationStats(gaps),
  };
}

/** Classify an open item against the as-of date. */
export function isOverdue(item: Pick<StoredActionItem, "status" | "deadline">, asOfDay: string): boolean {
  return (item.status === "open" || item.status === "in-progress") && item.deadline !== null && item.deadline < asOfDay;
}

/** Compute insights from already-loaded incidents and action items (no I/O). */
export function computeInsightsFrom(
  all: readonly StoredIncident[],
  allItems: readonly StoredActionItem[],
  options: {
    asOf: string;
    since?: string;
    workspace?: string;
    recurrence?: RecurrenceOptions;
    /** Supplies recurring patterns, e.g. from a cache; receives the function that computes them. */
    recurringPatterns?: (
      compute: () => ReturnType<typeof findRecurringPatterns>,
    ) => ReturnType<typeof findRecurringPatterns>;
  },
): Omit<Insights, "index"> {
  const asOfMs = parseDateFlag("--as-of", options.asOf);
  const asOfDay = new Date(asOfMs).toISOString().slice(0, 10);
  const sinceMs = options.since === undefined ? null : parseDateFlag("--since", options.since);
  const incidents =
    sinceMs === null
      ? [...all]
      : all.filter((i) => i.milestones.impactStart !== null && i.milestones.impactStart >= sinceMs);
  const dirs = new Set(incidents.map((i) => i.dir));
  const items = allItems.filter((a) => dirs.has(a.incidentDir));

  const group = <K extends string>(keyOf: (i: StoredIncident) => K[]) => {
    const map = new Map<K, StoredIncident[]>();
    for (const i of incidents) for (const k of keyOf(i)) map.set(k, [...(map.get(k) ?? []), i]);
    return [...map].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  };

  const months = new Map<string, { count: number; bySeverity: Record<string, number> }>();
  const starts = incidents.map((i) => i.milestones.impactStart).filter((t): t is number => t !== null);
  if (starts.length > 0) {
    const first = new Date(Math.min(...starts));
    const last = new Date(Math.max(...starts));
    for (
      let y = first.getUTCFullYear(), mo = first.getUTCMonth();
      y < last.getUTCFullYear() || (y === last.getUTCFullYear() && mo <= last.getUTCMonth());
    ) {
      months.set(`${y}-${String(mo + 1).padStart(2, "0")}`, { count: 0, bySeverity: {} });
      mo++;
      if (mo === 12) {
        mo = 0;
        y++;
      }
    }
  }
  for (const i of incidents) {
    if (i.milestones.impactStart === null) continue;
    const key = new Date(i.milestones.impactStart).toISOString().slice(0, 7);
    const slot = months.get(key);
    if (!slot) continue;
    slot.count++;
    const sev = i.severity ?? "unknown";
    slot.bySeverity[sev] = (slot.bySeverity[sev] ?? 0) + 1;
  }

  let complete = 0;
  const incomplete: Insights["postmortems"]["incomplete"] = [];
  let onTime = 0;
  let late = 0;
  let pending = 0;
  for (const i of incidents) {
    const done =
      i.hasPostmortem && (i.status === "published" || i.status === "closed" || i.sectionsMissing.length === 0);
    if (done) complete++;
    else incomplete.push({ id: i.id, dir: i.dir, status: i.status, missing: i.sectionsMissing });
    if (i.resolvedAt === null) continue;
    if (i.distributedAt !== null) {
      if (i.distributedAt - i.resolvedAt <= 2 * DAY) onTime++;
      else late++;
    } else if (asOfMs - i.resolvedAt <= 2 * DAY) pending++;
    else late++;
  }

  const count = (s: StoredActionItem["status"]) => items.filter((a) => a.status === s).length;
  const open = count("open");
  const inProgress = count("in-progress");
  const done = count("done");
  const wontDo = count("wont-do");
  const overdue = items.filter((a) => isOverdue(a, asOfDay)).length;

  const computePatterns = () => findRecurringPatterns(recurrenceInputs(incidents), options.recurrence ?? {});
  const rec = options.recurringPatterns ? options.recurringPatterns(computePatterns) : computePatterns();
  const openByDir = new Map<string, number>();
  for (const a of items)
    if (a.status === "open" || a.status === "in-progress")
      openByDir.set(a.incidentDir, (openByDir.get(a.incidentDir) ?? 0) + 1);

  return {
    workspace: options.workspace ?? "",
    asOf: asOfDay,
    since: sinceMs === null ? null : new Date(sinceMs).toISOString(),
    definitions: METRIC_DEFINITIONS,
    incidents: {
      total: all.length,
      considered: incidents.length,
      withoutImpactStart: incidents.filter((i) => i.milestones.impactStart === null).length,
    },
    overall: responseMetrics(incidents),
    bySeverity: group((i) => [i.severity ?? "unknown"]).map(([severity, list]) => ({
      severity,
      ...responseMetrics(list),
    })),
    byService: group((i) => (i.services.length > 0 ? i.services : ["(none)"])).map(([service, list]) => ({
      service,
      ...responseMetrics(list),
    })),
    frequency: [...months].map(([month, v]) => ({ month, ...v })),
    trend: [...months.keys()].map((month) => {
      const r = responseMetrics(
        incidents.filter(
          (i) =>
            i.milestones.impactStart !== null && new Date(i.milestones.impactStart).toISOString().startsWith(month),
        ),
      );
      return { month, mttdMedian: r.mttd.median, mttrMedian: r.mttr.median };
    }),
    postmortems: {
      total: incidents.length,
      complete,
      completionRate: rate(complete, incidents.length),
      incomplete,
      onTime,
      late,
      pending,
      onTimeRate: rate(onTime, onTime + late),
    },
    actionItems: {
      total: items.length,
      open,
      inProgress,
      done,
      wontDo,
      overdue,
      noDeadline: items.filter((a) => (a.status === "open" || a.status === "in-progress") && a.deadline === null)
        .length,
      completionRate: rate(done, items.length - wontDo),
      overdueRate: rate(overdue, open + inProgress),
    },
    recurring: {
      method: rec.method,
      patterns: rec.patterns.map((p) => ({
        ...p,
        openActionItems: p.incidents.reduce((s, i) => s + (openByDir.get(i.dir) ?? 0), 0),
      })),
    },
  };
}

/** Refresh the index of a workspace and compute its insights. */
export function computeInsights(workspace: string, options: InsightsOptions = {}): Insights {
  const asOf = options.asOf ?? todayUtc();
  // Validate flags before touching the workspace, so bad usage never creates an index.
  parseDateFlag("--as-of", asOf);
  if (options.since !== undefined) parseDateFlag("--since", options.since);
  return withFreshIndex(workspace, options, (index, report) => {
    // Recurrence is the costly part and depends only on the indexed files and these options: cache it in the index.
    const cacheKey = JSON.stringify({
      kind: "recurring-patterns",
      v: 1,
      since: options.since ?? null,
      recurrence: options.recurrence ?? {},
    });
    const result = computeInsightsFrom(listIncidents(index), listActionItems(index), {
      asOf,
      workspace,
      recurringPatterns: (compute) => cachedDerived(index, cacheKey, compute).value,
      ...(options.since === undefined ? {} : { since: options.since }),
      ...(options.recurrence === undefined ? {} : { recurrence: options.recurrence }),
    });
    return {
      ...result,
      recurredActionItems: findRecurredActionItems(
        workspace,
        listIncidents(index),
        listActionItems(index),
        result.recurring.patterns,
      ),
      index: {
        incidents: report.incidents,
        added: report.added,
        updated: report.updated,
        removed: report.removed,
        totalProblems: report.totalProblems,
        warnings: report.warnings,
      },
    };
  });
}
