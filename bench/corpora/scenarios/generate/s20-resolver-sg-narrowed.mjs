// Modelled on Square's outage of 7 September 2023: a change pushed by the central host-firewall policy service
// interfered with the internal DNS servers, and once node-level DNS caches expired services could not reach their
// dependencies. Here the firewall-policy automation narrows the DNS resolvers' security group (CloudTrail
// ModifySecurityGroupRules) so that one availability zone can no longer reach them; ledger-api's hosts in that zone
// fail from 13:24 as their caches expire. A Buildkite deploy of ledger-api, a cert-manager renewal and a Route 53
// change are closer in time. Draining the zone from the target group (failover, no deploy) ended the impact; the
// rule was fixed afterwards.

import { buildkiteLog, k8sEventList } from "./changes.mjs";
import { cloudtrail } from "./changes2.mjs";
import {
  accessFormats,
  appFormats,
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
  const sc = new Scenario({ id: "resolver-sg-narrowed", half: "sealed", seed: 230908 });
  const r = sc.r;
  const T = (hms) => ms(`2026-12-01T${hms}Z`);
  const from = T("12:55:00");
  const to = T("14:30:00");
  const sgChange = T("13:20:05");
  const deployDone = T("13:21:52");
  const certAt = T("13:22:31");
  const r53 = T("13:23:10");
  const cacheExpiry = { "app-c1": T("13:24:38"), "app-c2": T("13:25:19") };
  const drain = T("13:47:32");
  const drained = drain + 6000;
  const sgFix = T("14:06:10");
  const reRegister = T("14:12:44");
  const hosts = ["app-a1", "app-a2", "app-b1", "app-b2", "app-c1", "app-c2"];
  const live = (h, t) => !(h.startsWith("app-c") && t >= drained && t < reRegister);
  const endpoints = [
    { path: "/v2/transfers", method: "POST", weight: 18, service: "ledger-api", rt: [0.05, 0.4] },
    { path: (x) => `/v2/accounts/${x.int(1000000, 9999999)}/balance`, weight: 34, service: "ledger-api" },
    {
      path: (x) => `/v2/accounts/${x.int(1000000, 9999999)}/statements?month=2026-1${x.int(0, 1)}`,
      weight: 8,
      service: "ledger-api",
      rt: [0.3, 2.5],
    },
    { path: "/v2/fx/quote", weight: 14, service: "ledger-api", rt: [0.02, 0.12] },
    { path: "/healthz", weight: 10, service: "ledger-api", rt: [0.001, 0.003] },
  ];
  const needsDns = /^\/v2\/(transfers|accounts\/\d+\/balance|fx\/quote)/;
  const rules = [
    ...["app-c1", "app-c2"].map((h) => ({
      ep: needsDns,
      hosts: [h],
      from: cacheExpiry[h],
      to: drained,
      p: (t) => Math.min(0.97, 0.3 + ((t - cacheExpiry[h]) / 90000) * 0.67),
      status: 503,
      tag: "incident",
    })),
    { ep: /\/statements/, from, to, p: 0.04, status: 504, tag: "noise" },
  ];
  const reqsAll = traffic(r, {
    from,
    to,
    rate: (t) => 0.95 + 0.1 * Math.sin(t / 700000),
    endpoints,
    hosts,
    rules,
  });
  // after the drain the load balancer only sends to zones a and b
  for (const q of reqsAll) {
    if (!live(q.host, q.t)) {
      q.host = r.pick(hosts.slice(0, 4));
      if (q.tag === "incident") {
        q.tag = null;
        q.status = 200;
      }
    }
  }
  const nodes = ["10.50.1.17", "10.50.66.40"];
  const ctx = { lb: "ledger-public", domain: "api.northledger.example", region: "eu-west-1", tg: "ledger-api-tg" };
  for (let s = from; s < to; s += 300000) {
    for (const n of nodes) {
      const part = reqsAll.filter((q) => q.t >= s && q.t < s + 300000 && nodes[q.bytes % 2] === n);
      const end = new Date(s + 300000);
      const stamp = `${end.toISOString().slice(0, 10).replace(/-/g, "")}T${end.toISOString().slice(11, 16).replace(":", "")}Z`;
      const rel = `evidence/alb/123456789012_elasticloadbalancing_eu-west-1_app.ledger-public.50dc6c495c0c9188_${stamp}_${n}_${r.id(8, "abcdefghijklmnopqrstuvwxyz0123456789")}.log.gz`;
      sc.putGz(
        rel,
        part.map((q) => {
          q.inEvidence = true;
          q.fromTarget = true;
          return accessFormats.alb(q, q.t, ctx);
        }),
      );
    }
  }
  const imp = impact(reqsAll, [
    {
      service: "ledger-api",
      endpoint: "/v2/transfers",
      status: "503",
      match: (q) => q.path === "/v2/transfers",
      statusMatch: (s) => s === 503,
    },
    { service: "ledger-api", endpoint: null, status: "503", match: () => true, statusMatch: (s) => s === 503 },
  ]);
  check(imp.start < cacheExpiry["app-c1"] + 60000, "onset");

  // ledger-api log (zap JSON, all hosts): lookups from zone c time out against the resolver
  const app = [];
  const ipOf = { "app-c1": "10.50.131.24", "app-c2": "10.50.140.7" };
  let n = 0;
  for (const q of reqsAll) {
    if (q.tag !== "incident" || n++ % 2) continue;
    const dep =
      q.path === "/v2/fx/quote" ? "fx-rates.internal.northledger.example" : "postings-db.internal.northledger.example";
    app.push([
      q.t,
      appFormats.zap(q.t, "error", q.host, "dependency lookup failed", {
        caller: "deps/resolve.go:57",
        az: "eu-west-1c",
        dependency: dep,
        error: `lookup ${dep} on 10.50.0.2:53: read udp ${ipOf[q.host]}:${r.int(30000, 60000)}->10.50.0.2:53: i/o timeout`,
        request_id: q.id,
      }),
    ]);
  }
  app.push([
    deployDone - 25000,
    appFormats.zap(deployDone - 25000, "info", "app-a1", "starting ledger-api", {
      caller: "main.go:41",
      version: "12.4.0",
    }),
  ]);
  app.sort((a, b) => a[0] - b[0]);
  sc.put(
    "evidence/app/ledger-api.log",
    app.map((x) => x[1]),
  );

  // CloudTrail: the policy automation's SG change, a Route 53 change, the drain, the fix
  const sgId = "sg-0d1e2f3a4b5c6d7e8";
  const tgArn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/ledger-api-tg/73e2d6bc24d8a067";
  const rule = (cidr) => ({
    groupId: sgId,
    securityGroupRules: {
      items: [
        {
          securityGroupRuleId: "sgr-0a9b8c7d6e5f40312",
          securityGroupRule: {
            ipProtocol: "udp",
            fromPort: 53,
            toPort: 53,
            cidrIpv4: cidr,
            description: "dns from app subnets (policy internal-dns-resolvers)",
          },
        },
      ],
    },
  });
  const ctFile = "evidence/aws/cloudtrail-2026-12-01.json";
  sc.put(
    ctFile,
    cloudtrail(r, [
      {
        at: sgChange,
        source: "ec2.amazonaws.com",
        name: "ModifySecurityGroupRules",
        user: "sg-policy-sync",
        role: "FirewallPolicySync",
        agent: "sg-policy-sync/2.4.1 aws-sdk-go-v2/1.30.3",
        ip: "10.50.2.9",
        params: { ModifySecurityGroupRulesRequest: rule("10.50.0.0/17") },
        response: { ModifySecurityGroupRulesResponse: { _return: true } },
      },
      {
        at: T("13:05:44"),
        source: "ec2.amazonaws.com",
        name: "DescribeSecurityGroups",
        user: "sg-policy-sync",
        role: "FirewallPolicySync",
        agent: "sg-policy-sync/2.4.1 aws-sdk-go-v2/1.30.3",
        ip: "10.50.2.9",
        params: { groupIdSet: { items: [{ groupId: sgId }] } },
        readOnly: true,
      },
      {
        at: r53,
        source: "route53.amazonaws.com",
        name: "ChangeResourceRecordSets",
        user: "tomas.rivera",
        role: "PlatformAdmin",
        params: {
          hostedZoneId: "Z0123456789ABCDEFGHIJ",
          changeBatch: {
            changes: [
              {
                action: "UPSERT",
                resourceRecordSet: {
                  name: "status.northledger.example",
                  type: "CNAME",
                  tTL: 300,
                  resourceRecords: [{ value: "northledger.statuspage.example" }],
                },
              },
            ],
          },
        },
        response: {
          changeInfo: {
            id: "/change/C0987654321ZYXWVUTSRQ",
            status: "PENDING",
            submittedAt: "Dec 1, 2026, 1:23:10 PM",
          },
        },
      },
      {
        at: drain,
        source: "elasticloadbalancing.amazonaws.com",
        name: "DeregisterTargets",
        user: "grace.obi",
        role: "OnCall",
        params: {
          targetGroupArn: tgArn,
          targets: [
            { id: "i-0c1a2b3c4d5e6f701", port: 8080 },
            { id: "i-0c1a2b3c4d5e6f702", port: 8080 },
          ],
        },
      },
      {
        at: sgFix,
        source: "ec2.amazonaws.com",
        name: "ModifySecurityGroupRules",
        user: "tomas.rivera",
        role: "PlatformAdmin",
        params: { ModifySecurityGroupRulesRequest: rule("10.50.0.0/16") },
        response: { ModifySecurityGroupRulesResponse: { _return: true } },
      },
      {
        at: reRegister,
        source: "elasticloadbalancing.amazonaws.com",
        name: "RegisterTargets",
        user: "grace.obi",
        role: "OnCall",
        params: {
          targetGroupArn: tgArn,
          targets: [
            { id: "i-0c1a2b3c4d5e6f701", port: 8080 },
            { id: "i-0c1a2b3c4d5e6f702", port: 8080 },
          ],
        },
      },
    ]),
  );
  const nth = (needle, k) => {
    let l = 0;
    for (let i = 0; i < k; i++) l = sc.lineOf(ctFile, needle, l);
    return l;
  };
  const triggerLine = nth('"eventName": "ModifySecurityGroupRules"', 1);
  const fixLine = nth('"eventName": "ModifySecurityGroupRules"', 2);
  const drainLine = sc.lineOf(ctFile, '"eventName": "DeregisterTargets"');
  const r53Line = sc.lineOf(ctFile, '"eventName": "ChangeResourceRecordSets"');

  // Buildkite: ledger-api deploy two minutes after the SG change
  const bk = [];
  let bt = deployDone - 150000;
  const b = (sec, text) => {
    bt += sec * 1000 + r.int(0, 500);
    bk.push([bt, text]);
  };
  b(0, "~~~ Preparing working directory");
  b(2, "$ cd /var/lib/buildkite-agent/builds/deploy-agent-2/northledger/ledger-api");
  b(1, "--- :rocket: Deploy ledger-api 12.4.0");
  b(1, "$ ./deploy/rolling.sh --asg ledger-api-prod --version 12.4.0 --batch 2");
  b(40, "batch 1/3: app-a1 app-a2 healthy");
  b(40, "batch 2/3: app-b1 app-b2 healthy");
  bt = deployDone - 900;
  b(0, "batch 3/3: app-c1 app-c2 healthy");
  b(0, "ledger-api 12.4.0 deployed to 6/6 instances");
  b(1, "~~~ Post-deploy checks");
  const bkFile = "evidence/ci/buildkite-ledger-api-deploy-2291.log";
  sc.put(bkFile, buildkiteLog(bk));
  const bkLine = sc.lineOf(bkFile, "deployed to 6/6 instances");

  // cert-manager events: the API certificate renewed
  const cmFile = "evidence/k8s/cert-manager-events.json";
  sc.put(
    cmFile,
    k8sEventList(r, [
      {
        at: certAt - 3000,
        kind: "Certificate",
        apiVersion: "cert-manager.io/v1",
        name: "ledger-api-tls",
        ns: "edge",
        reason: "Issuing",
        message: "Renewing certificate as renewal was scheduled at 2026-12-01 13:22:28 +0000 UTC",
        component: "cert-manager-certificates-trigger",
      },
      {
        at: certAt - 2000,
        kind: "Certificate",
        apiVersion: "cert-manager.io/v1",
        name: "ledger-api-tls",
        ns: "edge",
        reason: "Requested",
        message: 'Created new CertificateRequest resource "ledger-api-tls-88"',
        component: "cert-manager-certificates-request-manager",
      },
      {
        at: certAt,
        kind: "Certificate",
        apiVersion: "cert-manager.io/v1",
        name: "ledger-api-tls",
        ns: "edge",
        reason: "Issuing",
        message: "The certificate has been successfully issued",
        component: "cert-manager-certificates-issuing",
      },
    ]),
  );
  const certLine = sc.lineOf(cmFile, "successfully issued");

  const P = { oc: "Grace Obi", ic: "Tomas Rivera", net: "Wen Zhao", ledger: "Ibrahim Diallo" };
  const pd = { notify: T("13:27:14"), ack: T("13:29:40"), resolve: T("14:20:30") };
  sc.put(
    "evidence/pagerduty/incident-6120-log-entries.json",
    pagerduty(r, {
      sub: "northledger",
      service: "ledger-api",
      incidentNo: 6120,
      title: "LedgerApi5xx: ledger-api 503 ratio above 10%",
      entries: [
        { type: "trigger", at: T("13:27:10") },
        { type: "notify", at: pd.notify, who: P.oc, via: "push" },
        { type: "acknowledge", at: pd.ack, who: P.oc },
        { type: "escalate", at: T("13:36:00"), who: P.oc, to: P.ic },
        { type: "resolve", at: pd.resolve, who: P.ic },
      ],
    }).text,
  );
  const users = [
    { key: "g", name: "grace.obi", real: P.oc, tz: "Europe/London" },
    { key: "t", name: "tomas", real: P.ic, tz: "Europe/Madrid" },
    { key: "w", name: "wen", real: P.net, tz: "Asia/Singapore" },
    { key: "i", name: "ibrahim", real: P.ledger, tz: "Africa/Dakar" },
  ];
  const msgs = [
    {
      at: T("13:30:20"),
      user: "g",
      text: "ack. ledger-api 503 on transfers, balance and fx quote. only from app-c1 and app-c2",
    },
    {
      at: T("13:32:45"),
      user: "i",
      text: "12.4.0 finished rolling at 13:21 but it's on all six hosts, and a/b are fine",
    },
    {
      at: T("13:36:30"),
      user: "t",
      text: "IC. cert renewed at 13:22 and I changed the status CNAME at 13:23, neither is zone specific",
    },
    { at: T("13:40:10"), user: "g", text: "zone c logs: lookup ... on 10.50.0.2:53 i/o timeout" },
    { at: T("13:44:00"), user: "t", text: "decision: drain zone c from ledger-api-tg while we find the DNS problem" },
    { at: T("13:47:50"), user: "g", text: "app-c1 and app-c2 deregistered, 503s stopped" },
    {
      at: T("13:58:20"),
      user: "w",
      text: "sg-policy-sync narrowed udp/53 on internal-dns-resolvers to 10.50.0.0/17 at 13:20, zone c is 10.50.128.0/17. cached answers hid it for a few minutes",
    },
    { at: T("14:06:30"), user: "t", text: "rule back to 10.50.0.0/16, policy sync paused" },
    { at: T("14:13:00"), user: "g", text: "zone c re-registered, clean" },
    { at: T("14:20:35"), user: "t", text: "resolved" },
  ];
  slackExport(sc, { channel: "inc-6120-ledger-503", users, messages: msgs });

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title:
          "Square status: root cause analysis of the 7 September 2023 outage (host firewall policy change and DNS; failures once node DNS caches expired)",
        url: "https://www.issquareup.com/incidents/2trlsg0fbd9h",
      },
    ],
    story:
      "At 13:20 the sg-policy-sync automation narrowed the internal-dns-resolvers security group's UDP/53 rule from 10.50.0.0/16 to 10.50.0.0/17, cutting zone c (10.50.128.0/17) off from the resolvers. Cached answers hid it until 13:24-13:25; then ledger-api on app-c1 and app-c2 could not resolve its dependencies and answered 503, about a third of transfers, balance and fx-quote requests. A Buildkite deploy of ledger-api (13:21), a cert-manager renewal (13:22) and a Route 53 change (13:23) were closer in time. Deregistering zone c from the target group at 13:47 ended the impact; the rule was restored at 14:06 and the hosts re-registered at 14:12.",
    milestones: {
      impactStart: imp.start,
      detected: T("13:27:10"),
      paged: pd.notify,
      acknowledged: pd.ack,
      mitigated: drain,
      recovered: imp.end,
      resolved: pd.resolve,
    },
    trigger: {
      file: ctFile,
      line: triggerLine,
      effectiveAt: sgChange,
      what: "CloudTrail ModifySecurityGroupRules by sg-policy-sync: internal-dns-resolvers UDP/53 narrowed to 10.50.0.0/17 (zone c cut off; effect when node DNS caches expired)",
    },
    redHerrings: [
      { file: bkFile, line: bkLine, what: "ledger-api 12.4.0 Buildkite deploy 2 min after the SG change (all zones)" },
      { file: cmFile, line: certLine, what: "cert-manager renewal of ledger-api-tls 2 min before impact" },
      { file: ctFile, line: r53Line, what: "Route 53 UPSERT of the status CNAME 1.5 min before impact" },
      { file: ctFile, line: drainLine, what: "DeregisterTargets of zone c: the mitigation (failover)" },
      { file: ctFile, line: fixLine, what: "SG rule restored after the mitigation (rollback of the trigger)" },
    ],
    impact: imp.rows,
    baselineNoise: [
      {
        file: [...sc.files.keys()].find((k) => k.startsWith("evidence/alb/")),
        what: "steady 504s on account statements (about 4%) all afternoon, in every ALB object",
      },
    ],
    people: Object.values(P),
    kinds: [
      "trigger:security-group change by an automation in CloudTrail, effect when node DNS caches expire (~4.5 min)",
      "one availability zone failing (2 of 6 hosts); errors name the resolver address",
      "red-herring:Buildkite deploy, cert-manager renewal, Route 53 change closer to impact",
      "mitigation:failover (deregister the zone's targets), trigger rolled back later",
      "ALB logs as gzip 5-minute objects",
      "baseline noise: 504s on another endpoint",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2026-12-01-ledger-503",
      title: "ledger-api 503s from one availability zone",
      severity: "SEV2",
      services: ["ledger-api"],
      start: T("13:05:00"),
      end: T("14:25:00"),
    }),
    truth,
  );
}
