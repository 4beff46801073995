import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { MilestoneName } from "../src/model/timeline.js";
import { buildTimeline, type TimelineResult } from "../src/timeline/index.js";
import { mulberry32 } from "./scenarios/prng.js";

/*
 * Incidents of the classes the analysis (issue 16) learnt to read, written as the tools write them, with the truth
 * the writer knows. Each stands for a class, not a case:
 * - paging in Opsgenie (the verb in `action` or the wording, not in `type`) and a customer's support ticket;
 * - a repair that is not a deploy, reported in chat when it completed ("restore done");
 * - a scale-up reversed by the mitigation, with a nearer deploy that responders ruled out;
 * - a hand-run destructive command as the trigger, with harmless commands around it.
 */
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const T0 = Date.UTC(2025, 8, 9, 13, 0, 0);
const min = (m: number) => T0 + m * 60_000;
const iso = (t: number) => new Date(t).toISOString();
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** nginx combined line at epoch ms `t`. */
function nginx(t: number, method: string, path: string, status: number, rand: () => number): string {
  const d = new Date(t);
  const p2 = (n: number) => String(n).padStart(2, "0");
  const stamp = `${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
  const ip = `198.51.100.${1 + Math.floor(rand() * 200)}`;
  return `${ip} - - [${stamp}] "${method} ${path} HTTP/1.1" ${status} ${status >= 500 ? 166 : 2048} "-" "Mozilla/5.0" 0.012 0.012`;
}

interface Spec {
  /** Minutes after T0 of the first and last incident failure. */
  impact: [number, number];
  /** Failing endpoint and the share of its requests that fail during impact. */
  failing: { method: string; path: string; share: number; status: number };
  files: Record<string, string>;
}

/** Write an incident folder: debrief.yaml, an nginx access log from T0 to T0+100 min, and the given files. */
function writeIncident(spec: Spec): string {
  const dir = mkdtempSync(join(tmpdir(), "debrief-analysis-"));
  dirs.push(dir);
  const rand = mulberry32(7);
  const lines: string[] = [];
  const [a, b] = spec.impact;
  for (let t = T0; t < min(100); t += 1000) {
    lines.push(nginx(t, "GET", "/static/app.css", 200, rand));
    lines.push(nginx(t + 300, "GET", "/products/42", 200, rand));
    const inImpact = t >= min(a) && t <= min(b);
    const fails = inImpact && rand() < spec.failing.share;
    lines.push(nginx(t + 600, spec.failing.method, spec.failing.path, fails ? spec.failing.status : 200, rand));
  }
  const files: Record<string, string> = { "web/access.log": `${lines.join("\n")}\n`, ...spec.files };
  for (const [rel, text] of Object.entries(files)) {
    const path = join(dir, "evidence", rel);
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, text);
  }
  writeFileSync(
    join(dir, "debrief.yaml"),
    `formatVersion: 1\nid: scenario\ntitle: "Scenario"\nwindow:\n  start: "${iso(min(5))}"\n  end: "${iso(min(95))}"\n`,
  );
  return dir;
}

function slack(messages: Array<[number, string, string]>): string {
  return JSON.stringify(
    messages.map(([t, who, text], i) => ({
      type: "message",
      text,
      user: `U0${i}`,
      ts: `${Math.floor(t / 1000)}.000${String(i).padStart(3, "0")}`,
      user_profile: { real_name: who, display_name: who.toLowerCase(), name: who.toLowerCase() },
    })),
    null,
    2,
  );
}

function k8sEvents(items: Array<[number, string, string, string, string]>): string {
  return JSON.stringify(
    {
      apiVersion: "v1",
      kind: "List",
      items: items.map(([t, kind, name, reason, message], i) => ({
        apiVersion: "v1",
        kind: "Event",
        count: 1,
        firstTimestamp: iso(t).replace(".000", ""),
        lastTimestamp: iso(t).replace(".000", ""),
        involvedObject: { apiVersion: "apps/v1", kind, name, namespace: "shop" },
        metadata: { name: `${name}.${i}`, namespace: "shop", creationTimestamp: iso(t).replace(".000", "") },
        reason,
        message,
        source: { component: "deployment-controller" },
        type: "Normal",
      })),
    },
    null,
    2,
  );
}

function opsgenie(entries: Array<[number, string, string, string]>): string {
  return JSON.stringify(
    {
      data: entries.map(([t, owner, type, log]) => ({ owner, createdAt: iso(t), log, type, offset: `${t}_${t}000` })),
      paging: { first: "https://api.opsgenie.com/v2/alerts/x/logs?offset=0", last: "" },
      took: 0.02,
      requestId: "5a3c1e0f-6a7b-4c8d-9e0f-1a2b3c4d5e6f",
    },
    null,
    2,
  );
}

async function timeline(dir: string): Promise<TimelineResult> {
  return buildTimeline([join(dir, "evidence")], { incidentDir: dir, cwd: dir });
}

function at(t: TimelineResult, name: MilestoneName): number {
  const m = t.milestones[name];
  if (!m) throw new Error(`milestone ${name} missing; findings: ${t.findings.map((f) => f.summary).join(" / ")}`);
  return Date.parse(m.time);
}

function firstSuspect(t: TimelineResult) {
  return t.findings.filter((f) => f.kind === "suspect-change").sort((x, y) => (y.score ?? 0) - (x.score ?? 0))[0];
}

const pay = { method: "POST", path: "/api/pay", share: 0.66, status: 502 };

describe("paging in Opsgenie and customers' tickets", () => {
  const page = (ticketAt: number) =>
    writeIncident({
      impact: [20, 50],
      failing: pay,
      files: {
        "opsgenie/alert-logs.json": opsgenie([
          [
            min(22.5),
            "System",
            "system",
            "Alert created via Prometheus integration with message: PayErrors [critical]",
          ],
          [min(22.5) + 1900, "System", "system", "Alert is assigned to escalation [payments]"],
          [min(22.5) + 2000, "kim@shop.example", "alertRecipient", "Notified kim@shop.example via voice call"],
          [min(25), "kim@shop.example", "alertAction", "Acknowledged by kim@shop.example via App"],
          [min(70), "lee@shop.example", "alertAction", "Alert closed by lee@shop.example via Web"],
        ]),
        "support/tickets.csv": `Id,Subject,Status,Requester,Created at\n9001,"Card payment failing",solved,c1@mail.example,${iso(ticketAt).slice(0, 19).replace("T", " ")}\n`,
      },
    });

  it("pages, acknowledgements and closing come from the entries whose verb is in the wording", async () => {
    const t = await timeline(page(min(24)));
    expect(at(t, "impactStart")).toBeGreaterThanOrEqual(min(20));
    expect(at(t, "impactStart")).toBeLessThan(min(20) + 10_000);
    expect(at(t, "detected")).toBe(min(22.5));
    expect(at(t, "paged")).toBe(min(22.5) + 2000);
    expect(at(t, "acknowledged")).toBe(min(25));
    expect(at(t, "resolved")).toBe(min(70));
    // the paging tool's alert is the first alert: not "detected by people"
    expect(t.analysis.alerting.firstAlert).toBe(iso(min(22.5)));
    expect(t.analysis.suggestedFactors.some((f) => /detected by people/.test(f.text))).toBe(false);
  });

  it("a customer's ticket before any alert is the detection", async () => {
    const t = await timeline(page(min(21)));
    expect(at(t, "detected")).toBe(min(21));
    expect(t.milestones.detected?.rationale).toContain("support ticket");
  });
});

describe("a repair that is not a deploy", () => {
  it("is the mitigation when chat reports it done just before the failures stop", async () => {
    const dir = writeIncident({
      impact: [10, 70],
      failing: { method: "POST", path: "/api/store", share: 1, status: 503 },
      files: {
        "slack/inc-db/2025-09-09.json": slack([
          [min(12), "Chris", "every store request is 503, the database refuses writes"],
          [min(30), "Marta", "plan: restore the database from last night's backup"],
          [min(32), "Dana", "ok, go ahead"],
          [min(33), "Marta", "restore started"],
          [min(69) + 50_000, "Marta", "restore done, database accepting writes again"],
          [min(75), "Chris", "stores succeeding, backlog draining"],
        ]),
      },
    });
    const t = await timeline(dir);
    expect(Math.abs(at(t, "recovered") - min(70))).toBeLessThan(2000);
    expect(at(t, "mitigated")).toBe(min(69) + 50_000);
    expect(t.findings.some((f) => f.kind === "missing-milestone" && f.summary.includes("mitigated"))).toBe(false);
  });
});

describe("the change the mitigation reversed", () => {
  it("is the trigger even when an unrelated deploy came nearer to the impact and was ruled out", async () => {
    const dir = writeIncident({
      impact: [11, 58],
      failing: pay,
      files: {
        "k8s/events.json": k8sEvents([
          [
            min(10),
            "Deployment",
            "ledger-store",
            "ScalingReplicaSet",
            "Scaled up replica set ledger-store-6f8d9c7b5d to 9 from 6",
          ],
          [
            min(10.8),
            "Deployment",
            "storefront",
            "ScalingReplicaSet",
            "Scaled up replica set storefront-5c7d8f9b6 to 4",
          ],
          [
            min(57.5),
            "Deployment",
            "ledger-store",
            "ScalingReplicaSet",
            "Scaled down replica set ledger-store-6f8d9c7b5d to 6 from 9",
          ],
        ]),
        "slack/inc-pay/2025-09-09.json": slack([
          [min(14), "Kim", "payments failing about 2 in 3, the rest of the site is fine"],
          [min(30), "Ari", "the storefront rollout at 13:10 is unrelated, it only serves product pages"],
          [min(52), "Ari", "decision: scale ledger-store back to 6"],
        ]),
      },
    });
    const t = await timeline(dir);
    const top = firstSuspect(t);
    expect(top?.time).toBe(iso(min(10)));
    expect(top?.summary).toContain("undid it");
    expect(at(t, "mitigated")).toBe(min(57.5));
    const herring = t.findings.find((f) => f.kind === "suspect-change" && f.time === iso(min(10.8)));
    expect((herring?.score ?? 0) < (top?.score ?? 0)).toBe(true);
  });
});

describe("a destructive command run by hand", () => {
  it("is ranked above the harmless commands around it", async () => {
    const d = (t: number) => {
      const x = new Date(t);
      const p2 = (n: number) => String(n).padStart(2, "0");
      return `${MONTHS[x.getUTCMonth()]} ${String(x.getUTCDate()).padStart(2, " ")} ${p2(x.getUTCHours())}:${p2(x.getUTCMinutes())}:${p2(x.getUTCSeconds())}`;
    };
    const dir = writeIncident({
      impact: [30, 80],
      failing: { method: "GET", path: "/api/projects", share: 0.9, status: 500 },
      files: {
        "db2/auth.log": [
          `${d(min(12))} db2 sudo:       yp : TTY=pts/0 ; PWD=/home/yp ; USER=root ; COMMAND=/usr/bin/du -sh /var/opt/db/data`,
          `${d(min(20))} db2 sudo:       yp : TTY=pts/0 ; PWD=/home/yp ; USER=root ; COMMAND=/bin/rm -rf /var/opt/db/data`,
          `${d(min(27))} db2 sudo:       yp : TTY=pts/0 ; PWD=/home/yp ; USER=root ; COMMAND=/usr/bin/ls -la /var/opt/db`,
          "",
        ].join("\n"),
      },
    });
    const t = await timeline(dir);
    expect(firstSuspect(t)?.time).toBe(iso(min(20)));
  });
});
