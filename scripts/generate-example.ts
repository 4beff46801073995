/**
 * Generates the example incident `examples/incidents/api-degradation/`: evidence in the exact formats real tools
 * write, plus `debrief.yaml` and the ground truth `truth.json` the tests check Debrief against. Deterministic: the
 * same seed and scale give the same bytes on every run (tested), so the committed example can be regenerated and
 * compared instead of edited by hand.
 *
 *   node --import tsx scripts/generate-example.ts [--out DIR] [--scale N] [--seed N]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { alertsDocument, serialiseAlerts } from "./example/alerts.js";
import { deploymentsDocument, gitLog, ordersApiCommits } from "./example/deploys.js";
import { prettyJson } from "./example/formats.js";
import { dbPool, errorRatio, firingTime, latencyP99, requestRateByCode, serialiseResponse } from "./example/metrics.js";
import { pagerdutyDocument } from "./example/pagerduty.js";
import { Rng } from "./example/prng.js";
import { RUNBOOK } from "./example/runbook.js";
import { FILES, iso, PGBOUNCER_SKEW_MS, T } from "./example/scenario.js";
import { slackChannels, slackDay, slackJson, slackUsers } from "./example/slack.js";
import { simulateTraffic } from "./example/traffic.js";

/** Seed of the committed example. */
export const DEFAULT_SEED = 20250209;

/** Where the committed example lives, relative to the repository root. */
export const EXAMPLE_DIR = "examples/incidents/api-degradation";

/** Options of {@link generateExample}. */
export interface GenerateOptions {
  /** Output folder (created when missing; files the generator owns are overwritten). */
  out: string;
  /** Multiplies the request volume; 1 is the committed example. */
  scale?: number;
  seed?: number;
}

/** The ground truth written to `truth.json`. */
export interface ExampleTruth {
  id: string;
  generator: { script: string; seed: number; scale: number };
  milestones: Record<
    "impactStart" | "detected" | "paged" | "acknowledged" | "mitigated" | "recovered" | "resolved",
    string
  >;
  trigger: { deploy: string; service: string; sha: string; time: string; deployCreated: string };
  poolExhausted: string;
  slowQueriesIdentified: string;
  falseRecovery: { action: string; time: string; errorsReturned: string };
  precursors: { alertname: string; startsAt: string; note: string }[];
  peakErrorRate: number;
  peakErrorRateAt: string;
  peakErrorRateDefinition: string;
  failedRequests: number;
  baselineFailedRequests: number;
  impactWindow: { from: string; to: string; requests: number; failed5xx: number; errorRate: number };
  failedByEndpoint: Record<string, number>;
  totalRequests: number;
  apiRequests: number;
  healthChecks: number;
  poolExhaustedLogLines: number;
  slowQueryLogLines: number;
  skewSeconds: Record<string, number>;
  derivedFromMetrics: { highErrorRateFiresAt: string | null; highLatencyP99FiresAt: string | null };
  files: Record<string, { lines?: number }>;
}

const CONFIG_YAML = `# Debrief incident configuration (schema: src/model/incident-config.ts).
formatVersion: 1
id: INC-2025-0209
title: "orders-api degradation: checkout failures after v2.3.0"
severity: SEV2
services:
  - orders-api
window:
  start: "2025-02-09T09:55:00Z"
  end: "2025-02-09T10:45:00Z"
timezone: UTC
`;

