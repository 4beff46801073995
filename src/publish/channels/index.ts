import type { PublishChannel } from "../publish-types.js";
import { trackerChannel } from "../trackers/tracker-channel.js";
import { confluenceChannel } from "./confluence.js";
import { emailChannel } from "./email.js";
import { githubChannel } from "./github.js";
import { icsChannel } from "./ics.js";
import { slackChannel } from "./slack.js";
import { teamsChannel } from "./teams.js";
import { webhookChannel } from "./webhook.js";

/**
 * Every publish channel in the order steps run: the invitation file first, then issues (so their URLs can go in the
 * distributed document next time), then the distribution channels.
 */
export const PUBLISH_CHANNELS: readonly PublishChannel[] = Object.freeze([
  icsChannel,
  githubChannel,
  trackerChannel("jira-cloud", "Jira Cloud"),
  trackerChannel("jira-dc", "Jira Data Center"),
  trackerChannel("linear", "Linear"),
  trackerChannel("gitlab", "GitLab"),
  emailChannel,
  slackChannel,
  teamsChannel,
  confluenceChannel,
  webhookChannel,
]);
