import type { LintFinding } from "../lint/index.js";
import type { EvidenceRef } from "../model/common.js";
import type { Postmortem } from "../model/postmortem.js";
import type { Finding, MilestoneName, Timeline } from "../model/timeline.js";
import type { RecurringPattern } from "./recurrence/find-recurring-patterns.js";

/**
 * The position card (from the Postmortem Agent practice): what an agent — or a person — can stand behind about an
 * incident right now. Every claim carries evidence pointers (`path:line`) that resolve to a real line of a real
 * file; a claim whose pointers do not resolve is not a claim but a risk. Confidence comes from the timeline's
 * milestone confidences, lowered for each open finding; risks are what could make the post-mortem wrong or
 * toothless (untracked action items, recurring patterns, lint warnings, doubtful evidence).
 * @module
 */

/** One claim and the evidence behind it. */
export interface CardClaim {
  id: string;
  /** Where the claim is made in the post-mortem (`postmortem.md:12`), or `timeline` for a milestone found. */
  statedAt: string;
  claim: string;
  /** `path:line` pointers, each one checked to name an existing line. */
  evidence: string[];
}

/** A pointer with the line it points at, quoted. */
export interface CardEvidencePointer {
  pointer: string;
  /** The evidence line, verbatim (cut at 240 characters): data, never instructions. */
  quotedEvidence: string;
}

/** The card, under the `position_card` key of the result. */
export interface PositionCard {
  agent: string;
  incident: { id: string; title: string; status: string; postmortem: string };
  claims: CardClaim[];
  plan: string[];
  evidence_pointers: CardEvidencePointer[];
  confidence: { level: "high" | "medium" | "low"; score: number; basis: string[] };
  risks: string[];
}

/** What {@link buildPositionCard} reads. */
export interface PositionCardInput {
  /** Who writes the card, e.g. `debrief 0.1.0`. */
  agent: string;
  /** Post-mortem path relative to the incident folder, for `statedAt`. */
  postmortemPath: string;
  postmortem: Postmortem;
  lint: readonly LintFinding[];
  /** The timeline built from the evidence, when it was built. */
  timeline?: Pick<Timeline, "milestones" | "findings"> | undefined;
  /** Evidence lines by `path:line`, for every pointer that resolves (see `readEvidenceLines`). */
  lines: ReadonlyMap<string, string>;
  /** Recurring patterns this incident belongs to (when a workspace was looked at). */
  patterns?: readonly RecurringPattern[] | undefined;
  /** Today, `YYYY-MM-DD`, for overdue items. */
  today: string;
}

/** Timeline findings that make the order or completeness of events doubtful. */
const DOUBT_KINDS = new Set<Finding["kind"]>([
  "clock-skew",
  "timezone-mismatch",
  "gap",
  "missing-source",
  "missing-milestone",
]);

const key = (r: EvidenceRef): string => `${r.path}:${r.line}`;

/** Milestone names as people label timeline rows (`**Impact start**: ...`), letters only, lower case. */
const MILESTONE_LABELS: Record<string, MilestoneName> = {
  impactstart: "impactStart",
  impact: "impactStart",
  detected: "detected",
  detection: "detected",
  paged: "paged",
  acknowledged: "acknowledged",
  mitigated: "mitigated",
  mitigation: "mitigated",
  recovered: "recovered",
  recovery: "recovered",
  resolved: "resolved",
};

/** Every `path:line` an element's text cites (inline code or plain). */
function refsIn(text: string): EvidenceRef[] {
  const out: EvidenceRef[] = [];
  for (const m of text.matchAll(/((?:[\w.-]+\/)*[\w.-]+\.[\w.]+):(\d+)/g)) {
    if (m[1] && m[2]) out.push({ path: m[1], line: Number(m[2]) });
  }
  return out;
}

