// Modelled on Slack's 30 September 2021 DNSSEC incident: the change that broke resolution (publishing the DS
// record for the apex domain) exists only as an engineer's announcement in the team channel; some validating
// resolvers then failed to resolve the domain, so the failures show up in DNS probes and as missing traffic, not
// as server errors. Removing the DS record (the rollback) did not end impact at once: resolvers held the old
// answers until their caches expired. A Terraform DNS change, an Argo CD sync and an HPA scale-in are closer to
// the impact but unrelated.

import { k8sEventList } from "./changes.mjs";
import {
  check,
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
  const sc = new Scenario({ id: "dnssec-chat-only", half: "dev", seed: 210930 });
  const r = sc.r;
  const T = (hms) => ms(`2026-09-24T${hms}Z`);
  const from = T("14:30:00");
  const to = T("18:10:00");
  const dsLive = T("15:02:40");
  const dsRemoved = T("16:41:15");
  // 12 probe resolvers; 4 validate DNSSEC with the buggy negative-answer handling
  const probes = [
    ["isp-telmar-ams", true, T("15:14:20"), T("17:05:30")],
    ["isp-nordlink-osl", true, T("15:21:05"), T("17:31:40")],
    ["corp-resolver-fra", true, T("15:26:50"), T("17:38:10")],
    ["isp-verano-mad", true, T("15:39:30"), T("16:58:20")],
    ["isp-cablenet-lon", false],
    ["public-anycast-1", false],
    ["public-anycast-2", false],
    ["isp-baltline-rix", false],
    ["isp-alpnet-zrh", false],
    ["mobile-opx-par", false],
    ["isp-medcom-ath", false],
    ["corp-resolver-dub", false],
  ];
  const recs = [];
  for (const [name, bad, failFrom, failTo] of probes) {
    for (let t = from + r.int(0, 29000); t < to; t += 30000 + r.int(-400, 400)) {
      const fail = bad && t >= failFrom && t < failTo;
      recs.push({
        t,
        name,
        status: fail ? 2 : 0,
        tag: fail ? "incident" : null,
        inEvidence: true,
        ms: fail ? r.int(180, 1900) : r.int(4, 60),
      });
    }
  }
  recs.sort((a, b) => a.t - b.t);
  const probeFile = "evidence/probes/dns-probes.jsonl";
  sc.put(
    probeFile,
    recs.map((q) =>
      JSON.stringify({
        ts: fmt.isoOff(q.t, 0, 3).replace("+00:00", "Z"),
        probe: q.name,
        qname: "plover.app.",
        qtype: "A",
        rcode: q.status === 2 ? "SERVFAIL" : "NOERROR",
        answers: q.status === 2 ? 0 : 2,
        rtt_ms: q.ms,
        ...(q.status === 2 ? { ede: "6 (DNSSEC Bogus)" } : {}),
      }),
    ),
  );
  const imp = impact(recs, [
    {
      service: "plover.app DNS resolution",
      endpoint: null,
      status: "SERVFAIL",
      match: () => true,
      statusMatch: (s) => s === 2,
    },
  ]);

  // edge access log: users behind the failing resolvers simply stop arriving (a traffic dip, not errors)
  const hosts = ["edge-1", "edge-2"];
  const endpoints = [
    { path: (x) => `/api/messages.list?channel=${x.id(9)}`, weight: 45, service: "api" },
    { path: "/api/messages.send", method: "POST", weight: 25, service: "api", rt: [0.02, 0.15] },
    { path: (x) => `/ws?token=${x.hex(10)}`, weight: 15, service: "realtime", okStatus: 101 },
    { path: (x) => `/avatars/${x.hex(12)}.webp`, weight: 15, service: "cdn", bytes: [2000, 30000] },
  ];
  const badShare = (t) => {
    let s = 0;
    for (const [, bad, a, b] of probes) if (bad && t >= a && t < b) s += 0.075;
    return s;
  };
  const reqs = traffic(r, { from, to, rate: (t) => 0.5 * (1 - badShare(t)), endpoints, hosts });
  for (const h of hosts)
    writeAccess(sc, `evidence/edge/${h}-access.log`, reqs, "nginx", { filter: (q) => q.host === h });

  // GitHub Actions raw log with plain terraform output: a DNS change for status.plover.app (red herring)
  const gha = [];
  let t = T("15:04:31");
  const step = (sec, text) => {
    t += sec * 1000 + r.int(0, 700);
    gha.push(`${fmt.gha(t, r)} ${text}`);
  };
  step(0, "Job defined at: plover/infra-dns/.github/workflows/apply.yml@refs/heads/main");
  step(3, "##[group]Run terraform apply -auto-approve -input=false tfplan");
  step(2, "aws_route53_record.status_cname: Modifying... [id=Z0844215ZQ3L1J1PLOVER_status.plover.app_CNAME]");
  step(
    10,
    "aws_route53_record.status_cname: Still modifying... [id=Z0844215ZQ3L1J1PLOVER_status.plover.app_CNAME, 10s elapsed]",
  );
  step(
    21,
    "aws_route53_record.status_cname: Modifications complete after 31s [id=Z0844215ZQ3L1J1PLOVER_status.plover.app_CNAME]",
  );
  step(0, "");
  step(0, "Apply complete! Resources: 0 added, 1 changed, 0 destroyed.");
  step(0, "##[endgroup]");
  const tfFile = "evidence/ci/infra-dns-apply-run-2291.log";
  sc.put(tfFile, gha);

  const kev = [
    {
      at: T("15:07:12"),
      kind: "Application",
      apiVersion: "argoproj.io/v1alpha1",
      name: "notifications-prod",
      ns: "argocd",
      reason: "OperationStarted",
      message: "Initiated automated sync to '5be0a17'",
      component: "argocd-application-controller",
    },
    {
      at: T("15:09:48"),
      kind: "Application",
      apiVersion: "argoproj.io/v1alpha1",
      name: "notifications-prod",
      ns: "argocd",
      reason: "OperationCompleted",
      message: "Sync operation to 5be0a17 succeeded",
      component: "argocd-application-controller",
    },
    {
      at: T("15:12:30"),
      kind: "HorizontalPodAutoscaler",
      apiVersion: "autoscaling/v2",
      name: "api",
      ns: "api",
      reason: "SuccessfulRescale",
      message: "New size: 18; reason: All metrics below target",
      component: "horizontal-pod-autoscaler",
    },
    {
      at: T("15:47:02"),
      kind: "HorizontalPodAutoscaler",
      apiVersion: "autoscaling/v2",
      name: "api",
      ns: "api",
      reason: "SuccessfulRescale",
      message: "New size: 15; reason: All metrics below target",
      component: "horizontal-pod-autoscaler",
    },
  ];
  const kFile = "evidence/k8s/events.json";
  sc.put(kFile, k8sEventList(r, kev));

  const P = { traffic: "Nour Haddad", oc: "Elliot Brandt", ic: "Sofia Marchetti", support: "Lucia Fernández" };
  const pd = { notify: T("15:36:22"), ack: T("15:38:05"), resolve: T("17:52:40") };
  sc.put(
    "evidence/pagerduty/incident-4410-log-entries.json",
    pagerduty(r, {
      sub: "plover",
      service: "edge-dns",
      incidentNo: 4410,
      title: "DNSProbeFailures: plover.app SERVFAIL from 3 of 12 probe resolvers",
      entries: [
        { type: "trigger", at: T("15:36:20") },
        { type: "notify", at: pd.notify, who: P.oc, via: "push" },
        { type: "acknowledge", at: pd.ack, who: P.oc },
        {
          type: "annotate",
          at: T("16:42:00"),
          who: P.ic,
          note: "DS record removed 16:41; waiting for resolver caches (TTL 3600)",
        },
        { type: "resolve", at: pd.resolve, who: P.ic },
      ],
    }).text,
  );
  const users = [
    { key: "n", name: "nour", real: P.traffic, tz: "Europe/Paris" },
    { key: "e", name: "ebrandt", real: P.oc, tz: "Europe/Berlin" },
    { key: "s", name: "sofia.m", real: P.ic, tz: "Europe/Rome" },
    { key: "l", name: "lucia", real: P.support, tz: "Europe/Madrid" },
  ];
  const msgs = [
    {
      at: T("14:49:30"),
      user: "n",
      text: "heads up: starting DNSSEC for plover.app today. zone signing is already on in Route 53, next step is the DS at the registrar",
    },
    {
      at: dsLive,
      user: "n",
      text: "DS record for plover.app is now published in .app (registrar confirmed, TTL 3600). DNSSEC is live on the apex",
    },
    { at: T("15:05:10"), user: "n", text: "dnsviz is green, validating from here fine" },
    {
      at: T("15:29:15"),
      user: "l",
      text: "support: 6 tickets in 10 min, users in NL, NO and ES say the app can't connect / 'server not found'",
    },
    {
      at: T("15:39:40"),
      user: "e",
      text: "ack the page. probes: SERVFAIL on plover.app from telmar, nordlink, corp-fra. rest fine",
    },
    {
      at: T("15:44:05"),
      user: "e",
      text: "status CNAME terraform apply at 15:05 and notifications sync at 15:09 - related?",
    },
    {
      at: T("15:51:30"),
      user: "n",
      text: "status.plover.app resolves fine everywhere; notifications has no DNS change. it's validating resolvers failing on the apex",
    },
    {
      at: T("16:12:20"),
      user: "s",
      text: "IC. EDE says DNSSEC Bogus on the affected resolvers. Route 53 negative answers for the apex AAAA look wrong under DNSSEC",
    },
    {
      at: T("16:30:45"),
      user: "s",
      text: "decision: roll back, remove the DS at the registrar. caches will hold it up to an hour",
    },
    { at: T("16:41:30"), user: "n", text: "DS removed at the registrar (16:41). asked telmar to flush their cache" },
    { at: T("17:06:10"), user: "e", text: "telmar probe is green" },
    { at: T("17:39:00"), user: "e", text: "all 12 probes green" },
    { at: T("17:52:45"), user: "s", text: "resolving. DNSSEC stays off until the provider bug is understood" },
  ];
  slackExport(sc, { channel: "traffic", users, messages: msgs });
  const chatFile = `evidence/slack/traffic/2026-09-24.json`;
  check(imp.start > dsLive, "impact after DS");

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title: "What happened during Slack's DNSSEC rollout (30 Sep 2021)",
        url: "https://slack.engineering/what-happened-during-slacks-dnssec-rollout/",
      },
    ],
    story:
      "Nour Haddad announced in #traffic that the DS record for plover.app was published at 15:02, making DNSSEC live on the apex; there is no other record of that change. From 15:14 some validating resolvers (four of the twelve probes) returned SERVFAIL for plover.app, so users behind them could not connect: the evidence shows SERVFAIL probes and a traffic dip, not server errors. A Terraform change to status.plover.app (15:05), a notifications Argo CD sync (15:09) and an HPA scale-in (15:12) were closer to impact and unrelated. The DS record was removed at 16:41 (rollback), but resolvers kept the bad answers until their caches expired or were flushed; the last probe recovered at 17:38.",
    milestones: {
      impactStart: imp.start,
      detected: T("15:29:15"),
      paged: pd.notify,
      acknowledged: pd.ack,
      mitigated: dsRemoved,
      recovered: imp.end,
      resolved: pd.resolve,
    },
    trigger: {
      file: chatFile,
      line: sc.lineOf(chatFile, "DS record for plover.app is now published"),
      effectiveAt: dsLive,
      what: "DS record for plover.app published at the registrar (DNSSEC live on the apex), announced only in chat",
    },
    redHerrings: [
      {
        file: tfFile,
        line: sc.lineOf(tfFile, "Apply complete!"),
        what: "Terraform change of status.plover.app CNAME at 15:05, unrelated",
      },
      {
        file: kFile,
        line: sc.lineOf(kFile, "Sync operation to 5be0a17 succeeded"),
        what: "notifications-prod Argo CD sync at 15:09, unrelated",
      },
      { file: kFile, line: sc.lineOf(kFile, "New size: 18"), what: "api HPA scale-in at 15:12, normal" },
      {
        file: chatFile,
        line: sc.lineOf(chatFile, "DS removed at the registrar"),
        what: "DS removal (rollback) at 16:41: the mitigation",
      },
    ],
    impact: imp.rows,
    waits: [
      { from: dsRemoved, to: imp.end, what: "waiting for resolver caches to expire after the rollback (TTL 3600)" },
    ],
    people: Object.values(P),
    kinds: [
      "trigger:chat-announcement only",
      "red-herring:terraform DNS change (plain output in GitHub Actions)",
      "red-herring:argocd-sync",
      "red-herring:autoscaling",
      "mitigation:rollback with lingering impact (DNS caches)",
      "impact in DNS probes, not HTTP errors",
      "detection by a human report",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2026-09-24-dnssec",
      title: "Users on some ISPs cannot resolve plover.app",
      severity: "SEV2",
      services: ["edge-dns"],
      start: T("15:00:00"),
      end: T("18:00:00"),
    }),
    truth,
  );
}
