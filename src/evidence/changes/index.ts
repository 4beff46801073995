import type { RawEvent } from "../../model/event.js";
import { appReleaseRecogniser } from "./app-release.js";
import { changeOutcomeRecogniser } from "./change-outcome.js";
import { applyChange, type ChangeRecogniser } from "./change-recogniser.js";
import { chatAnnouncementRecogniser } from "./chat-announcement.js";
import { ciSectionRecogniser } from "./ci-section.js";
import { ciStepRecogniser } from "./ci-step.js";
import { codedeployLifecycleRecogniser } from "./codedeploy-lifecycle.js";
import { configManagementRecogniser } from "./config-management.js";
import { deployCliOutcomeRecogniser } from "./deploy-cli-outcome.js";
import { dynamicConfigRecogniser } from "./dynamic-config.js";
import { genericLineChangeRecogniser } from "./generic-line-change.js";
import { genericRecordChangeRecogniser } from "./generic-record-change.js";
import { gitopsRecogniser } from "./gitops.js";
import { helmHistoryRecogniser } from "./helm-history.js";
import { kubectlRolloutRecogniser } from "./kubectl-rollout.js";
import { kubernetesScalingRecogniser } from "./kubernetes-scaling.js";
import { schemaMigrationRecogniser } from "./schema-migration.js";
import { serverReloadRecogniser } from "./server-reload.js";
import { terraformRecogniser } from "./terraform-apply.js";

export { applyChange, type ChangeMatch, type ChangeRecogniser, type ChangeRecord } from "./change-recogniser.js";

/** Every built-in change recogniser, tried in order (the first match wins). */
export const CHANGE_RECOGNISERS: readonly ChangeRecogniser[] = [
  kubectlRolloutRecogniser,
  terraformRecogniser,
  kubernetesScalingRecogniser,
  gitopsRecogniser,
  helmHistoryRecogniser,
  ciStepRecogniser,
  ciSectionRecogniser,
  codedeployLifecycleRecogniser,
  configManagementRecogniser,
  serverReloadRecogniser,
  dynamicConfigRecogniser,
  schemaMigrationRecogniser,
  appReleaseRecogniser,
  deployCliOutcomeRecogniser,
  changeOutcomeRecogniser,
  chatAnnouncementRecogniser,
  // last: the general notions of a change, for tools no recogniser above was written for
  genericLineChangeRecogniser,
  genericRecordChangeRecogniser,
];

/** Kinds of events that may be change records in disguise. */
const CANDIDATE_KINDS: ReadonlySet<string> = new Set(["log", "chat", "k8s-event"]);

/**
 * One expression every recogniser's messages match: the hot path tests this once per event and only runs the
 * recognisers on the few that pass.
 */
export function changeHint(recognisers: readonly ChangeRecogniser[]): RegExp {
  return new RegExp(recognisers.map((r) => `(?:${r.hint.source})`).join("|"), "i");
}

/**
 * A header the line's reader left in the message: bracketed fields (`[salt.state :319 ][INFO ][2212]`), a level
 * (`INFO: `, `[notice] `), a `name[pid]: ` tag, a GitLab stream marker (`01O `). Recognisers read the message after it.
 */
const LEFT_HEADER =
  /^(?:\d\d[OE]\+? |(?:\[[^\]]{0,60}\]\s*)+|(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING)\b:?\s+|[\w.-]+\[\d+\]:\s+)+/i;

/** Distinct messages whose hint results one detector remembers before starting over. */
const HINT_MEMO_SIZE = 4096;
/** Times the memo may fill up before the detector stops remembering (a source whose messages hardly repeat). */
const HINT_MEMO_REFILLS = 4;

/** A message that is one identifier (an event name such as `release.created`), not prose. */
const IDENTIFIER = /^[A-Za-z][\w.:/-]{2,79}$/;

function hasKeys(o: Record<string, unknown>): boolean {
  for (const _ in o) return true;
  return false;
}

