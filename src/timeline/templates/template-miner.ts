import * as nodeCrypto from "node:crypto";
import { DebriefError } from "../../model/debrief-error.js";
import { collapseWildcards, maskMessage } from "./mask.js";
import { compatibleWords, generalizeWord, isStrongDelimiter, isUpperConstant } from "./template-words.js";

export { compatibleWords, generalizeWord } from "./template-words.js";

/*
 * The placeholder, as a module-local constant: it is compared in the hottest loops, and a local constant stays a
 * plain value even when a loader turns imported bindings into getters (tsx does).
 */
const WILDCARD = "<*>";

/** Tuning knobs of {@link TemplateMiner}. One configuration serves every log source; the defaults are the tested ones. */
export interface TemplateMinerOptions {
  /**
   * Fraction (0..1] of a message's words that must equal a cluster's constant words for the message to join it
   * (Drain's similarity threshold; wildcard positions count as neither equal nor different).
   */
  similarityThreshold: number;
  /**
   * Never generalise two different ALL-CAPS words (`LEADING` / `FOLLOWING`, `RUNNING` / `SUCCEEDED`) into a variable:
   * such words are enum states whose difference is the point of the message.
   */
  keepUppercaseConstants: boolean;
  /** How many distinct raw messages to remember for the exact-repeat fast path (0 turns the cache off). */
  cacheSize: number;
  /**
   * A generalised position with at most this many distinct values, each seen at least {@link minEnumCount} times,
   * is an enum (`stored as bytes` / `stored as values`): its values stay in the templates, one template each.
   * Below 2 turns the split off.
   */
  maxEnumValues: number;
  /** See {@link maxEnumValues}. */
  minEnumCount: number;
}

/** The defaults used by `debrief templates`, the timeline and the benchmark. */
export const DEFAULT_TEMPLATE_MINER_OPTIONS: Readonly<TemplateMinerOptions> = Object.freeze({
  similarityThreshold: 0.6,
  keepUppercaseConstants: true,
  cacheSize: 100_000,
  maxEnumValues: 4,
  minEnumCount: 2,
});

/** One mined template: all clusters whose final template text is the same are reported as one. */
export interface MinedTemplate {
  /** Stable id: first 8 hex digits of the SHA-1 of {@link MinedTemplate.template}. */
  templateId: string;
  /** The template, words separated by single spaces, variables written `<*>`. */
  template: string;
  /** Number of messages it covers. */
  count: number;
  /** Internal cluster ids folded into this template (what {@link TemplateMiner.add} returned for its messages). */
  clusterIds: number[];
}

/** Result of {@link mineTemplates}. */
export interface MiningResult {
  /** For each input message, in order, the index into `templates` of its template. */
  assignments: number[];
  /** The templates, in order of first appearance. */
  templates: MinedTemplate[];
}

interface Cluster {
  id: number;
  /** The template, one entry per word; mutated as messages generalise it. */
  words: string[];
  count: number;
  /** Positions that turned variable, with their value counts (for the enum split). Sorted by position. */
  tracked: Tracked[];
  /** Counts of value combinations over the live tracked positions; `null` when there were too many. */
  combos: Map<string, number> | null;
}

/** Stable short id of a template text: first 8 hex digits of its SHA-1. */
export function templateIdOf(template: string): string {
  // one-shot `crypto.hash` (Node >= 20.12) is about three times faster than a Hash object; older Node 20 lacks it
  const digest =
    typeof nodeCrypto.hash === "function"
      ? nodeCrypto.hash("sha1", template)
      : nodeCrypto.createHash("sha1").update(template).digest("hex");
  return digest.slice(0, 8);
}

/**
 * An online log template miner in the style of Drain (He et al., ICWS 2017), written for Debrief: messages are
 * masked ({@link maskMessage}), routed by word count and first word, and join the most similar cluster of their
 * route when similarity reaches the threshold; differing words then become `<*>` (only the differing chunks of a
 * word when the punctuation agrees). Clusters that end up with the same template text are reported as one template.
 *
 * Deterministic: the same messages in the same order always give the same clusters and templates.
 */
export class TemplateMiner {
  /** The options in effect. */
  readonly options: Readonly<TemplateMinerOptions>;
  private readonly clustersById: Cluster[] = [];
  /** Drain's prefix tree, two levels deep: word count, then first word (`<*>` when it holds a variable). */
  private readonly routes = new Map<number, Map<string, Cluster[]>>();
  /** Exact-repeat fast path: message → cluster id, with the masked words when the cluster tracks values. */
  private readonly cache = new Map<string, number | CacheEntry>();
  private folded: Folded | undefined;

