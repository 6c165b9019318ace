import { useEffect, useState } from 'react';
import { useTimeZone } from '../../components/time-zone.tsx';
import { formatDateTime, formatRelativeTime } from '../../lib/format.ts';

/** A timestamp in the user's zone, with the ISO instant in the tooltip. */
export function Time({ iso, relative }: { iso: string | null; relative?: boolean }) {
  const tz = useTimeZone();
  const now = useNow(relative === true);
  if (!iso) return <span className="muted">—</span>;
  const ms = Date.parse(iso);
  return (
    <time dateTime={iso} title={`${formatDateTime(ms, tz)} (${tz})`}>
      {relative ? formatRelativeTime(ms, now) : formatDateTime(ms, tz)}
    </time>
  );
}

/** The current time, refreshed every 30 s while `live` (relative times stay right). */
function useNow(live: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return;
    const t = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(t);
  }, [live]);
  return now;
}
