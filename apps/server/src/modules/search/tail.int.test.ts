import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { createIdentityTestApp, seedOrg, seedSignedInUser } from '../../../test/identity.ts';
import { DEFAULT_TAIL_LIMITS, TailHub } from './tail-logs.ts';
import { insertLogs } from './test-fixtures.ts';

let t: TestApp;
let base: string;
let orgA: string;
let orgB: string;
let cookieA: string;
let cookieB: string;

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Opens a tail and collects its events until closed. */
async function openTail(q: string, cookie = cookieA) {
  const ac = new AbortController();
  const res = await fetch(`${base}/api/v1/logs/tail?q=${encodeURIComponent(q)}`, {
    headers: { cookie, accept: 'text/event-stream' },
    signal: ac.signal,
  });
  const events: SseEvent[] = [];
  let text = '';
  const done = (async () => {
    if (!res.body || res.status !== 200) return;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body) {
        text += decoder.decode(chunk as Uint8Array, { stream: true });
        let k: number;
        while ((k = text.indexOf('\n\n')) >= 0) {
          const block = text.slice(0, k);
          text = text.slice(k + 2);
          const ev = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (ev && data) events.push({ event: ev, data: JSON.parse(data) });
          else events.push({ event: 'comment', data: { text: block } });
        }
      }
    } catch {
      /* aborted */
    }
  })();
  return { res, events, close: () => ac.abort(), done };
}

async function until(cond: () => boolean, ms = 8000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  t = await createIdentityTestApp();
  orgA = await seedOrg(t.db.handle.db, 'tail-a');
  orgB = await seedOrg(t.db.handle.db, 'tail-b');
  cookieA = (await seedSignedInUser(t, { role: 'viewer', orgId: orgA })).cookie;
  cookieB = (await seedSignedInUser(t, { role: 'viewer', orgId: orgB })).cookie;
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await t?.close();
});

describe('GET /logs/tail', () => {
  it('streams matching records inserted after it opened, and only its organization', async () => {
    const tail = await openTail('level:error');
    expect(tail.res.status).toBe(200);
    expect(tail.res.headers.get('content-type')).toMatch(/text\/event-stream/);
    await until(() => tail.events.some((e) => e.event === 'open'));
    await insertLogs(t.db.handle.pool, orgA, [
      { time: new Date(), level: 'error', message: 'boom A' },
      { time: new Date(), level: 'info', message: 'quiet A' },
    ]);
    await insertLogs(t.db.handle.pool, orgB, [
      { time: new Date(), level: 'error', message: 'boom B' },
    ]);
    await until(() => tail.events.some((e) => e.event === 'log'));
    await new Promise((r) => setTimeout(r, 1500));
    const logs = tail.events.filter((e) => e.event === 'log').map((e) => e.data.message);
    expect(logs).toEqual(['boom A']);
    tail.close();
    await tail.done;
  });

  it('reports what it skipped above the per-tail rate', async () => {
    const tail = await openTail('service:burst');
    await until(() => tail.events.some((e) => e.event === 'open'));
    const now = Date.now();
    const n = DEFAULT_TAIL_LIMITS.maxEventsPerSecond + 50;
    await insertLogs(
      t.db.handle.pool,
      orgA,
      Array.from({ length: n }, (_, k) => ({
        time: new Date(now + k),
        service: 'burst',
        message: `line ${k}`,
      })),
    );
    await until(
      () =>
        tail.events.filter((e) => e.event === 'log').length >=
        DEFAULT_TAIL_LIMITS.maxEventsPerSecond,
    );
    await new Promise((r) => setTimeout(r, 1500));
    const logs = tail.events.filter((e) => e.event === 'log');
    const skipped = tail.events.filter((e) => e.event === 'skipped');
    expect(logs).toHaveLength(DEFAULT_TAIL_LIMITS.maxEventsPerSecond);
    expect(skipped.map((e) => e.data.skipped)).toEqual([50]);
    // The newest are the ones sent, oldest first.
    expect(logs[logs.length - 1]!.data.message).toBe(`line ${n - 1}`);
    tail.close();
    await tail.done;
  });

  it('caps open tails per organization with 429 and frees slots on disconnect', async () => {
    const tails = [];
    for (let k = 0; k < DEFAULT_TAIL_LIMITS.maxPerOrg; k++) tails.push(await openTail(''));
    const over = await fetch(`${base}/api/v1/logs/tail`, {
      headers: { cookie: cookieA, accept: 'text/event-stream' },
    });
    expect(over.status).toBe(429);
    expect(((await over.json()) as { code: string }).code).toBe('LIMIT_EXCEEDED');
    // Another organization is not affected.
    const b = await openTail('', cookieB);
    expect(b.res.status).toBe(200);
    b.close();
    for (const x of tails) x.close();
    await until(() => false, 300).catch(() => {});
    let again = await openTail('');
    for (let k = 0; again.res.status !== 200 && k < 20; k++) {
      await new Promise((r) => setTimeout(r, 100));
      again = await openTail('');
    }
    expect(again.res.status).toBe(200);
    again.close();
  });

  it('answers 400 with a position before streaming a bad query', async () => {
    const r = await fetch(`${base}/api/v1/logs/tail?q=${encodeURIComponent('a AND')}`, {
      headers: { cookie: cookieA, accept: 'text/event-stream' },
    });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { position: number }).position).toBe(5);
    const plain = await fetch(`${base}/api/v1/logs/tail`, { headers: { cookie: cookieA } });
    expect(plain.status).toBe(400);
  });
});

describe('shutdown', () => {
  it('ends open tails when the server closes', async () => {
    const tail = await openTail('');
    await until(() => tail.events.some((e) => e.event === 'open'));
    const started = Date.now();
    await t.app.close();
    await tail.done;
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('TailHub', () => {
  it('caps per process and closes every tail at shutdown', () => {
    const hub = new TailHub({ ...DEFAULT_TAIL_LIMITS, maxPerOrg: 10, maxPerProcess: 2 });
    const a = hub.acquire('o1');
    const b = hub.acquire('o2');
    expect(() => hub.acquire('o3')).toThrow(/this server/);
    b.close();
    b.close();
    const c = hub.acquire('o3');
    hub.closeAll();
    expect(a.signal.aborted && c.signal.aborted).toBe(true);
    a.close();
    c.close();
    expect(hub.size).toBe(0);
  });
});
