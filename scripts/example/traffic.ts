import { join } from "node:path";
import { nginxTime, pgbouncerTime, rfc3339Nano } from "./formats.js";
import { OrderedLineWriter } from "./ordered-writer.js";
import type { Rng } from "./prng.js";
import { FILES, generationsAt, PGBOUNCER_SKEW_MS, POD_GENERATIONS, type PodGeneration, T } from "./scenario.js";

/** Histogram bucket bounds (seconds) of `http_request_duration_seconds`, the prom-client defaults plus 10. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/** Per-second aggregates the metrics writer turns into Prometheus series (index = second since simStart). */
export interface TrafficAggregates {
  seconds: number;
  /** App-side completed requests per status code per second. */
  byCode: Map<number, Uint32Array>;
  /** Non-cumulative bucket counts per second: `buckets[b][s]`; last array is the +Inf overflow. */
  buckets: Uint32Array[];
}

/** What the traffic simulation measured, for truth.json and the tests. */
export interface TrafficResult {
  aggregates: TrafficAggregates;
  /** Every nginx line written (within the log window). */
  totalRequests: number;
  /** Requests other than `/healthz` probes. */
  apiRequests: number;
  healthChecks: number;
  /** 5xx caused by the incident (nginx lines). */
  failedRequests: number;
  /** 5xx of the normal baseline kind (payment-gateway timeouts, rare bugs), over the whole log. */
  baselineFailedRequests: number;
  /** App error time (epoch ms) of the first and last incident-caused failure. */
  firstIncidentFailure: number;
  lastIncidentFailure: number;
  /** App log time of the first `connection pool exhausted` line. */
  firstPoolExhausted: number;
  poolExhaustedLines: number;
  slowQueryLines: number;
  /** Highest per-minute 5xx share of non-probe requests, and the minute it happened. */
  peakErrorRate: number;
  peakErrorMinute: number;
  /** Non-probe nginx requests and all their 5xx (incident and baseline) from impactStart's second to recovered's (inclusive, plus one second for nginx's end-of-request stamp). */
  impactWindow: { requests: number; failed5xx: number };
  /** Incident-caused 5xx by `METHOD /path/pattern`, most first. */
  failedByEndpoint: Record<string, number>;
  /** Lines per line-oriented file. */
  lines: { nginx: number; app: number; kubectl: number; kubectlDb: number };
}

interface Client {
  ip: string;
  ua: string;
  referer: string;
  customer: string;
}

type EndpointKey =
  | "listOpen"
  | "getOrder"
  | "listHistory"
  | "createOrder"
  | "orderStatus"
  | "pay"
  | "patchOrder"
  | "cancelOrder"
  | "invoice"
  | "shippingQuote"
  | "preflight";

interface Endpoint {
  key: EndpointKey;
  weight: number;
  method: string;
  /** Uses a database connection (and so suffers when the pool is exhausted). */
  db: boolean;
  /** Runs the open-orders lookup v2.3.0 rewrote (a sequential scan without an index). */
  lookup: boolean;
  medianMs: number;
  okStatus: number;
  bytes: number;
  path(rng: Rng, c: Client): string;
}

const ORDER_ALPHABET = "abcdefghijkmnopqrstuvwxyz23456789";

function orderId(rng: Rng): string {
  return `ord_${rng.chars(12, ORDER_ALPHABET)}`;
}

const ENDPOINTS: readonly Endpoint[] = [
  {
    key: "listOpen",
    weight: 18,
    method: "GET",
    db: true,
    lookup: true,
    medianMs: 28,
    okStatus: 200,
    bytes: 900,
    path: (_r, c) => `/api/v1/orders?customer_id=${c.customer}&status=open`,
  },
  {
    key: "getOrder",
    weight: 24,
    method: "GET",
    db: true,
    lookup: false,
    medianMs: 14,
    okStatus: 200,
    bytes: 1600,
    path: (r) => `/api/v1/orders/${orderId(r)}`,
  },
  {
    key: "listHistory",
    weight: 11,
    method: "GET",
    db: true,
    lookup: false,
    medianMs: 35,
    okStatus: 200,
    bytes: 5200,
    path: (r, c) => `/api/v1/orders?customer_id=${c.customer}&page=${r.range(1, 4)}&limit=20`,
  },
  {
    key: "createOrder",
    weight: 8,
    method: "POST",
    db: true,
    lookup: true,
    medianMs: 85,
    okStatus: 201,
    bytes: 1450,
    path: () => "/api/v1/orders",
  },
  {
    key: "orderStatus",
    weight: 13,
    method: "GET",
    db: true,
    lookup: false,
    medianMs: 9,
    okStatus: 200,
    bytes: 180,
    path: (r) => `/api/v1/orders/${orderId(r)}/status`,
  },
  {
    key: "pay",
    weight: 5,
    method: "POST",
    db: true,
    lookup: false,
    medianMs: 240,
    okStatus: 200,
    bytes: 310,
    path: (r) => `/api/v1/orders/${orderId(r)}/payment`,
  },
  {
    key: "patchOrder",
    weight: 3,
    method: "PATCH",
    db: true,
    lookup: false,
    medianMs: 40,
    okStatus: 200,
    bytes: 1600,
    path: (r) => `/api/v1/orders/${orderId(r)}`,
  },
  {
    key: "cancelOrder",
    weight: 2,
    method: "POST",
    db: true,
    lookup: false,
    medianMs: 55,
    okStatus: 200,
    bytes: 1620,
    path: (r) => `/api/v1/orders/${orderId(r)}/cancel`,
  },
  {
    key: "invoice",
    weight: 2,
    method: "GET",
    db: true,
    lookup: false,
    medianMs: 160,
    okStatus: 200,
    bytes: 48000,
    path: (r) => `/api/v1/orders/${orderId(r)}/invoice.pdf`,
  },
  {
    key: "shippingQuote",
    weight: 9,
    method: "GET",
    db: false,
    lookup: false,
    medianMs: 120,
    okStatus: 200,
    bytes: 640,
    path: (r) =>
      `/api/v1/shipping/quotes?postcode=${r.pick(["SW1A1AA", "EC1A1BB", "M11AE", "B338TH", "LS14AP", "G12FF"])}&weight_g=${r.range(200, 9000)}`,
  },
  {
    key: "preflight",
    weight: 5,
    method: "OPTIONS",
    db: false,
    lookup: false,
    medianMs: 1,
    okStatus: 204,
    bytes: 0,
    path: () => "/api/v1/orders",
  },
];

