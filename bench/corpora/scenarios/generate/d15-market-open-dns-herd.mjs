// Modelled on Robinhood's 2–3 March 2020 outage: record volume and sign-ups on a volatile market day put
// unprecedented load on the platform, and a "thundering herd" of lookups took down the internal DNS, so services
// could not reach each other. No change caused it: two deploys earlier in the morning (one six minutes before the
// open) and the autoscaling that followed the load are red herrings. Adding DNS capacity and shedding sign-up
// traffic ended it.

import { buildkiteLog, k8sEventList } from "./changes.mjs";
import {
  alertmanagerV2,
  appFormats,
  debriefYaml,
  impact,
  ms,
  pagerduty,
  promRange,
  Scenario,
  slackExport,
  traffic,
  truthDoc,
  writeAccess,
} from "./lib.mjs";

export function build() {
  const sc = new Scenario({ id: "market-open-dns-herd", half: "dev", seed: 200302 });
  const r = sc.r;
  const T = (hms) => ms(`2026-08-05T${hms}Z`);
  const from = T("12:50:00");
  const to = T("14:50:00");
  const open = T("13:30:00");
  const onset = T("13:31:20");
  const dnsScaled = T("14:21:40");
  const hosts = ["ingress-a", "ingress-b", "ingress-c"];
  const skewHost = "ingress-b";
  const skewMs = 29000;
  const endpoints = [
    { path: "/api/v2/orders", method: "POST", weight: 24, service: "order-router", rt: [0.04, 0.3] },
    {
      path: (x) => `/api/v2/quotes?symbols=${x.pick(["SPY", "AAPL", "TSLA", "NVDA", "QQQ"])}`,
      weight: 34,
      service: "quotes",
    },
    { path: "/api/v2/oauth/token", method: "POST", weight: 14, service: "auth" },
    { path: "/api/v2/signup", method: "POST", weight: 8, service: "onboarding", rt: [0.1, 0.6] },
    { path: (x) => `/api/v2/portfolio/${x.hex(8)}`, weight: 20, service: "portfolio" },
  ];
  const rate = (t) =>
    (t < open - 300000 ? 0.42 : t < open + 300000 ? 0.42 + (1.05 * (t - open + 300000)) / 600000 : 1.47) +
    0.04 * Math.sin(t / 300000);
  const sev = (t) =>
    t < onset
      ? 0
      : t < onset + 240000
        ? (t - onset) / 240000
        : t < dnsScaled
          ? 1
          : Math.max(0, 1 - (t - dnsScaled) / 150000);
  const rules = [
    {
      ep: /^\/api\/v2\/(orders|portfolio|quotes)/,
      from: onset,
      to: dnsScaled + 150000,
      p: (t) => 0.58 * sev(t),
      status: [503, 504, 504],
      tag: "incident",
    },
    {
      ep: /^\/api\/v2\/(oauth|signup)/,
      from: onset,
      to: dnsScaled + 150000,
      p: (t) => 0.7 * sev(t),
      status: [503, 503, 504],
      tag: "incident",
    },
  ];
  const reqs = traffic(r, { from, to, rate, endpoints, hosts, rules });
  for (const h of hosts)
    writeAccess(sc, `evidence/ingress/${h}.log`, reqs, "ingress", {
      filter: (q) => q.host === h,
      skewMs: h === skewHost ? skewMs : 0,
      ctx: { upstream: "trading-api-8080" },
    });
  const imp = impact(reqs, [
    { service: "order-router", endpoint: "/api/v2/orders", status: "5xx", match: (q) => q.path === "/api/v2/orders" },
    { service: "api", endpoint: null, status: "5xx", match: () => true },
  ]);

  // order-router logs only errors (pino)
  const orLines = [];
  for (const q of reqs) {
    if (q.tag !== "incident" || q.path !== "/api/v2/orders" || r() > 0.45) continue;
    const dep = r.pick([
      "risk-checks.trading.svc.cluster.local",
      "ledger.trading.svc.cluster.local",
      "market-data.trading.svc.cluster.local",
    ]);
    orLines.push(
      appFormats.pino(q.t - 40, "error", `order-router-${r.hex(5)}`, "dependency call failed", {
        err: { type: "Error", message: `getaddrinfo EAI_AGAIN ${dep}` },
        orderId: r.uuid(),
        route: "POST /api/v2/orders",
      }),
    );
  }
  const orFile = "evidence/app/order-router-errors.log";
  sc.put(orFile, orLines);

  // CoreDNS metrics from Prometheus (query_range): request rate and SERVFAIL responses
  const dnsRate = (t) =>
    t < onset - 120000
      ? 900 + 60 * Math.sin(t / 200000)
      : t < dnsScaled
        ? 9000 + 800 * Math.sin(t / 90000)
        : Math.max(1300, 9000 - (t - dnsScaled) * 0.06);
  const servfail = (t) =>
    t < onset
      ? 0.2
      : t < dnsScaled
        ? 2400 * Math.min(1, (t - onset) / 240000)
        : Math.max(0.2, 2400 * (1 - (t - dnsScaled) / 150000));
  sc.put(
    "evidence/metrics/coredns-requests.json",
    promRange(
      [
        { metric: { __name__: "coredns_dns_requests_total:rate1m", job: "coredns" }, fn: dnsRate },
        { metric: { __name__: "coredns_dns_responses_total:rate1m", job: "coredns", rcode: "SERVFAIL" }, fn: servfail },
      ],
      from,
      to,
      30,
    ),
  );

  // Argo CD / deployment / HPA events
  const ev = [
    {
      at: T("13:21:40"),
      kind: "Application",
      apiVersion: "argoproj.io/v1alpha1",
      name: "quotes-prod",
      ns: "argocd",
      reason: "OperationStarted",
      message: "Initiated automated sync to 'e19c4a2'",
      component: "argocd-application-controller",
    },
    {
      at: T("13:24:05"),
      kind: "Application",
      apiVersion: "argoproj.io/v1alpha1",
      name: "quotes-prod",
      ns: "argocd",
      reason: "OperationCompleted",
      message: "Sync operation to e19c4a2 succeeded",
      component: "argocd-application-controller",
    },
    {
      at: T("13:33:10"),
      kind: "HorizontalPodAutoscaler",
      apiVersion: "autoscaling/v2",
      name: "order-router",
      ns: "trading",
      reason: "SuccessfulRescale",
      message: "New size: 24; reason: cpu resource utilization (percentage of request) above target",
      component: "horizontal-pod-autoscaler",
    },
    {
      at: T("13:36:45"),
      kind: "HorizontalPodAutoscaler",
      apiVersion: "autoscaling/v2",
      name: "quotes",
      ns: "trading",
      reason: "SuccessfulRescale",
      message: "New size: 30; reason: cpu resource utilization (percentage of request) above target",
      component: "horizontal-pod-autoscaler",
    },
    {
      at: T("13:41:20"),
      kind: "HorizontalPodAutoscaler",
      apiVersion: "autoscaling/v2",
      name: "order-router",
      ns: "trading",
      reason: "SuccessfulRescale",
      message: "New size: 36; reason: cpu resource utilization (percentage of request) above target",
      component: "horizontal-pod-autoscaler",
    },
    {
      at: T("14:20:05"),
      kind: "Deployment",
      apiVersion: "apps/v1",
      name: "coredns",
      ns: "kube-system",
      reason: "ScalingReplicaSet",
      message: "Scaled up replica set coredns-6d4b75cb6d to 16 from 4",
      component: "deployment-controller",
    },
    {
      at: T("14:23:30"),
      kind: "Application",
      apiVersion: "argoproj.io/v1alpha1",
      name: "onboarding-prod",
      ns: "argocd",
      reason: "ResourceUpdated",
      message: "Updated sync status: Synced -> OutOfSync",
      component: "argocd-application-controller",
    },
  ];
  const evFile = "evidence/k8s/events.json";
  sc.put(evFile, k8sEventList(r, ev));

  // Buildkite: onboarding-web deploy earlier in the morning
  const bk = [];
  let bt = T("12:55:10");
  const b = (sec, text) => {
    bt += sec * 1000 + r.int(0, 500);
    bk.push([bt, text]);
  };
  b(0, "~~~ Running commands");
  b(1, "$ ./scripts/deploy.sh onboarding-web v9.3.0 production");
  b(4, "Deploying onboarding-web v9.3.0 to production (12 pods)");
  b(95, "rollout complete: 12/12 pods ready");
  b(1, "+++ :rocket: onboarding-web v9.3.0 is live");
  const bkFile = "evidence/ci/buildkite-onboarding-web-7781.log";
  sc.put(bkFile, buildkiteLog(bk));

  const alerts = [
    {
      name: "SignupRateAnomaly",
      at: T("13:12:00"),
      severity: "info",
      summary: "sign-ups 4x above the 4-week baseline",
      labels: { team: "growth" },
      receiver: "slack-growth",
    },
    {
      name: "OrderRouter5xxHigh",
      at: T("13:33:00"),
      summary: "order-router 5xx above 10%",
      end: T("14:25:30"),
      labels: { service: "order-router" },
    },
    {
      name: "CoreDNSErrorsHigh",
      at: T("13:33:40"),
      summary: "CoreDNS SERVFAIL above 5% of responses",
      end: T("14:24:00"),
      labels: { service: "coredns" },
    },
    {
      name: "KubeHpaMaxedOut",
      at: T("13:52:00"),
      severity: "warning",
      summary: "HPA order-router at max replicas (36)",
      end: T("14:40:00"),
      labels: { namespace: "trading" },
    },
  ];
  const alertFile = "evidence/alerts/alertmanager-alerts.json";
  sc.put(alertFile, alertmanagerV2(r, alerts));

  const P = { oc: "Jonah Reyes", ic: "Fatima Zahra", platform: "Oskar Lindgren", quotes: "Bea Santos" };
  const pd = { notify: T("13:33:08"), ack: T("13:34:50"), resolve: T("14:44:10") };
  sc.put(
    "evidence/pagerduty/incident-6120-log-entries.json",
    pagerduty(r, {
      sub: "kestrel",
      service: "trading-platform",
      incidentNo: 6120,
      title: "OrderRouter5xxHigh: order-router 5xx above 10%",
      entries: [
        { type: "trigger", at: T("13:33:05") },
        { type: "notify", at: pd.notify, who: P.oc, via: "phone" },
        { type: "acknowledge", at: pd.ack, who: P.oc },
        { type: "escalate", at: T("13:40:00"), who: P.oc, to: P.ic },
        { type: "notify", at: T("13:40:02"), who: P.ic, via: "phone" },
        { type: "resolve", at: pd.resolve, who: P.ic },
      ],
    }).text,
  );
  const users = [
    { key: "j", name: "jonah", real: P.oc, tz: "America/New_York" },
    { key: "f", name: "fatima.z", real: P.ic, tz: "America/New_York" },
    { key: "o", name: "oskar", real: P.platform, tz: "Europe/Stockholm" },
    { key: "b", name: "bea", real: P.quotes, tz: "America/Chicago" },
  ];
  const msgs = [
    { at: T("13:35:30"), user: "j", text: "ack. orders, quotes, login all failing since the open" },
    { at: T("13:37:10"), user: "j", text: "quotes-prod synced e19c4a2 at 13:24. @bea roll back?" },
    {
      at: T("13:41:45"),
      user: "b",
      text: "e19c4a2 is a copy change on the quote card. and quotes errors look like everyone else's: EAI_AGAIN",
    },
    {
      at: T("13:46:20"),
      user: "o",
      text: "coredns is at 9-10x normal qps and timing out. four replicas, never sized for this",
    },
    {
      at: T("13:52:00"),
      user: "f",
      text: "IC. traffic is 3.5x a normal open plus record sign-ups. no change to blame; we need DNS capacity",
    },
    {
      at: T("14:05:30"),
      user: "o",
      text: "retries are multiplying lookups (herd). scaling coredns to 16 and turning on signup shedding",
    },
    { at: T("14:21:55"), user: "o", text: "coredns 16/16 ready, signup shedding on" },
    { at: T("14:26:10"), user: "j", text: "error rates back to baseline" },
    { at: T("14:44:15"), user: "f", text: "resolving. capacity review for DNS and node-local caching as follow-ups" },
  ];
  slackExport(sc, { channel: "inc-6120-market-open", users, messages: msgs });

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title: "An Update from Robinhood's Founders (3 Mar 2020)",
        url: "https://blog.robinhood.com/news/2020/3/3/an-update-from-robinhoods-founders",
      },
    ],
    story:
      "On a volatile day, traffic at the 13:30 market open reached about 3.5 times a normal open, with record sign-ups. Retries multiplied DNS lookups and the four CoreDNS replicas were overwhelmed; from 13:31 services could not resolve their dependencies and orders, quotes, logins and sign-ups failed (503/504). No change caused it: a quotes-prod Argo CD sync at 13:24 and an onboarding-web deploy at 12:57 were suspected but unrelated, and the HPA scale-outs followed the load. Scaling CoreDNS to 16 replicas and shedding sign-ups (14:21) ended the impact.",
    milestones: {
      impactStart: imp.start,
      detected: alerts[1].at,
      paged: pd.notify,
      acknowledged: pd.ack,
      mitigated: dnsScaled,
      recovered: imp.end,
      resolved: pd.resolve,
    },
    trigger: null,
    redHerrings: [
      {
        file: evFile,
        line: sc.lineOf(evFile, "Sync operation to e19c4a2 succeeded"),
        what: "quotes-prod Argo CD sync 7 min before impact, unrelated",
      },
      {
        file: bkFile,
        line: sc.lineOf(bkFile, "onboarding-web v9.3.0 is live"),
        what: "onboarding-web v9.3.0 deploy (Buildkite) at 12:57, unrelated",
      },
      {
        file: evFile,
        line: sc.lineOf(evFile, "New size: 24"),
        what: "order-router HPA scale-out after the open: a consequence of load",
      },
    ],
    impact: imp.rows,
    skews: [{ file: `evidence/ingress/${skewHost}.log`, offsetSeconds: skewMs / 1000 }],
    errorOnlySources: [orFile],
    people: Object.values(P),
    kinds: [
      "no-trigger:organic load (market open)",
      "red-herring:argocd-sync 7 min before impact",
      "red-herring:buildkite deploy",
      "red-herring:autoscaling",
      "mitigation:scale-up + load shedding",
      "skew:1-of-3 (+29 s)",
      "error-only pino log",
      "detection-alert-among-other-alerts",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2026-08-05-market-open",
      title: "Trading API failing at the market open",
      severity: "SEV1",
      services: ["order-router"],
      start: T("13:15:00"),
      end: T("14:45:00"),
    }),
    truth,
  );
}
