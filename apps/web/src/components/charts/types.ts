/** A series as the metrics API returns it: [epoch ms, value] pairs, value null for a gap. */
export interface TimeSeries {
  name: string;
  points: ReadonlyArray<readonly [number, number | null]>;
  /** Overrides the palette colour (e.g. red for errors). */
  color?: string;
}

/** A vertical marker: a deployment, an incident start, a config change. */
export interface Annotation {
  time: number;
  label: string;
  kind?: 'deploy' | 'incident' | 'note';
}

export interface Threshold {
  value: number;
  label?: string;
  tone?: 'warning' | 'danger';
}

export interface CategoryDatum {
  name: string;
  value: number;
}
