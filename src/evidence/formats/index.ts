import type { EvidenceFormat } from "../evidence-format.js";
import { FormatRegistry } from "../format-registry.js";
import { alertmanagerJson } from "./alertmanager-json.js";
import { alertmanagerSilences } from "./alertmanager-silences.js";
import { ansibleJson } from "./ansible-json.js";
import { ansibleRun } from "./ansible-run.js";
import { argocdCli } from "./argocd-cli.js";
import { changeApiRecords } from "./change-api-records.js";
import { changeRecordsJson } from "./change-records-json.js";
import { ciBuildsJson } from "./ci-builds-json.js";
import { ciConsoleUntimed } from "./ci-console-untimed.js";
import { ciJobLog } from "./ci-job-log.js";
import { featureFlagAudit } from "./feature-flag-audit.js";
import { freshdeskTicketsJson } from "./freshdesk-tickets-json.js";
import { gitLog } from "./git-log.js";
import { gitLogBlocks } from "./git-log-blocks.js";
import { githubDeployments } from "./github-deployments.js";
import { githubIssuesJson } from "./github-issues-json.js";
import { gitlabIssuesJson } from "./gitlab-issues-json.js";
import { gitopsStatus } from "./gitops-status.js";
import { helmReleaseStatus } from "./helm-release-status.js";
import { incidentioJson } from "./incidentio-json.js";
import { instatusIncidents } from "./instatus-incidents.js";
import { jiraIssuesJson } from "./jira-issues-json.js";
import { jsonLogDocument } from "./json-log-document.js";
import { kubectlEventsTable } from "./kubectl-events-table.js";
import { kubernetesEvents } from "./kubernetes-events.js";
import { LOG_FORMATS } from "./logs/index.js";
import { mattermostExport } from "./mattermost-export.js";
import { nomadJobHistory } from "./nomad-job-history.js";
import { opsgenieJson } from "./opsgenie-json.js";
import { packageManagerLog } from "./package-manager-log.js";
import { pagerdutyJson } from "./pagerduty-json.js";
import { prometheusAlertsJson } from "./prometheus-alerts-json.js";
import { prometheusJson } from "./prometheus-json.js";
import { prometheusText } from "./prometheus-text.js";
import { puppetReport } from "./puppet-report.js";
import { releaseHistoryTable } from "./release-history-table.js";
import { releaseMarkersJson } from "./release-markers-json.js";
import { collectManifest, runbookMarkdown } from "./runbook-markdown.js";
import { saltHighstateText } from "./salt-highstate-text.js";
import { saltStateJson } from "./salt-state-json.js";
import { slackExport, slackMetadata } from "./slack-export.js";
import { slackIntegrationLogs } from "./slack-integration-logs.js";
import { statuspageIncidents } from "./statuspage-incidents.js";
import { supportTicketCsv } from "./support-ticket-csv.js";
import { zendeskTicketsJson } from "./zendesk-tickets-json.js";

/**
 * The structured formats. They come first in the registry because their detectors look for field names that no
 * log line has, so a tie (a one-line JSON document that a JSON-lines detector also likes) goes to them.
 */
export const DOCUMENT_FORMATS: EvidenceFormat[] = [
  prometheusJson,
  prometheusAlertsJson,
  alertmanagerJson,
  alertmanagerSilences,
  pagerdutyJson,
  opsgenieJson,
  statuspageIncidents,
  instatusIncidents,
  incidentioJson,
  zendeskTicketsJson,
  freshdeskTicketsJson,
  jiraIssuesJson,
  githubIssuesJson,
  gitlabIssuesJson,
  supportTicketCsv,
  slackExport,
  slackMetadata,
  slackIntegrationLogs,
  mattermostExport,
  kubernetesEvents,
  githubDeployments,
  featureFlagAudit,
  changeRecordsJson,
  changeApiRecords,
  ciBuildsJson,
  kubectlEventsTable,
  nomadJobHistory,
  saltStateJson,
  saltHighstateText,
  releaseMarkersJson,
  releaseHistoryTable,
  puppetReport,
  argocdCli,
  gitopsStatus,
  helmReleaseStatus,
  ansibleJson,
  ciJobLog,
  ciConsoleUntimed,
  ansibleRun,
  packageManagerLog,
  gitLog,
  gitLogBlocks,
  prometheusText,
  jsonLogDocument,
  runbookMarkdown,
  collectManifest,
];

/** Every built-in format, in tie-breaking order. */
export const FORMATS: readonly EvidenceFormat[] = [...DOCUMENT_FORMATS, ...LOG_FORMATS];

let builtin: FormatRegistry | undefined;

/**
 * The registry of the built-in formats: what a reading uses unless `ReadEvidenceOptions.formats` passes another
 * (add plugin formats with `defaultFormatRegistry().with(format, moduleUrl)`).
 */
export function defaultFormatRegistry(): FormatRegistry {
  builtin ??= FormatRegistry.of(FORMATS);
  return builtin;
}

/** The built-in format with this id, or `undefined`. */
export function findFormat(id: string): EvidenceFormat | undefined {
  return defaultFormatRegistry().find(id);
}

/** Every built-in id, for `--format` errors and help. */
export function formatIds(): string[] {
  return defaultFormatRegistry().ids();
}
