/**
 * The patterns and word lists of the agent-act blame family (agent-acts.ts applies them to a sentence's clauses).
 * @module
 */

/** Stems every pattern below has a word starting with: this family's gate in the prefilter. */
export const AGENT_ACT_STEMS =
  "accident mistaken careless blind hast reckless wrong inadvert unknowing unintention worse useless imposs unusable " +
  "unrecoverable outage incident disaster catastroph crisis emergenc broke took brought knock crash corrupt wip lock " +
  "fell went ignor neglect overlook disregard dismiss forgot forget botch bungl fumbl mishandl rubber force slept " +
  "sleep nothing sat wait too gave let skip miss mis forg bypass allow delet drop truncat destroy taken overwrit " +
  "supposed expected meant required tasked assigned job responsib duty task attitude lazi lazy inexperience " +
  "incompeten arrogan negligen complacen ignoran slopp overconfiden impatien inattent haste half poor bad lack " +
  "distract clueless unprepared depth head amateur rookie beginner novice newbie silly stupid dumb schoolboy " +
  "bonehead unforced embarrass staring hard reasonable sensible competent thoughtful halfway right bother cared " +
  "looked listened which whose well great nice good bravo congrat kudos thank shout props hats harder disciplin " +
  "rigor rigour thorough mindful conscientious alert focused would could should bug regression defect vulnerab " +
  "breaking leak race deadlock chose choos decid opt elect pressur left flood overload overwhelm hammer saturat " +
  "exhaust rash thoughtless impulsiv irresponsib foolish without shambles fiasco clown circus farce train wreck mess " +
  "on still nevertheless nonetheless anyway ahead courtesy blame manual human personal individual operator user " +
  "part unwise short entirely completely totally easily wholly clear obvious evident apparent brushed waved rushed " +
  "ruined wrecked real live production prod shared customer unsigned expired stale outdated instead rather despite " +
  "untest unreview unsign unapprov unvalidat unverif unauthori broken faulty incorrect bugg invalid risky danger " +
  "destruct unfinish mistake kill evict leak expos reason why plain improper thought believed assumed thinking " +
  "missing syntax typo overr goes going through knew idea clue know predictable foreseeable careful vigilant " +
  "attentive diligent cautious whoever shrugged utterly perfectly remov disabl way terrible awful inadequate subpar " +
  "lacking unacceptable error naive preventable avoidable finished passed completed signed approved been laptop " +
  "machine workstation desktop said says told kept spoiled longer starv unnotic unanswer unaddress unacknowledg matter making treat glance straight hand-made by-hand earth world hell heck god idea who operational procedural staff clerical keying typing data inadvert unintention erroneous wrongly mistyp typo judg intervention erred instruction incorrectly";

// "Mei accidentally pointed the load balancer at the old pool": the manner makes any act a fault
export const MANNER_ACT =
  /\b(?:accidentally|mistakenly|carelessly|blindly|hastily|recklessly|wrongly|inadvertently|unknowingly|unintentionally)\s+[a-z][a-z-]+/gi;
// "..., which made the rollback useless", "and the site fell over": the act's consequence is the harm
export const CONSEQUENCE =
  /\b(?:which|that|and|so)\s+(?:\w+\s+){0,3}?(?:made (?:[\w-]+ ){0,3}(?:worse|useless|impossible|unusable|unrecoverable)|turned (?:[\w-]+ ){0,4}into (?:an? |the )?(?:[\w-]+ )?(?:outage|incident|disaster|catastrophe|crisis|emergency)|broke (?:every|all|the|production|prod|checkout|login)|caused (?:the |an |a |this |that |our )?(?:[\w-]+ )?(?:outage|incident|downtime|data loss|crash|breakage)|took (?:down|out)|brought (?:\w+ ){0,3}down|knocked (?:\w+ ){0,3}(?:out|offline|over)|crashed|corrupted|wiped|locked (?:\w+ ){0,2}out|(?:\w+ ){0,2}(?:fell over|went down|went unnoticed|went unanswered|went unaddressed|sat unanswered|sat unacknowledged))\b/gi;
