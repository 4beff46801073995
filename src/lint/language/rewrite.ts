import type { BlameCategory } from "./blame-detector.js";

const IRREGULAR: Record<string, string> = {
  run: "run",
  make: "made",
  send: "sent",
  take: "taken",
  do: "done",
  set: "set",
  put: "put",
  write: "written",
  give: "given",
  get: "got",
  build: "built",
  keep: "kept",
  tell: "told",
  find: "found",
  see: "seen",
  know: "known",
  catch: "caught",
  hold: "held",
  read: "read",
  shut: "shut",
  begin: "begun",
  turn: "turned",
};

/** Past participle of a regular or common irregular English verb ("update" -> "updated", "run" -> "run"). */
export function pastParticiple(verb: string): string {
  const v = verb.toLowerCase();
  const irregular = IRREGULAR[v];
  if (irregular) return irregular;
  if (v.endsWith("e")) return `${v}d`;
  if (/[^aeiou]y$/.test(v)) return `${v.slice(0, -1)}ied`;
  if (/^[^aeiou]*[aeiou][bdgmnpt]$/.test(v)) return `${v}${v.at(-1)}ed`;
  return `${v}ed`;
}

function capitalise(s: string): string {
  return s.length === 0 ? s : (s[0]?.toUpperCase() ?? "") + s.slice(1);
}

function clean(s: string): string {
  return s
    .replace(/\s+/g, " ")
    .replace(/\s+([.,;:!?])/g, "$1")
    .trim();
}

/**
 * A concrete system-focused rewrite of a blaming sentence, when a safe mechanical one exists; undefined otherwise
 * (the rule then gives its general advice only). The rewrites only move words the author wrote, never invent facts.
 */
export function suggestRewrite(sentence: string, category: BlameCategory): string | undefined {
  const s = sentence.trim();
  const end = /[.!?]$/.test(s) ? s.slice(-1) : ".";
  const body = s.replace(/[.!?]+$/, "");
  if (category === "omission") {
    // "Bob forgot to update the DNS record before the cutover" -> "The DNS record was not updated before the
    // cutover, and nothing reminded anyone or checked that it was."
    const m =
      /\b(?:forgot|failed|neglected|omitted|didn't bother|did not bother)\s+to\s+([\w-]+)\s+((?:the|a|an|its|their|our)\s+.+?)(\s+(?:before|after|during|when|until|in|on|for|at)\s+.+)?$/i.exec(
        body,
      );
    if (m?.[1] && m[2]) {
      return `${capitalise(clean(m[2]))} was not ${pastParticiple(m[1])}${m[3] ? ` ${clean(m[3])}` : ""}, and nothing reminded anyone or checked that it was${end}`;
    }
    // "Jane didn't validate the input" -> "The input was not validated, and nothing checked that it was."
    const not =
      /\b(?:did not|didn't|never)\s+([a-z]+)\s+((?:the|a|an|its|their|our|his|her)\s+[^,;]+?)(\s+(?:before|after|during|when|until|in|on|for|at)\s+.+)?$/i.exec(
        body,
      );
    if (not?.[1] && not[2]) {
      const object = not[2].replace(/^(?:his|her|their)\s+/i, "the ");
      return `${capitalise(clean(object))} was not ${pastParticiple(not[1])}${not[3] ? ` ${clean(not[3])}` : ""}, and nothing in the process checked that it was${end}`;
    }
  }
  if (category === "person-as-cause") {
    // "Bob broke production with the 14:02 deploy" -> "The 14:02 deploy broke production."
    const instrument =
      /^(?:@?[\w'-]+(?: [\w-]+)?)\s+(broke|took down|brought down|crashed|corrupted|wiped|deleted|dropped)\s+(.+?)\s+(?:with|by running|using|via)\s+(.+)$/i.exec(
        body,
      );
    if (instrument?.[1] && instrument[2] && instrument[3]) {
      return `${capitalise(clean(`${instrument[3]} ${instrument[1].toLowerCase()} ${instrument[2]}`))}${end}`;
    }
    // "Mike's change caused the issue" -> "The change caused the issue."
    const possessive =
      /^(?:@?[\w-]+|the [\w-]+(?: [\w-]+)?)['’]s\s+(?!mistake|error|typo|fault|oversight|blunder|negligence|carelessness)([\w-]+(?: [\w-]+)?)\s+(.+)$/i.exec(
        body,
      );
    if (possessive?.[1] && possessive[2]) return `The ${clean(`${possessive[1]} ${possessive[2]}`)}${end}`;
    // "Priya pushed an untested config to production" -> "An untested config was pushed to production: which check
    // would have stopped it, and why was there none?" (the act and its object kept, the person dropped)
    const act =
      /^(?:\d{1,2}:\d{2}\s*[-–—]?\s*)?(?:the\s+|our\s+)?(?:@?[\w'’-]+(?: [\w'’-]+)?)\s+(?:accidentally\s+|mistakenly\s+)?(pushed|merged|deployed|shipped|ran|applied|committed|approved|deleted|dropped|drained|removed|restarted|changed|edited|disabled|released|executed|pasted|targeted|self-merged)\s+((?:a|an|the|his|her|their|our)\s+.+)$/i.exec(
        body,
      );
    if (act?.[1] && act[2]) {
      const verb = act[1].toLowerCase() === "ran" ? "run" : act[1].toLowerCase();
      const parts = /^(.+?)(\s+(?:to|into|on|in|from|without|instead of|at|by)\s+.+)?$/i.exec(
        act[2].replace(/^(?:his|her|their)\s+/i, "the "),
      );
      if (parts?.[1]) {
        return `${capitalise(clean(parts[1]))} was ${verb}${parts[2] ? ` ${clean(parts[2])}` : ""}: say which check or guard-rail would have stopped it, and why there was none${end}`;
      }
    }
  }
  if (category === "counterfactual") {
    // "The on-call engineer should have noticed the disk alert sooner" -> "The disk alert was not noticed sooner:
    // what would have made it stand out at the time?"
    const m =
      /\b(?:should|could|would|ought to)(?:n't| not)?(?: \w+ly| just)? have\s+(\w+ed|known|seen|caught|run|made|done|taken|read)\s+(the [^,;]+?)(\s+(?:sooner|earlier|first|before [^,;]+|in [^,;]+))?$/i.exec(
        body,
      );
    if (m?.[1] && m[2]) {
      return `${capitalise(clean(m[2]))} was not ${m[1].toLowerCase()}${m[3] ? ` ${clean(m[3])}` : ""}: describe what was visible at the time and what would have made it stand out${end}`;
    }
  }
  if (category === "human-error") {
    const replaced = body.replace(
      /\b(human|operator|engineer)[ -](error|mistake)s?\b/i,
      "<the condition that allowed the action>",
    );
    if (replaced !== body) return `${replaced}${end}`;
  }
  return undefined;
}
