import type { Ctx } from '../../db/context.ts';
import { binaryArrayLength, readDeltaTimes, readFloat8Array, readTimestamps } from './pg-arrays.ts';
import { loadRawSamples, type RawRow } from './repository.ts';
import { lowerBound, upperBound } from './engine/series.ts';

/**
 * Raw samples of a set of series: compacted chunks plus the head (README.md, "SeriesSource over
 * PostgreSQL"). Decoded chunks are kept in a per-process cache keyed by the chunk's exact row
 * version (series, start, xmin): compaction rewrites a chunk as a new row version, so an entry
 * can never stand for other samples, and one is only used for a chunk row the caller's query
 * (with its row-level security) returned. Dashboards re-read the same chunks on every refresh;
 * what PostgreSQL spends on a chunk is sending its arrays (array_send and base64), not finding it.
 */

/** Samples of one chunk or of the head, in time order for a chunk. */
interface Part {
  ts: Float64Array;
  vs: Float64Array;
}

/** A decoded chunk version of a series (start ms, xmin) in the cache. */
interface Entry {
  id: number;
  t0: number;
  x: string;
  part: Part;
}

/** Least recently used entries leave first once the decoded samples exceed `maxBytes`. */
class ChunkCache {
  private readonly entries = new Map<string, Entry>();
  private readonly bySeries = new Map<number, Set<Entry>>();
  private bytes = 0;
  constructor(private readonly maxBytes: number) {}

  /** The cached versions of a series' chunks starting in [from, to] ms. */
  *held(id: number, from: number, to: number): Generator<Entry> {
    for (const e of this.bySeries.get(id) ?? []) if (e.t0 >= from && e.t0 <= to) yield e;
  }

  /** Marks an entry used (most recently). */
  touch(e: Entry): void {
    const key = keyOf(e);
    if (this.entries.get(key) !== e) return;
    this.entries.delete(key);
    this.entries.set(key, e);
  }

  /**
   * Whether one load may add `bytes`: at most half the cache, so a one-off query over days of
   * raw samples does not push out what dashboards keep re-reading.
   */
  admits(bytes: number): boolean {
    return bytes <= this.maxBytes / 2;
  }

