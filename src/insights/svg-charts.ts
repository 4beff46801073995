/**
 * Small inline SVG charts for the self-contained HTML report: no scripts, no fonts, no external requests.
 */

import { escapeXml } from "../util/escape-xml.js";

export { escapeXml };

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

/** A nice axis maximum: 1, 2 or 5 times a power of ten, at least `max`. */
function niceMax(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

/** Options shared by the charts. */
export interface ChartOptions {
  title: string;
  width?: number;
  height?: number;
  /** Formats values on the axis and in tooltips. */
  format?: (value: number) => string;
}

/** A vertical bar chart; one bar per label, optional stacked series. */
export function barChart(
  data: Array<{ label: string; values: number[] }>,
  series: string[],
  options: ChartOptions,
): string {
  const width = options.width ?? 720;
  const height = options.height ?? 300;
  const format = options.format ?? fmt;
  const left = 64;
  const bottom = 90;
  const top = 28;
  const plotW = width - left - 12;
  const plotH = height - top - bottom;
  const max = niceMax(Math.max(0, ...data.map((d) => d.values.reduce((s, v) => s + v, 0))));
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
  const width = options.width ?? 720;
  const height = options.height ?? 260;
  const format = options.format ?? fmt;
  const left = 64;
  const bottom = 56;
  const top = 28;
  const plotW = width - left - 12;
  const plotH = height - top - bottom;
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = niceMax(Math.max(0, ...all));
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
