import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { type CollectManifestFile, collectEvidence } from "../src/collect/index.js";
import { readEvidence } from "../src/evidence/index.js";
import type { RawEvent } from "../src/model/event.js";
import { type ReplayRequest, type ReplayServer, startReplayServer } from "./support/replay-server.js";

const EXAMPLE = join(import.meta.dirname, "..", "examples", "incidents", "api-degradation", "evidence");
const FIXTURES = join(import.meta.dirname, "..", "src", "evidence", "fixtures");
const FROM = Date.parse("2025-02-09T09:25:00Z");
const TO = Date.parse("2025-02-09T10:45:00Z");

const dirs: string[] = [];
const servers: ReplayServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function incidentDir(collect: string): string {
  const dir = mkdtempSync(join(tmpdir(), "debrief-collect-src-"));
  dirs.push(dir);
  writeFileSync(
    join(dir, "debrief.yaml"),
    `formatVersion: 1\nservices: [orders-api]\nwindow:\n  start: "2025-02-09T09:55:00Z"\n  end: "2025-02-09T10:45:00Z"\ncollect:\n${collect}`,
  );
  return dir;
}

async function serve(handler: Parameters<typeof startReplayServer>[0]): Promise<ReplayServer> {
  const s = await startReplayServer(handler);
  servers.push(s);
  return s;
}

async function read(dir: string, rel: string): Promise<{ format: string; events: RawEvent[]; skipped: number }> {
  const events: RawEvent[] = [];
  const { sources } = await readEvidence([join(dir, "evidence", rel)], {
    onEvent: (e) => events.push(e),
    baseDir: dir,
  });
  return { format: sources[0]?.format ?? "none", events, skipped: sources[0]?.skipped.total ?? -1 };
}

/** The example incident's application log, as records with a time in ms. */
const appLog = readFileSync(join(EXAMPLE, "orders-api.jsonl"), "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as { time: number; hostname: string; msg: string; level: number });

const fast = { http: { retries: 2, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 2000 } };

describe("Loki", () => {
  /** Loki's query_range: start inclusive, end exclusive, forward, at most `limit` lines, grouped by stream. */
  function lokiHandler(entries: Array<{ ns: bigint; labels: Record<string, string>; line: string }>) {
    const sorted = [...entries].sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0));
    return (req: ReplayRequest) => {
      if (req.path !== "/loki/api/v1/query_range") return { status: 404, raw: "404 page not found" };
      expect(req.query.get("direction")).toBe("forward");
      const start = BigInt(req.query.get("start") ?? "0");
      const end = BigInt(req.query.get("end") ?? "0");
      const limit = Number(req.query.get("limit"));
      const page = sorted.filter((e) => e.ns >= start && e.ns < end).slice(0, limit);
      const streams = new Map<string, { stream: Record<string, string>; values: Array<[string, string]> }>();
      for (const e of page) {
        const k = JSON.stringify(e.labels);
        const s = streams.get(k) ?? { stream: e.labels, values: [] };
        s.values.push([e.ns.toString(), e.line]);
        streams.set(k, s);
      }
      return { body: { status: "success", data: { resultType: "streams", result: [...streams.values()], stats: {} } } };
    };
  }
  const entries = appLog.map((r, i) => ({
    // several lines share a timestamp so that page boundaries fall inside a group
    ns: BigInt(Math.floor(r.time / 1000) * 1000) * 1_000_000n + BigInt(i % 3),
    labels: { app: "orders-api", pod: r.hostname, namespace: "shop" },
    line: JSON.stringify(r),
  }));
  const inWindow = entries.filter((e) => e.ns >= BigInt(FROM) * 1_000_000n && e.ns < BigInt(TO) * 1_000_000n);

  it("pages forward past the line limit, dedupes the boundary, and writes JSON lines the evidence reader parses", async () => {
    const loki = await serve(lokiHandler(entries));
    const dir = incidentDir(
      `  loki:\n    url: ${loki.url}\n    limit: 250\n    tenant: shop\n    queries: ['{app="orders-api"}']\n`,
    );
    const r = await collectEvidence(dir, fast);
    expect(loki.requests.every((q) => q.headers["x-scope-orgid"] === "shop")).toBe(true);
    const item = r.manifest.items[0];
    expect(item).toMatchObject({
      source: "loki",
      status: "ok",
      rows: inWindow.length,
      file: "loki/query-1.jsonl",
      query: '{app="orders-api"}',
    });
    expect(loki.requests.length).toBeGreaterThan(inWindow.length / 250);
    const lines = readFileSync(join(dir, "evidence", "loki", "query-1.jsonl"), "utf8")
      .trim()
      .split("\n");
    expect(new Set(lines).size).toBe(inWindow.length);
    const { format, events, skipped } = await read(dir, "loki/query-1.jsonl");
    expect(format).toBe("json-lines");
    expect(skipped).toBe(0);
    expect(events).toHaveLength(inWindow.length);
    expect(events[0]).toMatchObject({ service: "orders-api", ts: Number(inWindow[0]?.ns ?? 0n) / 1e6 });
    expect(events.every((e) => e.ts >= FROM && e.ts < TO)).toBe(true);
  });

  it("records a result cut by the page limit as partial, keeping what was fetched", async () => {
    const loki = await serve(lokiHandler(entries));
    const dir = incidentDir(
      `  loki:\n    url: ${loki.url}\n    limit: 100\n    maxPages: 3\n    queries: ['{app="orders-api"}']\n`,
    );
    const r = await collectEvidence(dir, fast);
    const item = r.manifest.items[0];
    expect(item?.status).toBe("partial");
    expect(item?.reason).toMatch(/^truncated by a limit: stopped after 3 pages of 100 lines/);
    expect(item?.rows).toBeGreaterThan(290);
    expect(loki.requests).toHaveLength(3);
    expect(
      readFileSync(join(dir, "evidence", item?.file ?? ""), "utf8")
        .trim()
        .split("\n"),
    ).toHaveLength(item?.rows ?? 0);
  });

  it("keeps the pages fetched before the server started failing", async () => {
    const ok = lokiHandler(entries);
    const loki = await serve((req, n) => (n <= 2 ? ok(req) : { status: 503, raw: "too many outstanding requests" }));
    const dir = incidentDir(`  loki:\n    url: ${loki.url}\n    limit: 200\n    queries: ['{app="orders-api"}']\n`);
    const r = await collectEvidence(dir, fast);
    const item = r.manifest.items[0];
    expect(item).toMatchObject({ status: "partial", reason: "failed after some pages" });
    expect(item?.error).toMatch(/HTTP 503: too many outstanding requests/);
    expect(item?.rows).toBeGreaterThanOrEqual(399);
    // 2 good pages, then 1 + 2 retries of the third
    expect(loki.requests).toHaveLength(5);
  });
});

