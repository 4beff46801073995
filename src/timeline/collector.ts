import type { EvidenceRef } from "../model/common.js";
import type { EventKind, RawEvent } from "../model/event.js";
import {
  alertInfo,
  httpMethod,
  httpStatus,
  isErrorSeverity,
  isHealthAgentString,
  isHealthCheck,
  metricSample,
  normaliseEndpoint,
  requestId,
  requestPath,
  userAgentOf,
} from "./classify.js";
import { addMetricPoint, countFailure, countKey, countTemplateEvent } from "./count-aggregates.js";
import { countTransaction } from "./failure-accounting.js";
import { RecentStrings } from "./recent-strings.js";
import { dnsOutcome, requestFromText } from "./request-text.js";
import { bump, ERRORS, EVENTS, FAILURES, mark, markFailure, pageFor, REQUESTS, slotOf } from "./second-table.js";
import {
  type CollectedAggregates,
  type CollectorOptions,
  emptySourceAggregates,
  type MetricSeries,
  ownString,
  type PairSamples,
  type SourceAggregates,
} from "./source-aggregates.js";
import type { TemplateIndex } from "./template-index.js";

/**
 * The streaming half of the timeline engine. Every merged event passes through {@link TimelineCollector.add} once
 * and is then forgotten: only aggregates stay (per-second counts per source, template counts per minute, bursts,
 * the few thousand notable events such as alerts, pages, chat and deploys, metric points). Memory therefore grows
 * with the time span and the number of distinct templates, not with the number of lines.
 *
 * Everything is kept per source with the source's own timestamps, so clock-skew corrections found at the end can
 * be applied afterwards by shifting whole sources.
 */

/** Per-source cache of the current second's bucket: merged events of one source mostly share a second. */
interface HotState {
  sec: number;
  page: Uint32Array;
  /** Where `sec`'s counters start in `page`. */
  at: number;
  service: string | null;
}

const ownMessage = (text: string): string => ownString(text, 200);

/** Placeholder page of a source's hot state before its first event. */
const NO_PAGE = new Uint32Array(0);

/** A request path's endpoint, probe verdict, and `METHOD endpoint` keys. */
interface Route {
  endpoint: string;
  health: boolean;
  byMethod: Map<string, string>;
}

const DIGITS = /\d+/g;

const ROW_KINDS: ReadonlySet<EventKind> = new Set(["alert", "page", "chat", "change", "k8s-event", "note"]);
/** Streaming aggregation of merged events. */
export class TimelineCollector {
  private readonly sources: SourceAggregates[] = [];
  private readonly srcByPath = new Map<string, number>();
  private readonly metrics = new Map<string, MetricSeries>();
  private readonly pending = new Map<string, { ts: number; src: number }>();
  private readonly pairs = new Map<string, PairSamples>();
  private readonly burstGap: number;
  private readonly maxNotables: number;
  private readonly maxPending: number;
  private readonly maxPoints: number;
  private readonly maxBursts: number;
  private readonly maxKeys: number;
  private events = 0;
  private readonly hot: HotState[] = [];
  private readonly routes = new Map<string, Route>();
  private readonly clusterCache = new Map<string, number>();
  private readonly exactCache = new Map<string, number>();
  private readonly agents = new Map<string, boolean>();
  private readonly recentMessages = new RecentStrings<number>();
  private readonly recentAgents = new RecentStrings<boolean>();
  private readonly recentRoutes = new RecentStrings<Route>();

  constructor(
    private readonly templates: TemplateIndex,
    options: CollectorOptions = {},
  ) {
    this.burstGap = options.burstGapMs ?? 60_000;
    this.maxNotables = options.maxNotablesPerSource ?? 20_000;
    this.maxPending = options.maxPendingRequestIds ?? 200_000;
    this.maxPoints = options.maxPointsPerSeries ?? 20_000;
    this.maxBursts = options.maxBurstsPerTemplate ?? 400;
    this.maxKeys = options.maxKeys ?? 500;
  }

