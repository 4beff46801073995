/**
 * Generate an example workspace: N incident folders with post-mortems in the standard format, some with a
 * `timeline.json`, and planted recurrence groups recorded in `truth.json`. Deterministic for a given seed. Used by
 * the recurrence tests, the insights benchmark and the demo; `scripts/generate-workspace.ts` is its command line.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { DebriefError } from "../../model/debrief-error.js";
import { writeFileAtomicSync as writeFileSync } from "../../util/atomic-write.js";
import { mulberry32 } from "../../util/mulberry32.js";
import { ARCHETYPES, type Archetype } from "./archetypes.js";

/** Options for {@link generateWorkspace}. */
export interface GenerateWorkspaceOptions {
  count: number;
  seed: number;
  out: string;
  /** First incident's earliest date (default 2025-01-01). */
  start?: string;
  /** Months the incidents are spread over (default 18). */
  months?: number;
}

/** What `truth.json` holds. */
export interface WorkspaceTruth {
  seed: number;
  count: number;
  /** Planted recurrence groups: incidents sharing one archetype (root cause), each of size >= 2. */
  groups: Array<{ archetype: string; label: string; incidents: string[] }>;
  /** Incidents whose archetype appears nowhere else. */
  singletons: string[];
  incidents: Array<{ id: string; dir: string; archetype: string; service: string; impactStart: string }>;
}

const OWNERS = ["team-payments", "team-platform", "team-data", "team-edge", "dana", "sam", "priya", "lee", "team-sre"];
const AUTHORS = ["dana", "sam", "priya", "lee", "alex", "jo"];

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");

/** Assign an archetype index to each of `count` incidents: a few planted groups, the rest distinct singletons. */
function planArchetypes(count: number, r: () => number): number[] {
  const order = ARCHETYPES.map((_, i) => i).sort(() => r() - 0.5);
  const plan: number[] = [];
  const groupCount = Math.max(1, Math.min(Math.floor(order.length / 3), Math.round(count / 8)));
  const groups = order.slice(0, groupCount);
  const singles = order.slice(groupCount);
  for (const g of groups) {
    const size = 2 + Math.floor(r() * 3);
    for (let k = 0; k < size && plan.length < count; k++) plan.push(g);
  }
  for (const s of singles) if (plan.length < count) plan.push(s);
  // Past the catalogue's capacity every extra incident recurs: it joins a random archetype.
  while (plan.length < count) plan.push(order[Math.floor(r() * order.length)] ?? 0);
  return plan.sort(() => r() - 0.5);
}

function fill(text: string, svc: string, n: number): string {
  return text.replaceAll("{svc}", svc).replaceAll("{n}", String(n));
}

function pick<T>(list: readonly T[], r: () => number): T {
  return list[Math.floor(r() * list.length)] as T;
}

/** A non-empty random subset, so that two write-ups of one cause do not list identical factors. */
function subset<T>(list: readonly T[], r: () => number): T[] {
  const chosen = list.filter(() => r() < 0.6);
  return chosen.length > 0 ? chosen : [pick(list, r)];
}

interface Generated {
  markdown: string;
  timeline: unknown | null;
  config: string;
}

