// Modelled on Atlassian's April 2022 outage: a maintenance script meant to remove a legacy app was given site IDs
// instead of app IDs and deleted whole customer sites; only those tenants were down, and restoring them waited for
// an approval before the restore could run.
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
  webhookPayload,
  wobble,
  writeAccess,
} from "./lib.mjs";

export function build() {
  const sc = new Scenario({ id: "maintenance-script-deletes-sites", half: "sealed", seed: 220405 });
  const r = sc.r;
  const T = (hms) => ms(`2025-04-08T${hms}Z`);
  const from = T("07:00:00");
  const to = T("11:10:00");
  const start = T("07:38:40");
  const restored = T("10:41:31");
  const tenants = Array.from(
    { length: 300 },
    (_, i) =>
      `${["acme", "globex", "initech", "umbrella", "hooli", "vandelay", "stark", "wonka"][i % 8]}${i}.atlas-cloud.example`,
  );
  const deleted = tenants.filter(() => r() < 0.12);
  const delAt = new Map(deleted.map((d, i) => [d, start + Math.round((i * (T("08:01:10") - start)) / deleted.length)]));
  const hosts = ["router-1", "router-2", "router-3"];
  const endpoints = [
    {
      path: (x) => `/wiki/spaces/${x.pick(["ENG", "OPS", "HR", "SALES"])}/pages/${x.int(100000, 999999)}`,
      weight: 40,
      service: "confluence",
      rt: [0.05, 0.4],
    },
    {
      path: (x) => `/rest/api/3/issue/${x.pick(["ENG", "OPS", "SUP"])}-${x.int(1, 9000)}`,
      weight: 40,
      service: "jira",
    },
    {
      path: (x) => `/s/${x.hex(8)}/_/download/batch/${x.hex(6)}.js`,
      weight: 20,
      service: "static",
      bytes: [10000, 200000],
    },
  ];
  const reqs = traffic(r, { from, to, rate: wobble(0.72), endpoints, hosts, rules: [] });
  let fails = 0;
  for (const q of reqs) {
    q.domain = r.pick(tenants);
    const d = delAt.get(q.domain);
    if (d !== undefined && q.t >= d + 2000 && q.t < restored + r.int(0, 90000) && !q.path.startsWith("/s/")) {
      q.status = 503;
      q.tag = "incident";
      q.seg = 0;
      q.bytes = 212;
      fails++;
    }
  }
  check(fails > 100, "enough failures");
  writeAccess(sc, "evidence/envoy/site-router-access.log", reqs, "envoy", { ctx: { domain: "x" } });
  const imp = impact(reqs, [
    {
      service: "cloud-sites (deleted tenants)",
      endpoint: null,
      status: "503",
      match: (q) => delAt.has(q.domain),
      statusMatch: (s) => s === 503,
    },
    {
      service: "cloud-sites (all tenants)",
      endpoint: null,
      status: "503",
      match: () => true,
      statusMatch: (s) => s === 503,
    },
  ]);
  const affected = new Set(imp.within.filter((q) => q.tag === "incident").map((q) => q.domain));

  // Jenkins console log of the maintenance job (Timestamper, ISO with Z)
  const jl = [];
  const j = (t, text) => jl.push(`[${fmt.isoOff(t, 0, 3).replace("+00:00", "Z")}] ${text}`);
  j(T("07:37:41"), "Started by user Noah Fischer");
  j(T("07:37:42"), "[Pipeline] Start of Pipeline");
  j(T("07:37:44"), "Running on maint-agent-2 in /var/lib/jenkins/workspace/legacy-app-removal");
  j(T("07:37:50"), "[Pipeline] stage (Remove legacy Insight app)");
  j(T("07:37:52"), "+ ./bin/site-maintenance --action delete --ids-file removal-batch-7.txt --execute");
  j(T("07:38:01"), `site-maintenance: loaded ${deleted.length} ids from removal-batch-7.txt`);
  j(T("07:38:02"), "site-maintenance: mode=EXECUTE (permanent delete)");
  for (const d of deleted)
    j(delAt.get(d), `site-maintenance: DELETE ${d.replace(".atlas-cloud.example", "")} (${r.uuid()}) ... ok`);
  j(T("08:01:12"), `site-maintenance: done, ${deleted.length} deleted, 0 failed`);
  j(T("08:01:13"), "[Pipeline] End of Pipeline");
  j(T("08:01:13"), "Finished: SUCCESS");
  const jf = "evidence/ci/jenkins-legacy-app-removal-311.log";
  sc.put(jf, jl);
  const triggerLine = sc.lineOf(jf, "site-maintenance: DELETE");

  const alertAt = T("07:52:20");
  sc.put(
    "evidence/alerts/alertmanager-webhook-0752.json",
    webhookPayload(r, [
      {
        name: "TenantSitesUnavailable",
        at: alertAt,
        summary: "site router 503 for 9 tenants (site not found in catalog)",
        labels: { service: "site-router" },
      },
    ]),
  );
  const P = { oc: "Noah Fischer", sup: "Ava Brooks", ic: "Kenji Sato", cto: "Maria Lopez", data: "Oskar Lind" };
  sc.put(
    "evidence/pagerduty/incident-40522-log-entries.json",
    pagerduty(r, {
      sub: "atlas-cloud",
      service: "site-router",
      incidentNo: 40522,
      title: "TenantSitesUnavailable: site router 503 for 9 tenants",
      entries: [
        { type: "trigger", at: alertAt + 5000 },
        { type: "notify", at: alertAt + 7000, who: P.oc },
        { type: "acknowledge", at: T("07:55:02"), who: P.oc },
        { type: "escalate", at: T("08:20:00"), who: P.oc, to: P.ic },
        { type: "resolve", at: T("11:02:40"), who: P.ic },
      ],
    }).text,
  );
  const askAt = T("08:31:15");
  const goAt = T("09:21:50");
  const users = [
    { key: "n", name: "noah", real: P.oc },
    { key: "a", name: "ava.support", real: P.sup },
    { key: "k", name: "kenji", real: P.ic },
    { key: "m", name: "maria", real: P.cto },
    { key: "o", name: "oskar", real: P.data },
  ];
  const reportAt = T("07:47:05");
  const msgs = [
    {
      at: reportAt,
      user: "a",
      text: "support: several customers say their Jira and Confluence sites are gone, 503 site unavailable",
    },
    {
      at: T("07:56:00"),
      user: "n",
      text: "ack. the legacy-app removal job ran 07:38-08:01, checking the ids it was given",
    },
    { at: T("08:12:40"), user: "n", text: "the ids file had site ids, not app ids. the job deleted whole sites" },
    { at: T("08:22:30"), user: "k", text: "IC. stop all maintenance jobs. how fast can we restore?" },
    {
      at: askAt,
      user: "o",
      text: "restore from the hourly backups overwrites anything written after; need sign-off from Maria before we run it across tenants",
    },
    { at: T("09:02:10"), user: "k", text: "still waiting on the restore sign-off" },
    { at: goAt, user: "m", text: "approved, restore the deleted sites from the 07:00 backups" },
    { at: T("09:24:00"), user: "o", text: "restore running, batches of 10 tenants" },
    { at: T("10:42:00"), user: "o", text: "all deleted sites restored and re-registered in the catalog" },
    { at: T("10:45:30"), user: "a", text: "customers confirming access" },
    { at: T("11:02:45"), user: "k", text: "resolving" },
  ];
  slackExport(sc, { channel: "inc-40522-sites-deleted", users, messages: msgs });
  check(reportAt > imp.start, "report after impact");

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title: "Post-Incident Review on the Atlassian April 2022 outage",
        url: "https://www.atlassian.com/engineering/post-incident-review-april-2022-outage",
      },
    ],
    story:
      "A Jenkins maintenance job meant to remove a legacy app was given a file of site IDs instead of app IDs and, from 07:38:40 to 08:01, permanently deleted whole customer sites. Requests to those tenants' sites returned 503 from the site router while all other tenants were unaffected, so the site-wide error rate stayed small. Support reported it at 07:47 and an alert paged at 07:52. Restoring from backups needed executive sign-off, which took 51 minutes; the restore finished at 10:41:31 and the sites came back.",
    milestones: {
      impactStart: imp.start,
      detected: reportAt,
      paged: alertAt + 7000,
      acknowledged: T("07:55:02"),
      mitigated: restored,
      recovered: imp.end,
      resolved: T("11:02:40"),
    },
    trigger: {
      file: jf,
      line: triggerLine,
      effectiveAt: start,
      what: "Jenkins legacy-app-removal job deletes customer sites (first DELETE)",
    },
    impact: imp.rows,
    waits: [{ from: askAt, to: goAt, what: "waiting for sign-off to restore the deleted sites from backup" }],
    people: Object.values(P),
    kinds: [
      "trigger:jenkins-log",
      "per-tenant-impact",
      "wait:approval-51min",
      "mitigation:restore",
      "detection:human-report",
    ],
  });
  truth.affectedCustomers = {
    count: affected.size,
    deleted: deleted.length,
    of: tenants.length,
    idField: "authority (tenant site host) in the Envoy log",
  };
  sc.write(
    debriefYaml({
      id: "2025-04-08-sites-deleted",
      title: "Customer sites deleted by maintenance job",
      severity: "SEV1",
      services: ["site-router"],
      start: T("07:30:00"),
      end: T("11:05:00"),
    }),
    truth,
  );
}
