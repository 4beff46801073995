import { escapeXml } from "../../util/escape-xml.js";
import type { ChartSpec } from "./chart-types.js";

/** Colour-blind-safe palette (Okabe–Ito), so series stay distinguishable in print and for every reader. */
const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"];

const WIDTH = 760;
const HEIGHT = 260;
const MARGIN = { top: 52, right: 16, bottom: 34, left: 56 };

/** "Nice" tick step (1, 2 or 5 × 10^n) so axis labels read like a person would write them. */
function niceStep(span: number, targetTicks: number): number {
  const raw = span / Math.max(1, targetTicks);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  return (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
}

function formatValue(v: number, unit: string): string {
  const abs = Math.abs(v);
  const text =
    abs >= 1e6
      ? `${(v / 1e6).toFixed(1)}M`
      : abs >= 1e3
        ? `${(v / 1e3).toFixed(1)}k`
        : abs >= 10 || v === 0
          ? `${Math.round(v)}`
          : abs >= 1
            ? v.toFixed(1)
            : v.toPrecision(2);
  return unit === "%" ? `${text}%` : text;
}

function hhmm(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}

/**
 * Render a time-series chart as a self-contained SVG string: axes in UTC, one polyline per series, milestone
 * markers as labelled vertical lines and the impact period shaded. Hand-written SVG so the report needs no canvas,
 * no fonts and no network.
 */
export function renderLineChart(spec: ChartSpec): string {
  const all = spec.series.flatMap((s) => s.points);
  const innerW = WIDTH - MARGIN.left - MARGIN.right;
  const innerH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const titleId = `chart-${spec.id}-title`;
  const descId = `chart-${spec.id}-desc`;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${titleId} ${descId}" data-chart="${escapeXml(spec.id)}">`,
    `<title id="${titleId}">${escapeXml(spec.title)}</title>`,
    `<desc id="${descId}">${escapeXml(spec.caption)}</desc>`,
  );
  if (all.length === 0) {
    parts.push(`<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle" class="muted">no data</text></svg>`);
    return parts.join("");
  }
  let tMin = Number.POSITIVE_INFINITY;
  let tMax = Number.NEGATIVE_INFINITY;
  let vMax = 0;
  let vMin = 0;
  for (const [t, v] of all) {
    if (t < tMin) tMin = t;
    if (t > tMax) tMax = t;
    if (Number.isFinite(v)) {
      if (v > vMax) vMax = v;
      if (v < vMin) vMin = v;
    }
  }
  if (tMax === tMin) tMax = tMin + 60_000;
  if (vMax === vMin) vMax = vMin + 1;
  const yStep = niceStep(vMax - vMin, 4);
  const yTop = Math.ceil(vMax / yStep) * yStep;
  const yBottom = Math.floor(vMin / yStep) * yStep;
  const x = (t: number) => MARGIN.left + ((t - tMin) / (tMax - tMin)) * innerW;
  const y = (v: number) => MARGIN.top + innerH - ((v - yBottom) / (yTop - yBottom)) * innerH;

  if (spec.shade && spec.shade.to > tMin && spec.shade.from < tMax) {
    const x0 = x(Math.max(tMin, spec.shade.from));
    const x1 = x(Math.min(tMax, spec.shade.to));
    parts.push(
      `<rect class="impact" x="${x0.toFixed(1)}" y="${MARGIN.top}" width="${Math.max(1, x1 - x0).toFixed(1)}" height="${innerH}"><title>${escapeXml(spec.shade.label)}</title></rect>`,
    );
  }
  // horizontal grid and y labels
  for (let v = yBottom; v <= yTop + yStep / 2; v += yStep) {
    const yy = y(v).toFixed(1);
    parts.push(`<line class="grid" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${yy}" y2="${yy}"/>`);
    parts.push(
      `<text class="axis" x="${MARGIN.left - 6}" y="${yy}" text-anchor="end" dominant-baseline="middle">${escapeXml(formatValue(v, spec.unit))}</text>`,
    );
  }
  // time ticks every 5/10/15/30/60 minutes depending on span
  const spanMin = (tMax - tMin) / 60_000;
  const tickMin = [1, 2, 5, 10, 15, 30, 60, 120, 240, 360, 720, 1440].find((m) => spanMin / m <= 8) ?? 1440;
  const tickMs = tickMin * 60_000;
  for (let t = Math.ceil(tMin / tickMs) * tickMs; t <= tMax; t += tickMs) {
    const xx = x(t).toFixed(1);
    parts.push(
      `<line class="tick" x1="${xx}" x2="${xx}" y1="${MARGIN.top + innerH}" y2="${MARGIN.top + innerH + 4}"/>`,
    );
    parts.push(
      `<text class="axis" x="${xx}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle">${hhmm(t)}</text>`,
    );
  }
  parts.push(
    `<line class="axisline" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${MARGIN.top + innerH}" y2="${MARGIN.top + innerH}"/>`,
    `<text class="axis" x="${WIDTH - MARGIN.right}" y="${HEIGHT - 4}" text-anchor="end">UTC</text>`,
    `<text class="axis" x="4" y="${MARGIN.top - 10}">${escapeXml(spec.unit)}</text>`,
  );
  spec.series.forEach((series, i) => {
    if (series.points.length === 0) return;
    const color = PALETTE[i % PALETTE.length];
    const d = series.points
      .filter(([, v]) => Number.isFinite(v))
      .map(([t, v], j) => `${j === 0 ? "M" : "L"}${x(t).toFixed(1)},${y(v).toFixed(1)}`)
      .join("");
    parts.push(
      `<path class="series" d="${d}" fill="none" stroke="${color}" stroke-width="1.6"><title>${escapeXml(series.label)}</title></path>`,
    );
  });
  // markers last so they sit above the lines; labels alternate rows to avoid overlap
  const markers = [...spec.markers].filter((m) => m.time >= tMin && m.time <= tMax).sort((a, b) => a.time - b.time);
  // greedy rows: a label goes on the first row where it does not overlap the previous label (≈6 px per character)
  const rowEnds: number[] = [];
  markers.forEach((m) => {
    const xx = x(m.time).toFixed(1);
    const half = (m.label.length * 6) / 2 + 4;
    let row = rowEnds.findIndex((end) => end < Number(xx) - half);
    if (row === -1) {
      row = rowEnds.length < 3 ? rowEnds.length : rowEnds.indexOf(Math.min(...rowEnds));
    }
    rowEnds[row] = Number(xx) + half;
    parts.push(
      `<g class="marker${m.emphasis ? " strong" : ""}" data-milestone="${escapeXml(m.label)}"><line x1="${xx}" x2="${xx}" y1="${MARGIN.top - 4}" y2="${MARGIN.top + innerH}"/><text x="${xx}" y="${MARGIN.top - 8 - row * 12}" text-anchor="middle">${escapeXml(m.label)}</text><title>${escapeXml(`${m.label} ${new Date(m.time).toISOString().slice(11, 19)} UTC`)}</title></g>`,
    );
  });
  parts.push("</svg>");
  const legend = spec.series
    .map(
      (s, i) =>
        `<span class="legend-item"><span class="swatch" style="background:${PALETTE[i % PALETTE.length]}"></span>${escapeXml(s.label)}</span>`,
    )
    .join("");
  return `${parts.join("")}${spec.series.length > 1 ? `<div class="legend">${legend}</div>` : ""}`;
}