  /** Declare sources up front so their indexes follow the caller's order (the merge's tie-break order). */
  declareSource(path: string): number {
    const known = this.srcByPath.get(path);
    if (known !== undefined) return known;
    const index = this.sources.length;
    this.sources.push(emptySourceAggregates(path, index));
    this.srcByPath.set(path, index);
    this.hot.push({ sec: Number.NaN, page: NO_PAGE, at: 0, service: null });
    return index;
  }

  /** Account one event. */
  add(ev: RawEvent): void {
    const src = this.srcByPath.get(ev.path) ?? this.declareSource(ev.path);
    const s = this.sources[src] as SourceAggregates;
    this.events++;
    s.events++;
    if (ev.ts < s.first) s.first = ev.ts;
    if (ev.ts > s.last) s.last = ev.ts;
    s.byKind[ev.kind] = (s.byKind[ev.kind] ?? 0) + 1;
    const sec = Math.floor(ev.ts / 1000);
    const hot = this.hot[src] as HotState;
    if (hot.sec !== sec) {
      hot.page = pageFor(s.seconds, sec);
      hot.at = slotOf(sec);
      hot.sec = sec;
    }
    const page = hot.page;
    const at = hot.at;
    bump(page, at + EVENTS);
    if (ev.service && ev.service !== hot.service) {
      // counted once per change of service, which is what "services seen in this source" needs
      hot.service = ev.service;
      const n = s.services.get(ev.service);
      if (n === undefined) s.services.set(ownString(ev.service, 200), 1);
      else s.services.set(ev.service, n + 1);
    }

    if (ev.kind === "metric") {
      this.addMetric(ev, src);
      return;
    }
    if (ROW_KINDS.has(ev.kind)) {
      this.addNotable(ev, s);
      if (ev.kind !== "k8s-event") return;
    }

    let status = ev.kind === "log" ? httpStatus(ev) : null;
    // Access lines the reader did not split (plain-text layouts): read status, method and path from the text.
    const text = status === null && ev.kind === "log" ? requestFromText(ev.message) : null;
    if (text) status = text.status;
    if (status !== null) {
      s.requestEvents++;
      const path = text ? text.path : requestPath(ev);
      const route = this.route(ev, path);
      if (route.health || this.healthAgent(ev)) {
        s.healthChecks++;
        return;
      }
      bump(page, at + REQUESTS);
      const failed = status >= 500;
      if (failed) {
        bump(page, at + FAILURES);
        markFailure(s.seconds, sec, ev.ts, ev.line, ev.message, ownMessage);
        const rid = requestId(ev);
        if (rid) this.matchRequest(rid, ev.ts, src);
      }
      const minute = Math.floor(ev.ts / 60_000);
      if (path) {
        const endpoint = TimelineCollector.endpointKey(route, text ? text.method : httpMethod(ev));
        countKey(s.endpoints, endpoint, minute, failed, this.maxKeys);
        // The class of a failure: status, the reason the line gives (an error code), and endpoint.
        if (failed)
          countFailure(
            s,
            `${status}${text?.reason ? `/${text.reason}` : ""} ${endpoint}`,
            minute,
            ev,
            this.maxKeys,
            text?.upstream,
          );
      }
      if (ev.host) countKey(s.hosts, ev.host, minute, failed, this.maxKeys);
      if (failed) countTransaction(s.transactions, ev);
      return;
    }

    // A DNS query's outcome (a resolver's log, a synthetic probe): a request that fails with an unresolvable name.
    const dns = ev.kind === "log" && ev.attributes.rcode !== undefined ? dnsOutcome(ev) : null;
    if (dns) {
      s.requestEvents++;
      bump(page, at + REQUESTS);
      if (dns.failed) {
        bump(page, at + FAILURES);
        markFailure(s.seconds, sec, ev.ts, ev.line, ev.message, ownMessage);
      }
      const minute = Math.floor(ev.ts / 60_000);
      if (dns.name) {
        countKey(s.endpoints, dns.name, minute, dns.failed, this.maxKeys);
        if (dns.failed) countFailure(s, `${dns.rcode} ${dns.name}`, minute, ev, this.maxKeys);
      }
      if (ev.host) countKey(s.hosts, ev.host, minute, dns.failed, this.maxKeys);
      return;
    }

    if (isErrorSeverity(ev)) {
      countTransaction(s.transactions, ev);
      bump(page, at + ERRORS);
      mark(s.seconds.errors, sec, ev.ts, ev.line);
      const rid = requestId(ev);
      if (rid) this.matchRequest(rid, ev.ts, src);
    }
    if (ev.kind === "log") this.addTemplate(ev, s);
  }

