import type { Postmortem, SectionKey } from "../model/postmortem.js";
import type { MilestoneName } from "../model/timeline.js";
import type { ParseProblem } from "../postmortem/parsed-postmortem.js";
import {
  type ActionState,
  normaliseActionStatus,
  normalisePriority,
  normaliseSignature,
  parseDeadline,
  parseInstant,
} from "./record-cells.js";

/** One action item as the index stores it. */
export interface IndexedActionItem {
  seq: number;
  itemId: string;
  action: string;
  owner: string | null;
  deadlineRaw: string | null;
  /** `YYYY-MM-DD` when the raw deadline could be read, else null. */
  deadline: string | null;
  priorityRaw: string | null;
  /** `P0`..`P4` when recognisable, else null. */
  priority: string | null;
  statusRaw: string | null;
  status: ActionState;
  tracker: string | null;
  line: number | null;
}

/** A problem found while indexing one incident (parse problem or unreadable file); data, not an exception. */
export interface IndexProblem {
  incidentDir: string;
  /** Workspace-relative path of the file concerned. */
  path: string;
  line: number | null;
  code: string;
  message: string;
}

/** Milestone times in epoch ms (null when unknown). */
export type MilestoneTimes = Record<MilestoneName, number | null>;

/** Review workflow state of a post-mortem as the team store mirrors it (`closed` counts as published). */
export type TeamReviewStatus = "draft" | "in-review" | "approved" | "published";

/**
 * Front-matter keys the team store mirrors: `private: true`, `members: [emails]`, `tags`, `owner`, `status` (as a
 * review status) and `signOff: [{by, at, role}]`. Lenient: malformed entries are skipped, never an error.
 */
export interface TeamFrontMatter {
  private: boolean;
  /** Lower-cased member emails. */
  members: string[];
  tags: string[];
  owner: string | null;
  reviewStatus: TeamReviewStatus;
  signOff: Array<{ by: string; at: string | null; role: string | null }>;
  /**
   * Timeline rows curated in the web app (front matter `timelinePins:`, one `{ref, state, by, at}` per evidence
   * line `path:line`): pinned into the post-mortem's timeline, or a cited row removed from it.
   */
  pins: TimelinePin[];
}

/** One entry of front matter `timelinePins:`. */
export interface TimelinePin {
  /** `path:line` inside the incident folder. */
  ref: string;
  state: "pinned" | "removed";
  by: string;
  /** ISO time as written, or null. */
  at: string | null;
}

/** The key of the front matter that holds {@link TimelinePin}s. */
export const TIMELINE_PINS_KEY = "timelinePins";

/**
 * The valid entries of a `timelinePins:` value, the last one per ref winning (entries without a `path:line` ref or a
 * known state are skipped, not fatal: the list is written by the web app but people may edit it by hand).
 */
export function readTimelinePins(value: unknown): TimelinePin[] {
  const byRef = new Map<string, TimelinePin>();
  for (const entry of Array.isArray(value) ? value : []) {
    if (!entry || typeof entry !== "object") continue;
    const e = entry as Record<string, unknown>;
    const ref = typeof e.ref === "string" ? e.ref.trim() : "";
    const state = e.state === "pinned" || e.state === "removed" ? e.state : null;
    if (!/^[^\s:][^:]*:[1-9]\d*$/.test(ref) || state === null) continue;
    byRef.delete(ref);
    byRef.set(ref, {
      ref,
      state,
      by: typeof e.by === "string" && e.by.trim() ? e.by.trim() : "unknown",
      at: typeof e.at === "string" ? e.at : null,
    });
  }
  return [...byRef.values()];
}

/** Everything the index keeps about one incident folder. */
export interface IncidentRecord {
  dir: string;
  id: string;
  title: string;
  severity: string | null;
  status: string | null;
  services: string[];
  milestones: MilestoneTimes;
  milestoneSource: "timeline.json" | "postmortem" | "none";
  resolvedAt: number | null;
  distributedAt: number | null;
  followUpReview: string | null;
  rootCause: string | null;
  factors: Array<{ level: string; category: string; text: string }>;
  errorSignatures: string[];
  sectionsMissing: SectionKey[];
  hasPostmortem: boolean;
  actionItems: IndexedActionItem[];
  problems: IndexProblem[];
  /** Access and review fields of the front matter, for the team store. */
  team: TeamFrontMatter;
  /** Text for the full-text index, per column. */
  doc: {
    title: string;
    summary: string;
    rootCause: string;
    factors: string;
    timeline: string;
    actions: string;
    body: string;
  };
}

/**
 * Sections a post-mortem must have, with content, to count as complete when its status is not yet
 * published/closed (see docs/insights.md).
 */
export const REQUIRED_SECTIONS: readonly SectionKey[] = [
  "summary",
  "impact",
  "rootCause",
  "timeline",
  "contributingFactors",
  "lessonsLearned",
  "actionItems",
];

const MILESTONES: readonly MilestoneName[] = [
  "impactStart",
  "detected",
  "paged",
  "acknowledged",
  "mitigated",
  "recovered",
  "resolved",
];

