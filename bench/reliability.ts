/**
 * Reliability figures for issue 18, written to bench/results/reliability.json:
 *  1. hostile inputs (scripts/generate-hostile.ts) through `evidence`, `timeline`, `lint` and `render`: clean
 *     (exit 0/1/2, no stack trace), crashed, hung, peak RSS, slowest;
 *  2. a crash suite: `draft`, `render`, `index` and `publish --dry-run` killed with SIGKILL at random moments (50
 *     each): every postmortem.md is the old or the new version byte for byte, every report is whole, every SQLite
 *     index passes `PRAGMA integrity_check` in WAL mode;
 *  3. 50 concurrent drafts of one post-mortem through the API: errors, writes, lost updates;
 *  4. a load run: 50 concurrent clients for 30 s against `debrief serve` on loopback, mixed reads and writes.
 *
 *   npm run bench:reliability [-- --quick]
 */
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { generateHostileCorpus } from "../scripts/generate-hostile.js";
import { mulberry32 } from "../src/util/mulberry32.js";

const root = join(import.meta.dirname, "..");
const bin = join(root, "bin", "debrief.js");
const quick = process.argv.includes("--quick");
const EXAMPLE = join(root, "examples", "incidents", "api-degradation");
const HANG_MS = 180_000;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
  rssKiB: number;
  stdout: string;
  stderr: string;
  hung: boolean;
}

/**
 * Run the CLI. Measured runs go through /usr/bin/time (peak RSS) and `timeout -s KILL` (the hang limit); crash runs
 * (`killAfterMs`) start node directly and SIGKILL it at that moment.
 */
function run(args: string[], cwd: string, killAfterMs?: number): Promise<Run> {
  return new Promise((done) => {
    const started = performance.now();
    const measured = killAfterMs === undefined;
    const child = measured
      ? spawn(
          "/usr/bin/time",
          ["-f", "@@rss %M", "timeout", "-s", "KILL", String(HANG_MS / 1000), process.execPath, bin, ...args],
          { cwd, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] },
        )
      : spawn(process.execPath, [bin, ...args], {
          cwd,
          env: { ...process.env, NO_COLOR: "1" },
          stdio: ["ignore", "pipe", "pipe"],
        });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      if (stdout.length < 1_000_000) stdout += c;
    });
    child.stderr.on("data", (c: Buffer) => {
      if (stderr.length < 1_000_000) stderr += c;
    });
    const timer = measured ? undefined : setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    child.on("close", (code, signal) => {
      if (timer) clearTimeout(timer);
      const ms = performance.now() - started;
      const rss = /@@rss (\d+)/.exec(stderr);
      done({
        code,
        signal,
        ms,
        rssKiB: rss ? Number(rss[1]) : 0,
        stdout,
        stderr: stderr
          .replace(/@@rss \d+\n?/, "")
          .replace(/Command (exited with non-zero status|terminated by signal) \d+\n?/, ""),
        hung: measured && code === 137 && ms >= HANG_MS,
      });
    });
  });
}

const hasStack = (text: string) => /\n\s+at .+\(.+:\d+:\d+\)/.test(text);