  /** Everything gathered so far. */
  finish(): CollectedAggregates {
    return {
      sources: this.sources,
      metrics: [...this.metrics.values()],
      pairs: [...this.pairs.values()],
      templates: this.templates,
      events: this.events,
    };
  }

  private addNotable(ev: RawEvent, s: SourceAggregates): void {
    if (ev.kind === "k8s-event" && !(ev.severity === "warning" || isErrorSeverity(ev))) {
      // Normal-type Kubernetes events (Scheduled, Pulled, Created) are mostly noise; count them only.
      // Changes recorded as events (Argo CD syncs, rollouts, scaling) are kept: they are trigger candidates.
      if (
        !/kill|oom|evict|backoff|unhealthy|fail|scal|sync|rollout|deploy|upgrad|updated|operationcompleted|configured/i.test(
          ev.message,
        )
      )
        return;
    }
    if (ev.kind === "alert" && alertInfo(ev).state === "pending") return;
    if (s.notables.length >= this.maxNotables) {
      s.notablesDropped++;
      return;
    }
    s.notables.push({
      ts: ev.ts,
      src: s.index,
      line: ev.line,
      kind: ev.kind,
      severity: ev.severity,
      service: ev.service,
      host: ev.host,
      actor: ev.actor,
      message: ownString(ev.message),
      attributes: ev.attributes,
    });
  }

  /** Endpoint and health-check verdict of a raw path, cached: request logs repeat a few thousand paths. */
  private route(ev: RawEvent, path: string | null): Route {
    const key = path ?? "";
    let r = this.recentRoutes.get(key);
    if (r) return r;
    r = this.routes.get(key);
    if (!r) {
      if (this.routes.size >= 5_000) this.routes.clear();
      r = {
        endpoint: path ? normaliseEndpoint(path) : "",
        health: isHealthCheck({ ...ev, attributes: {} }, path),
        byMethod: new Map(),
      };
      this.routes.set(ownString(key, 2000), r);
    }
    this.recentRoutes.set(ownString(key, 2000), r);
    return r;
  }

  /**
   * Probe user agents, remembered per agent string: a request log has a few hundred distinct agents, and a map
   * lookup is cheaper than the probe-name search over every line's agent.
   */
  private healthAgent(ev: RawEvent): boolean {
    const ua = userAgentOf(ev);
    if (ua === null) return false;
    let probe = this.recentAgents.get(ua);
    if (probe !== undefined) return probe;
    probe = this.agents.get(ua);
    if (probe === undefined) {
      if (this.agents.size >= 5_000) this.agents.clear();
      probe = isHealthAgentString(ua);
      this.agents.set(ownString(ua, 2000), probe);
    }
    this.recentAgents.set(ownString(ua, 2000), probe);
    return probe;
  }

  /** `GET /api/orders/:id`, built once per method and path. */
  private static endpointKey(route: Route, method: string | null): string {
    if (!method) return route.endpoint;
    let k = route.byMethod.get(method);
    if (k === undefined) {
      k = `${method} ${route.endpoint}`;
      route.byMethod.set(method, k);
    }
    return k;
  }

