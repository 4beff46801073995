/**
 * Scores the blameless and vague-action-item checks on the blind labelled corpus in bench/corpora/blameless/
 * (written by another helper; layout in its README). The `dev` half is scored in full (per category, with every
 * error listed); the `sealed` half is read programmatically and only aggregate figures leave this module: its
 * sentences, items and errors are never printed or written.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BlameDetector, type BlameOptions, classifyActionItem } from "../src/lint/index.js";

/** Precision / recall of one binary task. */
export interface Scores {
  n: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  f1: number;
}

interface SentenceRow {
  id: string;
  text: string;
  label: "blame" | "blameless";
  category: string;
  context?: string;
  /** The batch a row was added in (rows of the first build have none). */
  batch?: string;
}
interface ItemRow {
  id: string;
  text: string;
  label: "vague" | "specific";
  owner?: string | null;
  due?: string | null;
  batch?: string;
}

/** What a half scores; `errors` and `byCategory` only for the dev half. */
export interface HalfScores {
  sentences: number;
  actionItems: number;
  people: number;
  blame: Scores;
  /** Blame with no people list given (names guessed by the lexicon's rule or the oracle). */
  blameWithoutPeople: Scores;
  vague: Scores;
  byCategory?: Record<string, { label: string; n: number; flagged: number; rate: number }>;
  errors?: string[];
  /**
   * The same scores per batch the rows were added in ("first build" for rows without one): aggregates, printed for
   * both halves, so a new batch's first score can be told from the rows the rules have long been measured on.
   */
  byBatch: Record<string, { blame: Scores; vague: Scores }>;
}

/** Batch key of a row. */
const batchOf = (row: { batch?: string }): string => row.batch ?? "first build";

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Confusion counts and rates of (gold, predicted) pairs. */
export function score(pairs: readonly { gold: boolean; pred: boolean }[]): Scores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const { gold, pred } of pairs) {
    if (gold && pred) tp++;
    else if (pred) fp++;
    else if (gold) fn++;
    else tn++;
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { n: pairs.length, tp, fp, fn, tn, precision: r3(precision), recall: r3(recall), f1: r3(f1) };
}

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim().length > 0)
    .map((l, i) => {
      try {
        return JSON.parse(l) as T;
      } catch {
        throw new Error(`${file}:${i + 1}: not JSON`);
      }
    });
}

function peopleOf(dir: string): string[] {
  const file = join(dir, "people.json");
  if (!existsSync(file)) return [];
  const raw = JSON.parse(readFileSync(file, "utf8")) as { people?: string[] } | string[];
  return Array.isArray(raw) ? raw : (raw.people ?? []);
}

/**
 * Score one half. `detail` adds per-category rates and the list of errors, which is allowed for `dev` only.
 * @param extra detector options beyond the half's people list (e.g. a name oracle under test)
 */
export function scoreHalf(dir: string, detail: boolean, extra: BlameOptions = {}): HalfScores {
  const sentences = readJsonl<SentenceRow>(join(dir, "sentences.jsonl"));
  const items = readJsonl<ItemRow>(join(dir, "action-items.jsonl"));
  const people = peopleOf(dir);
  const withPeople = new BlameDetector({ ...extra, people, peopleComplete: true });
  const withoutPeople = new BlameDetector(extra);
  const preds = sentences.map((row) => ({ row, hits: withPeople.detect(row.text) }));
  const blame = score(preds.map((p) => ({ gold: p.row.label === "blame", pred: p.hits.length > 0 })));
  const blameWithoutPeople = score(
    sentences.map((row) => ({ gold: row.label === "blame", pred: withoutPeople.detect(row.text).length > 0 })),
  );
  const itemPreds = items.map((row) => ({ row, verdict: classifyActionItem(row.text) }));
  const vague = score(itemPreds.map((p) => ({ gold: p.row.label === "vague", pred: p.verdict.vague })));
  const byBatch: HalfScores["byBatch"] = {};
  const batches = new Set([...sentences.map(batchOf), ...items.map(batchOf)]);
  for (const b of [...batches].sort()) {
    byBatch[b] = {
      blame: score(
        preds
          .filter((p) => batchOf(p.row) === b)
          .map((p) => ({ gold: p.row.label === "blame", pred: p.hits.length > 0 })),
      ),
      vague: score(
        itemPreds
          .filter((p) => batchOf(p.row) === b)
          .map((p) => ({ gold: p.row.label === "vague", pred: p.verdict.vague })),
      ),
    };
  }
  const out: HalfScores = {
    sentences: sentences.length,
    actionItems: items.length,
    people: people.length,
    blame,
    blameWithoutPeople,
    vague,
    byBatch,
  };
  if (detail) {
    const byCategory: NonNullable<HalfScores["byCategory"]> = {};
    const errors: string[] = [];
    for (const p of preds) {
      const key = `${p.row.label}:${p.row.category}`;
      const c = (byCategory[key] ??= { label: p.row.label, n: 0, flagged: 0, rate: 0 });
      c.n++;
      const pred = p.hits.length > 0;
      if (pred) c.flagged++;
      if (pred !== (p.row.label === "blame")) {
        errors.push(
          `${pred ? "FP" : "FN"} [${p.row.category}] ${p.row.text}${pred ? ` -> ${p.hits.map((h) => `${h.category}: "${h.phrase}"`).join(", ")}` : ""}`,
        );
      }
    }
    for (const c of Object.values(byCategory)) c.rate = r3(c.flagged / c.n);
    for (const p of itemPreds) {
      if (p.verdict.vague !== (p.row.label === "vague")) {
        errors.push(
          `${p.verdict.vague ? "FP" : "FN"} [action item] ${p.row.text}${p.verdict.vague ? ` -> ${p.verdict.reason}` : ""}`,
        );
      }
    }
    out.byCategory = byCategory;
    out.errors = errors;
  }
  return out;
}

/** Both halves, when the corpus is there: dev in full, sealed as aggregates only. */
export function scoreBlamelessCorpus(
  root: string,
  extra: BlameOptions = {},
): { dev?: HalfScores; sealed?: HalfScores } {
  const out: { dev?: HalfScores; sealed?: HalfScores } = {};
  const dev = join(root, "dev");
  const sealed = join(root, "sealed");
  if (existsSync(join(dev, "sentences.jsonl"))) out.dev = scoreHalf(dev, true, extra);
  if (existsSync(join(sealed, "sentences.jsonl"))) out.sealed = scoreHalf(sealed, false, extra);
  return out;
}
