import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { type CollectManifestFile, collectEvidence } from "../src/collect/index.js";
import { freePort } from "./support/free-port.js";
import { type ReplayServer, startReplayServer } from "./support/replay-server.js";
import { runCli } from "./support/run-cli.js";

const dirs: string[] = [];
const servers: ReplayServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function incidentDir(
  collect: string,
  window = 'window:\n  start: "2025-02-09T09:55:00Z"\n  end: "2025-02-09T10:45:00Z"\n',
): string {
  const dir = mkdtempSync(join(tmpdir(), "debrief-collect-fail-"));
  dirs.push(dir);
  writeFileSync(join(dir, "debrief.yaml"), `formatVersion: 1\n${window}collect:\n${collect}`);
  return dir;
}

async function cli(args: string[], env: Record<string, string | undefined> = process.env) {
  return runCli(["collect", ...args], { env });
}

/** Every file under `dir`, as text. */
function allText(dir: string): string {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out.push(readFileSync(join(d, e.name), "utf8"));
    }
  };
  walk(dir);
  return out.join("\n");
}

const fast = { http: { retries: 2, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 2000 } };
const promOk = {
  body: {
    status: "success",
    data: { resultType: "matrix", result: [{ metric: { service: "api" }, values: [[1739095500, "1"]] }] },
  },
};
const promYaml = (url: string) =>
  `  prometheus:\n    url: ${url}\n    alerts: false\n    queries:\n      - name: up\n        query: up\n`;