  /**
   * @param options overrides of {@link DEFAULT_TEMPLATE_MINER_OPTIONS}
   * @throws DebriefError `USAGE` when an option is out of range
   */
  constructor(options: Partial<TemplateMinerOptions> = {}) {
    const merged: TemplateMinerOptions = { ...DEFAULT_TEMPLATE_MINER_OPTIONS, ...options };
    const st = merged.similarityThreshold;
    if (!(st > 0 && st <= 1)) {
      throw new DebriefError("USAGE", `similarityThreshold must be in (0, 1], got ${String(st)}`);
    }
    for (const k of ["cacheSize", "maxEnumValues", "minEnumCount"] as const) {
      const v = merged[k];
      if (!Number.isInteger(v) || v < 0) {
        throw new DebriefError("USAGE", `${k} must be a non-negative whole number, got ${String(v)}`);
      }
    }
    this.options = Object.freeze(merged);
  }

  /** Number of clusters so far (before folding clusters with identical templates). */
  get clusterCount(): number {
    return this.clustersById.length;
  }

  /**
   * Mine one message and return the id of the cluster it joined (or created). The cluster's template may still
   * become more general as later messages arrive; read the final one with {@link templateFor} (per message) or
   * {@link templateOf} (per cluster) once all messages are in.
   */
  add(message: string): number {
    this.folded = undefined;
    const cached = this.cache.get(message);
    if (cached !== undefined) {
      const id = typeof cached === "number" ? cached : cached.clusterId;
      const c = this.clustersById[id] as Cluster;
      c.count++;
      if (c.tracked.length > 0) {
        let words: string[];
        if (typeof cached === "number") {
          // the cluster started tracking values after this message was cached: mask once more and keep the words
          words = maskMessage(message);
          this.cache.set(message, { clusterId: id, words });
        } else {
          words = cached.words;
        }
        this.observe(c, words);
      }
      return id;
    }
    const words = maskMessage(message);
    const first = words[0] ?? "";
    let byFirst = this.routes.get(words.length);
    if (byFirst === undefined) {
      byFirst = new Map();
      this.routes.set(words.length, byFirst);
    }
    const key = first.includes(WILDCARD) ? WILDCARD : first;
    let route = byFirst.get(key);
    if (route === undefined) {
      route = [];
      byFirst.set(key, route);
    }
    const best = this.bestMatch(route, words);
    let cluster: Cluster;
    if (best === undefined) {
      cluster = { id: this.clustersById.length, words: words.slice(), count: 1, tracked: [], combos: new Map() };
      this.clustersById.push(cluster);
      route.push(cluster);
    } else {
      cluster = best;
      const t = cluster.words;
      for (let i = 0; i < t.length; i++) {
        const a = t[i] as string;
        const b = words[i] as string;
        if (a !== b) {
          if (!cluster.tracked.some((x) => x.pos === i)) this.startTracking(cluster, i, a);
          t[i] = generalizeWord(a, b);
        }
      }
      cluster.count++;
      if (cluster.tracked.length > 0) this.observe(cluster, words);
    }
    if (this.options.cacheSize > 0) {
      if (this.cache.size >= this.options.cacheSize) this.cache.clear();
      // keeping the masked words costs memory (and garbage-collector work), so only clusters that need them get them
      this.cache.set(message, cluster.tracked.length > 0 ? { clusterId: cluster.id, words } : cluster.id);
    }
    return cluster.id;
  }

  /** Start counting the values of a position that just turned variable; until now it always held `constant`. */
  private startTracking(cluster: Cluster, pos: number, constant: string): void {
    if (this.options.maxEnumValues < 2) return;
    let at = 0;
    while (at < cluster.tracked.length && (cluster.tracked[at] as Tracked).pos < pos) at++;
    const live = cluster.tracked.filter((x) => x.values !== null);
    const liveAt = live.filter((x) => x.pos < pos).length;
    cluster.tracked.splice(at, 0, { pos, values: new Map([[constant, cluster.count]]) });
    if (cluster.combos === null) return;
    if (live.length === 0) {
      cluster.combos = new Map([[constant, cluster.count]]);
      return;
    }
    const next = new Map<string, number>();
    for (const [k, n] of cluster.combos) {
      const parts = k.split(SEP);
      parts.splice(liveAt, 0, constant);
      next.set(parts.join(SEP), n);
    }
    cluster.combos = next;
  }

