// Modelled on Cloudflare's 2 November 2023 control-plane outage: the colocation provider's facility lost utility
// power, generators did not hold, and the primary data centre went dark; the control plane and API failed because
// failover to the other facilities did not work for every service until dependencies were fixed by hand.
// No change caused it: an analytics deploy four minutes before, a Flux sync earlier and the provider's own
// building-management records are all in the evidence.

import { k8sEventList } from "./changes.mjs";
import {
  alertmanagerV2,
  debriefYaml,
  fmt,
  impact,
  ms,
  pagerduty,
  Scenario,
  slackExport,
  traffic,
  truthDoc,
  writeAccess,
} from "./lib.mjs";

export function build() {
  const sc = new Scenario({ id: "colo-power-loss", half: "sealed", seed: 231102 });
  const r = sc.r;
  const T = (hms) => ms(`2026-10-15T${hms}Z`);
  const from = T("11:20:00");
  const to = T("14:10:00");
  const feedA = T("11:40:12");
  const dark = T("11:44:31");
  const failover = T("13:41:20");
  const hosts = ["edge-fra", "edge-iad"];
  const endpoints = [
    {
      path: (x) => `/client/v4/zones/${x.hex(32)}/dns_records?page=${x.int(1, 4)}`,
      weight: 34,
      service: "control-api",
    },
    {
      path: (x) => `/client/v4/zones/${x.hex(32)}/purge_cache`,
      method: "POST",
      weight: 12,
      service: "control-api",
      rt: [0.05, 0.4],
    },
    { path: "/client/v4/user/tokens/verify", weight: 20, service: "control-api", rt: [0.005, 0.03] },
    {
      path: (x) => `/dash/${x.pick(["overview", "analytics", "dns", "ssl-tls"])}`,
      weight: 22,
      service: "dashboard",
      bytes: [8000, 60000],
    },
    {
      path: (x) => `/api/analytics/graphql?q=${x.hex(8)}`,
      method: "POST",
      weight: 12,
      service: "analytics",
      rt: [0.1, 0.9],
    },
  ];
  const rules = [
    {
      ep: null,
      from: dark,
      to: failover + 120000,
      p: (t) =>
        t < dark + 20000 ? 0.95 * ((t - dark) / 20000) : t < failover ? 0.95 : 0.95 * (1 - (t - failover) / 120000),
      status: 503,
      tag: "incident",
    },
  ];
  const reqs = traffic(r, { from, to, rate: (t) => 0.85 + 0.07 * Math.sin(t / 450000), endpoints, hosts, rules });
  for (const h of hosts)
    writeAccess(sc, `evidence/edge/${h}-envoy-access.log`, reqs, "envoy", {
      filter: (q) => q.host === h,
      ctx: { domain: "api.sable.example" },
    });
  const imp = impact(reqs, [
    {
      service: "control-api",
      endpoint: "/client/v4/*",
      status: "503",
      match: (q) => q.path.startsWith("/client/v4/"),
      statusMatch: (s) => s === 503,
    },
    {
      service: "dashboard",
      endpoint: "/dash/*",
      status: "503",
      match: (q) => q.path.startsWith("/dash/"),
      statusMatch: (s) => s === 503,
    },
  ]);

  // the provider's building-management export: local time (America/Los_Angeles, PDT) without zone
  const off = -420;
  const bms = [["timestamp", "point", "state", "message"]];
  const row = (t, point, state, msg) => bms.push([fmt.naive(t, off), point, state, msg]);
  row(T("10:02:00"), "UTIL-FEED-A", "NORMAL", "Utility feed A nominal 480V");
  row(feedA, "UTIL-FEED-A", "ALARM", "Utility feed A lost (utility maintenance)");
  row(feedA + 9000, "GEN-1", "RUN", "Generator 1 started, load transferred");
  row(feedA + 11000, "GEN-2", "RUN", "Generator 2 started");
  row(dark - 4000, "XFMR-2", "ALARM", "Ground fault detected on transformer 2");
  row(dark - 1500, "GEN-1", "TRIP", "Generator 1 tripped (ground fault protection)");
  row(dark - 1200, "GEN-2", "TRIP", "Generator 2 tripped (ground fault protection)");
  row(dark - 800, "UPS-B", "ALARM", "UPS B on battery, runtime 4 min");
  row(dark, "UPS-B", "ALARM", "UPS B battery exhausted, output off");
  row(dark + 1000, "PDU-ROW-12", "ALARM", "Loss of power on rows 10-14");
  row(T("13:55:00"), "UTIL-FEED-A", "NORMAL", "Utility feed A restored");
  row(T("14:02:30"), "PDU-ROW-12", "NORMAL", "Power restored on rows 10-14");
  const bmsFile = "evidence/provider/northgate-pdx7-bms-events.csv";
  sc.put(
    bmsFile,
    bms.map((x) => x.map((c) => (c.includes(",") ? `"${c}"` : c)).join(",")),
  );

  // GitHub Actions raw log: analytics-ingest deploy four minutes before the power loss
  const gha = [];
  let t = T("11:36:02");
  const step = (sec, text) => {
    t += sec * 1000 + r.int(0, 800);
    gha.push(`${fmt.gha(t, r)} ${text}`);
  };
  step(0, "Job defined at: sable/analytics-ingest/.github/workflows/release.yml@refs/tags/v5.8.2");
  step(3, "##[group]Run ./deploy/rollout.sh v5.8.2 dc2");
  step(2, "rollout: analytics-ingest v5.8.2 -> dc2 (8 instances)");
  step(96, "rollout: 8/8 instances healthy on v5.8.2");
  step(0, "##[endgroup]");
  step(1, "Cleaning up orphan processes");
  const ghaFile = "evidence/ci/analytics-ingest-release-run-1203.log";
  sc.put(ghaFile, gha);

  // Flux events: billing-api release synced earlier in the morning
  const rev = "4b8e21d0c7f5a3e9b1d6c2f0a8e4b7c3d9f1a6e2";
  const fluxFile = "evidence/k8s/flux-events.json";
  sc.put(
    fluxFile,
    k8sEventList(r, [
      {
        at: T("11:12:40"),
        kind: "HelmRelease",
        apiVersion: "helm.toolkit.fluxcd.io/v2",
        name: "billing-api",
        ns: "billing",
        reason: "UpgradeSucceeded",
        message: "Helm upgrade succeeded for release billing/billing-api.v61 with chart billing-api@3.14.0",
        component: "helm-controller",
        annotations: { "helm.toolkit.fluxcd.io/revision": "3.14.0" },
      },
      {
        at: T("11:12:41"),
        kind: "Kustomization",
        apiVersion: "kustomize.toolkit.fluxcd.io/v1",
        name: "apps",
        ns: "flux-system",
        reason: "ReconciliationSucceeded",
        message: "Reconciliation finished in 1.83112s, next run in 10m0s",
        component: "kustomize-controller",
        annotations: { "kustomize.toolkit.fluxcd.io/revision": `main@sha1:${rev}` },
      },
    ]),
  );

  const alerts = [
    {
      name: "ProviderUtilityFeedLost",
      at: feedA + 20000,
      severity: "warning",
      summary: "colo pdx7 reports utility feed A lost, running on generators",
      end: T("13:55:30"),
      labels: { site: "pdx7" },
    },
    {
      name: "ControlAPIAvailability",
      at: T("11:46:05"),
      summary: "control API success ratio below 90%",
      end: T("13:44:00"),
      labels: { service: "control-api" },
    },
    {
      name: "InstanceDown",
      at: T("11:45:10"),
      severity: "warning",
      summary: "412 targets in pdx7 down",
      end: T("14:04:00"),
      labels: { site: "pdx7" },
    },
    {
      name: "AnalyticsIngestLag",
      at: T("11:50:00"),
      severity: "warning",
      summary: "analytics ingest lag above 15 min",
      end: T("13:58:00"),
      labels: { service: "analytics-ingest" },
    },
  ];
  const alertFile = "evidence/alerts/alertmanager-alerts.json";
  sc.put(alertFile, alertmanagerV2(r, alerts));

  const P = { oc: "Ilse Kramer", ic: "Daniel Osei", dc: "Paulo Ribeiro", analytics: "Hiro Tanaka" };
  const pd = { notify: T("11:46:12"), ack: T("11:47:55"), resolve: T("14:06:30") };
  sc.put(
    "evidence/pagerduty/incident-9902-log-entries.json",
    pagerduty(r, {
      sub: "sable",
      service: "control-plane",
      incidentNo: 9902,
      title: "ControlAPIAvailability: control API success ratio below 90%",
      entries: [
        { type: "trigger", at: T("11:46:10") },
        { type: "notify", at: pd.notify, who: P.oc, via: "push" },
        { type: "acknowledge", at: pd.ack, who: P.oc },
        { type: "escalate", at: T("11:52:30"), who: P.oc, to: P.ic },
        {
          type: "annotate",
          at: T("12:40:00"),
          who: P.ic,
          note: "Failover to dc2 blocked on services still depending on pdx7",
        },
        { type: "resolve", at: pd.resolve, who: P.ic },
      ],
    }).text,
  );
  const users = [
    { key: "i", name: "ilse", real: P.oc, tz: "Europe/Berlin" },
    { key: "d", name: "dosei", real: P.ic, tz: "Europe/London" },
    { key: "p", name: "pribeiro", real: P.dc, tz: "America/Los_Angeles" },
    { key: "h", name: "hiro", real: P.analytics, tz: "Asia/Tokyo" },
  ];
  const msgs = [
    { at: T("11:48:20"), user: "i", text: "ack. control API and dashboard 503 from every edge" },
    { at: T("11:50:05"), user: "i", text: "analytics-ingest v5.8.2 rolled out at 11:39, right before. @hiro?" },
    {
      at: T("11:53:40"),
      user: "h",
      text: "that went to dc2 only and ingest is a consumer, it can't take the API down",
    },
    {
      at: T("11:55:10"),
      user: "p",
      text: "pdx7 is dark. provider: utility feed lost, generators tripped on a ground fault, UPS ran out",
    },
    { at: T("12:02:30"), user: "d", text: "IC. no ETA from the provider. failing over the control plane to dc2" },
    {
      at: T("12:38:15"),
      user: "d",
      text: "failover stuck: auth and config services in dc2 still call pdx7 for their database",
    },
    { at: T("13:20:40"), user: "p", text: "auth db promoted in dc2, config service repointed" },
    { at: T("13:41:40"), user: "d", text: "control plane serving from dc2" },
    { at: T("13:45:00"), user: "i", text: "API and dashboard success back to normal" },
    { at: T("14:06:35"), user: "d", text: "resolved. pdx7 power back at 13:55, we stay on dc2 for now" },
  ];
  slackExport(sc, { channel: "inc-9902-control-plane", users, messages: msgs });

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title: "Post Mortem on Cloudflare Control Plane and Analytics Outage (2 Nov 2023)",
        url: "https://blog.cloudflare.com/post-mortem-on-cloudflare-control-plane-and-analytics-outage/",
      },
    ],
    story:
      "The colocation facility pdx7 lost utility feed A at 11:40 and ran on generators, which tripped on a transformer ground fault; when the UPS ran out at 11:44 the facility went dark. From 11:44 the control API and dashboard failed with 503 from every edge. No change caused it: an analytics-ingest deploy to the other data centre at 11:39 and a billing-api Flux upgrade at 11:12 were unrelated. Failover to dc2 stalled because some services still depended on pdx7 databases; after those were promoted and repointed, the control plane served from dc2 at 13:41.",
    milestones: {
      impactStart: imp.start,
      detected: alerts[2].at,
      paged: pd.notify,
      acknowledged: pd.ack,
      mitigated: failover,
      recovered: imp.end,
      resolved: pd.resolve,
    },
    trigger: null,
    redHerrings: [
      {
        file: ghaFile,
        line: sc.lineOf(ghaFile, "8/8 instances healthy"),
        what: "analytics-ingest v5.8.2 deploy (dc2) 4 min before impact, unrelated",
      },
      {
        file: fluxFile,
        line: sc.lineOf(fluxFile, "Helm upgrade succeeded"),
        what: "billing-api Flux Helm upgrade at 11:12, unrelated",
      },
    ],
    impact: imp.rows,
    zones: [{ file: bmsFile, utcOffsetMinutes: off, zone: "America/Los_Angeles", marked: "none" }],
    precursors: [
      { file: alertFile, line: sc.lineOf(alertFile, '"alertname": "ProviderUtilityFeedLost"'), at: alerts[0].at },
    ],
    waits: [
      {
        from: T("12:38:15"),
        to: T("13:20:40"),
        what: "failover blocked until dc2 services stopped depending on pdx7 databases",
      },
    ],
    people: Object.values(P),
    kinds: [
      "no-trigger:provider power failure",
      "red-herring:deploy 4 min before impact (GitHub Actions)",
      "red-herring:flux helm upgrade",
      "zone-less local-time CSV (provider BMS, PDT)",
      "precursor:provider warning alert",
      "mitigation:failover",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2026-10-15-control-plane",
      title: "Control API and dashboard unavailable",
      severity: "SEV1",
      services: ["control-api"],
      start: T("11:30:00"),
      end: T("14:05:00"),
    }),
    truth,
  );
}
