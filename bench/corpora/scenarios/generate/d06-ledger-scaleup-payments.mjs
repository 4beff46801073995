// Modelled on Monzo's 29 July 2019 incident: capacity was added to the data tier and the new nodes served reads
// before they held the data, so lookups returned "not found" and card/checkout payments failed. Scaling the
// ledger store back down ended it. Static traffic, the bulk of requests, was unaffected.
import {
  appFormats,
  check,
  debriefYaml,
  impact,
  isoS,
  k8sEvents,
  ms,
  opsgenie,
  Scenario,
  slackExport,
  traffic,
  truthDoc,
  wobble,
  writeAccess,
} from "./lib.mjs";

export function build() {
  const sc = new Scenario({ id: "ledger-scaleup-payments", half: "dev", seed: 190729 });
  const r = sc.r;
  const T = (hms) => ms(`2025-07-29T${hms}Z`);
  const from = T("12:15:00");
  const to = T("14:20:00");
  const scaleUp = T("13:10:14");
  const onset = T("13:11:02");
  const scaleDown = T("13:57:43");
  const hosts = ["shop-web-1", "shop-web-2", "shop-web-3"];
  const amount = (x) => Math.round((5 + x() ** 2 * 240) * 100) / 100;
  const endpoints = [
    {
      path: (x) =>
        `/static/${x.pick(["img", "css", "js", "fonts"])}/${x.hex(10)}.${x.pick(["webp", "css", "js", "woff2"])}`,
      weight: 78,
      service: "storefront",
      bytes: [2000, 80000],
      rt: [0.001, 0.01],
    },
    {
      path: (x) => `/p/${x.pick(["trainers", "jackets", "bags", "watches"])}-${x.int(100, 999)}`,
      weight: 12,
      service: "storefront",
      bytes: [20000, 70000],
    },
    { path: "/api/basket", method: "POST", weight: 4, service: "basket-api" },
    { path: "/api/pay", method: "POST", weight: 6, service: "payments-api", rt: [0.2, 0.9], amount },
  ];
  const rules = [
    {
      ep: "/api/pay",
      from: onset,
      to: scaleDown + 60000,
      p: (t) => (t < scaleDown + 30000 ? 0.68 : 0.68 * (1 - (t - scaleDown - 30000) / 30000)),
      status: 502,
      tag: "incident",
    },
  ];
  const reqs = traffic(r, { from, to, rate: wobble(1.55), endpoints, hosts, rules, clientNet: "198.51.100" });
  writeAccess(sc, "evidence/web/nginx-access.log", reqs, "nginx");
  const imp = impact(reqs, [
    {
      service: "payments-api",
      endpoint: "/api/pay",
      status: "502",
      match: (q) => q.path === "/api/pay",
      statusMatch: (s) => s === 502,
    },
    { service: "storefront", endpoint: null, status: "5xx", match: () => true },
  ]);
  imp.rows[1] = { ...imp.rows[1], endpoint: null, service: "all (site-wide)" };

  // payments-api application log (pino): one line per payment attempt, with order and amount
  const app = [];
  let ord = 4100000;
  for (const q of reqs) {
    if (q.path !== "/api/pay") continue;
    ord += r.int(1, 3);
    q.order = `ORD-${ord}`;
    const fields = {
      req_id: q.id,
      order_id: q.order,
      amount: q.amount,
      currency: "EUR",
      method: r.pick(["card", "card", "card", "paypal"]),
    };
    if (q.status === 502)
      app.push(
        appFormats.pino(
          q.t - 5,
          "error",
          `payments-api-${r.int(1, 4)}`,
          "payment authorisation failed: ledger balance lookup returned not_found",
          { ...fields, err: { type: "LedgerNotFound", message: "account balance not found (read quorum ok)" } },
        ),
      );
    else app.push(appFormats.pino(q.t - 5, "info", `payments-api-${r.int(1, 4)}`, "payment authorised", fields));
  }
  for (let t = from; t < to; t += 60000)
    app.push(
      appFormats.pino(t + r.int(0, 900), "info", `payments-api-${r.int(1, 4)}`, "ledger client pool stats", {
        active: r.int(2, 9),
        idle: r.int(10, 20),
      }),
    );
  app.sort((a, b) => JSON.parse(a).time - JSON.parse(b).time);
  sc.put("evidence/app/payments-api.log", app);
  const failedPays = imp.within.filter((q) => q.path === "/api/pay" && q.status === 502);
  const business = {
    failedOrders: failedPays.length,
    amount: Math.round(failedPays.reduce((a, q) => a + q.amount, 0) * 100) / 100,
    currency: "EUR",
  };

  // Kubernetes events: the only record of the change is the Deployment's ReplicaSet scaling
  const ev = [
    {
      at: T("09:02:11"),
      kind: "Deployment",
      name: "ledger-store",
      ns: "ledger",
      reason: "ScalingReplicaSet",
      message: "Scaled up replica set ledger-store-6f8d9c7b5d to 6",
    },
    {
      at: scaleUp,
      kind: "Deployment",
      name: "ledger-store",
      ns: "ledger",
      reason: "ScalingReplicaSet",
      message: "Scaled up replica set ledger-store-6f8d9c7b5d to 9 from 6",
    },
    ...[6, 7, 8].map((_i, k) => ({
      at: scaleUp + 1000 + k * 300,
      kind: "ReplicaSet",
      name: "ledger-store-6f8d9c7b5d",
      ns: "ledger",
      reason: "SuccessfulCreate",
      message: `Created pod: ledger-store-6f8d9c7b5d-${r.id(5, "bcdfghjklmnpqrstvwxz2456789")}`,
      component: "replicaset-controller",
    })),
    {
      at: T("13:31:05"),
      kind: "Deployment",
      name: "storefront",
      ns: "shop",
      reason: "ScalingReplicaSet",
      message: "Scaled up replica set storefront-5c7d8f9b6 to 4 from 3",
    },
    {
      at: scaleDown,
      kind: "Deployment",
      name: "ledger-store",
      ns: "ledger",
      reason: "ScalingReplicaSet",
      message: "Scaled down replica set ledger-store-6f8d9c7b5d to 6 from 9",
    },
    ...[0, 1, 2].map((k) => ({
      at: scaleDown + 800 + k * 250,
      kind: "ReplicaSet",
      name: "ledger-store-6f8d9c7b5d",
      ns: "ledger",
      reason: "SuccessfulDelete",
      message: `Deleted pod: ledger-store-6f8d9c7b5d-${r.id(5, "bcdfghjklmnpqrstvwxz2456789")}`,
      component: "replicaset-controller",
    })),
  ];
  const evFile = "evidence/k8s/events.json";
  sc.put(evFile, k8sEvents(r, ev));
  const triggerLine = sc.lineOf(evFile, "to 9 from 6");

  // Opsgenie alert log for the payments alert
  const P = { oc: "Siobhan Kelly", ic: "Arjun Rao", plat: "Nina Kovacs", cx: "Ben Adeyemi" };
  const alertAt = T("13:14:12");
  sc.put(
    "evidence/opsgenie/payments-error-rate-alert-logs.json",
    opsgenie(r, [
      {
        at: alertAt,
        log: "Alert created via Prometheus integration with message: PaymentsErrorRatio: /api/pay 5xx ratio 64% [critical]",
        type: "system",
        owner: "System",
      },
      {
        at: alertAt + 1900,
        log: "Alert is assigned to escalation [payments_escalation]",
        type: "system",
        owner: "System",
      },
      {
        at: alertAt + 2000,
        log: "Notified siobhan.kelly@shopco.example via voice call",
        type: "alertRecipient",
        owner: "siobhan.kelly@shopco.example",
      },
      {
        at: T("13:16:40"),
        log: "Acknowledged by siobhan.kelly@shopco.example via App",
        type: "alertAction",
        owner: "siobhan.kelly@shopco.example",
      },
      {
        at: T("14:10:05"),
        log: "Alert closed by arjun.rao@shopco.example via Web",
        type: "alertAction",
        owner: "arjun.rao@shopco.example",
      },
    ]),
  );
  // support tickets export (Zendesk CSV, account time zone UTC)
  const tickets = ["Id,Subject,Status,Requester,Created at,Tags"];
  let tid = 88120;
  for (let t = T("13:19:00"); t < T("14:00:00"); t += r.int(90, 400) * 1000)
    tickets.push(
      `${tid++},"${r.pick(["Payment declined but money taken?", "Can't pay for my order", "Checkout error 502", "Card payment failing"])}",${r.pick(["open", "pending", "solved"])},customer${r.int(1000, 9999)}@mail.example,${isoS(t).replace("T", " ").replace("Z", "")},payments checkout`,
    );
  sc.put("evidence/support/zendesk-tickets.csv", tickets);
  const users = [
    { key: "sk", name: "siobhan", real: P.oc },
    { key: "ar", name: "arjun", real: P.ic },
    { key: "nk", name: "nina.k", real: P.plat },
    { key: "ba", name: "ben.cx", real: P.cx },
  ];
  const msgs = [
    {
      at: T("13:17:10"),
      user: "sk",
      text: "ack'd PaymentsErrorRatio. /api/pay failing about 2 in 3, rest of the site is fine",
    },
    { at: T("13:20:30"), user: "ba", text: "support seeing tickets: card payments declined at checkout" },
    { at: T("13:24:45"), user: "sk", text: "payments-api errors are LedgerNotFound: balance lookups return not_found" },
    {
      at: T("13:33:00"),
      user: "nk",
      text: "we added 3 ledger-store replicas at 13:10 for the sale tomorrow. new nodes may be serving reads before streaming finished",
    },
    { at: T("13:41:20"), user: "ar", text: "IC. storefront scale-up at 13:31 is unrelated (HPA)" },
    { at: T("13:52:10"), user: "ar", text: "decision: scale ledger-store back to 6" },
    { at: T("13:58:05"), user: "nk", text: "scaled ledger-store to 6, new pods gone" },
    { at: T("14:01:30"), user: "sk", text: "payments succeeding again" },
    { at: T("14:10:00"), user: "ar", text: "closing the alert, will reconcile the failed orders with finance" },
  ];
  slackExport(sc, { channel: "inc-payments-failing", users, messages: msgs });
  check(alertAt > imp.start, "alert after impact");
  check(imp.end >= scaleDown, "last failure after the scale-down took effect");

  const truth = truthDoc({
    id: sc.id,
    modelledOn: [
      {
        title: "We had issues with Monzo on 29th July. Here's what happened, and what we did to fix it",
        url: "https://monzo.com/blog/2019/09/08/why-monzo-wasnt-working-on-july-29th",
      },
    ],
    story:
      "At 13:10 the ledger-store Deployment was scaled from 6 to 9 replicas ahead of a sale. The new replicas answered reads before they held the data, so balance lookups returned not_found and about two thirds of payment attempts (POST /api/pay) failed with 502 from 13:11, while static files and product pages, most of the site's traffic, were unaffected. The payments alert paged at 13:14 and support tickets followed. After the team connected the failures to the scale-up, ledger-store was scaled back to 6 at 13:57 and payments recovered within a minute. Failed orders and their amounts are in the payments-api log.",
    milestones: {
      impactStart: imp.start,
      detected: alertAt,
      paged: alertAt + 2000,
      acknowledged: T("13:16:40"),
      mitigated: scaleDown,
      recovered: imp.end,
      resolved: T("14:10:05"),
    },
    trigger: {
      file: evFile,
      line: triggerLine,
      effectiveAt: scaleUp,
      what: "ledger-store Deployment scaled up from 6 to 9 replicas (ReplicaSet scaling event)",
    },
    redHerrings: [
      {
        file: evFile,
        line: sc.lineOf(evFile, "storefront-5c7d8f9b6 to 4"),
        what: "storefront HPA scale-up at 13:31, unrelated",
      },
    ],
    impact: imp.rows,
    business,
    people: Object.values(P),
    kinds: [
      "trigger:replicaset-scaling-events",
      "payment-endpoint-vs-static",
      "business-figures",
      "mitigation:scale-down",
      "opsgenie",
      "support-tickets-csv",
    ],
  });
  sc.write(
    debriefYaml({
      id: "2025-07-29-payments-failing",
      title: "Card payments failing at checkout",
      severity: "SEV1",
      services: ["payments-api"],
      start: T("13:00:00"),
      end: T("14:15:00"),
    }),
    truth,
  );
}