describe("Elasticsearch", () => {
  const docs = appLog.map((r) => ({
    "@timestamp": new Date(Math.floor(r.time / 1000) * 1000).toISOString(),
    message: r.msg,
    "log.level": r.level >= 50 ? "error" : "info",
    "service.name": "orders-api",
    "host.name": r.hostname,
  }));
  const inWindow = docs.filter((d) => Date.parse(d["@timestamp"]) >= FROM && Date.parse(d["@timestamp"]) <= TO);

  /** `_search` with a range filter, sort on @timestamp + a tiebreaker, and `search_after`; optional PIT. */
  function esHandler(pitLog: string[]) {
    const order = docs.map((d, i) => ({ d, i, t: Date.parse(d["@timestamp"]) })).sort((a, b) => a.t - b.t || a.i - b.i);
    return (req: ReplayRequest) => {
      if (req.method === "POST" && req.path === "/logs-app/_pit") {
        pitLog.push("open");
        return { body: { id: "pit-abc" } };
      }
      if (req.method === "DELETE" && req.path === "/_pit") {
        pitLog.push(`close ${(req.json as { id: string }).id}`);
        return { body: { succeeded: true, num_freed: 1 } };
      }
      const body = req.json as {
        size: number;
        search_after?: [number, number];
        sort: Array<Record<string, unknown>>;
        pit?: { id: string };
        query: { bool: { filter: Array<{ range?: Record<string, { gte: string; lte: string }> }> } };
      };
      if (body.pit) expect(req.path).toBe("/_search");
      else expect(req.path).toBe("/logs-app/_search");
      expect(Object.keys(body.sort[0] ?? {})).toEqual(["@timestamp"]);
      expect(Object.keys(body.sort[1] ?? {})).toEqual([body.pit ? "_shard_doc" : "_doc"]);
      const range = body.query.bool.filter[0]?.range?.["@timestamp"];
      const gte = Date.parse(range?.gte ?? "");
      const lte = Date.parse(range?.lte ?? "");
      const after = body.search_after;
      const hits = order
        .filter((o) => o.t >= gte && o.t <= lte)
        .filter((o) => !after || o.t > after[0] || (o.t === after[0] && o.i > after[1]))
        .slice(0, body.size)
        .map((o) => ({ _index: "logs-app-2025.02.09", _id: `doc-${o.i}`, _source: o.d, sort: [o.t, o.i] }));
      return {
        body: {
          took: 3,
          timed_out: false,
          ...(body.pit ? { pit_id: "pit-abc" } : {}),
          hits: { total: { value: 10000, relation: "gte" }, hits },
        },
      };
    };
  }

  it("pages with search_after on time + tiebreaker, every document once, parsed as JSON lines", async () => {
    const es = await serve(esHandler([]));
    const dir = incidentDir(`  elasticsearch:\n    url: ${es.url}\n    index: logs-app\n    pageSize: 300\n`);
    const r = await collectEvidence(dir, fast);
    expect(r.manifest.items[0]).toMatchObject({
      source: "elasticsearch",
      status: "ok",
      rows: inWindow.length,
      file: "elasticsearch/logs-app.jsonl",
    });
    const lines = readFileSync(join(dir, "evidence", "elasticsearch", "logs-app.jsonl"), "utf8")
      .trim()
      .split("\n");
    expect(new Set(lines.map((l) => (JSON.parse(l) as { _id: string })._id)).size).toBe(inWindow.length);
    const { format, events } = await read(dir, "elasticsearch/logs-app.jsonl");
    expect(format).toBe("json-lines");
    expect(events).toHaveLength(inWindow.length);
    expect(events.filter((e) => e.severity === "error").length).toBe(
      inWindow.filter((d) => d["log.level"] === "error").length,
    );
  });

  it("uses and closes a point in time when asked", async () => {
    const pitLog: string[] = [];
    const es = await serve(esHandler(pitLog));
    const dir = incidentDir(
      `  elasticsearch:\n    url: ${es.url}\n    index: logs-app\n    pit: true\n    pageSize: 1000\n`,
    );
    const r = await collectEvidence(dir, fast);
    expect(r.manifest.items[0]).toMatchObject({ status: "ok", rows: inWindow.length });
    expect(pitLog).toEqual(["open", "close pit-abc"]);
  });

  it("records the max-pages limit as partial", async () => {
    const es = await serve(esHandler([]));
    const dir = incidentDir(
      `  elasticsearch:\n    url: ${es.url}\n    index: logs-app\n    pageSize: 100\n    maxPages: 4\n`,
    );
    const r = await collectEvidence(dir, fast);
    expect(r.manifest.items[0]).toMatchObject({
      status: "partial",
      rows: 400,
      reason: "truncated by a limit: stopped after 4 pages of 100 hits",
    });
  });
});

