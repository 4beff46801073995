// Modelled on Cloudflare's R2 incident of 21 March 2025: during a credential rotation the new storage credentials
// were deployed to the gateway's default (development) environment instead of production; when the rotation job
// revoked the old credentials, the production gateway lost access an hour later, as the revocation propagated:
// every write and about a third of reads failed until the credentials were deployed to production.
// The rotation steps, a certificate renewal and an unrelated Argo CD sync are all candidates; only the revoke
// step (a latent trigger, 61 min before impact) is the cause.

import { buildkiteLog, k8sEventList } from "./changes.mjs";
import {
  check,
  debriefYaml,
  fmt,
  impact,
  ms,
  opsgenie,
  Scenario,
  slackExport,
  traffic,
  truthDoc,
  writeAccess,
} from "./lib.mjs";

export function build() {
  const sc = new Scenario({ id: "credential-rotation-revoke", half: "sealed", seed: 250321 });
  const r = sc.r;
  const T = (hms) => ms(`2026-04-16T${hms}Z`);
  const from = T("21:00:00");
  const to = T("23:05:00");
  const revoked = T("20:37:14");
  const onset = T("21:38:20");
  const fixed = T("22:43:05");
  const hosts = ["gw-iad-1", "gw-iad-2", "gw-ord-1", "gw-ord-2", "gw-dfw-1"];
  const bucket = (x) => x.pick(["media-prod", "backups-eu", "tenant-8841", "tenant-2210", "ci-artifacts"]);
  const endpoints = [
    {
      path: (x) => `/${bucket(x)}/${x.hex(2)}/${x.hex(24)}.bin`,
      weight: 52,
      service: "blob-gateway",
      bytes: [4000, 900000],
      rt: [0.01, 0.12],
    },
    {
      path: (x) => `/${bucket(x)}/uploads/${x.hex(16)}?partNumber=${x.int(1, 40)}&uploadId=${x.hex(20)}`,
      method: "PUT",
      weight: 26,
      service: "blob-gateway",
      rt: [0.05, 0.6],
    },
    {
      path: (x) => `/${bucket(x)}?list-type=2&prefix=${x.hex(2)}%2F&max-keys=1000`,
      weight: 14,
      service: "blob-gateway",
      rt: [0.02, 0.2],
    },
    { path: (x) => `/${bucket(x)}/${x.hex(2)}/${x.hex(24)}.bin`, method: "DELETE", weight: 8, service: "blob-gateway" },
  ];
  for (const e of endpoints) e.kind = e.method === "PUT" || e.method === "DELETE" ? "write" : "read";
  const ramp = (t) => (t < onset + 90000 ? (t - onset) / 90000 : t < fixed ? 1 : Math.max(0, 1 - (t - fixed) / 60000));
  const rules = [];
  const reqs = traffic(r, { from, to, rate: (t) => 1.15 + 0.1 * Math.sin(t / 500000), endpoints, hosts, rules });
  // apply the failure model after generation (writes always need the backend; reads miss the cache ~35%)
  for (const q of reqs) {
    if (q.t < onset || q.t >= fixed + 60000) continue;
    const p = (q.ep.kind === "write" ? 1.0 : 0.36) * ramp(q.t);
    if (r() < p) {
      q.status = q.ep.kind === "write" ? 500 : 503;
      q.tag = "incident";
      q.bytes = r.int(180, 420);
    }
  }
  writeAccess(sc, "evidence/envoy/blob-gateway-access.log", reqs, "envoy", { ctx: { domain: "blob.tessera.example" } });
  const imp = impact(reqs, [
    {
      service: "blob-gateway",
      endpoint: "PUT/DELETE (writes)",
      status: "500",
      match: (q) => q.ep.kind === "write",
      statusMatch: (s) => s === 500,
    },
    {
      service: "blob-gateway",
      endpoint: "GET (reads)",
      status: "503",
      match: (q) => q.ep.kind === "read",
      statusMatch: (s) => s === 503,
    },
  ]);

  // Buildkite job log of the rotation (raw log with OSC timestamps)
  const bkRows = [];
  let bt = T("19:49:02");
  const b = (sec, text) => {
    bt += sec * 1000 + r.int(0, 600);
    bkRows.push([bt, text]);
  };
  b(0, "~~~ Preparing working directory");
  b(1, "$ cd /var/lib/buildkite-agent/builds/ops-agent-3/tessera/credential-rotation");
  b(2, "$ git checkout -f 9d1c2ab");
  b(1, "~~~ Running commands");
  b(1, "$ storagectl credentials create --principal blob-gateway --ttl 90d");
  b(2, "created credential sc_N4T7QK2M (principal=blob-gateway, expires=2026-07-15)");
  b(1, "$ storagectl credentials list --principal blob-gateway");
  b(1, "sc_H81WZC0P  active  created=2026-01-16  expires=2026-04-16");
  b(0, "sc_N4T7QK2M  active  created=2026-04-16  expires=2026-07-15");
  b(1, "+++ Waiting for operator approval (block step: deploy new credential)");
  bt = T("20:19:31");
  b(0, "~~~ Deploying new credential to blob-gateway");
  b(0, "$ npx wrangler secret put STORAGE_KEY_ID < key_id.txt");
  b(3, '🌀 Creating the secret for the Worker "blob-gateway"');
  b(1, "✨ Success! Uploaded secret STORAGE_KEY_ID");
  b(1, "$ npx wrangler secret put STORAGE_SECRET < secret.txt");
  b(3, '🌀 Creating the secret for the Worker "blob-gateway"');
  b(1, "✨ Success! Uploaded secret STORAGE_SECRET");
  b(1, "$ npx wrangler deploy");
  b(6, "Total Upload: 412.38 KiB / gzip: 98.02 KiB");
  b(4, "Uploaded blob-gateway (3.92 sec)");
  b(1, "Deployed blob-gateway triggers (0.61 sec)");
  b(0, "  https://blob-gateway.tessera-dev.workers.dev");
  b(0, "Current Version ID: 6c1b0d52-3e7a-4f19-9b55-1d0c2e8a7f31");
  b(1, "+++ Waiting for operator approval (block step: revoke old credential)");
  bt = revoked - 2600;
  b(0, "~~~ Revoking old credential");
  b(0, "$ storagectl credentials revoke sc_H81WZC0P --principal blob-gateway");
  bt = revoked;
  bkRows.push([bt, "revoked credential sc_H81WZC0P (propagation to storage nodes is asynchronous, up to 90m)"]);
  b(1, "$ storagectl credentials list --principal blob-gateway");
  b(1, "sc_H81WZC0P  revoked  created=2026-01-16  expires=2026-04-16");
  b(0, "sc_N4T7QK2M  active   created=2026-04-16  expires=2026-07-15");
  b(1, "~~~ Rotation complete");
  const bkFile = "evidence/ci/buildkite-credential-rotation-412.log";
  sc.put(bkFile, buildkiteLog(bkRows));
  const triggerLine = sc.lineOf(bkFile, "revoked credential sc_H81WZC0P");
  const deployDevLine = sc.lineOf(bkFile, "Uploaded blob-gateway");

  // second Buildkite job: the fix during the incident
  const fx = [];
  bt = T("22:39:50");
  const f = (sec, text) => {
    bt += sec * 1000 + r.int(0, 600);
    fx.push([bt, text]);
  };
  f(0, "~~~ Running commands");
  f(1, "$ npx wrangler secret put STORAGE_KEY_ID --env production < key_id.txt");
  f(3, '🌀 Creating the secret for the Worker "blob-gateway-production"');
  f(1, "✨ Success! Uploaded secret STORAGE_KEY_ID");
  f(1, "$ npx wrangler secret put STORAGE_SECRET --env production < secret.txt");
  f(3, '🌀 Creating the secret for the Worker "blob-gateway-production"');
  f(1, "✨ Success! Uploaded secret STORAGE_SECRET");
  f(1, "$ npx wrangler deploy --env production");
  f(6, "Total Upload: 412.38 KiB / gzip: 98.02 KiB");
  f(4, "Uploaded blob-gateway-production (4.10 sec)");
  bt = fixed - 500;
  f(0, "Deployed blob-gateway-production triggers (0.58 sec)");
  f(0, "  blob.tessera.example/*");
  f(0, "Current Version ID: e2a94f07-8c31-4d6b-a1f2-5b7c9d0e3f48");
  const fixFile = "evidence/ci/buildkite-gateway-credential-fix-413.log";
  sc.put(fixFile, buildkiteLog(fx));

  // storage-auth on the storage nodes: logs only rejections, local time (America/New_York, EDT) with no zone
  const off = -240;
  const authLines = [];
  let at = onset - 4000;
  while (at < fixed + 30000) {
    const n = r.int(1, 3);
    for (let i = 0; i < n; i++)
      authLines.push(
        `${fmt.naive(at + i * 37, off, 3).replace(".", ",")} WARN  [auth-${r.int(1, 8)}] rejected request signature: credential sc_H81WZC0P is revoked (principal=blob-gateway, node=stor-${r.pick(["a", "b", "c"])}${r.int(10, 39)})`,
      );
    at += r.int(4000, 16000);
  }
  const authFile = "evidence/storage/storage-auth.log";
  sc.put(authFile, authLines);

  // Argo CD and cert-manager events: other changes in the hour before impact
  const ev = [
    {
      at: T("21:20:44"),
      kind: "Certificate",
      apiVersion: "cert-manager.io/v1",
      name: "blob-tessera-example",
      ns: "edge",
      reason: "Issuing",
      message: "The certificate has been successfully issued",
      component: "cert-manager-certificates-issuing",
    },
    {
      at: T("21:20:12"),
      kind: "Certificate",
      apiVersion: "cert-manager.io/v1",
      name: "blob-tessera-example",
      ns: "edge",
      reason: "Issuing",
      message: "Renewing certificate as renewal was scheduled at 2026-04-16 21:20:00 +0000 UTC",
      component: "cert-manager-certificates-trigger",
    },
    {
      at: T("21:29:02"),
      kind: "Application",
      apiVersion: "argoproj.io/v1alpha1",
      name: "thumbnailer-prod",
      ns: "argocd",
      reason: "OperationStarted",
      message: "Initiated automated sync to 'b4e91c7'",
      component: "argocd-application-controller",
    },
    {
      at: T("21:31:47"),
      kind: "Application",
      apiVersion: "argoproj.io/v1alpha1",
      name: "thumbnailer-prod",
      ns: "argocd",
      reason: "OperationCompleted",
      message: "Sync operation to b4e91c7 succeeded",
      component: "argocd-application-controller",
    },
  ].sort((a, b2) => a.at - b2.at);
  const evFile = "evidence/k8s/events.json";
  sc.put(evFile, k8sEventList(r, ev));

  const P = { oc: "Dana Whitfield", ic: "Sergio Almeida", storage: "Yuki Tanaka", gw: "Felix Brandt" };
  const og = [
    {
      at: T("21:45:12"),
      log: "Alert created via Prometheus integration: [FIRING:1] BlobGatewayAvailability (blob-gateway critical)",
      type: "system",
    },
    {
      at: T("21:45:14"),
      log: `Sent [voice] notification to ${P.oc} on routing rule [Default]`,
      type: "alertRecipient",
      owner: P.oc,
    },
    {
      at: T("21:45:15"),
      log: `Sent [mobile] notification to ${P.oc} on routing rule [Default]`,
      type: "alertRecipient",
      owner: P.oc,
    },
    { at: T("21:48:40"), log: `Alert acknowledged via mobile by ${P.oc}`, type: "system", owner: P.oc },
    { at: T("22:02:10"), log: `Added responder ${P.ic} to the alert`, type: "system", owner: P.oc },
    { at: T("23:02:44"), log: `Alert closed via web by ${P.ic}`, type: "system", owner: P.ic },
  ];
  sc.put("evidence/opsgenie/blob-gateway-alert-logs.json", opsgenie(r, og));

  const users = [
    { key: "d", name: "dana.w", real: P.oc, tz: "America/New_York" },
    { key: "s", name: "salmeida", real: P.ic, tz: "America/New_York" },
    { key: "y", name: "ytanaka", real: P.storage, tz: "America/Chicago" },
    { key: "f", name: "fbrandt", real: P.gw, tz: "Europe/Berlin" },
  ];
  const msgs = [
    { at: T("21:49:30"), user: "d", text: "ack. blob-gateway: every PUT failing, some GETs too" },
    {
      at: T("21:52:05"),
      user: "d",
      text: "thumbnailer synced at 21:31 and the edge cert renewed at 21:20. checking both",
    },
    { at: T("21:58:40"), user: "f", text: "cert chain looks fine from outside, handshakes ok. thumbnailer only reads" },
    { at: T("22:06:10"), user: "s", text: "IC. gateway logs say 403 from storage on signing. storage side?" },
    {
      at: T("22:14:55"),
      user: "y",
      text: "storage-auth is rejecting sc_H81WZC0P as revoked. rotation job revoked it at 20:37, propagation took about an hour",
    },
    {
      at: T("22:21:30"),
      user: "f",
      text: "production worker still has the old key. the 20:19 wrangler deploy went to the default env, not production",
    },
    {
      at: T("22:27:00"),
      user: "s",
      text: "decision: deploy the new credential to production; un-revoking is not supported",
    },
    { at: T("22:43:30"), user: "f", text: "deployed to production (build 413)" },
    { at: T("22:46:20"), user: "d", text: "writes succeeding again, error rate back to baseline" },
    { at: T("23:02:50"), user: "s", text: "closing the alert; keeping the channel for the review" },
  ];
  slackExport(sc, { channel: "inc-blob-gateway-writes", users, messages: msgs });
  check(imp.start < T("21:45:12"), "alert after impact");

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title: "Cloudflare incident on March 21, 2025 (R2 credential rotation)",
        url: "https://blog.cloudflare.com/cloudflare-incident-march-21-2025/",
      },
    ],
    story:
      "A Buildkite credential-rotation job created a new storage credential for the blob gateway at 19:49, deployed it with wrangler at 20:19 without --env production (so only the unused default environment got it) and revoked the old credential at 20:37. The revocation propagated to the storage nodes over the next hour; from 21:38 every write through the gateway failed (500) and about a third of reads (cache misses) failed (503). A certificate renewal (21:20) and a thumbnailer Argo CD sync (21:31) were closer to impact and were checked first, but were unrelated. Deploying the new credential to the production environment at 22:43 ended the impact.",
    milestones: {
      impactStart: imp.start,
      detected: T("21:45:12"),
      paged: T("21:45:14"),
      acknowledged: T("21:48:40"),
      mitigated: fixed,
      recovered: imp.end,
      resolved: T("23:02:44"),
    },
    trigger: {
      file: bkFile,
      line: triggerLine,
      effectiveAt: revoked,
      what: "Buildkite rotation job revoked the old storage credential sc_H81WZC0P that the production gateway still used (61 min before impact)",
    },
    redHerrings: [
      {
        file: bkFile,
        line: deployDevLine,
        what: "wrangler deploy of the new credential to the default environment at 20:19: the mistake that set it up, not the change that broke production",
      },
      {
        file: evFile,
        line: sc.lineOf(evFile, "Sync operation to b4e91c7 succeeded"),
        what: "thumbnailer-prod Argo CD sync 7 min before impact, unrelated",
      },
      {
        file: evFile,
        line: sc.lineOf(evFile, "The certificate has been successfully issued"),
        what: "edge certificate renewal at 21:20, unrelated",
      },
      {
        file: fixFile,
        line: sc.lineOf(fixFile, "Deployed blob-gateway-production triggers"),
        what: "deploy of the credential to production: the mitigation",
      },
    ],
    impact: imp.rows,
    zones: [{ file: authFile, utcOffsetMinutes: off, zone: "America/New_York", marked: "none" }],
    errorOnlySources: [authFile],
    people: Object.values(P),
    kinds: [
      "trigger:buildkite-log (OSC timestamps)",
      "trigger:latent (61 min before impact)",
      "red-herring:argocd-sync",
      "red-herring:certificate-renewal",
      "red-herring:earlier-step-of-same-job",
      "zone-less local-time error-only source (EDT)",
      "opsgenie",
      "writes vs reads impact",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2026-04-16-blob-writes-failing",
      title: "Object writes failing through the blob gateway",
      severity: "SEV1",
      services: ["blob-gateway"],
      start: T("21:15:00"),
      end: T("23:00:00"),
    }),
    truth,
  );
}