const IOS = ["17.2.1", "17.3", "16.7.5", "17.1.2"];
const DEVICES = ["iPhone14,2", "iPhone15,3", "iPhone13,1", "iPhone16,1"];
const ANDROID = ["14; Pixel 8", "13; SM-S911B", "14; SM-A546B", "12; M2101K6G"];

function makeClients(rng: Rng, n: number): Client[] {
  const prefixes = ["192.0.2.", "198.51.100.", "203.0.113."];
  const clients: Client[] = [];
  for (let i = 0; i < n; i++) {
    const ip = `${rng.pick(prefixes)}${rng.range(1, 254)}`;
    const customer = `cus_${rng.chars(10, ORDER_ALPHABET)}`;
    const kind = rng.weighted([
      { weight: 45, value: "ios" },
      { weight: 25, value: "android" },
      { weight: 24, value: "web" },
      { weight: 6, value: "partner" },
    ]);
    let ua: string;
    let referer = "-";
    if (kind === "ios") ua = `ShopApp/5.12.${rng.range(0, 2)} (${rng.pick(DEVICES)}; iOS ${rng.pick(IOS)}; Scale/3.00)`;
    else if (kind === "android") ua = `ShopApp/5.12.${rng.range(0, 2)} (Android ${rng.pick(ANDROID)}) okhttp/4.12.0`;
    else if (kind === "partner")
      ua = rng.pick(["python-requests/2.31.0", "Go-http-client/1.1", "fulfilment-sync/3.4.1"]);
    else {
      ua = rng.pick([
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2.1 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:122.0) Gecko/20100101 Firefox/122.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
      ]);
      referer = rng.pick([
        "https://shop.example.com/checkout",
        "https://shop.example.com/account/orders",
        "https://shop.example.com/cart",
      ]);
    }
    clients.push({ ip, ua, referer, customer });
  }
  return clients;
}

const SCANNER_PATHS = [
  "/.env",
  "/wp-login.php",
  "/.git/config",
  "/admin/config.php",
  "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
  "/actuator/env",
];
const NGINX_404_BYTES = 153;
const NGINX_IP = "10.42.0.15";

/** A request path as an endpoint pattern: ids become `:id`, the query string keeps only its parameter names. */
export function endpointPattern(path: string): string {
  const [p = "", q] = path.split("?", 2);
  const base = p.replace(/\/ord_[a-z0-9]+/g, "/:id");
  if (!q) return base;
  const names = q.split("&").map((kv) => kv.split("=")[0]);
  return `${base}?${names.join("&")}`;
}

function ramp(t: number, from: number, to: number): number {
  if (t <= from) return 0;
  if (t >= to) return 1;
  return (t - from) / (to - from);
}

/** Probability that an open-orders lookup whose query would end at `t` is cancelled after 5 s. */
function pCancel(t: number): number {
  if (t < T.impactStart || t >= T.recoveredBy) return 0;
  if (t < T.falseRecoveryFrom) return 0.56 + 0.08 * ramp(t, T.impactStart, T.restart);
  if (t < T.poolExhausted) return 0.03 + 0.25 * ramp(t, T.falseRecoveryFrom, T.poolExhausted);
  if (t < T.mitigated) return 0.3;
  // Cache misses still run the scan while the backlog drains; the database is back to normal by 10:35.
  return 0.45 * (1 - ramp(t, T.mitigated, T.recoveredBy)) ** 0.7;
}

/** Share of open-orders lookups v2.3.1 answers from its cache: it starts cold and warms over minutes. */
function cacheHitRate(t: number): number {
  return 0.9 * (1 - Math.exp(-Math.max(0, t - T.mitigated + 60_000) / 180_000));
}

/** Probability that a database request waiting for a connection at `t` gives up after 5 s. */
function pPool(t: number): number {
  if (t < T.poolExhausted || t >= T.recoveredBy) return 0;
  if (t < T.mitigated) return 0.2 + 0.2 * ramp(t, T.poolExhausted, T.poolExhausted + 40_000);
  return 0.4 * Math.exp(-(t - T.mitigated) / 45_000);
}

