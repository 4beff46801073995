// Modelled on incident.io's "Intermittent downtime from repeated crashes" (November 2022): an unhandled event
// shape crashes the Heroku app; it comes back, crashes again when the event is retried, in bursts about an hour apart,
// until a fix is deployed. The change that introduced the bug is visible only in the git log.
import {
  check,
  debriefYaml,
  fmt,
  impact,
  iso,
  ms,
  pagerduty,
  Scenario,
  segments,
  slackExport,
  traffic,
  truthDoc,
  wobble,
} from "./lib.mjs";

export function build() {
  const sc = new Scenario({ id: "crashloop-bursts", half: "dev", seed: 221118 });
  const r = sc.r;
  const T = (hms) => ms(`2025-11-18T${hms}Z`);
  const from = T("13:50:00");
  const to = T("17:50:00");
  const bursts = [
    [T("14:40:12"), T("14:58:30")],
    [T("15:51:40"), T("16:04:50")],
    [T("17:00:31"), T("17:19:52")],
  ];
  const fixLive = T("17:18:40");
  const dynos = ["web.1", "web.2", "web.3"];
  const endpoints = [
    { path: (x) => `/api/incidents/${x.id(26, "0123456789ABCDEFGHJKMNPQRSTVWXYZ")}`, weight: 30, service: "app" },
    { path: "/api/incidents", method: "POST", weight: 6, service: "app" },
    { path: "/webhooks/slack/events", method: "POST", weight: 30, service: "app", rt: [0.01, 0.05] },
    { path: "/api/schedules", weight: 14, service: "app" },
    { path: "/api/exports", method: "POST", weight: 4, service: "app", rt: [3, 25] },
    { path: (x) => `/assets/${x.hex(12)}.js`, weight: 16, service: "app", bytes: [30000, 200000] },
  ];
  const rules = [
    { ep: "/api/exports", from: T("13:52:00"), to, p: 0.35, status: 503, tag: "noise", rt: [30, 30] },
    ...bursts.map(([a, b], i) => ({
      ep: null,
      from: a,
      to: b,
      p: (t) => (t < a + 20000 ? 0.5 : 0.88),
      status: 503,
      tag: "incident",
      seg: i,
    })),
  ];
  const reqs = traffic(r, { from, to, rate: wobble(0.62, 0.1), endpoints, hosts: dynos, rules });
  for (const q of reqs) {
    if (q.tag === "incident") {
      q.code = "H10";
      q.desc = "App crashed";
    } else if (q.tag === "noise") {
      q.code = "H12";
      q.desc = "Request timeout";
    }
  }
  // Router lines plus platform lines from the same log drain (heroku logs --tail output)
  const lines = [];
  for (const q of reqs) {
    q.inEvidence = true;
  }
  const plat = [];
  const pl = (t, src, text) => plat.push({ t, line: `${fmt.isoOff(t, 0, 6).replace("Z", "+00:00")} ${src}: ${text}` });
  bursts.forEach(([a, b]) => {
    for (let t = a - 2000; t < b - 30000; t += r.int(40, 110) * 1000) {
      const d = r.pick(dynos);
      pl(t, `app[${d}]`, "panic: runtime error: invalid memory address or nil pointer dereference");
      pl(t + 1, `app[${d}]`, `[signal SIGSEGV: segmentation violation code=0x1 addr=0x28 pc=0x${r.hex(7)}]`);
      pl(t + 2, `app[${d}]`, "goroutine 4187 [running]:");
      pl(
        t + 3,
        `app[${d}]`,
        "github.com/incidentco/core/app/escalation.(*Handler).onAlertEvent(0xc000a1e000, {0x2f1c8a0, 0xc0041be2a0}, 0xc00528c3c0)",
      );
      pl(t + 40, `heroku[${d}]`, "Process exited with status 2");
      pl(t + 60, `heroku[${d}]`, "State changed from up to crashed");
      pl(t + 9000, `heroku[${d}]`, "State changed from crashed to starting");
      pl(t + 14000, `heroku[${d}]`, "Starting process with command `bin/app serve`");
      pl(t + 19000, `heroku[${d}]`, "State changed from starting to up");
    }
  });
  for (let t = from + 30000; t < to; t += 300000)
    pl(t + r.int(0, 5000), "heroku[scheduler.4711]", "Starting process with command `bin/app cron:sync-schedules`");
  const all = [
    ...reqs.map((q) => ({
      t: q.t,
      line: (() => {
        const ts = fmt.isoOff(q.t, 0, 6).replace("Z", "+00:00");
        if (q.code)
          return `${ts} heroku[router]: at=error code=${q.code} desc="${q.desc}" method=${q.method} path="${q.path}" host=app.incidentco.example request_id=${q.id} fwd="${q.ip}" dyno=${q.code === "H10" ? "" : q.host} connect=${q.code === "H10" ? "" : "0ms"} service=${q.code === "H10" ? "" : "30000ms"} status=503 bytes=${q.code === "H10" ? "" : "0"} protocol=https`;
        return `${ts} heroku[router]: at=info method=${q.method} path="${q.path}" host=app.incidentco.example request_id=${q.id} fwd="${q.ip}" dyno=${q.host} connect=0ms service=${Math.round(q.rt * 1000)}ms status=${q.status} bytes=${q.bytes} protocol=https`;
      })(),
    })),
    ...plat,
  ].sort((x, y) => x.t - y.t);
  for (const x of all) lines.push(x.line);
  sc.put("evidence/heroku/logs.txt", lines);
  const imp = impact(
    reqs,
    [{ service: "app", endpoint: null, status: "503 H10", match: () => true, statusMatch: (s) => s === 503 }].map(
      (c) => ({ ...c, statusMatch: undefined, match: () => true }),
    ),
  );
  // count H10 specifically (H12 timeouts on /api/exports are baseline noise)
  const within = imp.within;
  imp.rows = [
    {
      service: "app",
      endpoint: null,
      status: "503 (H10 App crashed)",
      failed: within.filter((q) => q.code === "H10").length,
      total: within.length,
    },
    {
      service: "app",
      endpoint: "/webhooks/slack/events",
      status: "503 (H10 App crashed)",
      failed: within.filter((q) => q.code === "H10" && q.path === "/webhooks/slack/events").length,
      total: within.filter((q) => q.path === "/webhooks/slack/events").length,
    },
  ];
  const segs = segments(reqs);
  check(segs.length === 3, "three bursts");
  for (let i = 1; i < 3; i++) check(segs[i].first - segs[i - 1].last >= 45 * 60000, "bursts at least 45 min apart");

  // git log --pretty=format:'%h|%an|%ad|%s' --date=iso (newest first)
  const commits = [
    [T("17:14:02"), 0, "Mei Tanaka", "Skip alert events without a source before escalating"],
    [T("16:21:37"), 60, "Jules Martin", "Add retry jitter to Slack API client"],
    [T("15:10:55"), 0, "Mei Tanaka", "Log event payload shape on handler panic"],
    [T("14:29:40"), 60, "Jules Martin", "Escalate from alert events using the alert source's priority"],
    [T("13:58:12"), 0, "Priya Shah", "Bump go-chi to v5.1.0"],
    [T("11:41:03"), 0, "Mei Tanaka", "Tidy schedule override validation"],
    [T("10:12:45"), 60, "Jules Martin", "Add index on escalations(alert_id)"],
  ];
  const gl = commits.map(
    ([t, off, who, subj]) => `${r.hex(7)}|${who}|${fmt.naive(t, off)} ${off === 60 ? "+0100" : "+0000"}|${subj}`,
  );
  sc.put("evidence/git/core-git-log.txt", gl);
  const triggerLine = sc.lineOf("evidence/git/core-git-log.txt", "alert source's priority");

  const P = { oc: "Mei Tanaka", ic: "Tom Becker", dev: "Jules Martin", cs: "Ola Nordmann" };
  sc.put(
    "evidence/pagerduty/incident-3120-log-entries.json",
    pagerduty(r, {
      sub: "incidentco",
      service: "app (production)",
      incidentNo: 3120,
      title: "Heroku H10 App crashed (app-production)",
      entries: [
        { type: "trigger", at: T("14:41:05") },
        { type: "notify", at: T("14:41:07"), who: P.oc, via: "push" },
        { type: "acknowledge", at: T("14:43:31"), who: P.oc },
        { type: "annotate", at: T("15:53:02"), who: P.oc, note: "Crashing again, same panic in escalation handler" },
        { type: "annotate", at: T("17:02:15"), who: P.ic, note: "Third burst. Fix in review" },
        { type: "resolve", at: T("17:46:10"), who: P.ic },
      ],
    }).text,
  );
  const users = [
    { key: "mei", name: "mei", real: P.oc },
    { key: "tom", name: "tbecker", real: P.ic },
    { key: "jules", name: "jules", real: P.dev },
    { key: "ola", name: "ola.cs", real: P.cs },
  ];
  const msgs = [
    { at: T("14:41:40"), user: "mei", text: "paged for H10 app crashed, dynos are crash looping" },
    { at: T("14:44:10"), user: "mei", text: "manually restarted all web dynos, they crash again within a minute" },
    {
      at: T("14:59:30"),
      user: "mei",
      text: "crashes stopped on their own. keeping the incident open, panic is in escalation.onAlertEvent",
    },
    { at: T("15:52:30"), user: "mei", text: "it's back, same panic" },
    { at: T("15:58:00"), user: "ola", text: "customers asking about failed webhooks around 14:40 and now again" },
    {
      at: T("16:05:40"),
      user: "tom",
      text: "quiet again. looks like it comes back whenever the bad alert event is retried",
    },
    { at: T("17:01:20"), user: "tom", text: "third round. Mei has a fix, deploying as soon as CI is green" },
    { at: T("17:18:40"), user: "mei", text: "fix deployed (skip alert events without a source), release v845 is live" },
    { at: T("17:25:00"), user: "tom", text: "no crashes since the fix" },
    { at: T("17:46:15"), user: "tom", text: "resolving, will write up the intermittent timeline" },
  ];
  slackExport(sc, { channel: "inc-3120-app-crashes", users, messages: msgs });

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title: "incident.io: Intermittent downtime from repeated crashes",
        url: "https://incident.io/blog/intermittent-downtime",
      },
    ],
    story:
      "A commit pushed at 14:29 (auto-deployed from main) made the escalation handler dereference an alert source that some events lack. When such an event arrived the Heroku web dynos panicked and crash-looped, returning H10 503s on every route; the page at 14:41 was acknowledged and the incident kept open. The crashes stopped when the event's retries paused and returned twice, about an hour apart (15:51 and 17:00), tied together by the same open page, annotations and chat. A fix deployed at 17:18 ended the bursts. Slow /api/exports requests had been timing out (H12) throughout, unrelated.",
    milestones: {
      impactStart: imp.start,
      detected: T("14:41:05"),
      paged: T("14:41:07"),
      acknowledged: T("14:43:31"),
      mitigated: fixLive,
      recovered: imp.end,
      resolved: T("17:46:10"),
    },
    trigger: {
      file: "evidence/git/core-git-log.txt",
      line: triggerLine,
      effectiveAt: T("14:29:40"),
      what: "commit 'Escalate from alert events using the alert source's priority' (auto-deployed on push to main; the log shows only the commit time)",
    },
    impact: imp.rows,
    baselineNoise: [
      { file: "evidence/heroku/logs.txt", what: "steady H12 request timeouts (503) on POST /api/exports since 13:52" },
    ],
    intermittent: true,
    people: Object.values(P),
    kinds: [
      "trigger:git-log-pipe",
      "intermittent:3-bursts-50min-apart",
      "baseline-noise:same-status-other-endpoint",
      "heroku-router-log",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2025-11-18-app-crashes",
      title: "Intermittent app crashes (H10)",
      severity: "SEV2",
      services: ["app"],
      start: T("14:30:00"),
      end: T("17:45:00"),
    }),
    truth,
  );
  void iso;
}
