// Modelled on Grafana Labs' July 2019 Hosted Prometheus outage: a Cortex release synced to the cluster gave the
// ingesters a higher pod priority; the rollout's extra ingester preempted running ones, the write path lost its
// in-memory replicas and pushes failed until capacity was added. A Grafana UI deploy minutes earlier was unrelated.
import {
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
  webhookPayload,
  wobble,
  writeAccess,
} from "./lib.mjs";

export function build() {
  const sc = new Scenario({ id: "ingester-preemption", half: "dev", seed: 190719 });
  const r = sc.r;
  const T = (hms) => ms(`2025-07-18T${hms}Z`);
  const from = T("12:00:00");
  const to = T("13:50:00");
  const synced = T("12:53:38");
  const onset = T("12:54:12");
  const nodesReady = T("13:16:44");
  const hosts = ["gw-0", "gw-1", "gw-2"];
  const endpoints = [
    { path: "/api/prom/push", method: "POST", weight: 70, service: "cortex-distributor", rt: [0.003, 0.03] },
    {
      path: (x) =>
        `/api/prom/api/v1/query_range?query=${x.pick(["up", "rate(http_requests_total[5m])", "node_load1"])}&start=1752842000&end=1752845600&step=15`,
      weight: 30,
      service: "cortex-querier",
      rt: [0.05, 1.2],
    },
  ];
  const decay = (t) => (t < nodesReady + 60000 ? 1 : Math.max(0, 1 - (t - nodesReady - 60000) / 60000));
  const rules = [
    {
      ep: "/api/prom/push",
      from: onset,
      to: nodesReady + 120000,
      p: (t) => 0.72 * decay(t),
      status: [500, 500, 503],
      tag: "incident",
    },
    {
      ep: /query_range/,
      from: onset + 30000,
      to: nodesReady + 120000,
      p: (t) => 0.3 * decay(t),
      status: 500,
      tag: "incident",
    },
  ];
  const reqs = traffic(r, { from, to, rate: wobble(1.45), endpoints, hosts, rules });
  writeAccess(sc, "evidence/envoy/cortex-gateway-access.log", reqs, "envoy", {
    ctx: { domain: "prometheus-us-central1.grafana.example" },
  });
  const imp = impact(reqs, [
    {
      service: "cortex-distributor",
      endpoint: "/api/prom/push",
      status: "5xx",
      match: (q) => q.path === "/api/prom/push",
    },
    {
      service: "cortex-querier",
      endpoint: "/api/prom/api/v1/query_range",
      status: "500",
      match: (q) => q.path.includes("query_range"),
      statusMatch: (s) => s === 500,
    },
  ]);

  // Argo CD application events (kubectl get events -n argocd -o json): the only record of the release
  const argo = [
    {
      at: T("09:12:05"),
      kind: "Application",
      apiVersion: "argoproj.io/v1alpha1",
      name: "cortex-prod",
      ns: "argocd",
      reason: "OperationCompleted",
      message: "Sync operation to 3b77d0a succeeded",
      component: "argocd-application-controller",
    },
    {
      at: T("12:52:47"),
      kind: "Application",
      apiVersion: "argoproj.io/v1alpha1",
      name: "cortex-prod",
      ns: "argocd",
      reason: "ResourceUpdated",
      message: "Updated sync status: Synced -> OutOfSync",
      component: "argocd-application-controller",
    },
    {
      at: T("12:52:49"),
      kind: "Application",
      apiVersion: "argoproj.io/v1alpha1",
      name: "cortex-prod",
      ns: "argocd",
      reason: "OperationStarted",
      message: "Initiated automated sync to '8e1c2f4'",
      component: "argocd-application-controller",
    },
    {
      at: synced,
      kind: "Application",
      apiVersion: "argoproj.io/v1alpha1",
      name: "cortex-prod",
      ns: "argocd",
      reason: "OperationCompleted",
      message: "Sync operation to 8e1c2f4 succeeded",
      component: "argocd-application-controller",
    },
    {
      at: synced + 2000,
      kind: "Application",
      apiVersion: "argoproj.io/v1alpha1",
      name: "cortex-prod",
      ns: "argocd",
      reason: "ResourceUpdated",
      message: "Updated health status: Healthy -> Progressing",
      component: "argocd-application-controller",
    },
    {
      at: T("13:19:30"),
      kind: "Application",
      apiVersion: "argoproj.io/v1alpha1",
      name: "cortex-prod",
      ns: "argocd",
      reason: "ResourceUpdated",
      message: "Updated health status: Progressing -> Healthy",
      component: "argocd-application-controller",
    },
  ];
  const argoFile = "evidence/k8s/argocd-events.json";
  sc.put(argoFile, k8sEvents(r, argo));
  const triggerLine = sc.lineOf(argoFile, "Sync operation to 8e1c2f4 succeeded");

  const pods = [];
  for (let k = 0; k < 5; k++) {
    const at = onset - 20000 + k * 41000;
    pods.push({
      at,
      kind: "Pod",
      apiVersion: "v1",
      name: `ingester-${r.hex(10)}-${r.id(5, "bcdfghjklmnpqrstvwxz2456789")}`,
      ns: "cortex",
      reason: "Preempted",
      message:
        "Preempted by cortex/ingester-7f6d9b8c5-x4k2p on node gke-prod-pool-2-8c1f0e4a-" +
        r.id(4, "abcdefghijklmnopqrstuvwxyz"),
      component: "default-scheduler",
      type: "Normal",
    });
  }
  pods.push({
    at: onset + 40000,
    last: nodesReady - 5000,
    count: 61,
    kind: "Pod",
    apiVersion: "v1",
    name: "ingester-7f6d9b8c5-q9w2z",
    ns: "cortex",
    reason: "FailedScheduling",
    message:
      "0/24 nodes are available: 24 Insufficient memory. preemption: 0/24 nodes are available: 24 No preemption victims found for incoming pod.",
    component: "default-scheduler",
    type: "Warning",
  });
  for (let k = 0; k < 4; k++)
    pods.push({
      at: nodesReady - 40000 + k * 9000,
      kind: "Node",
      apiVersion: "v1",
      name: `gke-prod-pool-2-8c1f0e4a-${r.id(4, "abcdefghijklmnopqrstuvwxyz")}`,
      ns: "default",
      reason: "RegisteredNode",
      message: "Node registered in Controller",
      component: "node-controller",
    });
  pods.push({
    at: nodesReady + 30000,
    kind: "Pod",
    apiVersion: "v1",
    name: "ingester-7f6d9b8c5-q9w2z",
    ns: "cortex",
    reason: "Scheduled",
    message: "Successfully assigned cortex/ingester-7f6d9b8c5-q9w2z to gke-prod-pool-2-8c1f0e4a-zq7m",
    component: "default-scheduler",
  });
  pods.sort((a, b) => a.at - b.at);
  sc.put("evidence/k8s/cortex-events.json", k8sEvents(r, pods));

  // Jenkins console log of an unrelated Grafana UI deploy (Timestamper plugin, ISO with Z)
  const jl = [];
  let t = T("12:44:10");
  const j = (sec, text) => {
    t += sec * 1000 + r.int(0, 700);
    jl.push(`[${fmt.isoOff(t, 0, 3).replace("+00:00", "Z")}] ${text}`);
  };
  j(0, "Started by user Emma Lindqvist");
  j(1, "[Pipeline] Start of Pipeline");
  j(1, "[Pipeline] node");
  j(1, "Running on agent-7 in /home/jenkins/workspace/grafana-ui-deploy");
  j(2, "[Pipeline] stage (Deploy)");
  j(1, "+ helm upgrade grafana-ui charts/grafana-ui --namespace hosted-grafana --set image.tag=6.2.5 --wait");
  j(150, 'Release "grafana-ui" has been upgraded. Happy Helming!');
  j(1, "REVISION: 84");
  j(0, "STATUS: deployed");
  j(1, "[Pipeline] End of Pipeline");
  j(0, "Finished: SUCCESS");
  const jf = "evidence/ci/jenkins-grafana-ui-deploy-412.log";
  sc.put(jf, jl);

  const alertAt = T("12:55:46");
  sc.put(
    "evidence/alerts/alertmanager-webhook.json",
    webhookPayload(r, [
      {
        name: "CortexRequestErrors",
        at: alertAt,
        summary: "cortex-distributor push 5xx above 10%",
        labels: { service: "cortex-distributor", cluster: "us-central1" },
      },
    ]),
  );
  const P = { oc: "Tomasz Nowak", ic: "Emma Lindqvist", k8s: "Sofia Rossi" };
  sc.put(
    "evidence/pagerduty/incident-5521-log-entries.json",
    pagerduty(r, {
      sub: "grafanaops",
      service: "hosted-metrics",
      incidentNo: 5521,
      title: "CortexRequestErrors: cortex-distributor push 5xx above 10%",
      entries: [
        { type: "trigger", at: T("12:55:51") },
        { type: "notify", at: T("12:55:53"), who: P.oc, via: "push" },
        { type: "acknowledge", at: T("12:57:05"), who: P.oc },
        { type: "resolve", at: T("13:31:40"), who: P.ic },
      ],
    }).text,
  );
  const users = [
    { key: "t", name: "tnowak", real: P.oc },
    { key: "e", name: "emma", real: P.ic },
    { key: "s", name: "sofia", real: P.k8s },
  ];
  const msgs = [
    { at: T("12:57:30"), user: "t", text: "ack. pushes failing, ingesters disappearing" },
    {
      at: T("12:59:10"),
      user: "e",
      text: "I deployed grafana-ui 6.2.5 at 12:49, but that's the UI, can't touch the write path",
    },
    {
      at: T("13:02:40"),
      user: "s",
      text: "ingesters are being Preempted. the cortex sync at 12:53 bumped ingester priorityClass and the rollout surge pod preempts the others",
    },
    {
      at: T("13:08:15"),
      user: "e",
      text: "IC. fastest fix is capacity: add 4 nodes so nothing has to be preempted, then sort out priorities",
    },
    { at: T("13:14:20"), user: "s", text: "resizing pool-2 from 24 to 28 nodes" },
    { at: T("13:17:10"), user: "s", text: "new nodes registered, ingesters scheduling" },
    { at: T("13:21:00"), user: "t", text: "push errors back to normal" },
    { at: T("13:31:45"), user: "e", text: "resolving" },
  ];
  slackExport(sc, { channel: "inc-5521-cortex-writes", users, messages: msgs });
  check(alertAt > imp.start, "alert after impact");

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title: "How a Production Outage Was Caused Using Kubernetes Pod Priorities (Grafana Labs)",
        url: "https://grafana.com/blog/2019/07/24/how-a-production-outage-was-caused-using-kubernetes-pod-priorities/",
      },
    ],
    story:
      "Argo CD synced Cortex release 8e1c2f4 at 12:53:38; it raised the ingesters' pod priority, and the rollout's surge ingester preempted running ingesters, which held the only in-memory copies of recent samples. From 12:54 pushes to the write path failed (500/503) for most requests and some queries failed. A Grafana UI Helm deploy finished at 12:49 and was briefly suspected but was unrelated. The team added four nodes to the pool; once they registered at 13:16:44 the ingesters scheduled and errors stopped two minutes later.",
    milestones: {
      impactStart: imp.start,
      detected: alertAt,
      paged: T("12:55:53"),
      acknowledged: T("12:57:05"),
      mitigated: nodesReady,
      recovered: imp.end,
      resolved: T("13:31:40"),
    },
    trigger: {
      file: argoFile,
      line: triggerLine,
      effectiveAt: synced,
      what: "Argo CD sync of cortex-prod to 8e1c2f4 (ingester priorityClass raised)",
    },
    redHerrings: [
      { file: jf, line: sc.lineOf(jf, "has been upgraded"), what: "grafana-ui 6.2.5 Helm deploy (UI only), unrelated" },
    ],
    impact: imp.rows,
    people: Object.values(P),
    kinds: ["trigger:argocd-events", "red-herring:jenkins-deploy", "mitigation:scale-up-nodes", "envoy-access-log"],
  });
  sc.write(
    debriefYaml({
      id: "2025-07-18-cortex-write-errors",
      title: "Hosted metrics write path errors",
      severity: "SEV2",
      services: ["cortex-distributor"],
      start: T("12:45:00"),
      end: T("13:45:00"),
    }),
    truth,
  );
}
