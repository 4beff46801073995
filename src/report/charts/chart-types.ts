/** One series of a chart: points as [epoch ms, value], sorted by time. */
export interface ChartSeries {
  label: string;
  points: Array<[number, number]>;
}

/** A time marker drawn as a vertical line (milestones). */
export interface ChartMarker {
  /** Short label drawn at the top of the line, e.g. "Detected". */
  label: string;
  time: number;
  /** Milestones that bound the impact are drawn stronger. */
  emphasis?: boolean;
}

/** A chart of the incident window: what the HTML report draws inline as SVG. */
export interface ChartSpec {
  id: string;
  title: string;
  /** Unit shown on the y axis, e.g. "req/s", "%", "s". */
  unit: string;
  series: ChartSeries[];
  markers: ChartMarker[];
  /** Shaded period (impactStart → recovered). */
  shade?: { from: number; to: number; label: string };
  /** Where the numbers came from, shown under the chart (file and query). */
  caption: string;
}