  set(e: Entry): void {
    const key = keyOf(e);
    if (this.entries.has(key)) return;
    this.entries.set(key, e);
    let set = this.bySeries.get(e.id);
    if (!set) this.bySeries.set(e.id, (set = new Set()));
    set.add(e);
    this.bytes += sizeOf(e.part);
    for (const [k, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      const mine = this.bySeries.get(old.id)!;
      mine.delete(old);
      if (!mine.size) this.bySeries.delete(old.id);
      this.bytes -= sizeOf(old.part);
    }
  }

  clear(): void {
    this.entries.clear();
    this.bySeries.clear();
    this.bytes = 0;
  }
}

const keyOf = (e: { id: number; t0: number; x: string | null }) =>
  `${Number(e.id)}:${Math.round(e.t0)}:${e.x}`;
const sizeOf = (p: Part) => p.ts.byteLength + p.vs.byteLength;

/** 128 MB: 8 million samples, a day of 5,500 series scraped every minute. */
const chunkCache = new ChunkCache(128 * 1024 * 1024);

/** Empties the chunk cache (benchmarks measure the cold path with it). */
export function clearChunkCache(): void {
  chunkCache.clear();
}

const fromBase64 = (s: string) => Buffer.from(s, 'base64');
const DAY = 86_400_000;

function decodeChunk(r: RawRow): Part {
  const values = fromBase64(r.vs!);
  const count = binaryArrayLength(values);
  const vs = readFloat8Array(values);
  const ts = new Float64Array(count);
  if (r.ts !== null) {
    readDeltaTimes(fromBase64(r.ts), Math.round(r.t0), ts);
  } else {
    // A regular chunk: every delta after the first is d1.
    const first = Math.round(r.t0) + (r.d0 ?? 0);
    for (let j = 0; j < count; j++) ts[j] = first + j * (r.d1 ?? 0);
  }
  return { ts, vs };
}

function decodeHead(r: RawRow): Part {
  const values = fromBase64(r.vs!);
  const ts = new Float64Array(binaryArrayLength(values));
  readTimestamps(fromBase64(r.ts!), ts);
  return { ts, vs: readFloat8Array(values) };
}

/**
 * Parts of each series in [start, end], in one statement (one snapshot): the chunk versions
 * this process holds decoded come without their arrays, the others are decoded and cached.
 */
export async function loadRawParts(
  ctx: Ctx,
  ids: number[],
  start: number,
  end: number,
): Promise<Map<number, Part[]>> {
  // References taken now: other queries may evict entries while this one waits.
  const held = new Map<string, Entry>();
  const firstDay = Math.floor(start / DAY) * DAY;
  for (const id of ids)
    for (const e of chunkCache.held(Number(id), firstDay, end)) held.set(keyOf(e), e);
  const heldList = [...held.values()];
  const rows = await loadRawSamples(ctx, ids, start, end, {
    ids: heldList.map((e) => e.id),
    starts: heldList.map((e) => new Date(e.t0).toISOString()),
    xs: heldList.map((e) => e.x),
  });
  const parts = new Map<number, Part[]>();
  const add = (id: number, part: Part) => {
    const list = parts.get(Number(id));
    if (list) list.push(part);
    else parts.set(Number(id), [part]);
  };
  const fresh: Entry[] = [];
  let bytes = 0;
  for (const r of rows) {
    if (r.k === 1) {
      add(r.id, decodeHead(r));
    } else if (r.vs === null) {
      const e = held.get(keyOf(r))!;
      chunkCache.touch(e);
      add(r.id, e.part);
    } else {
      const part = decodeChunk(r);
      fresh.push({ id: Number(r.id), t0: Math.round(r.t0), x: r.x!, part });
      bytes += sizeOf(part);
      add(r.id, part);
    }
  }
  if (chunkCache.admits(bytes)) for (const e of fresh) chunkCache.set(e);
  return parts;
}

/** Sorts `ts` ascending and `others` along with it; a no-op (one pass) when already sorted. */
export function sortByTime(ts: Float64Array, ...others: Float64Array[]): void {
  let sorted = true;
  for (let i = 1; i < ts.length && sorted; i++) sorted = ts[i]! >= ts[i - 1]!;
  if (sorted) return;
  const order = Array.from(ts.keys()).sort((a, b) => ts[a]! - ts[b]!);
  for (const a of [ts, ...others]) a.set(Float64Array.from(order, (i) => a[i]!));
}

/**
 * Each series' parts as samples in time order within [start, end], all series in two shared
 * arrays (two allocations per selector, not two per series; the cached parts stay untouched).
 */
export function mergeParts(
  bySeries: Map<number, Part[]>,
  start: number,
  end: number,
): Map<number, Part> {
  let total = 0;
  for (const parts of bySeries.values()) for (const p of parts) total += p.ts.length;
  const allTs = new Float64Array(total);
  const allVs = new Float64Array(total);
  const out = new Map<number, Part>();
  let from = 0;
  for (const [id, parts] of bySeries) {
    // Chunks do not overlap: in order of their first sample they are mostly already sorted.
    parts.sort((a, b) => a.ts[0]! - b.ts[0]!);
    let at = from;
    for (const p of parts) {
      allTs.set(p.ts, at);
      allVs.set(p.vs, at);
      at += p.ts.length;
    }
    const ts = allTs.subarray(from, at);
    const vs = allVs.subarray(from, at);
    from = at;
    sortByTime(ts, vs);
    // Chunks extend past the range: keep [start, end] only.
    const lo = lowerBound(ts, start);
    const hi = upperBound(ts, end, lo);
    out.set(id, { ts: ts.subarray(lo, hi), vs: vs.subarray(lo, hi) });
  }
  return out;
}
