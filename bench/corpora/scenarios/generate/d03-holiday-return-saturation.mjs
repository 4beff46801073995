// Modelled on Slack's 4 January 2021 outage: the first working day after the holidays, traffic grows past what the
// provider's transit gateways absorb; packet loss makes the web tier unhealthy, autoscaling scales in on low CPU,
// and service returns after a large manual scale-up. No change triggered it.
import {
  check,
  debriefYaml,
  fmt,
  impact,
  iso,
  isoS,
  ms,
  pagerduty,
  ramp,
  Scenario,
  slackExport,
  traffic,
  truthDoc,
  webhookPayload,
  writeAccess,
} from "./lib.mjs";

export function build() {
  const sc = new Scenario({ id: "holiday-return-saturation", half: "dev", seed: 210104 });
  const r = sc.r;
  const T = (hms) => ms(`2025-01-06T${hms}Z`);
  const from = T("13:00:00");
  const to = T("16:10:00");
  const onset = T("14:02:10");
  const scaled = T("15:21:28");
  const gap = [T("14:59:58"), T("15:04:02")];
  const hosts = ["web-a1", "web-a2", "web-b1", "web-b2", "web-c1", "web-c2"];
  const endpoints = [
    { path: (x) => `/api/conversations.history?channel=C0${x.id(8)}`, weight: 30, service: "webapp" },
    { path: "/api/chat.postMessage", method: "POST", weight: 20, service: "webapp" },
    { path: "/api/client.boot", weight: 10, service: "webapp", rt: [0.1, 0.6] },
    { path: "/api/users.counts", weight: 8, service: "webapp" },
    {
      path: (x) => `/static/js/${x.pick(["boot", "app", "vendor"])}.${x.hex(10)}.min.js`,
      weight: 32,
      service: "webapp",
      bytes: [20000, 120000],
    },
  ];
  const rate = (t) => ramp(T("13:25:00"), T("14:40:00"), 0.55, 1.45)(t) * (1 + 0.05 * Math.sin(t / 300000));
  const rules = [
    {
      ep: /^\/api\//,
      from: onset,
      to: scaled + 120000,
      p: (t) =>
        t < T("14:50:00")
          ? ramp(onset, T("14:50:00"), 0.06, 0.5)(t)
          : t < scaled
            ? 0.5
            : ramp(scaled, scaled + 120000, 0.5, 0)(t),
      status: [502, 503, 504],
      tag: "incident",
      rt: [2, 10],
    },
  ];
  const reqs = traffic(r, { from, to, rate, endpoints, hosts, rules });
  writeAccess(sc, "evidence/web/access.log", reqs, "nginx", { gaps: [gap] });
  const imp = impact(reqs, [
    { service: "webapp", endpoint: "/api/*", status: "5xx", match: (q) => q.path.startsWith("/api/") },
  ]);

  // CoreDNS only logs errors (errors plugin); quiet stretches are normal
  const dns = [];
  const dnsLine = (tt) =>
    dns.push(
      `${iso(tt).replace("Z", `${String(r.int(0, 999999)).padStart(6, "0")}Z`)} [ERROR] plugin/errors: 2 ${r.pick(["vitess-gate.internal.", "flannel-api.internal.", "s3.us-east-1.amazonaws.com.", "sqs.us-east-1.amazonaws.com."])} ${r.pick(["A", "AAAA"])}: read udp 10.100.${r.int(0, 3)}.${r.int(2, 250)}:${r.int(30000, 60000)}->10.0.0.2:53: i/o timeout`,
    );
  for (let tt = from + 400000; tt < onset; tt += r.int(900, 1700) * 1000) dnsLine(tt);
  for (let tt = onset + 60000; tt < scaled; tt += r.int(4, 40) * 1000) dnsLine(tt);
  for (let tt = scaled + 600000; tt < to; tt += r.int(1200, 2000) * 1000) dnsLine(tt);
  sc.put("evidence/k8s/coredns-7db6d8ff4d-x2k9p.log", dns);

  // Egress firewall in Frankfurt: classic syslog in local time (CET), no zone in the line
  const fw = [];
  const kern = (tt, text) => {
    const kclock = 8812345.123456 + (tt - from) / 1000 + r() / 1000;
    fw.push({ t: tt, line: `${fmt.bsd(tt, 60)} fw-fra-1 kernel: [${kclock.toFixed(6)}] ${text}` });
  };
  for (let tt = from; tt < to; tt += r.int(20, 200) * 1000) {
    kern(
      tt,
      `[UFW BLOCK] IN=eth0 OUT= MAC=0a:1b:2c:3d:4e:5f:00:11:22:33:44:55:08:00 SRC=198.51.100.${r.int(2, 250)} DST=10.20.0.${r.int(2, 40)} LEN=44 TOS=0x00 PREC=0x00 TTL=${r.int(40, 250)} ID=${r.int(1, 65000)} PROTO=TCP SPT=${r.int(1024, 65000)} DPT=${r.pick([22, 23, 3389, 5900])} WINDOW=1024 RES=0x00 SYN URGP=0`,
    );
  }
  for (let tt = T("14:24:00"); tt < T("15:19:00"); tt += r.int(2, 25) * 1000)
    kern(tt, "nf_conntrack: nf_conntrack: table full, dropping packet");
  fw.sort((a, b) => a.t - b.t);
  sc.put(
    "evidence/firewall/fw-fra-1-kern.log",
    fw.map((x) => x.line),
  );

  // Auto Scaling activities (aws autoscaling describe-scaling-activities)
  const act = (start, end, desc, cause) => ({
    ActivityId: r.uuid(),
    AutoScalingGroupName: "webapp-prod-asg",
    Description: desc,
    Cause: cause,
    StartTime: iso(start),
    EndTime: iso(end),
    StatusCode: "Successful",
    Progress: 100,
    Details: JSON.stringify({
      "Subnet ID": `subnet-0${r.hex(16)}`,
      "Availability Zone": r.pick(["us-east-1a", "us-east-1b", "us-east-1c"]),
    }),
    AutoScalingGroupARN:
      "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:5e7c1a2b-0c9d-4e8f-a1b2-3c4d5e6f7a8b:autoScalingGroupName/webapp-prod-asg",
  });
  const activities = [
    act(
      scaled - 138000,
      scaled,
      `Launching a new EC2 instance: i-0${r.hex(16)}`,
      `At ${isoS(scaled - 146000)} a user request update of AutoScalingGroup constraints to min: 120, max: 400, desired: 120 changing the desired capacity from 40 to 120.  At ${isoS(scaled - 138000)} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from 40 to 120.`,
    ),
    act(
      T("14:31:12"),
      T("14:33:40"),
      `Terminating EC2 instance: i-0${r.hex(16)}`,
      `At ${isoS(T("14:31:05"))} a monitor alarm TargetTracking-webapp-prod-asg-AlarmLow-2b6f value 21.3 was in state ALARM triggering policy cpu-target-40 changing the desired capacity from 56 to 40.  At ${isoS(T("14:31:12"))} an instance was taken out of service in response to a difference between desired and actual capacity, shrinking the capacity from 56 to 40.`,
    ),
    act(
      T("13:48:02"),
      T("13:50:11"),
      `Launching a new EC2 instance: i-0${r.hex(16)}`,
      `At ${isoS(T("13:47:55"))} a monitor alarm TargetTracking-webapp-prod-asg-AlarmHigh-9c1d value 47.9 was in state ALARM triggering policy cpu-target-40 changing the desired capacity from 48 to 56.  At ${isoS(T("13:48:02"))} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from 48 to 56.`,
    ),
  ];
  sc.put(
    "evidence/aws/webapp-prod-asg-scaling-activities.json",
    `${JSON.stringify({ Activities: activities }, null, 4)}\n`,
  );

  const alertAt = T("14:47:31");
  sc.put(
    "evidence/alerts/alertmanager-webhook-1447.json",
    webhookPayload(r, [
      {
        name: "WebappAPIErrorBudgetBurn",
        at: alertAt,
        summary: "webapp API 5xx ratio 38% (burning 30-day budget at 90x)",
        labels: { service: "webapp" },
      },
    ]),
  );

  const P = { oc: "Grace Lin", ic: "Omar Haddad", sup: "Beth Rowe", net: "Ivan Petrov" };
  sc.put(
    "evidence/pagerduty/incident-20210-log-entries.json",
    pagerduty(r, {
      sub: "chatco",
      service: "webapp",
      incidentNo: 20210,
      title: "WebappAPIErrorBudgetBurn: webapp API 5xx ratio 38%",
      entries: [
        { type: "trigger", at: T("14:47:36") },
        { type: "notify", at: T("14:47:38"), who: P.oc },
        { type: "acknowledge", at: T("14:50:02"), who: P.oc },
        { type: "resolve", at: T("15:58:20"), who: P.ic },
      ],
    }).text,
  );
  const users = [
    { key: "grace", name: "glin", real: P.oc },
    { key: "omar", name: "omar.h", real: P.ic },
    { key: "beth", name: "beth.support", real: P.sup },
    { key: "ivan", name: "ipetrov", real: P.net },
  ];
  const humanReport = T("14:21:44");
  const msgs = [
    {
      at: humanReport,
      user: "beth",
      text: "support is getting a wave of tickets: messages failing to send, clients stuck on the loading screen",
    },
    {
      at: T("14:50:30"),
      user: "grace",
      text: "ack'd the error budget page. api 5xx climbing since ~14:05, lots of upstream timeouts",
    },
    {
      at: T("14:58:10"),
      user: "ivan",
      text: "seeing packet loss between VPCs via the transit gateway, opened a case with the provider",
    },
    {
      at: T("15:06:45"),
      user: "omar",
      text: "IC. autoscaling scaled us IN at 14:31 because CPU looked low (hosts blocked on network)",
    },
    {
      at: T("15:12:20"),
      user: "omar",
      text: "decision: pin desired capacity to 120 and raise min, provider is scaling the TGW on their side",
    },
    { at: T("15:19:05"), user: "grace", text: "updated webapp-prod-asg to min/desired 120, instances launching" },
    { at: T("15:24:40"), user: "grace", text: "new instances in service, error rate dropping" },
    { at: T("15:58:25"), user: "omar", text: "resolved. keeping capacity pinned overnight" },
  ];
  slackExport(sc, { channel: "inc-20210-api-errors", users, messages: msgs });
  check(humanReport > imp.start, "report after impact");

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title: "Slack's Outage on January 4th 2021",
        url: "https://slack.engineering/slacks-outage-on-january-4th-2021/",
      },
    ],
    story:
      "On the first working day of the year traffic grew steeply from 13:25. From about 14:02 packet loss in the cloud provider's transit gateways made API requests time out, and the error rate climbed for most of an hour; autoscaling even removed capacity at 14:31 because CPU looked low. Support reported failing messages at 14:21, the error-budget alert paged at 14:47. After the team pinned the web tier at 120 instances (in service at 15:21) while the provider scaled its gateways, errors fell back to baseline. No change triggered it. The busy access log lost four minutes at rotation; CoreDNS logs only errors.",
    milestones: {
      impactStart: imp.start,
      detected: humanReport,
      paged: T("14:47:38"),
      acknowledged: T("14:50:02"),
      mitigated: scaled,
      recovered: imp.end,
      resolved: T("15:58:20"),
    },
    trigger: null,
    impact: imp.rows,
    zones: [
      { file: "evidence/firewall/fw-fra-1-kern.log", utcOffsetMinutes: 60, zone: "Europe/Berlin", marked: "none" },
    ],
    gaps: [{ file: "evidence/web/access.log", from: gap[0], to: gap[1] }],
    errorOnlySources: ["evidence/k8s/coredns-7db6d8ff4d-x2k9p.log"],
    people: Object.values(P),
    kinds: [
      "no-trigger:organic-growth+provider",
      "mitigation:scale-up",
      "error-only:coredns",
      "gap:rotation",
      "zone:cet-zoneless-firewall",
      "detection:human-report",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2025-01-06-api-errors",
      title: "API errors and timeouts on the first working day",
      severity: "SEV1",
      services: ["webapp"],
      start: T("13:45:00"),
      end: T("16:05:00"),
    }),
    truth,
  );
}
