import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RawEvent } from "../model/event.js";
import {
  alertInfo,
  attr,
  attrString,
  changeType,
  httpMethod,
  httpStatus,
  isBotMessage,
  isHealthCheck,
  isLoggerOnlyService,
  isProblemReport,
  metricClass,
  metricSample,
  normaliseEndpoint,
  pageAction,
  requestId,
  requestPath,
} from "./classify.js";
import { requestFromText } from "./request-text.js";

function ev(message: string, attributes: Record<string, unknown> = {}, extra: Partial<RawEvent> = {}): RawEvent {
  return {
    ts: 0,
    path: "x",
    line: 1,
    kind: "log",
    severity: null,
    service: null,
    host: null,
    actor: null,
    message,
    attributes,
    ...extra,
  };
}

describe("failure classes as an SRE names them", () => {
  it("keeps a custom method after an id and collapses hex keys: one route, not one class per id", () => {
    expect(normaliseEndpoint("/v1/projects/acme/datasets/c94dd5:query")).toBe("/v1/projects/acme/datasets/:id:query");
    expect(normaliseEndpoint("/v1/token:exchange")).toBe("/v1/token:exchange");
    expect(normaliseEndpoint("/api/v2/portfolio/cbdd3cfc")).toBe("/api/v2/portfolio/:id");
    // words and versions stay
    expect(normaliseEndpoint("/api/v2/oauth2/token")).toBe("/api/v2/oauth2/token");
    expect(normaliseEndpoint("/api/feed/decade")).toBe("/api/feed/decade");
    expect(normaliseEndpoint("/api/cafe")).toBe("/api/cafe");
  });

  it("reads method and path of JSON access logs that nest the request (Caddy, ECS)", () => {
    const caddy = ev("handled request", {
      logger: "http.log.access.log0",
      request: { method: "GET", host: "one.example", uri: "/dns-query?dns=AAAB", headers: {} },
      status: 502,
    });
    expect(httpMethod(caddy)).toBe("GET");
    expect(requestPath(caddy)).toBe("/dns-query");
    expect(requestPath(ev("", { url: { path: "/api/orders/7", original: "/api/orders/7?x=1" } }))).toBe(
      "/api/orders/7",
    );
  });

  it("names the HAProxy backend of a request no server was left to take", () => {
    const line =
      'lb-1 haproxy[41877]: 203.0.113.88:40343 [09/Jun/2026:10:46:23.587] fe_https~ be_web/<NOSRV> 0/-1/-1/-1/1 503 343 - - SC-- 443/433/33/1/0 0/0 "GET /questions/3555715/x HTTP/1.1"';
    expect(requestFromText(line)).toMatchObject({ status: 503, reason: "SC", upstream: "web" });
  });

  it("does not take a proxy's or resolver's program name for the failing service", () => {
    for (const p of ["haproxy", "nginx", "envoy", "Caddy", "unbound", "coredns"])
      expect(isLoggerOnlyService(p)).toBe(true);
    for (const p of ["checkout-api", "web", "payments", "haproxy-sync"]) expect(isLoggerOnlyService(p)).toBe(false);
  });
});