function renderIncident(a: Archetype, id: string, svc: string, startMs: number, r: () => number): Generated {
  const n = 20 + Math.floor(r() * 200);
  const sev = pick(["SEV1", "SEV2", "SEV2", "SEV3", "SEV3", "SEV3", "SEV4"], r);
  const detect = startMs + (30 + Math.floor(r() * 900)) * 1000;
  const paged = detect + (10 + Math.floor(r() * 120)) * 1000;
  const ack = paged + (30 + Math.floor(r() * 600)) * 1000;
  const mitigated = ack + (120 + Math.floor(r() * 3600)) * 1000;
  const recovered = mitigated + (30 + Math.floor(r() * 600)) * 1000;
  const resolved = recovered + (300 + Math.floor(r() * 3600)) * 1000;
  const statusRoll = r();
  const status =
    statusRoll < 0.6 ? "published" : statusRoll < 0.75 ? "closed" : statusRoll < 0.9 ? "in-review" : "draft";
  const distributed =
    status === "draft" ? null : resolved + Math.floor((r() < 0.7 ? r() * 40 : 48 + r() * 200) * 3600_000);
  const title = `${pick(a.titles, r)} (${svc})`;
  const rootCause = fill(pick(a.rootCauses, r), svc, n);
  const signature = fill(pick(a.signatures, r), svc, n);
  const items = a.actions.map((act, i) => {
    const deadline = startMs + (14 + Math.floor(r() * 60)) * 86_400_000;
    const st = r();
    return {
      id: `AI-${String(i + 1).padStart(3, "0")}`,
      action: fill(act, svc, n),
      owner: r() < 0.08 ? "TBD" : pick(OWNERS, r),
      deadline: r() < 0.05 ? "TBD" : day(deadline),
      priority: pick(["P1", "P2", "P2", "P3"], r),
      status: st < 0.55 ? "done" : st < 0.75 ? "in-progress" : st < 0.95 ? "open" : "won't do",
      tracker: `https://tracker.example.com/${id}-${i + 1}`,
    };
  });
  const draftMissing = status === "draft" && r() < 0.6;
  const rows: Array<[number, string, string, string]> = [
    [startMs, `**Impact start**: first \`${signature}\` errors from ${svc}`, "app-logs", "—"],
    [detect, "**Detected**: alert HighErrorRate fired", "alertmanager", "alertmanager"],
    [paged, "**Paged**: on-call engineer notified", "pagerduty", "pagerduty"],
    [ack, "**Acknowledged**: on-call acknowledged the page", "pagerduty", "on-call"],
    [mitigated, "**Mitigated**: mitigation applied", "chat", "incident commander"],
    [recovered, "**Recovered**: error rate back to baseline", "metrics", "—"],
    [resolved, "**Resolved**: incident resolved", "pagerduty", "incident commander"],
  ];
  const fm = [
    "---",
    "formatVersion: 1",
    `id: ${id}`,
    `title: "${title.replaceAll('"', "'")}"`,
    `severity: ${sev}`,
    `status: ${status}`,
    "window:",
    `  start: ${iso(startMs)}`,
    `  end: ${iso(resolved)}`,
    `services: [${svc}]`,
    `authors: [${pick(AUTHORS, r)}]`,
    "reviewers: []",
    `resolvedAt: ${iso(resolved)}`,
    `distributedAt: ${distributed === null ? "null" : iso(distributed)}`,
    `followUpReview: ${day(resolved + 28 * 86_400_000)}`,
    "tracker: null",
    "---",
  ];
  const minutes = Math.round((recovered - startMs) / 60_000);
  const body = [
    `# ${id}: ${title}`,
    "",
    "## Summary",
    "",
    `For ${minutes} minutes ${svc} returned errors to a share of requests. ${rootCause.split(". ")[0]}.`,
    "",
    "## Impact",
    "",
    "| Metric | Value |",
    "|---|---|",
    `| Duration | ${minutes} min |`,
    `| Requests failed | ${n * 137} |`,
    "",
    "## Root Cause",
    "",
    draftMissing ? "<!-- Describe what the system allowed, not who erred -->" : rootCause,
    "",
    "## Timeline",
    "",
    "| Time | Event | Source | Actor |",
    "|---|---|---|---|",
    ...rows.map(([t, e, s, act]) => `| ${stamp(t)} | ${e} | ${s} | ${act} |`),
    "",
    "## Contributing Factors",
    "",
    "### Immediate Cause",
    "",
    ...a.immediate.map((f) => `- ${fill(f, svc, n)}`),
    "",
    "### Contributing Factors",
    "",
    ...subset(a.contributing, r).map((f) => `- ${fill(f, svc, n)}`),
    "",
    "### Systemic Issues",
    "",
    ...subset(a.systemic, r).map((f) => `- ${fill(f, svc, n)}`),
    "",
    "## Five Whys",
    "",
    `1. **Why** did ${svc} fail requests? **Because** ${rootCause.charAt(0).toLowerCase()}${rootCause.slice(1)}`,
    "",
    "## What Went Well",
    "",
    "- The alert fired within minutes of impact.",
    "",
    "## What Went Wrong",
    "",
    `- ${fill(pick(a.contributing, r), svc, n)}`,
    "",
    "## Lessons Learned",
    "",
    draftMissing ? "" : `- ${fill(pick(a.systemic, r), svc, n)}`,
    "",
    "## Action Items",
    "",
    "| ID | Action | Owner | Deadline | Priority | Status | Tracker |",
    "|---|---|---|---|---|---|---|",
    ...items.map(
      (i) => `| ${i.id} | ${i.action} | ${i.owner} | ${i.deadline} | ${i.priority} | ${i.status} | ${i.tracker} |`,
    ),
    "",
    "## Appendix",
    "",
    `- evidence/app.log: \`${signature}\``,
    "",
  ];
  const withTimeline = r() < 0.3;
  const ms = (t: number) => new Date(t).toISOString();
  const timeline = withTimeline
    ? {
        formatVersion: 1,
        window: { start: ms(startMs - 1_800_000), end: ms(resolved + 600_000) },
        milestones: Object.fromEntries(
          (
            [
              ["impactStart", startMs],
              ["detected", detect],
              ["paged", paged],
              ["acknowledged", ack],
              ["mitigated", mitigated],
              ["recovered", recovered],
              ["resolved", resolved],
            ] as const
          ).map(([k, t]) => [k, { time: ms(t), confidence: 0.9, evidence: [{ path: "evidence/app.log", line: 1 }] }]),
        ),
        durations: {
          timeToDetect: (detect - startMs) / 1000,
          timeToAcknowledge: (ack - startMs) / 1000,
          timeToMitigate: (mitigated - startMs) / 1000,
          timeToRecover: (recovered - startMs) / 1000,
          timeToResolve: (resolved - startMs) / 1000,
          impact: (recovered - startMs) / 1000,
        },
        entries: [],
        findings: [],
        templates: [{ template: signature, count: n * 10, first: ms(startMs), last: ms(recovered), novel: true }],
      }
    : null;
  const config = [
    "formatVersion: 1",
    `id: ${id}`,
    `title: "${title.replaceAll('"', "'")}"`,
    `severity: ${sev}`,
    `services: [${svc}]`,
    "window:",
    `  start: ${iso(startMs - 1_800_000)}`,
    `  end: ${iso(resolved + 600_000)}`,
    "timezone: UTC",
    "",
  ].join("\n");
  return { markdown: `${fm.join("\n")}\n\n${body.join("\n")}`, timeline, config };
}

