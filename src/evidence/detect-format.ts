import type { DetectSample, EvidenceFormat } from "./evidence-format.js";
import { FORMATS } from "./formats/index.js";

/** Below this score no format is trusted and the file is reported as `unknown`. */
export const MIN_DETECT_SCORE = 0.3;

/** How much text detection looks at. */
export const DETECT_SAMPLE_BYTES = 64 * 1024;

/** The winner of detection and its score, or `undefined` when nothing is confident enough. */
export interface Detection {
  format: EvidenceFormat;
  score: number;
}

/**
 * Pick the format of a file from its first ~64 KiB: every registered format scores the sample, the highest score
 * wins, ties go to the one registered first. A detector that throws is treated as a 0 (one buggy format must not
 * make every file unreadable).
 */
export function detectFormat(
  sample: DetectSample,
  formats: readonly EvidenceFormat[] = FORMATS,
): Detection | undefined {
  let best: Detection | undefined;
  for (const format of formats) {
    let score = 0;
    try {
      score = format.detect(sample);
    } catch {
      score = 0;
    }
    if (!Number.isFinite(score)) continue;
    if (score >= MIN_DETECT_SCORE && (best === undefined || score > best.score)) best = { format, score };
  }
  return best;
}

/** Build a detection sample from decoded text. The last line is dropped when the text was cut mid-line. */
export function makeSample(name: string, text: string, bytes: number, complete: boolean): DetectSample {
  const lines = text.split(/\r?\n/);
  if (!complete && lines.length > 1) lines.pop();
  if (complete && lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return { name, lines, text, bytes };
}
