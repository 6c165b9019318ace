// Remote write 1.0 request generator for the metric benchmarks (not a benchmark itself: run.ts
// skips lib-* files). A hand-rolled protobuf encoder (WriteRequest > TimeSeries > Label/Sample),
// so building millions of samples does not dominate the run, and snappy block compression.
import snappy from 'snappyjs';

function varint(n: number, out: number[]): void {
  while (n > 127) {
    out.push((n & 127) | 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
}

function lenField(field: number, body: Uint8Array | number[], out: number[]): void {
  out.push((field << 3) | 2);
  varint(body.length, out);
  for (const b of body) out.push(b);
}

/** The encoded labels (field 1 of TimeSeries) of one series, `__name__` first. */
export function encodeLabels(name: string, labels: Record<string, string>): Uint8Array {
  const out: number[] = [];
  const enc = new TextEncoder();
  for (const [k, v] of [['__name__', name] as const, ...Object.entries(labels).sort()]) {
    const l: number[] = [];
    lenField(1, enc.encode(k), l);
    lenField(2, enc.encode(v), l);
    lenField(1, l, out);
  }
  return Uint8Array.from(out);
}

function varintLength(n: number): number {
  let len = 1;
  while (n > 127) {
    n = Math.floor(n / 128);
    len++;
  }
  return len;
}

function putVarint(buf: Buffer, at: number, n: number): number {
  while (n > 127) {
    buf[at++] = (n & 127) | 128;
    n = Math.floor(n / 128);
  }
  buf[at++] = n;
  return at;
}

/** A snappy-compressed WriteRequest with one sample for each given series. */
export function writeRequest(
  series: { labels: Uint8Array; value: number; timeMs: number }[],
): Buffer {
  const sizes = series.map((s) => {
    const sample = 1 + 8 + 1 + varintLength(s.timeMs);
    const ts = s.labels.length + 1 + varintLength(sample) + sample;
    return { sample, ts };
  });
  const total = sizes.reduce((n, x) => n + 1 + varintLength(x.ts) + x.ts, 0);
  const buf = Buffer.allocUnsafe(total);
  let at = 0;
  series.forEach((s, i) => {
    const { sample, ts } = sizes[i]!;
    buf[at++] = 0x0a; // WriteRequest.timeseries
    at = putVarint(buf, at, ts);
    buf.set(s.labels, at);
    at += s.labels.length;
    buf[at++] = 0x12; // TimeSeries.samples
    at = putVarint(buf, at, sample);
    buf[at++] = 0x09; // Sample.value (double)
    buf.writeDoubleLE(s.value, at);
    at += 8;
    buf[at++] = 0x10; // Sample.timestamp (varint)
    at = putVarint(buf, at, s.timeMs);
  });
  return Buffer.from(snappy.compress(buf));
}