async function hostileSuite(work: string) {
  const t0 = performance.now();
  const inputs = await generateHostileCorpus(join(root, "bench", "data", "hostile"), { small: quick });
  const generateSeconds = (performance.now() - t0) / 1000;
  const outcomes: Array<Record<string, unknown>> = [];
  for (const input of inputs) {
    const commands =
      input.kind === "evidence"
        ? [
            ["evidence", input.path, "--json"],
            ["timeline", input.path, "--json"],
          ]
        : [
            ["lint", input.path],
            ["render", input.path, "--out", join(work, "hostile-report.html")],
          ];
    for (const args of commands) {
      const r = await run(args, work);
      const crashed = !r.hung && (r.signal !== null || ![0, 1, 2].includes(r.code ?? -1) || hasStack(r.stderr));
      const message = r.stderr.trim().split("\n").filter(Boolean).pop() ?? "";
      const silentEmpty = r.code === 0 && /"sources":\s*\[\s*\]/.test(r.stdout) && message === "";
      outcomes.push({
        input: input.name,
        command: args[0],
        exit: r.code,
        signal: r.signal,
        clean: !crashed && !r.hung && !silentEmpty,
        crashed,
        hung: r.hung,
        silentEmpty,
        seconds: Number((r.ms / 1000).toFixed(2)),
        peakRssMiB: Math.round(r.rssKiB / 1024),
        message: message.slice(0, 300),
      });
      process.stderr.write(
        `hostile: ${input.name} / ${args[0]}: exit ${r.code} ${(r.ms / 1000).toFixed(1)} s ${Math.round(r.rssKiB / 1024)} MiB\n`,
      );
    }
  }
  const slowest = [...outcomes].sort((a, b) => (b.seconds as number) - (a.seconds as number))[0];
  return {
    corpusGeneratedSeconds: Number(generateSeconds.toFixed(1)),
    inputs: inputs.length,
    runs: outcomes.length,
    clean: outcomes.filter((o) => o.clean).length,
    crashed: outcomes.filter((o) => o.crashed).length,
    hung: outcomes.filter((o) => o.hung).length,
    silentEmpty: outcomes.filter((o) => o.silentEmpty).length,
    peakRssMiB: Math.max(...outcomes.map((o) => o.peakRssMiB as number)),
    slowest: slowest ? { input: slowest.input, command: slowest.command, seconds: slowest.seconds } : null,
    outcomes,
  };
}

function incidentCopy(base: string): { ws: string; inc: string } {
  const ws = join(base, "ws");
  const inc = join(ws, "inc");
  cpSync(join(EXAMPLE, "evidence"), join(inc, "evidence"), { recursive: true });
  cpSync(join(EXAMPLE, "debrief.yaml"), join(inc, "debrief.yaml"));
  return { ws, inc };
}

const temporaries = (dir: string) => readdirSync(dir).filter((f) => /^postmortem\.md\.|^report\.html\./.test(f));

async function crashSuite(work: string) {
  const kills = quick ? 5 : 50;
  const rand = mulberry32(18);
  const { ws, inc } = incidentCopy(join(work, "crash"));
  const pm = join(inc, "postmortem.md");
  const init = await run(
    ["init", "inc", "--title", "orders-api degradation", "--start", "2025-02-09T09:55:00Z", "--severity", "SEV2"],
    ws,
  );
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  const OLD = readFileSync(pm);
  const full = await run(["draft", "inc"], ws);
  const NEW = readFileSync(pm);
  const results: Record<string, unknown> = {};

  // draft: the document is OLD or NEW, never a mix or a truncation
  {
    let old = 0;
    let neu = 0;
    let bad = 0;
    for (let i = 0; i < kills; i++) {
      writeFileSync(pm, OLD);
      await run(["draft", "inc"], ws, Math.floor(rand() * full.ms * 1.2));
      const now = readFileSync(pm);
      if (now.equals(OLD)) old++;
      else if (now.equals(NEW)) neu++;
      else bad++;
    }
    results.draft = {
      kills,
      fullRunSeconds: Number((full.ms / 1000).toFixed(2)),
      old,
      new: neu,
      truncatedOrMixed: bad,
    };
  }
  writeFileSync(pm, NEW);
  // render: the post-mortem is never touched; a report that exists is whole
  {
    const renderFull = await run(["render", "inc/postmortem.md"], ws);
    let bad = 0;
    let pmChanged = 0;
    for (let i = 0; i < kills; i++) {
      rmSync(join(inc, "report.html"), { force: true });
      await run(["render", "inc/postmortem.md"], ws, Math.floor(rand() * renderFull.ms * 1.2));
      if (!readFileSync(pm).equals(NEW)) pmChanged++;
      if (
        existsSync(join(inc, "report.html")) &&
        !readFileSync(join(inc, "report.html"), "utf8").trimEnd().endsWith("</html>")
      )
        bad++;
    }
    results.render = {
      kills,
      fullRunSeconds: Number((renderFull.ms / 1000).toFixed(2)),
      truncatedReports: bad,
      postmortemChanged: pmChanged,
    };
  }
  // index: the SQLite index always reopens, passes integrity_check, in WAL mode
  {
    const indexFull = await run(["index", "."], ws);
    let unreadable = 0;
    let notWal = 0;
    for (let i = 0; i < kills; i++) {
      if (i % 5 === 0) rmSync(join(ws, ".debrief", "index.sqlite"), { force: true });
      await run(["index", "."], ws, Math.floor(rand() * indexFull.ms * 1.2));
      const file = join(ws, ".debrief", "index.sqlite");
      if (!existsSync(file)) continue;
      try {
        const db = new Database(file);
        const check = db.pragma("integrity_check", { simple: true });
        const mode = db.pragma("journal_mode", { simple: true });
        db.close();
        if (check !== "ok") unreadable++;
        if (mode !== "wal") notWal++;
      } catch {
        unreadable++;
      }
    }
    results.index = {
      kills,
      fullRunSeconds: Number((indexFull.ms / 1000).toFixed(2)),
      unreadableIndexes: unreadable,
      notWal,
    };
  }
  // publish --dry-run: writes nothing at all
  {
    const args = ["publish", "inc", "--dry-run", "--force", "--no-pdf", "--webhook", "http://127.0.0.1:9/hook"];
    const pubFull = await run(args, ws);
    let changed = 0;
    for (let i = 0; i < kills; i++) {
      await run(args, ws, Math.floor(rand() * pubFull.ms * 1.2));
      if (!readFileSync(pm).equals(NEW) || existsSync(join(inc, ".debrief", "publish-state.json"))) changed++;
    }
    results.publishDryRun = {
      kills,
      fullRunSeconds: Number((pubFull.ms / 1000).toFixed(2)),
      postmortemChangedOrLedgerWritten: changed,
    };
  }
  results.leftoverTemporaries = temporaries(inc).length;
  results.totalKills = kills * 4;
  return results;
}

