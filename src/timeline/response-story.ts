import type { EvidenceRef } from "../model/common.js";
import { toUtcInstant, type UtcInstant } from "../model/common.js";
import { isActionReport, isBotMessage, isProblemReport, pageAction } from "./classify.js";
import { type AnalysisContext, notableRef } from "./context.js";
import type { MilestoneResult } from "./milestones.js";
import type { NotableEvent } from "./source-aggregates.js";

/**
 * The story of the response, as a narrative builder does by hand: the phases (detection, diagnosis, decision,
 * repair) bounded by the milestones and by what people wrote in chat, the longest waits with the messages at each
 * end, and who was involved (the actor of each action, page and message). Descriptive only: no judgement.
 */

type Timed = NotableEvent & { at: number };

/** `analysis.response`. */
export interface ResponseStory {
  phases: Array<{
    name: "detection" | "diagnosis" | "decision" | "repair";
    start: UtcInstant;
    end: UtcInstant;
    seconds: number;
    evidence: EvidenceRef[];
  }>;
  /** The longest waits, longest first. */
  waits: Array<{
    from: UtcInstant;
    to: UtcInstant;
    seconds: number;
    fromText: string;
    toText: string;
    evidence: EvidenceRef[];
  }>;
  /** People and systems that acted, with what they did first. */
  people: Array<{ name: string; actions: number; first: UtcInstant; role: string }>;
}

const DIAGNOSIS =
  /\b(identified|found|root cause|looks like|seems|culprit|caused by|because|suspect|narrowed|confirmed|it'?s the|is the cause|due to)\b/i;
const DECISION =
  /\b(decision|decided|decide|approved|approval granted|go ahead|go-ahead|signed off|sign-off given|agreed|agree|let'?s|we will|we'll|green light|ok to proceed)\b/i;
const REQUEST =
  /\b((need(s|ed)?|requires?|required)\b[^.]{0,30}\b(approval|sign-?off|permission|go-?ahead)|waiting (for|on)|awaiting|requested (approval|sign-?off)|asking for (approval|sign-?off)|pending (approval|sign-?off))\b/i;
const ANSWER =
  /\b(approved|approval granted|go ahead|go-ahead|signed off|sign-off (given|granted)|permission granted|ok to proceed|green light)\b/i;

/** Build the story from the notable events and the milestones. */
export function responseStory(ctx: AnalysisContext, notables: readonly Timed[], ms: MilestoneResult): ResponseStory {
  const m = ms.milestones;
  const start = m.impactStart?.time;
  const end = m.recovered?.time ?? m.mitigated?.time ?? ctx.window.end;
  const story: ResponseStory = { phases: [], waits: [], people: [] };
  if (start === undefined) return story;
  const humans = notables.filter((n) => n.kind === "chat" && !isBotMessage(n) && n.at >= start && n.at <= end);
  const detected = m.detected?.time ?? m.paged?.time;
  const engaged = m.acknowledged?.time ?? detected;
  const diagnosis = humans.find(
    (h) => engaged !== undefined && h.at >= engaged && DIAGNOSIS.test(h.message) && !isActionReport(h),
  );
  const mitigated = m.mitigated?.time;
  const decision = humans.find(
    (h) =>
      h.at >= (diagnosis?.at ?? engaged ?? start) &&
      (mitigated === undefined || h.at <= mitigated) &&
      DECISION.test(h.message),
  );
  const phase = (
    name: ResponseStory["phases"][number]["name"],
    a: number | undefined,
    b: number | undefined,
    ev: EvidenceRef[],
  ) => {
    if (a === undefined || b === undefined || b < a) return;
    story.phases.push({
      name,
      start: toUtcInstant(a),
      end: toUtcInstant(b),
      seconds: Math.round((b - a) / 1000),
      evidence: ev,
    });
  };
  phase("detection", start, detected, m.detected?.evidence ?? []);
  const diagEnd = diagnosis?.at ?? decision?.at ?? mitigated;
  phase("diagnosis", engaged, diagEnd, diagnosis ? [notableRef(ctx, diagnosis)] : []);
  if (decision) phase("decision", diagnosis?.at ?? engaged, decision.at, [notableRef(ctx, decision)]);
  phase(
    "repair",
    decision?.at ?? diagnosis?.at ?? engaged,
    mitigated ?? m.recovered?.time,
    m.mitigated?.evidence ?? [],
  );

  // Waits: an explicit request (approval, sign-off) and its answer; else the longest quiet stretches of the response.
  const clip = (t: string) => t.replace(/\s+/g, " ").trim().slice(0, 120);
  // Each answer (approved, go ahead) closes the wait that began with the first request since the previous answer.
  let since = Number.NEGATIVE_INFINITY;
  for (const answer of humans.filter((h) => ANSWER.test(h.message))) {
    const req = humans.find((h) => h.at > since && h.at < answer.at && REQUEST.test(h.message));
    since = answer.at;
    if (!req) continue;
    story.waits.push({
      from: toUtcInstant(req.at),
      to: toUtcInstant(answer.at),
      seconds: Math.round((answer.at - req.at) / 1000),
      fromText: clip(req.message),
      toText: clip(answer.message),
      evidence: [notableRef(ctx, req), notableRef(ctx, answer)],
    });
  }
  const events = notables.filter(
    (n) =>
      n.at >= (engaged ?? start) &&
      n.at <= end &&
      ((n.kind === "chat" && !isBotMessage(n)) ||
        n.kind === "change" ||
        (n.kind === "page" && pageAction(n) !== "other")),
  );
  const gaps: ResponseStory["waits"] = [];
  for (let i = 1; i < events.length; i++) {
    const a = events[i - 1] as Timed;
    const b = events[i] as Timed;
    const seconds = Math.round((b.at - a.at) / 1000);
    if (seconds < 600) continue;
    gaps.push({
      from: toUtcInstant(a.at),
      to: toUtcInstant(b.at),
      seconds,
      fromText: clip(a.message),
      toText: clip(b.message),
      evidence: [notableRef(ctx, a), notableRef(ctx, b)],
    });
  }
  gaps.sort((a, b) => b.seconds - a.seconds);
  for (const g of gaps) {
    if (story.waits.length >= 3) break;
    if (story.waits.some((w) => w.from <= g.to && g.from <= w.to)) continue;
    story.waits.push(g);
  }
  story.waits.sort((a, b) => b.seconds - a.seconds);

  // People: actors of chat, pages and changes from impact start to resolution.
  const until = m.resolved?.time ?? end;
  const people = new Map<string, { actions: number; first: number; role: string }>();
  for (const n of notables) {
    if (n.at < start - 3_600_000 || n.at > until || !n.actor) continue;
    if (n.kind === "chat" && isBotMessage(n)) continue;
    if (!(n.kind === "chat" || n.kind === "page" || n.kind === "change")) continue;
    const role =
      n.kind === "change"
        ? "made a change"
        : n.kind === "page"
          ? pageAction(n) === "acknowledge"
            ? "acknowledged the page"
            : "paged"
          : isActionReport(n)
            ? "acted"
            : isProblemReport(n)
              ? "reported"
              : "took part in chat";
    const p = people.get(n.actor);
    if (p) p.actions++;
    else people.set(n.actor, { actions: 1, first: n.at, role });
  }
  story.people = [...people.entries()]
    .sort((a, b) => a[1].first - b[1].first)
    .map(([name, p]) => ({ name, actions: p.actions, first: toUtcInstant(p.first), role: p.role }));
  return story;
}
