/**
 * More wordings of a person, role or team at fault, beside agent-acts.ts: judgements of a person's state or fitness
 * ("was too busy to look at the pages", "was slow to respond", "froze", "not detail-oriented enough", "showed a lack
 * of attention", "should never have been allowed near the console"), a person's possessive on a failure or an
 * outcome ("Leilani's failure to hand over", "on Gustavo's watch"), a harm in the passive with a person as agent and
 * a mark of mistake ("was deleted by an engineer who thought it was unused"), an act preceded by the alternative not
 * taken ("Instead of escalating, Fernanda spent an hour ..."), care as the missing ingredient of a counterfactual
 * ("with a little more care from the deployer ... would never have"), disbelief as hindsight ("hard to believe that
 * nobody spotted"), prescriptions to do better ("reviewers need to do a better job"), culprit hunts by role ("Which
 * of the on-call engineers silenced the alert?") and sarcastic praise of a harmful act. Each person-bound pattern
 * counts only when the clause's agent is a person other than the writers, or the person is named right there.
 * @module
 */
import { agentOf } from "./agent-acts.js";
import type { BlameCategory } from "./blame-patterns.js";
import {
  headReferent,
  hypothetical,
  mentionOnly,
  quoted,
  type SentenceCtx,
  subjectOf,
  tokenAt,
} from "./clause-analysis.js";
import { anyMatches, eachMatch } from "./pattern-gate.js";

/** Stems every pattern below has a word starting with: added to the agent-act family's gate in the prefilter. */
export const AGENT_FAULT_STEMS =
  "too slow late reluctant hesitant unwilling froze freak choked went disappear vanish gave lost lack " +
  "enough cut failure refusal inabil reluctance neglect decision choice watch shift hands should " +
  "shouldn deleted dropped wiped removed silenced muted disabled revoked overwritten truncated " +
  "destroyed corrupted leaked exposed committed pushed published posted pasted turned switched killed " +
  "terminated shut instead rather care attention caution diligen thought effort discipline thorough " +
  "hard better game together which nice great good fine stellar excellent brilliant fantastic amazing " +
  "superb another yet thanks thank cheers kudos props blamed fingered singled scapegoat heads punish " +
  "held removed click tap scroll skim skipp told tell assur insist claim poor bad wrong questionable " +
  "careless hasty sloppy rash terrible want pager phone alert notification beyond baffle mystery know " +
  "understand clear obvious evident apparent happens before people everyone everybody engineer " +
  "developer staff operator reviewer folks responder remind urge who explain taken pulled stood " +
  "suspended banned miss believ assum presum sure certain logged home left offline signed holiday " +
  "vacation leave lunch bed pressur forced rushed bullied nagged someone somebody anyone thinking " +
  "unsure clueless flustered confused knowing bothered careful diligent rigorous whoever cared " +
  "remembered anyone once disregard absence rushing skipping ignoring bypassing cutting merging pushing " +
  "deploying approving public " +
  "unbound unthrottl unscoped unfilter unguard unannounc unplann brick erase circumvent asked warned objected " +
  "flagged requested begged though although";

type Push = (category: BlameCategory, start: number, end: number) => void;

// "Bogdan was too busy with the launch to look at the pages", "the on-call was slow to respond"
const STATE_UNFIT =
  /\b(?:was|were|is|are|got|seemed)\s+(?:(?:clearly|simply|just|apparently|far|way|much|very|extremely|painfully)\s+)?(?:too\s+(?:busy|tired|distracted|preoccupied|focused|caught up|absorbed|eager|impatient|confident|sure|proud|slow|late)\b|(?:slow|late|reluctant|hesitant|unwilling)\s+to\b)/gi;
// "The incident commander froze", "the on-call went silent for an hour"
const FROZE =
  /\b(?:froze(?! (?:the |all |further |new |our )?(?:deploys?|deployments?|changes?|releases?|merges?|production|prod|code|main|traffic|writes|rollouts?|the|all|everything)\b)|freaked out|choked|went (?:silent|quiet|dark|missing|awol|off-?line)|disappeared|vanished|gave up|lost track of (?:the |time|what))\b/gi;
// "showed a worrying lack of attention to detail", "a lack of care by the operators"
const SHOWED_LACK =
  /\b(?:showed|shows|showing|displayed|displays|demonstrated|demonstrates|exhibited|exhibits)\s+(?:a |an |some )?(?:[\w-]+\s+)?(?:lack of|disregard for|absence of|failure to|inability to)\b/gi;
