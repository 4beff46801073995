import { z } from "zod";
import { JIRA_CLOUD, JiraSettingsBase, JiraTracker, jiraReason } from "./jira-common.js";
import { requireCredential, VendorHttp } from "./tracker-http.js";
import type { TrackerPlugin } from "./tracker-types.js";

/** `tracker:` settings of Jira Cloud. */
export const JiraCloudSettings = JiraSettingsBase.extend({ kind: z.literal("jira-cloud") }).strict();
/** See {@link JiraCloudSettings}. */
export type JiraCloudSettings = z.infer<typeof JiraCloudSettings>;

/**
 * Jira Cloud, REST v3 with Atlassian Document Format bodies and basic auth from an e-mail and an API token
 * (https://developer.atlassian.com/cloud/jira/platform/basic-auth-for-rest-apis/).
 */
export const jiraCloudTracker: TrackerPlugin<JiraCloudSettings> = {
  kind: "jira-cloud",
  title: "Jira Cloud",
  credentialNames: ["JIRA_EMAIL", "JIRA_API_TOKEN"],
  settings: JiraCloudSettings,
  open(settings, ctx) {
    const email = requireCredential(ctx, "JIRA_EMAIL", "Jira Cloud");
    const token = requireCredential(ctx, "JIRA_API_TOKEN", "Jira Cloud");
    const basic = Buffer.from(`${email}:${token}`).toString("base64");
    const http = new VendorHttp({
      title: "Jira Cloud",
      baseUrl: settings.url,
      headers: { authorization: `Basic ${basic}` },
      secrets: [token, basic],
      reason: jiraReason,
      authHint: "check JIRA_EMAIL and JIRA_API_TOKEN",
      ctx,
    });
    return new JiraTracker(JIRA_CLOUD, settings, http);
  },
};
