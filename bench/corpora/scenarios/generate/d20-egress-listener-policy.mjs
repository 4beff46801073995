// Modelled on salesforce.com's incident of 28 April 2013: a scheduled load-balancer change upgraded a subset of SSL
// certificates and, in the same window, an additional change meant for a later date was executed on the same load
// balancers; customers then saw failures accessing external services from the application (outbound calls). Here
// two ModifyListener calls on the internal egress proxy's load balancer sit 17 s apart in CloudTrail: the
// certificate swap (harmless) and the TLS 1.3-only policy (the trigger). Pooled TLS connections hide the break for
// six minutes, so an Argo CD sync, a Route 53 change and a Flagsmith flag are closer to impact. Routing partner
// calls around the proxy with a flag (no deploy) ended it; the policy was reverted later.

import { k8sEventList } from "./changes.mjs";
import { cloudtrail, flagsmithAudit } from "./changes2.mjs";
import {
  amtoolJson,
  check,
  debriefYaml,
  impact,
  ms,
  pagerduty,
  Scenario,
  slackExport,
  slackLine,
  traffic,
  truthDoc,
  writeAccess,
} from "./lib.mjs";

export function build() {
  const sc = new Scenario({ id: "egress-listener-policy", half: "dev", seed: 130428 });
  const r = sc.r;
  const T = (hms) => ms(`2026-07-21T${hms}Z`);
  const from = T("07:30:00");
  const to = T("09:40:00");
  const certSwap = T("08:02:14");
  const policy = T("08:02:31");
  const argoSync = T("08:05:22");
  const r53 = T("08:06:12");
  const widgetFlag = T("08:07:40");
  const onset = T("08:08:55");
  const bypass = T("08:41:10");
  const bypassEffect = bypass + 30000;
  const revert = T("09:18:44");
  const pods = ["portal-api-7f9c8d6b5-4kq2m", "portal-api-7f9c8d6b5-9xw7t", "portal-api-7f9c8d6b5-h3j5z"];
  const partners = ["acme-crm", "ledgerly", "shipfast", "taxjar-eu"];
  const endpoints = [
    {
      path: (x) => `/api/integrations/${x.pick(partners)}/sync`,
      method: "POST",
      weight: 12,
      service: "portal-api",
      rt: [0.2, 1.2],
    },
    { path: (x) => `/api/integrations/${x.pick(partners)}/status`, weight: 8, service: "portal-api", rt: [0.1, 0.6] },
    { path: (x) => `/api/accounts/${x.int(10000, 99999)}/dashboard`, weight: 34, service: "portal-api" },
    { path: "/api/notifications/poll", weight: 22, service: "portal-api", rt: [0.01, 0.05] },
    { path: (x) => `/api/invoices?page=${x.int(1, 5)}`, weight: 16, service: "portal-api" },
    { path: "/api/session/refresh", method: "POST", weight: 8, service: "portal-api", rt: [0.005, 0.03] },
  ];
  // pooled connections (10-minute keep-alive) are recycled one by one; every new handshake fails
  const p = (t) => (t < onset ? 0 : t < bypassEffect ? Math.min(0.96, 0.08 + ((t - onset) / 600000) * 0.88) : 0);
  const rules = [
    { ep: /^\/api\/integrations\//, from: onset, to: bypassEffect, p, status: 502, tag: "incident" },
    { ep: "/api/notifications/poll", from, to, p: 0.03, status: 503, tag: "noise" },
  ];
  const reqs = traffic(r, { from, to, rate: (t) => 1.25 + 0.2 * Math.sin(t / 900000), endpoints, hosts: pods, rules });
  for (const h of pods)
    writeAccess(sc, `evidence/envoy/${h}.log`, reqs, "envoy", {
      filter: (q) => q.host === h,
      ctx: { domain: "portal.tallyhq.example" },
    });
  const imp = impact(reqs, [
    {
      service: "portal-api",
      endpoint: "/api/integrations/{partner}/sync",
      status: "502",
      match: (q) => q.path.endsWith("/sync"),
      statusMatch: (s) => s === 502,
    },
    {
      service: "portal-api",
      endpoint: "/api/integrations/{partner}/status",
      status: "502",
      match: (q) => q.path.startsWith("/api/integrations/") && q.path.endsWith("/status"),
      statusMatch: (s) => s === 502,
    },
  ]);
  check(imp.start < onset + 90000, "onset");

  // portal-api application log (Spring Boot default layout): handshake failures name the egress proxy
  const app = [];
  const proxyHost = "internal-int-egress-proxy-1864207515.eu-west-1.elb.amazonaws.com";
  const sb = (t, level, _pod, logger, msg) => {
    const d = new Date(t).toISOString();
    return `${d}  ${level.padStart(5)} 1 --- [portal-api] [nio-8080-exec-${r.int(1, 40)}] ${logger.padEnd(40).slice(0, 40)} : ${msg}`;
  };
  let n = 0;
  for (const q of reqs) {
    if (q.tag !== "incident" || n++ % 2) continue;
    const partner = q.path.split("/")[3];
    app.push([
      q.t,
      sb(
        q.t,
        "ERROR",
        q.host,
        "c.t.portal.integrations.PartnerClient",
        `Call to partner ${partner} failed via egress proxy ${proxyHost}:443: javax.net.ssl.SSLHandshakeException: Received fatal alert: protocol_version`,
      ),
    ]);
  }
  app.push([
    T("07:31:02"),
    sb(
      T("07:31:02"),
      "INFO",
      pods[0],
      "c.t.portal.integrations.PartnerClient",
      `Egress via proxy ${proxyHost}:443 (pool max-idle 10m, TLSv1.2)`,
    ),
  ]);
  app.push([
    bypass + 22000,
    sb(
      bypass + 22000,
      "INFO",
      pods[1],
      "c.t.portal.flags.FlagRefresher",
      "Flag integrations_via_egress_proxy changed: true -> false (partner calls leave through NAT)",
    ),
  ]);
  app.sort((a, b) => a[0] - b[0]);
  sc.put(
    "evidence/app/portal-api.log",
    app.map((x) => x[1]),
  );

  // CloudTrail (management events of the account, jq-formatted file)
  const listenerArn =
    "arn:aws:elasticloadbalancing:eu-west-1:210987654321:listener/app/int-egress-proxy/8f2d3c4b5a697081/1a2b3c4d5e6f7081";
  const ctFile = "evidence/aws/cloudtrail-2026-07-21T0800Z.json";
  sc.put(
    ctFile,
    cloudtrail(r, [
      {
        at: T("07:41:09"),
        source: "ec2.amazonaws.com",
        name: "AuthorizeSecurityGroupIngress",
        user: "lars.eriksen",
        role: "Developer",
        params: {
          groupId: "sg-0a1b2c3d4e5f60718",
          ipPermissions: {
            items: [
              {
                ipProtocol: "tcp",
                fromPort: 9443,
                toPort: 9443,
                ipRanges: { items: [{ cidrIp: "10.40.0.0/16", description: "metrics scrape" }] },
              },
            ],
          },
        },
        response: { _return: true },
      },
      {
        at: T("08:01:40"),
        source: "elasticloadbalancing.amazonaws.com",
        name: "DescribeListeners",
        user: "ivana.horvat",
        role: "NetworkAdmin",
        params: {
          loadBalancerArn:
            "arn:aws:elasticloadbalancing:eu-west-1:210987654321:loadbalancer/app/int-egress-proxy/8f2d3c4b5a697081",
        },
        readOnly: true,
      },
      {
        at: certSwap,
        source: "elasticloadbalancing.amazonaws.com",
        name: "ModifyListener",
        user: "ivana.horvat",
        role: "NetworkAdmin",
        params: {
          listenerArn,
          certificates: [
            { certificateArn: "arn:aws:acm:eu-west-1:210987654321:certificate/7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f" },
          ],
        },
        response: {
          listeners: [{ listenerArn, port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" }],
        },
      },
      {
        at: policy,
        source: "elasticloadbalancing.amazonaws.com",
        name: "ModifyListener",
        user: "ivana.horvat",
        role: "NetworkAdmin",
        params: { listenerArn, sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06" },
        response: {
          listeners: [{ listenerArn, port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06" }],
        },
      },
      {
        at: r53,
        source: "route53.amazonaws.com",
        name: "ChangeResourceRecordSets",
        user: "marketing-deployer",
        role: "MarketingSite",
        agent: "APN/1.0 HashiCorp/1.0 Terraform/1.9.8",
        params: {
          hostedZoneId: "Z03918472KX2QW8J1ABCD",
          changeBatch: {
            changes: [
              {
                action: "UPSERT",
                resourceRecordSet: {
                  name: "summer.tallyhq.example",
                  type: "CNAME",
                  tTL: 300,
                  resourceRecords: [{ value: "d111111abcdef8.cloudfront.net" }],
                },
              },
            ],
          },
        },
        response: {
          changeInfo: {
            id: "/change/C02847561YHTZ3EXAMPLE",
            status: "PENDING",
            submittedAt: "Jul 21, 2026, 8:06:12 AM",
          },
        },
      },
      {
        at: T("08:44:30"),
        source: "elasticloadbalancing.amazonaws.com",
        name: "DescribeListeners",
        user: "chen.wei",
        role: "ReadOnly",
        params: { listenerArns: [listenerArn] },
        readOnly: true,
      },
      {
        at: revert,
        source: "elasticloadbalancing.amazonaws.com",
        name: "ModifyListener",
        user: "ivana.horvat",
        role: "NetworkAdmin",
        params: { listenerArn, sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" },
        response: {
          listeners: [{ listenerArn, port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" }],
        },
      },
    ]),
  );
  const lineAfter = (needle, n) => {
    let l = 0;
    for (let i = 0; i < n; i++) l = sc.lineOf(ctFile, needle, l);
    return l;
  };
  const certLine = lineAfter('"eventName": "ModifyListener"', 1);
  const triggerLine = lineAfter('"eventName": "ModifyListener"', 2);
  const revertLine = lineAfter('"eventName": "ModifyListener"', 3);
  const r53Line = sc.lineOf(ctFile, '"eventName": "ChangeResourceRecordSets"');
  const sgLine = sc.lineOf(ctFile, '"eventName": "AuthorizeSecurityGroupIngress"');

  // Argo CD events for the portal front end, three minutes before impact
  const argoFile = "evidence/k8s/argocd-events.json";
  sc.put(
    argoFile,
    k8sEventList(r, [
      {
        at: argoSync - 41000,
        kind: "Application",
        apiVersion: "argoproj.io/v1alpha1",
        name: "portal-web",
        ns: "argocd",
        reason: "OperationStarted",
        message: "Initiated automated sync to 'c41e9a7'",
        component: "argocd-application-controller",
      },
      {
        at: argoSync,
        kind: "Application",
        apiVersion: "argoproj.io/v1alpha1",
        name: "portal-web",
        ns: "argocd",
        reason: "OperationCompleted",
        message: "Sync operation to c41e9a7 succeeded",
        component: "argocd-application-controller",
      },
      {
        at: argoSync + 2000,
        kind: "Application",
        apiVersion: "argoproj.io/v1alpha1",
        name: "portal-web",
        ns: "argocd",
        reason: "ResourceUpdated",
        message: "Updated health status: Progressing -> Healthy",
        component: "argocd-application-controller",
      },
    ]),
  );
  const argoLine = sc.lineOf(argoFile, "Sync operation to c41e9a7 succeeded");

  // Flagsmith audit log: a dashboard flag before impact, the proxy bypass as mitigation
  const fsFile = "evidence/flags/flagsmith-audit.json";
  sc.put(
    fsFile,
    flagsmithAudit(r, "portal", [
      {
        at: widgetFlag,
        log: "Flag state / Remote config value updated for feature: new_dashboard_widgets",
        author: { email: "lars.eriksen@tallyhq.example", first: "Lars", last: "Eriksen" },
      },
      {
        at: bypass,
        log: "Flag state / Remote config value updated for feature: integrations_via_egress_proxy",
        author: { email: "chen.wei@tallyhq.example", first: "Chen", last: "Wei" },
      },
      {
        at: T("06:58:02"),
        log: "Segment overrides updated for feature: new_dashboard_widgets",
        author: { email: "lars.eriksen@tallyhq.example", first: "Lars", last: "Eriksen" },
      },
    ]),
  );
  const widgetLine = sc.lineOf(fsFile, "feature: new_dashboard_widgets");
  const bypassLine = sc.lineOf(fsFile, "feature: integrations_via_egress_proxy");

  const alerts = [
    {
      name: "PartnerIntegrationErrors",
      at: T("08:12:30"),
      summary: "portal-api integration calls failing (5xx ratio 31%)",
      labels: { service: "portal-api" },
    },
    {
      name: "NotificationsPollErrors",
      at: T("05:10:00"),
      severity: "warning",
      summary: "notifications poll 5xx above 2%",
      labels: { service: "portal-api" },
      receiver: "slack-portal",
    },
  ];
  sc.put("evidence/alerts/amtool-alerts-0815.json", amtoolJson(r, alerts, T("08:15:40")));
  const P = { oc: "Femi Adeyemi", ic: "Chen Wei", net: "Ivana Horvat", dev: "Lars Eriksen" };
  const pd = { notify: T("08:12:44"), ack: T("08:14:58"), resolve: T("09:30:02") };
  sc.put(
    "evidence/pagerduty/incident-9042-log-entries.json",
    pagerduty(r, {
      sub: "tallyhq",
      service: "portal-api",
      incidentNo: 9042,
      title: "PartnerIntegrationErrors: portal-api integration calls failing",
      entries: [
        { type: "trigger", at: T("08:12:40") },
        { type: "notify", at: pd.notify, who: P.oc, via: "push" },
        { type: "acknowledge", at: pd.ack, who: P.oc },
        { type: "escalate", at: T("08:25:00"), who: P.oc, to: P.ic },
        { type: "resolve", at: pd.resolve, who: P.ic },
      ],
    }).text,
  );
  const users = [
    { key: "f", name: "femi", real: P.oc, tz: "Europe/London" },
    { key: "c", name: "chen.wei", real: P.ic, tz: "Europe/Amsterdam" },
    { key: "i", name: "ivana", real: P.net, tz: "Europe/Zagreb" },
    { key: "l", name: "lars", real: P.dev, tz: "Europe/Oslo" },
  ];
  const msgs = [
    {
      at: T("08:16:10"),
      user: "f",
      text: "ack. partner sync/status returning 502, rest of portal-api fine. started 08:09",
    },
    {
      at: T("08:18:35"),
      user: "f",
      text: "portal-web synced at 08:05 and new_dashboard_widgets changed at 08:07. @lars anything there touching integrations?",
    },
    {
      at: T("08:21:50"),
      user: "l",
      text: "neither goes near partner calls. log says SSLHandshakeException protocol_version via the egress proxy",
    },
    {
      at: T("08:27:15"),
      user: "i",
      text: "I swapped the egress proxy cert at 08:02 and also applied the TLS 1.3-only policy that was planned for next month. portal-api's client only speaks TLS 1.2",
    },
    {
      at: T("08:33:40"),
      user: "c",
      text: "IC. fastest path: route partner calls through NAT with integrations_via_egress_proxy=false, then revert the policy carefully",
    },
    { at: T("08:41:30"), user: "c", text: "flag flipped" },
    { at: T("08:43:05"), user: "f", text: "integration 502s stopped at 08:41" },
    {
      at: T("09:19:10"),
      user: "i",
      text: "policy back to ELBSecurityPolicy-TLS13-1-2-2021-06 on the egress proxy listener",
    },
    { at: T("09:30:00"), user: "c", text: "resolving. proxy flag stays off until the client upgrade" },
  ];
  slackExport(sc, { channel: "inc-9042-partner-502", users, messages: msgs });
  const chatRevert = slackLine(sc, "evidence/slack", "inc-9042-partner-502", T("09:19:10"), "policy back to");

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title:
          "salesforce.com trust status: load balancer change of 28 April 2013 (certificate upgrade plus an additional change scheduled for the future executed on the same load balancers; failures accessing external services)",
        url: "http://trust.salesforce.com/rest/rss/CS8",
      },
    ],
    story:
      "At 08:02 the network team swapped the certificate on the internal egress proxy's HTTPS listener (08:02:14) and, in the same window, applied the TLS 1.3-only security policy planned for a later date (08:02:31). portal-api's partner client only speaks TLS 1.2; pooled connections (10-minute keep-alive) kept working, so partner sync and status calls started failing with 502 from 08:08 as connections were recycled. An Argo CD sync of portal-web (08:05), a Route 53 change for a marketing domain (08:06) and the new_dashboard_widgets flag (08:07) were closer in time. Turning integrations_via_egress_proxy off at 08:41 routed partner calls through NAT and ended the errors; the policy was reverted at 09:18.",
    milestones: {
      impactStart: imp.start,
      detected: alerts[0].at,
      paged: pd.notify,
      acknowledged: pd.ack,
      mitigated: bypass,
      recovered: imp.end,
      resolved: pd.resolve,
    },
    trigger: {
      file: ctFile,
      line: triggerLine,
      effectiveAt: policy,
      what: "CloudTrail ModifyListener on the int-egress-proxy HTTPS listener: security policy changed to TLS 1.3 only (the second of two listener changes 17 s apart)",
    },
    redHerrings: [
      {
        file: ctFile,
        line: certLine,
        what: "ModifyListener certificate swap on the same listener 17 s earlier (harmless)",
      },
      { file: ctFile, line: r53Line, what: "Route 53 UPSERT for a marketing domain 3 min before impact" },
      { file: ctFile, line: sgLine, what: "security-group ingress rule for metrics scraping at 07:41" },
      { file: argoFile, line: argoLine, what: "Argo CD sync of portal-web 3.5 min before impact" },
      { file: fsFile, line: widgetLine, what: "Flagsmith new_dashboard_widgets change 1 min before impact" },
      { file: fsFile, line: bypassLine, what: "Flagsmith integrations_via_egress_proxy off: the mitigation" },
      {
        file: ctFile,
        line: revertLine,
        what: "policy reverted after recovery (rollback of the trigger, not the mitigation)",
      },
      { file: chatRevert.file, line: chatRevert.line, what: "chat announcement of the policy revert" },
    ],
    impact: imp.rows,
    baselineNoise: [
      { file: `evidence/envoy/${pods[0]}.log`, what: "steady 503s on /api/notifications/poll (about 3%) all morning" },
    ],
    people: Object.values(P),
    kinds: [
      "trigger:load-balancer change in CloudTrail (ModifyListener), two changes on the same resource 17 s apart",
      "effect delayed ~6 min by pooled TLS connections",
      "errors name the changed component (egress proxy host, protocol_version)",
      "red-herring:Argo CD sync, Route 53 change, Flagsmith flag closer to impact",
      "mitigation:flag flip (route around the proxy), rollback of the trigger later",
      "read-only CloudTrail calls (Describe*) are not changes",
      "baseline noise: 503s on another endpoint",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2026-07-21-partner-502",
      title: "Partner integration calls failing with 502",
      severity: "SEV2",
      services: ["portal-api"],
      start: T("07:45:00"),
      end: T("09:35:00"),
    }),
    truth,
  );
}
