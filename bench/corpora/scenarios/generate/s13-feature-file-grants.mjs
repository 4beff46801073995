// Modelled on Cloudflare's 18 November 2025 outage: a database permission change, rolled out shard group by
// shard group, made the query that builds the bot-management feature file return duplicate rows; the file,
// rebuilt every five minutes, was good or bad depending on which node answered, and proxies that loaded a bad
// file failed requests (5xx). Errors came and went until every group had the change; a small attack at the same
// time and a dashboard deploy looked like causes. Stopping generation and pushing the last good file ended it.

import { gitlabJobLog } from "./changes.mjs";
import {
  check,
  debriefYaml,
  fmt,
  impact,
  ms,
  opsgenie,
  Scenario,
  slackExport,
  traffic,
  truthDoc,
  writeAccess,
} from "./lib.mjs";

export function build() {
  const sc = new Scenario({ id: "feature-file-grants", half: "sealed", seed: 251118 });
  const r = sc.r;
  const T = (hms) => ms(`2026-11-10T${hms}Z`);
  const from = T("09:50:00");
  const to = T("12:25:00");
  const grant1 = T("10:05:41");
  const pinned = T("11:58:10");
  const hosts = ["edge-ams-1", "edge-iad-2", "edge-sin-1"];
  const site = (x) =>
    x.pick(["shop.lumafit.example", "news.orbitpost.example", "app.tallyhq.example", "www.kestrel.example"]);
  const endpoints = [
    {
      path: (x) => `/${x.pick(["", "products/", "article/", "account/"])}${x.hex(6)}`,
      weight: 50,
      service: "edge-proxy",
      bytes: [3000, 80000],
    },
    {
      path: (x) => `/api/${x.pick(["cart", "search", "feed", "session"])}?v=${x.int(1, 9)}`,
      weight: 30,
      service: "edge-proxy",
      rt: [0.02, 0.3],
    },
    {
      path: (x) => `/static/${x.hex(10)}.${x.pick(["js", "css", "woff2", "png"])}`,
      weight: 20,
      service: "edge-proxy",
      bytes: [2000, 200000],
      rt: [0.001, 0.01],
    },
  ];
  // five-minute feature-file generations from 10:20; B = bad file (duplicate features), G = good
  const pattern = `BGBBGBGGBB${"B".repeat(40)}`;
  const gens = [];
  for (let k = 0; T("10:20:00") + k * 300000 < pinned; k++)
    gens.push({ at: T("10:20:00") + k * 300000 + 12000, bad: pattern[k] === "B" });
  const badAt = (t) => {
    if (t >= pinned) return false;
    let cur = null;
    for (const g of gens) if (g.at <= t) cur = g;
    return cur ? cur.bad : false;
  };
  const rules = [
    {
      ep: null,
      from: T("10:20:00"),
      to: pinned,
      p: (t) => (badAt(t) ? 0.86 : 0),
      status: [500, 500, 502],
      tag: "incident",
    },
  ];
  const reqs = traffic(r, { from, to, rate: (t) => 0.95 + 0.1 * Math.sin(t / 700000), endpoints, hosts, rules });
  for (const q of reqs) q.domain = site(r);
  for (const h of hosts)
    writeAccess(sc, `evidence/edge/${h}-access.log`, reqs, "nginx", { filter: (q) => q.host === h });
  const imp = impact(reqs, [
    { service: "edge-proxy", endpoint: null, status: "5xx", match: () => true },
    { service: "edge-proxy", endpoint: "/api/*", status: "5xx", match: (q) => q.path.startsWith("/api/") },
  ]);
  check(imp.start < T("10:21:00"), "impact starts with the first bad file");

  // GitLab CI job (FF_TIMESTAMPS): the grants migration, applied one shard group every ~21 minutes
  const gl = [];
  let gt = T("10:03:58");
  const g = (sec, text) => {
    gt += sec * 1000 + r.int(0, 500);
    gl.push([gt, text]);
  };
  g(0, "Running with gitlab-runner 18.1.2 (8c0d1f7a)");
  g(0, "  on db-ops-runner-1 Hq2xZ8, system ID: s_2b7e1c9d0f44");
  g(2, "$ ./bin/chctl migrate --file migrations/0142_explicit_grants_r0.sql --rollout shard-groups --interval 21m");
  g(
    1,
    "chctl: migration 0142_explicit_grants_r0: GRANT SELECT ON r0.* TO bot_features_reader (explicit, replaces implicit default-db access)",
  );
  g(2, "chctl: shard group 1/4 (ch-a01..ch-a08): applying");
  gt = grant1;
  gl.push([gt, "chctl: shard group 1/4 (ch-a01..ch-a08): applied, 8/8 replicas acknowledged"]);
  for (let k = 2; k <= 4; k++) {
    gt = grant1 + (k - 1) * 21 * 60000 + r.int(0, 9000);
    gl.push([gt - 3000, `chctl: shard group ${k}/4 (ch-${"abcd"[k - 1]}01..ch-${"abcd"[k - 1]}08): applying`]);
    gl.push([
      gt,
      `chctl: shard group ${k}/4 (ch-${"abcd"[k - 1]}01..ch-${"abcd"[k - 1]}08): applied, 8/8 replicas acknowledged`,
    ]);
  }
  g(1, "chctl: migration 0142_explicit_grants_r0 complete on 4/4 shard groups");
  g(1, "Cleaning up project directory and file based variables");
  g(0, "Job succeeded");
  const glFile = "evidence/ci/gitlab-clickhouse-migrate-230918.log";
  sc.put(glFile, gitlabJobLog(gl));
  const triggerLine = sc.lineOf(glFile, "shard group 1/4 (ch-a01..ch-a08): applied");

  // second GitLab job during the incident: stop generation and pin the last good file (rollback of the file)
  const pl = [];
  gt = T("11:55:20");
  const pg = (sec, text) => {
    gt += sec * 1000 + r.int(0, 500);
    pl.push([gt, text]);
  };
  pg(0, "Running with gitlab-runner 18.1.2 (8c0d1f7a)");
  pg(1, "$ ./bin/featurectl generation pause --file bot-features");
  pg(1, "featurectl: generation of bot-features paused");
  pg(2, "$ ./bin/featurectl pin --file bot-features --version 2026-11-10T10:15:12Z --propagate");
  gt = pinned - 1500;
  pg(0, "featurectl: bot-features pinned to 2026-11-10T10:15:12Z (60 features), propagated to 312/312 edge nodes");
  pg(1, "Job succeeded");
  const pinFile = "evidence/ci/gitlab-bot-features-pin-230977.log";
  sc.put(pinFile, gitlabJobLog(pl));

  // Jenkins (Timestamper, ISO with Z): an unrelated dashboard deploy four minutes before impact
  const jl = [];
  let jt = T("10:13:20");
  const j = (sec, text) => {
    jt += sec * 1000 + r.int(0, 700);
    jl.push(`[${fmt.isoOff(jt, 0, 3).replace("+00:00", "Z")}] ${text}`);
  };
  j(0, "Started by GitHub push by mwojcik");
  j(1, "[Pipeline] Start of Pipeline");
  j(2, "[Pipeline] stage (Deploy)");
  j(1, "+ kubectl -n dashboard set image deploy/dashboard-ui web=registry.corvex.example/dashboard-ui:7.44.0");
  j(1, "deployment.apps/dashboard-ui image updated");
  j(1, "+ kubectl -n dashboard rollout status deploy/dashboard-ui --timeout=300s");
  j(160, 'deployment "dashboard-ui" successfully rolled out');
  j(1, "[Pipeline] End of Pipeline");
  j(0, "Finished: SUCCESS");
  const jFile = "evidence/ci/jenkins-dashboard-ui-deploy-3390.log";
  sc.put(jFile, jl);

  // edge proxy error log on edge-ams-1: only failures, local time (CET) without zone
  const off = 60;
  const errLines = [];
  for (const g2 of gens) {
    if (!g2.bad) continue;
    let t = g2.at + r.int(1000, 4000);
    errLines.push(
      `${fmt.naive(t, off, 3)} [error] fl-proxy worker ${r.int(1, 16)}: bot-features load failed: 214 features exceeds limit 200; keeping previous file`,
    );
    const end = Math.min(g2.at + 300000, pinned);
    while (t < end) {
      t += r.int(9000, 40000);
      if (t >= end) break;
      errLines.push(
        `${fmt.naive(t, off, 3)} [crit] fl-proxy worker ${r.int(1, 16)}: panic in bot module: feature table overflow (214 > 200), request aborted`,
      );
    }
  }
  const errFile = "evidence/edge/edge-ams-1-proxy-error.log";
  sc.put(errFile, errLines);

  const og = [
    {
      at: T("10:18:40"),
      log: "Alert created via Prometheus integration: [FIRING:1] L7AttackMitigationActive (edge warning)",
      type: "system",
    },
    {
      at: T("10:26:02"),
      log: "Alert created via Prometheus integration: [FIRING:1] Edge5xxRatioHigh (edge-proxy critical)",
      type: "system",
    },
    {
      at: T("10:26:04"),
      log: "Sent [voice] notification to Maja Wojcik on routing rule [Edge critical]",
      type: "alertRecipient",
      owner: "Maja Wojcik",
    },
    { at: T("10:28:51"), log: "Alert acknowledged via mobile by Maja Wojcik", type: "system", owner: "Maja Wojcik" },
    { at: T("10:29:50"), log: "Alert auto-closed: Edge5xxRatioHigh resolved (0 firing)", type: "system" },
    { at: T("10:31:40"), log: "Alert reopened: [FIRING:1] Edge5xxRatioHigh (edge-proxy critical)", type: "system" },
    { at: T("10:41:00"), log: "Added responder Teodor Ilic to the alert", type: "system", owner: "Maja Wojcik" },
    { at: T("12:20:30"), log: "Alert closed via web by Teodor Ilic", type: "system", owner: "Teodor Ilic" },
  ];
  sc.put("evidence/opsgenie/edge-5xx-alert-logs.json", opsgenie(r, og));

  const P = { oc: "Maja Wojcik", ic: "Teodor Ilic", db: "Lena Vogt", bot: "Ravi Iyer" };
  const users = [
    { key: "m", name: "mwojcik", real: P.oc, tz: "Europe/Warsaw" },
    { key: "t", name: "teo", real: P.ic, tz: "Europe/Belgrade" },
    { key: "l", name: "lvogt", real: P.db, tz: "Europe/Berlin" },
    { key: "r", name: "ravi", real: P.bot, tz: "Asia/Kolkata" },
  ];
  const msgs = [
    { at: T("10:29:20"), user: "m", text: "ack. 5xx on all three colos, comes and goes" },
    { at: T("10:31:05"), user: "m", text: "L7 mitigation fired at 10:18, looks like an attack?" },
    {
      at: T("10:34:50"),
      user: "m",
      text: "also my dashboard-ui 7.44 deploy finished 10:16, but that's not in the request path",
    },
    {
      at: T("10:46:30"),
      user: "t",
      text: "IC. attack traffic is tiny and already mitigated; errors pulse every 5 min",
    },
    {
      at: T("11:08:10"),
      user: "r",
      text: "proxies log bot-features with 214 features, limit is 200. the feature file is sometimes twice the size",
    },
    {
      at: T("11:26:45"),
      user: "l",
      text: "the feature query sees duplicate rows from r0 on shard groups where 0142 grants are applied. rolled out from 10:05, last group ~11:08",
    },
    { at: T("11:41:00"), user: "t", text: "decision: pause generation and pin the 10:15 file everywhere" },
    { at: T("11:58:30"), user: "r", text: "pinned, propagated to all edge nodes" },
    { at: T("12:02:00"), user: "m", text: "5xx back to baseline on all colos" },
    { at: T("12:20:40"), user: "t", text: "closing. follow-up: feature file size validation at load" },
  ];
  slackExport(sc, { channel: "inc-edge-5xx-pulses", users, messages: msgs });

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title: "Cloudflare outage on November 18, 2025",
        url: "https://blog.cloudflare.com/18-november-2025-outage/",
      },
    ],
    story:
      "A GitLab CI job rolled out ClickHouse migration 0142 (explicit grants on r0) one shard group at a time from 10:05. The five-minute bot-features build then returned duplicate rows whenever it ran on an updated node, and proxies that loaded the oversized file failed most requests (500/502). From 10:20 errors came and went with each build until all groups had the change (about 11:08), then stayed. A small attack that triggered L7 mitigation at 10:18 and a dashboard-ui deploy at 10:16 were suspected first. Pausing generation and pinning the last good file (11:58) ended the impact.",
    milestones: {
      impactStart: imp.start,
      detected: T("10:26:02"),
      paged: T("10:26:04"),
      acknowledged: T("10:28:51"),
      mitigated: pinned,
      recovered: imp.end,
      resolved: T("12:20:30"),
    },
    trigger: {
      file: glFile,
      line: triggerLine,
      effectiveAt: grant1,
      what: "GitLab CI: ClickHouse migration 0142 (explicit grants on r0) applied on the first shard group; later groups followed every ~21 min",
    },
    redHerrings: [
      {
        file: jFile,
        line: sc.lineOf(jFile, "successfully rolled out"),
        what: "dashboard-ui 7.44.0 deploy (Jenkins) 4 min before impact, unrelated",
      },
      {
        file: pinFile,
        line: sc.lineOf(pinFile, "pinned to"),
        what: "pinning the last good feature file: the mitigation (a rollback of the file)",
      },
    ],
    impact: imp.rows,
    intermittent: true,
    zones: [{ file: errFile, utcOffsetMinutes: off, zone: "Europe/Amsterdam", marked: "none" }],
    errorOnlySources: [errFile],
    people: Object.values(P),
    kinds: [
      "trigger:gitlab-ci-log (FF_TIMESTAMPS), gradual rollout",
      "intermittent impact in 5-min pulses",
      "red-herring:deploy-other-service (Jenkins)",
      "red-herring:attack alert",
      "mitigation:rollback of generated config (pin last good file)",
      "zone-less local-time error-only source (CET)",
      "opsgenie with auto-close and reopen",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2026-11-10-edge-5xx",
      title: "Pulsing 5xx from the edge proxies",
      severity: "SEV1",
      services: ["edge-proxy"],
      start: T("10:00:00"),
      end: T("12:20:00"),
    }),
    truth,
  );
}
