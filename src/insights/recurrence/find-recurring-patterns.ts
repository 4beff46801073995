import { tokensWithBigrams } from "./normalise-text.js";

/** What recurrence detection needs to know about an incident. */
export interface RecurrenceInput {
  id: string;
  dir: string;
  title: string;
  services: string[];
  rootCause: string | null;
  factors: Array<{ text: string }>;
  errorSignatures: string[];
  /** Epoch ms; null when unknown. */
  impactStart: number | null;
}

/** Tuning of {@link findRecurringPatterns}; the defaults are documented in docs/insights.md. */
export interface RecurrenceOptions {
  /** Combined similarity at or above which two incidents are linked (default 0.42). */
  threshold?: number;
  /** Text cosine below which two incidents are never linked, whatever their services (default 0.25). */
  minTextSimilarity?: number;
  /** Weights of text cosine, services Jaccard and error-signature Jaccard (default 0.7 / 0.1 / 0.2). */
  weights?: { text: number; services: number; signatures: number };
}

/** One member of a recurring pattern. */
export interface PatternIncident {
  id: string;
  dir: string;
  title: string;
  impactStart: string | null;
}

/** A group of incidents that look like the same failure recurring. */
export interface RecurringPattern {
  /** A short label from the terms the incidents share most, e.g. `connection pool exhaustion`. */
  label: string;
  /** The shared terms behind the label, strongest first. */
  terms: string[];
  /** Oldest first. */
  incidents: PatternIncident[];
  services: string[];
  signatures: string[];
  firstAt: string | null;
  lastAt: string | null;
  /** Whole months from the first to the last occurrence, at least 1. */
  spanMonths: number;
  /** Smallest similarity of a link that joined the group (single-link). */
  weakestLink: number;
  /** E.g. `3rd connection pool exhaustion in 6 months (INC-1, INC-2, INC-3)`. */
  description: string;
  recommendation: string;
}

/** How the patterns were computed, echoed in JSON output so results can be reproduced. */
export interface RecurrenceMethod {
  threshold: number;
  minTextSimilarity: number;
  weights: { text: number; services: number; signatures: number };
  candidatePairs: number;
  comparedPairs: number;
}

const DISPLAY: Record<string, string> = {
  exhaust: "exhaustion",
  connect: "connection",
  oom: "OOM kills",
  diskfull: "disk full",
  ratelimit: "rate limiting",
  gcpause: "GC pauses",
  nullpointer: "null pointer",
  dnsfail: "DNS resolution failure",
  featureflag: "feature flag",
  healthcheck: "health check",
  clockskew: "clock skew",
  deadletter: "dead-letter",
  autoscale: "autoscaling",
  certificate: "certificate",
  expire: "expiry",
  ipaddress: "IP address",
  credential: "credential",
  database: "database",
  migration: "migration",
  concurrent: "concurrent runs",
  stampede: "cache stampede",
  lag: "lag",
  backlog: "backlog",
  replica: "replica",
};

