import type { ChangeType } from "../changes/change-recogniser.js";
import { changeEvent } from "../changes/change-record.js";
import type { DocumentFormat, FormatContext } from "../evidence-format.js";
import { docHead, field, isRecord, type JsonRecord, parseDocument, parseIsoTime, str } from "./document-helpers.js";

interface Marker {
  ts: number;
  what: string;
  by: string | null;
  service: string | null;
  version: string | null;
  type: ChangeType;
  tool: string;
}

const DEPLOY_WORD =
  /\b(?:deploy\w*|releas\w*|rollout|rolled out|roll(?:ed|ing)? back|rollback|revert\w*|upgrad\w*|ship\w*)\b/i;

const typeOf = (text: string): ChangeType =>
  /roll(?:ed|ing)? back|rollback|revert/i.test(text) ? "rollback" : "deploy";

/** Epoch seconds or ms (Grafana `time` is ms, Datadog `date_happened` seconds), or an ISO string. */
function instant(v: unknown, ctx: FormatContext): number {
  if (typeof v === "number") return v > 1e11 ? v : v * 1000;
  return parseIsoTime(v, ctx);
}

/** Grafana annotation (`GET /api/annotations`): `time` (ms), `text`, `tags`, `login`/`email`. */
function grafana(it: JsonRecord, ctx: FormatContext): Marker | null {
  if (
    it.time === undefined ||
    typeof it.text !== "string" ||
    !("dashboardUID" in it || "panelId" in it || "tags" in it)
  )
    return null;
  const tags = Array.isArray(it.tags) ? it.tags.filter((t): t is string => typeof t === "string") : [];
  const text = it.text;
  if (!tags.some((t) => DEPLOY_WORD.test(t)) && !DEPLOY_WORD.test(text)) return null;
  const service = tags.find((t) => !DEPLOY_WORD.test(t) && !/[:=]/.test(t)) ?? null;
  return {
    ts: instant(it.time, ctx),
    what: text,
    by: str(it.login) ?? str(it.email),
    service,
    version: null,
    type: typeOf(`${text} ${tags.join(" ")}`),
    tool: "grafana-annotation",
  };
}

/** Sentry release (`dateReleased`, `lastDeploy`) or deploy (`dateFinished`, `environment`). */
function sentry(it: JsonRecord, ctx: FormatContext): Marker | null {
  if (typeof it.environment === "string" && (it.dateFinished !== undefined || it.dateStarted !== undefined)) {
    const ts = instant(it.dateFinished ?? it.dateStarted, ctx);
    return {
      ts,
      what: `Sentry deploy ${str(it.name) ?? ""} to ${it.environment}`.replace(/\s+/g, " "),
      by: null,
      service: null,
      version: str(it.version) ?? null,
      type: "deploy",
      tool: "sentry",
    };
  }
  if (typeof it.version !== "string" || (it.dateReleased === undefined && !isRecord(it.lastDeploy))) return null;
  const finished = field(it, "lastDeploy", "dateFinished");
  const ts = instant(finished ?? it.dateReleased, ctx);
  const project = Array.isArray(it.projects) && isRecord(it.projects[0]) ? str(it.projects[0].slug) : null;
  const env = field(it, "lastDeploy", "environment");
  return {
    ts,
    what: `Sentry release ${it.version}${env ? ` deployed to ${env}` : " released"}`,
    by: null,
    service: project,
    version: str(it.shortVersion) ?? it.version,
    type: "release",
    tool: "sentry",
  };
}

/** New Relic deployment marker (REST v2 `deployments`): `timestamp`, `revision`, `user`, `description`. */
function newRelic(it: JsonRecord, ctx: FormatContext): Marker | null {
  if (typeof it.revision !== "string" || it.timestamp === undefined || !("changelog" in it || "user" in it))
    return null;
  return {
    ts: instant(it.timestamp, ctx),
    what: `deployment ${it.revision}${str(it.description) ? `: ${str(it.description)}` : ""}`,
    by: str(it.user),
    service: null,
    version: it.revision,
    type: typeOf(str(it.description) ?? ""),
    tool: "newrelic",
  };
}

