import { z } from "zod";
import { JIRA_DC, JiraSettingsBase, JiraTracker, jiraReason } from "./jira-common.js";
import { requireCredential, VendorHttp } from "./tracker-http.js";
import type { TrackerPlugin } from "./tracker-types.js";

/** `tracker:` settings of Jira Data Center. */
export const JiraDataCenterSettings = JiraSettingsBase.extend({ kind: z.literal("jira-dc") }).strict();
/** See {@link JiraDataCenterSettings}. */
export type JiraDataCenterSettings = z.infer<typeof JiraDataCenterSettings>;

/**
 * Jira Data Center / Server, REST v2 with wiki-text bodies and a personal access token sent as a bearer token
 * (https://confluence.atlassian.com/enterprise/using-personal-access-tokens-1026032365.html).
 */
export const jiraDataCenterTracker: TrackerPlugin<JiraDataCenterSettings> = {
  kind: "jira-dc",
  title: "Jira Data Center",
  credentialNames: ["JIRA_PAT"],
  settings: JiraDataCenterSettings,
  open(settings, ctx) {
    const token = requireCredential(ctx, "JIRA_PAT", "Jira Data Center");
    const http = new VendorHttp({
      title: "Jira Data Center",
      baseUrl: settings.url,
      headers: { authorization: `Bearer ${token}` },
      secrets: [token],
      reason: jiraReason,
      authHint: "check JIRA_PAT",
      ctx,
    });
    return new JiraTracker(JIRA_DC, settings, http);
  },
};
