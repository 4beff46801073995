/**
 * Publishing and follow-through: e-mail, Slack, webhook, GitHub issues and the follow-up invitation, run through a
 * crash-safe ledger so nothing is sent twice.
 * @module
 */
export { emailChannel, smtpTransportOptions } from "./channels/email.js";
export { githubChannel, githubLogin, issueBody } from "./channels/github.js";
export { followUpIcs, followUpStart, icsChannel, planFollowUp } from "./channels/ics.js";
export { PUBLISH_CHANNELS } from "./channels/index.js";
export { slackBlocks, slackChannel } from "./channels/slack.js";
export { webhookChannel } from "./channels/webhook.js";
export {
  actionItemMarker,
  GitHubTracker,
  type GitHubTrackerOptions,
  issueNumberOf,
  type TrackerIssue,
} from "./github-client.js";
export { postJson, safeUrl } from "./http-post.js";
export { PublishLedger, StepState } from "./publish-ledger.js";
export { publishPostmortem } from "./publish-postmortem.js";
export type * from "./publish-types.js";
export { type SyncChange, type SyncOptions, type SyncReport, syncActionItemsFromGitHub } from "./sync-action-items.js";
export { toAdf } from "./trackers/adf.js";
export { appendHistory, type HistoryEntry, historyPath, readHistory } from "./trackers/sync-history.js";
export {
  ownerFromTracker,
  statusFromTracker,
  syncActionItemsFromTrackers,
  type TrackerSyncChange,
  type TrackerSyncOptions,
  type TrackerSyncReport,
} from "./trackers/sync-trackers.js";
export { trackerChannel, trackerIssueInput } from "./trackers/tracker-channel.js";
export {
  type LoadedTrackerSettings,
  loadTrackerSettings,
  openTracker,
  parseTrackerSettings,
  type TrackerSettings,
} from "./trackers/tracker-config.js";
export { TRACKERS } from "./trackers/tracker-registry.js";
export type * from "./trackers/tracker-types.js";
export { markerText } from "./trackers/tracker-types.js";
