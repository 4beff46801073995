import { githubTracker } from "./github.js";
import { gitlabTracker } from "./gitlab.js";
import { jiraCloudTracker } from "./jira-cloud.js";
import { jiraDataCenterTracker } from "./jira-data-center.js";
import { linearTracker } from "./linear.js";
import type { TrackerKind, TrackerPlugin } from "./tracker-types.js";

/** Every tracker plugin, by `kind`; embedders and tests may pass their own list. */
export const TRACKERS: readonly TrackerPlugin<{ kind: TrackerKind }>[] = Object.freeze([
  githubTracker,
  jiraCloudTracker,
  jiraDataCenterTracker,
  linearTracker,
  gitlabTracker,
] as unknown as TrackerPlugin<{ kind: TrackerKind }>[]);
