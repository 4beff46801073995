import type { EvidenceRef } from "../model/common.js";
import { toUtcInstant } from "../model/common.js";
import type { Finding } from "../model/timeline.js";
import {
  AFTER_IMPACT_SLACK,
  changeCandidates,
  isChangeEvent,
  kindWeight,
  MINUTE,
  RESPONSE_DELAY,
  record,
  STATUS_REPORT,
  sameApplied,
} from "./change-candidates.js";
import {
  actsOn,
  alertWords,
  BARE_RELOAD,
  categoriesOf,
  citesId,
  incidentSignals,
  noEffectAfter,
  proximityWeight,
  roseAfter,
  ruledOutInReply,
  untouchedPeers,
} from "./change-evidence.js";
import type { DenseSeries } from "./change-point.js";
import {
  BLAMED,
  CHANGE_TALK,
  DISMISSED,
  distinctNames,
  HELD,
  NO_CHANGE,
  overlaps,
  reverses,
  sameObject,
  tokens,
  UNDO,
} from "./change-ties.js";
import { isBotMessage } from "./classify.js";
import { type AnalysisContext, notableRef, sourceLabel } from "./context.js";
import { failingNames, pathTokens } from "./failing-names.js";
import type { NotableEvent } from "./source-aggregates.js";
import type { TemplateFacts } from "./template-facts.js";

type Timed = NotableEvent & { at: number };

/**
 * Changes before the impact, ranked by how well the evidence ties each to the failure: how close its effect came
 * before the impact (a change long before keeps a floor of weight: latent faults surface hours later), whether what
 * it touched is what failed (its service, hosts or name words among the failing services, hosts and endpoints, or
 * named by the incident's error signature; less than nothing known when it touched only things seen working),
 * whether it was later undone (a rollback, revert or flag turned off that names it, or chat saying so), what
 * responders said of it, and its kind. A change recorded as committed or started and as effective is ranked once,
 * by its effect; one still rolling out when the impact began is a suspect. Each finding says why, with the evidence.
 */