describe("kubectl (fake binary on PATH)", () => {
  function fakeKubectl(): { bin: string; argvLog: string; env: Record<string, string | undefined> } {
    const bin = mkdtempSync(join(tmpdir(), "debrief-kubectl-"));
    dirs.push(bin);
    const data = join(bin, "data");
    mkdirSync(data);
    const api = readFileSync(join(EXAMPLE, "kubectl-orders-api.log"), "utf8");
    writeFileSync(join(data, "orders-api-5b8c-k2m9x_api.log"), api);
    writeFileSync(join(data, "orders-api-5b8c-k2m9x_api.previous.log"), `${api.split("\n").slice(0, 40).join("\n")}\n`);
    writeFileSync(join(data, "orders-api-5b8c-p4t7w_api.log"), `${api.split("\n").slice(0, 10).join("\n")}\n`);
    writeFileSync(join(data, "events.json"), readFileSync(join(FIXTURES, "kubectl-events.json")));
    const pod = (name: string, restarts: number) => ({
      metadata: { name },
      spec: { containers: [{ name: "api" }] },
      status: { containerStatuses: [{ name: "api", restartCount: restarts }] },
    });
    writeFileSync(
      join(data, "pods.json"),
      JSON.stringify({ kind: "List", items: [pod("orders-api-5b8c-k2m9x", 1), pod("orders-api-5b8c-p4t7w", 0)] }),
    );
    const argvLog = join(bin, "argv.jsonl");
    writeFileSync(
      join(bin, "kubectl"),
      `#!/usr/bin/env node
const fs = require("node:fs");
const path = require("node:path");
const args = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(argvLog)}, JSON.stringify(args) + "\\n");
const data = ${JSON.stringify(data)};
const rest = args.filter((a, i) => !["--context", "-n"].includes(a) && !["--context", "-n"].includes(args[i - 1]));
// never process.exit() after writing: a large write to a pipe would be cut short
function answer() {
  if (rest[0] === "get" && rest[1] === "pods") return fs.readFileSync(path.join(data, "pods.json"));
  if (rest[0] === "get" && rest[1] === "events") return fs.readFileSync(path.join(data, "events.json"));
  if (rest[0] === "logs") {
    const pod = rest[1]; const c = rest[rest.indexOf("-c") + 1]; const prev = rest.includes("--previous");
    const file = path.join(data, pod + "_" + c + (prev ? ".previous" : "") + ".log");
    if (fs.existsSync(file)) return fs.readFileSync(file);
    process.stderr.write('Error from server (BadRequest): previous terminated container "' + c + '" in pod "' + pod + '" not found\\n');
    return null;
  }
  process.stderr.write("error: unknown command " + args.join(" ") + "\\n");
  return null;
}
const out = answer();
if (out === null) process.exitCode = 1;
else process.stdout.write(out);
`,
    );
    chmodSync(join(bin, "kubectl"), 0o755);
    return { bin, argvLog, env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}` } };
  }

  it("fetches each pod's logs (and the restarted container's previous logs) and the events, with context, namespace and selector", async () => {
    const k = fakeKubectl();
    const dir = incidentDir("  padding: 30m\n");
    let stderr = "";
    const code = await main(
      [
        "node",
        "debrief",
        "collect",
        dir,
        "--kubectl-context",
        "prod-eu",
        "--namespace",
        "shop",
        "--selector",
        "app=orders-api",
      ],
      {
        env: k.env,
        stdout: () => {},
        stderr: (t) => {
          stderr += t;
        },
      },
    );
    expect({ code, stderr }).toMatchObject({ code: 0 });
    const argv = readFileSync(k.argvLog, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as string[]);
    expect(argv[0]).toEqual([
      "--context",
      "prod-eu",
      "-n",
      "shop",
      "get",
      "pods",
      "-l",
      "app=orders-api",
      "-o",
      "json",
    ]);
    expect(argv).toContainEqual([
      "--context",
      "prod-eu",
      "-n",
      "shop",
      "logs",
      "orders-api-5b8c-k2m9x",
      "-c",
      "api",
      "--timestamps",
      "--since-time=2025-02-09T09:25:00.000Z",
    ]);
    expect(argv).toContainEqual([
      "--context",
      "prod-eu",
      "-n",
      "shop",
      "logs",
      "orders-api-5b8c-k2m9x",
      "-c",
      "api",
      "--timestamps",
      "--since-time=2025-02-09T09:25:00.000Z",
      "--previous",
    ]);
    // the pod that never restarted is not asked for previous logs
    expect(argv.some((a) => a.includes("orders-api-5b8c-p4t7w") && a.includes("--previous"))).toBe(false);
    expect(argv).toContainEqual(["--context", "prod-eu", "-n", "shop", "get", "events", "-o", "json"]);
    const manifest = JSON.parse(readFileSync(join(dir, "evidence", "manifest.json"), "utf8")) as CollectManifestFile;
    const files = manifest.items.map((i) => i.file);
    expect(files).toEqual([
      "kubectl/orders-api-5b8c-k2m9x_api.log",
      "kubectl/orders-api-5b8c-k2m9x_api.previous.log",
      "kubectl/orders-api-5b8c-p4t7w_api.log",
      "kubectl/events.json",
    ]);
    // lines after the window end are dropped
    const all = readFileSync(join(EXAMPLE, "kubectl-orders-api.log"), "utf8").trim().split("\n");
    const kept = all.filter((l) => Date.parse(l.slice(0, l.indexOf(" "))) <= TO);
    expect(manifest.items[0]?.rows).toBe(kept.length);
    expect(kept.length).toBeLessThan(all.length);
    const logs = await read(dir, "kubectl/orders-api-5b8c-k2m9x_api.log");
    expect(logs.format).toBe("kubectl-timestamps");
    expect(logs.events).toHaveLength(kept.length);
    const events = await read(dir, "kubectl/events.json");
    expect(events.format).toBe("kubernetes-events");
    expect(events.events.length).toBeGreaterThanOrEqual(3);
    expect(manifest.items[3]).toMatchObject({ endpoint: "kubectl --context prod-eu -n shop", rows: 3 });
    expect(stderr).toMatch(/4 fetched/);
  });

  it("records a missing kubectl as a failure with a clear reason (exit 1)", async () => {
    const dir = incidentDir("  kubectl:\n    namespace: shop\n");
    let stdout = "";
    const code = await main(["node", "debrief", "collect", dir, "--json"], {
      env: { ...process.env, PATH: "/nonexistent" },
      stdout: (t) => {
        stdout += t;
      },
      stderr: () => {},
    });
    expect(code).toBe(1);
    const out = JSON.parse(stdout) as { manifest: CollectManifestFile };
    expect(out.manifest.items[0]).toMatchObject({
      source: "kubectl",
      status: "failed",
      reason: "kubectl-not-found",
      error: "kubectl not found on PATH",
    });
  });
});

describe("PagerDuty", () => {
  const log = JSON.parse(readFileSync(join(EXAMPLE, "pagerduty-log-entries.json"), "utf8")) as {
    log_entries: Array<{ id: string }>;
  };
  const TOKEN = "pd-u+secret-TOKEN-4242";

  it("fetches the incident and pages through log entries, waiting out a 429's Retry-After; the token stays secret", async () => {
    const pd = await serve((req, n) => {
      if (req.headers.authorization !== `Token token=${TOKEN}`)
        return { status: 401, body: { error: { message: "Unauthorized", code: 2006 } } };
      expect(req.headers.accept).toBe("application/vnd.pagerduty+json;version=2");
      if (req.path === "/incidents/Q0EWAF9P3R8MK3") {
        return {
          body: {
            incident: {
              id: "Q0EWAF9P3R8MK3",
              incident_number: 4211,
              title: "orders-api 5xx",
              created_at: "2025-02-09T10:08:12Z",
              status: "resolved",
            },
          },
        };
      }
      if (req.path === "/incidents/Q0EWAF9P3R8MK3/log_entries") {
        if (n === 2)
          return {
            status: 429,
            headers: { "retry-after": "1" },
            body: { error: { message: "Rate Limit Exceeded", code: 2020 } },
          };
        const offset = Number(req.query.get("offset"));
        const page = log.log_entries.slice(offset, offset + 4);
        return {
          body: { log_entries: page, limit: 4, offset, more: offset + 4 < log.log_entries.length, total: null },
        };
      }
      return { status: 404, body: { error: { message: "Not Found" } } };
    });
    const dir = incidentDir(`  pagerduty:\n    incident: Q0EWAF9P3R8MK3\n    url: ${pd.url}\n`);
    let stdout = "";
    let stderr = "";
    const code = await main(["node", "debrief", "collect", dir, "--json"], {
      env: { ...process.env, PAGERDUTY_TOKEN: TOKEN },
      stdout: (t) => {
        stdout += t;
      },
      stderr: (t) => {
        stderr += t;
      },
    });
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { manifest: CollectManifestFile };
    expect(out.manifest.items.map((i) => [i.task, i.status, i.rows])).toEqual([
      ["incident:Q0EWAF9P3R8MK3", "ok", 1],
      ["log-entries:Q0EWAF9P3R8MK3", "ok", log.log_entries.length],
    ]);
    expect(stderr).toMatch(/retry 1 in 1000 ms: .*HTTP 429/);
    const offsets = pd.requests.filter((r) => r.path.endsWith("/log_entries")).map((r) => r.query.get("offset"));
    expect(offsets).toEqual(["0", "0", "4", "8"]);
    const entries = await read(dir, "pagerduty/log-entries.json");
    expect(entries.format).toBe("pagerduty-json");
    expect(entries.events.length).toBeGreaterThanOrEqual(log.log_entries.length);
    const incident = await read(dir, "pagerduty/incident.json");
    expect(incident.format).toBe("pagerduty-json");
    expect(incident.events[0]?.ts).toBe(Date.parse("2025-02-09T10:08:12Z"));
    for (const text of [stdout, stderr, readFileSync(join(dir, "evidence", "manifest.json"), "utf8")]) {
      expect(text.includes(TOKEN)).toBe(false);
    }
  });
});

describe("Slack", () => {
  const day = JSON.parse(readFileSync(join(EXAMPLE, "slack", "inc-orders-api", "2025-02-09.json"), "utf8")) as Array<{
    ts: string;
    thread_ts?: string;
  }>;
  const users = JSON.parse(readFileSync(join(EXAMPLE, "slack", "users.json"), "utf8")) as Array<{ id: string }>;
  const TOKEN = "xoxb-2000000000-slacksecret";

  function slackHandler() {
    const cursorPage = <T>(list: T[], req: ReplayRequest, size: number) => {
      const at = Number(req.query.get("cursor") || "0");
      const next = at + size < list.length ? String(at + size) : "";
      return { page: list.slice(at, at + size), meta: { next_cursor: next } };
    };
    let limited = false;
    return (req: ReplayRequest) => {
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return { body: { ok: false, error: "invalid_auth" } };
      switch (req.path) {
        case "/users.list": {
          if (!limited) {
            limited = true;
            return { status: 429, headers: { "retry-after": "0" }, raw: "" };
          }
          const { page, meta } = cursorPage(users, req, 2);
          return { body: { ok: true, members: page, response_metadata: meta } };
        }
        case "/conversations.list": {
          const channels = [
            { id: "C01GENERAL", name: "general" },
            { id: "C02RANDOM", name: "random" },
            { id: "C04ORDAPI7Q", name: "inc-orders-api" },
          ];
          const { page, meta } = cursorPage(channels, req, 2);
          return { body: { ok: true, channels: page, response_metadata: meta } };
        }
        case "/conversations.history": {
          expect(req.query.get("channel")).toBe("C04ORDAPI7Q");
          const oldest = Number(req.query.get("oldest"));
          const latest = Number(req.query.get("latest"));
          // newest first, replies only through conversations.replies, as Slack does
          const top = day
            .filter((m) => (!m.thread_ts || m.thread_ts === m.ts) && Number(m.ts) >= oldest && Number(m.ts) <= latest)
            .reverse();
          const { page, meta } = cursorPage(top, req, 5);
          return { body: { ok: true, messages: page, has_more: meta.next_cursor !== "", response_metadata: meta } };
        }
        case "/conversations.replies": {
          const ts = req.query.get("ts");
          return { body: { ok: true, messages: day.filter((m) => m.thread_ts === ts), has_more: false } };
        }
        default:
          return { body: { ok: false, error: "unknown_method" } };
      }
    };
  }

  it("resolves the channel, follows cursors and threads, and writes an export the evidence reader names people from", async () => {
    const slack = await serve(slackHandler());
    const dir = incidentDir(`  slack:\n    channel: "#inc-orders-api"\n    url: ${slack.url}\n`);
    const r = await collectEvidence(dir, { ...fast, env: { SLACK_TOKEN: TOKEN } });
    const inWindow = day.filter((m) => Number(m.ts) * 1000 >= FROM && Number(m.ts) * 1000 <= TO);
    expect(r.manifest.items.map((i) => [i.task, i.status, i.file, i.rows])).toEqual([
      ["users", "ok", "slack/users.json", users.length],
      ["channel:inc-orders-api", "ok", "slack/inc-orders-api/2025-02-09.json", inWindow.length],
    ]);
    const { format, events } = await read(dir, "slack/users.json");
    expect(format).toBe("slack-metadata");
    const chat = await read(dir, "slack/inc-orders-api/2025-02-09.json");
    expect(chat.format).toBe("slack-export");
    expect(chat.events).toHaveLength(inWindow.length);
    // the thread reply only reachable through conversations.replies is there
    expect(chat.events.some((e) => e.ts === 1739096380001.6 || Math.floor(e.ts / 1000) === 1739096380)).toBe(true);
    expect(chat.events.every((e) => e.actor !== null && !/^U[0-9A-Z]{8,}$/.test(e.actor))).toBe(true);
    expect(events).toEqual([]);
    const text = readFileSync(join(dir, "evidence", "manifest.json"), "utf8");
    expect(text.includes(TOKEN)).toBe(false);
  });

  it("records invalid_auth as an auth failure", async () => {
    const slack = await serve(slackHandler());
    const dir = incidentDir(`  slack:\n    channel: inc-orders-api\n    url: ${slack.url}\n`);
    const r = await collectEvidence(dir, { ...fast, env: { SLACK_TOKEN: "xoxb-wrong-token" } });
    expect(r.manifest.items[0]).toMatchObject({
      status: "failed",
      reason: "auth",
      error: "Slack users.list: invalid_auth",
    });
    expect(r.summary.failed).toBe(2);
  });
});
