// Modelled on Square's outage of 7 September 2023: an upgrade of the internal DNS service left the DNS servers unable
// to carry the load; once the node-level DNS caches expired, services could no longer find their dependencies and
// external requests failed. Here the resolver package upgrade (apt history on the three resolvers) lands at 15:10;
// checkout-api fails from 15:16 as node-local caches expire. checkout-api's own GitLab CI deploy lands between the
// two and is rolled back (helm history, run in London: BST without zone) with no effect; an HPA scale-out follows.
// The errors name the dependency (lookups against the node-local resolver); reloading the resolvers without the new
// rate limit (a restart-type mitigation, not a package rollback) ended it.

import { gitlabJobLog, helmHistory } from "./changes.mjs";
import { aptHistory, syslog } from "./changes2.mjs";
import {
  check,
  debriefYaml,
  impact,
  k8sEvents,
  ms,
  opsgenie,
  Scenario,
  slackExport,
  slackLine,
  traffic,
  truthDoc,
} from "./lib.mjs";

export function build() {
  const sc = new Scenario({ id: "resolver-upgrade-own-rollback", half: "dev", seed: 230907 });
  const r = sc.r;
  const T = (hms) => ms(`2026-05-06T${hms}Z`);
  const from = T("14:45:00");
  const to = T("16:30:00");
  const ns = ["ns-1", "ns-2", "ns-3"];
  const upg = { "ns-1": T("15:10:02"), "ns-2": T("15:10:31"), "ns-3": T("15:10:58") };
  const upgEnd = (h) => upg[h] + 9000;
  const ownDeploy = T("15:13:41");
  const onset = T("15:16:20");
  const helmRollback = T("15:24:12");
  const hpaAt = T("15:27:35");
  const reload = { "ns-1": T("15:44:31"), "ns-2": T("15:44:39"), "ns-3": T("15:44:46") };
  const fixed = T("15:45:05");
  const hosts = ["ing-1", "ing-2", "ing-3"];
  const endpoints = [
    { path: "/api/checkout", method: "POST", weight: 14, service: "checkout-api", rt: [0.08, 0.6] },
    { path: (x) => `/api/cart/${x.uuid()}/quote`, weight: 16, service: "checkout-api", rt: [0.03, 0.2] },
    { path: (x) => `/api/catalog/products/${x.int(10000, 99999)}`, weight: 40, service: "catalog-api" },
    { path: (x) => `/api/recommendations?sku=${x.int(10000, 99999)}`, weight: 12, service: "recs-api" },
    { path: "/api/session", weight: 18, service: "session-api", rt: [0.002, 0.02] },
  ];
  const dnsDependent = /^\/api\/(checkout|cart\/)/;
  const p = (t) => (t < onset ? 0 : t < fixed ? Math.min(0.72, 0.1 + ((t - onset) / 240000) * 0.62) : 0);
  const rules = [
    { ep: dnsDependent, from: onset, to: fixed, p, status: 503, tag: "incident" },
    // recs-api flakes with 502s all day (baseline noise on another endpoint)
    { ep: /^\/api\/recommendations/, from, to, p: 0.04, status: 502, tag: "noise" },
  ];
  const reqs = traffic(r, { from, to, rate: (t) => 1.2 + 0.15 * Math.sin(t / 500000), endpoints, hosts, rules });
  const upstreamOf = (q) => `shop-${q.service}-8080`;
  for (const h of hosts) {
    const sel = reqs.filter((q) => q.host === h);
    const lines = [];
    for (const q of sel) {
      const line = writeLine(q, upstreamOf(q));
      lines.push(line);
      q.inEvidence = true;
    }
    sc.put(`evidence/ingress/${h}.log`, lines);
  }
  function writeLine(q, upstream) {
    // ingress-nginx default log format (accessFormats.ingress with the request's own upstream name)
    const parts = [];
    const up = `10.42.${q.service.length}.${(q.bytes % 200) + 20}:8080`;
    const d = new Date(q.t);
    const mon = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getUTCMonth()];
    const ts = `${String(d.getUTCDate()).padStart(2, "0")}/${mon}/${d.getUTCFullYear()}:${d.toISOString().slice(11, 19)} +0000`;
    parts.push(
      `${q.ip} - - [${ts}] "${q.method} ${q.path} HTTP/1.1" ${q.status} ${q.bytes} "-" "${q.ua}" ${300 + (q.bytes % 400)} ${q.rt.toFixed(3)} [${upstream}] [] ${up} ${q.bytes} ${q.rt.toFixed(3)} ${q.status} ${q.id.replace(/-/g, "")}`,
    );
    return parts[0];
  }
  const imp = impact(reqs, [
    {
      service: "checkout-api",
      endpoint: "/api/checkout",
      status: "503",
      match: (q) => q.path === "/api/checkout",
      statusMatch: (s) => s === 503,
    },
    {
      service: "checkout-api",
      endpoint: "/api/cart/{id}/quote",
      status: "503",
      match: (q) => q.path.startsWith("/api/cart/"),
      statusMatch: (s) => s === 503,
    },
    { service: "shop", endpoint: null, status: "5xx", match: () => true },
  ]);
  check(imp.start < onset + 60000, "onset");

  // checkout-api application log (logrus JSON): the lookups that fail name the node-local resolver and dependency
  const app = [];
  let n = 0;
  for (const q of reqs) {
    if (q.service !== "checkout-api") continue;
    if (q.tag === "incident") {
      const dep =
        q.path === "/api/checkout" ? "payments-gw.payments.svc.cluster.local" : "pricing.pricing.svc.cluster.local";
      app.push([
        q.t,
        JSON.stringify({
          dependency: dep.split(".")[0],
          error: `dial tcp: lookup ${dep} on 169.254.20.10:53: server misbehaving`,
          host: `checkout-api-6d8f7b9c5-${["x2k9p", "m7q4t", "b8w3n"][n % 3]}`,
          level: "error",
          msg: "upstream call failed",
          path: q.path.startsWith("/api/cart/") ? "/api/cart/{id}/quote" : q.path,
          request_id: q.id,
          time: new Date(q.t).toISOString().replace(/\.\d{3}Z$/, "Z"),
        }),
      ]);
      n++;
    }
  }
  app.push([
    ownDeploy - 20000,
    JSON.stringify({
      host: "checkout-api-6d8f7b9c5-x2k9p",
      level: "info",
      msg: "starting checkout-api version=4.31.0",
      time: new Date(ownDeploy - 20000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    }),
  ]);
  app.push([
    helmRollback + 15000,
    JSON.stringify({
      host: "checkout-api-58c4d6f7b-q1z8r",
      level: "info",
      msg: "starting checkout-api version=4.30.2",
      time: new Date(helmRollback + 15000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    }),
  ]);
  app.sort((a, b) => a[0] - b[0]);
  sc.put(
    "evidence/app/checkout-api.log",
    app.map((x) => x[1]),
  );

  // apt history on each resolver (the upgrade ran through an Ansible ad-hoc command as root)
  for (const h of ns)
    sc.put(`evidence/dns/${h}-apt-history.log`, [
      ...aptHistory({
        start: T("06:25:11"),
        end: T("06:25:19"),
        cmd: "/usr/bin/unattended-upgrade",
        upgrade: [["libexpat1:amd64", "2.5.0-1+deb12u1", "2.5.0-1+deb12u2"]],
      }),
      ...aptHistory({
        start: upg[h],
        end: upgEnd(h),
        cmd: "/usr/bin/apt-get -y -o Dpkg::Options::=--force-confnew install unbound=1.19.1-1~bpo12+1 libunbound8=1.19.1-1~bpo12+1",
        upgrade: [
          ["libunbound8:amd64", "1.17.1-2+deb12u2", "1.19.1-1~bpo12+1"],
          ["unbound:amd64", "1.17.1-2+deb12u2", "1.19.1-1~bpo12+1"],
        ],
      }),
    ]);
  const aptFile = "evidence/dns/ns-1-apt-history.log";
  const triggerLine = sc.lineOf(aptFile, "End-Date", sc.lineOf(aptFile, "unbound=1.19.1"));

  // resolver syslog (unbound logs at verbosity 1: start/stop and errors only) + systemd reloads
  const dns = [];
  for (const h of ns) {
    const t0 = upgEnd(h) - 2500;
    dns.push([t0, syslog(t0, h, "systemd", 1, "Stopping unbound.service - Unbound DNS server...")]);
    dns.push([t0 + 600, syslog(t0 + 600, h, "systemd", 1, "Stopped unbound.service - Unbound DNS server.")]);
    dns.push([t0 + 1900, syslog(t0 + 1900, h, "unbound", 30411, "[30411:0] notice: init module 0: validator")]);
    dns.push([t0 + 2000, syslog(t0 + 2000, h, "unbound", 30411, "[30411:0] info: start of service (unbound 1.19.1).")]);
    dns.push([t0 + 2100, syslog(t0 + 2100, h, "systemd", 1, "Started unbound.service - Unbound DNS server.")]);
    // once node-local caches expire the query rate rises and the new default rate limit bites
    for (let t = onset - 15000 + r.int(0, 9000); t < reload[h]; t += r.int(20, 45) * 1000)
      dns.push([
        t,
        syslog(
          t,
          h,
          "unbound",
          30411,
          `[30411:${r.int(0, 3)}] info: ratelimit exceeded ${r.pick(["svc.cluster.local.", "payments.svc.cluster.local.", "pricing.svc.cluster.local."])} 1000 query/s`,
        ),
      ]);
    dns.push([
      reload[h] - 1800,
      syslog(reload[h] - 1800, h, "systemd", 1, "Reloading unbound.service - Unbound DNS server..."),
    ]);
    dns.push([
      reload[h] - 900,
      syslog(reload[h] - 900, h, "unbound", 30411, "[30411:0] info: service stopped (unbound 1.19.1)."),
    ]);
    dns.push([
      reload[h] - 300,
      syslog(reload[h] - 300, h, "unbound", 30411, "[30411:0] info: start of service (unbound 1.19.1)."),
    ]);
    dns.push([reload[h], syslog(reload[h], h, "systemd", 1, "Reloaded unbound.service - Unbound DNS server.")]);
  }
  dns.sort((a, b) => a[0] - b[0]);
  const dnsFile = "evidence/dns/resolvers-syslog.log";
  sc.put(
    dnsFile,
    dns.map((x) => x[1]),
  );

  // checkout-api's own GitLab CI deploy, between the upgrade and the impact
  let gt = T("15:09:58");
  const gl = [];
  const g = (sec, text, s) => {
    gt += sec * 1000 + r.int(0, 400);
    gl.push([gt, text, s]);
  };
  g(0, "Running with gitlab-runner 17.8.1 (a1b2c3d4)");
  g(0, "  on k8s-runner-shop-1 t3_Pq7Lm, system ID: r_4hTz9WnB2xQe");
  g(4, "Using Kubernetes executor with image registry.shopfront.example/ci/deploy:2026.04 ...");
  g(10, "$ helm upgrade checkout-api charts/checkout-api -n shop --set image.tag=4.31.0 --wait --timeout 10m");
  g(3, 'Release "checkout-api" has been upgraded. Happy Helming!');
  g(0, "NAME: checkout-api");
  g(0, "LAST DEPLOYED: Wed May  6 15:10:17 2026");
  g(0, "NAMESPACE: shop");
  g(0, "STATUS: deployed");
  g(0, "REVISION: 88");
  g(1, "$ kubectl -n shop rollout status deploy/checkout-api");
  gt = ownDeploy - 300;
  g(0, 'deployment "checkout-api" successfully rolled out');
  g(1, "Cleaning up project directory and file based variables");
  g(0, "Job succeeded");
  const glFile = "evidence/ci/gitlab-checkout-api-deploy-77310.log";
  sc.put(glFile, gitlabJobLog(gl));
  const ownLine = sc.lineOf(glFile, "successfully rolled out");

  // helm history of checkout-api, run on a laptop in London (BST, no zone shown)
  const helmFile = "evidence/helm/checkout-api-history.txt";
  sc.put(
    helmFile,
    helmHistory(
      [
        {
          rev: 86,
          at: T("10:02:44") - 86400000 * 2,
          status: "superseded",
          chart: "checkout-api-4.29.0",
          app: "4.29.0",
          desc: "Upgrade complete",
        },
        {
          rev: 87,
          at: T("16:20:09") - 86400000,
          status: "superseded",
          chart: "checkout-api-4.30.2",
          app: "4.30.2",
          desc: "Upgrade complete",
        },
        {
          rev: 88,
          at: T("15:10:17"),
          status: "superseded",
          chart: "checkout-api-4.31.0",
          app: "4.31.0",
          desc: "Upgrade complete",
        },
        {
          rev: 89,
          at: helmRollback,
          status: "deployed",
          chart: "checkout-api-4.30.2",
          app: "4.30.2",
          desc: "Rollback to 87",
        },
      ],
      60,
    ),
  );
  const rbLine = sc.lineOf(helmFile, "Rollback to 87");

  // HPA scale-out after the errors made checkout slow
  const evFile = "evidence/k8s/shop-events.json";
  sc.put(
    evFile,
    k8sEvents(r, [
      {
        at: hpaAt,
        kind: "HorizontalPodAutoscaler",
        apiVersion: "autoscaling/v2",
        name: "checkout-api",
        ns: "shop",
        reason: "SuccessfulRescale",
        message: "New size: 9; reason: cpu resource utilization (percentage of request) above target",
        component: "horizontal-pod-autoscaler",
      },
      {
        at: hpaAt + 1000,
        kind: "Deployment",
        name: "checkout-api",
        ns: "shop",
        reason: "ScalingReplicaSet",
        message: "Scaled up replica set checkout-api-58c4d6f7b to 9 from 6",
      },
      {
        at: T("16:12:40"),
        kind: "HorizontalPodAutoscaler",
        apiVersion: "autoscaling/v2",
        name: "checkout-api",
        ns: "shop",
        reason: "SuccessfulRescale",
        message: "New size: 6; reason: All metrics below target",
        component: "horizontal-pod-autoscaler",
      },
    ]),
  );
  const hpaLine = sc.lineOf(evFile, "New size: 9");

  // Opsgenie alert log
  const P = { oc: "Priya Raman", ic: "Daniel Okafor", net: "Lucía Fernández", shop: "Hugo Martin" };
  const alertAt = T("15:18:44");
  const og = {
    notify: alertAt + 2100,
    ack: T("15:20:52"),
    close: T("16:05:30"),
  };
  sc.put(
    "evidence/opsgenie/alert-logs.json",
    opsgenie(r, [
      {
        at: alertAt,
        log: "Alert created via Prometheus integration with message: CheckoutErrorRatio: checkout-api 5xx ratio 23% [critical]",
        type: "system",
        owner: "System",
      },
      { at: alertAt + 1900, log: "Alert is assigned to escalation [shop_escalation]", type: "system", owner: "System" },
      {
        at: og.notify,
        log: "Notified priya.raman@shopfront.example via voice call",
        type: "alertRecipient",
        owner: "priya.raman@shopfront.example",
      },
      {
        at: og.ack,
        log: "Acknowledged by priya.raman@shopfront.example via App",
        type: "alertAction",
        owner: "priya.raman@shopfront.example",
      },
      {
        at: og.close,
        log: "Alert closed by daniel.okafor@shopfront.example via Web",
        type: "alertAction",
        owner: "daniel.okafor@shopfront.example",
      },
    ]),
  );
  const users = [
    { key: "p", name: "priya", real: P.oc, tz: "Europe/London" },
    { key: "d", name: "dokafor", real: P.ic, tz: "Europe/London" },
    { key: "l", name: "lucia.f", real: P.net, tz: "Europe/Madrid" },
    { key: "h", name: "hugo", real: P.shop, tz: "Europe/Paris" },
  ];
  const msgs = [
    { at: T("15:21:30"), user: "p", text: "ack. checkout and cart quote returning 503, catalog fine" },
    { at: T("15:22:15"), user: "h", text: "we shipped checkout-api 4.31.0 at 15:13. rolling it back now" },
    { at: T("15:24:40"), user: "h", text: "rolled back checkout-api to 4.30.2 (helm rev 89)" },
    {
      at: T("15:29:05"),
      user: "p",
      text: "no change after the rollback. HPA scaled checkout to 9, errors still climbing",
    },
    {
      at: T("15:33:50"),
      user: "d",
      text: "IC. app log: lookup payments-gw... on 169.254.20.10:53: server misbehaving. that's DNS, not our code",
    },
    {
      at: T("15:37:20"),
      user: "l",
      text: "resolvers got unbound 1.19.1 at 15:10. the new package config turns on ratelimit 1000 qps per zone, and svc.cluster.local is way above that once node-local caches expired",
    },
    {
      at: T("15:41:10"),
      user: "d",
      text: "decision: drop the ratelimit include and reload unbound on ns-1..3, keep 1.19.1 for now",
    },
    { at: T("15:45:00"), user: "l", text: "reloaded unbound on all three without the ratelimit" },
    { at: T("15:47:30"), user: "p", text: "503s gone since 15:45" },
    {
      at: T("16:05:40"),
      user: "d",
      text: "closing the alert. follow-up: pin resolver config, stage resolver upgrades",
    },
  ];
  slackExport(sc, { channel: "inc-checkout-503", users, messages: msgs });
  const chatRb = slackLine(sc, "evidence/slack", "inc-checkout-503", T("15:24:40"), "rolled back checkout-api");

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title:
          "Square status: root cause analysis of the 7 September 2023 outage (internal DNS servers failing after a DNS service upgrade; failures surfaced as node DNS caches expired)",
        url: "https://www.issquareup.com/incidents/2trlsg0fbd9h",
      },
    ],
    story:
      "At 15:10 the three internal resolvers were upgraded to unbound 1.19.1; the new package configuration enabled a 1000 query/s rate limit per zone. Node-local DNS caches hid this for a few minutes; from 15:16 lookups of payments-gw and pricing from checkout-api failed and checkout and cart-quote requests returned 503. checkout-api's own deploy (15:13) sat between the upgrade and the impact; it was rolled back at 15:24 with no effect, and an HPA scale-out followed. The app log's lookup errors pointed at the resolver; reloading unbound without the rate limit at 15:44 ended the impact.",
    milestones: {
      impactStart: imp.start,
      detected: alertAt,
      paged: og.notify,
      acknowledged: og.ack,
      mitigated: reload["ns-1"],
      recovered: imp.end,
      resolved: og.close,
    },
    trigger: {
      file: aptFile,
      line: triggerLine,
      effectiveAt: upgEnd("ns-1"),
      what: "unbound 1.19.1 upgrade on the internal resolvers (apt, ns-1 first, then ns-2 and ns-3), enabling a per-zone rate limit",
    },
    redHerrings: [
      {
        file: glFile,
        line: ownLine,
        what: "checkout-api 4.31.0 deploy (GitLab CI) between the trigger and the impact",
      },
      { file: helmFile, line: rbLine, what: "helm rollback of checkout-api during the incident: no effect" },
      { file: chatRb.file, line: chatRb.line, what: "chat announcement of the checkout-api rollback (no effect)" },
      { file: evFile, line: hpaLine, what: "HPA scale-out of checkout-api after impact (a consequence)" },
      {
        file: dnsFile,
        line: sc.lineOf(dnsFile, "Reloaded unbound.service"),
        what: "resolver reload without the rate limit: the mitigation",
      },
    ],
    impact: imp.rows,
    baselineNoise: [
      {
        file: "evidence/ingress/ing-1.log",
        what: "steady 502s on /api/recommendations (recs-api, about 4%) all afternoon",
      },
    ],
    zones: [{ file: helmFile, utcOffsetMinutes: 60, zone: "Europe/London", marked: "none" }],
    errorOnlySources: [],
    people: Object.values(P),
    kinds: [
      "trigger:package upgrade (apt history.log) on a dependency (DNS resolvers), effect when node caches expire (~6 min)",
      "errors name the dependency (lookup … on the node-local resolver)",
      "red-herring:own deploy of the alerting service between trigger and impact (GitLab CI FF_TIMESTAMPS), rolled back without effect (helm history, BST without zone)",
      "red-herring:HPA scale-out after impact",
      "mitigation:reload (restart-type) of the dependency",
      "baseline noise: 502s on another endpoint",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2026-05-06-checkout-503",
      title: "Checkout and cart quote failing with 503",
      severity: "SEV2",
      services: ["checkout-api"],
      start: T("14:50:00"),
      end: T("16:20:00"),
    }),
    truth,
  );
}
