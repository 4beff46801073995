/**
 * Log parsing accuracy metrics as defined by Loghub-2.0 (Jiang et al., ISSTA 2024): grouping accuracy (GA), parsing
 * accuracy (PA), F1 of grouping accuracy (FGA) and F1 of template accuracy (FTA).
 */

/** Scores of one parsed dataset against its ground truth. */
export interface ParsingScores {
  /** Number of lines scored. */
  lines: number;
  /** GA: fraction of lines whose predicted group (set of lines) equals their true group exactly. */
  groupAccuracy: number;
  /** PA: fraction of lines whose predicted template equals the true template (see {@link normalizeTemplateText}). */
  parsingAccuracy: number;
  /** FGA: F1 of group precision (correct / predicted groups) and group recall (correct / true groups). */
  fga: number;
  /** FTA: like FGA, but a group is correct only if its template text also equals the true template. */
  fta: number;
  /** Number of distinct predicted groups. */
  predictedGroups: number;
  /** Number of distinct true groups. */
  truthGroups: number;
}

/**
 * The only normalisation applied before comparing template strings: trim and turn every whitespace run into one
 * space. Loghub-2.0's evaluator compares the strings as they are; its corrected ground truth already has single
 * spaces (guideline rule DS), so this only matters for the uncorrected Android ground truth, which keeps the double
 * spaces of its raw messages.
 */
export function normalizeTemplateText(template: string): string {
  return template.trim().replace(/\s+/g, " ");
}

function f1(p: number, r: number): number {
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

/**
 * Score predicted groups and templates against the truth. All four arrays are per line, in the same order.
 * @param truthGroups true group id of each line (Loghub `EventId`)
 * @param truthTemplates true template of each line (Loghub `EventTemplate`)
 * @param predictedGroups predicted group id of each line
 * @param predictedTemplates predicted template of each line
 */
export function scoreParsing(
  truthGroups: readonly string[],
  truthTemplates: readonly string[],
  predictedGroups: readonly (string | number)[],
  predictedTemplates: readonly string[],
): ParsingScores {
  const n = truthGroups.length;
  if (truthTemplates.length !== n || predictedGroups.length !== n || predictedTemplates.length !== n) {
    throw new RangeError(
      `scoreParsing: arrays differ in length (${n}, ${truthTemplates.length}, ${predictedGroups.length}, ${predictedTemplates.length})`,
    );
  }
  const truthSize = new Map<string, number>();
  for (const g of truthGroups) truthSize.set(g, (truthSize.get(g) ?? 0) + 1);
  const predictedLines = new Map<string | number, number[]>();
  for (let i = 0; i < n; i++) {
    const g = predictedGroups[i] as string | number;
    let lines = predictedLines.get(g);
    if (lines === undefined) {
      lines = [];
      predictedLines.set(g, lines);
    }
    lines.push(i);
  }
  let groupedLines = 0;
  let correctGroups = 0;
  let correctTemplates = 0;
  for (const lines of predictedLines.values()) {
    const first = lines[0] as number;
    const truth = truthGroups[first] as string;
    if (truthSize.get(truth) !== lines.length) continue;
    if (!lines.every((i) => truthGroups[i] === truth)) continue;
    groupedLines += lines.length;
    correctGroups++;
    if (
      normalizeTemplateText(predictedTemplates[first] as string) ===
      normalizeTemplateText(truthTemplates[first] as string)
    ) {
      correctTemplates++;
    }
  }
  let parsedLines = 0;
  for (let i = 0; i < n; i++) {
    if (normalizeTemplateText(predictedTemplates[i] as string) === normalizeTemplateText(truthTemplates[i] as string)) {
      parsedLines++;
    }
  }
  const predicted = predictedLines.size;
  const truth = truthSize.size;
  return {
    lines: n,
    groupAccuracy: n === 0 ? 0 : groupedLines / n,
    parsingAccuracy: n === 0 ? 0 : parsedLines / n,
    fga: f1(predicted === 0 ? 0 : correctGroups / predicted, truth === 0 ? 0 : correctGroups / truth),
    fta: f1(predicted === 0 ? 0 : correctTemplates / predicted, truth === 0 ? 0 : correctTemplates / truth),
    predictedGroups: predicted,
    truthGroups: truth,
  };
}
