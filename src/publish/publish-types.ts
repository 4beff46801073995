import type { ParsedPostmortem } from "../postmortem/parsed-postmortem.js";
import type { HttpPolicy } from "../util/http-client.js";
import type { TrackerSettings } from "./trackers/tracker-config.js";

/** Options of `publishPostmortem`, one group per channel; a channel runs when its target is given. */
export interface PublishOptions {
  /** Print what would be sent and created; change nothing (no file, no ledger, no network). */
  dryRun?: boolean;
  /** Publish even when lint reports errors. */
  force?: boolean;
  /**
   * Mask personal data (e-mail and IP addresses) in everything sent: on unless `false` (`--no-redact-pii`), since
   * what is published leaves the team (a mailing list, a status page, a public channel). Secrets are always masked.
   */
  redactPii?: boolean;
  /** Steps whose earlier run died mid-way are not repeated unless named here (e.g. `email`, `slack`). */
  resend?: string[];
  /** Skip the PDF (no Chromium here); the email then carries HTML only. */
  pdf?: boolean;
  /** A link to the published report, used in Slack and the email. */
  link?: string;
  email?: { smtp: string; to: string[]; from: string };
  slackWebhook?: string;
  /** Microsoft Teams incoming-webhook or Workflows URL: an Adaptive Card summary is posted to it. */
  teamsWebhook?: string;
  /**
   * Confluence page to create or update under a parent page (credentials from the environment or the credentials
   * file: CONFLUENCE_EMAIL + CONFLUENCE_API_TOKEN for Cloud, CONFLUENCE_PAT for Data Center).
   */
  confluence?: ConfluenceTarget;
  webhook?: string;
  github?: { repo: string; apiUrl?: string };
  /**
   * The tracker to file action items in (Jira Cloud, Jira Data Center, Linear, GitLab; GitHub goes through `github`).
   * Default: `tracker:` of the incident's debrief.yaml, else of the nearest .debriefrc.yaml; `null` turns that off.
   */
  tracker?: TrackerSettings | null;
  /** Retry policy of the trackers' HTTP client (tests shorten the back-off). */
  trackerHttp?: Partial<HttpPolicy>;
  /** Called at points inside a step (`jira-cloud:AI-001:created`, `...:linked`) and before `write-back` (crash tests). */
  onPhase?: (phase: string) => void;
  /** Owner cell → GitHub login, for assignees (from debrief.yaml `github.users` or flags). */
  githubUsers?: Record<string, string>;
  /** Reference time for follow-up scheduling and `distributedAt` (tests). */
  now?: Date;
  /** Called after each step is recorded done (the CLI's crash hook for tests uses it). */
  onStepDone?: (stepId: string) => void;
  onProgress?: (message: string) => void;
  env?: Record<string, string | undefined>;
  /** The channel registry (default `PUBLISH_CHANNELS`); tests and embedders pass their own. */
  channels?: readonly PublishChannel[];
}

/** Where the Confluence export goes. */
export interface ConfluenceTarget {
  /** Site base URL: `https://acme.atlassian.net/wiki` (Cloud) or `https://confluence.acme.com` (Data Center). */
  url: string;
  /** Space key, e.g. `OPS`. */
  space: string;
  /** Id of the parent page the post-mortem goes under. */
  parentId?: string;
  /** Page title (default `<id>: <title>` of the post-mortem). */
  title?: string;
  /** A YAML/JSON file of credentials outside the incident folder (the environment wins). */
  credentialsFile?: string;
}

/** The post-mortem facts every channel summarises. */
export interface PublishSummary {
  id: string;
  title: string;
  severity: string;
  status: string;
  duration: string | null;
  impact: string | null;
  topFactors: string[];
  actionItems: number;
  resolvedAt: string | null;
}

/** What a channel gets to plan its steps. */
export interface PublishContext {
  dir: string;
  file: string;
  parsed: ParsedPostmortem;
  summary: PublishSummary;
  html: string;
  /** GitHub-flavoured Markdown of the report (the email's text part). */
  markdown: string;
  pdf: Buffer | undefined;
  ics: { file: string; content: string; start: Date } | undefined;
  options: PublishOptions;
  env: Record<string, string | undefined>;
  log(message: string): void;
}

/** One side effect of publishing, run at most once thanks to the ledger. */
export interface PlannedStep {
  /** Stable id within the post-mortem, e.g. `github:AI-001`, `email`. */
  id: string;
  channel: string;
  description: string;
  /** What `--dry-run` prints for this step. */
  preview: unknown;
  /**
   * Repeating the step after an unknown outcome cannot duplicate anything (it carries an idempotency key, or it
   * rewrites the same file). Steps that are not idempotent are repeated only with `--resend`, unless `reconcile` finds them.
   */
  idempotent: boolean;
  /** After an unknown outcome: look for the step's effect (e.g. an issue with our marker) and return its result. */
  reconcile?(): Promise<Record<string, unknown> | undefined>;
  run(): Promise<Record<string, unknown>>;
}

/** A distribution or tracking channel. */
export interface PublishChannel {
  id: string;
  /** Whether the options ask for this channel. */
  enabled(options: PublishOptions): boolean;
  plan(ctx: PublishContext): Promise<PlannedStep[]>;
}

/** How a step ended in this run. */
export interface StepOutcome {
  id: string;
  channel: string;
  description: string;
  outcome: "done" | "skipped-already-done" | "reconciled" | "unknown-outcome" | "failed" | "would-run";
  result?: Record<string, unknown>;
  error?: string;
  preview?: unknown;
}

/** What `publishPostmortem` did. */
export interface PublishReport {
  file: string;
  dryRun: boolean;
  steps: StepOutcome[];
  /** Front-matter fields and table cells written back into the document. */
  documentUpdates: string[];
  failed: number;
}
