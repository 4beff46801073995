// Modelled on Cloudflare's 17 July 2020 outage: while relieving congestion on one backbone segment, an engineer
// changed the Atlanta router's configuration; the change leaked all routes with a higher preference, pulled the
// backbone's traffic to Atlanta and overwhelmed it. About half the network failed until the router was disabled.
// The change is visible only as a commit in the network-config repository (applied on push).
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
  const sc = new Scenario({ id: "backbone-route-leak", half: "sealed", seed: 200717 });
  const r = sc.r;
  const T = (hms) => ms(`2025-07-17T${hms}Z`);
  const from = T("20:30:00");
  const to = T("22:20:00");
  const commit = T("21:12:09");
  const onset = T("21:12:36");
  const disabled = T("21:39:14");
  const pops = ["atl", "ord", "ewr", "lhr", "fra", "nrt"];
  const hit = ["atl", "ord", "ewr", "lhr", "fra"];
  const endpoints = [
    { path: (x) => `/cdn-cgi/assets/${x.hex(10)}.js`, weight: 35, service: "edge", bytes: [5000, 90000] },
    {
      path: (x) => `/${x.pick(["shop", "blog", "docs"])}/${x.hex(6)}`,
      weight: 45,
      service: "edge",
      bytes: [15000, 60000],
      rt: [0.03, 0.3],
    },
    {
      path: (x) => `/api/${x.pick(["v1", "v2"])}/${x.pick(["items", "users", "search"])}`,
      weight: 20,
      service: "edge",
      rt: [0.02, 0.2],
    },
  ];
  const rate = (t) => wobble(1.6)(t) * (t >= onset && t < disabled ? 0.72 : 1);
  const rules = [
    {
      ep: null,
      hosts: hit,
      from: onset,
      to: disabled + 40000,
      p: (t) => (t < disabled ? Math.min(0.8, 0.3 + (t - onset) / 60000) : 0.8 * (1 - (t - disabled) / 40000)),
      status: [502, 504, 522],
      tag: "incident",
      rt: [5, 30],
    },
  ];
  const reqs = traffic(r, { from, to, rate, endpoints, hosts: pops, rules });
  for (const p of pops)
    writeAccess(sc, `evidence/pops/${p}01-access.log`, reqs, "nginx", { filter: (q) => q.host === p });
  const imp = impact(reqs, [
    { service: "edge (all POPs)", endpoint: null, status: "5xx", match: () => true },
    {
      service: "edge (backbone POPs atl/ord/ewr/lhr/fra)",
      endpoint: null,
      status: "5xx",
      match: (q) => hit.includes(q.host),
    },
  ]);

  // git log --pretty=format:'%h|%an|%ad|%s' --date=iso of the network-config repository (applied on push)
  const commits = [
    [T("21:44:30"), 0, "Mateo Ruiz", "atl01: restore backbone term after incident (prefix-list fixed)"],
    [commit, 0, "Mateo Ruiz", "atl01: stop announcing ATL prefixes to backbone to relieve EWR-ORD congestion"],
    [T("19:58:02"), 120, "Sanne Vos", "ams01: add peering session with AS64512"],
    [T("17:21:44"), -240, "Jonah Price", "ewr01: raise ORD link cost during fiber maintenance"],
    [T("11:05:19"), 120, "Sanne Vos", "fra01: update NTP servers"],
  ];
  const gl = commits.map(
    ([t, off, who, s]) =>
      `${r.hex(7)}|${who}|${fmt.naive(t, off)} ${(off < 0 ? "-" : "+") + String(Math.abs(off / 60)).padStart(2, "0")}00|${s}`,
  );
  const glFile = "evidence/git/network-config-git-log.txt";
  sc.put(glFile, gl);
  const triggerLine = sc.lineOf(glFile, "stop announcing ATL prefixes");

  const alertAt = T("21:13:31");
  sc.put(
    "evidence/alerts/alertmanager-webhook.json",
    webhookPayload(r, [
      { name: "EdgeOriginErrorsHigh", at: alertAt, summary: "5xx above 30% in 5 POPs", labels: { team: "network" } },
      {
        name: "BackboneLinkSaturated",
        at: T("21:13:05"),
        summary: "atl01 backbone ports at 100%",
        labels: { router: "atl01" },
      },
    ]),
  );
  const P = { oc: "Amara Obi", net: "Mateo Ruiz", ic: "Jonah Price" };
  sc.put(
    "evidence/pagerduty/incident-71720-log-entries.json",
    pagerduty(r, {
      sub: "edgenet",
      service: "network",
      incidentNo: 71720,
      title: "EdgeOriginErrorsHigh: 5xx above 30% in 5 POPs",
      entries: [
        { type: "trigger", at: T("21:13:36") },
        { type: "notify", at: T("21:13:38"), who: P.oc },
        { type: "acknowledge", at: T("21:14:20"), who: P.oc },
        { type: "annotate", at: T("21:39:40"), who: P.net, note: "atl01 backbone disabled" },
        { type: "resolve", at: T("22:05:00"), who: P.ic },
      ],
    }).text,
  );
  const users = [
    { key: "a", name: "amara", real: P.oc },
    { key: "m", name: "mateo", real: P.net },
    { key: "j", name: "jonah", real: P.ic },
  ];
  const msgs = [
    { at: T("21:14:40"), user: "a", text: "ack, errors and traffic drop in atl/ord/ewr/lhr/fra, nrt fine" },
    { at: T("21:19:00"), user: "j", text: "IC. backbone ports in atl01 saturated, everything is routing via Atlanta" },
    {
      at: T("21:25:30"),
      user: "m",
      text: "I pushed an atl01 change at 21:12 to drop ATL prefixes from the backbone; looks like it leaked all routes with local-pref 200",
    },
    { at: T("21:37:00"), user: "j", text: "disable atl01 on the backbone, fastest way out" },
    { at: T("21:39:20"), user: "m", text: "atl01 backbone sessions shut down" },
    { at: T("21:41:00"), user: "a", text: "traffic and error rates back to normal" },
    { at: T("22:05:05"), user: "j", text: "resolving; fixed prefix-list will be committed separately" },
  ];
  slackExport(sc, { channel: "inc-71720-backbone", users, messages: msgs });
  check(T("21:13:05") > imp.start, "detection after impact");

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title: "Cloudflare outage on July 17, 2020",
        url: "https://blog.cloudflare.com/cloudflare-outage-on-july-17-2020/",
      },
    ],
    story:
      "To relieve congestion between two backbone sites, an engineer committed a change to the Atlanta router's configuration (applied on push at 21:12:09). It leaked all routes into the backbone with a higher preference than local ones, pulling traffic from the other sites to Atlanta and saturating it. From 21:12 five POPs lost about a quarter of their traffic and failed most of the rest (502/504/522), while the Tokyo POP was fine. After the commit was identified, the Atlanta router's backbone sessions were shut down at 21:39:14 and traffic recovered within a minute.",
    milestones: {
      impactStart: imp.start,
      detected: T("21:13:05"),
      paged: T("21:13:38"),
      acknowledged: T("21:14:20"),
      mitigated: disabled,
      recovered: imp.end,
      resolved: T("22:05:00"),
    },
    trigger: {
      file: glFile,
      line: triggerLine,
      effectiveAt: commit,
      what: "network-config commit 'atl01: stop announcing ATL prefixes to backbone' (applied on push; commit time is the only record)",
    },
    impact: imp.rows,
    people: Object.values(P),
    kinds: [
      "trigger:git-log-pipe(mixed offsets)",
      "traffic-drop+errors",
      "mitigation:disable-router",
      "healthy-pop-among-failing",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2025-07-17-backbone",
      title: "Errors in five POPs: backbone route leak",
      severity: "SEV1",
      services: ["edge"],
      start: T("21:00:00"),
      end: T("22:15:00"),
    }),
    truth,
  );
}