interface Served {
  base: string;
  token: string;
  stop(): void;
}

function serve(ws: string): Promise<Served> {
  return new Promise((done, fail) => {
    const port = String(20_000 + Math.floor(Math.random() * 30_000));
    const child = spawn(process.execPath, [bin, "serve", ws, "--port", port], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (c: Buffer) => {
      err += c;
      const port = /listening on http:\/\/[^:]+:(\d+)/.exec(err)?.[1];
      const token = /API token(?: \(new\))?: (\S+)/.exec(err)?.[1];
      if (port && token) done({ base: `http://127.0.0.1:${port}`, token, stop: () => child.kill("SIGTERM") });
    });
    child.on("exit", (code) => fail(new Error(`serve exited ${code}: ${err}`)));
  });
}

function quantile(sorted: number[], q: number): number {
  return sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number);
}

async function apiSuites(work: string) {
  const { ws } = incidentCopy(join(work, "load"));
  const init = await run(
    ["init", "inc", "--title", "orders-api degradation", "--start", "2025-02-09T09:55:00Z", "--severity", "SEV2"],
    ws,
  );
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  const server = await serve(ws);
  const headers = { "content-type": "application/json", authorization: `Bearer ${server.token}` };
  const call = async (path: string, body?: unknown) => {
    const r = await fetch(
      `${server.base}${path}`,
      body === undefined ? { headers } : { method: "POST", headers, body: JSON.stringify(body) },
    );
    return { status: r.status, body: await r.text() };
  };
  try {
    // 50 concurrent drafts of one post-mortem
    const drafts = await Promise.all(
      Array.from({ length: quick ? 10 : 50 }, () => call("/api/tools/postmortem_draft", { dir: "inc" })),
    );
    const written = drafts.filter((d) => d.status === 200 && JSON.parse(d.body).written === true).length;
    const concurrentDrafts = {
      requests: drafts.length,
      ok: drafts.filter((d) => d.status === 200).length,
      errors: drafts.filter((d) => d.status !== 200).length,
      errorStatuses: drafts.filter((d) => d.status !== 200).map((d) => `${d.status} ${d.body.slice(0, 120)}`),
      written,
      lostUpdates: Math.max(0, written - 1),
    };

    // load: 50 clients, 30 s, mixed reads and appends (every successful append must be in the document at the end)
    const seconds = quick ? 5 : 30;
    const until = Date.now() + seconds * 1000;
    const latencies: number[] = [];
    const statuses: Record<string, number> = {};
    const appended: string[] = [];
    let n = 0;
    const client = async (id: number) => {
      while (Date.now() < until) {
        const k = n++;
        const pick = k % 10;
        const t = performance.now();
        let r: { status: number; body: string };
        if (pick < 4) r = await call("/api/health");
        else if (pick < 6) r = await call("/api/incidents/inc/postmortem");
        else if (pick < 8) r = await call("/api/tools/evidence_inventory", { paths: ["inc/evidence/alerts.json"] });
        else if (pick < 9) r = await call("/api/tools/postmortem_lint", { files: ["inc/postmortem.md"] });
        else {
          const marker = `load-${id}-${k}`;
          r = await call("/api/tools/postmortem_edit_section", {
            file: "inc/postmortem.md",
            section: "lessonsLearned",
            markdown: `- ${marker}`,
            mode: "append",
          });
          if (r.status === 200) appended.push(marker);
        }
        latencies.push(performance.now() - t);
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: 50 }, (_, i) => client(i)));
    const finalDoc = JSON.parse((await call("/api/incidents/inc/postmortem")).body).content as string;
    const lost = appended.filter((m) => !finalDoc.includes(m)).length;
    latencies.sort((a, b) => a - b);
    const errors = Object.entries(statuses)
      .filter(([s]) => s !== "200")
      .reduce((sum, [, c]) => sum + c, 0);
    return {
      concurrentDrafts,
      load: {
        clients: 50,
        seconds,
        requests: latencies.length,
        requestsPerSecond: Number((latencies.length / seconds).toFixed(1)),
        statuses,
        errors,
        writes: appended.length,
        lostUpdates: lost,
        latencyMs: {
          p50: Math.round(quantile(latencies, 0.5)),
          p90: Math.round(quantile(latencies, 0.9)),
          p99: Math.round(quantile(latencies, 0.99)),
          max: Math.round(latencies[latencies.length - 1] ?? 0),
        },
      },
    };
  } finally {
    server.stop();
  }
}