function write(out: string, rel: string, text: string): void {
  const path = join(out, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** Writes the whole example incident into `options.out` and returns its truth. */
export function generateExample(options: GenerateOptions): ExampleTruth {
  const scale = options.scale ?? 1;
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isFinite(scale) || scale <= 0 || scale > 1000)
    throw new Error(`--scale must be a number in (0, 1000], got ${scale}`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${seed}`);
  const out = options.out;
  mkdirSync(join(out, "evidence"), { recursive: true });
  const root = new Rng(seed);

  const traffic = simulateTraffic(out, root.fork("traffic"), scale);
  const agg = traffic.aggregates;
  const ratio = errorRatio(agg);
  const p99 = latencyP99(agg);
  write(out, FILES.metrics, serialiseResponse(requestRateByCode(agg)));
  write(out, FILES.metricsErrorRatio, serialiseResponse(ratio));
  write(out, FILES.metricsLatency, serialiseResponse(p99));
  write(out, FILES.metricsPool, serialiseResponse(dbPool(root.fork("pool"))));
  write(out, FILES.alerts, serialiseAlerts(alertsDocument(root.fork("alerts"))));
  write(out, FILES.pagerduty, prettyJson(pagerdutyDocument(root.fork("pagerduty"))));
  const { users, hashes } = slackUsers(root.fork("slack-users"));
  write(out, FILES.slackUsers, slackJson(users));
  write(out, FILES.slackChannels, slackJson(slackChannels()));
  write(out, FILES.slackDay, slackJson(slackDay(root.fork("slack"), hashes)));
  const commits = ordersApiCommits(root.fork("git"));
  write(out, FILES.gitLog, gitLog(commits));
  write(out, FILES.deploys, prettyJson(deploymentsDocument(root.fork("deploys"), commits)));
  write(out, FILES.runbook, RUNBOOK);
  write(out, FILES.config, CONFIG_YAML);

  const errorsFire = firingTime(ratio, 0.05, 60_000);
  const latencyFire = firingTime(p99, 1, 5 * 60_000);
  const v230 = commits.find((c) => c.tag === "v2.3.0");
  const truth: ExampleTruth = {
    id: "INC-2025-0209",
    generator: { script: "scripts/generate-example.ts", seed, scale },
    milestones: {
      impactStart: iso(traffic.firstIncidentFailure),
      detected: iso(T.detected),
      paged: iso(T.paged),
      acknowledged: iso(T.acknowledged),
      mitigated: iso(T.mitigated),
      recovered: iso(traffic.lastIncidentFailure),
      resolved: iso(T.resolved),
    },
    trigger: {
      deploy: "v2.3.0",
      service: "orders-api",
      sha: v230?.sha ?? "",
      time: iso(T.deployDone),
      deployCreated: iso(T.deployCreated),
    },
    poolExhausted: iso(traffic.firstPoolExhausted),
    slowQueriesIdentified: iso(T.slowQueriesIdentified),
    falseRecovery: {
      action: "kubectl rollout restart deploy/orders-api",
      time: iso(T.restart),
      errorsReturned: iso(T.poolExhausted),
    },
    precursors: [
      {
        alertname: "DiskSpaceLow",
        startsAt: "2025-02-09T08:47:15.000Z",
        note: "unrelated host, firing before and after the incident",
      },
      {
        alertname: "HighLatencyP99",
        startsAt: iso(T.latencyAlert),
        note: "warning on orders-api that fired before impact; Slack only",
      },
    ],
    peakErrorRate: Math.round(traffic.peakErrorRate * 1000) / 1000,
    peakErrorRateAt: iso(traffic.peakErrorMinute),
    peakErrorRateDefinition:
      "highest share of 5xx among nginx requests other than /healthz, per calendar minute (by $time_local)",
    failedRequests: traffic.failedRequests,
    baselineFailedRequests: traffic.baselineFailedRequests,
    impactWindow: {
      from: iso(traffic.firstIncidentFailure),
      to: iso(traffic.lastIncidentFailure),
      requests: traffic.impactWindow.requests,
      failed5xx: traffic.impactWindow.failed5xx,
      errorRate:
        Math.round((traffic.impactWindow.failed5xx / Math.max(1, traffic.impactWindow.requests)) * 10000) / 10000,
    },
    failedByEndpoint: traffic.failedByEndpoint,
    totalRequests: traffic.totalRequests,
    apiRequests: traffic.apiRequests,
    healthChecks: traffic.healthChecks,
    poolExhaustedLogLines: traffic.poolExhaustedLines,
    slowQueryLogLines: traffic.slowQueryLines,
    skewSeconds: {
      [FILES.kubectl]: PGBOUNCER_SKEW_MS / 1000,
      [FILES.kubectlDb]: PGBOUNCER_SKEW_MS / 1000,
      [FILES.nginx]: 0,
      [FILES.app]: 0,
    },
    derivedFromMetrics: {
      highErrorRateFiresAt: errorsFire === undefined ? null : iso(errorsFire),
      highLatencyP99FiresAt: latencyFire === undefined ? null : iso(latencyFire),
    },
    files: {
      [FILES.nginx]: { lines: traffic.lines.nginx },
      [FILES.app]: { lines: traffic.lines.app },
      [FILES.kubectl]: { lines: traffic.lines.kubectl },
      [FILES.kubectlDb]: { lines: traffic.lines.kubectlDb },
    },
  };
  write(out, FILES.truth, prettyJson(truth));
  return truth;
}

function parseArgs(argv: string[]): GenerateOptions {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  const opts: GenerateOptions = { out: join(repoRoot, EXAMPLE_DIR) };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === "--help" || arg === "-h") {
      process.stdout.write(
        "Usage: node --import tsx scripts/generate-example.ts [--out DIR] [--scale N] [--seed N]\n\n" +
          `  --out DIR   output folder (default ${EXAMPLE_DIR})\n` +
          "  --scale N   multiply the request volume (default 1; e.g. 20 for a benchmark-sized variant)\n" +
          `  --seed N    PRNG seed (default ${DEFAULT_SEED})\n`,
      );
      process.exit(0);
    }
    if (arg !== "--out" && arg !== "--scale" && arg !== "--seed") throw new Error(`unknown argument: ${arg}`);
    if (value === undefined || value.startsWith("--")) throw new Error(`${arg} needs a value`);
    i++;
    if (arg === "--out") opts.out = resolve(value);
    else if (arg === "--scale") opts.scale = Number(value);
    else opts.seed = Number(value);
  }
  return opts;
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  try {
    const opts = parseArgs(process.argv.slice(2));
    const started = Date.now();
    const truth = generateExample(opts);
    process.stderr.write(
      `wrote ${opts.out} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${truth.totalRequests} nginx lines, ` +
        `${truth.failedRequests} incident 5xx, peak ${(truth.peakErrorRate * 100).toFixed(1)}% at ${truth.peakErrorRateAt}\n`,
    );
  } catch (err) {
    process.stderr.write(`generate-example: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  }
}
