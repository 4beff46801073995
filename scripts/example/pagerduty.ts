import type { Rng } from "./prng.js";
import { isoSeconds, PEOPLE, T } from "./scenario.js";

const API = "https://api.pagerduty.com";
const WEB = "https://shop-example.pagerduty.com";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

type Person = (typeof PEOPLE)[keyof typeof PEOPLE];

/**
 * PagerDuty REST API v2 `GET /incidents/{id}/log_entries?limit=100` response: newest entry first, as the API lists
 * them, with the incident's trigger, assignment, notifications, acknowledgement, a note and the resolution.
 */
export function pagerdutyDocument(rng: Rng): unknown {
  const incidentId = `Q${rng.chars(13, UPPER)}`;
  const serviceId = `P${rng.chars(6, UPPER)}`;
  const teamId = `P${rng.chars(6, UPPER)}`;
  const integrationId = `P${rng.chars(6, UPPER)}`;
  const policyId = `P${rng.chars(6, UPPER)}`;
  const title = "[FIRING:1] HighErrorRate orders-api (critical)";
  const incident = {
    id: incidentId,
    type: "incident_reference",
    summary: `[#4821] ${title}`,
    self: `${API}/incidents/${incidentId}`,
    html_url: `${WEB}/incidents/${incidentId}`,
  };
  const service = {
    id: serviceId,
    type: "service_reference",
    summary: "orders-api",
    self: `${API}/services/${serviceId}`,
    html_url: `${WEB}/service-directory/${serviceId}`,
  };
  const teams = [
    {
      id: teamId,
      type: "team_reference",
      summary: "Shop Platform",
      self: `${API}/teams/${teamId}`,
      html_url: `${WEB}/teams/${teamId}`,
    },
  ];
  const user = (p: Person) => ({
    id: p.pd,
    type: "user_reference",
    summary: p.real,
    self: `${API}/users/${p.pd}`,
    html_url: `${WEB}/users/${p.pd}`,
  });
  const entry = (type: string, at: number, fields: Record<string, unknown>) => {
    const id = `R${rng.chars(25, UPPER)}`;
    return {
      id,
      type,
      summary: "",
      self: `${API}/log_entries/${id}`,
      html_url: `${WEB}/incidents/${incidentId}/log_entries/${id}`,
      created_at: isoSeconds(at),
      ...fields,
      service,
      incident,
      teams,
      contexts: [],
    };
  };
  const withSummary = (e: ReturnType<typeof entry>, summary: string) => ({ ...e, summary });

  const integration = {
    id: integrationId,
    type: "events_api_v2_inbound_integration_reference",
    summary: "Alertmanager",
    self: `${API}/services/${serviceId}/integrations/${integrationId}`,
    html_url: `${WEB}/services/${serviceId}/integrations/${integrationId}`,
  };
  const oncall = PEOPLE.oncall;
  const entries = [
    withSummary(
      entry("trigger_log_entry", T.pdTrigger, {
        agent: integration,
        channel: {
          type: "api",
          summary: title,
          details: {
            firing:
              "Labels:\n - alertname = HighErrorRate\n - namespace = shop\n - service = orders-api\n - severity = critical\n - team = shop\nAnnotations:\n - summary = orders-api 5xx error rate above 5%\nSource: http://prometheus-k8s-0:9090/graph?g0.expr=...\n",
            num_firing: "1",
            num_resolved: "0",
            resolved: "",
          },
          client: "Alertmanager",
          client_url: "http://alertmanager-main-0:9093/#/alerts?receiver=pagerduty-shop",
        },
        event_details: { description: title },
      }),
      "Triggered through the API.",
    ),
    withSummary(
      entry("assign_log_entry", T.pdTrigger, {
        agent: service,
        channel: { type: "auto" },
        assignees: [user(oncall)],
        escalation_policy: {
          id: policyId,
          type: "escalation_policy_reference",
          summary: "Shop Platform - primary",
          self: `${API}/escalation_policies/${policyId}`,
          html_url: `${WEB}/escalation_policies/${policyId}`,
        },
      }),
      `Assigned to ${oncall.real}.`,
    ),
    withSummary(
      entry("notify_log_entry", T.paged, {
        agent: service,
        channel: { type: "auto" },
        user: user(oncall),
        notification: { type: "push_notification", status: "success", address: "Pixel 8" },
      }),
      `Notified ${oncall.real} by push notification.`,
    ),
    withSummary(
      entry("notify_log_entry", T.paged, {
        agent: service,
        channel: { type: "auto" },
        user: user(oncall),
        notification: { type: "sms_notification", status: "success", address: "+44 7700 900123" },
      }),
      `Notified ${oncall.real} by SMS.`,
    ),
    withSummary(
      entry("notify_log_entry", T.paged + 180_000, {
        agent: service,
        channel: { type: "auto" },
        user: user(oncall),
        notification: { type: "phone_notification", status: "success", address: "+44 7700 900123" },
      }),
      `Notified ${oncall.real} by phone.`,
    ),
    withSummary(
      entry("acknowledge_log_entry", T.acknowledged, {
        agent: user(oncall),
        channel: { type: "mobile" },
        acknowledgement_timeout: 1800,
      }),
      `Acknowledged by ${oncall.real}.`,
    ),
    withSummary(
      entry("annotate_log_entry", T.poolExhausted + 95_000, {
        agent: user(PEOPLE.ic),
        channel: { type: "note", summary: "Tomás Ortega is incident commander. Status page: checkout degraded." },
      }),
      "Note added",
    ),
    withSummary(
      entry("annotate_log_entry", T.mitigated + 40_000, {
        agent: user(oncall),
        channel: {
          type: "note",
          summary: "Cache layer for the open-orders lookup deployed (orders-api v2.3.1). Error rate falling.",
        },
      }),
      "Note added",
    ),
    withSummary(
      entry("resolve_log_entry", T.resolved, {
        agent: user(PEOPLE.ic),
        channel: { type: "website" },
      }),
      `Resolved by ${PEOPLE.ic.real}.`,
    ),
  ];
  entries.reverse();
  return { log_entries: entries, limit: 100, offset: 0, more: false, total: entries.length };
}
