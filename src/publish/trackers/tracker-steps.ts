/** Step-id prefixes of the tracker channels: their steps' URLs are written back into the Tracker column. */
export const TRACKER_STEP_PREFIXES: readonly string[] = ["github:", "jira-cloud:", "jira-dc:", "linear:", "gitlab:"];