const LACK_OF_VIRTUE =
  /\black of (?:attention to detail|care|carefulness|diligence|rigou?r|judg(?:e)?ment|discipline|professionalism|competence|common sense|thoroughness)\b/gi;
// "not detail-oriented enough for production work", "not cut out for on-call"
const NOT_ENOUGH =
  /\bnot (?:\w+ )?(?:detail-oriented|careful|experienced|competent|skilled|qualified|disciplined|reliable|trustworthy|attentive|senior|smart|good|capable|responsible|conscientious) enough\b|\bnot cut out for\b/gi;
// "Leilani's failure to hand over", "the DBA's refusal to add the index"
const POSSESSIVE_FAILURE =
  /['’]s?\s+(?:failure|refusal|inability|unwillingness|reluctance|neglect|decision not|choice not) to\b/gi;
// "The data loss happened on Gustavo's watch"
const ON_WATCH = /\bon (?:[\w@.-]+['’]s?|his|her|their) (?:watch|shift|hands)\b/gi;
// "Hamid should never have been allowed anywhere near the production console"
const NOT_FIT =
  /\bshould(?:n't| not| never)? have been (?:allowed|let|permitted) (?:anywhere )?near\b|\bshould(?:n't| not| never) have been (?:trusted|allowed|hired|given (?:access|the keys|production access|root))\b/gi;
// "was deleted by an engineer who thought it was unused": harm in the passive, a person agent, a mark of mistake
const PASSIVE_HARM =
  /\b(?:was|were|got|had been)\s+(?:\w+ly\s+)?(?:deleted|dropped|wiped|removed|silenced|muted|disabled|revoked|overwritten|truncated|destroyed|corrupted|leaked|exposed|committed|pushed|published|posted|pasted|made public|turned off|switched off|killed|terminated|shut down)\s+(?:[\w/.-]+\s+){0,6}?by\s+/gi;
const PASSIVE_MISTAKE =
  /\bwho (?:thought|assumed|believed|expected|mistook|misread|did(?:n't| not)|had(?:n't| not)|forgot|never)\b|\b(?:and|but) (?:then )?(?:never|not|wasn't|weren't|was never|were never) (?:re-?enabled|restored|turned back on|switched back on|re-?added|reverted|undone|recreated|told|announced|communicated)\b|\b(?:public|publicly|secrets?|credentials?|passwords?|api keys?|private keys?|tokens?)\b|\bby (?:mistake|accident)\b/i;
// "Instead of escalating, Fernanda spent an hour trying to fix it herself"
const INSTEAD_FIRST = /^\s*(?:instead of|rather than) [a-z]+ing\b[^,;.]{0,60},\s*/gi;
// "With a little more care from the deployer, the bad config would never have gone out"
const CARE_WITH =
  /\bwith (?:a little |a bit |slightly |just a little |just a bit )?(?:more|greater|extra|better|proper|some|any) (?:care|attention|caution|diligence|thought|effort|discipline|thoroughness)\b/gi;
const WOULD_HAVE = /\b(?:would|could|might)(?:n't| not| never)?(?: \w+)? (?:have|'ve)\b/i;
// "It is hard to believe that nobody on the team spotted the typo"
const HARD_TO_BELIEVE =
  /\bhard to (?:believe|understand|imagine|fathom|explain|see) (?:that|why) [^,;.]{0,50}?\b(?:spotted|noticed|caught|saw|missed|checked|read|looked|thought|bothered|realised|realized|ignored|overlooked)\b/gi;
// "Reviewers need to do a better job of reading diffs", "the on-call has to up their game"
const BETTER_JOB =
  /\b(?:need|needs|must|should|has|have|ought|got) (?:to )?(?:really )?(?:start )?(?:do(?:ing)? (?:a )?(?:much |far )?better(?: job)?|up (?:their|his|her|our) game|get (?:their|his|her|our) act together)\b/gi;
// "Which of the on-call engineers silenced the alert?"
const WHICH_PERSON =
  /^\s*which (?:one )?(?:of (?:the |our |you |them |us )?)?(?:[\w-]+ ){0,2}?(?:engineers?|persons?|people|developers?|operators?|admins?|reviewers?|on-?calls?|on-?callers?|teams?|sres?|individuals?|employees?|members?|contractors?|interns?)\b[^?]{0,80}?\b(?:silenced|pushed|deployed|approved|merged|broke|deleted|dropped|ran|ignored|missed|forgot|caused|changed|disabled|skipped|did this|wrote|signed off|rebooted|restarted|killed)\b[^?]*\?\s*$/gi;
// Sarcastic praise of a harmful act
const SARCASM =
  /^\s*(?:nice|great|good|fine|stellar|excellent|brilliant|fantastic|amazing|superb) (?:work|job|going|one|move|call)\b[^.?!]*?\b(?:deleting|dropping|wiping|breaking|taking down|killing|nuking|pushing|shipping|forgetting|ignoring|skipping|missing|bringing down)\b|^\s*(?:another|yet another) (?:fine|great|stellar|shining|textbook|classic|brilliant|perfect|flawless|wonderful) (?:example|display|demonstration|case|instance|showing)\b|^\s*(?:thanks|thank you|cheers|kudos|props)\b[^.?!]{0,40}?\bfor (?:the |that |this |your |another |a )?(?:surprise|unannounced|midnight|friday|late-night|untested|unreviewed|lovely|wonderful|helpful|\d+ ?a\.?m\.?|middle-of-the-night|weekend)\b/gi;

// "has been blamed for the crash", "heads must roll", "should be held accountable"
const BLAMED =
  /\b(?:was|were|has been|have been|is being|are being|got) (?:\w+ )?(?:blamed|fingered|singled out|scapegoated) (?:for|as)\b|\b(?:should|must|needs? to|ought to) be (?:punished|held (?:personally )?accountable|removed from (?:the )?(?:rota|rotation|on-?call|team))\b/gi;
const HEADS_ROLL = /\bheads (?:must|should|will|need to|have to|are going to) roll\b/gi;
// "The change was approved by a reviewer who did not understand the code": any act in the passive, its person agent
// qualified by what they did not do or know
const PASSIVE_WHO =
  /\b(?:was|were|got|had been)\s+(?:\w+ly\s+)?[\w-]+(?:ed|en|wn|un|ade|one)\s+(?:[\w/.-]+\s+){0,4}?by\s+(?:[\w@.'’-]+\s+){1,3}?who (?:did not|didn't|had not|hadn't|never|could not|couldn't|was not|wasn't|clearly|obviously|apparently) /gi;
// "She just clicked through the warning", "told customers everything was fine"
const CLICKED_THROUGH =
  /\b(?:clicked|clicks|clicking|tapped|taps|scrolled|skimmed|skipped) (?:right )?(?:through|past|away|over) (?:the |a |an |all |every |each )?(?:[\w-]+ )?(?:warnings?|prompts?|confirmations?|dialogs?|errors?|alerts?|messages?)\b|\b(?:told|telling|tells|assured|assuring|insisted|insisting|claimed|claiming) (?:\w+ ){0,3}?(?:that )?(?:everything|all|it|things) (?:was|were|is) (?:fine|ok|okay|normal|under control)\b|\bmade (?:a |some |several |many )?(?:poor|bad|wrong|questionable|careless|hasty|sloppy|rash|terrible) (?:choices?|decisions?|calls?|judg(?:e)?ments?)\b|\bdid(?:n't| not) want to (?:wake|bother|disturb|page|escalate|admit|wait)\b|\bwith (?:the |his |her |their )?(?:pager|phone|alerts?|notifications?) (?:on silent|off|muted|switched off|turned off|silenced)\b/gi;
// "How nobody noticed this for three weeks is beyond me", "clear to everyone except the release manager"
const DISBELIEF =
  /\b(?:is|was) beyond me\b|\bbaffles me\b|\bis a mystery to me\b|\bi(?:'ll| will) never (?:know|understand)\b|\b(?:clear|obvious|evident|apparent) to (?:everyone|everybody|anyone|all of us) (?:except|but|apart from|other than)\b/gi;
// "This is what happens when developers are allowed to push ...", "that's what you get for testing in prod"
const WHAT_YOU_GET = /\b(?:this|that)(?:'s| is) what (?:you get|happens|we get) (?:for|when)\b/gi;
// Prescribed checks and care: "Engineers should read the runbook before they touch production", "Please, everyone,
// check your kube context", "We need people to slow down and think", "Staff are reminded that ..."
const PRESCRIBED_CHECK =
  /\b(?:should|must|need to|needs to|have to|has to|are expected to|is expected to|ought to)\s+(?:always\s+|first\s+|carefully\s+|properly\s+|really\s+)?(?:read|check|verify|confirm|double-check|look at|review|test|validate|slow down|think)\b[^.;]{0,60}?\bbefore\b/gi;
const PEOPLE_TO =
  /\b(?:need|needs|want|wants|ask|asks|expect|expects|remind|reminds|tell|tells|urge|urges|encourage|encourages) (?:people|everyone|everybody|engineers|developers|staff|operators|reviewers|folks|responders) to (?:slow down|think|be|take|pay|read|check|double-check|remember|stop|look)\b|^\s*(?:please,? )?(?:everyone|everybody|folks),? (?:please,? )?(?:check|double-check|verify|confirm|read|remember|make sure|be)\b|\b(?:are|is) (?:hereby |again |once again |kindly )?(?:reminded|urged) (?:to|that)\b/gi;
// "I'd like to know who decided to skip the canary", "Can someone explain why Kenji was allowed to merge this?"
const WHO_DID =
  /\b(?:know|find out|learn|ask|tell (?:me|us)|understand) who (?:decided|approved|thought|signed off|allowed|let|chose|pushed|merged|deployed|broke|did|caused|made|ran|changed|deleted|forgot|missed|skipped|disabled)\b|\bexplain (?:why|how) (?=\S+ (?:was allowed|were allowed|thought|decided|did|didn't|would|chose))/gi;

// "The engineer responsible was taken off the rotation": discipline as the outcome
const TAKEN_OFF =
  /\b(?:was|were|has been|have been|got|is being) (?:taken off|removed from|pulled (?:off|from)|stood down from|suspended from|banned from) (?:the |his |her |their )?(?:rotation|rota|on-?call|team|project|production access|prod access)\b/gi;
// "missed one server", "missed two steps": a person's miss of any counted thing
const MISSED_ANY = /\bmiss(?:ed|es)\s+(?:one|two|three|a|an|the|several|some|\d+)\s+(?:[\w-]+\s+)?[\w-]+/gi;
// "The engineer thought he was connected to the secondary but was on the primary"
const MISTAKEN_BELIEF =
  /\b(?:thought|believed|assumed|presumed|was sure|was certain|were sure)\s+(?:that\s+)?(?:he|she|they|it|this|the [\w-]+)\s+(?:was|were|had|would)\b[^.;]{0,80}?\b(?:but|when|whereas|while) (?:in fact |actually |it |he |she |they )?/gi;
// "deployed at 4:55 on a Friday and logged off", "pushed the team to ship without load testing", "neglected patching"
const WALKED_AWAY =
  /\band (?:then )?(?:goes|heads|went|headed) (?:to lunch|home|to bed|off to lunch)\b|\band (?:then )?(?:logged off|went home|left for the (?:day|night|weekend)|went offline|signed off for the (?:day|night|weekend)|went on (?:holiday|vacation|leave))\b|\b(?:pushed|pressured|forced|rushed|bullied|nagged) (?:the team|the engineers|engineers|us|them|people|developers|everyone|\w+) (?:in)?to (?:ship|deploy|release|launch|skip|cut|merge|go live)\b|\bneglect(?:ed|s|ing)\b/gi;
// "Someone needed to be watching the dashboards, and nobody was"
// "Nobody on the team thought to check the disk", "the team needs to stop rushing changes through review"
const NOBODY_THOUGHT =
  /\b(?:nobody|no one|no-one)(?: (?:on|in|from) the [\w-]+)? (?:thought|bothered|cared|remembered) to\b|\b(?:need|needs|must|should|has|have) to stop (?:rushing|skipping|ignoring|bypassing|cutting|merging|pushing|deploying|approving)\b|\banyone with (?:basic|any|a little|minimal|even basic|half a) (?:knowledge|experience|sense|understanding)\b|^\s*once more\b/gi;
const SOMEONE_NEEDED =
  /\b(?:someone|somebody|anyone|people|engineers) (?:needed|needs|had|has|ought|was supposed|were supposed) to (?:be )?(?:watch|monitor|check|look|keep)/gi;
// "What was the engineer thinking?", "Olga, unsure what to do, restarts every pod"
const THINKING =
  /^\s*what (?:on earth |the hell )?(?:was|were|is|are) (?:he|she|they|you|the [\w-]+|[\w@.-]+) thinking\b|\b(?:unsure|not sure|clueless|flustered|confused) (?:of |about |as to )?what to do\b|\bwithout knowing what (?:he|she|they) (?:was|were) doing\b|\bcould(?:n't| not) be bothered\b/gi;
// "Good thing Yusuf tested this so thoroughly", "Bravo to whoever decided ...", "whoever thought that was a good idea"
const IRONY =
  /^\s*(?:good thing|glad|lucky|nice that|great that)\b[^.?!]{0,40}?\bso (?:thoroughly|carefully|diligently|rigorously)\b|^\s*(?:bravo|kudos|thanks|thank you|congrats|congratulations|props|shout-?out|well done|hats off) to whoever\b|\bwhoever (?:decided|thought|approved|signed off|let|allowed|chose|came up with|greenlit)\b/gi;

const ALL = [
  NOBODY_THOUGHT,
  TAKEN_OFF,
  MISSED_ANY,
  MISTAKEN_BELIEF,
  WALKED_AWAY,
  SOMEONE_NEEDED,
  THINKING,
  IRONY,
  BLAMED,
  HEADS_ROLL,
  PASSIVE_WHO,
  CLICKED_THROUGH,
  DISBELIEF,
  WHAT_YOU_GET,
  PRESCRIBED_CHECK,
  PEOPLE_TO,
  WHO_DID,
  STATE_UNFIT,
  FROZE,
  SHOWED_LACK,
  LACK_OF_VIRTUE,
  NOT_ENOUGH,
  POSSESSIVE_FAILURE,
  ON_WATCH,
  NOT_FIT,
  PASSIVE_HARM,
  INSTEAD_FIRST,
  CARE_WITH,
  HARD_TO_BELIEVE,
  BETTER_JOB,
  WHICH_PERSON,
  SARCASM,
];

/** True when some pattern of this family may match (part of the agent-act family's gate). */
export function mayHaveAgentFault(sentence: string): boolean {
  return anyMatches(ALL, sentence);
}

const WRITERS = new Set(["we", "i", "us", "our", "my", "me", "myself", "ourselves"]);

/** A person other than the writers heads the noun phrase that starts at offset `at`. */
function personAt(ctx: SentenceCtx, at: number): boolean {
  const from = tokenAt(ctx.tokens, at);
  const to = Math.min(ctx.tokens.length, from + 4);
  if (headReferent(ctx.tokens, ctx.refs, from, to) !== "person") return false;
  for (let k = from; k < to; k++) if (ctx.refs[k] === "person") return !WRITERS.has(ctx.tokens[k]?.lower ?? "");
  return false;
}

/** The hits of this family in one sentence (not guidance: the caller checked). */
export function agentFaultHits(ctx: SentenceCtx, push: Push): void {
  const { sentence, tokens, refs } = ctx;
  const free = (m: RegExpExecArray) => !mentionOnly(ctx, m.index, m[0].length);
  const other = (index: number) => agentOf(ctx, tokenAt(tokens, index)) === "other";
  const personal = (index: number) => agentOf(ctx, tokenAt(tokens, index)) !== undefined;
  if (ctx.anyPerson) {
    for (const p of [STATE_UNFIT, FROZE, NOT_ENOUGH, NOT_FIT]) {
      eachMatch(p, sentence, (m) => {
        if (free(m) && other(m.index)) push("judgmental", m.index, m.index + m[0].length);
      });
    }
    eachMatch(SHOWED_LACK, sentence, (m) => {
      if (free(m) && other(m.index)) push("judgmental", m.index, m.index + m[0].length);
    });
    eachMatch(LACK_OF_VIRTUE, sentence, (m) => {
      if (free(m)) push("judgmental", m.index, m.index + m[0].length);
    });
    eachMatch(POSSESSIVE_FAILURE, sentence, (m) => {
      if (refs[tokenAt(tokens, m.index)] === "person" && free(m)) push("omission", m.index, m.index + m[0].length);
    });
    eachMatch(ON_WATCH, sentence, (m) => {
      const owner = tokenAt(tokens, m.index + 3);
      if (refs[owner] === "person" && !WRITERS.has(tokens[owner]?.lower ?? "") && free(m))
        push("person-as-cause", m.index, m.index + m[0].length);
    });
    eachMatch(PASSIVE_HARM, sentence, (m) => {
      if (!free(m) || !PASSIVE_MISTAKE.test(sentence) || quoted(sentence, m.index)) return;
      if (personAt(ctx, m.index + m[0].length)) push("person-as-cause", m.index, m.index + m[0].length);
    });
    eachMatch(INSTEAD_FIRST, sentence, (m) => {
      if (personAt(ctx, m.index + m[0].length)) push("person-as-cause", m.index, m.index + m[0].length);
    });
    eachMatch(BETTER_JOB, sentence, (m) => {
      if (!quoted(sentence, m.index) && personal(m.index)) push("vigilance", m.index, m.index + m[0].length);
    });
  }
  eachMatch(CARE_WITH, sentence, (m) => {
    if (free(m) && WOULD_HAVE.test(sentence)) push("counterfactual", m.index, m.index + m[0].length);
  });
  for (const p of [HARD_TO_BELIEVE, WHICH_PERSON]) {
    eachMatch(p, sentence, (m) => {
      if (free(m)) push(p === WHICH_PERSON ? "who-question" : "hindsight", m.index, m.index + m[0].length);
    });
  }
  eachMatch(SARCASM, sentence, (m) => push("judgmental", m.index, m.index + m[0].length));
  if (ctx.anyPerson) {
    eachMatch(BLAMED, sentence, (m) => {
      if (free(m) && personal(m.index) && !hypothetical(ctx, m.index))
        push("judgmental", m.index, m.index + m[0].length);
    });
    eachMatch(TAKEN_OFF, sentence, (m) => {
      if (free(m) && personal(m.index)) push("judgmental", m.index, m.index + m[0].length);
    });
    for (const p of [MISSED_ANY, MISTAKEN_BELIEF]) {
      eachMatch(p, sentence, (m) => {
        if (free(m) && other(m.index))
          push(p === MISSED_ANY ? "omission" : "person-as-cause", m.index, m.index + m[0].length);
      });
    }
    eachMatch(WALKED_AWAY, sentence, (m) => {
      if (!free(m)) return;
      // "neglected" is only a person's: a subject that is not a known system is taken as people ("the infra group")
      if (/^neglect/i.test(m[0])) {
        const s = subjectOf(ctx, tokenAt(tokens, m.index));
        if (s.referent === "system" || agentOf(ctx, tokenAt(tokens, m.index)) === "self") return;
      } else if (!other(m.index)) return;
      push(/^neglect/i.test(m[0]) ? "omission" : "person-as-cause", m.index, m.index + m[0].length);
    });
    eachMatch(PASSIVE_WHO, sentence, (m) => {
      const by = m[0].search(/\bby\s/i) + 3;
      if (free(m) && personAt(ctx, m.index + by)) push("person-as-cause", m.index, m.index + m[0].length);
    });
    eachMatch(CLICKED_THROUGH, sentence, (m) => {
      if (free(m) && other(m.index)) push("person-as-cause", m.index, m.index + m[0].length);
    });
    eachMatch(DISBELIEF, sentence, (m) => {
      if (free(m)) push("hindsight", m.index, m.index + m[0].length);
    });
    eachMatch(WHAT_YOU_GET, sentence, (m) => {
      if (free(m)) push("judgmental", m.index, m.index + m[0].length);
    });
    eachMatch(PRESCRIBED_CHECK, sentence, (m) => {
      if (!quoted(sentence, m.index) && other(m.index)) push("vigilance", m.index, m.index + m[0].length);
    });
    eachMatch(PEOPLE_TO, sentence, (m) => {
      if (!quoted(sentence, m.index)) push("vigilance", m.index, m.index + m[0].length);
    });
  }
  eachMatch(IRONY, sentence, (m) => {
    if (free(m))
      push(
        /^\s*whoever|\bwhoever (?!decided|thought)/i.test(m[0]) ? "who-question" : "judgmental",
        m.index,
        m.index + m[0].length,
      );
  });
  eachMatch(THINKING, sentence, (m) => {
    if (free(m)) push("judgmental", m.index, m.index + m[0].length);
  });
  eachMatch(NOBODY_THOUGHT, sentence, (m) => {
    if (quoted(sentence, m.index) || (/^\s*once/i.test(m[0]) && !ctx.anyPerson)) return;
    const category = /^anyone/i.test(m[0])
      ? "hindsight"
      : /stop/i.test(m[0])
        ? "vigilance"
        : /once/i.test(m[0])
          ? "judgmental"
          : "omission";
    push(category, m.index, m.index + m[0].length);
  });
  eachMatch(SOMEONE_NEEDED, sentence, (m) => {
    if (!quoted(sentence, m.index)) push("vigilance", m.index, m.index + m[0].length);
  });
  eachMatch(HEADS_ROLL, sentence, (m) => {
    if (free(m)) push("judgmental", m.index, m.index + m[0].length);
  });
  eachMatch(WHO_DID, sentence, (m) => {
    if (!free(m)) return;
    // "explain why Kenji was allowed ...": only when a person follows "why"
    if (/^explain/i.test(m[0]) && refs[tokenAt(tokens, m.index + m[0].length)] !== "person") return;
    push("who-question", m.index, m.index + m[0].length);
  });
}
