const COLORS = 6;

/** A stable chart colour per service name (the same service has the same colour on every page). */
export function serviceColor(service: string): string {
  let h = 0;
  for (let i = 0; i < service.length; i++) h = (h * 31 + service.charCodeAt(i)) >>> 0;
  return `var(--chart-${(h % COLORS) + 1})`;
}

/** Colours for the services of one trace, distinct while there are at most six of them. */
export function serviceColors(services: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<number>();
  for (const s of [...services].sort()) {
    let h = 0;
    for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
    let slot = h % COLORS;
    for (let tries = 0; used.has(slot) && tries < COLORS; tries++) slot = (slot + 1) % COLORS;
    used.add(slot);
    out.set(s, `var(--chart-${slot + 1})`);
  }
  return out;
}
