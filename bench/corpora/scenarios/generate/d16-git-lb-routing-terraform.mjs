// Modelled on GitHub's 13 January 2025 incident (availability report): a configuration change to traffic routing
// made the internal load balancer drop requests for Git operations over HTTPS until the change was reverted.
// Here the change is a `terraform apply -json` run from an engineer's laptop (timestamps in +05:30); the Git
// front end's own deploy lands between the apply and the first failure, and a nightly repository-maintenance cron
// on the file servers (syslog in local time without zone) starts minutes earlier. Reverting the apply ended it.
// The incident crosses midnight UTC.

import { k8sEventList } from "./changes.mjs";
import {
  accessFormats,
  debriefYaml,
  fmt,
  impact,
  iso,
  ms,
  opsgenie,
  Scenario,
  slackExport,
  traffic,
  truthDoc,
} from "./lib.mjs";

export function build() {
  const sc = new Scenario({ id: "git-lb-routing-terraform", half: "dev", seed: 250113 });
  const r = sc.r;
  const T = (hms, day = 13) => ms(`2026-01-${day}T${hms}Z`);
  const from = T("23:10:00");
  const to = T("00:45:00", 14);
  const applied = T("23:34:05");
  const deployDone = T("23:34:41");
  const onset = T("23:35:02");
  const reverted = T("00:21:12", 14);
  const org = (x) => x.pick(["acme", "lumen", "orbit-labs", "tallyhq", "kestrel-oss"]);
  const repo = (x) => `${org(x)}/${x.pick(["api", "web", "infra", "docs", "mobile", "sdk-go"])}`;
  const endpoints = [
    { path: (x) => `/${repo(x)}.git/info/refs?service=git-upload-pack`, weight: 26, service: "git-http", git: true },
    {
      path: (x) => `/${repo(x)}.git/git-upload-pack`,
      method: "POST",
      weight: 22,
      service: "git-http",
      bytes: [20000, 900000],
      rt: [0.1, 1.5],
      git: true,
    },
    {
      path: (x) => `/${repo(x)}.git/git-receive-pack`,
      method: "POST",
      weight: 8,
      service: "git-http",
      rt: [0.2, 2.0],
      git: true,
    },
    { path: (x) => `/${repo(x)}/pulls?q=is%3Aopen`, weight: 28, service: "web", bytes: [20000, 90000] },
    { path: (x) => `/api/v3/repos/${repo(x)}/commits?per_page=30`, weight: 16, service: "api" },
  ];
  const p = (t) =>
    t < onset
      ? 0
      : t < onset + 60000
        ? (0.97 * (t - onset)) / 60000
        : t < reverted + 20000
          ? 0.97
          : Math.max(0, 0.97 * (1 - (t - reverted - 20000) / 60000));
  const rules = [{ ep: /\.git\//, from: onset, to: reverted + 80000, p, status: 503, tag: "incident" }];
  const reqs = traffic(r, {
    from,
    to,
    rate: (t) => 1.15 + 0.1 * Math.sin(t / 480000),
    endpoints,
    hosts: ["git-fe"],
    rules,
  });
  // ALB access logs, one gzip object per LB node per 5 minutes, as S3 delivers them
  const nodes = ["10.20.1.14", "10.20.2.61"];
  const ctx = { lb: "git-internal", domain: "git.forgehub.example", region: "us-east-2", tg: "git-proxy-tg" };
  for (let s = from; s < to; s += 300000) {
    for (const n of nodes) {
      const part = reqs.filter((q) => q.t >= s && q.t < s + 300000 && nodes[q.bytes % 2] === n);
      const end = new Date(s + 300000);
      const stamp = `${end.toISOString().slice(0, 10).replace(/-/g, "")}T${end.toISOString().slice(11, 16).replace(":", "")}Z`;
      const rel = `evidence/alb/123456789012_elasticloadbalancing_us-east-2_app.git-internal.50dc6c495c0c9188_${stamp}_${n}_${r.id(8, "abcdefghijklmnopqrstuvwxyz0123456789")}.log.gz`;
      sc.putGz(
        rel,
        part.map((q) => {
          q.inEvidence = true;
          q.fromTarget = q.tag !== "incident";
          return accessFormats.alb(q, q.t, ctx);
        }),
      );
    }
  }
  const imp = impact(reqs, [
    {
      service: "git-http",
      endpoint: "*.git/* (Git over HTTPS)",
      status: "503",
      match: (q) => q.ep.git === true,
      statusMatch: (s) => s === 503,
    },
    {
      service: "git-http",
      endpoint: "/*.git/git-receive-pack",
      status: "503",
      match: (q) => q.path.endsWith("/git-receive-pack"),
      statusMatch: (s) => s === 503,
    },
  ]);

  // terraform apply -json, run on a laptop in India: @timestamp in local time with offset (+05:30)
  const tfLines = [];
  const res = {
    addr: "aws_lb_listener_rule.git_http",
    module: "",
    resource: "aws_lb_listener_rule.git_http",
    implied_provider: "aws",
    resource_type: "aws_lb_listener_rule",
    resource_name: "git_http",
    resource_key: null,
  };
  const tfLine = (out, t, off, type, msg, extra = {}) =>
    out.push(
      JSON.stringify({
        "@level": "info",
        "@message": msg,
        "@module": "terraform.ui",
        "@timestamp": fmt.isoOff(t, off, 6),
        ...extra,
        type,
      }),
    );
  const apply = (out, start, done, off, ruleArn, summaryVerb) => {
    let t = start;
    tfLine(out, t, off, "version", "Terraform 1.10.3", { terraform: "1.10.3", ui: "1.2" });
    tfLine(out, (t += 6200), off, "planned_change", `${res.addr}: Plan to update`, {
      change: { resource: res, action: "update" },
    });
    tfLine(out, (t += 3), off, "change_summary", "Plan: 0 to add, 1 to change, 0 to destroy.", {
      changes: { add: 0, change: 1, import: 0, remove: 0, operation: "plan" },
    });
    tfLine(out, (t += 2100), off, "apply_start", `${res.addr}: Modifying... [id=${ruleArn}]`, {
      hook: { resource: res, action: "update", id_key: "id", id_value: ruleArn },
    });
    const el = Math.round((done - t) / 1000);
    tfLine(out, done, off, "apply_complete", `${res.addr}: Modifications complete after ${el}s [id=${ruleArn}]`, {
      hook: { resource: res, action: "update", id_key: "id", id_value: ruleArn, elapsed_seconds: el },
    });
    tfLine(out, done + 40, off, "change_summary", `Apply complete! Resources: 0 added, 1 changed, 0 destroyed.`, {
      changes: { add: 0, change: 1, import: 0, remove: 0, operation: summaryVerb },
    });
  };
  const arn =
    "arn:aws:elasticloadbalancing:us-east-2:123456789012:listener-rule/app/git-internal/50dc6c495c0c9188/9c1d4e2f7a3b5c60/4e8a1f93d2b7c605";
  apply(tfLines, applied - 15300, applied, 330, arn, "apply");
  const tfFile = "evidence/terraform/git-routing-apply.jsonl";
  sc.put(tfFile, tfLines);
  const revertLines = [];
  apply(revertLines, reverted - 14800, reverted, 60, arn, "apply");
  const revertFile = "evidence/terraform/git-routing-revert-apply.jsonl";
  sc.put(revertFile, revertLines);

  // Argo CD events: the Git front end's own deploy finishing between the apply and the first failure
  const ev = [
    {
      at: T("23:31:58"),
      kind: "Application",
      apiVersion: "argoproj.io/v1alpha1",
      name: "git-frontend-prod",
      ns: "argocd",
      reason: "OperationStarted",
      message: "Initiated automated sync to '71f0c3e'",
      component: "argocd-application-controller",
    },
    {
      at: deployDone,
      kind: "Application",
      apiVersion: "argoproj.io/v1alpha1",
      name: "git-frontend-prod",
      ns: "argocd",
      reason: "OperationCompleted",
      message: "Sync operation to 71f0c3e succeeded",
      component: "argocd-application-controller",
    },
    {
      at: deployDone + 2000,
      kind: "Application",
      apiVersion: "argoproj.io/v1alpha1",
      name: "git-frontend-prod",
      ns: "argocd",
      reason: "ResourceUpdated",
      message: "Updated health status: Progressing -> Healthy",
      component: "argocd-application-controller",
    },
  ];
  const evFile = "evidence/k8s/argocd-events.json";
  sc.put(evFile, k8sEventList(r, ev));

  // file-server syslog (RFC 3164, America/Chicago local time, no zone): nightly repository maintenance
  const off = -360;
  const sl = [];
  const fsHosts = ["fs-07", "fs-08", "fs-09"];
  for (const h of fsHosts) {
    const st = T("23:30:01") + fsHosts.indexOf(h) * 400;
    sl.push(
      `${fmt.bsd(st, off)} ${h} CRON[${r.int(100000, 199999)}]: (git) CMD (/usr/local/bin/repo-maintenance --repack --prune=2.weeks.ago --shard ${h})`,
    );
    sl.push(
      `${fmt.bsd(st + 2300, off)} ${h} repo-maintenance[${r.int(200000, 299999)}]: starting nightly maintenance: 1843 repositories queued`,
    );
    sl.push(
      `${fmt.bsd(st + r.int(2400000, 2900000), off)} ${h} repo-maintenance[${r.int(200000, 299999)}]: finished: 1843 repacked, 0 failed`,
    );
  }
  const slFile = "evidence/fileservers/syslog";
  sc.put(
    slFile,
    sl.sort((a, b) => a.slice(0, 15).localeCompare(b.slice(0, 15))),
  );

  const P = { tf: "Vikram Nair", oc: "Hannah Beck", ic: "Tomás Ruiz", support: "Grace Liu", fe: "Olu Adeyemi" };
  const og = [
    {
      at: T("23:46:31"),
      log: "Alert created via Datadog integration: [Triggered] Git HTTP 5xx rate above 20%",
      type: "system",
    },
    {
      at: T("23:46:33"),
      log: `Sent [voice] notification to ${P.oc} on routing rule [Git critical]`,
      type: "alertRecipient",
      owner: P.oc,
    },
    { at: T("23:48:02"), log: `Alert acknowledged via mobile by ${P.oc}`, type: "system", owner: P.oc },
    { at: T("23:55:40"), log: `Added responder ${P.ic} to the alert`, type: "system", owner: P.oc },
    { at: T("00:33:15", 14), log: `Alert closed via web by ${P.ic}`, type: "system", owner: P.ic },
  ];
  sc.put("evidence/opsgenie/git-http-alert-logs.json", opsgenie(r, og));
  const users = [
    { key: "v", name: "vikram", real: P.tf, tz: "Asia/Kolkata" },
    { key: "h", name: "hbeck", real: P.oc, tz: "Europe/Berlin" },
    { key: "t", name: "truiz", real: P.ic, tz: "Europe/Madrid" },
    { key: "g", name: "grace", real: P.support, tz: "America/Los_Angeles" },
    { key: "o", name: "olu", real: P.fe, tz: "Europe/London" },
  ];
  const msgs = [
    {
      at: T("23:41:20"),
      user: "g",
      text: "support: several customers say git clone/push over https fails with 503 since ~23:35",
    },
    { at: T("23:49:10"), user: "h", text: "ack. ALB returns 503 for *.git paths only, web and API fine" },
    { at: T("23:51:30"), user: "h", text: "git-frontend 71f0c3e synced at 23:34, right before. @olu?" },
    {
      at: T("23:57:45"),
      user: "o",
      text: "git-frontend pods are healthy and idle. the ALB isn't sending them anything",
    },
    {
      at: T("00:02:05", 14),
      user: "h",
      text: "repo-maintenance cron on the file servers started 23:30 too, but ssh git works",
    },
    {
      at: T("00:08:40", 14),
      user: "t",
      text: "IC. the git_http listener rule changed at 23:34 (terraform). it forwards to a target group with no registered targets",
    },
    {
      at: T("00:12:15", 14),
      user: "v",
      text: "that's my apply, moving git to the new proxy pool. the targets were meant to be registered first. sorry, reverting",
    },
    { at: T("00:21:30", 14), user: "t", text: "revert applied (00:21), rule forwards to git-proxy-tg again" },
    { at: T("00:24:10", 14), user: "h", text: "git over https working, 503s gone" },
    {
      at: T("00:33:20", 14),
      user: "t",
      text: "closing. follow-up: plan check that target groups have healthy targets",
    },
  ];
  slackExport(sc, { channel: "inc-git-https-503", users, messages: msgs });

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title:
          "GitHub Availability Report: January 2025 (13 Jan: traffic routing configuration change, Git operations)",
        url: "https://github.blog/news-insights/company-news/github-availability-report-january-2025/",
      },
    ],
    story:
      "At 23:34 Vikram Nair's terraform apply changed the git_http listener rule of the internal ALB to forward Git-over-HTTPS paths to a new target group that had no registered targets. As the change reached the load balancer nodes, from 23:35 nearly all Git HTTPS requests (clone, fetch, push) got 503 from the ALB while web and API traffic were fine. The Git front end's own Argo CD sync finished at 23:34:41, between the apply and the first failure, and a nightly repository-maintenance cron started on the file servers at 23:30; both were suspected and unrelated. Reverting the apply (00:21) ended the impact.",
    milestones: {
      impactStart: imp.start,
      detected: T("23:41:20"),
      paged: T("23:46:33"),
      acknowledged: T("23:48:02"),
      mitigated: reverted,
      recovered: imp.end,
      resolved: T("00:33:15", 14),
    },
    trigger: {
      file: tfFile,
      line: sc.lineOf(tfFile, '"type":"apply_complete"'),
      effectiveAt: applied,
      what: "terraform apply: aws_lb_listener_rule.git_http now forwards Git HTTPS to a target group without targets (timestamps in +05:30)",
    },
    redHerrings: [
      {
        file: evFile,
        line: sc.lineOf(evFile, "Sync operation to 71f0c3e succeeded"),
        what: "git-frontend Argo CD sync between the apply and the first failure, unrelated",
      },
      {
        file: slFile,
        line: sc.lineOf(slFile, "CMD (/usr/local/bin/repo-maintenance"),
        what: "nightly repo-maintenance cron on the file servers, unrelated",
      },
      {
        file: revertFile,
        line: sc.lineOf(revertFile, '"type":"apply_complete"'),
        what: "the revert apply at 00:21: the mitigation (rollback)",
      },
    ],
    impact: imp.rows,
    zones: [{ file: slFile, utcOffsetMinutes: off, zone: "America/Chicago", marked: "none" }],
    people: Object.values(P),
    kinds: [
      "trigger:terraform-apply-json (local offset +05:30 in @timestamp)",
      "red-herring:same-service deploy between trigger and impact (Argo CD)",
      "red-herring:maintenance cron (syslog in CST without zone)",
      "mitigation:rollback (revert apply)",
      "ALB gzip 5-min objects, ELB-generated 503",
      "crosses midnight UTC",
      "detection by a human report",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2026-01-13-git-https-503",
      title: "Git over HTTPS failing with 503",
      severity: "SEV2",
      services: ["git-http"],
      start: T("23:20:00"),
      end: T("00:40:00", 14),
    }),
    truth,
  );
  void iso;
}