/** Write the workspace and return its truth (also written to `OUT/truth.json`). */
export function generateWorkspace(options: GenerateWorkspaceOptions): WorkspaceTruth {
  const { count, seed, out } = options;
  if (!Number.isInteger(count) || count <= 0) {
    throw new DebriefError("USAGE", `--count expects a positive whole number, got ${count}`);
  }
  const r = mulberry32(seed);
  const startMs = Date.parse(`${options.start ?? "2025-01-01"}T00:00:00Z`);
  if (Number.isNaN(startMs))
    throw new DebriefError("USAGE", `--start expects a date like 2025-01-01, got ${options.start}`);
  const spanMs = (options.months ?? 18) * 30 * 86_400_000;
  const plan = planArchetypes(count, r);
  const times = plan.map(() => startMs + Math.floor(r() * spanMs)).sort((x, y) => x - y);
  mkdirSync(out, { recursive: true });
  const truthIncidents: WorkspaceTruth["incidents"] = [];
  const perYear = new Map<number, number>();
  const serviceOf = new Map<number, string>();
  plan.forEach((archIndex, i) => {
    const a = ARCHETYPES[archIndex] as Archetype;
    const t = times[i] as number;
    const year = new Date(t).getUTCFullYear();
    const seq = (perYear.get(year) ?? 0) + 1;
    perYear.set(year, seq);
    const id = `INC-${year}-${String(seq).padStart(count > 9999 ? 5 : 4, "0")}`;
    // A recurring cause usually hits the same service again; sometimes a sibling service.
    const first = serviceOf.get(archIndex);
    const svc = first !== undefined && r() < 0.75 ? first : pick(a.services, r);
    if (first === undefined) serviceOf.set(archIndex, svc);
    const dir = `${day(t)}-${svc}-${seq}`;
    const g = renderIncident(a, id, svc, t, r);
    mkdirSync(join(out, dir, "evidence"), { recursive: true });
    writeFileSync(join(out, dir, "postmortem.md"), g.markdown);
    writeFileSync(join(out, dir, "debrief.yaml"), g.config);
    if (g.timeline) writeFileSync(join(out, dir, "timeline.json"), `${JSON.stringify(g.timeline, null, 2)}\n`);
    truthIncidents.push({ id, dir, archetype: a.key, service: svc, impactStart: iso(t) });
  });
  const byArch = new Map<string, string[]>();
  for (const inc of truthIncidents) byArch.set(inc.archetype, [...(byArch.get(inc.archetype) ?? []), inc.id]);
  const truth: WorkspaceTruth = {
    seed,
    count,
    groups: [...byArch]
      .filter(([, ids]) => ids.length >= 2)
      .map(([key, ids]) => ({
        archetype: key,
        label: ARCHETYPES.find((a) => a.key === key)?.label ?? key,
        incidents: ids,
      })),
    singletons: [...byArch].filter(([, ids]) => ids.length === 1).map(([, ids]) => ids[0] as string),
    incidents: truthIncidents,
  };
  writeFileSync(join(out, "truth.json"), `${JSON.stringify(truth, null, 2)}\n`);
  return truth;
}
