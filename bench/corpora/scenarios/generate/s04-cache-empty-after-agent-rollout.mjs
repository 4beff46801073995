// Modelled on Slack's incident on 2-22-22: a percentage rollout of the Consul agent restarted agents on memcached
// hosts; the cache control plane swapped them for empty spares, the hit rate collapsed and a scatter query overloaded
// the database, failing client boots. Restarting the query tier helped for minutes; throttling boots and a query
// fix ended it. Unrelated 502s on file uploads were there all morning.
import {
  alertmanagerV2,
  check,
  debriefYaml,
  fmt,
  impact,
  ms,
  pagerduty,
  Scenario,
  segments,
  slackExport,
  traffic,
  truthDoc,
  wobble,
  writeAccess,
} from "./lib.mjs";

export function build() {
  const sc = new Scenario({ id: "cache-empty-after-agent-rollout", half: "sealed", seed: 220222 });
  const r = sc.r;
  const T = (hms) => ms(`2025-02-24T${hms}Z`);
  const from = T("13:10:00");
  const to = T("16:20:00");
  const rolled = T("13:58:41");
  const onset = T("14:01:30");
  const restart = T("14:52:10");
  const refail = T("15:04:35");
  const throttle = T("15:46:02");
  const hosts = ["webapp-1", "webapp-2", "webapp-3", "webapp-4", "webapp-5"];
  const endpoints = [
    { path: "/api/client.boot", weight: 15, service: "webapp", rt: [0.1, 0.5] },
    { path: (x) => `/api/conversations.history?channel=C0${x.id(8)}`, weight: 35, service: "webapp" },
    { path: "/api/chat.postMessage", method: "POST", weight: 20, service: "webapp" },
    { path: "/api/files.upload", method: "POST", weight: 5, service: "files", rt: [0.5, 4] },
    { path: (x) => `/static/${x.hex(10)}.js`, weight: 25, service: "static", bytes: [20000, 160000] },
  ];
  const str = (t) => Math.min(1, (t - onset) / 600000 + 0.3);
  const rules = [
    { ep: "/api/files.upload", from, to, p: 0.22, status: 502, tag: "noise" },
    {
      ep: "/api/client.boot",
      from: onset,
      to: restart + 60000,
      p: (t) => 0.8 * str(t),
      status: [500, 503],
      tag: "incident",
      seg: 0,
    },
    {
      ep: /^\/api\/conversations/,
      from: onset + 120000,
      to: restart + 60000,
      p: 0.3,
      status: 503,
      tag: "incident",
      seg: 0,
    },
    {
      ep: "/api/client.boot",
      from: refail,
      to: throttle + 90000,
      p: (t) => (t < throttle ? 0.8 : 0.8 * (1 - (t - throttle) / 90000)),
      status: [500, 503],
      tag: "incident",
      seg: 1,
    },
    {
      ep: /^\/api\/conversations/,
      from: refail + 60000,
      to: throttle + 60000,
      p: 0.3,
      status: 503,
      tag: "incident",
      seg: 1,
    },
  ];
  const reqs = traffic(r, { from, to, rate: wobble(0.92), endpoints, hosts, rules });
  writeAccess(sc, "evidence/envoy/edge-envoy-access.log", reqs, "envoy", { ctx: { domain: "app.chatco.example" } });
  const imp = impact(reqs, [
    { service: "webapp", endpoint: "/api/client.boot", status: "5xx", match: (q) => q.path === "/api/client.boot" },
    {
      service: "webapp",
      endpoint: "/api/conversations.history",
      status: "503",
      match: (q) => q.path.startsWith("/api/conversations"),
      statusMatch: (s) => s === 503,
    },
  ]);
  const segs = segments(reqs);
  check(segs.length === 2, "two segments");

  // Ansible log of the Consul agent rollout (percentage batch 3 of 4)
  const an = [];
  let t = T("13:41:02");
  const a = (sec, text) => {
    t += sec * 1000 + r.int(0, 900);
    an.push(`${fmt.naive(t, 0, 3).replace(".", ",")} p=77120 u=deploy n=ansible | ${text}`);
  };
  a(0, "PLAY [consul agent upgrade 1.11.3 (batch 3/4, 25%)] *****************************");
  a(2, "TASK [consul : install consul 1.11.3] ********************************************");
  for (let k = 0; k < 6; k++) a(r.int(10, 40), `changed: [mc-${r.int(100, 399)}.chatco.internal]`);
  a(3, "TASK [consul : restart consul agent (serial)] ************************************");
  while (t < rolled - 40000) a(r.int(15, 40), `changed: [mc-${r.int(100, 399)}.chatco.internal]`);
  t = rolled - 800;
  a(0, `changed: [mc-${r.int(100, 399)}.chatco.internal]`);
  a(1, "PLAY RECAP *********************************************************************");
  a(
    0,
    "mc-batch3                  : ok=96   changed=64   unreachable=0    failed=0    skipped=0    rescued=0    ignored=0",
  );
  const anFile = "evidence/ansible/consul-rollout-batch3.log";
  sc.put(anFile, an);
  const triggerLine = sc.lineOf(anFile, "PLAY RECAP") - 1;

  const alertFile = "evidence/alerts/alertmanager-alerts.json";
  const alerts = [
    {
      name: "MemcachedHitRateLow",
      at: T("14:00:40"),
      severity: "warning",
      summary: "cache hit rate 41% (normally 96%)",
      end: T("15:55:00"),
      labels: { cluster: "mc-main" },
    },
    {
      name: "ClientBootErrors",
      at: T("14:03:55"),
      summary: "client.boot 5xx above 30%",
      end: T("15:50:00"),
      labels: { service: "webapp" },
    },
    {
      name: "VitessKeyspaceOverloaded",
      at: T("14:05:20"),
      summary: "vtgate query timeouts on keyspace users",
      end: T("15:49:00"),
      labels: { keyspace: "users" },
    },
  ];
  sc.put(alertFile, alertmanagerV2(r, alerts));
  const P = { oc: "Laura Nolan-Fox", db: "Glen Sato", ic: "Chris Sullivan-Day", ops: "Jamie Ortiz" };
  sc.put(
    "evidence/pagerduty/incident-22222-log-entries.json",
    pagerduty(r, {
      sub: "chatco",
      service: "webapp",
      incidentNo: 22222,
      title: "ClientBootErrors: client.boot 5xx above 30%",
      entries: [
        { type: "trigger", at: T("14:04:00") },
        { type: "notify", at: T("14:04:02"), who: P.oc },
        { type: "acknowledge", at: T("14:06:10"), who: P.oc },
        { type: "resolve", at: T("16:05:20"), who: P.ic },
      ],
    }).text,
  );
  const users = [
    { key: "l", name: "laura", real: P.oc },
    { key: "g", name: "glen", real: P.db },
    { key: "c", name: "chris", real: P.ic },
    { key: "j", name: "jamie", real: P.ops },
  ];
  const msgs = [
    { at: T("14:06:40"), user: "l", text: "ack. client boots failing, db load way up, cache hit rate cratered" },
    { at: T("14:10:00"), user: "l", text: "files.upload 502s are the old S3 proxy issue, ignore those" },
    {
      at: T("14:24:30"),
      user: "j",
      text: "consul agent rollout batch 3 finished 13:58, it restarted agents on a lot of memcached hosts; mcrib swapped them for empty spares",
    },
    { at: T("14:31:00"), user: "c", text: "IC. pausing the rollout. gdm scatter query is hammering every shard" },
    { at: T("14:51:40"), user: "g", text: "restarting the vtgate fleet to clear the query pile-up" },
    { at: T("14:55:10"), user: "l", text: "boots succeeding after the vtgate restart" },
    { at: T("15:05:30"), user: "l", text: "nope, errors back. caches still cold, load climbing again" },
    { at: T("15:30:00"), user: "g", text: "query change ready: read only missing entries and from replicas" },
    { at: T("15:45:40"), user: "c", text: "throttling client.boot to 40% and shipping the query change" },
    { at: T("15:49:00"), user: "l", text: "db load dropping, boots succeeding, raising the throttle slowly" },
    { at: T("16:05:25"), user: "c", text: "resolving" },
  ];
  slackExport(sc, { channel: "inc-22222-boot-failures", users, messages: msgs });
  check(alerts[1].at > imp.start && alerts[0].at > rolled, "ordering");

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      { title: "Slack's Incident on 2-22-22", url: "https://slack.engineering/slacks-incident-on-2-22-22/" },
    ],
    story:
      "An Ansible play rolling out a new Consul agent restarted agents on many memcached hosts, finishing at 13:58:41. The cache control plane replaced the briefly deregistered nodes with empty spares, the hit rate collapsed, and a scatter query overloaded the database: from 14:01 client boots failed and some history reads returned 503. A restart of the query-routing tier at 14:52 brought errors down for about ten minutes before they returned at 15:04. Throttling client boots together with a query change (15:46) ended it. Steady 502s on file uploads were an older, unrelated problem.",
    milestones: {
      impactStart: imp.start,
      detected: alerts[1].at,
      paged: T("14:04:02"),
      acknowledged: T("14:06:10"),
      mitigated: throttle,
      recovered: imp.end,
      resolved: T("16:05:20"),
    },
    trigger: {
      file: anFile,
      line: triggerLine,
      effectiveAt: rolled,
      what: "Ansible consul agent rollout batch 3/4 restarted agents on memcached hosts",
    },
    impact: imp.rows,
    baselineNoise: [
      {
        file: "evidence/envoy/edge-envoy-access.log",
        what: "steady 502s on POST /api/files.upload (about 22%) all morning",
      },
    ],
    falseRecoveries: [
      { at: Math.floor(segs[0].last / 1000) * 1000, refailAt: Math.floor(segs[1].first / 1000) * 1000 },
    ],
    people: Object.values(P),
    kinds: [
      "trigger:ansible-run",
      "false-recovery:restart",
      "baseline-noise",
      "mitigation:throttle+query-change",
      "alert-before-impact-but-after-trigger",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2025-02-24-client-boot",
      title: "Client boot failures after cache loss",
      severity: "SEV1",
      services: ["webapp"],
      start: T("13:45:00"),
      end: T("16:15:00"),
    }),
    truth,
  );
}
