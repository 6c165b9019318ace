const COLORS = 6;

const hash = (s: string) => {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
  return h;
};
const color = (slot: number) => `var(--chart-${slot + 1})`;

/** A stable chart colour per service name (the same service has the same colour on every page). */
export function serviceColor(service: string): string {
  return color(hash(service) % COLORS);
}

/**
 * Colours for the services of one trace: each service's own colour unless another service of
 * the trace took it, so up to six services stay distinct.
 */
export function serviceColors(services: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<number>();
  for (const s of [...services].sort()) {
    let slot = hash(s) % COLORS;
    for (let tries = 0; used.has(slot) && tries < COLORS; tries++) slot = (slot + 1) % COLORS;
    used.add(slot);
    out.set(s, color(slot));
  }
  return out;
}
