/**
 * Text normalisation for recurrence detection: lower-casing, phrase and word synonym folding for the operations
 * domain ("ran out of connections" ~ "connection pool exhausted" ~ "pool saturation"), a light suffix stemmer and
 * stop words. The goal is that two write-ups of the same failure share terms even when worded differently.
 */

/** Multi-word phrases folded to one canonical token before splitting into words. */
const PHRASES: Array<[RegExp, string]> = [
  [/\bran out of\b|\brunning out of\b|\bused up\b|\bno free\b|\bno more\b/g, " exhaust "],
  [/\bout of memory\b|\boom[- ]?kill(?:ed|er|s)?\b|\bexit code 137\b|\boomkilled\b/g, " oom "],
  [/\bno space left( on device)?\b|\bdisk (?:is )?full\b|\benospc\b/g, " diskfull "],
  [/\btoo many requests\b|\bhttp 429\b|\b429s?\b|\bthrottl\w*\b|\brate[- ]limit\w*\b/g, " ratelimit "],
  [/\bstop[- ]the[- ]world\b|\bgarbage collection\b|\bgc pauses?\b/g, " gcpause "],
  [/\bnull ?pointer ?exception\b|\bnull pointer\b|\bnpe\b/g, " nullpointer "],
  [/\bnxdomain\b|\bno such host\b|\bname resolution\b|\bdns lookups?\b/g, " dnsfail "],
  [/\bthundering herd\b|\bcache miss(?:es)? storm\b|\bstampede\b/g, " stampede "],
  [/\bx\.?509\b|\btls certificates?\b|\bssl certificates?\b/g, " certificate "],
  [/\bnot ?after\b|\bexpir\w*\b/g, " expire "],
  [/\bhorizontal pod autoscaler\b|\bhpa\b|\bautoscal\w*\b/g, " autoscale "],
  [/\bread replicas?\b|\breplicas?\b/g, " replica "],
  [/\breplication lag\b|\breplica(?:tion)? delay\b|\bfell behind\b|\bfall(?:s|ing)? behind\b/g, " lag "],
  [/\bconsumer lag\b|\bqueue depth\b|\bbacklog\b/g, " backlog "],
  [/\bfeature flags?\b|\bflag flip\b/g, " featureflag "],
  [/\bhealth[- ]?checks?\b|\bprobes?\b/g, " healthcheck "],
  [/\bdead[- ]letter\b/g, " deadletter "],
  [/\bcredentials?\b|\bpasswords?\b|\bsecrets?\b/g, " credential "],
  [/\bntp\b|\bclocks?\b|\btime skew\b|\bclock skew\b|\bdrift\w*\b/g, " clockskew "],
];

/** Single-word synonym groups: every word (and its stem) maps to the group's canonical term. */
const SYNONYM_GROUPS: Record<string, string[]> = {
  exhaust: ["exhausted", "exhaustion", "exhaust", "saturation", "saturated", "starvation", "starved", "depleted"],
  limit: ["max", "maximum", "ceiling", "cap", "capped", "limit", "limits"],
  database: ["db", "database", "databases", "datastore"],
  connect: ["connection", "connections", "conn", "conns", "connect"],
  certificate: ["cert", "certs", "certificate", "certificates"],
  timeout: ["timeout", "timeouts", "hang", "hung", "hanging"],
  latency: ["slow", "slowness", "latency"],
  memory: ["heap", "memory", "mem"],
  purge: ["purge", "purged", "invalidation", "invalidated", "invalidate"],
  migration: ["ddl", "migration", "migrations", "alter"],
  rebalance: ["rebalance", "rebalancing", "rebalances", "evicted"],
  rotate: ["rotation", "rotated", "rotate"],
  schedule: ["cron", "schedule", "scheduler", "scheduled"],
  concurrent: ["overlap", "overlapping", "overlapped", "concurrent", "concurrently", "duplicate", "twice"],
  subnet: ["subnet", "cidr"],
  ipaddress: ["ip", "address", "addresses"],
  provider: ["vendor", "provider", "third-party"],
};