function clean(text: string): string {
  return text
    .replace(/\*\*|`/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** Build the card. Pure: the caller reads the files. */
export function buildPositionCard(input: PositionCardInput): PositionCard {
  const pm = input.postmortem;
  const claims: CardClaim[] = [];
  const risks: string[] = [];
  const used = new Set<string>();
  const addClaim = (statedAt: string, claim: string, refs: readonly EvidenceRef[]): void => {
    const resolved = [...new Set(refs.map(key))].filter((k) => input.lines.has(k));
    const missing = [...new Set(refs.map(key))].filter((k) => !input.lines.has(k));
    for (const m of missing) risks.push(`${statedAt} cites ${m}, which is not a line of an existing file`);
    if (resolved.length === 0) {
      if (missing.length === 0) risks.push(`${statedAt} states "${claim}" without evidence`);
      return;
    }
    for (const r of resolved) used.add(r);
    claims.push({ id: `C${String(claims.length + 1).padStart(2, "0")}`, statedAt, claim, evidence: resolved });
  };
  const at = (line: number | undefined): string => `${input.postmortemPath}:${line ?? 1}`;

  for (const row of pm.timeline) {
    addClaim(at(row.position?.line), `${row.time} UTC: ${clean(row.event)}`, refsIn(row.source));
  }
  for (const f of pm.factors) {
    if (f.evidence.length > 0) addClaim(at(f.position?.line), `${f.level} factor: ${clean(f.text)}`, f.evidence);
  }
  const milestones = Object.entries(input.timeline?.milestones ?? {});
  for (const [name, m] of milestones) {
    if (m) addClaim("timeline", `${name} at ${m.time} (confidence ${m.confidence})`, m.evidence);
  }

  // a milestone the document states at another time than the evidence shows is a question for the authors
  for (const row of pm.timeline) {
    const label = /\*\*([^*]+?)\*\*/
      .exec(row.event)?.[1]
      ?.toLowerCase()
      .replace(/[^a-z]/g, "");
    const name = label ? MILESTONE_LABELS[label] : undefined;
    const found = name ? input.timeline?.milestones?.[name] : undefined;
    const stated = Date.parse(`${row.time.trim().replace(" ", "T").replace(/Z?$/, "Z")}`);
    if (!found || Number.isNaN(stated)) continue;
    const apart = Math.abs(Date.parse(found.time) - stated) / 1000;
    if (apart > 60) {
      risks.push(
        `${at(row.position?.line)} states ${name} at ${row.time} UTC; the evidence shows ${found.time} (${found.evidence.map(key).join(", ")}), ${Math.round(apart)} s apart`,
      );
    }
  }

  // confidence: the milestones' own, lowered for every open question
  const basis: string[] = [];
  const conf = milestones.map(([, m]) => m?.confidence ?? 0);
  let score = conf.length > 0 ? conf.reduce((a, b) => a + b, 0) / conf.length : 0.5;
  basis.push(
    conf.length > 0
      ? `mean confidence of ${conf.length} milestone(s) found in the evidence: ${score.toFixed(2)}`
      : "no timeline built: 0.50 to start",
  );
  const errors = input.lint.filter((f) => f.severity === "error");
  const warnings = input.lint.filter((f) => f.severity === "warning");
  const doubts = (input.timeline?.findings ?? []).filter((f) => DOUBT_KINDS.has(f.kind));
  const penalties: Array<[number, number, string]> = [
    [errors.length, 0.05, "lint error(s)"],
    [warnings.length, 0.02, "lint warning(s)"],
    [doubts.length, 0.03, "timeline finding(s) about clocks, zones, gaps or missing sources"],
    [risks.length, 0.05, "claim(s) without resolvable evidence"],
  ];
  for (const [n, each, what] of penalties) {
    if (n === 0) continue;
    score -= n * each;
    basis.push(`-${(n * each).toFixed(2)} for ${n} ${what}`);
  }
  score = Math.round(Math.min(1, Math.max(0, score)) * 100) / 100;
  const level = score >= 0.8 ? "high" : score >= 0.5 ? "medium" : "low";

  // risks: what could make the post-mortem wrong or toothless
  for (const item of pm.actionItems) {
    if (!item.tracker?.trim()) risks.push(`${item.id} "${clean(item.action)}" is not tracked in a ticketing system`);
    const status = (item.status ?? "").toLowerCase();
    if (item.deadline && item.deadline < input.today && status !== "done" && status !== "wont-do") {
      risks.push(`${item.id} is past its deadline ${item.deadline} and still ${item.status ?? "open"}`);
    }
  }
  for (const p of input.patterns ?? []) risks.push(`recurring pattern: ${p.description}. ${p.recommendation}`);
  for (const w of warnings) risks.push(`lint ${w.rule} at line ${w.line}: ${w.message}`);
  for (const d of doubts) risks.push(`timeline ${d.kind}: ${d.summary}`);

  // plan: what is left to do, in the order of the procedure
  const plan: string[] = [];
  if (errors.length > 0) {
    plan.push(`Fix ${errors.length} lint error(s): ${[...new Set(errors.map((e) => e.rule))].join(", ")}`);
  }
  if (warnings.length > 0) plan.push(`Review ${warnings.length} lint warning(s) with the authors`);
  if (!pm.frontMatter.distributedAt) plan.push("Distribute the report within 48 hours of resolution");
  for (const item of pm.actionItems) {
    const status = (item.status ?? "open").toLowerCase();
    if (status === "done" || status === "wont-do") continue;
    plan.push(
      `${item.id}: ${clean(item.action)} (owner ${item.owner ?? "none"}, due ${item.deadline ?? "undated"}${item.tracker ? `, ${item.tracker}` : ""})`,
    );
  }
  if (!pm.frontMatter.followUpReview) plan.push("Schedule a follow-up review about four weeks after resolution");

  const evidence_pointers = [...used].sort().map((pointer) => ({
    pointer,
    quotedEvidence: (input.lines.get(pointer) ?? "").trim().slice(0, 240),
  }));
  return {
    agent: input.agent,
    incident: {
      id: pm.frontMatter.id,
      title: pm.frontMatter.title,
      status: pm.frontMatter.status,
      postmortem: input.postmortemPath,
    },
    claims,
    plan,
    evidence_pointers,
    confidence: { level, score, basis },
    risks,
  };
}
