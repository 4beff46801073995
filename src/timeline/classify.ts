import type { RawEvent } from "../model/event.js";

/**
 * Reading the meaning of a normalised event: is it an HTTP request and did it fail, is it an alert firing, a page
 * being acknowledged, a human in chat reporting a problem, a deploy. Readers name attributes the way their source
 * does (`status`, `status_code`, `http.status_code`...), so every lookup here accepts the common spellings.
 */

/** The fields classification reads; notable events kept by the collector have them too. */
export type EventLike = Pick<RawEvent, "message" | "attributes" | "actor" | "service" | "severity">;

/** First attribute present among `names` (dotted paths such as `labels.alertname` look inside objects). */
export function attr(ev: EventLike, ...names: string[]): unknown {
  const a = ev.attributes;
  for (const n of names) {
    const v = a[n];
    if (v !== undefined && v !== null && v !== "") return v;
    const dot = n.length > 2 ? n.indexOf(".", 1) : -1;
    if (dot > 0) {
      const inner = a[n.slice(0, dot)];
      if (inner && typeof inner === "object") {
        const w = (inner as Record<string, unknown>)[n.slice(dot + 1)];
        if (w !== undefined && w !== null && w !== "") return w;
      }
    }
  }
  return undefined;
}

/** An attribute as a trimmed string, or null. */
export function attrString(ev: EventLike, ...names: string[]): string | null {
  // Name by name, so an object under an earlier name (Prometheus' `metric` labels) does not hide a later string.
  for (const n of names) {
    const v = attr(ev, n);
    if (typeof v === "string") {
      const t = v.trim();
      if (t) return t;
    } else if (typeof v === "number" || typeof v === "boolean") return String(v);
  }
  return null;
}

/** A value `attr` would accept: present, not null, not empty. */
function given(v: unknown): boolean {
  return v !== undefined && v !== null && v !== "";
}

/** `a.b` as a flattened key or as nested objects, the way `attr` reads dotted names. */
function dottedAttr(flat: unknown, head: unknown, tail: string): unknown {
  if (given(flat)) return flat;
  if (head && typeof head === "object") return (head as Record<string, unknown>)[tail];
  return undefined;
}

/** HTTP status code of a request event, or null when the event is not a request. */
export function httpStatus(ev: EventLike): number | null {
  // Called for every event. The spellings `attr` would try are read as literal properties, in its order: each read
  // site then sees a handful of object shapes (one per reader) and stays fast, where a loop over names is one
  // megamorphic keyed lookup per name.
  const a = ev.attributes;
  let v: unknown = a.status;
  if (typeof v === "number") return Number.isInteger(v) && v >= 100 && v <= 599 ? v : null;
  if (!given(v)) v = a.statusCode;
  if (!given(v)) v = a.status_code;
  if (!given(v)) v = a.http_status;
  if (!given(v)) v = a.response_code;
  if (!given(v)) v = dottedAttr(a["http.status_code"], a.http, "status_code");
  if (!given(v)) v = a.code;
  if (!given(v)) return null;
  const n = typeof v === "number" ? v : typeof v === "string" && /^\d{3}$/.test(v.trim()) ? Number(v) : Number.NaN;
  return Number.isInteger(n) && n >= 100 && n <= 599 ? n : null;
}

/** HTTP method of a request event. */
export function httpMethod(ev: EventLike): string | null {
  const direct = ev.attributes.method;
  if (typeof direct === "string" && direct.length > 0) return direct;
  // nested as JSON access logs write it: Caddy `request.method`
  const m = attrString(ev, "method", "http_method", "http.method", "verb", "request.method");
  if (m) return m.toUpperCase();
  const req = attrString(ev, "request");
  const match = req ? /^([A-Z]+) /.exec(req) : null;
  return match?.[1] ?? null;
}

/** Raw request path (query string removed). */
export function requestPath(ev: EventLike): string | null {
  const direct = ev.attributes.path;
  if (typeof direct === "string" && direct.startsWith("/") && direct.indexOf("?") < 0) return direct;
  // flat, or nested as JSON access logs write it (Caddy `request.uri`, ECS `url.path` / `url.original`)
  let p = attrString(
    ev,
    "path",
    "uri",
    "url",
    "route",
    "endpoint",
    "http.target",
    "http.url",
    "request_uri",
    "request.uri",
    "request.path",
    "request.url",
    "url.path",
    "url.original",
  );
  if (!p) {
    const req = attrString(ev, "request");
    const m = req ? /^[A-Z]+ (\S+)/.exec(req) : null;
    p = m?.[1] ?? null;
  }
  if (!p) return null;
  const q = p.indexOf("?");
  if (q >= 0) p = p.slice(0, q);
  const scheme = /^[a-z]+:\/\/[^/]+/i.exec(p);
  if (scheme) p = p.slice(scheme[0].length) || "/";
  return p;
}