export function suspectChanges(
  ctx: AnalysisContext,
  notables: Timed[],
  impactStart: number | null,
  facts: readonly TemplateFacts[] = [],
  mitigation: Timed | null = null,
  attempts: ReadonlyArray<{ event: Timed; drop: number | null }> = [],
  failures: { series: DenseSeries | null; ratio: boolean } | null = null,
): Finding[] {
  if (impactStart === null) return [];
  const failing = failingNames(ctx);
  const signatureWords = new Set<string>();
  for (const f of facts) if (f.signature) for (const t of tokens(f.template)) signatureWords.add(t);
  const rose = failures ? (t: number) => roseAfter(failures.series, failures.ratio, impactStart, t) : null;
  const ranked = changeCandidates(notables, impactStart, rose);
  // what the incident's alerts are about (from shortly before the impact): a tie when the failing logs name no system
  const alerted = alertWords(notables, impactStart - 30 * MINUTE, impactStart + 3 * 60 * MINUTE);
  const signals = incidentSignals(ctx, notables, facts, impactStart);

  const later = notables.filter((n) => n.at > impactStart - AFTER_IMPACT_SLACK);
  // what people said, including lines the chat recogniser turned into change records ("I swapped the cert at 08:02")
  const people = notables.filter(
    (n) =>
      (n.kind === "chat" || n.attributes.originalKind === "chat") &&
      !isBotMessage(n) &&
      n.at >= impactStart - 5 * MINUTE,
  );
  // responders concluding that no change caused it ("no change to blame") weigh against every suspect
  const noChange = people.some((p) => NO_CHANGE.test(p.message));
  const out: Array<Finding & { score: number; raw: number }> = [];
  for (const c of ranked) {
    const { n } = c;
    const minutes = Math.max(0, (impactStart - c.at) / MINUTE);
    const exactHit = (c.svc !== null && failing.exact.has(c.svc)) || (n.host !== null && failing.exact.has(n.host));
    const what = tokens(`${record(n)?.what ?? ""} ${n.message}`.slice(0, 300));
    // the names of what it touched, else the words of what it did (a command's path, a flag key, a resource)
    const own = c.names.size > 0 ? c.names : what;
    const wordHit = exactHit ? null : overlaps(c.names, failing.words);
    const signatureHit = overlaps(own, signatureWords) ?? (c.names.size > 0 ? overlaps(what, signatureWords) : null);
    // words that single this change out (not "flag", "deployment", "changed", which every change of a kind shares)
    const distinct = distinctNames(own);
    const names = (l: Timed) => tokens(`${l.service ?? ""} ${l.message}`);
    // undone later: a rollback/revert/disable that names the same thing (or, for a nameless change, the same source),
    // or the opposite action on the same object (scaled up → scaled down, shut → no shut, enabled → disabled)
    const isUndo = (l: Timed) =>
      l !== n &&
      (l.kind === "change" || l.kind === "chat" || isChangeEvent(l)) &&
      // "hold the rollback", "no need to revert": a rollback discussed and not done
      !(l.kind === "chat" && (HELD.test(l.message) || DISMISSED.test(l.message) || l.message.includes("?"))) &&
      ((UNDO.test(l.message) &&
        (overlaps(distinct, names(l)) !== null ||
          citesId(l.message, c.ids) !== null ||
          (l.kind === "change" && l.src === n.src && c.names.size === 0 && sameObject(n, l)))) ||
        (l.kind !== "chat" && reverses(n, l)));
    // the record of the undo says what it did and when; a chat line ("revert it") only that someone meant to
    const undo = later.find((l) => l.kind !== "chat" && isUndo(l)) ?? later.find((l) => l.kind === "chat" && isUndo(l));
    // The same objects changed again during the incident (a revert applied by the same tool, a fixed config): the
    // responders went back to what this change touched.
    const redone = undo
      ? undefined
      : later.find(
          (l) =>
            l !== n &&
            l.at > impactStart &&
            l.kind === "change" &&
            l.attributes.automatic !== true &&
            !STATUS_REPORT.test(l.message) &&
            sameApplied(n, l),
        );
    // The action that ended the impact acted on this change's object: the strongest tie there is.
    const reversedByFix =
      mitigation !== null &&
      mitigation !== n &&
      (reverses(n, mitigation) ||
        (mitigation.kind === "change" && sameApplied(n, mitigation)) ||
        (UNDO.test(mitigation.message) &&
          (overlaps(distinct, names(mitigation)) !== null || citesId(mitigation.message, c.ids) !== null)));
    // What responders said about it: named as unrelated (a red herring they ruled out) or as the cause.
    // named, or cited by its clock time ("the push at 07:38") when that is not also the minute the impact began
    const clock = toUtcInstant(n.at).slice(11, 16);
    const byTime =
      Math.floor(n.at / MINUTE) !== Math.floor(impactStart / MINUTE) ? new RegExp(`(^|\\D)${clock}(\\D|$)`) : null;
    // a name the change shares with what failed ("quotes") is said of the symptom unless the line speaks of a change
    const unshared = [...distinct].filter((t) => !failing.words.has(t) && !failing.endpointWords.has(t));
    const said = people.filter((p) => {
      const words = tokens(p.message);
      if (byTime?.test(p.message) === true || unshared.some((t) => words.has(t))) return true;
      // cited by its commit, version or run number ("4c1e0f7", "v3.18.0", "#8812")
      if (citesId(p.message, c.ids) !== null) return true;
      return overlaps(distinct, words) !== null && CHANGE_TALK.test(p.message);
    });
    const dismissed =
      said.find(
        (p) =>
          DISMISSED.test(p.message) ||
          [...distinct].some((t) => new RegExp(`\\bnot (?:the )?${t}\\b`, "i").test(p.message)),
      ) ?? ruledOutInReply(said, people);
    const blamed = dismissed ? undefined : said.find((p) => BLAMED.test(p.message));
    // capacity an autoscaler added in response to load (an HPA rescale, a scaling policy's alarm) follows demand;
    // it is a trigger far less often than a change someone made
    const automatic =
      n.attributes.automatic === true || /SuccessfulRescale|triggering policy|monitor alarm/.test(n.message);
    // the folder or file name of a failing source (`hosts/db2/…`) ties it more weakly than the names it logs
    const endpointHit = exactHit || wordHit || signatureHit ? null : overlaps(own, failing.endpointWords);
    // the incident's alerts name what it touched (a resolver, a storage tier the failing logs do not name)
    const alertHit = exactHit || wordHit || signatureHit ? null : overlaps(distinctNames(own), alerted);
    // its component began logging something new as the impact began (the upgraded resolver's rate-limit notices)
    const noisyHit =
      exactHit || wordHit || signatureHit
        ? null
        : ([...distinctNames(new Set([...own, ...what]))].find((t) => signals.newlyNoisy.has(t)) ?? null);
    // the failures are of the kind of component it changed (DNS lookups failing after a resolver upgrade)
    // (what responders said of it when they cited it by its time or identifier describes it too: "I swapped the
    // proxy cert at 08:02 and applied the TLS 1.3-only policy" for a record that says only "ModifyListener")
    const described = said
      .filter((p) => byTime?.test(p.message) === true || citesId(p.message, c.ids) !== null)
      .map((p) => p.message)
      .join(" ");
    const changed = categoriesOf(`${record(n)?.what ?? ""} ${c.svc ?? ""} ${n.message} ${described}`.slice(0, 800));
    const categoryHit =
      exactHit || wordHit || signatureHit ? null : ([...changed].find((k) => signals.categories.has(k)) ?? null);
    const pathHit =
      exactHit || wordHit || signatureHit
        ? null
        : (overlaps(distinct, failing.pathWords) ??
          overlaps(pathTokens(sourceLabel(ctx, n.src)), failing.pathWords) ??
          overlaps(pathTokens(sourceLabel(ctx, n.src)), failing.words));
    // A change to what was seen serving traffic without failing is all but cleared, whatever words it shares with
    // a failing endpoint or source folder.
    const healthyTouch =
      (c.svc !== null && failing.healthy.has(c.svc)) || (n.host !== null && failing.healthy.has(n.host));
    const relation = exactHit
      ? 1
      : wordHit
        ? 0.9
        : signatureHit
          ? 0.8
          : noisyHit
            ? 0.8
            : healthyTouch
              ? 0.2
              : pathHit
                ? 0.7
                : categoryHit
                  ? 0.7
                  : alertHit
                    ? 0.65
                    : endpointHit
                      ? 0.6
                      : c.names.size === 0
                        ? 0.55
                        : 0.4;
    // The weight above a floor halves per hour back: the nearer change is likelier, but a latent fault (a change to
    // the failing service an hour or more before) must still outrank a nearer change to something else. A change
    // recorded as taking effect after the first failure is a suspect through clock and logging uncertainty, or
    // because it was rolling out when the impact began (its first new instances fail before the tool says done).
    // A change that took effect later still (a job recorded when it finished) is one only because failures rose
    // after it (changeCandidates), and weighs less.
    const proximity =
      c.at <= impactStart
        ? proximityWeight(minutes)
        : c.began <= impactStart
          ? 0.9
          : c.at <= impactStart + AFTER_IMPACT_SLACK
            ? 0.75
            : 0.7;
    const typeWeight = kindWeight(c) * (BARE_RELOAD.test(n.message.trim()) ? 0.6 : 1);
    // made on one host of a fleet whose other hosts failed as much: it alone cannot explain their failures
    const peers = untouchedPeers(ctx, n.host);
    const scope = peers.length > 0 ? 0.6 : 1;
    // Undone by responders during the incident and the failures went on: the rollback that did nothing clears it.
    // An undo within minutes of the impact is the change's own plan (shut, then no shut), not a response; damage can
    // outlast the change that did it (a split brain, cached answers), so that undo clears nothing.
    const undoDrop =
      undo && undo !== mitigation && undo.kind !== "chat" && undo.at >= impactStart + RESPONSE_DELAY
        ? attempts.find((a) => a.event === undo)?.drop
        : undefined;
    // Undone during the incident and failures fell for good after it (an attempt that worked, though another action
    // was taken for the mitigation): nearly as strong as being the mitigation.
    const undoWorked = !reversedByFix && undoDrop !== undefined && undoDrop !== null && undoDrop >= 0.5;
    // Undone minutes before the action that ended the impact (restore the old keys, then purge the caches): part of
    // the fix. Undone and people said it changed nothing ("flag off, no change"): cleared, like a measured no-effect.
    const nearFix =
      !reversedByFix &&
      undo !== undefined &&
      mitigation !== null &&
      undo !== mitigation &&
      undo.at <= mitigation.at &&
      mitigation.at - undo.at <= 10 * MINUTE;
    const noEffect = undo && undo !== mitigation && !nearFix ? noEffectAfter(undo, people, UNDO) : undefined;
    const cleared =
      !reversedByFix &&
      !nearFix &&
      (noEffect !== undefined ||
        (mitigation !== null && undoDrop !== undefined && undoDrop !== null && undoDrop < 0.2));
    // an undo whose measured effect was small is no evidence either way
    const weakUndo = undoDrop !== undefined && undoDrop !== null && undoDrop < 0.5;
    // The action that ended the impact acted on what it touched without undoing it (a resolver reloaded without the
    // setting the upgrade brought): the responders' fix points at it.
    const fixedHere =
      !reversedByFix && mitigation !== null && mitigation !== n
        ? actsOn(distinctNames(new Set([...own, ...what])), n.host, mitigation)
        : null;
    const tie = reversedByFix
      ? 1.8
      : cleared
        ? 0.5
        : undoWorked
          ? 1.7
          : nearFix
            ? 1.6
            : fixedHere
              ? 1.5
              : undo
                ? weakUndo
                  ? 1
                  : 1.3
                : redone
                  ? 1.4
                  : 1;
    // responders who bring a change up during the incident (by name or clock time) suspect it, if less than blame
    const talk = (dismissed ? 0.4 : blamed ? 1.25 : said.length > 0 ? 1.15 : 1) * (noChange ? 0.5 : 1);
    const raw = proximity * relation * typeWeight * scope * (automatic ? 0.3 : 1) * tie * talk;
    // Scores are capped at 1, but the order underneath is kept (the cap must not make the trigger tie a lesser one).
    const score = Math.round(Math.min(1, raw) * 100) / 100;
    const why = [
      exactHit
        ? "on a service or host that then failed"
        : wordHit
          ? `its name shares "${wordHit}" with what failed`
          : signatureHit
            ? `the incident's errors name "${signatureHit}"`
            : noisyHit
              ? `${noisyHit} began logging "${snippet(signals.newlyNoisy.get(noisyHit) ?? "")}" as the impact began`
              : pathHit
                ? `"${pathHit}" names a source that logged the failure`
                : categoryHit
                  ? `the failures are ${categoryHit} failures ("${snippet(signals.categories.get(categoryHit) ?? "")}") and it changed ${categoryHit}`
                  : alertHit
                    ? `an alert of the incident names "${alertHit}"`
                    : endpointHit
                      ? `"${endpointHit}" names a failing endpoint`
                      : null,
      automatic ? "an autoscaler's own response to load" : null,
      peers.length > 0
        ? `made on ${n.host} alone, while ${peers.slice(0, 3).join(", ")}${peers.length > 3 ? "…" : ""} failed as much`
        : null,
      reversedByFix && mitigation
        ? `the action that ended the impact undid it ("${snippet(mitigation.message)}")`
        : cleared && undo
          ? `undone during the incident without ending it ("${snippet((noEffect ?? undo).message)}")`
          : nearFix && undo
            ? `undone minutes before the action that ended the impact ("${snippet(undo.message)}")`
            : fixedHere && mitigation
              ? `the action that ended the impact acted on ${fixedHere} ("${snippet(mitigation.message)}")`
              : undoWorked && undo
                ? `undone during the incident, and failures fell after ("${snippet(undo.message)}")`
                : undo
                  ? `later undone (${undo.kind === "chat" ? "in chat" : "by a change"}, "${snippet(undo.message)}")`
                  : redone
                    ? `what it changed was changed again during the incident ("${snippet(redone.message)}")`
                    : null,
      dismissed ? `responders called it unrelated ("${snippet(dismissed.message)}")` : null,
      blamed ? `responders tied it to the failure ("${snippet(blamed.message)}")` : null,
      !dismissed && !blamed && said[0] ? `responders brought it up ("${snippet(said[0].message)}")` : null,
      c.at > impactStart + AFTER_IMPACT_SLACK && c.began > impactStart ? "failures rose after it took effect" : null,
    ].filter((x): x is string => x !== null);
    // A suspect with nothing but its time and kind to go on says so: the reader should not take it for a finding.
    if (why.length === 0) why.push("no tie to what failed: ranked by its time and kind alone");
    const label = c.type === "other" ? "Change" : `${c.type[0]?.toUpperCase()}${c.type.slice(1)}`;
    const when =
      c.at > impactStart
        ? `${Math.round((c.at - impactStart) / 1000)} s after impact start${c.began < impactStart - AFTER_IMPACT_SLACK ? ` (rolling out since ${Math.round((impactStart - c.began) / 6000) / 10} min before)` : ""}`
        : `${Math.round(minutes * 10) / 10} min before impact`;
    const tiedBy =
      (reversedByFix || fixedHere) && mitigation ? mitigation : (noEffect ?? undo ?? redone ?? dismissed ?? blamed);
    const evidence: EvidenceRef[] = [notableRef(ctx, n), ...(tiedBy ? [notableRef(ctx, tiedBy)] : [])];
    out.push({
      kind: "suspect-change",
      summary: `${label} ${when}${c.svc ? ` on ${c.svc}` : ""}${why.length ? ` (${why.join("; ")})` : ""}: ${n.message.slice(0, 140)}`,
      source: sourceLabel(ctx, n.src),
      time: toUtcInstant(c.at),
      evidence,
      score,
      raw,
    });
  }
  out.sort((a, b) => b.raw - a.raw);
  return out.slice(0, 5).map(({ raw: _raw, ...f }) => f);
}

/**
 * A quoted piece of another message inside a finding's summary: short, one line, and without `: ` so that readers
 * of the summary (`Label when (why): message`) still find the change's own message after the first `: `.
 */
function snippet(text: string): string {
  return text.replace(/\s+/g, " ").replace(/:\s/g, " ").replace(/"/g, "'").slice(0, 60);
}

export { isChangeEvent };