const display = (term: string) =>
  term
    .split("_")
    .map((t) => DISPLAY[t] ?? t)
    .join(" ");

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${s}`;
}

/** A sparse unit vector: term ids ascending, weights alongside. */
interface Vec {
  ids: Int32Array;
  w: Float64Array;
}

function jaccard(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const sa = new Set(a);
  let inter = 0;
  for (const x of new Set(b)) if (sa.has(x)) inter++;
  return inter / (sa.size + new Set(b).size - inter);
}

function dot(a: Vec, b: Vec): number {
  let i = 0;
  let j = 0;
  let s = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i] as number;
    const y = b.ids[j] as number;
    if (x === y) s += (a.w[i++] as number) * (b.w[j++] as number);
    else if (x < y) i++;
    else j++;
  }
  return s;
}

class UnionFind {
  private readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n).map((_, i) => i);
  }
  find(x: number): number {
    let r = x;
    while (this.parent[r] !== r) r = this.parent[r] as number;
    let c = x;
    while (this.parent[c] !== r) {
      const next = this.parent[c] as number;
      this.parent[c] = r;
      c = next;
    }
    return r;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/** Terms used to find candidate pairs: each document's strongest terms that are not near-universal. */
const CANDIDATE_TERMS = 10;
/** Most candidates (by shared strong terms) compared exactly with each incident. */
const MAX_COMPARISONS = 40;

/**
 * Group incidents that look like the same failure happening again. Similarity of two incidents is
 * `wText·cos(tfidf(root cause + factors + title)) + wServices·Jaccard(services) + wSignatures·Jaccard(error
 * signatures)`; pairs at or above the threshold (and above a minimum text cosine) are linked and groups are the
 * connected components (single link, union-find). Candidate pairs come from an inverted index over each incident's
 * strongest terms (blocking); each incident is compared exactly with at most 40 earlier candidates outside its
 * current group, those sharing the most strong terms first, so the cost is about linear in the number of incidents.
 */
export function findRecurringPatterns(
  incidents: readonly RecurrenceInput[],
  options: RecurrenceOptions = {},
): { patterns: RecurringPattern[]; method: RecurrenceMethod } {
  const threshold = options.threshold ?? 0.42;
  const minText = options.minTextSimilarity ?? 0.25;
  const weights = options.weights ?? { text: 0.7, services: 0.1, signatures: 0.2 };
  const n = incidents.length;
  const vocab = new Map<string, number>();
  // Surface forms per term, to label groups with words people wrote rather than stems.
  const surfaces: Array<Map<string, number>> = [];
  const termLists = incidents.map((inc) => {
    const text = [inc.title, inc.rootCause ?? "", ...inc.factors.map((f) => f.text)].join("\n");
    const counts = new Map<number, number>();
    for (const t of tokensWithBigrams(text, inc.services)) {
      let id = vocab.get(t.term);
      if (id === undefined) {
        vocab.set(t.term, (id = vocab.size));
        surfaces.push(new Map());
      }
      counts.set(id, (counts.get(id) ?? 0) + 1);
      const sf = surfaces[id] as Map<string, number>;
      sf.set(t.surface, (sf.get(t.surface) ?? 0) + 1);
    }
    return counts;
  });
  const df = new Float64Array(vocab.size);
  for (const counts of termLists) for (const id of counts.keys()) df[id] = (df[id] ?? 0) + 1;
  const idf = (id: number) => Math.log((1 + n) / (1 + (df[id] ?? 0))) + 1;
  const vectors: Vec[] = termLists.map((counts) => {
    const ids = Int32Array.from(counts.keys()).sort();
    const w = new Float64Array(ids.length);
    let norm = 0;
    ids.forEach((id, k) => {
      const x = (1 + Math.log(counts.get(id) as number)) * idf(id);
      w[k] = x;
      norm += x * x;
    });
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < w.length; k++) w[k] = (w[k] as number) / norm;
    return { ids, w };
  });

  // Blocking: an inverted index over each incident's strongest terms. Terms in more than a tenth of the corpus (and
  // more than 50 incidents) say little about which incidents share a cause, so they do not propose pairs (they still
  // count in the cosine).
  const maxDf = Math.max(50, Math.floor(n * 0.1));
  const postings = new Map<number, number[]>();
  const topTerms: number[][] = vectors.map((v, i) => {
    const order = [...v.ids.keys()]
      .filter((k) => {
        const d = df[v.ids[k] as number] ?? 0;
        return d >= 2 && d <= maxDf;
      })
      .sort((a, b) => (v.w[b] as number) - (v.w[a] as number) || (v.ids[a] as number) - (v.ids[b] as number))
      .slice(0, CANDIDATE_TERMS)
      .map((k) => v.ids[k] as number);
    for (const id of order) {
      const list = postings.get(id) ?? [];
      list.push(i);
      postings.set(id, list);
    }
    return order;
  });

  const uf = new UnionFind(n);
  const weakest = new Map<number, number>();
  let candidatePairs = 0;
  let comparedPairs = 0;
  const shared = new Int32Array(n);
  const touched: number[] = [];
  const buckets: number[][] = Array.from({ length: CANDIDATE_TERMS + 1 }, () => []);
  for (let i = 0; i < n; i++) {
    const vi = vectors[i] as Vec;
    const inc = incidents[i] as RecurrenceInput;
    touched.length = 0;
    for (const id of topTerms[i] as number[]) {
      for (const j of postings.get(id) as number[]) {
        if (j >= i) break; // postings are in incident order; each pair is examined once, from its later member
        if ((shared[j] = (shared[j] as number) + 1) === 1) touched.push(j);
      }
    }
    candidatePairs += touched.length;
    // Candidates sharing the most strong terms first (bucket sort: the count is at most CANDIDATE_TERMS).
    for (const j of touched) (buckets[shared[j] as number] as number[]).push(j);
    let compared = 0;
    for (let b = CANDIDATE_TERMS; b >= 1 && compared < MAX_COMPARISONS; b--) {
      for (const j of buckets[b] as number[]) {
        if (compared >= MAX_COMPARISONS) break;
        // Already in one group: single link needs no more evidence.
        if (uf.find(i) === uf.find(j)) continue;
        compared++;
        const other = incidents[j] as RecurrenceInput;
        const text = dot(vi, vectors[j] as Vec);
        if (text < minText) continue;
        const sim =
          weights.text * text +
          weights.services * jaccard(inc.services, other.services) +
          weights.signatures * jaccard(inc.errorSignatures, other.errorSignatures);
        if (sim < threshold) continue;
        const ri = uf.find(i);
        const rj = uf.find(j);
        const w = Math.min(sim, weakest.get(ri) ?? 1, weakest.get(rj) ?? 1);
        uf.union(i, j);
        weakest.set(uf.find(i), w);
      }
    }
    comparedPairs += compared;
    for (const bucket of buckets) bucket.length = 0;
    for (const j of touched) shared[j] = 0;
  }

  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = uf.find(i);
    const list = groups.get(r) ?? [];
    list.push(i);
    groups.set(r, list);
  }
  const names = [...vocab.keys()];
  const surfaceOf = (id: number): string => {
    const term = names[id] as string;
    const parts = term.split("_");
    if (parts.every((p) => DISPLAY[p] !== undefined)) return parts.map((p) => DISPLAY[p]).join(" ");
    const best = [...(surfaces[id] ?? new Map<string, number>())].sort(
      (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
    )[0];
    return best
      ? best[0]
          .split(" ")
          .map((w, i) => DISPLAY[parts[i] ?? ""] ?? w)
          .join(" ")
      : display(term);
  };
  const patterns: RecurringPattern[] = [];
  for (const [root, members] of groups) {
    if (members.length < 2) continue;
    const ordered = [...members].sort((a, b) => {
      const ta = incidents[a]?.impactStart ?? Number.POSITIVE_INFINITY;
      const tb = incidents[b]?.impactStart ?? Number.POSITIVE_INFINITY;
      return ta - tb || (incidents[a]?.id ?? "").localeCompare(incidents[b]?.id ?? "");
    });
    // Shared terms: present in at least half of the members, ranked by summed weight.
    const weight = new Float64Array(vocab.size);
    const presence = new Int32Array(vocab.size);
    const seenTerms: number[] = [];
    for (const m of members) {
      const v = vectors[m] as Vec;
      for (let k = 0; k < v.ids.length; k++) {
        const id = v.ids[k] as number;
        if (presence[id] === 0) seenTerms.push(id);
        weight[id] = (weight[id] as number) + (v.w[k] as number);
        presence[id] = (presence[id] as number) + 1;
      }
    }
    const sharedIds = seenTerms
      .filter((id) => (presence[id] as number) * 2 >= members.length)
      .sort((a, b) => (weight[b] as number) - (weight[a] as number) || a - b)
      .slice(0, 40);
    const shared = sharedIds.map(surfaceOf);
    // Label: the strongest shared terms, a bigram counting as two words, without repeating a word, at most 3 words.
    const words: string[] = [];
    const covered = new Set<string>();
    for (const id of sharedIds) {
      const parts = (names[id] as string).split("_");
      if (parts.every((p) => covered.has(p))) continue;
      const surface = surfaceOf(id).split(" ");
      if (words.length + surface.length > 3) continue;
      if (surface.some((w) => words.some((x) => x.toLowerCase() === w.toLowerCase()))) continue;
      words.push(...surface);
      for (const p of parts) covered.add(p);
      if (words.length >= 3) break;
    }
    const label = words.length > 0 ? words.join(" ") : "similar incidents";
    const members2 = ordered.map((i) => incidents[i] as RecurrenceInput);
    const times = members2.map((m) => m.impactStart).filter((t): t is number => t !== null);
    const first = times.length > 0 ? Math.min(...times) : null;
    const last = times.length > 0 ? Math.max(...times) : null;
    const spanMonths =
      first !== null && last !== null ? Math.max(1, Math.ceil((last - first) / (30.44 * 86_400_000))) : 1;
    const ids = members2.map((m) => m.id);
    const services = [...new Set(members2.flatMap((m) => m.services))].sort();
    const sigCount = new Map<string, number>();
    for (const m of members2) for (const s of new Set(m.errorSignatures)) sigCount.set(s, (sigCount.get(s) ?? 0) + 1);
    const signatures = [...sigCount]
      .filter(([, c]) => c >= 2)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([s]) => s);
    patterns.push({
      label,
      terms: shared.slice(0, 8),
      incidents: members2.map((m) => ({
        id: m.id,
        dir: m.dir,
        title: m.title,
        impactStart: m.impactStart === null ? null : new Date(m.impactStart).toISOString(),
      })),
      services,
      signatures,
      firstAt: first === null ? null : new Date(first).toISOString(),
      lastAt: last === null ? null : new Date(last).toISOString(),
      spanMonths,
      weakestLink: Math.round((weakest.get(root) ?? 1) * 1000) / 1000,
      description: `${ordinal(members.length)} ${label} in ${spanMonths} month${spanMonths === 1 ? "" : "s"} (${ids.join(", ")})`,
      recommendation:
        members.length >= 3
          ? `Schedule a deeper review across ${ids.length} incidents: the fixes from earlier post-mortems did not prevent a recurrence; look for the shared systemic factor (${services.join(", ")}).`
          : `Check whether the action items of ${ids[0]} addressed this cause; a second occurrence suggests they did not.`,
    });
  }
  patterns.sort(
    (a, b) =>
      b.incidents.length - a.incidents.length ||
      (b.lastAt ?? "").localeCompare(a.lastAt ?? "") ||
      a.label.localeCompare(b.label),
  );
  return {
    patterns,
    method: { threshold, minTextSimilarity: minText, weights, candidatePairs, comparedPairs },
  };
}
