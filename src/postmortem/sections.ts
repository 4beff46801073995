import type { SectionKey } from "../model/postmortem.js";

/** The standard sections in template order, with the heading Debrief writes for each. */
export const STANDARD_SECTIONS: readonly { key: SectionKey; heading: string; optional: boolean }[] = [
  { key: "summary", heading: "Summary", optional: false },
  { key: "impact", heading: "Impact", optional: false },
  { key: "rootCause", heading: "Root Cause", optional: false },
  { key: "timeline", heading: "Timeline", optional: false },
  { key: "contributingFactors", heading: "Contributing Factors", optional: false },
  { key: "fiveWhys", heading: "Five Whys", optional: false },
  { key: "whatWentWell", heading: "What Went Well", optional: false },
  { key: "whatWentWrong", heading: "What Went Wrong", optional: false },
  { key: "whereWeGotLucky", heading: "Where We Got Lucky", optional: true },
  { key: "lessonsLearned", heading: "Lessons Learned", optional: false },
  { key: "actionItems", heading: "Action Items", optional: false },
  { key: "appendix", heading: "Appendix", optional: false },
];

/**
 * Heading synonyms seen in real post-mortems (Google SRE, PagerDuty, Atlassian, Etsy and home-grown templates),
 * after normalisation by {@link normaliseHeading}. Order matters only for readability; lookups are exact.
 */
const SYNONYMS: Record<SectionKey, string[]> = {
  summary: [
    "summary",
    "incident summary",
    "executive summary",
    "overview",
    "tl dr",
    "tldr",
    "abstract",
    "description",
    "incident description",
    "what happened",
    "background",
  ],
  impact: [
    "impact",
    "customer impact",
    "user impact",
    "business impact",
    "impact assessment",
    "impact summary",
    "scope and impact",
    "severity and impact",
  ],
  rootCause: [
    "root cause",
    "root causes",
    "root cause analysis",
    "rca",
    "cause",
    "causes",
    "trigger",
    "trigger and root cause",
    "root cause and trigger",
    "root causes and trigger",
    "technical root cause",
    "what caused it",
  ],
  timeline: [
    "timeline",
    "incident timeline",
    "timeline of events",
    "detailed timeline",
    "chronology",
    "sequence of events",
    "timeline utc",
    "timeline all times utc",
    "timeline all times in utc",
  ],
  contributingFactors: [
    "contributing factors",
    "contributing factor",
    "contributing causes",
    "factors",
    "causal factors",
    "contributing conditions",
  ],
  fiveWhys: ["five whys", "5 whys", "the five whys", "whys", "5 why", "five why", "why analysis"],
  whatWentWell: ["what went well", "things that went well", "what went right", "went well", "successes"],
  whatWentWrong: [
    "what went wrong",
    "things that went wrong",
    "what went poorly",
    "what did not go well",
    "what didn t go well",
    "what didnt go well",
    "went wrong",
    "challenges",
    "what could have gone better",
  ],
  whereWeGotLucky: ["where we got lucky", "where we were lucky", "we got lucky", "lucky", "what was lucky"],
  lessonsLearned: ["lessons learned", "lessons learnt", "lessons", "learnings", "key learnings", "takeaways"],
  actionItems: [
    "action items",
    "action item",
    "actions",
    "follow up actions",
    "follow ups",
    "followups",
    "follow up items",
    "follow up",
    "next steps",
    "remediation",
    "remediations",
    "remediation items",
    "corrective actions",
    "corrective and preventative measures",
    "corrective and preventive measures",
    "corrective and preventative actions",
    "corrective and preventive actions",
    "preventative measures",
    "preventive measures",
    "preventative actions",
    "preventive actions",
  ],
  appendix: ["appendix", "appendices", "evidence", "supporting information", "references", "supporting evidence"],
};

const LOOKUP = new Map<string, SectionKey>();
for (const [key, names] of Object.entries(SYNONYMS) as [SectionKey, string[]][]) {
  for (const name of names) LOOKUP.set(name, key);
}

/**
 * Reduce a heading to comparable words: lower case, leading numbering ("5.", "2)", "IV.", "Section 3:") and emoji
 * dropped, punctuation to spaces, "&" read as "and".
 */
export function normaliseHeading(heading: string): string {
  // the same few dozen headings recur in every document of a workspace or lint run: remember them
  const known = NORMALISED.get(heading);
  if (known !== undefined) return known;
  const normalised = normaliseHeadingUncached(heading);
  if (NORMALISED.size >= 10_000) NORMALISED.clear();
  NORMALISED.set(heading, normalised);
  return normalised;
}

const NORMALISED = new Map<string, string>();

function normaliseHeadingUncached(heading: string): string {
  return heading
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[’']/g, " ")
    .replace(/&/g, " and ")
    .replace(/^\s*(?:section\s+)?(?:\d+(?:\.\d+)*|[ivxlc]+|[a-h])[.):]\s*/u, "")
    .replace(/^\s*\d+\s+/u, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** The standard section a heading names, or null. Matching is loose: synonyms, case, numbering, "(UTC)" suffixes. */
export function matchSectionHeading(heading: string): SectionKey | null {
  const n = normaliseHeading(heading);
  const direct = LOOKUP.get(n);
  if (direct) return direct;
  // "Resolution and Recovery" and similar are real sections Debrief has no key for; a few compound names map by
  // their leading words ("Impact and Detection" -> impact) only when the rest is short, to avoid grabbing prose.
  const words = n.split(" ");
  for (let take = Math.min(words.length - 1, 4); take >= 1; take--) {
    const head = words.slice(0, take).join(" ");
    const key = LOOKUP.get(head);
    if (
      key &&
      words.length - take <= 3 &&
      /^(and|with|of|in|for|utc|summary|analysis|table|list)$/.test(words[take] ?? "")
    ) {
      return key;
    }
  }
  return null;
}

/** Sub-headings inside Contributing Factors that set the level of the bullets under them. */
export function matchFactorLevel(heading: string): "immediate" | "contributing" | "systemic" | null {
  const n = normaliseHeading(heading);
  if (/^(immediate|proximate|direct|trigger)/.test(n)) return "immediate";
  if (/^(systemic|organi[sz]ational|underlying|latent|root)/.test(n)) return "systemic";
  if (/^contribut/.test(n)) return "contributing";
  return null;
}
