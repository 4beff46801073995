// Modelled on GitHub's February 28th DDoS incident report (2018): a memcached UDP amplification attack peaking at
// 1.35 Tbps made the site unavailable for five minutes and intermittently for four more, until traffic was routed
// through a DDoS mitigation provider; no change of GitHub's caused it. Here a web deploy 3.5 min before the attack,
// a ConfigCat flag 2 min before, a CDN Terraform apply (GitLab CI) and an apt upgrade with nginx reload on the edges
// are the candidate changes; moving the prefix to the scrubbing provider (a router commit, no deploy) ended it.

import { configcatAudit, gitlabJobLog } from "./changes.mjs";
import { aptHistory, syslog } from "./changes2.mjs";
import {
  amtoolJson,
  check,
  debriefYaml,
  fmt,
  impact,
  ms,
  opsgenie,
  promRange,
  Scenario,
  slackExport,
  traffic,
  truthDoc,
  writeAccess,
} from "./lib.mjs";

export function build() {
  const sc = new Scenario({ id: "memcached-ddos", half: "sealed", seed: 180228 });
  const r = sc.r;
  const T = (hms) => ms(`2026-11-04T${hms}Z`);
  const from = T("16:50:00");
  const to = T("18:25:00");
  const tfDone = T("17:08:44");
  const aptAt = T("17:12:03");
  const deployDone = T("17:17:41");
  const flagAt = T("17:19:30");
  const attack = T("17:21:12");
  const commit = T("17:26:05");
  const settled = T("17:30:08");
  const wave2 = T("18:00:20");
  const hosts = ["edge-1", "edge-2", "edge-3"];
  const repo = (x) =>
    `${x.pick(["octo-labs", "river", "plainsight", "mallow"])}/${x.pick(["core", "cli", "docs", "infra"])}`;
  const endpoints = [
    { path: (x) => `/${repo(x)}/info/refs?service=git-upload-pack`, weight: 26, service: "git-http", rt: [0.02, 0.2] },
    { path: (x) => `/${repo(x)}/pull/${x.int(100, 9999)}`, weight: 24, service: "web" },
    { path: (x) => `/${repo(x)}/blob/main/README.md`, weight: 18, service: "web" },
    { path: "/session", method: "POST", weight: 6, service: "web" },
    { path: (x) => `/api/v3/repos/${repo(x)}/commits?per_page=30`, weight: 20, service: "api", rt: [0.03, 0.25] },
    {
      path: (x) => `/${repo(x)}/archive/refs/heads/main.zip`,
      weight: 6,
      service: "codeload",
      rt: [0.5, 3],
      bytes: [200000, 900000],
    },
  ];
  // during the flood most packets never arrive; what does is mostly dropped or timed out
  const rate = (t) => (t >= attack && t < settled ? 0.45 : 1) * (1.3 + 0.1 * Math.sin(t / 600000));
  const p = (t) => {
    if (t < attack || t >= settled) return 0;
    if (t < commit + 20000) return 0.88;
    // intermittent while routes converge on the scrubbing provider
    return Math.floor((t - commit) / 40000) % 2 === 0 ? 0.55 : 0.12;
  };
  const rules = [
    { ep: null, from: attack, to: settled, p, status: [502, 503, 504, 504], tag: "incident" },
    { ep: /\/archive\/refs\//, from, to, p: 0.05, status: 504, tag: "noise" },
  ];
  const reqs = traffic(r, { from, to, rate, endpoints, hosts, rules });
  for (const h of hosts)
    writeAccess(sc, `evidence/edge/${h}.access.log`, reqs, "nginx", { filter: (q) => q.host === h });
  const imp = impact(reqs, [
    { service: "edge", endpoint: null, status: "5xx", match: () => true },
    {
      service: "git-http",
      endpoint: "/{owner}/{repo}/info/refs",
      status: "5xx",
      match: (q) => q.path.includes("/info/refs"),
    },
  ]);
  check(imp.start < attack + 20000, "onset");

  // transit link utilisation (Prometheus query_range, 15 s step)
  const bps = (link) => (t) => {
    const base = (link === "transit-a" ? 38e9 : 31e9) * (1 + 0.05 * Math.sin(t / 400000));
    if (t >= attack && t < commit + 60000) return link === "scrubnet" ? 0 : 100e9 * 0.999;
    if (t >= commit + 60000)
      return link === "scrubnet" ? base * 0.6 + (t >= wave2 && t < wave2 + 480000 ? 4e11 : 0) : base * 0.7;
    return link === "scrubnet" ? 0 : base;
  };
  sc.put(
    "evidence/metrics/edge-router-inbound-bps.json",
    promRange(
      ["transit-a", "transit-b", "scrubnet"].map((link) => ({
        metric: { __name__: "router_interface_in_bits_per_second", device: "edge-rtr-1", link },
        fn: bps(link),
      })),
      T("17:00:00"),
      T("18:20:00"),
      15,
    ),
  );

  // router syslog (Junos-style) + flow detector
  const rtr = [
    syslog(
      attack + 8000,
      "flowmon-1",
      "fastnetmon",
      1312,
      "We detected attack on 192.0.2.10: incoming, protocol udp, src port 11211, 126900000 pps, 1296 Gbps",
    ),
    syslog(
      attack + 9000,
      "edge-rtr-1",
      "chassisd",
      3101,
      "CHASSISD_SNMP_TRAP: ifHCInOctets threshold exceeded on xe-0/0/0 (transit-a) and xe-0/0/1 (transit-b)",
    ),
    syslog(
      T("17:24:40"),
      "edge-rtr-1",
      "mgd",
      21873,
      "UI_AUTH_EVENT: Authenticated user 'ykim' assigned to class 'super-user'",
    ),
    syslog(
      commit - 2000,
      "edge-rtr-1",
      "mgd",
      21873,
      "UI_COMMIT: User 'ykim' requested 'commit' operation (comment: announce 192.0.2.0/24 via scrubnet, withdraw from transit)",
    ),
    syslog(commit, "edge-rtr-1", "mgd", 21873, "UI_COMMIT_COMPLETED: commit complete"),
    syslog(
      commit + 3000,
      "edge-rtr-1",
      "rpd",
      2190,
      "BGP_PREFIX_WITHDRAWN: 192.0.2.0/24 withdrawn from 203.0.113.1 (External AS 64500)",
    ),
    syslog(
      commit + 3200,
      "edge-rtr-1",
      "rpd",
      2190,
      "BGP_PREFIX_WITHDRAWN: 192.0.2.0/24 withdrawn from 203.0.113.5 (External AS 64501)",
    ),
    syslog(
      wave2 + 5000,
      "flowmon-1",
      "fastnetmon",
      1312,
      "We detected attack on 192.0.2.10: incoming, protocol udp, src port 11211, 41200000 pps, 402 Gbps (via scrubnet, filtered upstream)",
    ),
  ];
  const rtrFile = "evidence/network/edge-rtr-syslog.log";
  sc.put(rtrFile, rtr);
  const commitLine = sc.lineOf(rtrFile, "UI_COMMIT_COMPLETED");

  // edge hosts: unattended nginx/openssl upgrade at 17:12 with a reload
  const aptFile = "evidence/edge/edge-1-apt-history.log";
  sc.put(
    aptFile,
    aptHistory({
      start: aptAt,
      end: aptAt + 11000,
      cmd: "/usr/bin/unattended-upgrade",
      upgrade: [
        ["nginx-common:amd64", "1.22.1-9+deb12u1", "1.22.1-9+deb12u2"],
        ["nginx:amd64", "1.22.1-9+deb12u1", "1.22.1-9+deb12u2"],
      ],
    }),
  );
  const aptLine = sc.lineOf(aptFile, "End-Date");

  // GitLab CI: CDN config apply (plain terraform) at 17:08
  let gt = T("17:07:20");
  const gl = [];
  const g = (sec, text, s) => {
    gt += sec * 1000 + r.int(0, 300);
    gl.push([gt, text, s]);
  };
  g(0, "Running with gitlab-runner 17.8.1 (a1b2c3d4)");
  g(3, "$ terraform apply -input=false -auto-approve plan.cache");
  g(4, "cdn_vcl_snippet.cache_archives: Modifying... [id=archives-ttl]");
  gt = tfDone - 200;
  g(0, "cdn_vcl_snippet.cache_archives: Modifications complete after 38s [id=archives-ttl]");
  g(0, "Apply complete! Resources: 0 added, 1 changed, 0 destroyed.");
  g(1, "Job succeeded");
  const glFile = "evidence/ci/gitlab-cdn-config-55120.log";
  sc.put(glFile, gitlabJobLog(gl));
  const tfLine = sc.lineOf(glFile, "Modifications complete");

  // GitHub Actions: web deploy 3.5 min before the attack
  const gha = [];
  let t = deployDone - 140000;
  const step = (sec, text) => {
    t += sec * 1000 + r.int(0, 800);
    gha.push(`${fmt.gha(t, r)} ${text}`);
  };
  step(0, "Requested labels: ubuntu-24.04");
  step(1, "Job defined at: octo-labs/hub-web/.github/workflows/deploy.yml@refs/heads/main");
  step(4, "##[group]Run helm upgrade hub-web ./chart -n web --set image.tag=2026.11.04-3 --wait");
  step(3, 'Release "hub-web" has been upgraded. Happy Helming!');
  step(0, "REVISION: 904");
  t = deployDone - 500;
  step(0, 'deployment "hub-web" successfully rolled out');
  step(0, "##[endgroup]");
  const ghaFile = "evidence/ci/hub-web-deploy-run-77801.log";
  sc.put(ghaFile, gha);
  const deployLine = sc.lineOf(ghaFile, "successfully rolled out");

  const ccFile = "evidence/flags/configcat-auditlog.json";
  sc.put(
    ccFile,
    configcatAudit(r, [
      {
        at: flagAt,
        type: "settingValueChanged",
        typeText: "Setting value changed",
        email: "lea.fischer@octo-labs.example",
        user: "Lea Fischer",
        where: "Hub / Web / Production",
        why: "ramp new diff viewer",
        target: "new_diff_viewer",
        details: "Percentage rules changed: ON 25% -> ON 50%",
      },
    ]),
  );
  const flagLine = sc.lineOf(ccFile, "new_diff_viewer");

  const alerts = [
    {
      name: "TransitLinkSaturated",
      at: T("17:21:40"),
      summary: "edge-rtr-1 transit-a and transit-b inbound above 95%",
      labels: { device: "edge-rtr-1" },
    },
    {
      name: "BlackboxProbeFailed",
      at: T("17:22:05"),
      summary: "https://hub.octo-labs.example/ failing from 4 of 5 probes",
      labels: { probe: "https-home" },
    },
    {
      name: "ArchiveDownloadsSlow",
      at: T("11:40:00"),
      severity: "warning",
      summary: "codeload archive p99 above 20s",
      labels: { service: "codeload" },
      receiver: "slack-edge",
    },
  ];
  sc.put("evidence/alerts/amtool-alerts-1724.json", amtoolJson(r, alerts, T("17:24:00")));
  const P = { oc: "Yuna Kim", ic: "Marco Bianchi", net: "Ade Balogun", web: "Lea Fischer" };
  const og = { notify: T("17:21:43"), ack: T("17:22:58"), close: T("18:15:10") };
  sc.put(
    "evidence/opsgenie/alert-logs.json",
    opsgenie(r, [
      {
        at: alerts[0].at,
        log: "Alert created via Prometheus integration with message: TransitLinkSaturated: edge-rtr-1 transit-a and transit-b inbound above 95% [critical]",
        owner: "System",
      },
      {
        at: og.notify,
        log: "Notified yuna.kim@octo-labs.example via voice call",
        type: "alertRecipient",
        owner: "yuna.kim@octo-labs.example",
      },
      {
        at: og.ack,
        log: "Acknowledged by yuna.kim@octo-labs.example via App",
        type: "alertAction",
        owner: "yuna.kim@octo-labs.example",
      },
      {
        at: T("17:31:20"),
        log: "Note added by marco.bianchi@octo-labs.example: traffic on scrubnet, site stable since 17:30",
        type: "alertAction",
        owner: "marco.bianchi@octo-labs.example",
      },
      {
        at: og.close,
        log: "Alert closed by marco.bianchi@octo-labs.example via Web",
        type: "alertAction",
        owner: "marco.bianchi@octo-labs.example",
      },
    ]),
  );
  const users = [
    { key: "y", name: "yuna", real: P.oc, tz: "Asia/Seoul" },
    { key: "m", name: "marco", real: P.ic, tz: "Europe/Rome" },
    { key: "a", name: "ade", real: P.net, tz: "Africa/Lagos" },
    { key: "l", name: "lea", real: P.web, tz: "Europe/Berlin" },
  ];
  const msgs = [
    { at: T("17:22:30"), user: "y", text: "both transit links at 100% inbound, site mostly down" },
    {
      at: T("17:23:10"),
      user: "l",
      text: "hub-web 2026.11.04-3 finished at 17:17, and I bumped new_diff_viewer at 17:19. should I roll back?",
    },
    {
      at: T("17:23:45"),
      user: "a",
      text: "don't bother, flowmon says udp src port 11211 flood, ~1.3 Tbps. memcached amplification. this is a DDoS",
    },
    { at: T("17:24:20"), user: "m", text: "IC. decision: move 192.0.2.0/24 to scrubnet now" },
    { at: T("17:26:20"), user: "a", text: "committed on edge-rtr-1: announced via scrubnet, withdrawn from transit" },
    { at: T("17:28:30"), user: "y", text: "flapping while routes converge, better than before" },
    { at: T("17:31:00"), user: "y", text: "stable since 17:30" },
    { at: T("18:01:40"), user: "a", text: "second wave ~400 Gbps at 18:00, absorbed by scrubnet, no user impact" },
    { at: T("18:15:00"), user: "m", text: "closing, staying on scrubnet overnight" },
  ];
  slackExport(sc, { channel: "inc-edge-ddos", users, messages: msgs });

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title:
          "GitHub Engineering: February 28th DDoS Incident Report, 1 March 2018 (memcached UDP amplification, 1.35 Tbps; traffic moved to a DDoS mitigation provider)",
        url: "https://github.blog/2018-03-01-ddos-incident-report/",
      },
      {
        title: "Copy of the same report as found through the team's public-material search",
        url: "https://infoforcefeed.shithouse.tv/data/date/1519928493/pretty",
      },
    ],
    story:
      "At 17:21 a memcached UDP amplification attack (source port 11211, about 1.3 Tbps) saturated both transit links; most requests never arrived and those that did failed with 502/503/504 on every edge. No change caused it: a CDN Terraform apply (17:08), an unattended nginx upgrade on the edges (17:12), a hub-web deploy (17:17) and a ConfigCat ramp (17:19) were all candidates. At 17:26 the network engineer committed a router change moving the prefix to the scrubbing provider; the site was intermittent while routes converged and stable from 17:30. A second, smaller wave at 18:00 was absorbed.",
    milestones: {
      impactStart: imp.start,
      detected: alerts[0].at,
      paged: og.notify,
      acknowledged: og.ack,
      mitigated: commit,
      recovered: imp.end,
      resolved: og.close,
    },
    trigger: null,
    redHerrings: [
      { file: ghaFile, line: deployLine, what: "hub-web deploy 3.5 min before the attack" },
      { file: ccFile, line: flagLine, what: "ConfigCat new_diff_viewer ramp 2 min before the attack" },
      { file: glFile, line: tfLine, what: "CDN Terraform apply at 17:08" },
      { file: aptFile, line: aptLine, what: "unattended nginx upgrade on edge-1 at 17:12" },
      {
        file: rtrFile,
        line: commitLine,
        what: "router commit moving the prefix to the scrubbing provider: the mitigation",
      },
    ],
    impact: imp.rows,
    baselineNoise: [
      { file: "evidence/edge/edge-1.access.log", what: "steady 504s on archive downloads (about 5%) all afternoon" },
    ],
    people: Object.values(P),
    kinds: [
      "no trigger (external DDoS), four candidate changes in the 15 min before impact",
      "traffic drop plus 5xx on every edge; intermittent while routes converge",
      "mitigation:failover to a scrubbing provider (router commit in Junos-style syslog)",
      "detection alert among other alerts (amtool); Opsgenie",
      "baseline noise: 504s on another endpoint",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2026-11-04-edge-unavailable",
      title: "Site unavailable: transit links saturated",
      severity: "SEV1",
      services: ["edge", "web", "git-http"],
      start: T("17:00:00"),
      end: T("18:20:00"),
    }),
    truth,
  );
}
