// Modelled on Honeycomb's "Incident Review: What Comes Up Must First Go Down" (25 July 2023): traffic was switched
// between two storage/query clusters (a routine Terraform change); later the new cluster's load spiralled into a
// total outage. Restarting its nodes helped for ten minutes; switching back to the old cluster ended it.
import {
  alertmanagerV2,
  check,
  debriefYaml,
  fmt,
  impact,
  ms,
  pagerduty,
  Scenario,
  segments,
  slackExport,
  traffic,
  truthDoc,
  wobble,
  writeAccess,
} from "./lib.mjs";

export function build() {
  const sc = new Scenario({ id: "storage-cluster-switch", half: "sealed", seed: 230725 });
  const r = sc.r;
  const T = (hms) => ms(`2025-07-25T${hms}Z`);
  const from = T("12:20:00");
  const to = T("15:20:00");
  const switched = T("12:55:04");
  const onset = T("13:40:05");
  const restart = T("14:05:12");
  const refail = T("14:14:41");
  const back = T("14:46:52");
  const hosts = ["lb-1", "lb-2"];
  const endpoints = [
    {
      path: (x) => `/1/batch/${x.pick(["api", "web", "jobs"])}`,
      method: "POST",
      weight: 55,
      service: "ingest",
      rt: [0.005, 0.05],
    },
    { path: "/1/queries", method: "POST", weight: 20, service: "query", rt: [0.2, 2] },
    {
      path: (x) => `/${x.pick(["acme", "initech"])}/environments/prod/datasets/${x.pick(["api", "web"])}/home`,
      weight: 15,
      service: "ui",
    },
    { path: (x) => `/assets/${x.hex(10)}.js`, weight: 10, service: "ui", bytes: [20000, 200000] },
  ];
  const rules = [
    {
      ep: /^\/(1|acme|initech)\//,
      from: onset,
      to: restart + 45000,
      p: (t) => Math.min(0.95, 0.5 + (t - onset) / 120000),
      status: [500, 502, 503],
      tag: "incident",
      seg: 0,
    },
    {
      ep: /^\/(1|acme|initech)\//,
      from: refail,
      to: back + 80000,
      p: (t) => (t < back ? Math.min(0.95, 0.4 + (t - refail) / 120000) : 0.95 * (1 - (t - back) / 80000)),
      status: [500, 502, 503],
      tag: "incident",
      seg: 1,
    },
  ];
  const reqs = traffic(r, { from, to, rate: wobble(1.2), endpoints, hosts, rules });
  writeAccess(sc, "evidence/nginx/edge-access.log", reqs, "nginx");
  const imp = impact(reqs, [
    { service: "ingest", endpoint: "/1/batch/*", status: "5xx", match: (q) => q.path.startsWith("/1/batch/") },
    { service: "query", endpoint: "/1/queries", status: "5xx", match: (q) => q.path === "/1/queries" },
  ]);
  const segs = segments(reqs);
  check(segs.length === 2, "two segments");

  // terraform apply as captured in a GitHub Actions job log (plain terraform output, runner timestamps)
  const gl = [];
  const g = (t, text) => gl.push(`${fmt.gha(t, r)} ${text}`);
  g(T("12:54:10"), "##[group]Run terraform apply -auto-approve -input=false tfplan");
  g(T("12:54:12"), "module.retriever.aws_lb_target_group_attachment.query_b[0]: Creating...");
  g(
    T("12:54:13"),
    "module.retriever.aws_lb_target_group_attachment.query_b[0]: Creation complete after 1s [id=arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/retriever-b/6d0ecf831eec9f09-20250725125413]",
  );
  g(
    T("12:55:01"),
    "module.retriever.aws_lb_listener_rule.query_route: Modifying... [id=arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/query/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee]",
  );
  g(
    switched,
    "module.retriever.aws_lb_listener_rule.query_route: Modifications complete after 3s [id=arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/query/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee]",
  );
  g(switched + 600, "");
  g(switched + 700, "Apply complete! Resources: 1 added, 1 changed, 0 destroyed.");
  g(switched + 900, "##[endgroup]");
  const ciFile = "evidence/ci/terraform-retriever-switch-run-5521.log";
  sc.put(ciFile, gl);
  const triggerLine = sc.lineOf(ciFile, "query_route: Modifications complete");
  const bl = [];
  const b = (t, text) => bl.push(`${fmt.gha(t, r)} ${text}`);
  b(back - 40000, "##[group]Run terraform apply -auto-approve -input=false tfplan");
  b(
    back - 3000,
    "module.retriever.aws_lb_listener_rule.query_route: Modifying... [id=arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/query/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee]",
  );
  b(
    back,
    "module.retriever.aws_lb_listener_rule.query_route: Modifications complete after 3s [id=arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/query/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee]",
  );
  b(back + 800, "Apply complete! Resources: 0 added, 1 changed, 0 destroyed.");
  b(back + 900, "##[endgroup]");
  sc.put("evidence/ci/terraform-retriever-switch-back-run-5527.log", bl);

  const alerts = [
    {
      name: "ShepherdSLOBurnSlow",
      at: T("13:12:00"),
      severity: "warning",
      summary: "ingest SLO burning 2x (slow burn)",
      end: T("14:50:00"),
      labels: { slo: "ingest" },
    },
    {
      name: "HoneycombDown",
      at: T("13:41:10"),
      summary: "user-facing 5xx above 50%",
      end: T("14:49:30"),
      labels: { service: "edge" },
    },
  ];
  const alertFile = "evidence/alerts/alertmanager-alerts.json";
  sc.put(alertFile, alertmanagerV2(r, alerts));
  const P = { oc: "Fred Hebert-Lee", ic: "Maya Cohen", st: "Ian Brooks" };
  sc.put(
    "evidence/pagerduty/incident-7250-log-entries.json",
    pagerduty(r, {
      sub: "hivemind",
      service: "edge",
      incidentNo: 7250,
      title: "HoneycombDown: user-facing 5xx above 50%",
      entries: [
        { type: "trigger", at: T("13:41:15") },
        { type: "notify", at: T("13:41:17"), who: P.oc },
        { type: "acknowledge", at: T("13:42:30"), who: P.oc },
        { type: "resolve", at: T("15:05:00"), who: P.ic },
      ],
    }).text,
  );
  const users = [
    { key: "f", name: "fred", real: P.oc },
    { key: "m", name: "maya", real: P.ic },
    { key: "i", name: "ian", real: P.st },
  ];
  const msgs = [
    { at: T("13:43:00"), user: "f", text: "ack. everything user-facing is failing, retriever-b nodes pegged" },
    {
      at: T("13:52:30"),
      user: "i",
      text: "retriever-b has been the query target since the switch at 12:55; the slow burn since 13:12 was it warming up badly",
    },
    { at: T("14:04:50"), user: "m", text: "IC. restart retriever-b nodes to clear the backlog" },
    { at: T("14:07:40"), user: "f", text: "restart done, errors gone" },
    { at: T("14:15:30"), user: "f", text: "errors back, same pattern" },
    { at: T("14:36:00"), user: "m", text: "decision: switch queries back to retriever-a" },
    { at: T("14:47:10"), user: "i", text: "switch-back apply complete" },
    { at: T("14:49:40"), user: "f", text: "recovered" },
    { at: T("15:05:05"), user: "m", text: "resolving" },
  ];
  slackExport(sc, { channel: "inc-7250-total-outage", users, messages: msgs });
  check(alerts[1].at > imp.start && alerts[0].at < imp.start, "ordering");

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title: "Incident Review: What Comes Up Must First Go Down (Honeycomb, 25 July 2023)",
        url: "https://www.honeycomb.io/blog/incident-review-what-comes-up-must-first-go-down",
      },
    ],
    story:
      "A routine Terraform change switched query traffic from storage cluster A to cluster B at 12:55:04. A slow SLO burn began at 13:12 and was judged minor; at 13:40 cluster B's load spiralled and nearly every user-facing request (ingest, queries, UI) failed. Restarting B's nodes at 14:05 cleared the errors for about ten minutes, then they returned at 14:14. Switching back to cluster A with another Terraform apply (effective 14:46:52) ended the outage.",
    milestones: {
      impactStart: imp.start,
      detected: alerts[1].at,
      paged: T("13:41:17"),
      acknowledged: T("13:42:30"),
      mitigated: back,
      recovered: imp.end,
      resolved: T("15:05:00"),
    },
    trigger: {
      file: ciFile,
      line: triggerLine,
      effectiveAt: switched,
      what: "terraform apply switches the query listener rule to retriever-b (cluster switch)",
    },
    impact: imp.rows,
    precursors: [
      { file: alertFile, line: sc.lineOf(alertFile, '"alertname": "ShepherdSLOBurnSlow"'), at: alerts[0].at },
    ],
    falseRecoveries: [
      { at: Math.floor(segs[0].last / 1000) * 1000, refailAt: Math.floor(segs[1].first / 1000) * 1000 },
    ],
    people: Object.values(P),
    kinds: [
      "trigger:terraform-apply(plain, in GHA log)",
      "false-recovery:restart",
      "precursor:slow-burn-warning",
      "mitigation:switch-back",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2025-07-25-total-outage",
      title: "Total outage after storage cluster switch",
      severity: "SEV1",
      services: ["ingest", "query"],
      start: T("13:30:00"),
      end: T("15:15:00"),
    }),
    truth,
  );
}
