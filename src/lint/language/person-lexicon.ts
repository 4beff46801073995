import type { Token } from "./tokenize.js";

/** What a noun phrase refers to, as far as a small lexicon can tell. */
export type Referent = "person" | "system" | "unknown";

// Roles and groups of people: as the subject of a failure verb they make the sentence about a person.
const ROLE_WORDS = new Set(
  (
    "engineer engineers developer developers dev devs operator operators sre sres admin admins administrator " +
    "administrators sysadmin sysadmins dba dbas on-call oncall on-caller on-callers oncaller responder responders " +
    "reviewer reviewers author authors intern interns contractor contractors employee employees staff person people " +
    "someone somebody anyone anybody everyone everybody nobody human humans manager managers lead leads commander " +
    "technician technicians analyst analysts colleague colleagues teammate teammates member members team teams " +
    "owner owners approver approvers coder coders programmer programmers ops devops he she him her they them we us i " +
    "myself himself herself themselves ourselves qa operations hire hires newcomer newcomers trainee trainees " +
    "junior juniors folks guys guy intern ic ics dev-team sysops netops secops devsecops captain captains deployer " +
    "deployers releaser releasers maintainer maintainers committer committers contributor contributors tester " +
    "testers architect architects coordinator coordinators officer officers director directors vp cto ceo cfo " +
    "founder founders executive executives supervisor supervisors consultant consultants specialist specialists " +
    "newbie newbies on-shift shepherd scientist scientists rep reps representative representatives helpdesk infosec " +
    "leadership management squad squads crew crews desk department departments"
  ).split(" "),
);

// Departments name people when they act ("Security pushed a firewall change", "Marketing launched the campaign"),
// and topics or things otherwise ("security groups", "the marketing site"): a person only before a verb.
const DEPARTMENT_WORDS = new Set([
  "support",
  "security",
  "marketing",
  "sales",
  "finance",
  "legal",
  "engineering",
  "product",
  "networking",
  "compliance",
  "procurement",
  "infra",
]);

// Things that fail by design: alerts, services, pipelines. As subjects they make a counterfactual about the system.
const SYSTEM_WORDS = new Set(
  (
    "alert alerts alerting service services probe probes deploy deploys deployment deployments pipeline pipelines " +
    "replica replicas database databases db config configs configuration configurations server servers host hosts " +
    "node nodes cluster clusters pod pods container containers job jobs cron script scripts check checks test tests " +
    "monitor monitors monitoring dashboard dashboards system systems load balancer balancers proxy proxies cache " +
    "caches queue queues disk disks network networks certificate certificates cert certs api apis endpoint endpoints " +
    "request requests query queries migration migrations change changes release releases rollout rollouts build " +
    "builds ci cd flag flags threshold thresholds runbook runbooks tool tools tooling automation scheduler schedulers " +
    "controller controllers daemon daemons worker workers failover primary secondary shard shards index indexes " +
    "backup backups restore version versions library libraries dependency dependencies client clients code patch " +
    "patches commit commits pr prs rule rules policy policies limit limits quota quotas timeout timeouts retry " +
    "retries healthcheck router routers switch switches firewall firewalls dns storage volume volumes bucket buckets " +
    "instance instances vm vms region regions zone zones provider upstream downstream traffic load outage outages " +
    "incident incidents issue issues error errors bug bugs process processes kernel replication breaker breakers " +
    "autoscaler watchdog pager paging canary rotation schema budget laptop form tool-chain process loader parser " +
    "module function handler app application applications platform infrastructure network link links stage stages " +
    "terminal session prompt console validator linter hook hooks mechanism safeguard guardrail guard-rail gate gates " +
    "counter metric metrics graph graphs panel panels log logs exporter agent agents sidecar mesh gateway gateways"
  ).split(" "),
);

// Products and technologies: capitalised but never people.
const PRODUCT_WORDS = new Set(
  (
    "kubernetes k8s redis postgres postgresql mysql mariadb mongodb mongo kafka zookeeper nginx apache haproxy envoy " +
    "istio linux docker helm jenkins terraform ansible puppet chef prometheus grafana alertmanager loki elasticsearch " +
    "kibana consul vault nomad aws gcp azure cloudflare github gitlab bitbucket slack pagerduty opsgenie datadog " +
    "sentry jira confluence s3 ec2 rds gke eks aks bgp dns tls ssl http https tcp udp ip vpn cdn waf sql nosql json " +
    "yaml grpc graphql oauth saml ldap cassandra etcd rabbitmq celery sidekiq rails django node.js java python go " +
    "rust android ios windows macos chrome firefox safari route cert-manager argo argocd spinnaker circleci travis " +
    "memcached varnish akamai fastly heroku vercel netlify openstack ceph nfs zfs ext4 systemd cron sev1 sev2 sev3 " +
    "utc gmt api cli sdk ui ux url uri ssh scp rsync rm"
  ).split(" "),
);

