// Modelled on Google Cloud's 12 June 2025 incident: a quota-check code path shipped weeks earlier (no flag, no
// error handling) was first exercised when a policy update with blank fields was pushed; the policy-check binary
// crashed in every region and API requests failed with 503. A "red button" turned the policy path off; small
// regions recovered within minutes, the largest one much later because restarting tasks overloaded the policy
// store (herd effect). Here the policy pointer moves through the ConfigCat audit log; an unrelated deploy of
// another service lands between the change and the impact and is rolled back (helm history in local time)
// without effect.

import { configcatAudit, helmHistory } from "./changes.mjs";
import {
  amtoolJson,
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
  const sc = new Scenario({ id: "quota-policy-crashloop", half: "dev", seed: 250612 });
  const r = sc.r;
  const T = (hms) => ms(`2026-06-18T${hms}Z`);
  const from = T("17:20:00");
  const to = T("19:35:00");
  const policyPush = T("17:45:10");
  const redDeploy = T("17:49:31");
  const onset = T("17:51:02");
  const redRollback = T("18:04:12");
  const redButton = T("18:31:40");
  const bigRecovered = T("19:12:30");
  const hosts = ["gw-use1-a", "gw-use1-b", "gw-euw1-a", "gw-aps1-a"];
  const region = (h) => (h.startsWith("gw-use1") ? "use1" : h.startsWith("gw-euw1") ? "euw1" : "aps1");
  const proj = (x) => `projects/${x.pick(["acme-retail", "lumen-ai", "corvid-games", "harbor-bank"])}`;
  const endpoints = [
    {
      path: (x) => `/v1/${proj(x)}/datasets/${x.hex(6)}:query`,
      method: "POST",
      weight: 30,
      service: "api-gateway",
      rt: [0.04, 0.5],
    },
    { path: (x) => `/storage/v1/b/${x.hex(8)}/o?prefix=${x.hex(3)}`, weight: 30, service: "api-gateway" },
    { path: (x) => `/v1/${proj(x)}/instances`, weight: 15, service: "api-gateway" },
    { path: "/v1/token:exchange", method: "POST", weight: 25, service: "api-gateway", rt: [0.005, 0.04] },
  ];
  // after the red button: small regions recover within ~2 min; use1 decays slowly (restart herd on the policy store)
  const p = (t, h) => {
    if (t < onset) return 0;
    const ramp = Math.min(1, (t - onset) / 45000);
    if (t < redButton + 20000) return 0.93 * ramp;
    if (region(h) !== "use1") return Math.max(0, 0.93 * (1 - (t - redButton - 20000) / 100000));
    return t < bigRecovered ? Math.max(0.08, 0.93 * (1 - (t - redButton) / (bigRecovered - redButton))) : 0;
  };
  const rules = hosts.map((h) => ({
    ep: null,
    hosts: [h],
    from: onset,
    to: bigRecovered + 1000,
    p: (t) => p(t, h),
    status: 503,
    tag: "incident",
  }));
  const reqs = traffic(r, { from, to, rate: (t) => 1.12 + 0.1 * Math.sin(t / 600000), endpoints, hosts, rules });
  for (const h of hosts)
    writeAccess(sc, `evidence/ingress/${h}.log`, reqs, "ingress", {
      filter: (q) => q.host === h,
      ctx: { upstream: `api-gateway-policy-check-8443` },
    });
  const imp = impact(reqs, [
    { service: "api-gateway", endpoint: null, status: "503", match: () => true, statusMatch: (s) => s === 503 },
    {
      service: "api-gateway",
      endpoint: "/v1/token:exchange",
      status: "503",
      match: (q) => q.path === "/v1/token:exchange",
      statusMatch: (s) => s === 503,
    },
  ]);
  check(imp.end > bigRecovered - 120000, "use1 tail");

  // ConfigCat audit log: the policy bundle pointer (automation), the red button, and unrelated changes
  const ccFile = "evidence/flags/configcat-auditlog-platform.json";
  sc.put(
    ccFile,
    configcatAudit(r, [
      {
        at: redButton,
        type: "settingValueChanged",
        typeText: "Setting value changed",
        email: "rosa.lind@northwind.example",
        user: "Rosa Lind",
        where: "Platform / Policy / Production",
        why: "red button: disable quota policy checks (INC-7741)",
        target: "quota_policy_checks_enabled",
        details: "Value changed: true -> false",
      },
      {
        at: policyPush,
        type: "settingValueChanged",
        typeText: "Setting value changed",
        email: "policy-sync@northwind.example",
        user: "policy-sync (API key)",
        where: "Platform / Policy / Production",
        why: "scheduled policy publish",
        target: "quota_policy_bundle",
        details: 'Value changed: "2026.06.17-r2" -> "2026.06.18-r1"',
      },
      {
        at: T("17:22:54"),
        type: "settingValueChanged",
        typeText: "Setting value changed",
        email: "kenji.mori@northwind.example",
        user: "Kenji Mori",
        where: "Console / Web / Production",
        why: "dark mode GA",
        target: "console_dark_mode",
        details: "Percentage rules changed: ON 50% -> ON 100%",
      },
      {
        at: T("09:02:11"),
        type: "settingValueChanged",
        typeText: "Setting value changed",
        email: "policy-sync@northwind.example",
        user: "policy-sync (API key)",
        where: "Platform / Policy / Production",
        why: "scheduled policy publish",
        target: "quota_policy_bundle",
        details: 'Value changed: "2026.06.16-r4" -> "2026.06.17-r2"',
      },
    ]),
  );
  const triggerLine = sc.lineOf(ccFile, '"2026.06.17-r2\\" -> \\"2026.06.18-r1\\"');
  const redButtonLine = sc.lineOf(ccFile, "Value changed: true -> false");

  // GitHub Actions raw log: the billing-export deploy that lands between the policy push and the impact
  const gha = [];
  let t = T("17:44:02");
  const step = (sec, text) => {
    t += sec * 1000 + r.int(0, 900);
    gha.push(`${fmt.gha(t, r)} ${text}`);
  };
  step(0, "Requested labels: ubuntu-24.04");
  step(1, "Job defined at: northwind/billing-export/.github/workflows/deploy.yml@refs/heads/main");
  step(4, "Job is about to start running on the runner: GitHub Actions 12 (hosted)");
  step(1, "##[group]Run azure/setup-helm@v4");
  step(3, "##[endgroup]");
  step(1, "##[group]Run helm upgrade billing-export ./chart -n billing --set image.tag=2.31.0 --wait");
  step(2, 'Release "billing-export" has been upgraded. Happy Helming!');
  step(0, "NAME: billing-export");
  step(0, "REVISION: 141");
  t = redDeploy - 1200;
  step(0, 'deployment "billing-export" successfully rolled out');
  step(0, "##[endgroup]");
  step(1, "Cleaning up orphan processes");
  const ghaFile = "evidence/ci/billing-export-deploy-run-5521.log";
  sc.put(ghaFile, gha);
  const redLine = sc.lineOf(ghaFile, "successfully rolled out");

  // helm history run by an engineer in Berlin (CEST, no zone shown)
  const helmFile = "evidence/helm/billing-export-history.txt";
  sc.put(
    helmFile,
    helmHistory(
      [
        {
          rev: 139,
          at: T("08:12:40") - 86400000 * 2,
          status: "superseded",
          chart: "billing-export-2.29.2",
          app: "2.29.2",
          desc: "Upgrade complete",
        },
        {
          rev: 140,
          at: T("13:40:18") - 86400000,
          status: "superseded",
          chart: "billing-export-2.30.1",
          app: "2.30.1",
          desc: "Upgrade complete",
        },
        {
          rev: 141,
          at: redDeploy - 60000,
          status: "superseded",
          chart: "billing-export-2.31.0",
          app: "2.31.0",
          desc: "Upgrade complete",
        },
        {
          rev: 142,
          at: redRollback,
          status: "deployed",
          chart: "billing-export-2.30.1",
          app: "2.30.1",
          desc: "Rollback to 140",
        },
      ],
      120,
    ),
  );
  const rollbackLine = sc.lineOf(helmFile, "Rollback to 140");

  // amtool snapshot: the detection alert among older, unrelated ones
  const alerts = [
    {
      name: "CertificateExpiringSoon",
      at: T("06:00:00") - 86400000 * 3,
      severity: "warning",
      summary: "certificate for partner-sftp.northwind.example expires in 12 days",
      labels: { namespace: "partners" },
      receiver: "slack-platform",
    },
    {
      name: "NodeFilesystemSpaceFillingUp",
      at: T("17:08:30"),
      severity: "warning",
      summary: "filesystem on gw-aps1-a /var/log will fill within 24h",
      labels: { instance: "gw-aps1-a:9100" },
      receiver: "slack-platform",
    },
    {
      name: "APIGateway503Ratio",
      at: T("17:52:05"),
      summary: "api-gateway 503 ratio above 20% in 3 regions",
      labels: { service: "api-gateway" },
    },
    {
      name: "KubePodCrashLooping",
      at: T("17:55:20"),
      severity: "warning",
      summary: "policy-check containers restarting (412 restarts in 5m)",
      labels: { namespace: "api-gateway", container: "policy-check" },
    },
  ];
  const amFile = "evidence/alerts/amtool-alerts-1801.json";
  sc.put(amFile, amtoolJson(r, alerts, T("18:01:12")));

  const P = { oc: "Arjun Mehta", ic: "Rosa Lind", billing: "Claire Dubois", policy: "Kenji Mori" };
  const pd = { notify: T("17:52:12"), ack: T("17:54:40"), resolve: T("19:25:05") };
  sc.put(
    "evidence/pagerduty/incident-7741-log-entries.json",
    pagerduty(r, {
      sub: "northwind",
      service: "api-gateway",
      incidentNo: 7741,
      title: "APIGateway503Ratio: api-gateway 503 ratio above 20% in 3 regions",
      entries: [
        { type: "trigger", at: T("17:52:10") },
        { type: "notify", at: pd.notify, who: P.oc, via: "phone" },
        { type: "acknowledge", at: pd.ack, who: P.oc },
        { type: "escalate", at: T("18:00:30"), who: P.oc, to: P.ic },
        { type: "annotate", at: T("18:33:00"), who: P.ic, note: "Red button pressed 18:31; use1 recovering slowly" },
        { type: "resolve", at: pd.resolve, who: P.ic },
      ],
    }).text,
  );
  const users = [
    { key: "a", name: "arjun", real: P.oc, tz: "Asia/Kolkata" },
    { key: "r", name: "rosa.lind", real: P.ic, tz: "Europe/Stockholm" },
    { key: "c", name: "claire.d", real: P.billing, tz: "Europe/Berlin" },
    { key: "k", name: "kmori", real: P.policy, tz: "Asia/Tokyo" },
  ];
  const msgs = [
    { at: T("17:55:10"), user: "a", text: "ack. 503 on every API in all regions. policy-check sidecars crash looping" },
    {
      at: T("17:57:45"),
      user: "a",
      text: "billing-export 2.31.0 went out at 17:49 right before this. @claire.d can you roll it back?",
    },
    { at: T("18:04:40"), user: "c", text: "rolled billing-export back to 140" },
    { at: T("18:08:05"), user: "a", text: "no change after the rollback, still 503 everywhere" },
    {
      at: T("18:12:30"),
      user: "r",
      text: "IC. stack traces: nil dereference in quota check on policy bundle 2026.06.18-r1, published 17:45",
    },
    {
      at: T("18:19:50"),
      user: "k",
      text: "that bundle has empty limit fields for two projects. the new quota path from 2 weeks ago never saw blanks",
    },
    { at: T("18:24:15"), user: "r", text: "decision: red button, quota_policy_checks_enabled=false" },
    { at: T("18:31:55"), user: "r", text: "red button pressed" },
    {
      at: T("18:36:20"),
      user: "a",
      text: "euw1 and aps1 clean. use1 still failing, policy store overloaded by restarts",
    },
    { at: T("19:14:00"), user: "a", text: "use1 back to baseline" },
    { at: T("19:25:10"), user: "r", text: "resolving" },
  ];
  slackExport(sc, { channel: "inc-7741-api-503", users, messages: msgs });

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title:
          "Google Cloud incident report, 12 June 2025 (Service Control crash on a policy with blank fields; copy of the report)",
        url: "https://status.sync.zebra.com/incidents/0sh156jy9lkg",
      },
    ],
    story:
      "At 17:45 the policy-sync automation moved the quota_policy_bundle setting to 2026.06.18-r1, whose limits had blank fields. The policy-check sidecar's new quota path (shipped two weeks earlier without a flag or error handling) crashed on it, and from 17:51 API requests failed with 503 in all regions. A billing-export deploy at 17:49 sat between the change and the impact; it was rolled back at 18:04 with no effect. The red button (quota_policy_checks_enabled=false) at 18:31 ended impact in euw1 and aps1 within two minutes, while use1 recovered slowly until about 19:12 because restarting tasks overloaded the policy store.",
    milestones: {
      impactStart: imp.start,
      detected: alerts[2].at,
      paged: pd.notify,
      acknowledged: pd.ack,
      mitigated: redButton,
      recovered: imp.end,
      resolved: pd.resolve,
    },
    trigger: {
      file: ccFile,
      line: triggerLine,
      effectiveAt: policyPush,
      what: "ConfigCat: quota_policy_bundle changed to 2026.06.18-r1 (policy with blank fields) by the policy-sync automation",
    },
    redHerrings: [
      {
        file: ghaFile,
        line: redLine,
        what: "billing-export 2.31.0 deploy (GitHub Actions) 90 s before impact, unrelated",
      },
      {
        file: helmFile,
        line: rollbackLine,
        what: "helm rollback of billing-export during the incident: no effect, neither trigger nor mitigation",
      },
      {
        file: ccFile,
        line: sc.lineOf(ccFile, "console_dark_mode"),
        what: "console_dark_mode ramp at 17:22, unrelated",
      },
      { file: ccFile, line: redButtonLine, what: "red button (flag off) at 18:31: the mitigation" },
    ],
    impact: imp.rows,
    zones: [{ file: helmFile, utcOffsetMinutes: 120, zone: "Europe/Berlin", marked: "none" }],
    people: Object.values(P),
    kinds: [
      "trigger:feature-flag-audit (ConfigCat, automation actor)",
      "red-herring:deploy-other-service between trigger and impact (GitHub Actions)",
      "red-herring:rollback-without-effect (helm history, CEST without zone)",
      "mitigation:kill-switch flag",
      "detection-alert-among-other-alerts (amtool)",
      "regional tail recovery",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2026-06-18-api-503",
      title: "API requests failing with 503 in all regions",
      severity: "SEV1",
      services: ["api-gateway"],
      start: T("17:40:00"),
      end: T("19:30:00"),
    }),
    truth,
  );
}
