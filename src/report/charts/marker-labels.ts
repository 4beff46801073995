/**
 * Placement of milestone labels above a time chart so that none overlaps another, however close the milestones
 * are ("Detected", "Paged" and "Acknowledged" a minute apart). Labels sit in stacked rows above the plot; each
 * milestone's line rises as a leader to its own label, and no leader passes through another label.
 */

/** Estimated advance of one character, in em, for the bold 10 px label font. Generous on purpose: the widest
 * system sans-serif fonts (DejaVu Sans Bold, the Debian default) average about 0.68 em on words like these. */
const EM_PER_CHAR = 0.72;

/** Estimated width in px of `text` set at `fontSize` px in a bold sans-serif font. */
export function estimateTextWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) em += /[iIl.,:;'|!]/.test(ch) ? 0.38 : /[mwMW]/.test(ch) ? 1 : EM_PER_CHAR;
  return em * fontSize;
}

/** A milestone to label: its text and the x of its line. */
export interface MarkerToPlace {
  label: string;
  x: number;
}

/** Where a label went. */
export interface PlacedLabel {
  label: string;
  /** The milestone line's x. */
  x: number;
  /** 0 = the row just above the plot; higher rows stack upwards. */
  row: number;
  /** The text's anchor x and SVG `text-anchor`: labels run right of their line, or left of it near the edge. */
  textX: number;
  anchor: "start" | "end";
  /** Horizontal extent of the text. */
  left: number;
  right: number;
}

/** Options of {@link placeMarkerLabels}. */
export interface PlaceOptions {
  fontSize: number;
  /** The labels must stay within [minX, maxX]. */
  minX: number;
  maxX: number;
  /** Space kept between two labels in one row, in px. */
  gap?: number;
}

const PAD = 3;

/**
 * Give each marker a row and a side. Markers are placed from right to left; each takes the lowest row where its
 * text overlaps no placed text, its leader (from the plot up to its row) crosses no placed text below it, and no
 * placed leader crosses its text. Rows are unbounded, so the result never overlaps; the chart grows to fit them.
 */
export function placeMarkerLabels(markers: MarkerToPlace[], options: PlaceOptions): PlacedLabel[] {
  const gap = options.gap ?? 6;
  const order = markers.map((m, i) => ({ ...m, i })).sort((a, b) => b.x - a.x || b.i - a.i);
  const placed: Array<PlacedLabel & { i: number }> = [];
  const within = (x: number, l: number, r: number) => x >= l - 1 && x <= r + 1;
  for (const m of order) {
    const w = estimateTextWidth(m.label, options.fontSize);
    const sides: Array<Pick<PlacedLabel, "textX" | "anchor" | "left" | "right">> = [];
    const start = { textX: m.x + PAD, anchor: "start" as const, left: m.x + PAD, right: m.x + PAD + w };
    const end = { textX: m.x - PAD, anchor: "end" as const, left: m.x - PAD - w, right: m.x - PAD };
    if (start.right <= options.maxX) sides.push(start);
    if (end.left >= options.minX) sides.push(end);
    // a label wider than the room on both sides: put it against the edge nearer its line
    if (sides.length === 0) sides.push(m.x - options.minX > options.maxX - m.x ? end : start);
    const textFree = (s: (typeof sides)[number], row: number) =>
      placed.every((p) => p.row !== row || s.left >= p.right + gap || p.left >= s.right + gap);
    const leadersFree = (s: (typeof sides)[number], row: number) =>
      placed.every(
        (p) =>
          // this label's leader rises through the rows below it; a placed leader rises through the rows below its own
          !(p.row < row && within(m.x, p.left, p.right)) && !(p.row > row && within(p.x, s.left, s.right)),
      );
    // rows above every placed label are always free of text, so the search ends; when no row keeps the leaders
    // clear (a marker under a label that had to run left near the edge), clear text wins over clear leaders
    const top = placed.reduce((n, p) => Math.max(n, p.row + 1), 0);
    // the side of the line comes first (text to the right reads best), then the lowest row on that side
    let chosen: { side: (typeof sides)[number]; row: number } | undefined;
    for (const free of [(s: (typeof sides)[number], r: number) => textFree(s, r) && leadersFree(s, r), textFree]) {
      for (const side of sides) {
        for (let row = 0; row <= top && !chosen; row++) if (free(side, row)) chosen = { side, row };
        if (chosen) break;
      }
      if (chosen) break;
    }
    const { side, row } = chosen ?? { side: sides[0]!, row: top };
    placed.push({ label: m.label, x: m.x, row, i: m.i, ...side });
  }
  return placed.sort((a, b) => a.i - b.i).map(({ i: _, ...p }) => p);
}
