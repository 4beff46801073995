/**
 * The SVG charts of every HTML page Debrief writes (the post-mortem report and the insights page): inline, no
 * scripts, no fonts, no external requests. One "nice number" function places every axis.
 */

import { escapeXml } from "../../util/escape-xml.js";
import { formatClock } from "../time-format.js";
import type { ChartSpec } from "./chart-types.js";
import { placeMarkerLabels } from "./marker-labels.js";

/**
 * A "nice" number, 1, 2 or 5 times a power of ten (Heckbert, "Nice numbers for graph labels", Graphics Gems 1990),
 * so axis labels read like a person would write them. `ceil`: the smallest nice number at least `x` (an axis
 * maximum; 1 when `x` ≤ 0). `round`: the nice number nearest `x` (a tick step).
 */
export function niceNumber(x: number, mode: "ceil" | "round"): number {
  if (mode === "ceil") {
    if (x <= 0) return 1;
    const p = 10 ** Math.floor(Math.log10(x));
    for (const m of [1, 2, 5, 10]) if (m * p >= x) return m * p;
    return 10 * p;
  }
  const mag = 10 ** Math.floor(Math.log10(x));
  const norm = x / mag;
  return (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
}

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

/** Options shared by the charts. */
export interface ChartOptions {
  title: string;
  width?: number;
  height?: number;
  /** Formats values on the axis and in tooltips. */
  format?: (value: number) => string;
}

/** The plot area of a category chart: a 64 px value axis on the left, 28 px for the legend on top. */
function frame(options: ChartOptions, defaultHeight: number, bottom: number) {
  const width = options.width ?? 720;
  const height = options.height ?? defaultHeight;
  const left = 64;
  const top = 28;
  return {
    width,
    height,
    format: options.format ?? fmt,
    left,
    top,
    plotW: width - left - 12,
    plotH: height - top - bottom,
  };
}

/** A vertical bar chart; one bar per label, optional stacked series. */
export function barChart(
  data: Array<{ label: string; values: number[] }>,
  series: string[],
  options: ChartOptions,
): string {
  const { width, height, format, left, top, plotW, plotH } = frame(options, 300, 90);
  const max = niceNumber(Math.max(0, ...data.map((d) => d.values.reduce((s, v) => s + v, 0))), "ceil");
  const step = data.length > 0 ? plotW / data.length : plotW;
  const barW = Math.max(1, step * 0.7);
  const colours = ["#c0392b", "#e67e22", "#f1c40f", "#2980b9", "#7f8c8d", "#8e44ad", "#16a085"];
  const parts: string[] = [];
  for (let k = 0; k <= 4; k++) {
    const v = (max * k) / 4;
    const y = top + plotH - (plotH * k) / 4;
    parts.push(`<line x1="${left}" x2="${width - 12}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
    parts.push(`<text x="${left - 6}" y="${y + 4}" text-anchor="end" font-size="10">${escapeXml(format(v))}</text>`);
  }
  const labelEvery = Math.max(1, Math.ceil(data.length / 18));
  data.forEach((d, i) => {
    const x = left + i * step + (step - barW) / 2;
    let y0 = top + plotH;
    d.values.forEach((v, s) => {
      const h = (plotH * v) / max;
      if (h <= 0) return;
      y0 -= h;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y0.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${colours[s % colours.length]}"><title>${escapeXml(`${d.label} ${series[s] ?? ""}: ${format(v)}`)}</title></rect>`,
      );
    });
    if (i % labelEvery === 0) {
      parts.push(
        `<text x="${(x + barW / 2).toFixed(1)}" y="${top + plotH + 14}" text-anchor="end" font-size="10" transform="rotate(-35 ${(x + barW / 2).toFixed(1)} ${top + plotH + 14})">${escapeXml(d.label)}</text>`,
      );
    }
  });
  const legend =
    series.length > 1
      ? series
          .map(
            (s, i) =>
              `<rect x="${left + i * 90}" y="6" width="10" height="10" fill="${colours[i % colours.length]}"/><text x="${left + i * 90 + 14}" y="15" font-size="11">${escapeXml(s)}</text>`,
          )
          .join("")
      : "";
  return `<figure><figcaption>${escapeXml(options.title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(options.title)}">${legend}${parts.join("")}</svg></figure>`;
}

