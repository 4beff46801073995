// Modelled on Grafana Labs' March 2021 Hosted Prometheus outage: a new tenant's limits were raised through the
// overrides config; the tenant then sent far more series than expected, a bug let it past the per-tenant limits and
// the ingesters ran out of memory, failing writes for all tenants until capacity was added.
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
  const sc = new Scenario({ id: "tenant-limits-overload", half: "sealed", seed: 210311 });
  const r = sc.r;
  const T = (hms) => ms(`2025-03-11T${hms}Z`);
  const from = T("08:30:00");
  const to = T("12:00:00");
  const synced = T("09:02:17");
  const onset = T("10:05:40");
  const scaled = T("11:12:50");
  const hosts = ["gw-0", "gw-1", "gw-2", "gw-3"];
  const endpoints = [
    { path: "/api/v1/push", method: "POST", weight: 75, service: "distributor", rt: [0.003, 0.03] },
    {
      path: (x) => `/prometheus/api/v1/query?query=${x.pick(["up", "sum(rate(x[5m]))", "node_load5"])}`,
      weight: 25,
      service: "querier",
      rt: [0.02, 0.8],
    },
  ];
  const ramp = (t) => Math.min(1, (t - onset) / 300000);
  const dec = (t) => (t < scaled + 90000 ? 1 : Math.max(0, 1 - (t - scaled - 90000) / 60000));
  const rules = [
    {
      ep: "/api/v1/push",
      from: onset,
      to: scaled + 150000,
      p: (t) => 0.75 * ramp(t) * dec(t),
      status: [500, 503],
      tag: "incident",
    },
    { ep: /query\?/, from: onset + 120000, to: scaled + 150000, p: (t) => 0.25 * dec(t), status: 503, tag: "incident" },
  ];
  const reqs = traffic(r, { from, to, rate: wobble(0.9), endpoints, hosts, rules });
  writeAccess(sc, "evidence/nginx/gateway-access.log", reqs, "nginx");
  const imp = impact(reqs, [
    { service: "distributor", endpoint: "/api/v1/push", status: "5xx", match: (q) => q.path === "/api/v1/push" },
    {
      service: "querier",
      endpoint: "/prometheus/api/v1/query",
      status: "503",
      match: (q) => q.path.startsWith("/prometheus/"),
      statusMatch: (s) => s === 503,
    },
  ]);

  // ingester logs (logfmt, as Cortex/Mimir write them)
  const ing = [];
  for (let t = from; t < to; t += r.int(20, 70) * 1000)
    ing.push({
      t,
      line: `level=info ts=${fmt.isoOff(t, 0, 9).replace("+00:00", "Z")} caller=head.go:${r.int(600, 900)} component=ingester msg="head GC completed" duration=${r.int(20, 300)}.${r.int(100, 999)}ms`,
    });
  for (let t = onset + 30000; t < scaled + 60000; t += r.int(5, 30) * 1000)
    ing.push({
      t,
      line: `level=error ts=${fmt.isoOff(t, 0, 9).replace("+00:00", "Z")} caller=push.go:${r.int(50, 60)} org_id=tenant-4412 msg="push error" err="rpc error: code = Unavailable desc = ingester ingester-${r.int(0, 47)} is unhealthy: OOMKilled"`,
    });
  ing.sort((a, b) => a.t - b.t);
  sc.put(
    "evidence/logs/ingester.logfmt",
    ing.map((x) => x.line),
  );

  // Argo CD events for the tenant overrides application (the only record of the limits change)
  const argoFile = "evidence/k8s/argocd-events.json";
  sc.put(
    argoFile,
    k8sEvents(r, [
      {
        at: T("09:01:40"),
        kind: "Application",
        apiVersion: "argoproj.io/v1alpha1",
        name: "gem-us-central-overrides",
        ns: "argocd",
        reason: "OperationStarted",
        message: "Initiated automated sync to 'a41c9e2'",
        component: "argocd-application-controller",
      },
      {
        at: synced,
        kind: "Application",
        apiVersion: "argoproj.io/v1alpha1",
        name: "gem-us-central-overrides",
        ns: "argocd",
        reason: "OperationCompleted",
        message: "Sync operation to a41c9e2 succeeded",
        component: "argocd-application-controller",
      },
      {
        at: T("09:40:05"),
        kind: "Application",
        apiVersion: "argoproj.io/v1alpha1",
        name: "grafana-dashboards",
        ns: "argocd",
        reason: "OperationCompleted",
        message: "Sync operation to 77be0c1 succeeded",
        component: "argocd-application-controller",
      },
    ]),
  );
  const triggerLine = sc.lineOf(argoFile, "Sync operation to a41c9e2 succeeded");
  const stsFile = "evidence/k8s/ingester-events.json";
  sc.put(
    stsFile,
    k8sEvents(r, [
      ...Array.from({ length: 6 }, (_, k) => ({
        at: onset + 20000 + k * 47000,
        kind: "Pod",
        apiVersion: "v1",
        name: `ingester-${r.int(0, 47)}`,
        ns: "gem",
        reason: "BackOff",
        message: "Back-off restarting failed container ingester in pod ingester",
        component: "kubelet",
        type: "Warning",
      })),
      {
        at: scaled - 70000,
        kind: "StatefulSet",
        name: "ingester",
        ns: "gem",
        reason: "SuccessfulCreate",
        message: "create Pod ingester-48 in StatefulSet ingester successful",
        component: "statefulset-controller",
      },
      {
        at: scaled,
        kind: "StatefulSet",
        name: "ingester",
        ns: "gem",
        reason: "SuccessfulCreate",
        message: "create Pod ingester-63 in StatefulSet ingester successful",
        component: "statefulset-controller",
      },
    ]),
  );

  const alertAt = T("10:08:05");
  sc.put(
    "evidence/alerts/alertmanager-webhook.json",
    webhookPayload(r, [
      {
        name: "GEMWriteErrors",
        at: alertAt,
        summary: "push 5xx above 5% in us-central",
        labels: { cluster: "us-central" },
      },
    ]),
  );
  const P = { oc: "Irene Costa", ic: "Bram de Wit", cs: "Olga Ivanova" };
  sc.put(
    "evidence/pagerduty/incident-3111-log-entries.json",
    pagerduty(r, {
      sub: "grafanaops",
      service: "hosted-metrics-us-central",
      incidentNo: 3111,
      title: "GEMWriteErrors: push 5xx above 5% in us-central",
      entries: [
        { type: "trigger", at: alertAt + 4000 },
        { type: "notify", at: alertAt + 6000, who: P.oc },
        { type: "acknowledge", at: T("10:10:31"), who: P.oc },
        { type: "resolve", at: T("11:40:00"), who: P.ic },
      ],
    }).text,
  );
  const users = [
    { key: "i", name: "irene", real: P.oc },
    { key: "b", name: "bram", real: P.ic },
    { key: "o", name: "olga", real: P.cs },
  ];
  const msgs = [
    { at: T("10:11:00"), user: "i", text: "ack. ingesters OOMKilled one after another, pushes failing for everyone" },
    {
      at: T("10:24:30"),
      user: "o",
      text: "tenant-4412 onboarded yesterday, we raised their series limit this morning via the overrides repo",
    },
    { at: T("10:38:10"), user: "i", text: "tenant-4412 is sending 3x the forecast and the limiter isn't stopping it" },
    { at: T("10:52:00"), user: "b", text: "IC. scale ingesters 48 -> 64 now, then fix the limit" },
    { at: T("11:13:20"), user: "i", text: "ingester statefulset at 64, all ready" },
    { at: T("11:16:40"), user: "i", text: "write errors gone" },
    { at: T("11:40:05"), user: "b", text: "resolving" },
  ];
  slackExport(sc, { channel: "inc-3111-write-path", users, messages: msgs });
  check(alertAt > imp.start, "alert after impact");

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title: "How we responded to a 2-hour outage in our Grafana Cloud Hosted Prometheus service",
        url: "https://grafana.com/blog/2021/03/26/how-we-responded-to-a-2-hour-outage-in-our-grafana-cloud-hosted-prometheus-service/",
      },
    ],
    story:
      "A new tenant's series limits were raised through the overrides repository, synced by Argo CD at 09:02:17. About an hour later the tenant started sending far more series than forecast; a bug let the traffic past the per-tenant limiter and from 10:05 ingesters were OOM-killed one after another, so pushes from all tenants failed and some queries returned 503. The team scaled the ingester StatefulSet from 48 to 64 (all ready at 11:12:50) and errors stopped within a few minutes.",
    milestones: {
      impactStart: imp.start,
      detected: alertAt,
      paged: alertAt + 6000,
      acknowledged: T("10:10:31"),
      mitigated: scaled,
      recovered: imp.end,
      resolved: T("11:40:00"),
    },
    trigger: {
      file: argoFile,
      line: triggerLine,
      effectiveAt: synced,
      what: "Argo CD sync of gem-us-central-overrides to a41c9e2 (tenant-4412 limits raised)",
    },
    impact: imp.rows,
    people: Object.values(P),
    kinds: ["trigger:argocd-events(1h-before-impact)", "mitigation:scale-up-statefulset", "logfmt-app-log"],
  });
  sc.write(
    debriefYaml({
      id: "2025-03-11-write-path-oom",
      title: "Hosted metrics writes failing (ingester OOM)",
      severity: "SEV2",
      services: ["distributor"],
      start: T("09:55:00"),
      end: T("11:50:00"),
    }),
    truth,
  );
}
