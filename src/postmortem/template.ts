import { stringify } from "yaml";
import { FORMAT_VERSION } from "../model/common.js";
import { IncidentConfig } from "../model/incident-config.js";
import type { SectionKey } from "../model/postmortem.js";
import { STANDARD_SECTIONS } from "./sections.js";

/** What `debrief init` knows about a new incident. Times are UTC instants (`2025-02-09T10:00:00Z`). */
export interface SkeletonInput {
  id: string;
  title: string;
  severity: string;
  start: string;
  end: string | null;
  services: string[];
  authors?: string[];
  /** Default zone for evidence timestamps without one (debrief.yaml `timezone`). */
  timezone?: string;
}

/**
 * Guidance written as HTML comments under each heading. It asks for facts about the system and the conditions people
 * worked in; renderers drop comments and the blameless lint rules ignore them.
 */
export const SECTION_GUIDANCE: Record<SectionKey, string[]> = {
  summary: [
    "Two or three sentences: what users experienced, for how long, and what ended it.",
    "Write for a reader who was not there; link the incident ticket in the front matter (tracker).",
  ],
  impact: [
    "Figures, not adjectives: duration, users affected, requests failed, error-rate peak, revenue or SLA where known.",
    "`debrief draft` fills what the evidence shows; write `unknown` rather than guess the rest.",
  ],
  rootCause: [
    "The trigger (what changed, and when it took effect in production) and the conditions that let it cause harm.",
    "Describe what the system allowed, not who erred.",
  ],
  timeline: [
    "| Time | Event | Source | Actor | with all times in UTC; `debrief draft` builds the table from evidence.",
    "Record what people knew and did at the time, without judging it from what was learned later.",
  ],
  contributingFactors: [
    "One factor per bullet, each with its evidence (`evidence/file.log:123`).",
    "Suggestions from `debrief draft` are marked Suggested: confirm them (remove the prefix) or delete them.",
  ],
  fiveWhys: [
    "A numbered chain from the problem to a systemic cause, one step per line:",
    "1. **Why** did checkout fail? **Because** ...",
    "Keep asking about conditions and design; a person's action is never the last answer.",
  ],
  whatWentWell: ["Detection, tooling, runbooks and teamwork that limited the impact."],
  whatWentWrong: ["Gaps in the system, tooling and process that made the impact larger or longer."],
  whereWeGotLucky: ["Things that limited the impact by chance rather than by design (optional section)."],
  lessonsLearned: ["What the organisation now knows about its systems that it did not know before."],
  actionItems: [
    "Each item: starts with a verb, has a narrow scope and a clear done state, one owner, a date and a ticket.",
    "Prefer changes to the system (alerts, limits, automation, checks) over asking people to be more careful.",
  ],
  appendix: ["Evidence references and redacted excerpts; `debrief draft` adds data gaps and excerpts here."],
};

const FACTOR_SUBSECTIONS: { heading: string; guidance: string }[] = [
  { heading: "Immediate Cause", guidance: "The condition that directly produced the failure." },
  { heading: "Contributing Factors", guidance: "Conditions that made the failure possible, larger or longer." },
  { heading: "Systemic Issues", guidance: "Organisational and design conditions behind the factors above." },
];

function comment(lines: string[]): string {
  return lines.length === 1 ? `<!-- ${lines[0]} -->` : `<!--\n${lines.map((l) => `  ${l}`).join("\n")}\n-->`;
}

/** The `postmortem.md` skeleton: front matter plus every standard section with guidance. LF line endings. */
export function renderPostmortemSkeleton(input: SkeletonInput): string {
  const fm = stringify(
    {
      formatVersion: FORMAT_VERSION,
      id: input.id,
      title: input.title,
      severity: input.severity,
      status: "draft",
      window: { start: input.start, end: input.end },
      services: input.services,
      authors: input.authors ?? [],
      reviewers: [],
      resolvedAt: null,
      distributedAt: null,
      followUpReview: null,
      tracker: null,
    },
    { lineWidth: 0, nullStr: "", flowCollectionPadding: false, collectionStyle: "any" },
  )
    .replace(/^(services|authors|reviewers):\n((?: {2}- .*\n)*)/gm, (_m, key: string, items: string) => {
      const values = items
        .split("\n")
        .filter(Boolean)
        .map((l) => l.replace(/^ {2}- /, ""));
      return `${key}: [${values.join(", ")}]\n`;
    })
    .replace(/: \[\]\n/g, ": []\n");
  const parts = [`---\n${fm}---\n`, `# ${input.title}\n`];
  for (const section of STANDARD_SECTIONS) {
    parts.push(`## ${section.heading}\n`);
    parts.push(`${comment(SECTION_GUIDANCE[section.key])}\n`);
    if (section.key === "contributingFactors") {
      for (const sub of FACTOR_SUBSECTIONS) parts.push(`### ${sub.heading}\n\n${comment([sub.guidance])}\n`);
    }
    if (section.key === "actionItems") {
      parts.push("| ID | Action | Owner | Deadline | Priority | Status | Tracker |\n|---|---|---|---|---|---|---|\n");
    }
  }
  return parts.join("\n");
}

/** The `debrief.yaml` of a new incident folder, with commented examples of the settings people most often need. */
export function renderIncidentConfig(input: SkeletonInput): string {
  // validated through the schema so init can never write a file the rest of Debrief refuses
  IncidentConfig.parse({
    id: input.id,
    title: input.title,
    severity: input.severity,
    services: input.services,
    window: input.end ? { start: input.start, end: input.end } : { start: input.start },
    timezone: input.timezone ?? "UTC",
  });
  const head = stringify(
    {
      formatVersion: FORMAT_VERSION,
      id: input.id,
      title: input.title,
      severity: input.severity,
      services: input.services,
      window: input.end ? { start: input.start, end: input.end } : { start: input.start },
    },
    { lineWidth: 0 },
  );
  // No default zone is written: a stated `timezone:` removes the "(assumed UTC)" mark from every zone-less source,
  // which would hide a log written in local time. Only a zone the user gave is written.
  const zone =
    input.timezone === undefined
      ? `# timezone: UTC   (unset: zone-less timestamps are read as UTC and marked "(assumed UTC)"; set the
#                   zone the hosts log in, e.g. Europe/Paris, once you know it)`
      : `timezone: ${stringify(input.timezone).trimEnd()}`;
  return `${head}# Zone for evidence timestamps that carry none (IANA name such as Europe/Paris, or UTC).
${zone}
# Per-file zones override it, by path or glob relative to this folder:
#   "evidence/app-eu.log": Europe/Paris
timezones: {}
# Known clock offsets to correct, in seconds per file (positive: that file's clock runs ahead).
skew: {}
# What \`debrief collect\` fetches; every source is optional. Credentials never go here: use credentialsFile.
collect:
  padding: 30m
  # prometheus:
  #   url: http://prometheus.internal:9090
  #   alerts: true
  #   queries:
  #     - name: error-rate
  #       query: sum(rate(http_requests_total{code=~"5.."}[1m])) / sum(rate(http_requests_total[1m]))
  # loki: { url: http://loki.internal:3100, queries: ['{app="api"}'] }
  # pagerduty: { incident: PXXXXXX }
  # credentialsFile: ~/.config/debrief/credentials.yaml
`;
}
