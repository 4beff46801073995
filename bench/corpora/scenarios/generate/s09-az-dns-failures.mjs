// Modelled on Honeycomb's 28 July 2020 ingest incident: the cloud provider's DNS failed lookups from one
// availability zone; ingest hosts in that zone failed part of their requests until the on-call removed the zone from
// the autoscaling group. No change triggered it. The resolver logs only errors.
import {
  amtoolJson,
  check,
  debriefYaml,
  impact,
  isoS,
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
  const sc = new Scenario({ id: "az-dns-failures", half: "sealed", seed: 200728 });
  const r = sc.r;
  const T = (hms) => ms(`2025-07-28T${hms}Z`);
  const from = T("07:50:00");
  const to = T("10:40:00");
  const onset = T("08:30:12");
  const drained = T("10:01:40");
  const hosts = [
    "shepherd-1a-1",
    "shepherd-1a-2",
    "shepherd-1a-3",
    "shepherd-1b-1",
    "shepherd-1b-2",
    "shepherd-1b-3",
    "shepherd-1c-1",
    "shepherd-1c-2",
    "shepherd-1c-3",
  ];
  const inA = hosts.filter((h) => h.includes("-1a-"));
  const endpoints = [
    {
      path: (x) => `/1/batch/${x.pick(["prod-api", "frontend", "k8s-events", "billing"])}`,
      method: "POST",
      weight: 60,
      service: "shepherd",
      rt: [0.005, 0.05],
    },
    {
      path: (x) => `/1/events/${x.pick(["prod-api", "frontend", "cron"])}`,
      method: "POST",
      weight: 30,
      service: "shepherd",
      rt: [0.003, 0.03],
    },
    { path: "/1/auth", weight: 10, service: "shepherd" },
  ];
  const rules = [
    {
      ep: null,
      hosts: inA,
      from: onset,
      to: drained + 20000,
      p: (t) => Math.min(0.62, 0.2 + (t - onset) / 1800000),
      status: 500,
      tag: "incident",
      rt: [1, 5],
    },
  ];
  const reqs = traffic(r, { from, to, rate: wobble(1.1), endpoints, hosts: [...hosts], rules });
  for (const q of reqs)
    if (q.t >= drained && inA.includes(q.host)) q.host = r.pick(hosts.filter((h) => !inA.includes(h)));
  writeAccess(sc, "evidence/envoy/ingest-envoy-access.log", reqs, "envoy", { ctx: { domain: "api.hivemind.example" } });
  const imp = impact(reqs, [
    { service: "shepherd", endpoint: null, status: "500", match: () => true, statusMatch: (s) => s === 500 },
    {
      service: "shepherd (us-east-1a upstream hosts)",
      endpoint: null,
      status: "500",
      match: (q) => inA.includes(q.host),
      statusMatch: (s) => s === 500,
    },
  ]);

  // unbound on the 1a hosts logs only errors (verbosity 1), epoch-second timestamps
  const ub = [];
  const errLine = (t) =>
    ub.push(
      `[${Math.floor(t / 1000)}] unbound[${r.pick([812, 815])}:${r.int(0, 1)}] error: SERVFAIL <${r.pick(["kafka-3.ingest.internal.", "kafka-7.ingest.internal.", "retriever-12.internal.", "s3.us-east-1.amazonaws.com."])} A IN>: all the configured stub or forward servers failed, at zone . no server to query nameserver addresses not usable`,
    );
  for (let t = from + 200000; t < onset; t += r.int(700, 1500) * 1000) errLine(t);
  for (let t = onset + 5000; t < drained; t += r.int(2, 25) * 1000) errLine(t);
  sc.put("evidence/hosts/shepherd-1a-1/unbound.log", ub);

  // Auto Scaling activities (the mitigation: 1a subnet removed, instances replaced)
  const acts = [
    {
      ActivityId: r.uuid(),
      AutoScalingGroupName: "shepherd-prod",
      Description: `Terminating EC2 instance: i-0${r.hex(16)}`,
      Cause: `At ${isoS(T("09:58:31"))} a user request update of AutoScalingGroup constraints to VPCZoneIdentifier subnet-0b1c (us-east-1b), subnet-0c2d (us-east-1c) changed the zones. At ${isoS(T("09:58:35"))} an instance was taken out of service in response to an AZ rebalancing activity.`,
      StartTime: `${isoS(T("09:58:35"))}`,
      EndTime: `${isoS(drained)}`,
      StatusCode: "Successful",
      Progress: 100,
      Details: JSON.stringify({ "Availability Zone": "us-east-1a" }),
    },
    {
      ActivityId: r.uuid(),
      AutoScalingGroupName: "shepherd-prod",
      Description: `Launching a new EC2 instance: i-0${r.hex(16)}`,
      Cause: `At ${isoS(T("09:58:36"))} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from 6 to 9.`,
      StartTime: `${isoS(T("09:58:36"))}`,
      EndTime: `${isoS(T("10:15:08"))}`,
      StatusCode: "Successful",
      Progress: 100,
      Details: JSON.stringify({ "Availability Zone": "us-east-1c" }),
    },
  ];
  sc.put("evidence/aws/shepherd-prod-scaling-activities.json", `${JSON.stringify({ Activities: acts }, null, 4)}\n`);

  const alerts = [
    {
      name: "KafkaUnderReplicatedPartitions",
      at: T("07:55:40"),
      severity: "warning",
      summary: "3 under-replicated partitions on kafka-2",
      labels: { cluster: "ingest-kafka" },
      receiver: "slack-platform",
    },
    {
      name: "IngestLatencySLOBurn",
      at: T("08:53:02"),
      summary: "ingest latency SLO burning 14x",
      labels: { slo: "ingest-latency" },
    },
  ];
  const amFile = "evidence/alerts/amtool-alerts-0915.json";
  sc.put(amFile, amtoolJson(r, alerts, T("09:15:00")));
  const P = { oc: "Liz Fong", ic: "Ben Hartley" };
  sc.put(
    "evidence/pagerduty/incident-728-log-entries.json",
    pagerduty(r, {
      sub: "hivemind",
      service: "ingest",
      incidentNo: 728,
      title: "IngestLatencySLOBurn: ingest latency SLO burning 14x",
      entries: [
        { type: "trigger", at: T("08:53:07") },
        { type: "notify", at: T("08:53:09"), who: P.oc },
        { type: "acknowledge", at: T("08:55:40"), who: P.oc },
        { type: "resolve", at: T("10:31:00"), who: P.ic },
      ],
    }).text,
  );
  const users = [
    { key: "l", name: "liz", real: P.oc, tz: "America/Los_Angeles" },
    { key: "b", name: "ben", real: P.ic, tz: "America/Los_Angeles" },
  ];
  const msgs = [
    { at: T("08:56:10"), user: "l", text: "ack SLO burn. errors and latency only on the shepherd hosts in us-east-1a" },
    {
      at: T("09:20:30"),
      user: "l",
      text: "DNS lookups failing from 1a: kafka and retriever names SERVFAIL. provider status page now mentions Route 53 resolution issues in one AZ",
    },
    { at: T("09:50:00"), user: "b", text: "let's take 1a out of the ASG and let it rebalance into b and c" },
    { at: T("09:58:40"), user: "l", text: "removed the 1a subnet from shepherd-prod, instances draining" },
    { at: T("10:02:30"), user: "l", text: "1a hosts out of the target group, error rate at baseline" },
    { at: T("10:31:05"), user: "b", text: "resolving. we'll move back to 1a once the provider says it's fixed" },
  ];
  slackExport(sc, { channel: "inc-728-ingest", users, messages: msgs });
  check(alerts[1].at > imp.start && alerts[0].at < imp.start, "ordering");

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title: "Honeycomb Ingest Outage (Route 53 lookup failures in us-east-1a), 28 July 2020",
        url: "https://status.honeycomb.io/incidents/jls2lggldlfj",
      },
    ],
    story:
      "From 08:30 the cloud provider's DNS failed lookups from instances in one availability zone. The three ingest hosts in us-east-1a could not resolve their Kafka brokers and failed a growing share of their requests, while hosts in the other zones were fine. The latency SLO burn alert paged at 08:53. The on-call removed the zone's subnet from the autoscaling group at 09:58; once the 1a hosts were out of service at 10:01:40 errors stopped, and replacements launched in the other zones. No change of ours triggered it; the resolver log holds only errors.",
    milestones: {
      impactStart: imp.start,
      detected: alerts[1].at,
      paged: T("08:53:09"),
      acknowledged: T("08:55:40"),
      mitigated: drained,
      recovered: imp.end,
      resolved: T("10:31:00"),
    },
    trigger: null,
    impact: imp.rows,
    errorOnlySources: ["evidence/hosts/shepherd-1a-1/unbound.log"],
    precursors: [{ file: amFile, line: 1, at: alerts[0].at }],
    people: Object.values(P),
    kinds: [
      "no-trigger:external-provider-dns",
      "error-only:unbound-epoch",
      "mitigation:remove-az",
      "alerts:single-line-json+precursor",
      "partial-host-failure",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2025-07-28-ingest-dns",
      title: "Ingest errors from one availability zone",
      severity: "SEV2",
      services: ["shepherd"],
      start: T("08:20:00"),
      end: T("10:35:00"),
    }),
    truth,
  );
}