// `--merge` combines the parts written by `--only=api|crash|hostile` runs (run side by side) into reliability.json
if (process.argv.includes("--merge")) {
  const merged: Record<string, unknown> = { generatedAt: new Date().toISOString(), node: process.version, parts: [] };
  for (const part of ["api", "crash", "hostile"]) {
    const file = join(root, "bench", "results", `reliability-${part}.json`);
    if (!existsSync(file)) continue;
    const data = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    merged[part] = data[part];
    (merged.parts as unknown[]).push({
      part,
      generatedAt: data.generatedAt,
      quick: data.quick,
      seconds: data.totalSeconds,
    });
    rmSync(file);
  }
  writeFileSync(join(root, "bench", "results", "reliability.json"), `${JSON.stringify(merged, null, 2)}\n`);
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), "debrief-reliability-"));
const started = Date.now();
const only = process.argv.find((a) => a.startsWith("--only="))?.slice(7);
const results: Record<string, unknown> = {
  generatedAt: new Date().toISOString(),
  node: process.version,
  quick,
};
try {
  if (!only || only === "api") results.api = await apiSuites(work);
  if (!only || only === "crash") results.crash = await crashSuite(work);
  if (!only || only === "hostile") results.hostile = await hostileSuite(work);
} finally {
  rmSync(work, { recursive: true, force: true });
}
results.totalSeconds = Math.round((Date.now() - started) / 1000);
mkdirSync(join(root, "bench", "results"), { recursive: true });
const out = join(root, "bench", "results", only ? `reliability-${only}.json` : "reliability.json");
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(
  `${JSON.stringify({ ...results, hostile: results.hostile ? { ...(results.hostile as object), outcomes: undefined } : undefined }, null, 2)}\n`,
);
