// Modelled on Slack's 12 May 2020 outage: a change in the morning left the load balancers with too few server
// slots; nothing failed for eight hours, until the web tier autoscaled for the afternoon peak, the program that
// syncs backends into HAProxy failed on the full slot table and stopped removing dead backends, and requests went
// to instances that no longer existed. The HPA scale-out minutes before impact, an unrelated deploy and a flag
// change are all closer in time than the real trigger (a Flux sync at 09:14). Reverting it (a rollback) ended it.

import { configcatAudit, gitlabJobLog, haproxyLine, k8sEventList, logfmt } from "./changes.mjs";
import {
  alertmanagerV2,
  check,
  debriefYaml,
  impact,
  ms,
  pagerduty,
  Scenario,
  slackExport,
  traffic,
  truthDoc,
} from "./lib.mjs";

export function build() {
  const sc = new Scenario({ id: "lb-slots-evening-peak", half: "dev", seed: 200512 });
  const r = sc.r;
  const T = (hms) => ms(`2026-03-11T${hms}Z`);
  const from = T("16:40:00");
  const to = T("18:55:00");
  const fluxApply = T("09:14:22");
  const scale1 = T("17:36:05");
  const syncFail = T("17:39:24");
  const onset = T("17:43:10");
  const revertSync = T("18:27:41");
  const reloaded = T("18:30:20");
  const hosts = ["lb-1", "lb-2", "lb-3", "lb-4"];
  const skewHost = "lb-3";
  const skewMs = 43000;
  const ch = (x) => x.pick(["C04", "C07", "C0A", "C1F"]) + x.id(7);
  const endpoints = [
    {
      path: (x) => `/api/conversations.history?channel=${ch(x)}&limit=50`,
      weight: 30,
      service: "webapp",
      rt: [0.02, 0.15],
    },
    { path: "/api/chat.postMessage", method: "POST", weight: 18, service: "webapp", rt: [0.03, 0.2] },
    { path: "/api/users.counts", weight: 14, service: "webapp" },
    { path: (x) => `/api/rtm.connect?batch_presence_aware=${x.int(0, 1)}`, weight: 12, service: "webapp" },
    { path: (x) => `/api/search.messages?query=${x.hex(5)}&count=20`, weight: 10, service: "webapp", rt: [0.05, 0.4] },
    {
      path: (x) => `/files-pri/T02${x.id(7)}-F0${x.id(8)}/image.png`,
      weight: 16,
      service: "webapp",
      bytes: [20000, 400000],
    },
  ];
  // evening peak: rate climbs from 16:40 to a plateau around 17:40
  const rate = (t) => 1.0 + 0.45 * Math.min(1, Math.max(0, (t - from) / 3600000)) + 0.08 * Math.sin(t / 410000);
  // share of requests routed to a stale backend grows as old pods are recycled; revert + reload ends it
  const stale = (t) =>
    t < onset
      ? 0
      : t < reloaded
        ? Math.min(0.62, 0.05 + ((t - onset) / 1320000) * 0.57)
        : Math.max(0, 0.62 * (1 - (t - reloaded) / 70000));
  const rules = [{ ep: null, from: onset, to: reloaded + 70000, p: stale, status: 503, tag: "incident" }];
  const reqs = traffic(r, { from, to, rate, endpoints, hosts, rules });
  for (const q of reqs) {
    q.server = `webapp-${r.hex(4)}`;
    if (q.tag === "incident") q.rt = 3.0 + r() * 0.04;
  }
  for (const h of hosts) {
    const pid = 2200 + h.charCodeAt(3);
    const rel = `evidence/haproxy/${h}-haproxy.log`;
    const lines = [];
    for (const q of reqs) {
      if (q.host !== h) continue;
      q.inEvidence = true;
      lines.push(haproxyLine(q, q.t + (h === skewHost ? skewMs : 0), h, pid));
    }
    sc.put(rel, lines);
  }
  const imp = impact(reqs, [
    { service: "webapp", endpoint: null, status: "503", match: () => true, statusMatch: (s) => s === 503 },
    {
      service: "webapp",
      endpoint: "/api/chat.postMessage",
      status: "503",
      match: (q) => q.path === "/api/chat.postMessage",
      statusMatch: (s) => s === 503,
    },
  ]);

  // haproxy-sync (consul → HAProxy runtime API): logs only failures
  const syncLines = [];
  let ts = syncFail;
  let k = 0;
  while (ts < revertSync) {
    const inUse = 800;
    syncLines.push(
      logfmt(ts, "error", "add server failed", {
        backend: "be_webapp",
        server: `10.42.${r.int(0, 15)}.${r.int(2, 250)}:8080`,
        err: `no free server slot (${inUse}/${inUse} in use)`,
        host: hosts[k % 4],
      }),
    );
    if (k % 5 === 4)
      syncLines.push(
        logfmt(ts + 150, "error", "sync aborted, removals skipped", {
          backend: "be_webapp",
          pending_removals: 12 + k,
          host: hosts[k % 4],
        }),
      );
    ts += r.int(25000, 65000);
    k++;
  }
  const syncFile = "evidence/haproxy/haproxy-sync-errors.log";
  sc.put(syncFile, syncLines);

  // Flux (kubectl get events -n flux-system -o json): the morning change and the evening revert
  const fx = (at, reason, message, rev, type = "Normal") => ({
    at,
    kind: "Kustomization",
    apiVersion: "kustomize.toolkit.fluxcd.io/v1",
    name: "edge",
    ns: "flux-system",
    reason,
    message,
    component: "kustomize-controller",
    type,
    annotations: { "kustomize.toolkit.fluxcd.io/revision": `main@sha1:${rev}` },
  });
  const revA = "3f9c0d2e81b47a6c5d0e9f1a2b3c4d5e6f708192";
  const revB = "a71e55c09d3b2f4e6a8c0b1d2e3f405162738495";
  const revC = "c0ffee4d2a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d";
  const fluxEvents = [
    fx(T("08:54:10"), "ReconciliationSucceeded", "Reconciliation finished in 612.40311ms, next run in 10m0s", revA),
    fx(fluxApply, "Progressing", "ConfigMap/edge/haproxy-config configured\nDeployment/edge/haproxy configured", revB),
    fx(fluxApply + 38000, "ReconciliationSucceeded", "Reconciliation finished in 38.20419s, next run in 10m0s", revB),
    fx(T("12:04:33"), "ReconciliationSucceeded", "Reconciliation finished in 588.91733ms, next run in 10m0s", revB),
    fx(
      revertSync - 36000,
      "Progressing",
      "ConfigMap/edge/haproxy-config configured\nDeployment/edge/haproxy configured",
      revC,
    ),
    fx(revertSync, "ReconciliationSucceeded", "Reconciliation finished in 36.77102s, next run in 10m0s", revC),
  ];
  const fluxFile = "evidence/k8s/flux-edge-events.json";
  sc.put(fluxFile, k8sEventList(r, fluxEvents));
  const triggerLine = sc.lineOf(fluxFile, "ConfigMap/edge/haproxy-config configured");
  const revertLine = sc.lineOf(fluxFile, "ConfigMap/edge/haproxy-config configured", triggerLine);

  // HPA and pod events for the web tier (autoscaling right before impact: a consequence of load, not the cause)
  const hpa = (at, size, why) => ({
    at,
    kind: "HorizontalPodAutoscaler",
    apiVersion: "autoscaling/v2",
    name: "webapp",
    ns: "webapp",
    reason: "SuccessfulRescale",
    message: `New size: ${size}; reason: ${why}`,
    component: "horizontal-pod-autoscaler",
  });
  const cpu = "cpu resource utilization (percentage of request) above target";
  const webEvents = [
    hpa(T("16:52:40"), 612, cpu),
    hpa(T("17:14:18"), 668, cpu),
    hpa(scale1, 744, cpu),
    hpa(T("17:39:20"), 812, cpu),
    hpa(T("17:42:45"), 860, cpu),
    hpa(T("18:44:05"), 790, "All metrics below target"),
  ];
  const webFile = "evidence/k8s/webapp-events.json";
  sc.put(webFile, k8sEventList(r, webEvents));
  const hpaLine = sc.lineOf(webFile, "New size: 860");

  // GitLab CI job log (FF_TIMESTAMPS) for an unrelated search-indexer deploy finishing just before impact
  let gt = T("17:34:11");
  const gl = [];
  const g = (sec, text, s) => {
    gt += sec * 1000 + r.int(0, 400);
    gl.push([gt, text, s]);
  };
  g(0, "Running with gitlab-runner 17.6.0 (374d34fd)");
  g(0, "  on k8s-runner-prod-2 t3_xK9aQ, system ID: r_9fQm2LrQx0Ba");
  g(
    1,
    'section_start:1773250452:prepare_executor\r\x1b[0K\x1b[0K\x1b[36;1mPreparing the "kubernetes" executor\x1b[0;m\x1b[0;m',
  );
  g(3, "Using Kubernetes executor with image registry.quill.example/ci/deploy:2026.02 ...");
  g(9, "$ helm upgrade search-indexer charts/search-indexer -n search --set image.tag=v4.12.3 --wait --timeout 10m");
  g(3, 'Release "search-indexer" has been upgraded. Happy Helming!');
  g(0, "NAME: search-indexer");
  g(0, "LAST DEPLOYED: Wed Mar 11 17:34:26 2026");
  g(0, "NAMESPACE: search");
  g(0, "STATUS: deployed");
  g(0, "REVISION: 219");
  g(180, "$ kubectl -n search rollout status deploy/search-indexer");
  g(1, 'deployment "search-indexer" successfully rolled out');
  g(1, "Cleaning up project directory and file based variables");
  g(1, "Job succeeded");
  const glFile = "evidence/ci/gitlab-search-indexer-deploy-88412.log";
  sc.put(glFile, gitlabJobLog(gl));
  const redLine = sc.lineOf(glFile, "successfully rolled out");

  // ConfigCat audit log: an unrelated flag change a quarter of an hour before impact
  const ccFile = "evidence/flags/configcat-auditlog.json";
  sc.put(
    ccFile,
    configcatAudit(r, [
      {
        at: T("17:27:48"),
        type: "settingValueChanged",
        typeText: "Setting value changed",
        email: "hana.sato@quill.example",
        user: "Hana Sato",
        where: "Quill Web / Main Config / Production",
        why: "ramp smart compose to 40%",
        target: "smart_compose_suggestions",
        details: "Percentage rules changed: ON 10% -> ON 40%",
      },
      {
        at: T("10:41:02"),
        type: "settingValueChanged",
        typeText: "Setting value changed",
        email: "omar.haddad@quill.example",
        user: "Omar Haddad",
        where: "Quill Web / Main Config / Staging",
        why: null,
        target: "threaded_huddles",
        details: "Value changed: false -> true",
      },
    ]),
  );
  const flagLine = sc.lineOf(ccFile, "smart_compose_suggestions");

  const alerts = [
    {
      name: "SearchIndexerLag",
      at: T("17:31:00"),
      severity: "warning",
      summary: "search indexer lag above 120s",
      end: T("17:52:00"),
      labels: { service: "search-indexer" },
    },
    {
      name: "HAProxySyncErrors",
      at: T("17:40:30"),
      severity: "warning",
      summary: "haproxy-sync failing to apply backend changes",
      end: T("18:31:30"),
      labels: { service: "haproxy-sync" },
    },
    {
      name: "WebappHTTP503Ratio",
      at: T("17:44:40"),
      summary: "webapp 503 ratio above 5% on the edge load balancers",
      end: T("18:33:10"),
      labels: { service: "webapp", team: "traffic" },
    },
    {
      name: "KubeNodeMemoryPressure",
      at: T("18:02:00"),
      severity: "info",
      summary: "node ip-10-42-9-17 under memory pressure",
      end: T("18:09:00"),
      labels: { node: "ip-10-42-9-17" },
    },
  ];
  const alertFile = "evidence/alerts/alertmanager-alerts.json";
  sc.put(alertFile, alertmanagerV2(r, alerts));

  const P = { oc: "Priya Raman", ic: "Marcus Feld", traffic: "Ines Duarte", search: "Tom Okafor" };
  const pdAt = { trig: T("17:44:46"), notify: T("17:44:48"), ack: T("17:47:12"), resolve: T("19:02:30") };
  sc.put(
    "evidence/pagerduty/incident-31877-log-entries.json",
    pagerduty(r, {
      sub: "quill",
      service: "webapp-edge",
      incidentNo: 31877,
      title: "WebappHTTP503Ratio: webapp 503 ratio above 5% on the edge load balancers",
      entries: [
        { type: "trigger", at: pdAt.trig },
        { type: "notify", at: pdAt.notify, who: P.oc, via: "push" },
        { type: "acknowledge", at: pdAt.ack, who: P.oc },
        { type: "escalate", at: T("17:58:03"), who: P.oc, to: P.ic },
        { type: "notify", at: T("17:58:05"), who: P.ic, via: "phone" },
        { type: "annotate", at: T("18:20:10"), who: P.ic, note: "Reverting the 09:14 haproxy-config change via Flux" },
        { type: "resolve", at: pdAt.resolve, who: P.ic },
      ],
    }).text,
  );
  const users = [
    { key: "p", name: "priya", real: P.oc },
    { key: "m", name: "mfeld", real: P.ic },
    { key: "i", name: "ines.d", real: P.traffic },
    { key: "t", name: "tokafor", real: P.search },
  ];
  const msgs = [
    { at: T("17:47:40"), user: "p", text: "ack. 503s from all four LBs, growing" },
    {
      at: T("17:49:05"),
      user: "t",
      text: "search-indexer v4.12.3 finished rolling out at 17:37, rolling it back to be safe?",
    },
    { at: T("17:50:30"), user: "p", text: "errors are on every webapp path, not search. hold the rollback" },
    {
      at: T("17:53:12"),
      user: "p",
      text: "webapp HPA went 744 -> 860 in the last ten minutes, maybe the new pods are bad?",
    },
    { at: T("17:58:40"), user: "m", text: "IC. new pods pass health checks, they just never get traffic" },
    {
      at: T("18:06:55"),
      user: "i",
      text: "haproxy backends point at pod IPs that no longer exist. haproxy-sync says no free server slot, 800/800",
    },
    {
      at: T("18:11:20"),
      user: "i",
      text: "slots went 1200 -> 800 in the edge repo this morning (flux applied 09:14). fine at 600 pods, not at 860",
    },
    {
      at: T("18:16:02"),
      user: "m",
      text: "decision: revert that commit and let flux apply it, then rolling reload of haproxy",
    },
    { at: T("18:28:05"), user: "i", text: "revert applied by flux, reloading lb-1..lb-4" },
    { at: T("18:31:15"), user: "i", text: "all four LBs reloaded, backends in sync" },
    { at: T("18:34:00"), user: "p", text: "503s gone" },
    { at: T("19:02:35"), user: "m", text: "resolving. ticket for haproxy-sync continuing after a failed add" },
  ];
  slackExport(sc, { channel: "inc-31877-edge-503", users, messages: msgs });
  check(alerts[2].at > imp.start && alerts[1].at < imp.start, "detection after impact, warning before");

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title: "A Terrible, Horrible, No-Good, Very Bad Day at Slack (12 May 2020)",
        url: "https://slack.engineering/a-terrible-horrible-no-good-very-bad-day-at-slack/",
      },
    ],
    story:
      "At 09:14 Flux applied an edge-repo change that cut the HAProxy server-template slots for the web tier from 1200 to 800; with about 600 pods that morning nothing failed. During the evening peak the webapp HPA scaled past 800 pods (17:36–17:42), haproxy-sync failed on the full slot table and stopped removing dead backends, and from 17:43 a growing share of requests on all four load balancers went to pods that no longer existed (503). A search-indexer deploy (17:37), a smart-compose flag ramp (17:27) and the HPA scale-out were all closer to impact but not the cause. Flux applied the revert at 18:27 and a rolling HAProxy reload finished at 18:30, after which the 503s stopped. One load balancer (lb-3) has a clock 43 s ahead.",
    milestones: {
      impactStart: imp.start,
      detected: alerts[2].at,
      paged: pdAt.notify,
      acknowledged: pdAt.ack,
      mitigated: reloaded,
      recovered: imp.end,
      resolved: pdAt.resolve,
    },
    trigger: {
      file: fluxFile,
      line: triggerLine,
      effectiveAt: fluxApply,
      what: "Flux applied edge revision a71e55c (ConfigMap/edge/haproxy-config: server-template slots 1200 -> 800), 8.5 h before impact",
    },
    redHerrings: [
      {
        file: glFile,
        line: redLine,
        what: "search-indexer v4.12.3 deploy (GitLab CI) finished ~6 min before impact, unrelated",
      },
      {
        file: webFile,
        line: hpaLine,
        what: "webapp HPA scale-out to 860 pods right before impact: the load that exposed the change, not the change",
      },
      { file: ccFile, line: flagLine, what: "smart_compose_suggestions flag ramp 10% -> 40% at 17:27, unrelated" },
      {
        file: fluxFile,
        line: revertLine,
        what: "Flux sync of the revert at 18:27 (the rollback that mitigated), not a trigger",
      },
    ],
    impact: imp.rows,
    skews: [{ file: `evidence/haproxy/${skewHost}-haproxy.log`, offsetSeconds: skewMs / 1000 }],
    errorOnlySources: [syncFile],
    precursors: [{ file: alertFile, line: sc.lineOf(alertFile, '"alertname": "HAProxySyncErrors"'), at: alerts[1].at }],
    people: Object.values(P).concat(["Hana Sato", "Omar Haddad"]),
    kinds: [
      "trigger:flux-events",
      "trigger:latent (8.5 h before impact, exposed at the evening peak)",
      "red-herring:deploy-other-service (GitLab CI, FF_TIMESTAMPS)",
      "red-herring:autoscaling",
      "red-herring:flag-change (ConfigCat)",
      "mitigation:rollback (Flux revert) — not a trigger",
      "skew:1-of-4 (+43 s)",
      "error-only-source",
      "detection-alert-among-other-alerts",
      "haproxy-syslog",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2026-03-11-edge-503",
      title: "503s from the edge load balancers at the evening peak",
      severity: "SEV1",
      services: ["webapp"],
      start: T("17:20:00"),
      end: T("18:50:00"),
    }),
    truth,
  );
}