  /**
   * Cluster id of a message. Messages that differ only in their digits go to the miner once: the miner masks
   * numbers anyway, and the log lines of one statement mostly differ only there, so this saves most of the mining
   * work on big files without changing what is clustered together.
   */
  private clusterOf(msg: string): number {
    // The last few distinct messages first (see RecentStrings): most sources repeat a handful of statements.
    let id = this.recentMessages.get(msg);
    if (id !== undefined) return id;
    // Exact repeats next (no string work at all), then messages equal up to their digits.
    id = this.exactCache.get(msg);
    if (id === undefined) {
      const key = msg.replace(DIGITS, "0");
      id = this.clusterCache.get(key);
      if (id === undefined) {
        if (this.clusterCache.size >= 20_000) this.clusterCache.clear();
        id = this.templates.add(ownString(msg, 2000));
        // without digits `replace` returns the message itself, a slice that would keep its whole chunk alive
        this.clusterCache.set(key === msg ? ownString(key, 2000) : key, id);
      }
      if (this.exactCache.size >= 20_000) this.exactCache.clear();
      this.exactCache.set(ownString(msg, 2000), id);
    }
    this.recentMessages.set(ownString(msg, 2000), id);
    return id;
  }

  private addTemplate(ev: RawEvent, s: SourceAggregates): void {
    const msg = ev.message.length > 2000 ? ev.message.slice(0, 2000) : ev.message;
    const id = this.clusterOf(msg);
    let t = s.templates.get(id);
    if (!t) {
      t = {
        id,
        count: 0,
        first: ev.ts,
        last: ev.ts,
        severity: ev.severity,
        perMinute: new Map(),
        bursts: [],
        example: ownString(msg, 300),
        service: ev.service,
        host: ev.host,
      };
      s.templates.set(id, t);
    }
    countTemplateEvent(t, ev, this.burstGap, this.maxBursts);
  }

  private addMetric(ev: RawEvent, src: number): void {
    const m = metricSample(ev);
    if (!m) return;
    const key = `${src}\u0000${m.series}`;
    let series = this.metrics.get(key);
    if (!series) {
      series = { series: m.series, name: m.name, src, ts: [], values: [], lines: [] };
      this.metrics.set(key, series);
    }
    addMetricPoint(series, ev.ts, m.value, ev.line, this.maxPoints);
  }

  private matchRequest(rid: string, ts: number, src: number): void {
    const other = this.pending.get(rid);
    if (other === undefined) {
      if (this.pending.size < this.maxPending) this.pending.set(ownString(rid, 200), { ts, src });
      return;
    }
    if (other.src === src) return;
    const a = Math.min(other.src, src);
    const b = Math.max(other.src, src);
    const offset = src === b ? ts - other.ts : other.ts - ts;
    const key = `${a}:${b}`;
    let p = this.pairs.get(key);
    if (!p) {
      p = { a, b, offsets: [] };
      this.pairs.set(key, p);
    }
    if (p.offsets.length < 50_000) p.offsets.push(offset);
    this.pending.delete(rid);
  }

  /**
   * Request ids still waiting for a counterpart, as `[id, ts, source]`: a worker that aggregated one file hands
   * these over so the main thread can match them across files.
   */
  pendingRequestIds(): Array<[string, number, number]> {
    const out: Array<[string, number, number]> = [];
    for (const [id, p] of this.pending) out.push([id, p.ts, p.src]);
    return out;
  }

  /** Events seen so far. */
  get count(): number {
    return this.events;
  }

  /** The aggregates of the source with `path`, if seen. */
  source(path: string): SourceAggregates | undefined {
    const i = this.srcByPath.get(path);
    return i === undefined ? undefined : this.sources[i];
  }

  /** Evidence reference helper. */
  static ref(s: SourceAggregates, line: number): EvidenceRef {
    return { path: s.path, line };
  }
}
