// Modelled on AWS's S3 disruption of 28 February 2017: an operator following a playbook ran a command meant to
// remove a few servers from a billing subsystem; an input was wrong and far more capacity was removed, including
// servers of the index subsystem, which then could not serve requests until it was fully restarted; the placement
// subsystem (needed for writes) came back last. The command exists only as the operator's note in chat; an
// autoscaling scale-in and a Puppet run are closer to the impact.
import {
  alertmanagerV2,
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
  const sc = new Scenario({ id: "capacity-playbook-chat-only", half: "sealed", seed: 170228 });
  const r = sc.r;
  const T = (hms) => ms(`2026-02-26T${hms}Z`);
  const from = T("17:10:00");
  const to = T("20:00:00");
  const removed = T("17:37:05");
  const onset = T("17:39:40");
  const indexBack = T("18:58:30");
  const placementBack = T("19:41:10");
  const hosts = ["fe-01", "fe-02", "fe-03", "fe-04", "fe-05"];
  const skewHost = "fe-04";
  const skewMs = -52000;
  const bucket = (x) => x.pick(["assets-prod", "tenant-4410", "logs-archive", "media-uploads", "build-cache"]);
  const endpoints = [
    {
      path: (x) => `/${bucket(x)}/${x.hex(2)}/${x.hex(20)}`,
      weight: 48,
      service: "object-frontend",
      bytes: [3000, 500000],
      kind: "read",
    },
    {
      path: (x) => `/${bucket(x)}?list-type=2&prefix=${x.hex(3)}`,
      weight: 14,
      service: "object-frontend",
      kind: "read",
    },
    {
      path: (x) => `/${bucket(x)}/${x.hex(2)}/${x.hex(20)}`,
      method: "HEAD",
      weight: 10,
      service: "object-frontend",
      kind: "read",
    },
    {
      path: (x) => `/${bucket(x)}/${x.hex(2)}/${x.hex(20)}`,
      method: "PUT",
      weight: 28,
      service: "object-frontend",
      rt: [0.05, 0.5],
      kind: "write",
    },
  ];
  const ramp = (t) => Math.min(1, (t - onset) / 60000);
  const rules = [
    {
      ep: null,
      from: onset,
      to: indexBack + 30000,
      p: (t) => 0.97 * ramp(t) * (t < indexBack ? 1 : 1 - (t - indexBack) / 30000),
      status: 503,
      tag: "incident",
    },
  ];
  const reqs = traffic(r, { from, to, rate: (t) => 0.85 + 0.08 * Math.sin(t / 520000), endpoints, hosts, rules });
  // writes also need the placement subsystem, which came back later
  for (const q of reqs) {
    if (q.ep.kind === "write" && q.t >= indexBack && q.t < placementBack + 40000 && q.tag !== "incident") {
      const p = q.t < placementBack ? 0.95 : 0.95 * (1 - (q.t - placementBack) / 40000);
      if (r() < p) {
        q.status = 503;
        q.tag = "incident";
        q.bytes = r.int(180, 400);
      }
    }
  }
  for (const h of hosts)
    writeAccess(sc, `evidence/frontend/${h}-access.log`, reqs, "nginx", {
      filter: (q) => q.host === h,
      skewMs: h === skewHost ? skewMs : 0,
    });
  const imp = impact(reqs, [
    {
      service: "object-frontend",
      endpoint: "GET/HEAD/LIST (reads)",
      status: "503",
      match: (q) => q.ep.kind === "read",
      statusMatch: (s) => s === 503,
    },
    {
      service: "object-frontend",
      endpoint: "PUT (writes)",
      status: "503",
      match: (q) => q.ep.kind === "write",
      statusMatch: (s) => s === 503,
    },
  ]);

  // front-end application errors only, Pacific time without zone
  const off = -480;
  const errLines = [];
  for (const q of reqs) {
    if (q.tag !== "incident" || r() > 0.3) continue;
    const why =
      q.t < indexBack
        ? `IndexClient: lookup failed for ${q.path.split("?")[0]}: insufficient index capacity (live 3/8, quorum 5)`
        : `PlacementClient: no placement for new object ${q.path}: placement subsystem unavailable`;
    errLines.push(`${fmt.naive(q.t + 3, off, 3)} ERROR [${q.host}] ${why}`);
  }
  const errFile = "evidence/frontend/frontend-errors.log";
  sc.put(errFile, errLines);

  // EC2 Auto Scaling activity history (aws autoscaling describe-scaling-activities)
  const act = (at, desc, cause, dur) => ({
    ActivityId: r.uuid(),
    AutoScalingGroupName: "fe-nw1-asg",
    Description: desc,
    Cause: cause,
    StartTime: `${fmt.isoOff(at, 0, 3).slice(0, 23)}000+00:00`,
    EndTime: `${fmt.isoOff(at + dur, 0, 3).slice(0, 23)}000+00:00`,
    StatusCode: "Successful",
    Progress: 100,
    Details: '{"Subnet ID":"subnet-0a4c1e7b2d9f03c58","Availability Zone":"nw-1b"}',
    AutoScalingGroupARN:
      "arn:aws:autoscaling:nw-1:210987654321:autoScalingGroup:6f1c0e2a-4b3d-4c5e-9f70-1a2b3c4d5e6f:autoScalingGroupName/fe-nw1-asg",
  });
  const asgAt = T("17:38:12");
  const activities = [
    act(
      T("19:52:40"),
      "Launching a new EC2 instance: i-0c2f7d91a4be35e60",
      "At 2026-02-26T19:52:31Z a monitor alarm fe-nw1-cpu-high in state ALARM triggered policy fe-scale-out changing the desired capacity from 10 to 11.  At 2026-02-26T19:52:38Z an instance was started in response to a difference between desired and actual capacity, increasing the capacity from 10 to 11.",
      41000,
    ),
    act(
      asgAt,
      "Terminating EC2 instance: i-07b1e4c9d2a6f3081",
      "At 2026-02-26T17:38:03Z a monitor alarm fe-nw1-cpu-low in state ALARM triggered policy fe-scale-in changing the desired capacity from 11 to 10.  At 2026-02-26T17:38:12Z an instance was taken out of service in response to a difference between desired and actual capacity, shrinking the capacity from 11 to 10.  At 2026-02-26T17:38:12Z instance i-07b1e4c9d2a6f3081 was selected for termination.",
      96000,
    ),
    act(
      T("16:10:05"),
      "Launching a new EC2 instance: i-03e9a0b6c1d7f2e45",
      "At 2026-02-26T16:09:58Z a monitor alarm fe-nw1-cpu-high in state ALARM triggered policy fe-scale-out changing the desired capacity from 10 to 11.  At 2026-02-26T16:10:05Z an instance was started in response to a difference between desired and actual capacity, increasing the capacity from 10 to 11.",
      44000,
    ),
  ];
  const asgFile = "evidence/aws/fe-nw1-asg-scaling-activities.json";
  sc.put(asgFile, `${JSON.stringify({ Activities: activities }, null, 4)}\n`);

  // Puppet agent runs on the billing fleet (syslog, UTC)
  const pl = [];
  for (const [h, at] of [
    ["billing-03", T("17:09:44")],
    ["billing-01", T("17:38:51")],
    ["billing-02", T("17:39:06")],
  ]) {
    pl.push(
      `${fmt.bsd(at)} ${h} puppet-agent[${r.int(20000, 29999)}]: (/Stage[main]/Billing::Exporter/File[/etc/billing/exporter.yaml]/content) content changed '{sha256}${r.hex(16)}' to '{sha256}${r.hex(16)}'`,
    );
    pl.push(
      `${fmt.bsd(at + 2600)} ${h} puppet-agent[${r.int(20000, 29999)}]: (/Stage[main]/Billing::Exporter/Service[billing-exporter]) Triggered 'refresh' from 1 event`,
    );
    pl.push(
      `${fmt.bsd(at + 4100)} ${h} puppet-agent[${r.int(20000, 29999)}]: Applied catalog in ${r.int(9, 15)}.${r.int(10, 99)} seconds`,
    );
  }
  const puppetFile = "evidence/billing/puppet-agent.log";
  sc.put(puppetFile, pl);

  const alerts = [
    {
      name: "BillingExportLag",
      at: T("17:12:00"),
      severity: "warning",
      summary: "billing export lag above 20m",
      end: T("17:44:00"),
      labels: { team: "billing" },
    },
    {
      name: "ObjectFrontend503Ratio",
      at: T("17:41:05"),
      summary: "object-frontend 503 ratio above 10% in nw-1",
      end: T("19:44:30"),
      labels: { team: "storage", region: "nw-1" },
    },
    {
      name: "IndexQuorumLost",
      at: T("17:41:40"),
      summary: "index subsystem live hosts below quorum (3/8)",
      end: T("18:58:40"),
      labels: { team: "storage", region: "nw-1" },
    },
    {
      name: "NodeClockSkewDetected",
      at: T("17:05:00"),
      severity: "warning",
      summary: "clock on fe-04 drifting (ntp unsynchronised)",
      labels: { instance: "fe-04:9100" },
      receiver: "slack-storage",
    },
  ];
  const alertFile = "evidence/alerts/alertmanager-alerts.json";
  sc.put(alertFile, alertmanagerV2(r, alerts));

  const P = { op: "Gareth Wills", oc: "Amara Okonkwo", ic: "Henrik Sjöberg", idx: "Mei Lin" };
  const pd = { notify: T("17:41:12"), ack: T("17:43:30"), resolve: T("19:55:20") };
  sc.put(
    "evidence/pagerduty/incident-2281-log-entries.json",
    pagerduty(r, {
      sub: "cirrus",
      service: "object-storage-nw1",
      incidentNo: 2281,
      title: "ObjectFrontend503Ratio: object-frontend 503 ratio above 10% in nw-1",
      entries: [
        { type: "trigger", at: T("17:41:10") },
        { type: "notify", at: pd.notify, who: P.oc, via: "phone" },
        { type: "acknowledge", at: pd.ack, who: P.oc },
        { type: "escalate", at: T("17:48:00"), who: P.oc, to: P.ic },
        { type: "notify", at: T("17:48:02"), who: P.ic, via: "phone" },
        { type: "resolve", at: pd.resolve, who: P.ic },
      ],
    }).text,
  );
  const users = [
    { key: "g", name: "gwills", real: P.op, tz: "America/Los_Angeles" },
    { key: "a", name: "amara", real: P.oc, tz: "America/Los_Angeles" },
    { key: "h", name: "henrik", real: P.ic, tz: "America/Los_Angeles" },
    { key: "m", name: "meilin", real: P.idx, tz: "America/Los_Angeles" },
  ];
  const msgs = [
    {
      at: T("17:21:10"),
      user: "g",
      text: "billing export is lagging again. going through the remove-capacity playbook for the billing index fleet, step 3 after lunch",
    },
    {
      at: T("17:37:20"),
      user: "g",
      text: "ran remove-capacity on idx-billing at 17:37:05 (playbook step 3). output: 44 hosts drained and removed",
    },
    { at: T("17:42:30"), user: "a", text: "paged: 503s on GET and PUT across nw-1 front ends" },
    {
      at: T("17:45:15"),
      user: "a",
      text: "fe ASG scaled in at 17:38 and puppet touched billing-01/02 at 17:39. either of those?",
    },
    {
      at: T("17:50:40"),
      user: "m",
      text: "index subsystem is down to 3 of 8 live hosts, below quorum. something removed index hosts",
    },
    {
      at: T("17:53:05"),
      user: "g",
      text: "oh no. the playbook input was meant to be 4 hosts; 44 included index-meta hosts",
    },
    {
      at: T("17:58:20"),
      user: "h",
      text: "IC. we can't add hosts back into a running index; it needs a full restart with metadata validation. go",
    },
    { at: T("18:02:10"), user: "m", text: "index restart started. validation takes a while at this size" },
    { at: T("18:59:00"), user: "m", text: "index is serving again, GET/LIST recovering. placement restarting next" },
    { at: T("19:41:30"), user: "m", text: "placement back, PUTs succeeding" },
    { at: T("19:55:30"), user: "h", text: "resolved. playbook gets a minimum-capacity guard" },
  ];
  slackExport(sc, { channel: "storage-ops", users, messages: msgs });
  const chatFile = "evidence/slack/storage-ops/2026-02-26.json";

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title: "Summary of the Amazon S3 Service Disruption in the Northern Virginia (US-EAST-1) Region (28 Feb 2017)",
        url: "https://aws.amazon.com/message/41926/",
      },
    ],
    story:
      "Gareth Wills ran the remove-capacity playbook against the billing index fleet at 17:37:05 and noted it only in #storage-ops; a wrong input removed 44 hosts instead of 4, including index-subsystem hosts. From 17:39 the index lost quorum and nearly all GET, LIST, HEAD and PUT requests in nw-1 failed with 503. An ASG scale-in (17:38) and Puppet runs on the billing fleet (17:39) were closer to impact and were suspected first. The index could only come back through a full restart (18:02–18:58); reads recovered then, and writes once the placement subsystem restarted at 19:41. One front end (fe-04) has a clock 52 s behind.",
    milestones: {
      impactStart: imp.start,
      detected: alerts[1].at,
      paged: pd.notify,
      acknowledged: pd.ack,
      mitigated: placementBack,
      recovered: imp.end,
      resolved: pd.resolve,
    },
    trigger: {
      file: chatFile,
      line: sc.lineOf(chatFile, "ran remove-capacity on idx-billing"),
      effectiveAt: removed,
      what: "remove-capacity playbook run on idx-billing with a wrong input (44 hosts removed, including index hosts), recorded only in chat",
    },
    redHerrings: [
      {
        file: asgFile,
        line: sc.lineOf(asgFile, "Terminating EC2 instance: i-07b1e4c9d2a6f3081"),
        what: "front-end ASG scale-in at 17:38, normal",
      },
      {
        file: puppetFile,
        line: sc.lineOf(puppetFile, "billing-01 puppet-agent"),
        what: "Puppet run on billing-01/02 at 17:39 (exporter config), unrelated",
      },
    ],
    impact: imp.rows,
    skews: [{ file: `evidence/frontend/${skewHost}-access.log`, offsetSeconds: skewMs / 1000 }],
    zones: [{ file: errFile, utcOffsetMinutes: off, zone: "America/Los_Angeles", marked: "none" }],
    errorOnlySources: [errFile],
    waits: [{ from: T("18:02:10"), to: indexBack, what: "index subsystem full restart with metadata validation" }],
    people: Object.values(P),
    kinds: [
      "trigger:chat-announcement only (maintenance playbook)",
      "red-herring:autoscaling (EC2 ASG activities)",
      "red-herring:config-apply (Puppet syslog)",
      "mitigation:restart (not a rollback), staged recovery reads then writes",
      "skew:1-of-5 (-52 s)",
      "zone-less local-time error-only source (PST)",
      "detection-alert-among-other-alerts",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2026-02-26-object-503",
      title: "Object storage requests failing in nw-1",
      severity: "SEV1",
      services: ["object-frontend"],
      start: T("17:30:00"),
      end: T("19:55:00"),
    }),
    truth,
  );
}
