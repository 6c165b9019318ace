/** A tiny inline trend line (decorative; the numbers are in the row's label). */
export function Sparkline({ values, label }: { values: readonly number[]; label: string }) {
  const w = 80;
  const h = 18;
  if (values.length < 2) return <span className="muted">—</span>;
  const max = Math.max(1, ...values);
  const step = w / (values.length - 1);
  const d = values
    .map(
      (v, i) =>
        `${i === 0 ? 'M' : 'L'}${(i * step).toFixed(1)},${(h - 1 - (v / max) * (h - 2)).toFixed(1)}`,
    )
    .join(' ');
  return (
    <svg
      className="sparkline"
      width={w}
      height={h}
      viewBox={`0 0 ${w} ${h}`}
      role="img"
      aria-label={label}
    >
      <path d={d} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}

/** Daily counts per error type over the last `days` days, oldest first. */
export function trendByType(
  rows: readonly { error_type: string; bucket: string; error_count: number }[],
  days: number,
  nowMs: number,
): Map<string, number[]> {
  const dayMs = 86_400_000;
  const today = Math.floor(nowMs / dayMs);
  const out = new Map<string, number[]>();
  for (const r of rows) {
    const idx = days - 1 - (today - Math.floor(Date.parse(r.bucket) / dayMs));
    if (idx < 0 || idx >= days) continue;
    let arr = out.get(r.error_type);
    if (!arr) out.set(r.error_type, (arr = new Array<number>(days).fill(0)));
    arr[idx] = (arr[idx] ?? 0) + r.error_count;
  }
  return out;
}