const CALENDAR_WORDS = new Set(
  (
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august " +
    "september october november december"
  ).split(" "),
);

// A small list of given names so that a name starting a sentence ("Ana caused the issue") is still recognised.
const GIVEN_NAMES = new Set(
  (
    "alice bob carol dave david eve frank grace heidi ivan judy mallory oscar peggy trent victor walter alex sam " +
    "chris pat jordan taylor casey morgan jamie robin dana kim lee jo joe john jane mary mike michael sarah laura " +
    "lisa linda anna ana maria marco mario luca giulia sofia sophie emma olivia liam noah oliver jack harry george " +
    "james william thomas tom daniel dan matthew matt andrew andy mark paul peter steve steven kevin brian jason " +
    "ryan eric adam nick nicholas tony anthony kate katie emily jessica jennifer jenna amy rachel rebecca hannah " +
    "megan nicole rose ruth helen karen susan nancy betty priya raj rajesh arjun ananya rohit amit deepak sanjay " +
    "wei chen li zhang wang liu yang jun hiro yuki kenji sakura min ji-ho omar ahmed mohammed mohamed fatima aisha " +
    "ali hassan yusuf leila jamal kwame amara chidi ngozi jorge juan carlos luis diego pablo javier lucia carmen " +
    "isabel pedro miguel rafael sven lars erik ingrid astrid olga ivanov dmitri sergei natasha nina tanya martin " +
    "hans klaus jurgen petra greta pierre jean marie claire luc camille francois ines joao tiago beatriz zoe chloe " +
    "mia ella lucas ethan mason logan aiden elijah max felix leo hugo theo ben sean ian colin neil ray roy fred bill " +
    "ted ned rob bobby charlie sally molly holly dave dee kai ravi vikram sunil neha pooja divya kiran manoj"
  ).split(" "),
);

// Words that start sentences and are never a person's name.
const FUNCTION_WORDS = new Set(
  (
    "this that these those there here it its some any each every all both another nothing something everything " +
    "none one no yes then later meanwhile afterwards eventually initially finally also however unfortunately luckily " +
    "what which whose when where why how if although though while because since after before during once until " +
    "unless a an the our their his her my your its as at by for from in into of on onto to with without over under " +
    "up down out off about around again still only just even already soon now today yesterday tomorrow tonight " +
    "overall instead otherwise thus hence therefore so but and or nor yet not never always often sometimes " +
    "customers users clients traffic latency memory load nobody somebody everybody many most few several such " +
    "other others more less first second third next last previous prior new old same different"
  ).split(" "),
);
// Word forms of common nouns, verbs and adverbs, which names rarely have.
const COMMON_NOUN_FORM =
  /(?:ing|tion|sion|ment|ness|ity|ance|ence|ency|ancy|ship|ism|ure|ics|ally|ely|tly|dly|rly|sly|ably|ibly|ies|ers|ors|ages|ions|ists|able|ible|ful|less|ous|ive)$/;
// What follows a subject: a modal, an auxiliary or a past-tense verb.
const LEADING_VERB =
  /^(?:should|shouldn't|could|couldn't|would|wouldn't|must|might|may|will|did|didn't|does|doesn't|has|had|hasn't|hadn't|was|wasn't|never|then|also|accidentally|mistakenly|just|forgot|ran|broke|took|made|wrote|sent|shut|set|put|let|kept|left|chose|overrode|brought|went|gave|began|blew|hit|told|self-[a-z]+|force-[a-z]+|[a-z]+ed)$/;

/** Words that follow a name without making it a modifier: verbs, conjunctions, appositions. */
const FOLLOWS_NAME = new Set(
  "and or but who whose is are was were has have had did does do can cannot will would should could must might may not never also then just still again alone himself herself themselves too".split(
    " ",
  ),
);

const QUANTIFIERS = new Set(
  "most many all some several few both these those other no any each every more fewer".split(" "),
);

const SHIFT_KINDS = new Set(["night", "day", "morning", "evening", "weekend", "late", "early", "graveyard", "on-call"]);