describe("unreachable, slow and refusing servers", () => {
  it("connection refused: retried with back-off, then recorded as unreachable", async () => {
    const port = await freePort();
    const dir = incidentDir(promYaml(`http://127.0.0.1:${port}`));
    const progress: string[] = [];
    const r = await collectEvidence(dir, { ...fast, onProgress: (m) => progress.push(m) });
    expect(r.manifest.items[0]).toMatchObject({ status: "failed", reason: "unreachable", file: null });
    expect(r.manifest.items[0]?.error).toBe(
      `http://127.0.0.1:${port}/api/v1/query_range?query=up&start=1739093100&end=1739097900&step=15: unreachable (ECONNREFUSED)`,
    );
    // two retries of the runtime-info probe, two of the query
    expect(progress.filter((m) => m.startsWith("retry "))).toHaveLength(4);
  });

  it("a server that never answers: the timeout fires and the item is recorded as timed out", async () => {
    const s = await startReplayServer(() => "hang");
    servers.push(s);
    const dir = incidentDir(promYaml(s.url));
    const r = await collectEvidence(dir, { http: { timeoutMs: 150, retries: 1, baseDelayMs: 5 } });
    expect(r.manifest.items[0]).toMatchObject({ status: "failed", reason: "timeout" });
    expect(r.manifest.items[0]?.error).toMatch(/no answer within 150 ms$/);
    // runtimeinfo (1 + 1 retry) and the query (1 + 1 retry)
    expect(s.requests).toHaveLength(4);
  });

  it("a dropped connection is retried and the retry's answer is used", async () => {
    const s = await startReplayServer((req, n) =>
      req.path.endsWith("runtimeinfo") ? { status: 404 } : n === 2 ? "destroy" : promOk,
    );
    servers.push(s);
    const dir = incidentDir(promYaml(s.url));
    const r = await collectEvidence(dir, fast);
    expect(r.manifest.items[0]).toMatchObject({ status: "ok", rows: 1 });
  });

  it("401: recorded as such, never retried, and the bearer token appears nowhere", async () => {
    const TOKEN = "prom-bearer-S3CRET-token";
    const s = await startReplayServer((req) =>
      req.headers.authorization === "Bearer other"
        ? promOk
        : { status: 401, raw: `invalid token ${req.headers.authorization}` },
    );
    servers.push(s);
    const dir = incidentDir(promYaml(s.url));
    const res = await cli([dir, "--json"], { ...process.env, PROMETHEUS_TOKEN: TOKEN });
    expect(res.code).toBe(1);
    const out = JSON.parse(res.stdout) as { manifest: CollectManifestFile };
    expect(out.manifest.items[0]).toMatchObject({ status: "failed", reason: "401" });
    expect(s.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    // the runtime-info probe and the query, each asked once
    expect(s.requests.map((r) => r.path)).toEqual(["/api/v1/status/runtimeinfo", "/api/v1/query_range"]);
    for (const text of [res.stdout, res.stderr, allText(dir)]) expect(text).not.toContain(TOKEN);
  });

  it("429 until the retries run out: rate-limited; a Retry-After beyond the bound fails at once", async () => {
    const s = await startReplayServer((req) =>
      req.path.endsWith("runtimeinfo")
        ? { status: 404 }
        : { status: 429, headers: { "retry-after": "0" }, raw: "slow down" },
    );
    servers.push(s);
    const r = await collectEvidence(incidentDir(promYaml(s.url)), fast);
    expect(r.manifest.items[0]).toMatchObject({ status: "failed", reason: "rate-limited" });
    expect(s.requests.filter((q) => q.path.endsWith("query_range"))).toHaveLength(3);

    const long = await startReplayServer(() => ({ status: 429, headers: { "retry-after": "3600" } }));
    servers.push(long);
    const r2 = await collectEvidence(incidentDir(promYaml(long.url)), fast);
    expect(r2.manifest.items[0]?.error).toMatch(/asks to wait 3600 s, more than the 60 s allowed/);
  });

  it("malformed JSON and a wrong shape are named precisely", async () => {
    const bad = await startReplayServer((req) =>
      req.path.endsWith("runtimeinfo") ? { status: 404 } : { raw: '{"status":"success","data":{"resultTy' },
    );
    servers.push(bad);
    const r = await collectEvidence(incidentDir(promYaml(bad.url)), fast);
    expect(r.manifest.items[0]).toMatchObject({ status: "failed", reason: "malformed-json" });
    expect(r.manifest.items[0]?.error).toMatch(
      /response is not valid JSON .*starts with "\{\\"status\\":\\"success\\"/,
    );

    const shape = await startReplayServer((req) =>
      req.path.endsWith("runtimeinfo")
        ? { status: 404 }
        : { body: { status: "success", data: { resultType: "matrix", result: [{ metric: {}, values: [["x", 1]] }] } } },
    );
    servers.push(shape);
    const r2 = await collectEvidence(incidentDir(promYaml(shape.url)), fast);
    expect(r2.manifest.items[0]).toMatchObject({ status: "failed", reason: "invalid-response" });
    expect(r2.manifest.items[0]?.error).toMatch(/unexpected response shape at data\.result\.0\.values\.0\.0/);
  });

  it("one failing source does not stop the others; the manifest records both and no temp file is left", async () => {
    const port = await freePort();
    const ok = await startReplayServer((req) => (req.path.endsWith("runtimeinfo") ? { status: 404 } : promOk));
    servers.push(ok);
    const dir = incidentDir(`${promYaml(ok.url)}  alertmanager:\n    url: http://127.0.0.1:${port}\n`);
    const res = await cli([dir, "--retries", "0"]);
    expect(res.code).toBe(1);
    const m = JSON.parse(readFileSync(join(dir, "evidence", "manifest.json"), "utf8")) as CollectManifestFile;
    expect(m.items.map((i) => [i.source, i.task, i.status])).toEqual([
      ["prometheus", "query:up", "ok"],
      ["alertmanager", "alerts", "failed"],
      ["alertmanager", "silences", "failed"],
    ]);
    expect(res.stderr).toMatch(/1 fetched, 0 already there, 0 empty, 0 partial, 2 failed/);
    expect(readdirSync(join(dir, "evidence"), { recursive: true }).filter((f) => String(f).endsWith(".tmp"))).toEqual(
      [],
    );
  });
});

describe("credentials", () => {
  it("URL userinfo becomes a Basic header and is scrubbed from the manifest, progress and even echoed evidence", async () => {
    const PASSWORD = "pw-Sup3r-secret";
    const s = await startReplayServer((req) => ({
      body: {
        status: "success",
        data: {
          resultType: "streams",
          // a server that echoes the credentials back into a log line
          result: [
            {
              stream: { app: "api" },
              values: [["1739095500000000000", `auth header was ${req.headers.authorization}`]],
            },
          ],
        },
      },
    }));
    servers.push(s);
    const dir = incidentDir(
      `  loki:\n    url: http://loki-user:${PASSWORD}@127.0.0.1:${new URL(s.url).port}\n    queries: ['{app="api"}']\n`,
    );
    const res = await cli([dir, "--json"]);
    expect(res.code).toBe(0);
    expect(s.requests[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from(`loki-user:${PASSWORD}`).toString("base64")}`,
    );
    const basic = Buffer.from(`loki-user:${PASSWORD}`).toString("base64");
    // debrief.yaml is the user's own file; everything Debrief wrote must be clean
    for (const text of [res.stdout, res.stderr, allText(join(dir, "evidence"))]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(basic);
    }
    expect(readFileSync(join(dir, "evidence", "loki", "query-1.jsonl"), "utf8")).toContain("auth header was Basic ***");
    const m = JSON.parse(res.stdout) as { manifest: CollectManifestFile };
    expect(m.manifest.items[0]?.endpoint).toBe(`${s.url}/loki/api/v1/query_range`);
  });

  it("a key in the configured URL's query string is sent on every request and hidden everywhere", async () => {
    const KEY = "proxy-key-0xC0FFEE";
    const s = await startReplayServer((req) =>
      req.path.endsWith("runtimeinfo")
        ? { status: 404 }
        : {
            body: {
              status: "success",
              // the proxy echoes the key into a label value
              data: {
                resultType: "matrix",
                result: [{ metric: { note: `key=${req.query.get("api_key")}` }, values: [[1739095500, "1"]] }],
              },
            },
          },
    );
    servers.push(s);
    const dir = incidentDir(promYaml(`${s.url}/?api_key=${KEY}`));
    const res = await cli([dir, "--json"]);
    expect(res.code).toBe(0);
    expect(s.requests.every((r) => r.query.get("api_key") === KEY)).toBe(true);
    for (const text of [res.stdout, res.stderr, allText(join(dir, "evidence"))]) expect(text).not.toContain(KEY);
    expect(readFileSync(join(dir, "evidence", "prometheus", "up.json"), "utf8")).toContain('"note":"key=***"');
  });

  it("refuses a credentials file inside the incident folder (exit 2) and reads one outside", async () => {
    const TOKEN = "pd-from-file-0123456789";
    const s = await startReplayServer((req) =>
      req.headers.authorization === `Token token=${TOKEN}`
        ? {
            body: {
              incident: { id: "P1", created_at: "2025-02-09T10:08:12Z", incident_number: 1 },
              log_entries: [],
              more: false,
            },
          }
        : { status: 401 },
    );
    servers.push(s);
    const dir = incidentDir(`  pagerduty:\n    incident: P1\n    url: ${s.url}\n`);
    writeFileSync(join(dir, "creds.yaml"), `PAGERDUTY_TOKEN: ${TOKEN}\n`);
    const inside = await cli([dir, "--credentials", join(dir, "creds.yaml")], {});
    expect(inside.code).toBe(2);
    expect(inside.stderr).toMatch(/creds\.yaml: the credentials file is inside the incident folder/);
    expect(inside.stderr).not.toContain(TOKEN);
    expect(s.requests).toHaveLength(0);

    const outside = mkdtempSync(join(tmpdir(), "debrief-creds-"));
    dirs.push(outside);
    writeFileSync(join(outside, "credentials.yaml"), `PAGERDUTY_TOKEN: ${TOKEN}\n`);
    const ok = await cli([dir, "--credentials", join(outside, "credentials.yaml"), "--json"], {});
    expect(ok.code).toBe(0);
    expect(ok.stdout).not.toContain(TOKEN);
    const m = JSON.parse(ok.stdout) as { manifest: CollectManifestFile };
    expect(m.manifest.items.map((i) => i.status)).toEqual(["ok", "empty"]);

    writeFileSync(join(outside, "bad.yaml"), "SLACK_TOKEN: [unclosed\n");
    const bad = await cli([dir, "--credentials", join(outside, "bad.yaml")], {});
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yaml: the credentials file is not valid YAML or JSON/);
    writeFileSync(join(outside, "typo.yaml"), "PAGERDUTY_TOKNE: abc\n");
    const typo = await cli([dir, "--credentials", join(outside, "typo.yaml")], {});
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/unknown credential name\(s\) PAGERDUTY_TOKNE/);
  });

  it("a missing token is an auth failure that names the variable", async () => {
    const dir = incidentDir("  pagerduty:\n    incident: P1\n    url: http://127.0.0.1:9\n");
    const res = await cli([dir, "--json"], {});
    expect(res.code).toBe(1);
    const m = JSON.parse(res.stdout) as { manifest: CollectManifestFile };
    expect(m.manifest.items[0]).toMatchObject({
      status: "failed",
      reason: "auth",
      error: "PAGERDUTY_TOKEN is not set (environment or credentials file)",
    });
  });
});

describe("bad settings (exit 2, clear message, nothing fetched)", () => {
  it.each([
    [["--prometheus", "http://127.0.0.1:9", "--start", "yesterday"], /--start expects an ISO-8601 time with a zone/],
    [["--prometheus", "http://127.0.0.1:9", "--padding", "half an hour"], /--padding expects a duration like 30m/],
    [["--prometheus", "ftp://prom"], /--prometheus expects an http\(s\) URL/],
    [["--prometheus", "http://127.0.0.1:9", "--retries", "-1"], /--retries expects a whole number/],
    [
      ["--prometheus", "http://127.0.0.1:9", "--start", "2025-02-09T11:00:00Z", "--end", "2025-02-09T10:00:00Z"],
      /the window ends .* before it starts/,
    ],
    [[], /nothing to collect/],
  ])("collect %j", async (args, message) => {
    const dir = incidentDir("  padding: 30m\n");
    const res = await cli([dir, ...(args as string[])]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message as RegExp);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it("no window anywhere", async () => {
    const dir = incidentDir("  padding: 30m\n", "");
    const res = await cli([dir, "--prometheus", "http://127.0.0.1:9"]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/no incident window: set window.start in debrief.yaml or pass --start/);
  });

  it("an unknown key in debrief.yaml names the file and line; a missing folder is an input error", async () => {
    const dir = incidentDir("  promethues:\n    url: http://x\n");
    const res = await cli([dir]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/debrief\.yaml:\d+:\d+: .*promethues/);
    const missing = await cli([join(dir, "nope"), "--prometheus", "http://127.0.0.1:9"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope: incident folder not found/);
  });

  it("has help with examples", async () => {
    const res = await cli(["--help"]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/Examples:\n\s+\$ debrief collect/);
    expect(res.stdout).toMatch(/--pagerduty-incident <id>/);
  });
});

describe("evidence folder hygiene", () => {
  it("an unwritable evidence folder is a clear error naming the path (exit 2), not a stack trace", async () => {
    const s = await startReplayServer((req) => (req.path.endsWith("runtimeinfo") ? { status: 404 } : promOk));
    servers.push(s);
    const dir = incidentDir(promYaml(s.url));
    writeFileSync(join(dir, "evidence"), "a file where the folder should be");
    const res = await cli([dir]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/evidence\/prometheus\/up\.json: cannot write the evidence file: .*(ENOTDIR|EEXIST)/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it("keeps files other tools put in evidence/ and rewrites only its own", async () => {
    const s = await startReplayServer((req) => (req.path.endsWith("runtimeinfo") ? { status: 404 } : promOk));
    servers.push(s);
    const dir = incidentDir(promYaml(s.url));
    mkdirSync(join(dir, "evidence"), { recursive: true });
    writeFileSync(join(dir, "evidence", "notes.txt"), "handwritten");
    await collectEvidence(dir, fast);
    expect(readFileSync(join(dir, "evidence", "notes.txt"), "utf8")).toBe("handwritten");
  });
});
