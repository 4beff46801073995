/** The orders-api runbook as it stood before the incident (it has no section on pool saturation: a finding). */
export const RUNBOOK = `# orders-api runbook

Owner: Shop Platform (\`#inc-orders-api\`, PagerDuty service \`orders-api\`)
Dashboards: https://grafana.shop.example.com/d/orders-api/orders-api

## Service overview

orders-api serves the order endpoints of the shop (\`/api/v1/orders*\`, \`/api/v1/shipping/quotes\`) for the web
checkout and the mobile apps. It runs as the Deployment \`orders-api\` in namespace \`shop\` (3 replicas), behind
nginx, and talks to PostgreSQL (\`orders-db\`) through pgbouncer (\`orders-api-pgbouncer\`). Each pod keeps a
connection pool of at most 20 connections (\`DB_POOL_MAX\`); acquiring a connection times out after 5 s.

## Alerts

### HighErrorRate (critical, pages)

More than 5% of requests answered 5xx for 1 minute.

1. Open the dashboard; split 5xx by route and by pod.
2. Check recent deploys: \`kubectl -n shop rollout history deploy/orders-api\` and the #deploys channel.
3. If a deploy in the last hour lines up with the errors, roll it back:
   \`kubectl -n shop rollout undo deploy/orders-api\`. Check the release notes for migrations first.
4. Look at the app logs: \`kubectl -n shop logs -l app=orders-api --since=15m | grep '"level":50'\`.

### HighLatencyP99 (warning, Slack only)

p99 latency above 1 s for 5 minutes. Usually a slow downstream (payment-gateway, shipping provider).
Check the downstream panels; no action needed when it clears within 15 minutes.

## Common problems

### Payment-gateway timeouts

A baseline of about 0.2% of requests fails with 504 after 3 s when the payment provider is slow. Only act when the
share rises above 1% for 10 minutes: open a ticket with the provider.

### Pods not ready after a deploy

\`kubectl -n shop describe pod <pod>\`; look at readiness probe failures and at \`kubectl -n shop get events\`.

## Rollback

\`kubectl -n shop rollout undo deploy/orders-api --to-revision=N\`. Releases that include a database migration
(see \`migrations/\` in the release diff) cannot be rolled back by the app alone: talk to the DBA on call first.

## Escalation

1. Shop Platform primary on call (PagerDuty).
2. Database reliability on call for anything in \`orders-db\` or pgbouncer.
3. Engineering manager of Shop for customer-facing impact over 15 minutes (status page, support).
`;
