import { DebriefError } from "../model/debrief-error.js";

/** Replace `[start, end)` of a text with `text`. Offsets are UTF-16 indices into the original. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * Apply non-overlapping edits to a text; every byte outside the edited ranges is kept. Overlaps are a programming
 * error (two edits fighting over the same bytes) and throw rather than guess which one wins.
 */
export function applyEdits(source: string, edits: readonly TextEdit[]): string {
  if (edits.length === 0) return source;
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = "";
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.start < cursor || edit.end < edit.start || edit.end > source.length) {
      throw new DebriefError("INTERNAL", `overlapping or out-of-range edit [${edit.start}, ${edit.end})`);
    }
    out += source.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return out + source.slice(cursor);
}