/** Datadog event (`GET /api/v1/events`): `date_happened` (s), `title`, `tags`; deploy events only. */
function datadog(it: JsonRecord, ctx: FormatContext): Marker | null {
  if (it.date_happened === undefined || typeof it.title !== "string") return null;
  const tags = Array.isArray(it.tags) ? it.tags.filter((t): t is string => typeof t === "string") : [];
  if (!DEPLOY_WORD.test(it.title) && !tags.some((t) => DEPLOY_WORD.test(t))) return null;
  const service = tags.find((t) => t.startsWith("service:"))?.slice(8) ?? null;
  return {
    ts: instant(it.date_happened, ctx),
    what: it.title,
    by: null,
    service,
    version: tags.find((t) => t.startsWith("version:"))?.slice(8) ?? null,
    type: typeOf(it.title),
    tool: "datadog-event",
  };
}

const READERS = [grafana, sentry, newRelic, datadog];

/**
 * Deploy and release markers that observability tools keep: Grafana annotations tagged or worded as a deploy
 * (https://grafana.com/docs/grafana/latest/developers/http_api/annotations/), Sentry releases and deploys
 * (https://docs.sentry.io/api/releases/), New Relic deployment markers
 * (https://docs.newrelic.com/docs/change-tracking/change-tracking-introduction/), Datadog deploy events
 * (https://docs.datadoghq.com/api/latest/events/). Each marker is a change in effect at its time (a Sentry deploy's
 * `dateFinished`, a release's last deploy).
 */
export const releaseMarkersJson: DocumentFormat = {
  id: "release-markers-json",
  description: "Deploy/release markers: Grafana annotations, Sentry releases and deploys, New Relic, Datadog events",
  kind: "change",
  shape: "document",
  samples: [
    '[{"id":1124,"alertId":0,"dashboardUID":"","panelId":0,"userId":7,"login":"ci-bot","email":"ci@example.com","time":1741082442000,"timeEnd":1741082442000,"tags":["deploy","checkout"],"text":"Deployed checkout 1.21.0","data":{}}]',
    '[{"version":"checkout@1.21.0","shortVersion":"1.21.0","dateCreated":"2025-03-04T09:58:00Z","dateReleased":"2025-03-04T10:00:42Z","projects":[{"slug":"checkout"}],"lastDeploy":{"environment":"production","dateStarted":"2025-03-04T10:00:11Z","dateFinished":"2025-03-04T10:00:42Z","id":"77"}}]',
  ],
  sampleName: "markers.json",
  detect(sample) {
    const t = sample.text;
    const head = docHead(t);
    if (head !== "[" && head !== "{") return 0;
    // above json-lines (0.95), which would read a one-line document of these as a log line
    if (/"dashboardUID"\s*:/.test(t) && /"time"\s*:/.test(t) && /"text"\s*:/.test(t)) return 0.97;
    if (/"dateReleased"\s*:/.test(t) || (/"dateFinished"\s*:/.test(t) && /"environment"\s*:/.test(t))) return 0.97;
    if (/"revision"\s*:/.test(t) && /"changelog"\s*:/.test(t) && /"timestamp"\s*:/.test(t)) return 0.97;
    if (/"date_happened"\s*:/.test(t) && /"title"\s*:/.test(t)) return 0.97;
    return 0;
  },
  parse(text, ctx) {
    const doc = parseDocument(text, ctx);
    const root = doc.value;
    const items = Array.isArray(root)
      ? root
      : isRecord(root)
        ? ([root.deployments, root.events, root.releases, root.annotations].find(Array.isArray) ?? [root])
        : [];
    for (const it of items) {
      const line = doc.lineOf(it);
      if (!isRecord(it)) continue;
      let m: Marker | null = null;
      for (const read of READERS) {
        m = read(it, ctx);
        if (m) break;
      }
      if (!m) {
        ctx.skip(line, "not-a-change", JSON.stringify(it).slice(0, 120));
        continue;
      }
      if (!Number.isFinite(m.ts)) {
        ctx.skip(line, "invalid-timestamp", JSON.stringify(it).slice(0, 120));
        continue;
      }
      // a release marker is written when the release is live: the marker's time is when it took effect
      ctx.emit(
        changeEvent({
          path: ctx.path,
          line,
          at: m.ts,
          type: m.type,
          what: m.what,
          where: m.service ? [m.service] : [],
          by: m.by,
          tool: m.tool,
          phase: "effective",
          service: m.service,
          version: m.version ?? null,
        }),
      );
    }
  },
};