/** Median time (ms) the open-orders lookup takes on v2.3.0 when it succeeds. */
function lookupMedian(t: number): number {
  if (t < T.impactStart) return 560 + 1600 * ramp(t, T.deployDone, T.impactStart) ** 1.3;
  if (t < T.mitigated) return 2600;
  return 2600 - 2100 * ramp(t, T.mitigated, T.recoveredBy);
}

/** Extra wait (ms) for a pool connection for requests that do get one. */
function poolWait(rng: Rng, t: number): number {
  if (t >= T.poolExhausted && t < T.mitigated + 90_000) return rng.range(300, 4900) * (t < T.mitigated ? 1 : 0.5);
  if (t >= T.impactStart && t < T.restart) return rng.range(0, 1500);
  if (t >= T.deployDone && t < T.impactStart) return rng.range(0, 400) * ramp(t, T.deployDone, T.impactStart);
  return rng.range(0, 3);
}

function pickPod(rng: Rng, t: number): { gen: PodGeneration; pod: string; ip: string } {
  const gens = generationsAt(t);
  let gen = gens[0] ?? POD_GENERATIONS[POD_GENERATIONS.length - 1]!;
  const next = gens[1];
  // During a rolling update traffic moves from the old generation to the new one over the overlap.
  if (next && rng.next() < ramp(t, next.from, gen.to)) gen = next;
  const i = rng.int(gen.pods.length);
  return { gen, pod: gen.pods[i]!, ip: gen.ips[i]! };
}

const STACK_DB = [
  "    at Parser.parseErrorMessage (/app/node_modules/pg-protocol/dist/parser.js:283:98)",
  "    at Parser.handlePacket (/app/node_modules/pg-protocol/dist/parser.js:122:29)",
  "    at Socket.<anonymous> (/app/node_modules/pg-protocol/dist/index.js:11:42)",
].join("\n");
const STACK_POOL = [
  "    at Timeout._onTimeout (/app/node_modules/pg-pool/index.js:205:27)",
  "    at listOnTimeout (node:internal/timers:573:17)",
  "    at process.processTimers (node:internal/timers:514:7)",
].join("\n");

/** The open-orders lookup v2.3.0 introduced, as PostgreSQL logs it. */
const LOOKUP_SQL =
  "SELECT o.id, o.status, o.total_cents, o.currency, o.created_at FROM orders o WHERE o.customer_id = $1 AND o.status = $2 ORDER BY o.created_at DESC LIMIT 20";

/** The exact message the pool logs when a waiter times out; the template miner should fold these into one row. */
export const POOL_MESSAGE = "connection pool exhausted (20/20 in use), waited 5000ms";

function pinoLine(
  time: number,
  pid: number,
  hostname: string,
  fields: Record<string, unknown>,
  msg: string,
  level: number,
): string {
  return JSON.stringify({ level, time, pid, hostname, ...fields, msg });
}

/**
 * Simulates the traffic of the window one second at a time and writes the nginx access log, the app's pino log and
 * the pgbouncer container log as it goes. `scale` multiplies the request rate.
 */