/** Predicates only a system has: a guessed name as their subject is a product or a service. */
const SYSTEM_PREDICATE =
  /^(?:(?:started|began|kept|also|then|briefly|partially|intermittently|itself|had|has|have)\s+)*(?:fall(?:ing|s)?\s+over|fell\s+over|went\s+down|goes\s+down|going\s+down|crash(?:ed|es|ing)\b|timed\s+out|timing\s+out|return(?:ed|s|ing)\s+(?:errors?|5\d\d|an?\s+error|500s)|(?:was|were|is|are|been|being)\s+(?:down|unavailable|degraded|unreachable|offline|overloaded|unresponsive)\b|became\s+unavailable|degrad(?:ed|ing)\b|stopped\s+responding|stalled\b|(?:had|has|suffered|experienced)\s+an?\s+(?:outage|incident|degradation|partial outage))/;

/** Words before "group" that make it a group of people. */
const GROUP_OF_PEOPLE = new Set(
  "engineering release networking network operations ops sre infra infrastructure dba qa support working on-call oncall platform product database storage reliability".split(
    " ",
  ),
);

const ALWAYS_PERSON_GROUPS = new Set(["@here", "@channel", "@everyone"]);

/** Words whose appearance right before "operator" turn it into a piece of software (a Kubernetes operator). */
const SOFTWARE_OPERATOR_PREFIXES = new Set(["kubernetes", "k8s", "postgres", "etcd", "kafka", "prometheus", "the"]);

/** Strip a possessive so "Alice's" and "engineers'" look up as "alice" and "engineers". */
export function basePossessive(lower: string): { base: string; possessive: boolean } {
  if (lower.endsWith("'s")) return { base: lower.slice(0, -2), possessive: true };
  if (lower.endsWith("s'")) return { base: lower.slice(0, -1), possessive: true };
  return { base: lower, possessive: false };
}

/**
 * A lexicon of person references (names, handles, roles, pronouns) and system nouns, extended from configuration
 * with the names and handles a team knows to be people.
 */
export class PersonLexicon {
  private readonly people: Set<string>;
  private readonly complete: boolean;

  /** @param people names or handles known to be people, from `.debriefrc.yaml` `people:` */
  constructor(people: readonly string[] = [], complete = false) {
    this.complete = complete && people.length > 0;
    // "Xu Ming", "Li Na": every part of a multi-word name is looked up on its own (the tokeniser splits them)
    this.people = new Set(
      people.flatMap((p) => {
        const lower = p.trim().toLowerCase().replace(/^@/, "");
        const parts = lower.split(/\s+/).filter((w) => w.length > 1);
        return parts.length > 1 ? [lower, ...parts] : [lower];
      }),
    );
  }

  /** True when the word is a known system noun or product. */
  isSystemWord(lower: string): boolean {
    const { base } = basePossessive(lower);
    return SYSTEM_WORDS.has(base) || PRODUCT_WORDS.has(base) || base === "it" || base === "this";
  }

