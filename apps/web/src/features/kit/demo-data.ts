import type { HeatmapData, TimeSeries } from '../../components/index.ts';

/** Deterministic pseudo-random numbers, so screenshots of the kit page are stable. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

export const DEMO_NOW = Date.UTC(2026, 2, 1, 12, 0, 0);

export function makeSeries(
  count: number,
  points: number,
  stepMs: number,
  endMs = DEMO_NOW,
): TimeSeries[] {
  const rand = seeded(42);
  const start = endMs - (points - 1) * stepMs;
  return Array.from({ length: count }, (_, s) => {
    const base = 50 + rand() * 400;
    const wobble = 5 + rand() * 40;
    const pts: Array<[number, number | null]> = new Array(points);
    for (let i = 0; i < points; i++) {
      const spike = i === Math.floor(points * 0.7) && s % 7 === 0 ? base : 0;
      pts[i] = [
        start + i * stepMs,
        Math.max(0, base + Math.sin(i / (8 + s)) * wobble + rand() * wobble + spike),
      ];
    }
    return { name: `service-${String(s).padStart(2, '0')}`, points: pts };
  });
}

export interface DemoLogRow {
  id: number;
  time: number;
  level: 'debug' | 'info' | 'warn' | 'error';
  service: string;
  host: string;
  durationMs: number;
  message: string;
}

const LEVELS = ['debug', 'info', 'info', 'info', 'warn', 'error'] as const;
const MESSAGES = [
  'GET /api/v1/orders 200',
  'POST /api/v1/checkout 201',
  'cache miss for key user:profile',
  'upstream timeout after 5000 ms',
  'retrying connection to postgres (attempt 2)',
  'payment provider answered 502',
];

export function makeRows(count: number): DemoLogRow[] {
  const rand = seeded(7);
  const rows: DemoLogRow[] = new Array(count);
  for (let i = 0; i < count; i++) {
    rows[i] = {
      id: i,
      time: DEMO_NOW - i * 850,
      level: LEVELS[Math.floor(rand() * LEVELS.length)] ?? 'info',
      service: `service-${String(Math.floor(rand() * 24)).padStart(2, '0')}`,
      host: `node-${Math.floor(rand() * 60)}`,
      durationMs: Math.round(rand() ** 3 * 4000 * 100) / 100,
      message: MESSAGES[Math.floor(rand() * MESSAGES.length)] ?? '',
    };
  }
  return rows;
}

export function makeHeatmap(): HeatmapData {
  const rand = seeded(3);
  const times = Array.from({ length: 60 }, (_, i) => DEMO_NOW - (59 - i) * 60_000);
  const buckets = ['<5ms', '<10ms', '<25ms', '<50ms', '<100ms', '<250ms', '<500ms', '<1s', '≥1s'];
  const cells: Array<[number, number, number]> = [];
  times.forEach((_, x) =>
    buckets.forEach((__, y) => {
      const peak = 3 + Math.sin(x / 9) * 1.5;
      cells.push([
        x,
        y,
        Math.round(Math.max(0, 200 * Math.exp(-((y - peak) ** 2) / 2) * (0.7 + rand() * 0.6))),
      ]);
    }),
  );
  return { times, buckets, cells };
}
