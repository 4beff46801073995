/** One series of a chart: points as [epoch ms, value], sorted by time. */
export interface ChartSeries {
  label: string;
  points: Array<[number, number]>;
  /** The series folds several others together ("5 others (sum)"): drawn grey and dashed. */
  others?: boolean;
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
  /** What tells the series apart, shown before the legend (e.g. "Status code"). */
  legendTitle?: string;
  markers: ChartMarker[];
  /** Shaded period (impactStart → recovered). */
  shade?: { from: number; to: number; label: string };
  /** Where the numbers came from, shown under the chart (file and query). */
  caption: string;
}
