import { relative } from "node:path";
import type { Command } from "commander";
import type { CollectResult } from "../../collect/index.js";
import { DebriefError } from "../../model/debrief-error.js";
import { COLLECT_SOURCE_KEYS, evidenceCollectOperation } from "../../operations/evidence-collect.js";
import type { CliCommand, CliContext } from "../cli-context.js";
import { isoInstant, parseDuration, positiveInt, printJson, resolvePath, style, textTable } from "../cli-helpers.js";
import { runCliOperation } from "../cli-operation.js";

interface CollectFlags {
  prometheus?: string;
  alertmanager?: string;
  loki?: string;
  elasticsearch?: string;
  kubectlContext?: string;
  namespace?: string;
  selector?: string;
  pagerdutyIncident?: string;
  slackChannel?: string;
  start?: string;
  end?: string;
  padding?: string;
  credentials?: string;
  timeout?: string;
  retries?: string;
  refresh?: boolean;
  json?: boolean;
}

/**
 * The `evidence_collect` input for a command line. The flags are checked here first, so a bad flag is named as the
 * user typed it (`--start`, not `start`); the operation's schema checks them again, as it does for every adapter.
 */
function inputOf(dir: string, flags: CollectFlags): Record<string, unknown> {
  const input: Record<string, unknown> = { dir };
  for (const key of COLLECT_SOURCE_KEYS) if (flags[key] !== undefined) input[key] = flags[key];
  if (flags.start !== undefined) {
    isoInstant("--start")(flags.start);
    input.start = flags.start;
  }
  if (flags.end !== undefined) {
    isoInstant("--end")(flags.end);
    input.end = flags.end;
  }
  if (flags.padding !== undefined) {
    parseDuration("--padding", flags.padding);
    input.padding = flags.padding;
  }
  if (flags.timeout !== undefined) {
    parseDuration("--timeout", flags.timeout);
    input.timeout = flags.timeout;
  }
  if (flags.retries !== undefined) {
    if (!/^\d+$/.test(flags.retries)) {
      throw new DebriefError("USAGE", `--retries expects a whole number, got "${flags.retries}"`);
    }
    input.retries = flags.retries === "0" ? 0 : positiveInt("--retries")(flags.retries);
  }
  if (flags.credentials !== undefined) input.credentials = flags.credentials;
  if (flags.refresh) input.refresh = true;
  return input;
}

function report(ctx: CliContext, dir: string, result: CollectResult): void {
  const s = style(ctx);
  const rows = result.manifest.items.map((i) => [
    i.source,
    i.status === "ok" ? s.green(i.status) : i.status === "empty" ? s.yellow(i.status) : s.red(i.status),
    String(i.rows),
    i.file ?? "-",
    (i.error ?? i.reason ?? "").slice(0, 100),
  ]);
  ctx.err(textTable(["SOURCE", "STATUS", "ROWS", "FILE", "NOTE"], rows));
  const m = result.summary;
  ctx.err(
    `${s.bold("collect")}: ${m.fetched} fetched, ${m.skipped} already there, ${m.empty} empty, ${m.partial} partial, ${m.failed} failed; manifest ${relative(dir, result.manifestPath)}\n`,
  );
}

/** `debrief collect DIR`: fetch live evidence from the incident's sources and write `evidence/manifest.json`. */
export const collectCommand: CliCommand = {
  name: "collect",
  summary: "fetch live evidence (Prometheus, Alertmanager, Loki, Elasticsearch, kubectl, PagerDuty, Slack)",
  register(program: Command, ctx: CliContext) {
    program
      .command("collect")
      .description(
        "Fetch the incident's evidence from live systems into DIR/evidence, using DIR/debrief.yaml (window, collect " +
          "settings) and the flags below, and record every item fetched, empty or failed in DIR/evidence/manifest.json. " +
          "Re-running skips what is already fetched. Credentials come only from the environment (PROMETHEUS_TOKEN, " +
          "ALERTMANAGER_TOKEN, LOKI_TOKEN, LOKI_USERNAME/LOKI_PASSWORD, ELASTICSEARCH_API_KEY, ELASTICSEARCH_USERNAME/" +
          "ELASTICSEARCH_PASSWORD, PAGERDUTY_TOKEN, SLACK_TOKEN) or a credentials file outside DIR.",
      )
      .argument("<dir>", "incident folder (with debrief.yaml)")
      .option("--prometheus <url>", "Prometheus base URL, e.g. http://prometheus:9090")
      .option("--alertmanager <url>", "Alertmanager base URL, e.g. http://alertmanager:9093")
      .option("--loki <url>", "Loki base URL; queries come from collect.loki.queries")
      .option("--elasticsearch <url>", "Elasticsearch/OpenSearch base URL; index from collect.elasticsearch.index")
      .option("--kubectl-context <name>", "kubectl context to read pods, logs and events from")
      .option("--namespace <ns>", "Kubernetes namespace")
      .option("--selector <sel>", "pod label selector, e.g. app=orders-api")
      .option("--pagerduty-incident <id>", "PagerDuty incident id (token from PAGERDUTY_TOKEN)")
      .option("--slack-channel <name>", "Slack channel name or id (token from SLACK_TOKEN)")
      .option("--start <iso>", "window start, ISO-8601 with a zone (default: window.start in debrief.yaml)")
      .option("--end <iso>", "window end, ISO-8601 with a zone (default: window.end, else now)")
      .option("--padding <duration>", "baseline fetched before the window, e.g. 30m, 2h (default 30m)")
      .option("--credentials <file>", "credentials file (YAML NAME: value) outside the incident folder")
      .option("--timeout <duration>", "timeout of one request, e.g. 30s (default 30s)")
      .option("--retries <n>", "retries of a failed request with jittered back-off (default 3)")
      .option("--refresh", "fetch everything again, even items the manifest lists as fetched")
      .option("--json", "print the manifest and a summary as JSON on stdout")
      .addHelpText(
        "after",
        `
Exit codes: 0 everything fetched (or empty), 1 a source failed or was only partly fetched, 2 bad settings.

Examples:
  $ debrief collect incidents/2025-02-09-checkout
  $ debrief collect inc-42 --prometheus http://prometheus:9090 --alertmanager http://alertmanager:9093 --padding 1h
  $ PAGERDUTY_TOKEN=... debrief collect inc-42 --pagerduty-incident PT4KHLK --slack-channel inc-42 --json
  $ debrief collect inc-42 --kubectl-context prod --namespace shop --selector app=orders-api --start 2025-02-09T09:55:00Z --end 2025-02-09T10:45:00Z`,
      )
      .action(async (dir: string, flags: CollectFlags) => {
        // flags in, the evidence_collect operation run (as over HTTP and MCP), a table or JSON out
        const result = await runCliOperation(ctx, "collect", evidenceCollectOperation, inputOf(dir, flags), {
          log: (m) => ctx.err(`collect: ${m}\n`),
        });
        const root = resolvePath(ctx, dir);
        if (flags.json)
          printJson(ctx, {
            summary: result.summary,
            sources: result.sources,
            manifestPath: result.manifestPath,
            manifest: result.manifest,
          });
        else report(ctx, root, result);
        ctx.exitCode = result.summary.failed > 0 || result.summary.partial > 0 ? 1 : 0;
      });
  },
};
