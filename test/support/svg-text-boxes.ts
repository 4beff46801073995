/**
 * Text boxes of an SVG string as the report draws it, computed from the SVG output alone (not from the layout code),
 * so tests can check that no two labels overlap. Width is estimated per character for the fonts the report's CSS
 * asks for (10 px bold milestone labels, 11 px axis text); Chromium-measured boxes are checked in the screenshot test.
 */
export interface TextBox {
  text: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const ENTITY: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };

/** Boxes of every `<text>` element in `svg` (rotated text is skipped). */
export function svgTextBoxes(svg: string): TextBox[] {
  const boxes: TextBox[] = [];
  for (const m of svg.matchAll(/<g class="marker[^"]*"[^>]*>.*?<\/g>|<text\b([^>]*)>([^<]*)<\/text>/g)) {
    if (m[0].startsWith("<g")) {
      const t = /<text\b([^>]*)>([^<]*)<\/text>/.exec(m[0]);
      if (t) boxes.push(box(t[1]!, t[2]!, 10, 0.62));
      continue;
    }
    if (/transform=/.test(m[1]!)) continue;
    boxes.push(box(m[1]!, m[2]!, 11, 0.55));
  }
  return boxes;
}

function box(attrs: string, raw: string, size: number, emPerChar: number): TextBox {
  const attr = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1];
  const text = raw.replace(/&[a-z#0-9]+;/g, (e) => ENTITY[e] ?? "?");
  const x = Number(attr("x") ?? 0);
  const y = Number(attr("y") ?? 0);
  const width = [...text].length * size * emPerChar;
  const anchor = attr("text-anchor") ?? "start";
  const left = anchor === "end" ? x - width : anchor === "middle" ? x - width / 2 : x;
  const middle = attr("dominant-baseline") === "middle";
  const top = middle ? y - size / 2 : y - size * 0.8;
  return { text, left, right: left + width, top, bottom: top + size };
}

/** Pairs of boxes that overlap. */
export function overlappingBoxes(boxes: TextBox[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) out.push([a.text, b.text]);
    }
  }
  return out;
}