export function simulateTraffic(outDir: string, rng: Rng, scale: number): TrafficResult {
  const nginx = new OrderedLineWriter(join(outDir, FILES.nginx));
  const app = new OrderedLineWriter(join(outDir, FILES.app));
  const kube = new OrderedLineWriter(join(outDir, FILES.kubectl));
  const pg = new OrderedLineWriter(join(outDir, FILES.kubectlDb));
  const seconds = Math.round((T.logEnd - T.simStart) / 1000);
  const byCode = new Map<number, Uint32Array>();
  const buckets = Array.from({ length: LATENCY_BUCKETS.length + 1 }, () => new Uint32Array(seconds + 30));
  const clients = makeClients(rng.fork("clients"), Math.max(300, Math.round(600 * Math.sqrt(scale))));
  const r = rng.fork("traffic");
  const probeRng = rng.fork("probes");
  const bg = rng.fork("background");

  const minuteTotal = new Map<number, number>();
  // Per-second nginx counts (non-probe requests and 5xx) for the impact-window figures.
  const secondTotal = new Uint32Array(seconds + 60);
  const second5xx = new Uint32Array(seconds + 60);
  const failedByEndpoint = new Map<string, number>();
  const minute5xx = new Map<number, number>();
  const res: Omit<
    TrafficResult,
    "aggregates" | "peakErrorRate" | "peakErrorMinute" | "lines" | "impactWindow" | "failedByEndpoint"
  > = {
    totalRequests: 0,
    apiRequests: 0,
    healthChecks: 0,
    failedRequests: 0,
    baselineFailedRequests: 0,
    firstIncidentFailure: Number.POSITIVE_INFINITY,
    lastIncidentFailure: 0,
    firstPoolExhausted: Number.POSITIVE_INFINITY,
    poolExhaustedLines: 0,
    slowQueryLines: 0,
  };
  // pgbouncer per-minute accounting for its `stats:` line.
  let pgXacts = 0;
  let pgQueries = 0;
  let pgXactUs = 0;
  let pgQueryUs = 0;
  let pgWaitUs = 0;
  let pgIn = 0;
  let pgOut = 0;

  const inLog = (t: number) => t >= T.logStart && t < T.logEnd;
  const appLog = (t: number, line: string) => {
    if (inLog(t)) app.add(t, line);
  };
  // A line written on the database node: the container's own prefix time and kubelet's stamp are both 2.4 s ahead.
  const nodeLog = (
    w: OrderedLineWriter,
    trueTime: number,
    pid: number | null,
    inner: string,
    nanoRng: Rng,
    after?: { ms: number; ns: number },
  ): { ms: number; ns: number } => {
    const local = trueTime + PGBOUNCER_SKEW_MS;
    // kubelet stamps the line when it reads it from the container's stdout, a fraction of a ms later.
    let ms = local + nanoRng.range(0, 1);
    let ns = nanoRng.range(0, 999_999);
    // Lines of one message are read in order, so their stamps never go backwards.
    if (after && (ms < after.ms || (ms === after.ms && ns <= after.ns))) {
      ms = after.ms;
      ns = after.ns + 1 + nanoRng.range(0, 2000);
      if (ns > 999_999) {
        ms += 1;
        ns -= 1_000_000;
      }
    }
    // A continuation line of a multi-line message (pid null) carries no prefix of its own, only kubelet's stamp.
    const line = pid === null ? inner : `${pgbouncerTime(local)} [${pid}] ${inner}`;
    if (inLog(ms)) w.add(ms, `${rfc3339Nano(ms, ns)} ${line}`, ns);
    return { ms, ns };
  };
  const kubeLog = (trueTime: number, inner: string, nanoRng: Rng) => nodeLog(kube, trueTime, 1, inner, nanoRng);
  const pgRng = rng.fork("postgres");
  const backendPid = () => 48112 + pgRng.int(64);
  const pgLog = (trueTime: number, pid: number | null, inner: string, after?: { ms: number; ns: number }) =>
    nodeLog(pg, trueTime, pid, inner, pgRng, after);
  const clientPtr = () => `0x${bg.pick(["55d5c8", "55d5c9", "55d5ca"])}${bg.hex(6)}`;

  const forcedFirst = { done: false };
  const forcedPool = { done: false };
  const forcedLast = { done: false };

  const emitRequest = (start: number, forced: "first" | "pool" | "last" | null) => {
    const c = forced ? clients[0]! : r.pick(clients);
    const ep: Endpoint = forced ? ENDPOINTS[0]! : r.weighted(ENDPOINTS.map((e) => ({ weight: e.weight, value: e })));
    const path = ep.path(r, c);
    const { gen, pod, ip } = pickPod(r, start);
    // The app is the container's entrypoint, so node runs as pid 1 in every pod.
    const pid = 1;
    const reqId = r.hex(32);
    const isNewCode = gen.version !== "2.2.4";
    const cached = gen.version === "2.3.1";
    const remotePort = r.range(32768, 60999);
    const reqField = {
      method: ep.method,
      url: path,
      hostname: "api.shop.example.com",
      remoteAddress: NGINX_IP,
      remotePort,
    };
    let status = ep.okStatus;
    let bytes = ep.bytes <= 0 ? 0 : Math.max(40, Math.round(r.logNormal(ep.bytes, 0.35)));
    let durationMs = Math.max(1, r.logNormal(ep.medianMs, 0.45));
    let incident = false;
    let baselineFailure = false;
    let failureTime = 0;
    const appStart = start + r.range(1, 3);
    const lookupSlow = ep.lookup && isNewCode && !(cached && r.chance(cacheHitRate(start)));
    const queryMs = lookupSlow ? Math.round(Math.min(4950, r.logNormal(lookupMedian(start), 0.5))) : 0;
    // Log times are whole milliseconds (pino `time`), so every duration that feeds one is too.
    const wait = ep.db ? Math.round(poolWait(r, start)) : 0;

    if (forced === "first" || forced === "last") {
      failureTime = forced === "first" ? T.impactStart : start + 5000 + 12;
      incident = true;
      status = 500;
    } else if (forced === "pool") {
      failureTime = T.poolExhausted;
      incident = true;
      status = 503;
    } else if (ep.db && r.chance(pPool(appStart + 5000))) {
      status = 503;
      incident = true;
      failureTime = appStart + 5000 + r.range(0, 4);
    } else if (lookupSlow && r.chance(pCancel(appStart + wait + 5000))) {
      status = 500;
      incident = true;
      failureTime = appStart + wait + 5000 + r.range(1, 6);
    }
    if (incident && forced === null && failureTime >= T.recoveredBy) {
      incident = false;
      status = ep.okStatus;
    }

    if (incident) {
      const kind = status === 503 ? "pool" : "cancel";
      durationMs = failureTime - appStart + r.range(1, 3);
      if (kind === "pool") {
        const body = JSON.stringify({
          statusCode: 503,
          error: "Service Unavailable",
          message: "connection pool exhausted",
        });
        bytes = body.length;
        appLog(
          failureTime,
          pinoLine(
            failureTime,
            pid,
            pod,
            {
              reqId,
              req: reqField,
              res: { statusCode: 503 },
              err: { type: "Error", message: POOL_MESSAGE, stack: `Error: ${POOL_MESSAGE}\n${STACK_POOL}` },
            },
            POOL_MESSAGE,
            50,
          ),
        );
        if (inLog(failureTime)) {
          res.poolExhaustedLines++;
          res.firstPoolExhausted = Math.min(res.firstPoolExhausted, failureTime);
        }
      } else {
        const body = JSON.stringify({
          statusCode: 500,
          error: "Internal Server Error",
          message: "Internal Server Error",
        });
        bytes = body.length;
        const msg = "canceling statement due to user request";
        appLog(
          failureTime,
          pinoLine(
            failureTime,
            pid,
            pod,
            { reqId, query: "listOpenOrdersByCustomer", durationMs: 5000 },
            "query timeout, cancelling",
            40,
          ),
        );
        appLog(
          failureTime,
          pinoLine(
            failureTime,
            pid,
            pod,
            {
              reqId,
              req: reqField,
              res: { statusCode: 500 },
              err: {
                type: "DatabaseError",
                message: msg,
                stack: `error: ${msg}\n${STACK_DB}`,
                length: 110,
                name: "error",
                severity: "ERROR",
                code: "57014",
                file: "postgres.c",
                line: "3316",
                routine: "ProcessInterrupts",
              },
            },
            msg,
            50,
          ),
        );
        // pgbouncer forwards the app's cancel request; PostgreSQL cancels the scan and reports it.
        const backend = backendPid();
        const head = pgLog(failureTime - 1, backend, "ERROR:  canceling statement due to user request");
        pgLog(failureTime - 1, backend, `STATEMENT:  ${LOOKUP_SQL}`, head);
        kubeLog(
          failureTime - 2,
          `LOG C-${clientPtr()}: (nodb)/(nouser)@${ip}:${r.range(32768, 60999)} closing because: successfully sent cancel query request (age=0s)`,
          bg,
        );
      }
      res.lastIncidentFailure = Math.max(res.lastIncidentFailure, failureTime);
      res.firstIncidentFailure = Math.min(res.firstIncidentFailure, failureTime);
    } else {
      // Normal outcome: latency from the endpoint, the lookup and the pool, then the baseline error mix.
      durationMs += wait + queryMs;
      if (lookupSlow && queryMs > 1000) {
        const qt = appStart + wait + queryMs;
        appLog(
          qt,
          pinoLine(
            qt,
            pid,
            pod,
            { reqId, query: "listOpenOrdersByCustomer", durationMs: Math.round(queryMs), rows: r.range(0, 4) },
            "slow query",
            40,
          ),
        );
        if (inLog(qt)) res.slowQueryLines++;
        // log_min_duration_statement = 1s: the server logs the same slow execution (extended protocol).
        const backend = backendPid();
        const head = pgLog(
          qt - 1,
          backend,
          `LOG:  duration: ${(queryMs - 0.5 + pgRng.next()).toFixed(3)} ms  execute <unnamed>: ${LOOKUP_SQL}`,
        );
        pgLog(qt - 1, backend, `DETAIL:  parameters: $1 = '${c.customer}', $2 = 'open'`, head);
      }
      if (ep.key === "pay" && r.chance(0.042)) {
        status = 504;
        baselineFailure = true;
        durationMs = 3000 + r.range(5, 40);
        const msg = "payment-gateway request timed out after 3000ms";
        bytes = JSON.stringify({
          statusCode: 504,
          error: "Gateway Timeout",
          message: "payment provider timeout",
        }).length;
        const tt = appStart + durationMs - 2;
        appLog(
          tt,
          pinoLine(
            tt,
            pid,
            pod,
            {
              reqId,
              req: reqField,
              res: { statusCode: 504 },
              err: {
                type: "TimeoutError",
                message: msg,
                stack: `TimeoutError: ${msg}\n    at Timeout._onTimeout (/app/dist/clients/payment-gateway.js:88:23)\n    at listOnTimeout (node:internal/timers:573:17)`,
                code: "ETIMEDOUT",
              },
            },
            msg,
            50,
          ),
        );
      } else if (ep.key === "patchOrder" && r.chance(0.01)) {
        status = 500;
        baselineFailure = true;
        const msg = "Cannot read properties of undefined (reading 'line1')";
        bytes = JSON.stringify({
          statusCode: 500,
          error: "Internal Server Error",
          message: "Internal Server Error",
        }).length;
        const tt = Math.round(appStart + durationMs - 1);
        appLog(
          tt,
          pinoLine(
            tt,
            pid,
            pod,
            {
              reqId,
              req: reqField,
              res: { statusCode: 500 },
              err: {
                type: "TypeError",
                message: msg,
                stack: `TypeError: ${msg}\n    at normaliseAddress (/app/dist/orders/address.js:41:32)\n    at updateOrder (/app/dist/orders/routes.js:212:19)`,
              },
            },
            msg,
            50,
          ),
        );
      } else if (ep.method !== "OPTIONS" && r.chance(0.009)) {
        status = 401;
        bytes = 62;
      } else if ((ep.key === "getOrder" || ep.key === "orderStatus" || ep.key === "invoice") && r.chance(0.015)) {
        status = 404;
        bytes = 58;
      } else if ((ep.key === "createOrder" || ep.key === "patchOrder") && r.chance(0.025)) {
        status = ep.key === "createOrder" ? 400 : 422;
        bytes = r.range(90, 220);
        const tt = Math.round(appStart + durationMs - 1);
        appLog(
          tt,
          pinoLine(
            tt,
            pid,
            pod,
            {
              reqId,
              req: reqField,
              res: { statusCode: status },
              validation: [
                {
                  instancePath: r.pick(["/items/0/quantity", "/shippingAddress/postcode", "/paymentMethod"]),
                  message: "must match format",
                },
              ],
            },
            "request validation failed",
            40,
          ),
        );
      } else if (ep.key === "cancelOrder" && r.chance(0.06)) {
        status = 409;
        bytes = 96;
      }
    }

    let end = appStart + Math.round(durationMs) + r.range(0, 2);
    let nginxStatus = status;
    let nginxBytes = bytes;
    // A few clients give up first; nginx then logs 499 and the app never sees the response.
    if (!incident && !baselineFailure && r.chance(0.0012)) {
      nginxStatus = 499;
      nginxBytes = 0;
      end = start + r.range(1500, 15000);
    }
    const requestTime = ((end - start) / 1000).toFixed(3);
    const request = `${ep.method} ${path} HTTP/1.1`;
    if (inLog(end)) {
      nginx.add(
        end,
        `${c.ip} - - [${nginxTime(end)}] "${request}" ${nginxStatus} ${nginxBytes} "${c.referer}" "${c.ua}" ${requestTime}`,
      );
      res.totalRequests++;
      res.apiRequests++;
      const minute = Math.floor(end / 60000);
      minuteTotal.set(minute, (minuteTotal.get(minute) ?? 0) + 1);
      const sec = Math.floor((end - T.simStart) / 1000);
      secondTotal[sec] = (secondTotal[sec] ?? 0) + 1;
      if (nginxStatus >= 500) {
        minute5xx.set(minute, (minute5xx.get(minute) ?? 0) + 1);
        second5xx[sec] = (second5xx[sec] ?? 0) + 1;
        if (incident) {
          res.failedRequests++;
          const key = `${ep.method} ${endpointPattern(path)}`;
          failedByEndpoint.set(key, (failedByEndpoint.get(key) ?? 0) + 1);
        } else res.baselineFailedRequests++;
      }
    }
    // The app counts the request when it answers, whether or not nginx still waited.
    const appEnd = appStart + Math.round(durationMs);
    const sec = Math.floor((appEnd - T.simStart) / 1000);
    if (sec >= 0 && sec < seconds + 30) {
      let series = byCode.get(status);
      if (!series) byCode.set(status, (series = new Uint32Array(seconds + 30)));
      series[sec] = (series[sec] ?? 0) + 1;
      const dur = durationMs / 1000;
      let b = LATENCY_BUCKETS.findIndex((le) => dur <= le);
      if (b === -1) b = LATENCY_BUCKETS.length;
      const arr = buckets[b]!;
      arr[sec] = (arr[sec] ?? 0) + 1;
    }
    if (ep.db) {
      const xacts = ep.method === "GET" ? 1 : 2;
      pgXacts += xacts;
      pgQueries += xacts * (ep.method === "GET" ? 2 : 4);
      const dbUs = Math.round((incident ? 5000 : queryMs + Math.min(durationMs, 40)) * 1000);
      pgXactUs += dbUs;
      pgQueryUs += Math.round(dbUs / 2);
      pgWaitUs += Math.round(wait * 120);
      pgIn += 180 + path.length;
      pgOut += bytes + 300;
    }
  };

  // Process start/stop lines for each pod generation, and pgbouncer logins/closes for their pools.
  for (const gen of POD_GENERATIONS) {
    gen.pods.forEach((pod, i) => {
      const up = gen.from - 6000 + i * 2300;
      appLog(up, pinoLine(up, 1, pod, { version: gen.version, node: "v20.11.1" }, "starting orders-api", 30));
      appLog(
        up + 412,
        pinoLine(
          up + 412,
          1,
          pod,
          {
            pool: { max: 20, idleTimeoutMillis: 30000, connectionTimeoutMillis: 5000 },
            host: "orders-db-pgbouncer.shop.svc",
          },
          "database pool ready",
          30,
        ),
      );
      appLog(up + 530, pinoLine(up + 530, 1, pod, {}, `Server listening at http://${gen.ips[i]}:8080`, 30));
      for (let k = 0; k < 4; k++) {
        kubeLog(
          up + 420 + k * 7,
          `LOG C-${clientPtr()}: orders/orders_app@${gen.ips[i]}:${bg.range(32768, 60999)} login attempt: db=orders user=orders_app tls=no`,
          bg,
        );
      }
      const down = gen.to + i * 1900;
      if (down < T.logEnd) {
        appLog(down, pinoLine(down, 1, pod, { signal: "SIGTERM" }, "received SIGTERM, draining connections", 30));
        appLog(down + 2210, pinoLine(down + 2210, 1, pod, {}, "server closed", 30));
        for (let k = 0; k < 4; k++) {
          kubeLog(
            down + 2215 + k * 3,
            `LOG C-${clientPtr()}: orders/orders_app@${gen.ips[i]}:${bg.range(32768, 60999)} closing because: client close request (age=${Math.round((down - up) / 1000)}s)`,
            bg,
          );
        }
      }
    });
  }

  for (let s = 0; s < seconds; s++) {
    const sStart = T.simStart + s * 1000;
    const hour = (sStart - T.simStart) / 3_600_000;
    const lambda = scale * (5.6 + 1.3 * hour + 0.5 * Math.sin(sStart / 97_000));
    const n = r.poisson(lambda);
    const starts: number[] = [];
    for (let i = 0; i < n; i++) starts.push(sStart + r.int(1000));
    starts.sort((a, b) => a - b);
    for (const st of starts) emitRequest(st, null);
    // Anchor the milestones the story states to the millisecond.
    if (!forcedFirst.done && sStart === T.impactStart - 6000) {
      forcedFirst.done = true;
      emitRequest(T.impactStart - 5012, "first");
    }
    if (!forcedPool.done && sStart === T.poolExhausted - 6000) {
      forcedPool.done = true;
      emitRequest(T.poolExhausted - 5004, "pool");
    }
    if (!forcedLast.done && sStart === T.recoveredBy - 8000) {
      forcedLast.done = true;
      emitRequest(sStart + 317, "last");
    }
    // kube-probe checks nginx itself every 5 s (readiness) and 10 s (liveness).
    if (s % 5 === 2 || s % 10 === 7) {
      const pt = sStart + probeRng.range(0, 40);
      if (inLog(pt)) {
        nginx.add(pt, `10.0.1.23 - - [${nginxTime(pt)}] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.29" 0.000`);
        res.totalRequests++;
        res.healthChecks++;
      }
    }
    // Internet background noise: scanners probing for secrets get nginx's own 404.
    if (bg.chance(0.012 * Math.sqrt(scale))) {
      const pt = sStart + bg.int(1000);
      if (inLog(pt)) {
        const ua = bg.pick([
          "Mozilla/5.0 zgrab/0.x",
          "Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)",
          "python-requests/2.28.1",
        ]);
        nginx.add(
          pt,
          `203.0.113.${bg.range(2, 250)} - - [${nginxTime(pt)}] "GET ${bg.pick(SCANNER_PATHS)} HTTP/1.1" 404 ${NGINX_404_BYTES} "-" "${ua}" 0.000`,
        );
        res.totalRequests++;
        res.apiRequests++;
        const minute = Math.floor(pt / 60000);
        minuteTotal.set(minute, (minuteTotal.get(minute) ?? 0) + 1);
        const psec = Math.floor((pt - T.simStart) / 1000);
        secondTotal[psec] = (secondTotal[psec] ?? 0) + 1;
      }
    }
    backgroundSecond(sStart);
    if (s % 60 === 59) {
      const t = sStart + 1000 - 600 + bg.range(0, 50);
      const div = 60;
      kubeLog(
        t,
        `LOG stats: ${Math.round(pgXacts / div)} xacts/s, ${Math.round(pgQueries / div)} queries/s, in ${Math.round(pgIn / div)} B/s, out ${Math.round(pgOut / div)} B/s, xact ${pgXacts ? Math.round(pgXactUs / pgXacts) : 0} us, query ${pgQueries ? Math.round(pgQueryUs / pgQueries) : 0} us, wait ${pgXacts ? Math.round(pgWaitUs / pgXacts) : 0} us`,
        bg,
      );
      pgXacts = pgQueries = pgXactUs = pgQueryUs = pgWaitUs = pgIn = pgOut = 0;
    }
    // Nothing that starts later can finish before this second began minus the longest request (15 s).
    const safe = sStart - 16_000;
    nginx.flush(safe);
    app.flush(safe);
    kube.flush(safe);
    pg.flush(safe);
  }

  function backgroundSecond(sStart: number): void {
    // PostgreSQL housekeeping: a timed checkpoint every 5 minutes (spread over 90% of it), autovacuum now and then.
    const sec = Math.floor(sStart / 1000);
    if (sec % 300 === 17) {
      const t = sStart + pgRng.int(1000);
      pgLog(t, 68, "LOG:  checkpoint starting: time");
      const buffers = pgRng.range(900, 4200);
      const write = 269.5 + pgRng.next() * 0.5;
      const sync = 0.004 + pgRng.next() * 0.03;
      pgLog(
        t + Math.round((write + sync + 0.01) * 1000),
        68,
        `LOG:  checkpoint complete: wrote ${buffers} buffers (${((buffers / 16384) * 100).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${pgRng.range(0, 2)} recycled; write=${write.toFixed(3)} s, sync=${sync.toFixed(3)} s, total=${(write + sync + 0.01).toFixed(3)} s; sync files=${pgRng.range(20, 60)}, longest=${(sync / 2).toFixed(3)} s, average=0.001 s; distance=${pgRng.range(8000, 40000)} kB, estimate=${pgRng.range(30000, 42000)} kB`,
      );
    }
    if (pgRng.chance(1 / 420)) {
      const t = sStart + pgRng.int(1000);
      const pid = 50_000 + pgRng.int(9000);
      const table = pgRng.pick(["orders.public.order_events", "orders.public.carts", "orders.public.outbox"]);
      let prev = pgLog(t, pid, `LOG:  automatic analyze of table "${table}"`);
      prev = pgLog(
        t,
        null,
        `\tavg read rate: ${(pgRng.next() * 20).toFixed(3)} MB/s, avg write rate: ${(pgRng.next() * 2).toFixed(3)} MB/s`,
        prev,
      );
      prev = pgLog(
        t,
        null,
        `\tbuffer usage: ${pgRng.range(200, 9000)} hits, ${pgRng.range(0, 400)} misses, ${pgRng.range(0, 60)} dirtied`,
        prev,
      );
      prev = pgLog(
        t,
        null,
        `\tsystem usage: CPU: user: ${(pgRng.next() * 0.3).toFixed(2)} s, system: 0.0${pgRng.range(0, 9)} s, elapsed: ${(pgRng.next() * 1.5).toFixed(2)} s`,
        prev,
      );
    }
    // The outbox relay runs 6 loops per pod; while the pool is exhausted each loop fails every ~6 s.
    for (const gen of generationsAt(sStart)) {
      gen.pods.forEach((pod, i) => {
        for (let loop = 0; loop < 6; loop++) {
          const phase = (i * 6 + loop + i) % 6;
          const t = sStart + 137 * loop + 71 * i;
          if (
            t >= T.poolExhausted &&
            t < T.mitigated &&
            Math.floor((sStart - T.poolExhausted) / 1000) % 6 === phase &&
            t < gen.to &&
            t >= gen.from
          ) {
            appLog(
              t,
              pinoLine(
                t,
                1,
                pod,
                {
                  worker: "outbox-relay",
                  loop,
                  err: { type: "Error", message: POOL_MESSAGE, stack: `Error: ${POOL_MESSAGE}\n${STACK_POOL}` },
                },
                POOL_MESSAGE,
                50,
              ),
            );
            if (inLog(t)) {
              res.poolExhaustedLines++;
              res.firstPoolExhausted = Math.min(res.firstPoolExhausted, t);
            }
          }
        }
        // Housekeeping every minute, per pod: unrelated to the incident, but it shares the pool.
        if (Math.floor(sStart / 1000) % 60 === 13 + i * 9) {
          const t = sStart + bg.range(0, 900);
          if (t >= T.poolExhausted && t < T.mitigated) {
            appLog(
              t,
              pinoLine(
                t,
                1,
                pod,
                {
                  job: "expire-stale-carts",
                  err: { type: "Error", message: POOL_MESSAGE, stack: `Error: ${POOL_MESSAGE}\n${STACK_POOL}` },
                },
                POOL_MESSAGE,
                50,
              ),
            );
            if (inLog(t)) res.poolExhaustedLines++;
          } else {
            appLog(
              t,
              pinoLine(
                t,
                1,
                pod,
                { job: "expire-stale-carts", expired: bg.range(0, 14), durationMs: bg.range(20, 90) },
                "job finished",
                30,
              ),
            );
          }
        }
        // node-postgres closes connections idle for 30 s and opens new ones on demand, so pgbouncer sees steady
        // client churn; while the pool is pegged nothing is idle and the churn stops.
        const pegged = sStart >= T.impactStart && sStart < T.mitigated + 60_000;
        if (!pegged && sStart >= gen.from && sStart < gen.to && bg.chance(0.06)) {
          const t = sStart + bg.int(1000);
          const port = bg.range(32768, 60999);
          kubeLog(
            t,
            `LOG C-${clientPtr()}: orders/orders_app@${gen.ips[i]}:${port} closing because: client close request (age=${bg.range(31, 900)}s)`,
            bg,
          );
          if (bg.chance(0.9)) {
            const t2 = t + bg.range(200, 20_000);
            kubeLog(
              t2,
              `LOG C-${clientPtr()}: orders/orders_app@${gen.ips[i]}:${bg.range(32768, 60999)} login attempt: db=orders user=orders_app tls=no`,
              bg,
            );
          }
        }
        // Unrelated warnings that are always there.
        if (bg.chance(0.0016)) {
          const t = sStart + bg.int(1000);
          appLog(
            t,
            pinoLine(
              t,
              1,
              pod,
              { flagService: "http://flagd.platform.svc:8013", cacheAgeSeconds: bg.range(30, 600) },
              "feature flag service unreachable, using cached flags",
              40,
            ),
          );
        }
        if (bg.chance(0.001)) {
          const t = sStart + bg.int(1000);
          appLog(
            t,
            pinoLine(
              t,
              1,
              pod,
              { client: "fulfilment-sync/3.4.1", route: "/api/v1/orders/:id/status" },
              "deprecated field 'shipping_eta' requested",
              40,
            ),
          );
        }
      });
    }
  }

  nginx.close();
  app.close();
  kube.close();
  pg.close();

  let peakErrorRate = 0;
  let peakErrorMinute = 0;
  for (const [minute, total] of [...minuteTotal.entries()].sort((a, b) => a[0] - b[0])) {
    const ratio = (minute5xx.get(minute) ?? 0) / total;
    if (ratio > peakErrorRate) {
      peakErrorRate = ratio;
      peakErrorMinute = minute * 60000;
    }
  }
  // Impact window: from the second of the first incident failure to the second of the last, by nginx time.
  const from = Math.floor((res.firstIncidentFailure - T.simStart) / 1000);
  const to = Math.floor((res.lastIncidentFailure - T.simStart) / 1000);
  let impactRequests = 0;
  let impact5xx = 0;
  for (let sec = from; sec <= to + 1; sec++) {
    impactRequests += secondTotal[sec] ?? 0;
    impact5xx += second5xx[sec] ?? 0;
  }
  return {
    ...res,
    impactWindow: { requests: impactRequests, failed5xx: impact5xx },
    failedByEndpoint: Object.fromEntries(
      [...failedByEndpoint.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
    ),
    aggregates: { seconds, byCode, buckets },
    peakErrorRate,
    peakErrorMinute,
    lines: { nginx: nginx.lines, app: app.lines, kubectl: kube.lines, kubectlDb: pg.lines },
  };
}
