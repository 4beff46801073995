// Modelled on Stripe's 10 July 2019 RCA (second degradation): a precautionary rollback of the database client
// interacted with a recent configuration change and starved the charge path; most charge requests failed until the
// previous version was restored. Static dashboard assets, most of the traffic, were fine.
import {
  appFormats,
  check,
  debriefYaml,
  fmt,
  impact,
  k8sEvents,
  ms,
  pagerduty,
  Scenario,
  slackExport,
  traffic,
  truthDoc,
  wobble,
  writeAccess,
} from "./lib.mjs";

export function build() {
  const sc = new Scenario({ id: "charges-rollback-cpu", half: "sealed", seed: 190710 });
  const r = sc.r;
  const T = (hms) => ms(`2025-07-10T${hms}Z`);
  const from = T("20:20:00");
  const to = T("23:15:00");
  const rolledOut = T("21:13:02");
  const onset = T("21:14:10");
  const restored = T("22:46:38");
  const hosts = ["edge-a", "edge-b", "edge-c"];
  const amount = (x) => Math.round((3 + x() ** 2.2 * 480) * 100) / 100;
  const endpoints = [
    {
      path: (x) => `/static/dashboard/${x.hex(10)}.${x.pick(["js", "css", "woff2", "svg"])}`,
      weight: 76,
      service: "dashboard",
      bytes: [3000, 150000],
      rt: [0.001, 0.01],
    },
    {
      path: (x) => `/v1/customers/cus_${x.id(14, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")}`,
      weight: 14,
      service: "api",
    },
    { path: "/v1/charges", method: "POST", weight: 10, service: "charges-api", rt: [0.15, 0.7], amount },
  ];
  const rules = [
    {
      ep: "/v1/charges",
      from: onset,
      to: restored + 70000,
      p: (t) => (t < restored + 20000 ? 0.66 : 0.66 * (1 - (t - restored - 20000) / 50000)),
      status: [500, 502],
      tag: "incident",
      rt: [10, 30],
    },
    { ep: /^\/v1\/customers/, from: onset + 60000, to: restored + 20000, p: 0.12, status: 500, tag: "incident" },
  ];
  const reqs = traffic(r, { from, to, rate: wobble(0.75), endpoints, hosts, rules, clientNet: "192.0.2" });
  writeAccess(sc, "evidence/envoy/api-envoy-access.log", reqs, "envoy", { ctx: { domain: "api.payco.example" } });
  const imp = impact(reqs, [
    { service: "charges-api", endpoint: "POST /v1/charges", status: "5xx", match: (q) => q.path === "/v1/charges" },
    {
      service: "api",
      endpoint: "/v1/customers/*",
      status: "500",
      match: (q) => q.path.startsWith("/v1/customers"),
      statusMatch: (s) => s === 500,
    },
    { service: "all (site-wide)", endpoint: null, status: "5xx", match: () => true },
  ]);

  // charges-api log (zap JSON): one line per charge with amount and currency (minor units, as the API takes them)
  const app = [];
  let n = 0;
  for (const q of reqs) {
    if (q.path !== "/v1/charges") continue;
    const fields = {
      request_id: `req_${r.id(14, "abcdefghijklmnopqrstuvwxyz0123456789")}`,
      charge: `ch_${(++n).toString(36).padStart(8, "0")}`,
      amount: Math.round(q.amount * 100),
      currency: "eur",
      merchant: `acct_${r.int(1000, 1200)}`,
    };
    if (q.status >= 500)
      app.push(
        appFormats.zap(
          q.t - 3,
          "error",
          `charges-${r.int(1, 6)}`,
          "charge failed: database call timed out (shard 17)",
          { ...fields, caller: "charges/create.go:214", error: "context deadline exceeded" },
        ),
      );
    else
      app.push(
        appFormats.zap(q.t - 3, "info", `charges-${r.int(1, 6)}`, "charge succeeded", {
          ...fields,
          caller: "charges/create.go:251",
        }),
      );
  }
  sc.put("evidence/app/charges-api.log", app);
  const failed = imp.within.filter((q) => q.path === "/v1/charges" && q.status >= 500);
  const business = {
    failedOrders: failed.length,
    amount: Math.round(failed.reduce((a, q) => a + q.amount, 0) * 100) / 100,
    currency: "EUR",
  };

  // Kubernetes events of the rollout (new ReplicaSet = the rolled-back DB client build) and the restore
  const evFile = "evidence/k8s/charges-events.json";
  sc.put(
    evFile,
    k8sEvents(r, [
      {
        at: T("21:09:31"),
        kind: "Deployment",
        name: "charges-api",
        ns: "payments",
        reason: "ScalingReplicaSet",
        message: "Scaled up replica set charges-api-5d8c7f6b9d to 3",
      },
      {
        at: T("21:10:40"),
        kind: "Deployment",
        name: "charges-api",
        ns: "payments",
        reason: "ScalingReplicaSet",
        message: "Scaled down replica set charges-api-7b9f4c8d6 to 9 from 12",
      },
      {
        at: T("21:11:55"),
        kind: "Deployment",
        name: "charges-api",
        ns: "payments",
        reason: "ScalingReplicaSet",
        message: "Scaled up replica set charges-api-5d8c7f6b9d to 12 from 3",
      },
      {
        at: rolledOut,
        kind: "Deployment",
        name: "charges-api",
        ns: "payments",
        reason: "ScalingReplicaSet",
        message: "Scaled down replica set charges-api-7b9f4c8d6 to 0 from 9",
      },
      {
        at: T("22:44:20"),
        kind: "Deployment",
        name: "charges-api",
        ns: "payments",
        reason: "ScalingReplicaSet",
        message: "Scaled up replica set charges-api-7b9f4c8d6 to 12 from 0",
      },
      {
        at: restored,
        kind: "Deployment",
        name: "charges-api",
        ns: "payments",
        reason: "ScalingReplicaSet",
        message: "Scaled down replica set charges-api-5d8c7f6b9d to 0 from 12",
      },
    ]),
  );
  const triggerLine = sc.lineOf(evFile, "charges-api-7b9f4c8d6 to 0 from 9");

  // GitHub Actions log of an unrelated dashboard deploy shortly before
  const gl = [];
  let t = T("21:02:10");
  const g = (sec, text) => {
    t += sec * 1000 + r.int(0, 900);
    gl.push(`${fmt.gha(t, r)} ${text}`);
  };
  g(0, "##[group]Run ./scripts/deploy.sh dashboard-web production");
  g(3, "deploy: building image dashboard-web:2025.07.10-3 ...");
  g(95, "deploy: pushing image registry.payco.example/dashboard-web:2025.07.10-3");
  g(
    20,
    "deploy: kubectl -n dashboard set image deployment/dashboard-web web=registry.payco.example/dashboard-web:2025.07.10-3",
  );
  g(60, 'deployment "dashboard-web" successfully rolled out');
  g(0, "##[endgroup]");
  const ghFile = "evidence/ci/dashboard-web-deploy.log";
  sc.put(ghFile, gl);

  const P = { oc: "Dev Raman", ic: "Sofia Lund", db: "Yara Haddad", eng: "Pieter de Vries" };
  const alertAt = T("21:15:22");
  sc.put(
    "evidence/pagerduty/incident-71019-log-entries.json",
    pagerduty(r, {
      sub: "payco",
      service: "charges-api",
      incidentNo: 71019,
      title: "ChargesErrorRatio: POST /v1/charges 5xx above 20%",
      entries: [
        { type: "trigger", at: alertAt },
        { type: "notify", at: alertAt + 2000, who: P.oc },
        { type: "acknowledge", at: T("21:16:40"), who: P.oc },
        { type: "resolve", at: T("23:01:12"), who: P.ic },
      ],
    }).text,
  );
  const users = [
    { key: "d", name: "devr", real: P.oc },
    { key: "s", name: "sofia", real: P.ic },
    { key: "y", name: "yara", real: P.db },
    { key: "p", name: "pieter", real: P.eng },
  ];
  const msgs = [
    {
      at: T("21:17:00"),
      user: "d",
      text: "ack. charges failing about 2 in 3, timeouts to shard 17, CPU pegged on all shards",
    },
    {
      at: T("21:19:30"),
      user: "p",
      text: "dashboard-web went out at 21:05, static only, doesn't call the charge path",
    },
    {
      at: T("21:25:10"),
      user: "y",
      text: "the charges-api rollback of the db client finished 21:13, that's when CPU starved. it conflicts with the shard config change from Monday",
    },
    {
      at: T("21:40:00"),
      user: "s",
      text: "IC. options: revert the shard config or roll forward to the previous client. rolling forward is the known-good state",
    },
    {
      at: T("22:43:50"),
      user: "y",
      text: "config validated on a canary shard, rolling charges-api forward to 7b9f4c8d6",
    },
    { at: T("22:47:10"), user: "y", text: "rollout done" },
    { at: T("22:49:30"), user: "d", text: "charge errors back to baseline" },
    { at: T("23:01:15"), user: "s", text: "resolving; emailing merchants with 5+ failed charges" },
  ];
  slackExport(sc, { channel: "inc-71019-charges", users, messages: msgs });
  check(alertAt > imp.start && imp.end >= restored, "ordering");

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title: "Root cause analysis: significantly elevated error rates on 2019-07-10 (Stripe)",
        url: "https://stripe.com/rcas/2019-07-10",
      },
    ],
    story:
      "As a precaution after an earlier database problem, charges-api was rolled back to an older database client; the rollout finished at 21:13:02 (its ReplicaSet scaling events are the only record). Combined with a shard configuration change made days before, it starved the database shards of CPU, and from 21:14 about two thirds of POST /v1/charges requests failed, while static dashboard assets, most of the traffic, were served normally. A dashboard deploy at 21:05 was unrelated. After validating the configuration, the team rolled charges-api forward to the previous ReplicaSet (complete 22:46:38) and errors stopped. Failed charges and their amounts are in the charges-api log (amounts in cents).",
    milestones: {
      impactStart: imp.start,
      detected: alertAt,
      paged: alertAt + 2000,
      acknowledged: T("21:16:40"),
      mitigated: restored,
      recovered: imp.end,
      resolved: T("23:01:12"),
    },
    trigger: {
      file: evFile,
      line: triggerLine,
      effectiveAt: rolledOut,
      what: "charges-api rolled back to an older DB client build (ReplicaSet 5d8c7f6b9d fully up, old ReplicaSet scaled to 0)",
    },
    redHerrings: [
      {
        file: ghFile,
        line: sc.lineOf(ghFile, "successfully rolled out"),
        what: "dashboard-web deploy (static assets only), unrelated",
      },
    ],
    impact: imp.rows,
    business,
    people: Object.values(P),
    kinds: [
      "trigger:replicaset-scaling-events",
      "payment-endpoint-vs-static",
      "business-figures(minor-units)",
      "red-herring:gha-deploy",
      "mitigation:roll-forward",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2025-07-10-charges-failing",
      title: "Charge API severely degraded",
      severity: "SEV1",
      services: ["charges-api"],
      start: T("21:00:00"),
      end: T("23:10:00"),
    }),
    truth,
  );
}