/** Collapse ids in a path so `/orders/123` and `/orders/456` count as one endpoint. */
export function normaliseEndpoint(path: string): string {
  return path.split("/").map(normaliseSegment).join("/");
}

/** One path segment: an id becomes `:id`; a custom method after an id keeps its verb (`c94dd5:query` → `:id:query`). */
function normaliseSegment(seg: string): string {
  const verb = /^([^:]+)(:[A-Za-z][\w-]*)$/.exec(seg);
  if (verb) {
    const id = normaliseSegment(verb[1] as string);
    return id === ":id" ? `:id${verb[2]}` : seg;
  }
  return /^\d+$/.test(seg) ||
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(seg) ||
    /^[0-9a-f]{16,}$/i.test(seg) ||
    // fingerprinted assets (`d3953eaa5930.js`, `app.3f9c1e2b.css`)
    /(^|[.-])[0-9a-f]{8,}\.[a-z0-9]{1,5}$/i.test(seg) ||
    // numbered names (`org11`, `repo35`, `user1024`) and short base36 keys (`jra40p`): one class per id would
    // split one failure into hundreds of classes
    /^[a-z]{1,12}\d{2,}$/i.test(seg) ||
    // hex keys with digits and letters (`cbdd3cfc`, `c94dd5`)
    /^(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{6,}$/i.test(seg) ||
    (seg.length >= 5 && seg.length < 12 && /^[a-z0-9]+$/i.test(seg) && /\d.*\d/.test(seg) && /[a-z]/i.test(seg)) ||
    // opaque ids (ULIDs, base62/base64 keys): long, and mixing digits with letters
    (seg.length >= 12 &&
      /^[A-Za-z0-9_-]+$/.test(seg) &&
      /\d/.test(seg) &&
      /[A-Za-z]/.test(seg) &&
      !/^[a-z]+[-_][a-z]+\d?$/i.test(seg))
    ? ":id"
    : seg;
}

// Probe paths. Generic words such as `status` only count as the whole path: `/api/orders/1/status` is user traffic.
const HEALTH_PATH =
  /(^|\/)(healthz?|health-?check|readyz|livez|readiness|liveness|_health|nginx_status|server-status)(\/|$)|^\/(ping|status|ready|live|metrics)\/?$/i;
const HEALTH_AGENT = /kube-probe|ELB-HealthChecker|GoogleHC|Consul Health|Pingdom|UptimeRobot|HealthCheck/i;

/** Load-balancer and orchestrator probes: not user traffic, so neither impact nor rows. */
export function isHealthCheck(ev: EventLike, path: string | null): boolean {
  if (path && HEALTH_PATH.test(path)) return true;
  return isHealthAgent(ev);
}

/** A probe's user agent (kube-probe, ELB-HealthChecker...). */
export function isHealthAgent(ev: EventLike): boolean {
  const ua = userAgentOf(ev);
  return ua !== null && isHealthAgentString(ua);
}

/** The user agent of a request event, or null. */
export function userAgentOf(ev: EventLike): string | null {
  const a = ev.attributes;
  const direct = a.userAgent ?? a.user_agent;
  return typeof direct === "string"
    ? direct
    : attrString(ev, "http_user_agent", "agent", "http.user_agent", "user_agent");
}

/** Whether a user agent string is a probe's. */
export function isHealthAgentString(ua: string): boolean {
  return HEALTH_AGENT.test(ua);
}

/** Correlation id shared by the edge and the application for one request. */
export function requestId(ev: EventLike): string | null {
  // Literal reads in `attrString` order (see httpStatus): this runs for every failed request and error line.
  const a = ev.attributes;
  return (
    idString(a.request_id) ??
    idString(a.requestId) ??
    idString(a.req_id) ??
    idString(a.reqId) ??
    idString(a.x_request_id) ??
    idString(a.http_x_request_id) ??
    idString(a["x-request-id"]) ??
    idString(dottedAttr(a["request.id"], a.request, "id")) ??
    idString(a.trace_id) ??
    idString(a.traceId)
  );
}

/** What `attrString` makes of one value: a trimmed non-empty string, a number or boolean as text, else null. */
function idString(v: unknown): string | null {
  if (typeof v === "string") {
    const t = v.trim();
    return t ? t : null;
  }
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return null;
}

/** Severity at error or worse. */
export function isErrorSeverity(ev: EventLike): boolean {
  const s = ev.severity;
  return s === "error" || s === "critical" || s === "fatal";
}

/** Alert lifecycle state. */
export type AlertState = "firing" | "resolved" | "pending";

/** Name and state of an alert event. */
export function alertInfo(ev: EventLike): { name: string; state: AlertState; severity: string | null } {
  const name =
    attrString(ev, "alertname", "labels.alertname", "alert", "name", "title", "rule", "ruleName") ??
    ev.message.replace(/^\[?(FIRING|RESOLVED)(:\d+)?\]?\s*/i, "").slice(0, 80);
  const raw = (attrString(ev, "state", "status", "alertstate", "labels.alertstate", "event") ?? "").toLowerCase();
  let state: AlertState;
  if (/resolv|inactive|ok|normal|end/.test(raw)) state = "resolved";
  else if (/pending/.test(raw)) state = "pending";
  else if (raw) state = "firing";
  else state = /\bresolved\b/i.test(ev.message) ? "resolved" : "firing";
  const severity = attrString(ev, "severity", "labels.severity", "priority");
  return { name, state, severity };
}

/** What a paging-system entry records. */
export type PageAction = "trigger" | "notify" | "acknowledge" | "resolve" | "escalate" | "assign" | "note" | "other";

/**
 * Classify a paging entry (PagerDuty log entry types, Opsgenie actions, or the message text). Tools put the verb in
 * different fields: PagerDuty's `type` is the verb (`acknowledge_log_entry`), Opsgenie's `type` is a category
 * (`system`, `alertRecipient`, `alertAction`) with the verb in `action` or only in the wording. The first field
 * that names a known verb wins, then the message.
 */
export function pageAction(ev: EventLike): PageAction {
  for (const name of PAGE_ACTION_FIELDS) {
    const v = attrString(ev, name);
    if (!v) continue;
    const a = actionFromText(v.toLowerCase());
    if (a !== "other") return a;
  }
  return actionFromText(ev.message.toLowerCase());
}

const PAGE_ACTION_FIELDS = ["type", "action", "log_entry_type", "event_type", "event"] as const;

function actionFromText(text: string): PageAction {
  if (/unacknowledge/.test(text)) return "other";
  if (/acknowledge|(^|\W)ack(\W|$)/.test(text)) return "acknowledge";
  if (/resolve|closed?(\W|$)/.test(text)) return "resolve";
  if (/notify|notif|paged|page sent|sms|phone|push|voice call/.test(text)) return "notify";
  if (/trigger|open(ed)?(\W|$)|create/.test(text)) return "trigger";
  if (/escalat/.test(text)) return "escalate";
  if (/assign/.test(text)) return "assign";
  if (/annotate|note/.test(text)) return "note";
  return "other";
}

const BOT_NAME =
  /bot\b|alertmanager|pagerduty|grafana|opsgenie|prometheus|datadog|sentry|statuspage|incident\.io|webhook/i;

/** Chat messages posted by integrations, which mirror alerts and pages rather than report something new. */
export function isBotMessage(ev: EventLike): boolean {
  const b = attr(ev, "bot", "is_bot", "bot_id", "subtype");
  if (b === true || (typeof b === "string" && (b === "bot_message" || /^B[A-Z0-9]+$/.test(b)))) return true;
  return ev.actor !== null && BOT_NAME.test(ev.actor);
}

const PROBLEM_WORDS =
  /\b(errors?|5\d\d|50[0-9]s|fail(ing|ed|ures?)?|down|outage|broken|timeouts?|timing out|slow|latency|degraded|unavailable|can'?t|cannot|not working|spik(e|ing)|elevated|alert(s|ing)?|customers?|users? (report|say|see)|incident|paged?|hang(s|ing)?|stuck|missing|gone|disappeared|not (loading|resolving|responding|reachable)|unable|unreachable|refused|rejected|declined|crash(es|ed|ing|loop(ing)?)?|oom|overloaded|servfail|nxdomain|[45]\d\ds)\b/i;

/** A human in chat saying something is wrong (a candidate detection signal). */
export function isProblemReport(ev: EventLike): boolean {
  return PROBLEM_WORDS.test(ev.message);
}

// Verbs in a form that reports a thing done or being done to the system ("rolled back", "restarting", "resized the
// volume"): a bare noun ("the failover", "deploy is unrelated") or an approval is talk about an action, not one.
const ACTION_WORDS =
  /\b(roll(ed|ing) ?back|rolled back|revert(ed|ing)|deploy(ed|ing)|rolled out|rolling out|restart(ed|ing)|bounc(ed|ing)|reboot(ed|ing)|scal(ed|ing) (up|out|to)|scaled|fail(ed|ing) ?over|flipp(ed|ing)|disabl(ed|ing)|enabl(ed|ing)|toggl(ed|ing)|increas(ed|ing)|rais(ed|ing)|drain(ed|ing)|block(ed|ing)|kill(ed|ing)|reload(ed|ing)|applied|applying|shipp(ed|ing)|pushed|hotfix(ed)?|patch(ed|ing)|bumped|turned (off|on)|resiz(ed|ing)|grew|grown|expand(ed|ing)|extend(ed|ing)|warm(ed|ing)( up)?|purg(ed|ing)|flush(ed|ing)|promot(ed|ing)|switch(ed|ing)|(re)?issu(ed|ing)|install(ed|ing)|upload(ed|ing)|redirect(ed|ing)|cordon(ed|ing)|evict(ed|ing)|freed|clear(ed|ing)|renew(ed|ing)|rotat(ed|ing)|replac(ed|ing)|added|removed|deleted|migrat(ed|ing)|recreat(ed|ing)|redeploy(ed|ing)|executed|ran|updat(ed|ing)|chang(ed|ing)|pinn(ed|ing)|set .{1,40} to|engaged|stopp(ed|ing)|paus(ed|ing)|resum(ed|ing)|throttl(ed|ing)|shed(ding)?|restor(ed|ing)|truncat(ed|ing)|vacuum(ed|ing)|re-?label(l)?(ed|ing)|re-?index(ed|ing)|rebuil(t|ding)|re-?rout(ed|ing)|reconfigur(ed|ing)|isolat(ed|ing)|detach(ed|ing)|evacuat(ed|ing)|spun up|brought (up|back)|fenc(ed|ing)|rate-?limit(ed|ing)|pull(ed|ing)( [^.]{1,40})? (out|back)|shut (down|off)|took .{1,40} out of (rotation|service|the pool)|(de|re)pool(ed|ing)|withdr(ew|awn|awing)|fail(ed|ing) ?back|mov(ed|ing) (back|traffic)|cut ?over|lower(ed|ing)|reduc(ed|ing)|decreas(ed|ing)|doubl(ed|ing)|provision(ed|ing)|rebalanc(ed|ing)|terminat(ed|ing)|recycl(ed|ing)|power-?cycl(ed|ing)|re-?mount(ed|ing)|(running|executing|triggering|kicking off)\b(?! (out|low|hot|slow|at|on|fine|normally|well|behind|into|smoothly)\b))\b/i;
/** An action named as a noun with a verb of doing, or a command line run against the system. */
const ACTION_PHRASES =
  /\b(flag|feature|toggle|kill ?switch|switch|failover|rollback|revert|fix|hotfix|patch)\b[^.]{0,30}\b(is|are) (now )?(off|on|disabled|enabled|live|out|in|done|complete|applied|engaged)\b|\b(trying|doing|did|running|ran|started|starting|kicked off|triggered|issued|initiated|performing|performed)\s+(a |an |the )?(rollout |rolling |manual )?(restart|rollback|roll-back|revert|failover|fail-over|redeploy|resize|scale[- ]?(up|out)|cache warm(ing|-up)?|flag flip|hotfix|patch)\b|\b(restart|rollback|revert|failover|fail-?back|switch-?back|resize|scale[- ]?(up|down|out|in)|redeploy|migration|restore|truncate|vacuum|relabel(l?ing)?|reindex|rebuild|drain|reroute|throttle|rate-?limit|purge|flush|cache warm(ing|-up)?|warm-?up|reissue|renewal|rotation|fix|hotfix|patch|repair|recovery)\b(?:[^.?!]{0,40}\b(and|\+)\b[^.?!]{0,40})? (is |are |has |have )?(now )?(started|done|complete|completed|finished|in progress|succeeded|applied|through|live)\b|\b(kubectl|helm|terraform|ansible|aws|gcloud|az)\b.*\b(rollout|scale|delete|apply|drain|cordon|patch|set|rollback|upgrade|resize|modify|update)\b/i;
/** Talk about an action rather than one: approvals, negations, plans, requests. */
const NOT_AN_ACTION =
  /\b(approv(e|ed|al)|unrelated|not (related|the cause)|should|shall|will|would|could|can (we|i|you)|need(s|ed)? (to|a|an)|want to|going to|plan(ning)? to|waiting|wait for|let'?s|propos(e|ed|al)|suggest|maybe|if we|before we|don'?t|do not|didn'?t|haven'?t|isn'?t|no (need|change))\b/i;

/** A chat message describing an action taken on the system (a candidate mitigation). */
export function isActionReport(ev: EventLike): boolean {
  const text = ev.message;
  return (ACTION_WORDS.test(text) || ACTION_PHRASES.test(text)) && !/\?\s*$/.test(text) && !NOT_AN_ACTION.test(text);
}

/** A chat message declaring the incident resolved. */
export function isResolveReport(ev: EventLike): boolean {
  return /\b(incident|issue|we('re| are)|marking( as)?|marked( as)?|now)\s+(is\s+)?(resolved|closed|over)\b|^resolved\b/i.test(
    ev.message,
  );
}

/** Kind of change a `change` event records. */
export type ChangeType = "deploy" | "rollback" | "config" | "flag" | "infra" | "other";

/** Classify a change event. */
export function changeType(ev: EventLike): ChangeType {
  const t = `${attrString(ev, "type", "change_type", "action", "event") ?? ""} ${ev.message}`.toLowerCase();
  if (/rollback|roll back|rolled back|revert/.test(t)) return "rollback";
  if (/feature[ -]?flag|flag|toggle/.test(t)) return "flag";
  if (/config|configmap|setting|parameter/.test(t)) return "config";
  if (/deploy|release|rollout|rolled out|version|image|upgrade/.test(t)) return "deploy";
  if (/scale|node|instance|cluster|terraform|infra|migration/.test(t)) return "infra";
  return "other";
}

/** The service a change or log event concerns. */
export function serviceOf(ev: EventLike): string | null {
  return ev.service ?? attrString(ev, "service", "app", "application", "component", "labels.service", "labels.job");
}

/**
 * A metric sample's series name and value. A series without a metric name (a recording of an expression, as in
 * `{code="500"}`) is named after its file, so `metrics-error-ratio.json` gives `metrics-error-ratio`.
 */
export function metricSample(
  ev: EventLike & { path?: string },
): { series: string; name: string; value: number } | null {
  const v = attr(ev, "value", "val", "y");
  const value = typeof v === "number" ? v : typeof v === "string" ? Number(v) : Number.NaN;
  if (!Number.isFinite(value)) return null;
  const fileName =
    (ev.path ?? "")
      .split(/[\\/]/)
      .pop()
      ?.replace(/\.[^.]*$/, "") || "metric";
  const given = attrString(ev, "series", "name", "__name__", "metric", "query");
  if (given && given !== "scalar" && given !== "string") {
    const brace = given.indexOf("{");
    const name = brace === 0 ? fileName : brace > 0 ? given.slice(0, brace) : given;
    const series = brace === 0 ? (given === "{}" ? fileName : `${fileName}${given}`) : given;
    return { series, name, value };
  }
  const name = fileName;
  const labels = attr(ev, "labels", "metric");
  let series = name;
  if (labels && typeof labels === "object") {
    const parts = Object.entries(labels as Record<string, unknown>)
      .filter(([k]) => k !== "__name__")
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, val]) => `${k}="${String(val)}"`);
    if (parts.length > 0) series = `${name}{${parts.join(",")}}`;
  }
  return { series, name, value };
}

/** What a metric series measures, from its name; drives how a shift is read. */
export function metricClass(name: string): "errors" | "latency" | "saturation" | "traffic" | "other" {
  if (/error|5xx|fail|exception|fault|(code|status)="5\d\d"/i.test(name)) return "errors";
  if (/latency|duration|response_time|p9\d|_seconds(_bucket)?$|quantile/i.test(name)) return "latency";
  if (/pool|saturation|utili[sz]ation|cpu|memory|mem_|queue|connections|threads|in_use|inuse|usage|load/i.test(name))
    return "saturation";
  if (/requests|rps|qps|throughput|traffic/i.test(name)) return "traffic";
  return "other";
}

/**
 * Programs that only log the requests or queries of another service: proxies, load balancers and resolvers. When
 * such a program's name is all a failed request's line gives as its service, the failing service is unknown (the
 * one behind the proxy, or the name being resolved), not the logger.
 */
const LOGGER_ONLY =
  /^(?:haproxy|nginx|ingress-nginx|nginx-ingress(?:-controller)?|envoy|traefik|caddy|httpd|apache2?|lighttpd|varnishd?|squid|kong|openresty|unbound|named|bind9?|coredns|dnsmasq|pdns_recursor|kresd)$/i;

/** Whether a service name is only the proxy or resolver program that logged the line (see {@link LOGGER_ONLY}). */
export function isLoggerOnlyService(name: string): boolean {
  return LOGGER_ONLY.test(name);
}

/** A request read from the text of a line whose reader did not split it into fields. */