  /**
   * Classify token `i` of a sentence. `sentenceStart` is the index of the sentence's first word, where
   * capitalisation says nothing about names.
   */
  classify(tokens: readonly Token[], i: number, sentenceStart = 0): Referent {
    const tok = tokens[i];
    if (!tok || tok.punct) return "unknown";
    const { base, possessive } = basePossessive(tok.lower);
    if (base.startsWith("@")) {
      if (ALWAYS_PERSON_GROUPS.has(base)) return "person";
      return "person";
    }
    if (this.people.has(base)) return "person";
    if (base === "operator" || base === "operators") {
      const prev = tokens[i - 1];
      if (prev && (PRODUCT_WORDS.has(prev.lower) || (prev.capitalised && i - 1 > sentenceStart))) return "system";
      if (prev && SOFTWARE_OPERATOR_PREFIXES.has(prev.lower) && tokens[i + 1]?.lower === "pattern") return "system";
      return "person";
    }
    if (ROLE_WORDS.has(base)) return "person";
    // "the release engineering group", "the networking group": a group named by its work is people ("security group",
    // "consumer group", "resource group" are things)
    if ((base === "group" || base === "groups") && GROUP_OF_PEOPLE.has(tokens[i - 1]?.lower ?? "")) return "person";
    // "the night shift", "the weekend shift": the people on it
    if ((base === "shift" || base === "shifts") && SHIFT_KINDS.has(tokens[i - 1]?.lower ?? "")) return "person";
    if (DEPARTMENT_WORDS.has(base)) {
      const next = tokens[i + 1];
      return possessive || (next !== undefined && !next.punct && LEADING_VERB.test(next.lower)) ? "person" : "unknown";
    }
    if (SYSTEM_WORDS.has(base) || PRODUCT_WORDS.has(base)) return "system";
    if (!tok.capitalised || CALENDAR_WORDS.has(base)) return "unknown";
    // All-caps words are acronyms (CI, DNS, SLO), never names.
    if (tok.text.length > 1 && tok.text === tok.text.toUpperCase()) return "system";
    if (/[\d_./:]/.test(base) || /[a-z][A-Z]/.test(tok.text.slice(1))) return "system";
    if (GIVEN_NAMES.has(base)) return "person";
    // "out of date, Any actually up-to-date members": a capitalised function word is never a name
    if (FUNCTION_WORDS.has(base)) return "unknown";
    // the incident's people are known (from its evidence or configuration): other capitalised words are not guessed
    if (this.complete) return /[a-z][A-Z]/.test(tok.text.slice(1)) ? "system" : "unknown";
    if (i === sentenceStart) return possessive ? "person" : "unknown";
    const prev = tokens[i - 1];
    // '"Expected" vs "got"': a capitalised word in quotes is a word being mentioned, not a name
    if (prev && (prev.text === '"' || prev.text === "“" || prev.text === "_" || prev.text === "*")) return "unknown";
    // "Cosmovisor add-upgrade", "Discord permissions": a capitalised word before a lower-case noun modifies it
    const after = tokens[i + 1];
    if (
      !possessive &&
      after &&
      !after.punct &&
      !after.capitalised &&
      /^[a-z][a-z-]*$/.test(after.text) &&
      !LEADING_VERB.test(after.lower) &&
      !/(?:s|ed|ing)$/.test(after.lower) &&
      !FUNCTION_WORDS.has(after.lower) &&
      !FOLLOWS_NAME.has(after.lower)
    )
      return "unknown";
    // "the Payments dashboard": a capitalised word after an article names a thing.
    if (prev && (prev.lower === "the" || prev.lower === "a" || prev.lower === "an")) return "unknown";
    // "most Binders would fail to build": a quantifier before a capitalised word makes it a kind of thing, not a name
    if (prev && QUANTIFIERS.has(prev.lower)) return "unknown";
    const next = tokens[i + 1];
    if (next && !next.punct && SYSTEM_WORDS.has(next.lower) && !possessive) return "system";
    // "Supabase started falling over", "GitHub was down", "Quay timed out": what only a system does makes a guessed
    // name a product or a service
    if (
      !possessive &&
      SYSTEM_PREDICATE.test(
        tokens
          .slice(i + 1, i + 5)
          .map((t) => t.lower)
          .join(" "),
      )
    )
      return "system";
    return "person";
  }

  /**
   * True when the sentence's first word (index `first`, unknown to {@link classify}) is the doer of what follows: a
   * given name or known person ("Noor caused ..."), a name the oracle recognises, or, without an oracle, a capitalised
   * word that is not a function word or a common-noun form and is followed by a verb ("Oluwaseun deleted ...",
   * "Sven should have ..."); in a timeline row, a handle-like word before a verb ("13:19 mkhan self-merges ...").
   */
  leadingDoer(
    tokens: readonly Token[],
    first: number,
    oracle: ((sentence: string, word: string) => boolean) | undefined,
    sentence: string,
  ): boolean {
    const tok = tokens[first];
    if (!tok || tok.punct) return false;
    const { base, possessive } = basePossessive(tok.lower);
    if (GIVEN_NAMES.has(base) || this.people.has(base)) return true;
    if (FUNCTION_WORDS.has(base) || CALENDAR_WORDS.has(base) || !/^[\p{L}][\p{L}'’.-]*$/u.test(base)) return false;
    const next = tokens[first + 1];
    if (!next || next.punct) return false;
    const timelineRow = first > 0 && /^\d{1,2}:\d{2}/.test(tokens[first - 1]?.text ?? "");
    const verbNext = LEADING_VERB.test(next.lower) || (timelineRow && /^[a-z-]+s$/.test(next.lower));
    if (!verbNext && !possessive) return false;
    if (this.complete) return false;
    if (!tok.capitalised) return timelineRow && !COMMON_NOUN_FORM.test(base) && base.length <= 24;
    if (oracle) return oracle(sentence, tok.text);
    return !COMMON_NOUN_FORM.test(base);
  }

  /** True when token `i` is a given name at the start of a sentence, which {@link classify} cannot tell. */
  isGivenName(lower: string): boolean {
    return GIVEN_NAMES.has(basePossessive(lower).base) || this.people.has(basePossessive(lower).base);
  }
}
