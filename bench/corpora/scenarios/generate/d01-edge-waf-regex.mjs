// Modelled on Cloudflare's 2 July 2019 outage: a WAF managed-rule with a backtracking regex, published globally
// by the rules pipeline, pegs every edge CPU; 502s everywhere until a global WAF kill.
import {
  amtoolJson,
  check,
  debriefYaml,
  fmt,
  impact,
  ms,
  pagerduty,
  promRange,
  Scenario,
  slackExport,
  traffic,
  truthDoc,
  wobble,
  writeAccess,
} from "./lib.mjs";

export function build() {
  const sc = new Scenario({ id: "edge-waf-regex", half: "dev", seed: 190702 });
  const r = sc.r;
  const T = (hms) => ms(`2025-07-02T${hms}Z`);
  const from = T("12:50:00");
  const to = T("14:40:00");
  const deployEffective = T("13:41:58");
  const onset = T("13:42:06");
  const kill = T("14:07:31");
  const hosts = ["edge-01", "edge-02", "edge-03", "edge-04", "edge-05", "edge-06", "edge-07", "edge-08"];
  const endpoints = [
    { path: "/", weight: 18, service: "edge-proxy", bytes: [8000, 30000] },
    {
      path: (x) => `/static/${x.pick(["app", "vendor", "main"])}.${x.hex(8)}.${x.pick(["js", "css"])}`,
      weight: 40,
      service: "edge-proxy",
      bytes: [2000, 90000],
    },
    { path: (x) => `/api/products?page=${x.int(1, 9)}`, weight: 15, service: "edge-proxy", rt: [0.02, 0.2] },
    { path: "/api/cart", method: "POST", weight: 10, service: "edge-proxy", rt: [0.02, 0.15] },
    { path: "/api/export", weight: 3, service: "edge-proxy", rt: [1, 12] },
    { path: "/api/checkout", method: "POST", weight: 5, service: "edge-proxy", rt: [0.05, 0.4] },
  ];
  const rules = [
    // baseline noise: a slow export endpoint times out at a steady rate, before and during the incident
    { ep: "/api/export", from: T("13:08:00"), to, p: 0.3, status: 504, tag: "noise", rt: [60, 60] },
    {
      ep: null,
      from: onset,
      to: kill + 45000,
      p: (t) =>
        t < onset + 25000 ? 0.3 + (0.55 * (t - onset)) / 25000 : t < kill ? 0.86 : 0.86 * (1 - (t - kill) / 45000),
      status: 502,
      tag: "incident",
    },
  ];
  const reqs = traffic(r, { from, to, rate: wobble(1.6), endpoints, hosts, rules });
  for (const h of hosts) {
    writeAccess(sc, `evidence/edge/${h}/access.log`, reqs, "nginx", {
      filter: (q) => q.host === h,
      skewMs: h === "edge-05" ? 97000 : 0,
    });
  }
  const imp = impact(reqs, [
    { service: "edge-proxy", endpoint: null, status: "502", match: () => true, statusMatch: (s) => s === 502 },
    {
      service: "edge-proxy",
      endpoint: "/api/checkout",
      status: "502",
      match: (q) => q.path === "/api/checkout",
      statusMatch: (s) => s === 502,
    },
  ]);

  // CI: the ruleset publish job (GitHub Actions raw log)
  const gha = [];
  let t = T("13:31:12");
  const step = (sec, text) => {
    t += sec * 1000 + r.int(0, 900);
    gha.push(`${fmt.gha(t, r)} ${text}`);
  };
  step(0, "Requested labels: ubuntu-22.04");
  step(1, "Job defined at: edgeco/waf-managed-rules/.github/workflows/publish.yml@refs/heads/main");
  step(1, "Waiting for a runner to pick up this job...");
  step(4, "Job is about to start running on the runner: GitHub Actions 41 (hosted)");
  step(1, "##[group]Run actions/checkout@v4");
  step(3, "Syncing repository: edgeco/waf-managed-rules");
  step(1, "HEAD is now at 4c1e0f7 Add XSS detection rule 100035 (inline JS event handlers)");
  step(0, "##[endgroup]");
  step(1, "##[group]Run make test");
  step(4, "go test ./... -run TestRules");
  step(62, "ok  \tgithub.com/edgeco/waf-managed-rules/rules\t58.112s");
  step(0, "##[endgroup]");
  step(1, '##[group]Run ./bin/wafctl publish --ruleset managed --channel global --reason "XSS rule 100035"');
  step(2, "wafctl: compiling ruleset managed@4c1e0f7 (1873 rules, 12 new, 3 changed)");
  step(5, "wafctl: uploading ruleset artifact sha256:9b7c0e4f1d... (4.1 MiB)");
  step(3, "wafctl: publish mode: GLOBAL (no staged rollout for managed rules)");
  while (t < deployEffective - 6000) step(40, "wafctl: waiting for distribution acknowledgements ...");
  t = deployEffective - 900;
  step(0, "wafctl: ruleset managed@4c1e0f7 is ACTIVE on 194/194 locations (global)");
  step(0, "##[endgroup]");
  step(1, "##[group]Run ./bin/wafctl verify --ruleset managed");
  step(45, "wafctl verify: error: timeout talking to edge API (context deadline exceeded)");
  step(0, "##[error]Process completed with exit code 1.");
  step(0, "##[endgroup]");
  step(1, "Cleaning up orphan processes");
  sc.put("evidence/ci/waf-rules-publish-run-8812.log", gha);
  const ciFile = "evidence/ci/waf-rules-publish-run-8812.log";
  const triggerLine = sc.lineOf(ciFile, "is ACTIVE on 194/194");

  // Kill switch run (the mitigation), another workflow run log
  const kl = [];
  t = T("14:06:40");
  const kstep = (sec, text) => {
    t += sec * 1000 + r.int(0, 400);
    kl.push(`${fmt.gha(t, r)} ${text}`);
  };
  kstep(0, "Requested labels: ubuntu-22.04");
  kstep(0, "Job defined at: edgeco/waf-managed-rules/.github/workflows/global-kill.yml@refs/heads/main");
  kstep(2, "Job is about to start running on the runner: GitHub Actions 17 (hosted)");
  kstep(1, "##[group]Run ./bin/wafctl global-kill --component waf-managed --confirm");
  kstep(1, "wafctl: triggered by workflow_dispatch (actor: priya-n)");
  t = kill - 300;
  kstep(0, "wafctl: global kill for waf-managed ENGAGED on 194/194 locations");
  kstep(1, "##[endgroup]");
  sc.put("evidence/ci/waf-global-kill-run-8815.log", kl);

  // Alerts: amtool capture during the incident (one line, all active alerts)
  const alerts = [
    {
      name: "NodeFilesystemAlmostFull",
      at: T("12:31:15"),
      severity: "warning",
      summary: "Filesystem /var/log on edge-03 has 7% space left",
      labels: { instance: "edge-03:9100" },
      receiver: "slack-edge",
    },
    {
      name: "EdgeCPUSaturation",
      at: T("13:42:44"),
      summary: "CPU above 95% on 8/8 edge hosts",
      labels: { job: "edge-proxy" },
      expr: 'avg by (instance) (rate(node_cpu_seconds_total{mode!="idle"}[1m])) > 0.95',
    },
    {
      name: "Edge5xxRatioHigh",
      at: T("13:43:14"),
      summary: "502 ratio 71% on edge-proxy",
      labels: { job: "edge-proxy" },
      expr: 'sum(rate(nginx_http_requests_total{status=~"5.."}[1m])) / sum(rate(nginx_http_requests_total[1m])) > 0.05',
    },
  ];
  sc.put("evidence/alerts/amtool-alerts-1355.json", amtoolJson(r, alerts, T("13:55:02")));

  // Metrics
  const cpu = (host) => (tt) => {
    const base = 0.34 + 0.04 * Math.sin(tt / 400000 + host.length);
    if (tt >= onset && tt < kill) return Math.min(0.995, 0.97 + r() * 0.02);
    return base + r() * 0.03;
  };
  sc.put(
    "evidence/metrics/edge-cpu.json",
    promRange(
      hosts.map((h) => ({ metric: { instance: `${h}:9100`, job: "node" }, fn: cpu(h) })),
      from,
      to,
      30,
    ),
  );

  // Paging and chat
  const people = { oncall: "Dana Whitfield", ic: "Priya Nair", sec: "Marcus Olsen", net: "Kenji Ito" };
  const pd = pagerduty(r, {
    sub: "edgeco",
    service: "edge-proxy",
    incidentNo: 48213,
    title: "Edge5xxRatioHigh: 502 ratio 71% on edge-proxy",
    entries: [
      { type: "trigger", at: T("13:43:19") },
      { type: "notify", at: T("13:43:21"), who: people.oncall, via: "push" },
      { type: "acknowledge", at: T("13:44:37"), who: people.oncall },
      {
        type: "annotate",
        at: T("13:52:10"),
        who: people.ic,
        note: "Global WAF CPU exhaustion suspected, considering global kill",
      },
      { type: "resolve", at: T("14:31:05"), who: people.ic },
    ],
  });
  sc.put("evidence/pagerduty/incident-48213-log-entries.json", pd.text);
  const users = [
    { key: "dana", name: "dana.w", real: people.oncall },
    { key: "priya", name: "priya-n", real: people.ic },
    { key: "marcus", name: "marcus.olsen", real: people.sec },
    { key: "kenji", name: "kenji", real: people.net },
    { key: "pd", real: "PagerDuty", bot: true },
  ];
  const msgs = [
    { at: T("13:43:20"), user: "pd", text: "Triggered #48213 Edge5xxRatioHigh: 502 ratio 71% on edge-proxy" },
    { at: T("13:44:51"), user: "dana", text: "ack. 502s from every colo I can reach, this is global" },
    {
      at: T("13:46:30"),
      user: "kenji",
      text: "CPU is pinned on all edge boxes, not a network thing as far as I can tell",
    },
    { at: T("13:48:02"), user: "priya", text: "I'm IC. Was anything pushed globally in the last 10 min?" },
    {
      at: T("13:49:40"),
      user: "marcus",
      text: "we published WAF managed ruleset 4c1e0f7 at 13:41, new XSS rule 100035",
    },
    { at: T("13:51:15"), user: "dana", text: "profiles show the WAF regex engine eating all cores" },
    { at: T("13:52:00"), user: "priya", text: "proposal: global kill of waf-managed, then revert the ruleset" },
    { at: T("13:55:30"), user: "marcus", text: "agree, kill is the fastest path. revert PR is up too" },
    { at: T("14:06:35"), user: "priya", text: "running the global-kill workflow now" },
    { at: T("14:07:40"), user: "priya", text: "global kill engaged on 194/194" },
    { at: T("14:09:10"), user: "dana", text: "502s dropping fast, CPU back to ~35%" },
    { at: T("14:24:30"), user: "marcus", text: "reverted 100035, ruleset managed@7aa31b2 published; re-enabling WAF" },
    { at: T("14:31:10"), user: "priya", text: "resolving the page, all colos healthy for 20 min" },
  ];
  slackExport(sc, { channel: "inc-edge-502", users, messages: msgs });

  check(alerts[1].at > imp.start, "detection after impact");
  const precursorLine = 1;
  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title: "Details of the Cloudflare outage on July 2, 2019",
        url: "https://blog.cloudflare.com/details-of-the-cloudflare-outage-on-july-2-2019/",
      },
    ],
    story:
      "A new WAF managed rule with a catastrophically backtracking regular expression was published globally by the rules pipeline at 13:41:58. Within seconds every edge host's CPU was saturated and the proxy returned 502 for most requests on every path. The on-call was paged from the 5xx-ratio alert; responders identified the ruleset publish and, after agreeing on it, ran the global WAF kill at 14:07:31, after which errors stopped within a minute. The rule was reverted and the WAF re-enabled later. A slow /api/export endpoint had been timing out (504) at a steady rate since 13:08, unrelated to the incident.",
    milestones: {
      impactStart: imp.start,
      detected: alerts[1].at,
      paged: T("13:43:21"),
      acknowledged: T("13:44:37"),
      mitigated: kill,
      recovered: imp.end,
      resolved: T("14:31:05"),
    },
    trigger: {
      file: ciFile,
      line: triggerLine,
      effectiveAt: deployEffective,
      what: "WAF managed ruleset 4c1e0f7 (new XSS rule 100035) published globally by CI",
    },
    impact: imp.rows,
    baselineNoise: hosts.map((h) => ({
      file: `evidence/edge/${h}/access.log`,
      what: "steady 504s on /api/export (about 30% of its requests) since 13:08, before and during the incident",
    })),
    skews: [{ file: "evidence/edge/edge-05/access.log", offsetSeconds: 97 }],
    precursors: [{ file: "evidence/alerts/amtool-alerts-1355.json", line: precursorLine, at: alerts[0].at }],
    people: Object.values(people),
    kinds: [
      "trigger:ci-deploy-log",
      "skew:1-of-8-hosts",
      "alerts:single-line-json+precursor",
      "baseline-noise",
      "mitigation:kill-switch",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2025-07-02-edge-502",
      title: "Global 502s on edge proxy",
      severity: "SEV1",
      services: ["edge-proxy"],
      start: T("13:30:00"),
      end: T("14:40:00"),
    }),
    truth,
  );
}