// "Kofi's decision to restart the primary turned a blip into an outage"
export const TURNED_INTO =
  /\bturned (?:[\w-]+ ){0,4}into (?:an? |the )?(?:[\w-]+ )?(?:outage|incident|disaster|catastrophe|crisis|emergency)\b/gi;
// Acts wrong by their verb, in every inflection, and conduct that is a fault whatever its object
export const FAULT_VERB =
  /\b(?:ignor(?:ed|es|ing)|neglect(?:ed|s|ing)|overlook(?:ed|s|ing)|disregard(?:ed|s|ing)|dismiss(?:ed|es|ing) (?:the |an? |all |every |our |their )?(?:\w+ )?(?:alerts?|warnings?|pages?|reports?|concerns?|signs?|errors?|objections?)|forgot|forgets|forgetting|erred(?! on the side)|botch(?:ed|es|ing)|bungl(?:ed|es|ing)|fumbl(?:ed|es|ing)|mishandl(?:ed|es|ing)|rubber-?stamp(?:ed|s|ing)?|force-?push(?:ed|es|ing)? (?:over|onto|on top of)|(?:slept|sleeps|sleeping) through|(?:went|goes|going) back to (?:sleep|bed)|overr(?:ode|ides|iding|idden) (?:the |a |an |all |every )?(?:[\w-]+ )?(?:check|checks|tests?|protection|guard|limit|alert|alerts|warning|warnings|approval|review|lock|block|policy|freeze|canary|canaries|ci|build|builds|linter|lint|alarm|alarms|safeguards?|guard-?rails?|gates?|hold|objections?|veto|failsafe|fail-safe)\b(?!['’])|(?:did|does|doing) nothing(?! wrong)|(?:said|says) nothing|told (?:no one|nobody|no-one)|kept quiet|sat on (?:it|the|this|that)|waited (?:\w+ )?too long|took (?:\w+ )?too long|too (?:slow|late) to|gave up on|pressured (?:[\w-]+ ){0,3}into|left (?:it|them|(?:the|a|an|his|her|their) (?:[\w-]+ ){0,2}[\w-]+) (?:on|off|enabled|switched on|turned on|disabled|open|unlocked|exposed|unattended)|(?:flooded|overloaded|overwhelmed|hammered|saturated|exhausted) (?:the )?(?:[\w-]+ )?(?:database|db|cluster|api|service|queue|primary|servers?|replicas?)|(?:acted|behaved|responded|moved|reacted) (?:\w+ )?(?:rashly|hastily|carelessly|thoughtlessly|recklessly|impulsively|irresponsibly|foolishly)|without thinking|made a mess of|waved (?:[\w-]+ ){0,3}through|(?:still|nevertheless|nonetheless) (?:went ahead|merged|deployed|pushed|shipped|ran|approved|released|restarted|proceeded)|(?:merged|deployed|pushed|shipped|ran|approved|released|proceeded|went ahead)(?: [\w-]+){0,3} anyway|force-?push(?:ed|es|ing)? to (?:main|master|the release|release|prod)|used (?:it|them|this|that|(?:his|her|their) [\w-]+) to (?:drop|delete|wipe|remove|truncate|destroy|overwrite|disable|bypass)|(?:has|have|had) (?:\w+ )?broken (?:production|prod|the build|the site|main|master|checkout|login|the (?:api|app|deploy|release|pipeline|website)))\b/gi;
// "Matías introduced the bug", "Tomasz chose to skip the load test": the act is the fault
export const INTRODUCED =
  /\b(?:introduced|introduces|added|adds|shipped|ships|wrote|writes|committed|commits|pushed|pushes|merged|merges|landed|lands)\s+(?:a|the|an|this|that)\s+(?:[\w-]+\s+)?(?:bug|regression|defect|vulnerability|breaking change|memory leak|leak|race condition|deadlock)\b(?!\s+(?:test|tests|fix|fixes|suite|check|checks|report|reports))/gi;
export const CHOSE_TO =
  /\b(?:chose|chooses|choosing|decided|decides|deciding|opted|opts|opting|elected|elects)\s+to\s+(?:skip|ignore|bypass|disregard|override|circumvent|overrule)\b/gi;
// A fault in the passive that only people commit, and verdicts on a response: "the rollback was bungled"
export const BUNGLED =
  /\b(?:was|were|got) (?:\w+ )?(?:bungled|botched|mishandled|fumbled)\b|\b(?:a|an|complete|total|utter) (?:shambles|fiasco|clown show|circus|farce|train ?wreck)\b|\bamateur[- ]hour\b|\b(?:failures?|errors?|warnings?|alerts?|concerns?|objections?|complaints?) (?:were|was|got) (?:\w+ )?(?:waved away|brushed (?:aside|off)|shrugged off)\b|\bshould(?:n't| not)? have (?:gone|been put|been run|been sent|passed) through (?:a |the )?(?:code )?(?:review|qa|testing|staging|approval|change management|cab)\b/gi;
// "courtesy of Aurelio", "the blame lies with Gustavo", "an error on Signe's part"
export const PUT_ON =
  /\bcourtesy of\s+|\b(?:outage|incident|failure|mess|problem|disaster|breakage|situation|this|it|that) (?:was|is) (?:entirely |wholly |all |largely |squarely )?of (?=\S+ (?:own )?making\b)|\bblame (?:lies|rests|falls|sits) (?:squarely |entirely |solely )?(?:with|on)\s+/gi;
export const ON_PART = /\bon (?:[\w-]+['’]s|his|her|their) part\b/gi;
export const ON_PART_FAULT =
  /\b(?:mistake|error|oversight|lapse|slip|negligence|carelessness|failure|misjudg\w*|blunder)s?\b/i;
// "a manual error during the migration", "a personal mistake"
// not an error the software reports: "logged a user error (HTTP 400)", "user error codes", "the user-error page"
export const MANUAL_ERROR =
  /\b(?:manual|personal|individual|user|operational|procedural|staff|clerical|keying|typing|data[- ]entry) (?:error|mistake|slip|lapse|oversight)s?\b(?!\s*\(?\s*(?:HTTP|[1-5]\d\d\b|E\d)|\s+(?:codes?|status|statuses|responses?|messages?|pages?|rates?|counts?|class|classes|types?|handling|handlers?|path|paths|budget|events?|logs?)\b)/gi;
// "It was thoughtless of the team to deploy", "the operator had one job"
export const OF_PERSON =
  /\b(?:thoughtless|careless|reckless|irresponsible|foolish|stupid|silly|negligent|lazy|naive|short-sighted|unwise) of (?:the |our |that |this |him|her|them)/gi;
export const ONE_JOB = /\bhad (?:one|1|a single) job\b/gi;
// Hindsight verdicts: "entirely preventable", "clear from the start"
export const HINDSIGHT_VERDICT =
  /\b(?:entirely|completely|totally|easily|wholly|utterly|perfectly|100%) (?:preventable|avoidable|predictable|foreseeable)\b|\b(?:everyone|everybody|we all|they all|all of us) knew (?:this|it|that)? ?(?:would|was going to)\b|\b(?:no idea|no clue|didn't know|did not know|nobody knew|no one knew) what (?:he|she|they|we|i) (?:was|were|am|are) doing\b|\b(?:clear|obvious|evident|apparent) (?:from the (?:start|outset|beginning)|all along)\b/gi;
// The generic agent-act shape: a person (not the writers) as the subject of any verb whose clause carries a mark of
// fault. The verb's list is open; what makes it blame is the mark: a wrong or untested object, a missing safeguard,
// a test aimed at production (or production aimed at a test), a safeguard overridden.
export const FAULT_MARK =
  /\b(?:(?<!(?:gone|went|go|goes|going|is|was|were|are|be|been|something|anything|what) )wrong|untested|unreviewed|unsigned|unapproved|unvalidated|unverified|unauthori[sz]ed|expired|stale|outdated|bad|broken|faulty|incorrect|buggy|invalid|risky|dangerous|destructive|half-finished|unfinished|accidentally|mistakenly|by mistake|by accident|incorrectly|wrongly|in error|instead of|rather than|despite|without (?:[A-Z]{2,} )?(?:any(?:one|body)?|a |an |the |proper |first |even |review|approval|tests?|testing|checking|notice|warning|telling|asking|notifying|informing|consulting|permission|sign-?off|a backup|backups)|over (?:the |our )?(?:live|production|prod)\b|without (?:so much as|even) (?:a |an )?(?:glance|look|test|check|review|word|warning|heads-?up|second look)\b|without (?:ever |even |first )?(?!losing|dropping|interrupting|impacting|affecting|breaking|causing|disrupting|needing|requiring)[a-z]+ing\b|with (?:a |an )?(?:missing|typo|syntax error|broken|bad|wrong|invalid)\b|with (?:no|zero) (?:[\w-]+ )?(?:review|reviews|reviewer|approval|approvals|tests?|testing|backups?|canary|sign-?off|rollback plan|ticket|checks?|warning|notice|announcement|heads-?up|second pair of eyes|dry-?run|change request)\b|(?:he|she|they) (?:thought|believed|assumed) (?:it |they |that )?(?:was|were)\b|thinking (?:it|they|that) (?:was|were)\b|before (?:the |a )?[\w-]+(?: [\w-]+)? (?:had )?(?:finished|passed|completed|signed off|approved|been reviewed|been tested)\b|from (?:his|her|their) (?:own )?(?:laptop|machine|workstation|desktop)\b|(?:(?:that|which) )?(?:nobody|no one|no-one)(?: else)? (?:knew|was told|had (?:reviewed|approved|seen|tested|checked|read|signed off))\b|(?:that|which) made (?:things|matters|it|everything|the (?:outage|incident|situation|impact)) (?:much |far |even )?worse\b|(?:that )?it (?:would be|'d be) (?:fine|ok|okay|safe|harmless|a good idea) to\b|\b(?:unbounded|unthrottled|unscoped|unfiltered|unguarded|unannounced|unplanned)\b|(?:even though|although|when) (?:[\w-]+ ){1,5}?(?:had )?(?:asked|warned|told|objected|flagged|requested|begged)\b|(?:over|past|through|despite) (?:a |an |the |two |three |all |its )?(?:red|failing|failed|broken) (?:[\w-]+ )?(?:builds?|ci|checks?|tests?|pipelines?|canar(?:y|ies)|suites?|gates?|lint)\b|with (?:[\w-]+ ){1,3}left (?:on|enabled|open|running|switched on|turned on|exposed|unlocked)\b|\bstill (?:in use|needed|used|referenced|serving|in service|attached|mounted|receiving traffic)\b|(?:that|which) (?:then )?(?:blocked|rejected|denied|dropped|broke) (?:all|every|most|legitimate|customer|production|prod)\b|(?:prod(?:uction)? )?(?:passwords?|api keys?|secrets?|credentials?|tokens?|private keys?) (?:to|into|in|on) (?:#[\w-]+|(?:a |the |our )?(?:[\w-]+ )?(?:chat|slack|channel|issue|ticket|email|wiki|gist|repo|repository|github|gitlab)\b)|(?:even though|although|with|despite) (?:the |all |both |two |three |several |its |our )?(?:[\w-]+ ){0,2}(?:tests?|checks?|ci|builds?|pipeline|canary|canaries|alerts?|alarms?|warnings?|suites?|health ?checks?)(?: (?:were|was|still))? (?:still )?(?:failing|red|broken|firing|flashing|going off)\b|with (?:the |a |an |its |their )?(?:[\w-]+ ){0,3}still (?:enabled|on|active|attached|in place|switched on|turned on|pointing|exposed|open)\b|(?:that|which) (?:silently |then |promptly |immediately )?(?:locked|disabled|bypassed|skipped|circumvented|ignored|overrode|broke|bricked|crashed|deleted|erased|destroyed|wiped|dropped|exposed|leaked|corrupted|overwrote|took down|took out|knocked out|turned off|hammered|overloaded|flooded|overwhelmed|saturated|exhausted|starved|knocked over|brought down)\b(?! (?:the |all |any )?(?:broken|stale|corrupt|duplicate|orphan|invalid|bad|faulty|dangling)))/i;
/** {@link FAULT_MARK} as a whole word: "invalid" but not "invalidated", "bad" but not "badge". */
export const FAULT_MARK_WORD = new RegExp(`(?:${FAULT_MARK.source})(?:(?<=\\s)|(?![\\w-]))`, "i");
export const ENV_MISMATCH =
  /\b(?:production|prod|live)(?:\s+[\w-]+)?\s+as\s+(?:a|an|the|their|his|her|its)\s+(?:own\s+|personal\s+|private\s+)?(?:test|testing|staging|dev|development|sandbox|playground|lab)\b|\b(?:cleanup|clean-up|purge|wipe|teardown|tear-down|reset|load[- ]tests?|stress[- ]tests?|chaos (?:test|experiment)s?)\b[^,;:.]{0,40}?\b(?:on|against|in|into) (?:the |our )?(?:live|production|prod)\b|\b(?:staging|test|testing|dev|drill|experiment\w*|dry-?run|sandbox|local|debug|benchmark)\b[^,;:.]{0,50}?\b(?:on|against|to|into|over|in) (?:the |a |our )?(?:real|live|production|prod|shared|customer)\b|\b(?:production|prod|live)\b[^,;:.]{0,50}?\b(?:on|against|to|into|in) (?:the |a |our )?(?:staging|test|dev|sandbox|local)\b/i;
/** Verbs that undo: a mark of fault in their clause is what they undid, unless aimed at the wrong target. */
export const REMEDIAL = new Set(
  (
    "reverted rolled fixed repaired corrected replaced removed deleted dropped drained killed cleaned purged recovered " +
    "rebuilt disabled blocked quarantined isolated mitigated patched undid stopped halted paused cancelled canceled " +
    "aborted rejected reverts rolls fixes repairs corrects replaces removes deletes drops drains kills cleans purges " +
    "recovers rebuilds disables blocks patches stops halts pauses cancels aborts rejects"
  ).split(" "),
);
/** Verbs that observe or report: what follows is what they found or said, never their act. */
export const OBSERVING = new Set(
  (
    "root-caused root-causes root-causing bisected pinpointed reproduced narrowed flagged reported noticed found spotted caught identified diagnosed discovered investigated traced debugged " +
    "realised realized confirmed determined saw paged alerted warned escalated asked told informed pinged notified " +
    "announced documented explained described suspected feared hypothesised hypothesized acknowledged acked joined " +
    "opened closed resolved verified checked tested reviewed watched monitored looked wrote said wondered guessed " +
    "flags reports notices finds spots catches identifies diagnoses discovers investigates traces debugs realises " +
    "realizes confirms determines sees pages alerts warns escalates asks tells informs pings notifies announces " +
    "documents explains describes suspects acknowledges acks joins opens closes resolves verifies checks tests " +
    "reviews watches monitors looks writes says wonders guesses"
  ).split(" "),
);
/** A remedial verb still marks fault when aimed at the wrong or a healthy target. */
export const WRONG_AIM =
  /\bstill (?:in use|needed|used|referenced|serving|in service|attached|mounted|receiving traffic)\b|\bwithout (?:warning|telling|asking|notifying|informing) (?:anyone|anybody|the|their|any)\b|\b(?:the wrong|healthy|working|good|by mistake|by accident|accidentally|mistakenly|instead of|rather than)\b/i;
export const IRREGULAR_PAST = new Set(
  (
    "ran took made wrote sent gave chose broke set put left kept brought began blew hit shut let spent lost threw went " +
    "drove rode tore wore overrode overwrote forgot undid reran rewrote withdrew thought"
  ).split(" "),
);
/** An act done as agreed, planned or documented, or for watching: sanctioned, not a fault of its doer. */
export const SANCTIONED =
  /\b(?:as (?:agreed|planned|scheduled|documented|instructed|approved|designed|intended)|by design\b|as the (?:runbook|procedure|plan) (?:says|instructs|describes)|per the (?:runbook|plan|procedure)|with (?:the )?(?:approval|sign-?off) (?:of|from)|to (?:watch|monitor|observe|debug|track) )/i;
export const SYSTEM_BECAUSE = /\b(?:because|since|as) (?:the |a |an |its |our )?/i;
export const ADVERB =
  /^(?:also|then|just|still|simply|again|later|quickly|immediately|manually|directly|promptly|finally)$/;
// "Dagny is the reason checkout was down", "Tevita's decision-making was poor", "it was plain that ... would"
export const REASON =
  /\b(?:is|was) (?:the (?:main |only |sole |whole |real )?reason|why|what (?:broke|caused|started|triggered|took down|brought down|knocked out))\b/gi;
export const POSSESSIVE_VERDICT =
  /['’]s (?:[\w-]+ ){1,5}?(?:was|were|is) (?:\w+ )?(?:poor|bad|sloppy|terrible|awful|inadequate|subpar|careless|lacking|unacceptable|negligent|reckless|a mistake|an error)\b/gi;
export const PLAIN_THAT =
  /\bit (?:was|is|should have been) (?:plain|obvious|evident|clear) (?:that|to \w+ that) [^.;]{0,60}?\b(?:would|was going to|were going to)\b/gi;
export const INCORRECT_ENTRY =
  /\b(?:was|were) (?:entered|typed) (?:incorrectly|wrongly|improperly)\b|\b(?:manual|hand-?made|by-hand|human) (?:operation|step|change|edit|intervention|command|action|update|procedure)s? (?:was|were) (?:done|performed|executed|carried out|run|applied|made|entered|typed) (?:incorrectly|wrongly|improperly|badly|in error)\b/gi;
// "the on-call's slow response made the outage twice as long", "another weekend ruined by the ops team"
export const MADE_LONGER =
  /\bmade (?:the |our )?(?:outage|incident|impact|downtime|recovery|situation|disruption) (?:[\w-]+ ){0,3}?(?:worse|longer|twice as long|much longer|last longer)\b/gi;
export const RUINED_BY = /\b(?:ruined|wrecked|spoiled) by\s+/gi;
// "The outage is on Chidi": the idiom puts the incident on a person
export const IS_ON =
  /\b(?:outage|incident|failure|this|that|it|breakage)\s+(?:is|was)\s+(?:all |entirely |squarely |totally )?on\s+/gi;
// "Yusuf let the certificate lapse", "the release team let the bug through"
export const LET_SLIP =
  /\blet (?:[\w-]+ ){1,4}?(?:lapse|expire|run out|rot|slip(?: through)?|through|get through|go stale|fill up|reach production|into production)\b/gi;
// "was allowed to expire by the infra team", "the alerts were dismissed by the database team"
export const PASSIVE_FAULT =
  /\b(?:was|were|got|had been|been)\s+(?:\w+ly\s+)?(?:ignored|dismissed|overlooked|disregarded|skipped|missed|botched|mishandled|neglected|forgotten|bypassed|misconfigured|mistyped|misread|brushed (?:aside|off)|waved (?:through|away)|rushed|rubber-?stamped|(?:entered|typed|configured|set|applied|executed|run|performed|handled|done|edited|written) (?:incorrectly|wrongly|improperly|carelessly|sloppily|badly|hastily)|allowed to (?:expire|lapse|fail|rot|run out|fill up))\s+(?:[\w-]+\s+){0,3}?by\s+/gi;
// "the production table was dropped by an engineer": harm to data in the passive, a person as agent
export const PASSIVE_HARM =
  /\b(?:was|were|got|had been)\s+(?:\w+ly\s+)?(?:deleted|dropped|wiped|truncated|destroyed|corrupted|taken down|brought down|overwritten)\s+by\s+/gi;
export const FAILURE_NEAR =
  /\b(?:down|outage|incident|failed|failure|broke|broken|lost|loss|unavailable|crash\w*|errors?)\b/i;
export const HARMED_THING =
  /\b(?:prod|production|primary|database|data|table|tables|customer|customers|live|backups?)\b/i;
// "the on-call was supposed to check the backups", "it was Omar's job to renew the certificate"
export const OBLIGATION =
  /\b(?:was|were) (?:supposed|expected|meant|required|tasked|assigned) to\b|['’]s (?:job|responsibility|duty|task) (?:to|was)\b/gi;
// Judgements of the person: character nouns after a person's possessive, states, kinds of mistake
export const CHARACTER =
  /['’]s (?:attitude|laziness|carelessness|inexperience|incompetence|arrogance|negligence|complacency|ignorance|sloppiness|recklessness|overconfidence|impatience|inattention|haste|half-?hearted|poor judg(?:e)?ment|bad judg(?:e)?ment|lack of (?:care|attention|diligence|experience|skill|judg(?:e)?ment|discipline|rigou?r))\b/gi;
export const STATE =
  /\b(?:was|were|seemed|got|became|is|are)\s+(?:too |so |completely |clearly |visibly |obviously |simply )?(?:distracted|negligent|lazy|sloppy|complacent|overconfident|inattentive|clueless|careless|reckless|incompetent|unprepared|out of (?:his|her|their) depth|in over (?:his|her|their) heads?)\b/gi;
export const MISTAKE_KIND =
  /\b(?:amateur|rookie|beginner['’]?s?|novice|newbie|silly|stupid|dumb|careless|schoolboy|boneheaded|sloppy|unforced|embarrassing)\s+(?:mistake|error|move|blunder|slip|oversight|lapse)s?\b/gi;
// Hindsight in wider wordings
export const HINDSIGHT =
  /\bstaring (?:[\w-]+ ){1,2}in the face\b|\bhard to (?:understand|see|believe|imagine|fathom|explain) how\b|\b(?:any|a) (?:reasonable|sensible|competent|thoughtful|halfway) (?:engineer|person|developer|operator|reviewer|admin|human|sre)\b|\bright there (?:on|in)\b|\b(?:nobody|no one|no-one) (?:bothered|cared|looked|listened)\b/gi;
// Who-questions: "find out which engineer ran the script", "Whose idea was it ...?"
export const WHO =
  /\b(?:find out|know|learn|identify|determine|establish|figure out|ask|track down) which (?:engineer|person|developer|team|operator|admin|individual|employee|one of (?:us|you|them))\b|^\s*whose (?:idea|fault|decision|call|change|bright idea|responsibility)\b|^\s*which (?:one )?of (?:you|us|them)\b|\bwhoever (?!(?:is|was|will|would|can|could|may|might|needs?|has|had|gets|takes|owns|holds)\b)(?:[a-z]+ed|approved|pushed|merged|deployed|wrote|broke|did|made|ran|changed|deleted|set|put|let|left|took|shut|hit|forgot|sent|threw)\b/gi;
// Sarcastic praise: "Well done to the platform team for another Friday outage", "Thanks, @x, for testing in prod again"
export const SARCASM =
  /^\s*(?:nice|good) going\b|^\s*way to go\b|^\s*(?:well done|great job|nice job|nice one|nice work|good job|good work|bravo|congrats|congratulations|kudos|thanks|thank you|shout-?out|props|hats off)\b[^.?!]*?\b(?:again|as always|another|yet another|taking down|bringing down|breaking|for testing in)\b/gi;
// Vigilance in wider wordings, after a word of prescription
export const VIGILANCE =
  /\b(?:don't|do not|never) forget to\b|^\s*(?:please\s+)?be (?:more |extra |very )?(?:mindful|alert|vigilant|careful|attentive|diligent|cautious)\b|\b(?:should|must|need to|needs to|have to|has to|will|going to|ought to)\s+(?:\w+\s+){0,2}?(?:try|work|look|think) harder\b|\b(?:should|must|need to|needs to|have to|has to|will|ought to)\s+be (?:more |extra )?(?:disciplined|rigorous|thorough|mindful|conscientious|alert|focused)\b/gi;
// "A simple check by the reviewer would have caught the typo": the check a person did not do
export const CHECK_BY =
  /\b(?:check|look|glance|review|test|question|second look)\s+(?:(?:at|of|on|over)\s+(?:[\w'’-]+\s+){1,4}?)?(?:by|from)\s+(?:the |an? |our )?/gi;