  /** Count one message's values at the tracked positions of its cluster. */
  private observe(cluster: Cluster, words: string[]): void {
    let liveBefore: number[] | undefined;
    for (let k = 0; k < cluster.tracked.length; k++) {
      const t = cluster.tracked[k] as Tracked;
      if (t.values === null) continue;
      const w = words[t.pos] as string;
      t.values.set(w, (t.values.get(w) ?? 0) + 1);
      if (t.values.size > this.options.maxEnumValues) {
        liveBefore ??= cluster.tracked.flatMap((x, j) => (x.values !== null || j === k ? [j] : []));
        t.values = null;
      }
    }
    if (cluster.combos === null) return;
    if (liveBefore !== undefined) {
      // drop the positions that just overflowed from the keys: their values no longer matter
      const keep = liveBefore.flatMap((j, idx) => ((cluster.tracked[j] as Tracked).values !== null ? [idx] : []));
      const next = new Map<string, number>();
      for (const [key, n] of cluster.combos) {
        const parts = key.split(SEP);
        const projected = keep.map((i) => parts[i] as string).join(SEP);
        next.set(projected, (next.get(projected) ?? 0) + n);
      }
      cluster.combos = next;
    }
    let key = "";
    let firstKey = true;
    for (const t of cluster.tracked) {
      if (t.values === null) continue;
      const w = words[t.pos] as string;
      key = firstKey ? w : `${key}${SEP}${w}`;
      firstKey = false;
    }
    cluster.combos.set(key, (cluster.combos.get(key) ?? 0) + 1);
    if (cluster.combos.size > MAX_COMBOS) cluster.combos = null;
  }

  private bestMatch(route: Cluster[], words: string[]): Cluster | undefined {
    const n = words.length;
    let best: Cluster | undefined;
    let bestSim = -1;
    let bestParams = -1;
    const keepUpper = this.options.keepUppercaseConstants;
    // a cluster whose remaining words cannot lift it to the threshold is skipped early: it could never be chosen
    const needed = this.options.similarityThreshold * n;
    outer: for (const cluster of route) {
      const t = cluster.words;
      let same = 0;
      let params = 0;
      for (let i = 0; i < n; i++) {
        const a = t[i] as string;
        const b = words[i] as string;
        if (a === WILDCARD) {
          params++;
          // a variable the masker already found in the message agrees with the template's variable; a constant
          // under a template variable counts as neither (as in Drain)
          if (b === WILDCARD) same++;
          else if (same + (n - i - 1) < needed) continue outer;
          continue;
        }
        if (a === b) same++;
        else if (same + (n - i - 1) < needed || !compatibleWords(a, b)) continue outer;
        else if (keepUpper && isUpperConstant(a) && isUpperConstant(b)) continue outer;
      }
      const sim = n === 0 ? 1 : same / n;
      if (sim > bestSim || (sim === bestSim && params > bestParams)) {
        best = cluster;
        bestSim = sim;
        bestParams = params;
      }
    }
    return best !== undefined && (n === 0 || bestSim >= this.options.similarityThreshold) ? best : undefined;
  }

  private cluster(clusterId: number): Cluster {
    const c = this.clustersById[clusterId];
    if (c === undefined) throw new DebriefError("INTERNAL", `unknown template cluster id ${clusterId}`);
    return c;
  }

  /**
   * The cluster's template text. When the cluster was split on enum-like positions (see
   * {@link TemplateMinerOptions.maxEnumValues}) this is the general form; {@link templateFor} gives each message's.
   * @throws DebriefError `INTERNAL` for an id this miner never returned
   */
  templateOf(clusterId: number): string {
    return collapseWildcards(this.cluster(clusterId).words.join(" "));
  }

  /** Stable short id of {@link templateOf}. */
  templateId(clusterId: number): string {
    return templateIdOf(this.templateOf(clusterId));
  }

  /**
   * The final template of one message that {@link add} put in `clusterId`: the cluster's template with the
   * message's own words at the cluster's enum-like positions.
   */
  templateFor(clusterId: number, message: string): string {
    const folded = this.fold();
    const enums = folded.enumPositions[clusterId];
    if (enums === undefined || enums.length === 0) return folded.clusterText[clusterId] as string;
    const cached = this.cache.get(message);
    const words = cached !== undefined && typeof cached !== "number" ? cached.words : maskMessage(message);
    return enumText(this.cluster(clusterId).words, enums, words);
  }

  /**
   * The templates mined so far, clusters with identical template text folded together, in order of first
   * appearance. Recomputed only after new messages arrive.
   */
  clusters(): MinedTemplate[] {
    return this.fold().templates;
  }

  /** Was the cluster split on enum-like values (so its messages do not all share {@link templateOf})? */
  isSplit(clusterId: number): boolean {
    return (this.fold().enumPositions[clusterId]?.length ?? 0) > 0;
  }

  /** Index of a template text in {@link clusters}, or -1. */
  indexOfTemplate(text: string): number {
    return this.fold().byText.get(text) ?? -1;
  }