describe("classify", () => {
  it("reads HTTP status from the common spellings, and nothing else", () => {
    expect(httpStatus(ev("", { status: 503 }))).toBe(503);
    expect(httpStatus(ev("", { status_code: "502" }))).toBe(502);
    expect(httpStatus(ev("", { "http.status_code": 200 }))).toBe(200);
    expect(httpStatus(ev("", { http: { status_code: 404 } }))).toBe(404); // ECS nests it
    expect(httpStatus(ev("", { status: "ok" }))).toBeNull();
    expect(httpStatus(ev("", { status: 42 }))).toBeNull();
    expect(httpStatus(ev("", { code: "ECONNRESET" }))).toBeNull();
    expect(httpStatus(ev("", {}))).toBeNull();
  });

  it("finds paths, ids and probes", () => {
    expect(requestPath(ev("", { request: "GET /api/x?y=1 HTTP/1.1" }))).toBe("/api/x");
    expect(requestPath(ev("", { url: "https://shop.example.com/cart?id=3" }))).toBe("/cart");
    expect(normaliseEndpoint("/api/orders/12345/items/0f8fad5b-d9cb-469f-a165-70867728950e")).toBe(
      "/api/orders/:id/items/:id",
    );
    expect(isHealthCheck(ev(""), "/healthz")).toBe(true);
    expect(isHealthCheck(ev(""), "/status")).toBe(true);
    expect(isHealthCheck(ev(""), "/api/orders/1/status")).toBe(false);
    expect(isHealthCheck(ev("", { userAgent: "kube-probe/1.29" }), "/")).toBe(true);
    expect(requestId(ev("", { reqId: "abc" }))).toBe("abc");
    expect(requestId(ev("", { request_id: 17 }))).toBe("17");
    expect(requestId(ev("", { request_id: { nested: true } }))).toBeNull();
  });

  it("reads alerts, pages, chat and changes", () => {
    expect(alertInfo(ev("[FIRING] HighErrorRate", { alertname: "HighErrorRate", state: "firing" })).state).toBe(
      "firing",
    );
    expect(alertInfo(ev("[RESOLVED] X", { labels: { alertname: "X" } }))).toMatchObject({
      name: "X",
      state: "resolved",
    });
    expect(pageAction(ev("Notified Dana by SMS", { type: "notify_log_entry" }))).toBe("notify");
    expect(pageAction(ev("", { type: "incident_acknowledged" }))).toBe("acknowledge");
    expect(pageAction(ev("", { type: "resolve_log_entry" }))).toBe("resolve");
    expect(pageAction(ev("Acknowledged by Dana"))).toBe("acknowledge");
    // Opsgenie: `type` is a category, the verb is in `action` or only in the wording
    expect(pageAction(ev("Notified dana@x.example via voice call", { type: "alertRecipient" }))).toBe("notify");
    expect(pageAction(ev("Alert created via Prometheus integration", { type: "system", action: "create" }))).toBe(
      "trigger",
    );
    expect(pageAction(ev("Acknowledged by dana via App", { type: "alertAction", action: "acknowledge" }))).toBe(
      "acknowledge",
    );
    expect(pageAction(ev("Alert closed by dana via Web", { type: "alertAction" }))).toBe("resolve");
    expect(pageAction(ev("Alert unacknowledged by dana", { type: "alertAction", action: "unacknowledge" }))).toBe(
      "other",
    );
    expect(isBotMessage(ev("[FIRING:1] X", { bot: true }))).toBe(true);
    expect(isBotMessage(ev("hi", {}, { actor: "Alertmanager" }))).toBe(true);
    expect(isBotMessage(ev("hi", {}, { actor: "Dana Ortiz" }))).toBe(false);
    expect(isProblemReport(ev("customers say checkout is failing"))).toBe(true);
    expect(isProblemReport(ev("lunch?"))).toBe(false);
    // reports in other words than errors and failures
    expect(isProblemReport(ev("is anyone else seeing checkout hang?"))).toBe(true);
    expect(isProblemReport(ev("customer sites are gone from the admin console"))).toBe(true);
    expect(isProblemReport(ev("api.example.com not resolving from us-east-1"))).toBe(true);
    expect(isProblemReport(ev("deploying the docs site"))).toBe(false);
    expect(changeType(ev("deploy v2.3.0 to production: success"))).toBe("deploy");
    expect(changeType(ev("Rolled back to v2.2.4"))).toBe("rollback");
    expect(changeType(ev("feature flag checkout_v2 enabled"))).toBe("flag");
  });

  it("names metric series, including nameless expression results", () => {
    expect(
      metricSample({ ...ev("", { metric: {}, value: 0.4, series: "{}" }), path: "evidence/metrics-error-ratio.json" }),
    ).toEqual({
      series: "metrics-error-ratio",
      name: "metrics-error-ratio",
      value: 0.4,
    });
    expect(
      metricSample(ev("", { metric: { code: "500" }, value: "2", series: 'http_requests_total{code="500"}' }))?.name,
    ).toBe("http_requests_total");
    expect(metricSample(ev("", { value: "NaN" }))).toBeNull();
    expect(metricClass('metrics{code="503"}')).toBe("errors");
    expect(metricClass("histogram_quantile p99 latency")).toBe("latency");
    expect(metricClass("db_pool_in_use")).toBe("saturation");
  });

  it("reads status and request ids exactly as the generic attribute lookup does", () => {
    // httpStatus and requestId spell their lookups out for speed; this is the rule they must keep
    const statusNames = "status statusCode status_code http_status response_code http.status_code code".split(" ");
    const idNames = "request_id requestId req_id reqId x_request_id http_x_request_id x-request-id request.id trace_id"
      .split(" ")
      .concat("traceId");
    const statusRef = (e: RawEvent): number | null => {
      const direct = e.attributes.status;
      if (typeof direct === "number") return Number.isInteger(direct) && direct >= 100 && direct <= 599 ? direct : null;
      const v = attr(e, ...statusNames);
      const n = typeof v === "number" ? v : typeof v === "string" && /^\d{3}$/.test(v.trim()) ? Number(v) : Number.NaN;
      return Number.isInteger(n) && n >= 100 && n <= 599 ? n : null;
    };
    const idRef = (e: RawEvent): string | null => attrString(e, ...idNames);
    // every spelling, the containers of the dotted ones, and one nobody reads
    const names = fc.constantFrom(...statusNames, ...idNames, "http", "request", "other");
    const scalar = fc.oneof(
      fc.constantFrom(200, 503, 99, 600, 404.5, "503", " 502 ", "5xx", "", " ", "abc-123", null, true, false),
      fc.string({ maxLength: 6 }),
      fc.integer({ min: -10, max: 700 }),
    );
    const value = fc.oneof(scalar, fc.dictionary(fc.constantFrom("status_code", "id", "x"), scalar, { maxKeys: 2 }));
    fc.assert(
      fc.property(fc.dictionary(names, value, { maxKeys: 6 }), (attributes) => {
        const e = ev("m", attributes);
        expect(httpStatus(e)).toBe(statusRef(e));
        expect(requestId(e)).toBe(idRef(e));
      }),
      { numRuns: 3000 },
    );
  });
});
