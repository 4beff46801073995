/**
 * The story of the example incident as data: every time, name and number the evidence writers share. Keeping it in
 * one place is what makes the files agree with each other and with `truth.json`.
 */

/** Epoch ms of a UTC wall-clock time on 2025-02-09. */
export function at(hh: number, mm: number, ss = 0, ms = 0): number {
  return Date.UTC(2025, 1, 9, hh, mm, ss, ms);
}

/** ISO-8601 UTC with milliseconds, the form truth.json uses. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** ISO-8601 UTC without milliseconds (`2025-02-09T10:06:45Z`), as GitHub and PagerDuty write times. */
export function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** Key times of the incident. */
export const T = {
  /** First second of evidence written. */
  logStart: at(9, 30),
  /** End (exclusive) of evidence written. */
  logEnd: at(11, 0),
  /** Simulation starts a minute early so 1m rates at 09:30 have data behind them. */
  simStart: at(9, 29),
  unrelatedDeploy: at(9, 40, 12),
  deployCreated: at(9, 56, 50),
  deployStarted: at(9, 56, 52),
  /** v2.3.0 rollout finished: the trigger took effect. */
  deployDone: at(9, 58, 4),
  impactStart: at(10, 5, 23),
  latencyAlert: at(10, 3, 15),
  detected: at(10, 6, 45),
  pdTrigger: at(10, 6, 50),
  slackAlert: at(10, 7, 15),
  paged: at(10, 8, 12),
  acknowledged: at(10, 12, 0),
  restart: at(10, 13, 50),
  /** The restart looked like it helped until the pools filled again. */
  falseRecoveryFrom: at(10, 14, 10),
  poolExhausted: at(10, 15, 30),
  slowQueriesIdentified: at(10, 18, 45),
  cacheDeployStarted: at(10, 20, 5),
  mitigated: at(10, 22, 10),
  /** No incident-caused failure at or after this instant. */
  recoveredBy: at(10, 35, 0),
  resolved: at(10, 40, 0),
  /** When `amtool alert query` was run; alerts are shown as active at that moment. */
  alertsQueried: at(10, 24, 30),
} as const;

/**
 * The clock of the database node (running `orders-db-0` and the pgbouncer pod) runs ahead (broken chrony); both
 * kubelet's timestamps and the containers' own inherit it.
 */
export const PGBOUNCER_SKEW_MS = 2400;

/** Relative path of each evidence file inside the incident folder. */
export const FILES = {
  nginx: "evidence/nginx-access.log",
  app: "evidence/orders-api.jsonl",
  kubectl: "evidence/kubectl-orders-api.log",
  kubectlDb: "evidence/kubectl-orders-db.log",
  metrics: "evidence/metrics.json",
  metricsErrorRatio: "evidence/metrics-error-ratio.json",
  metricsLatency: "evidence/metrics-latency-p99.json",
  metricsPool: "evidence/metrics-db-pool.json",
  alerts: "evidence/alerts.json",
  pagerduty: "evidence/pagerduty-log-entries.json",
  slackUsers: "evidence/slack/users.json",
  slackChannels: "evidence/slack/channels.json",
  slackDay: "evidence/slack/inc-orders-api/2025-02-09.json",
  deploys: "evidence/deploys.json",
  gitLog: "evidence/git-log.txt",
  runbook: "evidence/runbooks/orders-api.md",
  config: "debrief.yaml",
  truth: "truth.json",
} as const;

/** A generation of orders-api pods: names, version and when they serve traffic. */
export interface PodGeneration {
  version: string;
  pods: readonly string[];
  ips: readonly string[];
  /** Serving from (inclusive). */
  from: number;
  /** Serving until (exclusive); a rolling update overlaps the next generation. */
  to: number;
}

/** Pods over the window: v2.2.4, v2.3.0, the same after `rollout restart`, then v2.3.1 with the cache layer. */
export const POD_GENERATIONS: readonly PodGeneration[] = [
  {
    version: "2.2.4",
    pods: ["orders-api-5b8c-k2m9x", "orders-api-5b8c-p4t7w", "orders-api-5b8c-r8v3n"],
    ips: ["10.42.1.31", "10.42.2.18", "10.42.3.44"],
    from: at(9, 0),
    to: at(9, 58, 4),
  },
  {
    version: "2.3.0",
    pods: ["orders-api-7d9f-abc12", "orders-api-7d9f-def34", "orders-api-7d9f-gh56j"],
    ips: ["10.42.1.57", "10.42.2.23", "10.42.3.12"],
    from: at(9, 57, 20),
    to: at(10, 14, 20),
  },
  {
    version: "2.3.0",
    pods: ["orders-api-7d9f-m3n8q", "orders-api-7d9f-t6w2z", "orders-api-7d9f-x9c4v"],
    ips: ["10.42.1.64", "10.42.2.71", "10.42.3.29"],
    from: at(10, 13, 55),
    to: at(10, 22, 10),
  },
  {
    version: "2.3.1",
    pods: ["orders-api-84c6-b7d2f", "orders-api-84c6-j5k8p", "orders-api-84c6-s3q9w"],
    ips: ["10.42.1.80", "10.42.2.94", "10.42.3.61"],
    from: at(10, 21, 15),
    to: at(11, 30),
  },
];

/** The generations serving at `t` (two during a rolling update). */
export function generationsAt(t: number): PodGeneration[] {
  return POD_GENERATIONS.filter((g) => t >= g.from && t < g.to);
}

/** Services and people that appear across PagerDuty, Slack and GitHub. */
export const PEOPLE = {
  oncall: {
    slack: "U04QJ8R2KTM",
    name: "priya",
    real: "Priya Raman",
    email: "priya.raman@shop.example.com",
    pd: "PQ7X2RM",
    gh: "priyaraman",
  },
  ic: {
    slack: "U03F1L7D9WB",
    name: "tomas",
    real: "Tomás Ortega",
    email: "tomas.ortega@shop.example.com",
    pd: "PB4N8KD",
    gh: "tortega",
  },
  dba: {
    slack: "U05H6V3NQ2P",
    name: "dmitri",
    real: "Dmitri Volkov",
    email: "dmitri.volkov@shop.example.com",
    pd: "P9ZC3LW",
    gh: "dvolkov",
  },
  support: {
    slack: "U02ZK5T8M1J",
    name: "maya",
    real: "Maya Lindqvist",
    email: "maya.lindqvist@shop.example.com",
    pd: "PX5D1TF",
    gh: "mlindqvist",
  },
  dev: {
    slack: "U06B2M9XJ4R",
    name: "kenji",
    real: "Kenji Watanabe",
    email: "kenji.watanabe@shop.example.com",
    pd: "PM3R7QA",
    gh: "kwatanabe",
  },
} as const;
