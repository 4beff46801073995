import type { CollectSource } from "../collect-source.js";
import { alertmanagerSource } from "./alertmanager.js";
import { elasticsearchSource } from "./elasticsearch.js";
import { kubectlSource } from "./kubectl.js";
import { lokiSource } from "./loki.js";
import { pagerdutySource } from "./pagerduty.js";
import { prometheusSource } from "./prometheus.js";
import { slackSource } from "./slack.js";

/**
 * Every evidence source `debrief collect` knows, in the order they run: the default registry `collectEvidence` is
 * given (`CollectOptions.sources`). Frozen, so a worker or a test sees exactly what the caller passed.
 */
export const COLLECT_SOURCES: readonly CollectSource[] = Object.freeze([
  prometheusSource,
  alertmanagerSource,
  lokiSource,
  elasticsearchSource,
  kubectlSource,
  pagerdutySource,
  slackSource,
]);

export {
  alertmanagerSource,
  elasticsearchSource,
  kubectlSource,
  lokiSource,
  pagerdutySource,
  prometheusSource,
  slackSource,
};
