import type pg from 'pg';
import { familyCandidates, type MetadataInput, type SeriesInput } from './remote-write.ts';
import { applyMetadata, upsertSeries } from './repository.ts';

/**
 * A bounded map that keeps recently used entries: two generations, the young one taking every
 * write and the hits promoted from the old one; when the young generation reaches half the
 * bound it becomes the old one (and the old one is dropped). A hit on the young generation is
 * one Map lookup, with none of an exact LRU's delete-and-reinsert per hit.
 */
export class Lru<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();
  private readonly half: number;
  constructor(max: number) {
    this.half = Math.max(1, Math.ceil(max / 2));
  }
  get(k: string): V | undefined {
    const v = this.young.get(k);
    if (v !== undefined) return v;
    const o = this.old.get(k);
    if (o !== undefined) {
      this.old.delete(k);
      this.put(k, o);
    }
    return o;
  }
  set(k: string, v: V): void {
    this.old.delete(k);
    this.put(k, v);
  }
  private put(k: string, v: V): void {
    this.young.set(k, v);
    if (this.young.size >= this.half) {
      this.old = this.young;
      this.young = new Map();
    }
  }
  get size(): number {
    return this.young.size + this.old.size;
  }
}

/**
 * Series ids by (org, fingerprint). Ids are cached only after their upsert committed
 * (autocommit statement), so a cached id always names a stored series and steady-state remote
 * write needs no lookup. Metadata (type, help) is kept per (org, family) so series created after
 * a metadata request get their type.
 */
export class SeriesResolver {
  /** Per organization, so a lookup hashes the fingerprint string (its hash cached) only. */
  private readonly ids = new Map<string, Lru<string>>();
  private readonly maxSeries: number;
  private readonly meta: Lru<MetadataInput>;
  constructor(
    private readonly pool: pg.Pool,
    opts: { maxSeries?: number; maxMetadata?: number } = {},
  ) {
    this.maxSeries = opts.maxSeries ?? 200_000;
    this.meta = new Lru(opts.maxMetadata ?? 20_000);
  }

  private metaOf(orgId: string, name: string): MetadataInput | undefined {
    for (const f of familyCandidates(name)) {
      const m = this.meta.get(`${orgId}\n${f}`);
      if (m) return m;
    }
    return undefined;
  }

  /** Remembers metadata and applies it to the org's existing series. */
  async noteMetadata(orgId: string, items: MetadataInput[]): Promise<void> {
    const changed = items.filter((m) => {
      const k = `${orgId}\n${m.name}`;
      const old = this.meta.get(k);
      this.meta.set(k, m);
      return !old || old.type !== m.type || old.help !== m.help || old.unit !== m.unit;
    });
    await applyMetadata(this.pool, orgId, changed);
  }

  /** The id of every series (created when missing), by fingerprint. */
  async resolve(
    orgId: string,
    projectId: number | null,
    series: SeriesInput[],
  ): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const missing: SeriesInput[] = [];
    let ids = this.ids.get(orgId);
    if (!ids) this.ids.set(orgId, (ids = new Lru<string>(this.maxSeries)));
    for (const s of series) {
      const id = ids.get(s.fingerprint);
      if (id) out.set(s.fingerprint, id);
      else missing.push(s);
    }
    for (let i = 0; i < missing.length; i += 1000) {
      const part = missing.slice(i, i + 1000);
      // Names created with the metadata known at this moment.
      const created = new Set<string>();
      const createdIds = await upsertSeries(
        this.pool,
        orgId,
        projectId,
        part.map((s) => {
          const m = this.metaOf(orgId, s.name);
          if (m) created.add(s.name);
          return {
            name: s.name,
            labels: s.labels,
            fingerprint: s.fingerprint,
            type: m?.type ?? 'unknown',
            help: m?.help ?? null,
            unit: m?.unit ?? null,
            service: s.service,
            le: s.le,
          };
        }),
      );
      for (const [fp, id] of createdIds) {
        ids.set(fp, id);
        out.set(fp, id);
      }
      // Metadata that arrived while these series were being created was applied to the series
      // that existed then, not to these: apply it now, or they would stay `unknown` (Prometheus
      // re-sends unchanged metadata, which noteMetadata skips).
      const late = new Map<string, MetadataInput>();
      for (const s of part) {
        if (created.has(s.name)) continue;
        const m = this.metaOf(orgId, s.name);
        if (m) late.set(m.name, m);
      }
      if (late.size) await applyMetadata(this.pool, orgId, [...late.values()]);
    }
    return out;
  }
}

const shared = new WeakMap<pg.Pool, SeriesResolver>();

/**
 * The one resolver of a database pool, shared by every ingest path of the process (remote write,
 * OTLP, custom metrics, system health, scrapes), so a series is looked up and cached once.
 */
export function seriesResolverFor(pool: pg.Pool): SeriesResolver {
  let r = shared.get(pool);
  if (!r) shared.set(pool, (r = new SeriesResolver(pool)));
  return r;
}