/** No recogniser's hint matches. */
const NONE: readonly ChangeRecogniser[] = [];

/**
 * The recognisers whose hint matches a message (in their order; {@link NONE} when the joined hint does not match),
 * remembered per distinct message. The joined hint is one case-insensitive alternation of every recogniser's words,
 * tried at each position of the message, and a log's lines mostly repeat a few statements: the memo answers those
 * with one map look-up, and a message that passes it (`request completed` has a change-outcome word) is not tested
 * again against each recogniser's own hint on every repeat. The answers are the regular expressions' (pure functions
 * of the message: no hint is global or sticky), so nothing read changes. Messages that hardly repeat soon turn the
 * memo off.
 */
function memoisedHints(recognisers: readonly ChangeRecogniser[]): (message: string) => readonly ChangeRecogniser[] {
  const hint = changeHint(recognisers);
  const matching = (message: string): readonly ChangeRecogniser[] =>
    hint.test(message) ? recognisers.filter((r) => r.hint.test(message)) : NONE;
  const memo = new Map<string, readonly ChangeRecogniser[]>();
  let refills = 0;
  return (message) => {
    if (refills > HINT_MEMO_REFILLS) return matching(message);
    let hit = memo.get(message);
    if (hit === undefined) {
      hit = matching(message);
      if (memo.size >= HINT_MEMO_SIZE) {
        memo.clear();
        refills++;
      }
      // a copy as the key: the message is often a slice of a 64 KiB block of the file, which a key would keep alive
      memo.set(` ${message}`.slice(1), hit);
    }
    return hit;
  };
}

/** A function that returns the event as a change event when a recogniser knows it, else the event unchanged. */
export function createChangeDetector(recognisers: readonly ChangeRecogniser[] = CHANGE_RECOGNISERS) {
  const hinted = memoisedHints(recognisers.filter((r) => r.fields === undefined));
  const structured = recognisers.filter((r) => r.fields !== undefined);
  /** A structured recogniser offered the event by its attribute keys (a few property reads, no regular expression). */
  const tryFields = (event: RawEvent): RawEvent => {
    const attrs = event.attributes;
    for (const r of structured) {
      // offered by an action-like key, or a JSON record whose message is one short event name
      if (
        // a number is never an action's name: an access log's numeric `status` must not offer every request line
        !r.fields?.some((k) => attrs[k] !== undefined && typeof attrs[k] !== "number") &&
        !(event.message.length < 80 && IDENTIFIER.test(event.message) && hasKeys(attrs))
      )
        continue;
      const m = r.recognise(event);
      if (m) return applyChange(event, m);
    }
    return event;
  };
  const tryThese = (event: RawEvent, candidates: readonly ChangeRecogniser[]): RawEvent | null => {
    for (const r of candidates) {
      const m = r.recognise(event);
      if (m) return applyChange(event, m);
    }
    return null;
  };
  const tryAll = (event: RawEvent): RawEvent | null => {
    for (const r of recognisers) {
      if (!r.hint.test(event.message)) continue;
      const m = r.recognise(event);
      if (m) return applyChange(event, m);
    }
    return null;
  };
  return (event: RawEvent): RawEvent => {
    if (!CANDIDATE_KINDS.has(event.kind)) return event;
    const candidates = hinted(event.message);
    if (candidates === NONE) return structured.length > 0 ? tryFields(event) : event;
    const found = tryThese(event, candidates);
    if (found) return found;
    const head = event.kind === "chat" ? null : LEFT_HEADER.exec(event.message);
    if (!head || head[0].length === event.message.length) return structured.length > 0 ? tryFields(event) : event;
    const body = tryAll({ ...event, message: event.message.slice(head[0].length) });
    // the change keeps the line's own text as its message
    return body ? { ...body, message: event.message } : structured.length > 0 ? tryFields(event) : event;
  };
}
