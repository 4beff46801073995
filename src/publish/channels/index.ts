import type { PublishChannel } from "../publish-types.js";
import { emailChannel } from "./email.js";
import { githubChannel } from "./github.js";
import { icsChannel } from "./ics.js";
import { slackChannel } from "./slack.js";
import { webhookChannel } from "./webhook.js";

/**
 * Every publish channel in the order steps run: the invitation file first, then issues (so their URLs can go in the
 * distributed document next time), then the distribution channels.
 */
export const PUBLISH_CHANNELS: readonly PublishChannel[] = Object.freeze([
  icsChannel,
  githubChannel,
  emailChannel,
  slackChannel,
  webhookChannel,
]);
