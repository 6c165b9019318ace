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
