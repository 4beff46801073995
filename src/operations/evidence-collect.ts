import { z } from "zod";
import { type CollectOverrides, type CollectResult, collectEvidence } from "../collect/index.js";
import { defineOperation, type OperationContext } from "./operation.js";
import { toDurationMs, toMs, zDuration, zInstant, zPath } from "./schemas.js";
import { resolveInWorkspace } from "./workspace-path.js";

/** The per-source settings a caller may override (CLI flags of the same names, API/MCP input fields). */
export const COLLECT_SOURCE_KEYS = [
  "prometheus",
  "alertmanager",
  "loki",
  "elasticsearch",
  "kubectlContext",
  "namespace",
  "selector",
  "pagerdutyIncident",
  "slackChannel",
] as const;

/**
 * The credentials file as `collectEvidence` takes it: confined to the workspace on a server; unconfined (the CLI)
 * a `~/` path is left for the collector to expand, as a shell user expects of `--credentials ~/.config/...`.
 */
function credentialsPath(ctx: OperationContext, path: string): string {
  return ctx.workspace === undefined && path.startsWith("~/") ? path : resolveInWorkspace(ctx, path);
}

/** A source's base URL; the collector itself refuses anything but http(s), naming the source. */
const zBaseUrl = z.string().describe("http(s) base URL");

/** `evidence_collect`: fetch the incident window from live systems into DIR/evidence. */
export const evidenceCollectOperation = defineOperation({
  name: "evidence_collect",
  title: "Collect evidence from live systems",
  description:
    "Fetches the incident window (plus a baseline padding) from Prometheus, Alertmanager, Loki, Elasticsearch, kubectl, PagerDuty and Slack into DIR/evidence, and records every fetch, failure and empty answer in DIR/evidence/manifest.json. Sources and queries come from DIR/debrief.yaml; the fields here override them.",
  input: z.object({
    dir: zPath.describe("the incident folder"),
    prometheus: zBaseUrl.optional(),
    alertmanager: zBaseUrl.optional(),
    loki: zBaseUrl.optional(),
    elasticsearch: zBaseUrl.optional(),
    kubectlContext: z.string().optional(),
    namespace: z.string().optional(),
    selector: z.string().optional(),
    pagerdutyIncident: z.string().optional(),
    slackChannel: z.string().optional(),
    start: zInstant.optional().describe("window start (default: window.start in debrief.yaml)"),
    end: zInstant.optional().describe("window end (default: window.end, else now)"),
    padding: zDuration.optional().describe("baseline fetched before the window (default 30m)"),
    credentials: zPath.optional().describe("credentials file (YAML NAME: value)"),
    timeout: zDuration.optional().describe("timeout of one request (default 30s)"),
    retries: z.number().int().nonnegative().max(20).optional().describe("retries of a failed request (default 3)"),
    refresh: z.boolean().optional().describe("fetch everything again"),
  }),
  // reads remote systems and (re)writes files under evidence/
  annotations: { readOnly: false, destructive: true, idempotent: false, openWorld: true },
  async run(input, ctx): Promise<CollectResult> {
    const overrides: CollectOverrides = {};
    for (const key of COLLECT_SOURCE_KEYS) {
      const v = input[key];
      if (v !== undefined) overrides[key] = v;
    }
    if (input.start !== undefined) overrides.start = toMs("start", input.start);
    if (input.end !== undefined) overrides.end = toMs("end", input.end);
    if (input.padding !== undefined) overrides.padding = input.padding;
    const http: { timeoutMs?: number; retries?: number } = {};
    if (input.timeout !== undefined) http.timeoutMs = toDurationMs("timeout", input.timeout);
    if (input.retries !== undefined) http.retries = input.retries;
    return collectEvidence(resolveInWorkspace(ctx, input.dir), {
      overrides,
      refresh: Boolean(input.refresh),
      ...(input.credentials !== undefined ? { credentialsFile: credentialsPath(ctx, input.credentials) } : {}),
      env: ctx.env,
      cwd: ctx.cwd,
      http,
      onProgress: (m: string) => ctx.log(m),
    });
  },
});
