// Modelled on Cloudflare's 1.1.1.1 incident of 14 July 2025: a configuration released weeks earlier had linked
// the resolver's prefixes to a non-production service topology without effect; a later, innocuous change to that
// non-production topology (adding a test location) triggered a global refresh, and the resolver prefixes were
// withdrawn everywhere. An unrelated origin hijack of one prefix showed up minutes later and looked like the
// cause. Reverting restored most locations at once; the rest needed their IP bindings re-applied.
// Here the DoH front ends forward to the local resolver address, so the impact shows as 502s in their logs.
import { debriefYaml, fmt, impact, isoS, ms, pagerduty, Scenario, slackExport, traffic, truthDoc } from "./lib.mjs";

export function build() {
  const sc = new Scenario({ id: "resolver-topology-refresh", half: "sealed", seed: 250714 });
  const r = sc.r;
  const T = (hms, d = "2026-07-21") => ms(`${d}T${hms}Z`);
  const from = T("21:30:00");
  const to = T("23:10:00");
  const testLoc = T("21:48:12");
  const withdrawn = T("21:52:05");
  const reverted = T("22:20:31");
  const rebound = T("22:54:02");
  const pops = ["fra", "ams", "lhr", "iad", "sjc", "gru", "nrt", "sin"];
  const late = ["lhr", "nrt"]; // servers that had dropped their IP bindings before the revert
  const skewPop = "gru";
  const skewMs = 38000;
  const endpoints = [
    {
      path: (x) => `/dns-query?dns=${x.id(28, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")}`,
      weight: 62,
      service: "doh-frontend",
      bytes: [60, 300],
      rt: [0.002, 0.03],
    },
    { path: "/dns-query", method: "POST", weight: 33, service: "doh-frontend", bytes: [60, 300], rt: [0.002, 0.03] },
    { path: "/resolve?name=example.org&type=AAAA", weight: 5, service: "doh-frontend", bytes: [100, 400] },
  ];
  const ramp = (t) => Math.min(1, (t - withdrawn) / 40000);
  const rules = pops.map((p) => ({
    ep: null,
    hosts: [`doh-${p}-1`],
    from: withdrawn,
    to: (late.includes(p) ? rebound : reverted) + 30000,
    p: (t) => {
      const end = late.includes(p) ? rebound : reverted;
      return t < end ? 0.96 * ramp(t) : 0.96 * Math.max(0, 1 - (t - end) / 30000);
    },
    status: 502,
    tag: "incident",
  }));
  const hosts = pops.map((p) => `doh-${p}-1`);
  const reqs = traffic(r, { from, to, rate: (t) => 0.75 + 0.07 * Math.sin(t / 400000), endpoints, hosts, rules });
  // Caddy JSON access log (logger http.log.access), one file per POP front end
  for (const h of hosts) {
    const lines = [];
    for (const q of reqs) {
      if (q.host !== h) continue;
      q.inEvidence = true;
      const t = q.t + (h === `doh-${skewPop}-1` ? skewMs : 0);
      const dur = q.status === 502 ? 3.0 + r() * 0.01 : q.rt;
      lines.push(
        JSON.stringify({
          level: q.status >= 500 ? "error" : "info",
          ts: Number((t / 1000).toFixed(6)),
          logger: "http.log.access",
          msg: "handled request",
          request: {
            remote_ip: q.ip,
            remote_port: String(40000 + (q.bytes % 20000)),
            proto: "HTTP/2.0",
            method: q.method,
            host: "dns.quadrant.example",
            uri: q.path,
            headers: { Accept: ["application/dns-message"], "User-Agent": [q.ua] },
          },
          bytes_read: q.method === "POST" ? q.bytes : 0,
          user_id: "",
          duration: Number(dur.toFixed(6)),
          size: q.status === 502 ? 0 : q.bytes,
          status: q.status,
          resp_headers: {
            Server: ["Caddy"],
            "Content-Type": [q.status === 502 ? "text/plain" : "application/dns-message"],
          },
        }),
      );
    }
    sc.put(`evidence/doh/${h}-access.json`, lines);
  }
  const imp = impact(reqs, [
    {
      service: "doh-frontend",
      endpoint: "/dns-query",
      status: "502",
      match: (q) => q.path.startsWith("/dns-query"),
      statusMatch: (s) => s === 502,
    },
    { service: "doh-frontend", endpoint: null, status: "502", match: () => true, statusMatch: (s) => s === 502 },
  ]);

  // Jenkins console logs (Timestamper, ISO with Z): the latent change five weeks earlier and today's change + revert
  const jenkins = (startAt, build, user, body) => {
    const out = [];
    let t = startAt;
    const j = (sec, text) => {
      t += sec * 1000 + r.int(0, 500);
      out.push(`[${fmt.isoOff(t, 0, 3).replace("+00:00", "Z")}] ${text}`);
    };
    j(0, `Started by user ${user}`);
    j(1, "[Pipeline] Start of Pipeline");
    j(1, `Running on netcfg-agent-2 in /var/lib/jenkins/workspace/service-topologies #${build}`);
    j(2, "[Pipeline] stage (Apply)");
    for (const [sec, text, at] of body) {
      if (at) {
        t = at;
        out.push(`[${fmt.isoOff(t, 0, 3).replace("+00:00", "Z")}] ${text}`);
      } else j(sec, text);
    }
    j(1, "[Pipeline] End of Pipeline");
    j(0, "Finished: SUCCESS");
    return out;
  };
  const latentFile = "evidence/ci/jenkins-service-topologies-1842.log";
  sc.put(
    latentFile,
    jenkins(T("14:02:10", "2026-06-13"), 1842, "Marta Kowalczyk", [
      [1, "+ terraform apply -input=false -auto-approve tfplan"],
      [3, "topology_service.dls_eu: Modifying... [id=dls-eu]"],
      [2, "topology_service.dls_eu: Modifications complete after 2s [id=dls-eu]"],
      [0, "topology_prefix_binding.dls_eu_resolver: Creating..."],
      [
        1,
        "topology_prefix_binding.dls_eu_resolver: Creation complete after 1s [id=dls-eu/192.0.2.0-24,198.51.100.0-24,2001-db8-53--48]",
      ],
      [0, ""],
      [0, "Apply complete! Resources: 1 added, 1 changed, 0 destroyed."],
    ]),
  );
  const trigFile = "evidence/ci/jenkins-service-topologies-1907.log";
  sc.put(
    trigFile,
    jenkins(testLoc - 14000, 1907, "Sam Okoye", [
      [1, "+ terraform apply -input=false -auto-approve tfplan"],
      [3, "topology_location.dls_eu_test_waw: Creating..."],
      [0, "topology_location.dls_eu_test_waw: Creation complete after 3s [id=dls-eu/waw-test-1]", testLoc],
      [0, ""],
      [0, "Apply complete! Resources: 1 added, 0 changed, 0 destroyed."],
      [1, "+ ./bin/topoctl refresh --wait=false"],
      [1, "topoctl: global refresh queued (all locations)"],
    ]),
  );
  const revertFile = "evidence/ci/jenkins-service-topologies-1908.log";
  sc.put(
    revertFile,
    jenkins(reverted - 21000, 1908, "Sam Okoye", [
      [1, "+ git revert --no-edit 3e41c07 5d9f2aa && terraform apply -input=false -auto-approve tfplan"],
      [4, "topology_location.dls_eu_test_waw: Destroying... [id=dls-eu/waw-test-1]"],
      [
        2,
        "topology_prefix_binding.dls_eu_resolver: Destroying... [id=dls-eu/192.0.2.0-24,198.51.100.0-24,2001-db8-53--48]",
      ],
      [0, "topology_prefix_binding.dls_eu_resolver: Destruction complete after 1s", reverted - 600],
      [0, "topology_location.dls_eu_test_waw: Destruction complete after 3s", reverted],
      [0, ""],
      [0, "Apply complete! Resources: 0 added, 0 changed, 2 destroyed."],
      [1, "+ ./bin/topoctl refresh --wait=false"],
      [1, "topoctl: global refresh queued (all locations)"],
    ]),
  );

  // GitHub deployments API: a resolver canary deploy shortly before (unrelated)
  const dep = (id, ref, desc, created, done, env) => ({
    url: `https://api.github.com/repos/quadrant/resolverd/deployments/${id}`,
    id,
    task: "deploy",
    environment: env,
    description: desc,
    created_at: isoS(created),
    updated_at: isoS(done),
    creator: { login: "quadrant-deploy-bot[bot]", type: "Bot" },
    sha: r.hex(40),
    ref,
    production_environment: env.startsWith("production"),
    statuses: [
      { state: "success", description: "3/3 canary POPs healthy", environment: env, created_at: isoS(done) },
      { state: "in_progress", description: "Rolling out", environment: env, created_at: isoS(created + 8000) },
    ],
  });
  const depFile = "evidence/deploys/resolverd-deployments.json";
  sc.put(
    depFile,
    `${JSON.stringify([dep(3310021, "v2026.07.3", "resolverd v2026.07.3 canary (fra, ams, iad)", T("21:46:30"), T("21:50:40"), "production-canary"), dep(3309876, "v2026.07.2", "resolverd v2026.07.2", T("09:12:00"), T("09:40:31"), "production")], null, 2)}\n`,
  );

  // BIRD on the Tokyo edge router: local time (Asia/Tokyo) without zone
  const off = 540;
  const bird = [];
  const b = (t, msg) => bird.push(`${fmt.naive(t, off, 3)} <INFO> ${msg}`);
  b(T("21:30:00"), "bgp_transit1: Received: 941223 routes, 3 exported");
  b(withdrawn + 1200, "static_anycast: Removing 192.0.2.0/24 (topology: resolver not bound to this location)");
  b(withdrawn + 1210, "static_anycast: Removing 198.51.100.0/24 (topology: resolver not bound to this location)");
  b(withdrawn + 1300, "bgp_transit1: Withdrawing 192.0.2.0/24, 198.51.100.0/24");
  b(reverted + 4000, "static_anycast: topology refresh: resolver bound to this location, waiting for IP bindings");
  b(rebound - 1500, "static_anycast: Adding 192.0.2.0/24, 198.51.100.0/24");
  b(rebound - 1400, "bgp_transit1: Announcing 192.0.2.0/24, 198.51.100.0/24");
  const birdFile = "evidence/routers/edge-nrt-bird.log";
  sc.put(birdFile, bird);

  const P = { oc: "Ayumi Sato", ic: "Lars Eriksen", net: "Sam Okoye", dls: "Marta Kowalczyk" };
  const pd = { notify: T("22:01:14"), ack: T("22:03:30"), resolve: T("23:04:40") };
  sc.put(
    "evidence/pagerduty/incident-1177-log-entries.json",
    pagerduty(r, {
      sub: "quadrant",
      service: "public-resolver",
      incidentNo: 1177,
      title: "ResolverQueriesDropped: resolver query rate down 90% globally",
      entries: [
        { type: "trigger", at: T("22:01:10") },
        { type: "notify", at: pd.notify, who: P.oc, via: "phone" },
        { type: "acknowledge", at: pd.ack, who: P.oc },
        { type: "escalate", at: T("22:06:00"), who: P.oc, to: P.ic },
        {
          type: "annotate",
          at: T("22:21:00"),
          who: P.ic,
          note: "Reverted service-topologies 1907 and the 13 Jun binding; most POPs back",
        },
        { type: "resolve", at: pd.resolve, who: P.ic },
      ],
    }).text,
  );
  const users = [
    { key: "a", name: "ayumi", real: P.oc, tz: "Asia/Tokyo" },
    { key: "l", name: "lars", real: P.ic, tz: "Europe/Oslo" },
    { key: "s", name: "sokoye", real: P.net, tz: "Europe/London" },
    { key: "m", name: "marta.k", real: P.dls, tz: "Europe/Warsaw" },
  ];
  const msgs = [
    {
      at: T("22:03:50"),
      user: "a",
      text: "ack. resolver traffic fell off a cliff at 21:52, DoH front ends 502 everywhere",
    },
    { at: T("22:05:30"), user: "a", text: "BGP monitor: 192.0.2.0/24 seen originated by AS64511 since 21:54. hijack?" },
    {
      at: T("22:08:10"),
      user: "l",
      text: "IC. we aren't announcing the prefixes at all, that's why someone else's route shows. who withdrew them?",
    },
    {
      at: T("22:09:40"),
      user: "a",
      text: "resolverd canary finished 21:50 on fra/ams/iad, but lhr and nrt are down too",
    },
    {
      at: T("22:12:25"),
      user: "s",
      text: "I added a test location to dls-eu at 21:48 (build 1907). it's non-prod, but it refreshed every location",
    },
    {
      at: T("22:15:50"),
      user: "m",
      text: "the 13 Jun dls-eu change bound the resolver prefixes to dls-eu. with the refresh, the resolver is now only 'in' waw-test-1",
    },
    { at: T("22:17:05"), user: "l", text: "decision: revert both, re-announce" },
    { at: T("22:21:10"), user: "s", text: "revert applied (build 1908), refresh running. most POPs announcing again" },
    {
      at: T("22:31:40"),
      user: "a",
      text: "lhr and nrt still 502: their servers dropped the IP bindings, need the bindings push",
    },
    { at: T("22:54:30"), user: "s", text: "bindings pushed to lhr and nrt, announcing" },
    { at: T("23:04:45"), user: "l", text: "resolved" },
  ];
  slackExport(sc, { channel: "inc-1177-resolver", users, messages: msgs });

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title: "Cloudflare 1.1.1.1 Incident on July 14, 2025",
        url: "https://blog.cloudflare.com/cloudflare-1-1-1-1-incident-on-july-14-2025/",
      },
    ],
    story:
      "On 13 June a service-topologies apply bound the resolver's anycast prefixes to the non-production dls-eu topology, which changed nothing at the time. At 21:48 on 21 July Jenkins build 1907 added a test location to dls-eu; the global refresh it queued left the resolver bound only to that offline location, and from 21:52 every POP withdrew the resolver prefixes, so the DoH front ends, which forward to the local resolver address, returned 502. A resolverd canary deploy that finished at 21:50, between the change and the impact, and a foreign origin announcement of 192.0.2.0/24 (21:54) were suspected. Reverting both changes at 22:20 restored six of eight POPs at once; lhr and nrt needed their IP bindings pushed again (22:54). The gru front end's clock is 38 s ahead.",
    milestones: {
      impactStart: imp.start,
      detected: T("22:01:10"),
      paged: pd.notify,
      acknowledged: pd.ack,
      mitigated: reverted,
      recovered: imp.end,
      resolved: pd.resolve,
    },
    trigger: {
      file: trigFile,
      line: sc.lineOf(trigFile, "topology_location.dls_eu_test_waw: Creation complete"),
      effectiveAt: testLoc,
      what: "Jenkins 1907 terraform apply: test location added to non-production topology dls-eu, triggering a global topology refresh",
    },
    redHerrings: [
      {
        file: latentFile,
        line: sc.lineOf(latentFile, "topology_prefix_binding.dls_eu_resolver: Creation complete"),
        what: "13 Jun binding of the resolver prefixes to dls-eu: the latent misconfiguration (contributing), not the change that started the impact",
      },
      {
        file: depFile,
        line: sc.lineOf(depFile, '"state": "success"'),
        what: "resolverd v2026.07.3 canary deploy finished 21:50, between trigger and impact, unrelated",
      },
      {
        file: revertFile,
        line: sc.lineOf(revertFile, "topology_location.dls_eu_test_waw: Destruction complete"),
        what: "the revert apply at 22:20: the mitigation (rollback)",
      },
    ],
    impact: imp.rows,
    skews: [{ file: `evidence/doh/doh-${skewPop}-1-access.json`, offsetSeconds: skewMs / 1000 }],
    zones: [{ file: birdFile, utcOffsetMinutes: off, zone: "Asia/Tokyo", marked: "none" }],
    people: Object.values(P),
    kinds: [
      "trigger:terraform plain output in a Jenkins log",
      "latent contributing change 38 days earlier (red herring for the trigger)",
      "red-herring:canary deploy (GitHub deployments API)",
      "red-herring:BGP hijack seen after the withdrawal",
      "mitigation:rollback with staged recovery (6 of 8 POPs, then 2)",
      "Caddy JSON access logs, epoch ts; 1 of 8 +38 s",
      "router log in JST without zone",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2026-07-21-resolver-withdrawn",
      title: "Public resolver unreachable (prefixes withdrawn)",
      severity: "SEV1",
      services: ["public-resolver"],
      start: T("21:40:00"),
      end: T("23:05:00"),
    }),
    truth,
  );
}