const STOP = new Set(
  (
    "a an the and or but if of to in on at by for with from into onto as is are was were be been being it its this " +
    "that these those so than then there their they them we our us you your he she his her which who whom what when " +
    "where why how all any each every some no not only own same too very can could should would will just also " +
    "after before during until while about over under again further once here more most other such both few nor " +
    "up down out off do does did doing done has have had having one two three new old per via because made make " +
    "kept keep got get set still without within across against between through its itself time times minute " +
    "minutes second seconds hour hours day days week weeks year years request requests service services error " +
    "errors fail failed failure failures failing incident user users traffic system"
  ).split(" "),
);

/** A light suffix stemmer: enough to fold plurals and verb forms; not Porter, but stable and predictable. */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3) return w;
  for (const suffix of [
    "ations",
    "ation",
    "ings",
    "ing",
    "ions",
    "ion",
    "ies",
    "ied",
    "ers",
    "er",
    "ed",
    "es",
    "ly",
    "s",
  ]) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      w = w.slice(0, -suffix.length);
      if (suffix === "ies" || suffix === "ied") w += "i";
      break;
    }
  }
  if (/(.)\1$/.test(w) && !/(ll|ss|zz)$/.test(w)) w = w.slice(0, -1);
  return w.replace(/e$/, "");
}

/** A normalised term and the word it came from (for readable labels). */
export interface Token {
  term: string;
  surface: string;
}

const CANONICAL = new Set(PHRASES.map(([, canon]) => canon.trim()));

let synonyms: Map<string, string> | undefined;

/** Word and stem → canonical term, built once from {@link SYNONYM_GROUPS} with the same stemmer the text goes through. */
function synonymMap(): Map<string, string> {
  if (synonyms) return synonyms;
  synonyms = new Map();
  for (const [canon, words] of Object.entries(SYNONYM_GROUPS)) {
    for (const w of words) {
      synonyms.set(w, canon);
      synonyms.set(stem(w), canon);
    }
  }
  return synonyms;
}

/**
 * Normalise text into content tokens (unigrams after folding, stemming and stop-word removal), excluding the words of
 * `exclude` (the incident's own service names, which are compared separately).
 */
export function normaliseTokens(text: string, exclude: readonly string[] = []): Token[] {
  let t = ` ${text.toLowerCase()} `;
  for (const svc of exclude) {
    const s = svc.toLowerCase().trim();
    if (s) t = t.replaceAll(s, " ");
  }
  t = t.replace(/<\*>/g, " ");
  for (const [re, canon] of PHRASES) t = t.replace(re, canon);
  const tokens: Token[] = [];
  for (const raw of t.split(/[^a-z0-9]+/)) {
    if (raw.length < 2 || STOP.has(raw) || /^\d+$/.test(raw)) continue;
    if (CANONICAL.has(raw)) {
      tokens.push({ term: raw, surface: raw });
      continue;
    }
    const s = stem(raw);
    if (STOP.has(s)) continue;
    const map = synonymMap();
    tokens.push({ term: map.get(raw) ?? map.get(s) ?? s, surface: raw });
  }
  return tokens;
}

/** The terms of {@link normaliseTokens}. */
export function normaliseTerms(text: string, exclude: readonly string[] = []): string[] {
  return normaliseTokens(text, exclude).map((t) => t.term);
}

/** Tokens plus adjacent-pair bigrams (`connect_pool`), which carry most of the meaning of short root-cause text. */
export function tokensWithBigrams(text: string, exclude: readonly string[] = []): Token[] {
  const uni = normaliseTokens(text, exclude);
  const out = [...uni];
  for (let i = 1; i < uni.length; i++) {
    const a = uni[i - 1] as Token;
    const b = uni[i] as Token;
    if (a.term !== b.term) out.push({ term: `${a.term}_${b.term}`, surface: `${a.surface} ${b.surface}` });
  }
  return out;
}