  private fold(): Folded {
    if (this.folded !== undefined) return this.folded;
    const templates: MinedTemplate[] = [];
    const byText = new Map<string, number>();
    const enumPositions: number[][] = [];
    const clusterText: string[] = [];
    const addText = (text: string, count: number, clusterId: number) => {
      let idx = byText.get(text);
      if (idx === undefined) {
        idx = templates.length;
        byText.set(text, idx);
        templates.push({ templateId: templateIdOf(text), template: text, count: 0, clusterIds: [] });
      }
      const m = templates[idx] as MinedTemplate;
      m.count += count;
      if (!m.clusterIds.includes(clusterId)) m.clusterIds.push(clusterId);
    };
    for (const c of this.clustersById) {
      const text = collapseWildcards(c.words.join(" "));
      clusterText[c.id] = text;
      const enums = this.enumPositionsOf(c);
      enumPositions[c.id] = enums;
      if (enums.length === 0 || c.combos === null) {
        enumPositions[c.id] = [];
        addText(text, c.count, c.id);
        continue;
      }
      const live = c.tracked.filter((t) => t.values !== null).map((t) => t.pos);
      const pick = enums.map((p) => live.indexOf(p));
      for (const [k, n] of c.combos) {
        const parts = k.split(SEP);
        const words = c.words.slice();
        pick.forEach((li, j) => {
          words[enums[j] as number] = parts[li] as string;
        });
        addText(collapseWildcards(words.join(" ")), n, c.id);
      }
    }
    this.folded = { templates, byText, enumPositions, clusterText };
    return this.folded;
  }

  /**
   * Positions whose few values each recur: enum-like words (`bytes` / `values`, `SCREEN_ON` / `SCREEN_OFF`) that a
   * similarity-based merge generalised but that name different events.
   */
  private enumPositionsOf(c: Cluster): number[] {
    const { maxEnumValues, minEnumCount } = this.options;
    if (maxEnumValues < 2 || c.combos === null) return [];
    const out: number[] = [];
    for (const t of c.tracked) {
      if (t.values === null || t.values.size < 2 || t.values.size > maxEnumValues) continue;
      let ok = true;
      const afterNumber = (c.words[t.pos - 1] ?? "").endsWith(WILDCARD);
      for (const [v, n] of t.values) {
        if (n < minEnumCount || v.includes(WILDCARD) || (afterNumber && isUnit(v))) {
          ok = false;
          break;
        }
      }
      if (ok) out.push(t.pos);
    }
    return out;
  }
}

const SEP = "\u0001";

/** Units of measure: a varying unit (`1.2 KB` / `300 B`) belongs to its number, it does not name another event. */
const UNITS = new Set(
  "b kb mb gb tb pb kib mib gib tib bytes ns us µs ms s sec secs seconds m min mins minutes h hr hrs hours d days %".split(
    " ",
  ),
);

function isUnit(v: string): boolean {
  let end = v.length;
  while (end > 0 && isStrongDelimiter(v.charCodeAt(end - 1))) end--;
  return UNITS.has(v.slice(0, end).toLowerCase());
}
/** Clusters whose enum-candidate value combinations exceed this are never split (their values are not enums). */
const MAX_COMBOS = 64;

interface Tracked {
  pos: number;
  /** Counts per value; `null` once there are more distinct values than an enum may have. */
  values: Map<string, number> | null;
}

interface CacheEntry {
  clusterId: number;
  words: string[];
}

interface Folded {
  templates: MinedTemplate[];
  byText: Map<string, number>;
  enumPositions: number[][];
  clusterText: string[];
}

function enumText(template: string[], enums: number[], words: string[]): string {
  const out = template.slice();
  for (const p of enums) out[p] = words[p] as string;
  return collapseWildcards(out.join(" "));
}

/**
 * Mine a batch of messages with one fresh {@link TemplateMiner}.
 * @returns each message's template index and the templates (see {@link MiningResult})
 */
export function mineTemplates(messages: Iterable<string>, options: Partial<TemplateMinerOptions> = {}): MiningResult {
  const miner = new TemplateMiner(options);
  const all: string[] = [];
  const clusterOf: number[] = [];
  for (const m of messages) {
    all.push(m);
    clusterOf.push(miner.add(m));
  }
  const templates = miner.clusters();
  const assignments = new Array<number>(all.length);
  const direct: number[] = [];
  for (let i = 0; i < all.length; i++) {
    const c = clusterOf[i] as number;
    let idx = direct[c];
    if (idx === undefined) {
      // clusters not split on enum values map to one template; only split ones look at the message
      idx = miner.isSplit(c) ? -1 : miner.indexOfTemplate(miner.templateOf(c));
      direct[c] = idx;
    }
    assignments[i] = idx >= 0 ? idx : miner.indexOfTemplate(miner.templateFor(c, all[i] as string));
  }
  return { assignments, templates };
}
