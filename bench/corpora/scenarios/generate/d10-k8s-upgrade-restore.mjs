// Modelled on Reddit's "You Broke Reddit: The Pi-Day Outage" (14 March 2023): a Kubernetes 1.23 -> 1.24 upgrade
// removed the node label the Calico route reflectors were selected by; pod networking collapsed and the site went
// down. With no supported downgrade, the decision to restore from backup took a long time; the restore and
// re-labelled route reflectors ended it.
import {
  check,
  debriefYaml,
  impact,
  iso,
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
  const sc = new Scenario({ id: "k8s-upgrade-restore", half: "dev", seed: 230314 });
  const r = sc.r;
  const T = (hms) => ms(`2025-03-14T${hms}Z`);
  const from = T("18:30:00");
  const to = T("21:50:00");
  const applied = T("19:01:24");
  const onset = T("19:02:31");
  const fixed = T("21:24:05");
  const hosts = ["ingress-nginx-controller-7d9f-abcde", "ingress-nginx-controller-7d9f-fghij"];
  const endpoints = [
    {
      path: (x) => `/r/${x.pick(["pics", "news", "AskReddit", "worldnews", "gaming"])}/hot.json?limit=25`,
      weight: 40,
      service: "listing-api",
      rt: [0.04, 0.3],
    },
    {
      path: (x) => `/api/comments/${x.id(6, "abcdefghijklmnopqrstuvwxyz0123456789")}`,
      weight: 25,
      service: "comments-api",
    },
    { path: "/api/vote", method: "POST", weight: 10, service: "vote-api" },
    { path: (x) => `/static/shreddit/${x.hex(10)}.js`, weight: 25, service: "static", bytes: [20000, 150000] },
  ];
  const rules = [
    {
      ep: null,
      from: onset,
      to: fixed + 90000,
      p: (t) => (t < fixed ? 0.96 : 0.96 * (1 - (t - fixed) / 90000)),
      status: 503,
      tag: "incident",
      rt: [0, 0.002],
    },
  ];
  const reqs = traffic(r, { from, to, rate: wobble(0.72), endpoints, hosts, rules });
  for (const q of reqs) if (q.tag === "incident") q.noUpstream = true;
  writeAccess(sc, "evidence/ingress/ingress-nginx-access.log", reqs, "ingress", { ctx: { upstream: "reddit-web-80" } });
  const imp = impact(reqs, [
    { service: "all", endpoint: null, status: "503", match: () => true, statusMatch: (s) => s === 503 },
  ]);

  // terraform apply -json (machine-readable UI), run by the compute team's pipeline
  const tf = [];
  const res = {
    addr: "module.k8s_prod.aws_eks_cluster.this",
    module: "module.k8s_prod",
    resource: "aws_eks_cluster.this",
    implied_provider: "aws",
    resource_type: "aws_eks_cluster",
    resource_name: "this",
    resource_key: null,
  };
  const res2 = {
    addr: "module.k8s_prod.aws_eks_node_group.general",
    module: "module.k8s_prod",
    resource: "aws_eks_node_group.general",
    implied_provider: "aws",
    resource_type: "aws_eks_node_group",
    resource_name: "general",
    resource_key: null,
  };
  const line = (t, type, msg, extra = {}) =>
    tf.push(
      JSON.stringify({
        "@level": "info",
        "@message": msg,
        "@module": "terraform.ui",
        "@timestamp": iso(t).replace("Z", `${String(r.int(0, 999)).padStart(3, "0")}Z`),
        ...extra,
        type,
      }),
    );
  let t = T("18:41:10");
  line(t, "version", "Terraform 1.7.5", { terraform: "1.7.5", ui: "1.2" });
  line((t += 9000), "planned_change", `${res.addr}: Plan to update`, { change: { resource: res, action: "update" } });
  line((t += 1), "planned_change", `${res2.addr}: Plan to update`, { change: { resource: res2, action: "update" } });
  line((t += 1), "change_summary", "Plan: 0 to add, 2 to change, 0 to destroy.", {
    changes: { add: 0, change: 2, import: 0, remove: 0, operation: "plan" },
  });
  line((t += 4000), "apply_start", `${res.addr}: Modifying... [id=prod-main]`, {
    hook: { resource: res, action: "update", id_key: "id", id_value: "prod-main" },
  });
  const st = t;
  for (let e = 60; st + e * 1000 < applied; e += 60)
    line(
      st + e * 1000,
      "apply_progress",
      `${res.addr}: Still modifying... [id=prod-main, ${Math.floor(e / 60)}m0s elapsed]`,
      { hook: { resource: res, action: "update", elapsed_seconds: e } },
    );
  const el = Math.round((applied - st) / 1000);
  line(
    applied,
    "apply_complete",
    `${res.addr}: Modifications complete after ${Math.floor(el / 60)}m${el % 60}s [id=prod-main]`,
    { hook: { resource: res, action: "update", id_key: "id", id_value: "prod-main", elapsed_seconds: el } },
  );
  line(applied + 1500, "apply_start", `${res2.addr}: Modifying... [id=prod-main:general]`, {
    hook: { resource: res2, action: "update", id_key: "id", id_value: "prod-main:general" },
  });
  line(
    applied + 2000,
    "diagnostic",
    "Error: waiting for EKS Node Group (prod-main:general) version update: unexpected state 'Failed'",
    {
      diagnostic: {
        severity: "error",
        summary: "waiting for EKS Node Group (prod-main:general) version update: unexpected state 'Failed'",
        detail: "",
      },
    },
  );
  tf.splice(tf.length - 1, 1, tf[tf.length - 1].replace('"@level":"info"', '"@level":"error"'));
  // shift the failure to when it actually happened (node group update timed out much later)
  tf[tf.length - 1] = tf[tf.length - 1].replace(/"@timestamp":"[^"]+"/, `"@timestamp":"${iso(T("19:48:10"))}"`);
  const tfFile = "evidence/terraform/apply-k8s-prod.jsonl";
  sc.put(tfFile, tf);
  const triggerLine = sc.lineOf(tfFile, '"type":"apply_complete"');

  const alertAt = T("19:04:02");
  sc.put(
    "evidence/alerts/alertmanager-webhook.json",
    webhookPayload(r, [
      {
        name: "SiteAvailabilityLow",
        at: alertAt,
        summary: "ingress 503 ratio above 80%",
        labels: { service: "ingress" },
      },
      {
        name: "CalicoBGPPeersDown",
        at: T("19:05:20"),
        summary: "route reflector BGP sessions down on 1,180 nodes",
        labels: { component: "calico" },
      },
    ]),
  );

  const P = { oc: "Jayme Holt", ic: "Priyanka Das", comp: "Marcus Lee", vp: "Rachel Green" };
  sc.put(
    "evidence/pagerduty/incident-31415-log-entries.json",
    pagerduty(r, {
      sub: "snoo",
      service: "site-availability",
      incidentNo: 31415,
      title: "SiteAvailabilityLow: ingress 503 ratio above 80%",
      entries: [
        { type: "trigger", at: T("19:04:07") },
        { type: "notify", at: T("19:04:09"), who: P.oc },
        { type: "acknowledge", at: T("19:05:44"), who: P.oc },
        { type: "escalate", at: T("19:12:00"), who: P.oc, to: P.ic },
        { type: "resolve", at: T("21:58:30"), who: P.ic },
      ],
    }).text,
  );
  const askAt = T("19:38:12");
  const goAt = T("20:28:40");
  const users = [
    { key: "j", name: "jholt", real: P.oc },
    { key: "p", name: "priyanka", real: P.ic },
    { key: "m", name: "mlee", real: P.comp },
    { key: "r", name: "rgreen", real: P.vp },
  ];
  const msgs = [
    { at: T("19:06:00"), user: "j", text: "ack. everything behind ingress is 503, no upstreams reachable" },
    {
      at: T("19:09:30"),
      user: "m",
      text: "we just upgraded prod-main to 1.24 via terraform, control plane finished 19:01",
    },
    { at: T("19:21:15"), user: "m", text: "calico route reflector peers are all down, pods can't route across nodes" },
    {
      at: T("19:38:12"),
      user: "p",
      text: "there's no supported downgrade. proposal: restore the control plane from the pre-upgrade backup. that's a high-risk op and needs VP infra approval, @rgreen",
    },
    {
      at: T("19:55:40"),
      user: "m",
      text: "restore runbook is from an old version, rewriting the steps while we wait for the go",
    },
    { at: T("20:12:05"), user: "p", text: "still waiting on a decision for the restore, pinged Rachel's phone" },
    { at: goAt, user: "r", text: "approved, go ahead with the restore" },
    { at: T("20:31:00"), user: "m", text: "restore started" },
    {
      at: T("21:10:20"),
      user: "m",
      text: "found it: route reflectors are selected by node-role.kubernetes.io/master, removed in 1.24. relabelling the RR nodes",
    },
    { at: T("21:24:30"), user: "m", text: "restore done and RR nodes relabelled, BGP sessions establishing" },
    { at: T("21:27:00"), user: "j", text: "503s gone, traffic back" },
    { at: T("21:58:35"), user: "p", text: "resolving. we owe a post-mortem on the restore runbook" },
  ];
  slackExport(sc, { channel: "inc-31415-site-down", users, messages: msgs });
  check(alertAt > imp.start, "alert after impact");

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title: "You Broke Reddit: The Pi-Day Outage",
        url: "https://www.reddit.com/r/RedditEng/comments/11xx5o0/you_broke_reddit_the_piday_outage/",
      },
    ],
    story:
      "A Terraform apply upgraded the prod-main Kubernetes control plane from 1.23 to 1.24, completing at 19:01:24. The upgrade removed the node-role label by which the Calico route reflectors were selected, BGP sessions dropped and from 19:02 nearly every request through ingress returned 503. There was no supported downgrade, and the proposal to restore the control plane from backup waited 50 minutes for approval. The restore and re-labelling of the route-reflector nodes completed at 21:24, after which traffic returned.",
    milestones: {
      impactStart: imp.start,
      detected: alertAt,
      paged: T("19:04:09"),
      acknowledged: T("19:05:44"),
      mitigated: fixed,
      recovered: imp.end,
      resolved: T("21:58:30"),
    },
    trigger: {
      file: tfFile,
      line: triggerLine,
      effectiveAt: applied,
      what: "terraform apply: EKS cluster prod-main upgraded 1.23 -> 1.24 (apply_complete)",
    },
    impact: imp.rows,
    waits: [{ from: askAt, to: goAt, what: "waiting for VP approval to restore the control plane from backup" }],
    people: Object.values(P),
    kinds: [
      "trigger:terraform-apply-json",
      "mitigation:restore-from-backup",
      "wait:approval-50min",
      "ingress-nginx-log",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2025-03-14-site-down",
      title: "Site down after Kubernetes upgrade",
      severity: "SEV1",
      services: ["listing-api", "comments-api", "vote-api"],
      start: T("18:55:00"),
      end: T("21:45:00"),
    }),
    truth,
  );
}