const MILESTONE_PATTERNS: Array<[MilestoneName, RegExp]> = [
  ["impactStart", /\bimpact\s*start(?:ed|s)?\b|\bimpactStart\b/i],
  ["detected", /\bdetected\b|\bdetection\b/i],
  ["paged", /\bpaged\b/i],
  ["acknowledged", /\backnowledged\b|\backed\b/i],
  ["mitigated", /\bmitigated\b|\bmitigation\b/i],
  ["recovered", /\brecovered\b|\brecovery\b/i],
  ["resolved", /\bresolved\b/i],
];

/** A milestone named by a row of the Timeline table: `**Detected**: ...`, `[milestone: detected]`, `(impactStart)`. */
function rowMilestone(event: string): MilestoneName | null {
  const marker = /\bmilestones?\s*[:=]\s*([a-z]+)|\[([a-zA-Z]+)\]|\*\*([^*]+)\*\*|^\s*([A-Za-z][A-Za-z ]+?)\s*:/.exec(
    event,
  );
  const tag = marker ? (marker[1] ?? marker[2] ?? marker[3] ?? marker[4] ?? "") : "";
  for (const [name, re] of MILESTONE_PATTERNS) if (tag && re.test(tag)) return name;
  return null;
}

/** Resolve a timeline-table time cell (`10:05:23`, `2025-02-09 10:05:23`, ISO) against the incident's start date. */
function rowTime(cell: string, baseMs: number | null, previousMs: number | null): number | null {
  const cleaned = cell.replace(/[`*]/g, "").trim();
  const full = parseInstant(cleaned);
  if (full !== null) return full;
  const t = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*(?:UTC|Z))?$/i.exec(cleaned);
  if (!t || baseMs === null) return null;
  const day = new Date(baseMs);
  let ms = Date.UTC(
    day.getUTCFullYear(),
    day.getUTCMonth(),
    day.getUTCDate(),
    Number(t[1]),
    Number(t[2]),
    Number(t[3] ?? 0),
  );
  // Times without a date that go backwards crossed midnight.
  const floor = previousMs ?? baseMs - 12 * 3600_000;
  while (ms < floor) ms += 86_400_000;
  return ms;
}

/** The subset of `debrief timeline --json` the index reads. */
export interface TimelineSummary {
  milestones?: Partial<Record<MilestoneName, { time?: string }>>;
  templates?: Array<{ template?: string; novel?: boolean }>;
}

/** The subset of `debrief.yaml` the index reads when there is no post-mortem yet. */
export interface IncidentConfigSummary {
  id?: string;
  title?: string;
  severity?: string;
  services?: string[];
  window?: { start?: string; end?: string };
}

/** Strip HTML comments and Markdown punctuation for the full-text index. */
function plain(md: string): string {
  return md
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/[|#*_`>~-]{1,}/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

const stringList = (value: unknown): string[] =>
  (Array.isArray(value) ? value : typeof value === "string" ? value.split(",") : [])
    .filter((v): v is string => typeof v === "string")
    .map((v) => v.trim())
    .filter((v) => v.length > 0);

/** Read the team-store fields of a post-mortem's front matter (absent front matter: public, draft, no members). */
export function readTeamFrontMatter(fm: Record<string, unknown> | undefined): TeamFrontMatter {
  // the front-matter reader turns YAML booleans into strings ("true"), so both spellings count
  const priv = fm?.private;
  const status = typeof fm?.status === "string" ? fm.status.trim().toLowerCase() : "draft";
  const reviewStatus: TeamReviewStatus =
    status === "published" || status === "closed"
      ? "published"
      : status === "approved" || status === "in-review"
        ? status
        : "draft";
  const signOff: TeamFrontMatter["signOff"] = [];
  for (const entry of Array.isArray(fm?.signOff) ? fm.signOff : []) {
    if (typeof entry === "string" && entry.trim()) signOff.push({ by: entry.trim(), at: null, role: null });
    else if (entry && typeof entry === "object") {
      const e = entry as Record<string, unknown>;
      const by = typeof e.by === "string" ? e.by : typeof e.name === "string" ? e.name : null;
      if (by) {
        signOff.push({
          by,
          at: typeof e.at === "string" ? e.at : null,
          role: typeof e.role === "string" ? e.role : null,
        });
      }
    }
  }
  const owner = typeof fm?.owner === "string" && fm.owner.trim() ? fm.owner.trim() : null;
  return {
    private: priv === true || priv === "true",
    members: [...new Set(stringList(fm?.members).map((m) => m.toLowerCase()))],
    tags: [...new Set(stringList(fm?.tags))],
    owner,
    reviewStatus,
    signOff,
    pins: readTimelinePins(fm?.[TIMELINE_PINS_KEY]),
  };
}

function emptyMilestones(): MilestoneTimes {
  return {
    impactStart: null,
    detected: null,
    paged: null,
    acknowledged: null,
    mitigated: null,
    recovered: null,
    resolved: null,
  };
}

/**
 * Build the index record of one incident from what its folder holds. Any input may be absent; problems found are
 * carried in the record.
 */
export function buildIncidentRecord(input: {
  dir: string;
  postmortem: Postmortem | null;
  postmortemPath: string;
  parseProblems: ParseProblem[];
  timeline: TimelineSummary | null;
  config: IncidentConfigSummary | null;
  extraProblems: IndexProblem[];
}): IncidentRecord {
  const { dir, postmortem: pm, timeline, config } = input;
  const fm = pm?.frontMatter;
  const problems: IndexProblem[] = [
    ...input.parseProblems.map((p) => ({
      incidentDir: dir,
      path: input.postmortemPath,
      line: p.position?.line ?? null,
      code: p.code,
      message: p.message,
    })),
    ...input.extraProblems,
  ];
  const windowStart = parseInstant(fm?.window?.start ?? config?.window?.start ?? null);
  const resolvedAt = parseInstant(fm?.resolvedAt ?? null);
  const milestones = emptyMilestones();
  let milestoneSource: IncidentRecord["milestoneSource"] = "none";
  if (timeline?.milestones) {
    for (const name of MILESTONES) milestones[name] = parseInstant(timeline.milestones[name]?.time ?? null);
    if (MILESTONES.some((n) => milestones[n] !== null)) milestoneSource = "timeline.json";
  }
  if (milestoneSource === "none" && pm) {
    let previous: number | null = null;
    for (const row of pm.timeline) {
      const t = rowTime(row.time, windowStart, previous);
      if (t === null) continue;
      previous = t;
      const name = rowMilestone(row.event);
      if (name && milestones[name] === null) milestones[name] = t;
    }
    if (milestones.impactStart === null) milestones.impactStart = windowStart;
    if (milestones.resolved === null) milestones.resolved = resolvedAt;
    if (MILESTONES.some((n) => milestones[n] !== null)) milestoneSource = "postmortem";
  }
  if (milestoneSource === "none" && windowStart !== null) {
    milestones.impactStart = windowStart;
    milestoneSource = "postmortem";
  }

  const signatures = new Set<string>();
  for (const t of timeline?.templates ?? []) {
    if (t.novel && t.template) signatures.add(normaliseSignature(t.template));
  }
  const codeSpans = [pm?.rootCause ?? "", ...(pm?.factors ?? []).map((f) => f.text)].join("\n");
  for (const m of codeSpans.matchAll(/`([^`\n]{8,200})`/g)) signatures.add(normaliseSignature(m[1] ?? ""));
  signatures.delete("");

  const sectionsMissing = pm
    ? REQUIRED_SECTIONS.filter((k) => {
        const s = pm.sections.find((x) => x.key === k);
        return !s || plain(s.markdown).length === 0;
      })
    : [...REQUIRED_SECTIONS];

  const actionItems: IndexedActionItem[] = (pm?.actionItems ?? []).map((a, i) => ({
    seq: i,
    itemId: a.id,
    action: a.action,
    owner: a.owner,
    deadlineRaw: a.deadline,
    deadline: parseDeadline(a.deadline),
    priorityRaw: a.priority,
    priority: normalisePriority(a.priority),
    statusRaw: a.status,
    status: normaliseActionStatus(a.status),
    tracker: a.tracker,
    line: a.position?.line ?? null,
  }));

  const id = (fm?.id || config?.id || dir).trim();
  const title = (fm?.title || config?.title || id).trim();
  const services = fm && fm.services.length > 0 ? fm.services : (config?.services ?? []);
  const usedKeys = new Set<SectionKey>(["summary", "rootCause", "contributingFactors", "timeline", "actionItems"]);
  return {
    dir,
    id,
    title,
    severity: (fm?.severity || config?.severity || "").trim() || null,
    status: pm ? (fm?.status ?? null) : null,
    services: services.map(String),
    milestones,
    milestoneSource,
    resolvedAt: resolvedAt ?? milestones.resolved,
    distributedAt: parseInstant(fm?.distributedAt ?? null),
    followUpReview: fm?.followUpReview ?? null,
    rootCause: pm?.rootCause ?? null,
    factors: (pm?.factors ?? []).map((f) => ({ level: f.level, category: f.category, text: f.text })),
    errorSignatures: [...signatures].sort(),
    sectionsMissing,
    hasPostmortem: pm !== null,
    actionItems,
    problems,
    team: readTeamFrontMatter(fm),
    doc: {
      title: `${id} ${title} ${services.join(" ")}`,
      summary: plain(pm?.summary ?? ""),
      rootCause: plain(pm?.rootCause ?? ""),
      factors: plain((pm?.factors ?? []).map((f) => f.text).join("\n")),
      timeline: plain((pm?.timeline ?? []).map((r) => r.event).join("\n")),
      actions: plain(actionItems.map((a) => `${a.action} ${a.owner ?? ""}`).join("\n")),
      body: plain(
        (pm?.sections ?? [])
          .filter((s) => s.key === null || !usedKeys.has(s.key))
          .map((s) => `${s.heading}\n${s.markdown}`)
          .join("\n"),
      ),
    },
  };
}
