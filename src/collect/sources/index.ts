import type { CollectSource } from "../collect-source.js";
import { alertmanagerSource } from "./alertmanager.js";
import { elasticsearchSource } from "./elasticsearch.js";
import { kubectlSource } from "./kubectl.js";
import { lokiSource } from "./loki.js";
import { pagerdutySource } from "./pagerduty.js";
import { prometheusSource } from "./prometheus.js";
import { slackSource } from "./slack.js";

/** Every evidence source `debrief collect` knows, in the order they run. */
export const COLLECT_SOURCES: CollectSource[] = [
  prometheusSource,
  alertmanagerSource,
  lokiSource,
  elasticsearchSource,
  kubectlSource,
  pagerdutySource,
  slackSource,
];

export {
  alertmanagerSource,
  elasticsearchSource,
  kubectlSource,
  lokiSource,
  pagerdutySource,
  prometheusSource,
  slackSource,
};