/** A line chart with one or more series over shared labels; null values leave gaps. */
export function lineChart(
  labels: string[],
  series: Array<{ name: string; values: Array<number | null> }>,
  options: ChartOptions,
): string {
  const { width, height, format, left, top, plotW, plotH } = frame(options, 260, 56);
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = niceNumber(Math.max(0, ...all), "ceil");
  const x = (i: number) => left + (labels.length <= 1 ? plotW / 2 : (plotW * i) / (labels.length - 1));
  const y = (v: number) => top + plotH - (plotH * v) / max;
  const colours = ["#2980b9", "#c0392b", "#27ae60", "#8e44ad"];
  const parts: string[] = [];
  for (let k = 0; k <= 4; k++) {
    const v = (max * k) / 4;
    parts.push(`<line x1="${left}" x2="${width - 12}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`);
    parts.push(`<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end" font-size="10">${escapeXml(format(v))}</text>`);
  }
  const labelEvery = Math.max(1, Math.ceil(labels.length / 18));
  labels.forEach((l, i) => {
    if (i % labelEvery !== 0) return;
    parts.push(
      `<text x="${x(i).toFixed(1)}" y="${top + plotH + 14}" text-anchor="end" font-size="10" transform="rotate(-35 ${x(i).toFixed(1)} ${top + plotH + 14})">${escapeXml(l)}</text>`,
    );
  });
  series.forEach((s, k) => {
    const colour = colours[k % colours.length];
    let d = "";
    let pen = false;
    s.values.forEach((v, i) => {
      if (v === null) {
        pen = false;
        return;
      }
      d += `${pen ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)} `;
      pen = true;
      parts.push(
        `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.5" fill="${colour}"><title>${escapeXml(`${labels[i]} ${s.name}: ${format(v)}`)}</title></circle>`,
      );
    });
    if (d) parts.push(`<path d="${d.trim()}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    parts.push(
      `<rect x="${left + k * 150}" y="6" width="10" height="10" fill="${colour}"/><text x="${left + k * 150 + 14}" y="15" font-size="11">${escapeXml(s.name)}</text>`,
    );
  });
  return `<figure><figcaption>${escapeXml(options.title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(options.title)}">${parts.join("")}</svg></figure>`;
}

/** Colour-blind-safe palette (Okabe–Ito), so series stay distinguishable in print and for every reader. */
const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"];

const WIDTH = 760;
/** The plot's own height; the chart grows above it by one row per stacked milestone-label row. */
const PLOT_H = 174;
const MARGIN = { right: 16, bottom: 34, left: 56 };
const LABEL_FONT = 10;
const ROW_H = 13;
/** Grey, dashed: the line of folded "others". */
const OTHERS_COLOUR = "#8c959f";

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

/** The colour of series `i`: the palette in order, grey for folded others. */
export function seriesColour(series: ChartSpec["series"], i: number): string {
  return series[i]?.others ? OTHERS_COLOUR : (PALETTE[i % PALETTE.length] as string);
}

/**
 * Render a time-series chart as a self-contained SVG string: axes in UTC, one polyline per series, milestone
 * markers as labelled vertical lines and the impact period shaded. Hand-written SVG so the report needs no canvas,
 * no fonts and no network.
 */
export function renderLineChart(spec: ChartSpec): string {
  const all = spec.series.flatMap((s) => s.points);
  const innerW = WIDTH - MARGIN.left - MARGIN.right;
  const innerH = PLOT_H;
  const titleId = `chart-${spec.id}-title`;
  const descId = `chart-${spec.id}-desc`;
  if (all.length === 0) {
    return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${WIDTH} 260" role="img" aria-labelledby="${titleId} ${descId}" data-chart="${escapeXml(spec.id)}"><title id="${titleId}">${escapeXml(spec.title)}</title><desc id="${descId}">${escapeXml(spec.caption)}</desc><text x="${WIDTH / 2}" y="130" text-anchor="middle" class="muted">no data</text></svg>`;
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
  const x = (t: number) => MARGIN.left + ((t - tMin) / (tMax - tMin)) * innerW;
  // milestone labels first: their rows decide how much room the chart needs above the plot
  const markers = [...spec.markers].filter((m) => m.time >= tMin && m.time <= tMax).sort((a, b) => a.time - b.time);
  const labels = placeMarkerLabels(
    markers.map((m) => ({ label: m.label, x: x(m.time) })),
    { fontSize: LABEL_FONT, minX: 2, maxX: WIDTH - 2 },
  );
  const rows = labels.reduce((n, l) => Math.max(n, l.row + 1), 0);
  const top = 22 + Math.max(1, rows) * ROW_H;
  const height = top + innerH + MARGIN.bottom;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="${titleId} ${descId}" data-chart="${escapeXml(spec.id)}">`,
    `<title id="${titleId}">${escapeXml(spec.title)}</title>`,
    `<desc id="${descId}">${escapeXml(spec.caption)}</desc>`,
  );
  const yStep = niceNumber((vMax - vMin) / 4, "round");
  const yTop = Math.ceil(vMax / yStep) * yStep;
  const yBottom = Math.floor(vMin / yStep) * yStep;
  const y = (v: number) => top + innerH - ((v - yBottom) / (yTop - yBottom)) * innerH;

  if (spec.shade && spec.shade.to > tMin && spec.shade.from < tMax) {
    const x0 = x(Math.max(tMin, spec.shade.from));
    const x1 = x(Math.min(tMax, spec.shade.to));
    parts.push(
      `<rect class="impact" x="${x0.toFixed(1)}" y="${top}" width="${Math.max(1, x1 - x0).toFixed(1)}" height="${innerH}"><title>${escapeXml(spec.shade.label)}</title></rect>`,
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
    parts.push(`<line class="tick" x1="${xx}" x2="${xx}" y1="${top + innerH}" y2="${top + innerH + 4}"/>`);
    parts.push(
      `<text class="axis" x="${xx}" y="${height - MARGIN.bottom + 16}" text-anchor="middle">${hhmm(t)}</text>`,
    );
  }
  parts.push(
    `<line class="axisline" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${top + innerH}" y2="${top + innerH}"/>`,
    `<text class="axis" x="${WIDTH - MARGIN.right}" y="${height - 4}" text-anchor="end">UTC</text>`,
    `<text class="axis" x="4" y="${top - 8}">${escapeXml(spec.unit)}</text>`,
  );
  spec.series.forEach((series, i) => {
    if (series.points.length === 0) return;
    const color = seriesColour(spec.series, i);
    const d = series.points
      .filter(([, v]) => Number.isFinite(v))
      .map(([t, v], j) => `${j === 0 ? "M" : "L"}${x(t).toFixed(1)},${y(v).toFixed(1)}`)
      .join("");
    parts.push(
      `<path class="series${series.others ? " others" : ""}" d="${d}" fill="none" stroke="${color}" stroke-width="1.6"${series.others ? ' stroke-dasharray="4 3"' : ""}><title>${escapeXml(series.label)}</title></path>`,
    );
  });
  // markers last so they sit above the lines; each line rises to its label's row as a leader
  markers.forEach((m, i) => {
    const l = labels[i]!;
    const xx = l.x.toFixed(1);
    const baseline = top - 6 - l.row * ROW_H;
    parts.push(
      `<g class="marker${m.emphasis ? " strong" : ""}" data-milestone="${escapeXml(m.label)}" data-row="${l.row}"><line x1="${xx}" x2="${xx}" y1="${(baseline - LABEL_FONT * 0.8).toFixed(1)}" y2="${top + innerH}"/><text x="${l.textX.toFixed(1)}" y="${baseline}" text-anchor="${l.anchor}">${escapeXml(m.label)}</text><title>${escapeXml(`${m.label} ${formatClock(m.time)}`)}</title></g>`,
    );
  });
  parts.push("</svg>");
  const legend = spec.series
    .map(
      (s, i) =>
        `<span class="legend-item${s.others ? " others" : ""}"><span class="swatch" style="background:${seriesColour(spec.series, i)}"></span>${escapeXml(s.label)}</span>`,
    )
    .join("");
  const title = spec.legendTitle ? `<span class="legend-title">${escapeXml(spec.legendTitle)}</span>` : "";
  return `${parts.join("")}${spec.series.length > 1 ? `<div class="legend">${title}${legend}</div>` : ""}`;
}
