import { describe, expect, it } from 'vitest';
import { startClaimLoop } from './claim-loop.ts';

describe('startClaimLoop', () => {
  it('never runs more than `concurrency` items, drains a backlog, and stop waits for runs', async () => {
    const due = Array.from({ length: 25 }, (_, i) => i);
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    const errors: unknown[] = [];
    const loop = startClaimLoop<number>({
      concurrency: 4,
      tickMs: 5,
      claim: async (free) => due.splice(0, free),
      run: async (i) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        if (i === 3) throw new Error('boom');
        done.push(i);
      },
      onError: (err, item) => errors.push([String(err), item]),
    });
    const deadline = Date.now() + 5000;
    while (done.length + errors.length < 25 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    await loop.stop();
    expect(peak).toBe(4);
    expect(done.sort((a, b) => a - b)).toEqual(
      Array.from({ length: 25 }, (_, i) => i).filter((i) => i !== 3),
    );
    expect(errors).toEqual([['Error: boom', 3]]);
    expect(loop.running).toBe(0);
  });

  it('reports a failed claim and keeps going', async () => {
    let calls = 0;
    const errors: unknown[] = [];
    const loop = startClaimLoop<number>({
      concurrency: 1,
      tickMs: 1,
      claim: async () => {
        calls++;
        if (calls === 1) throw new Error('db down');
        return [];
      },
      run: async () => undefined,
      onError: (err, item) => errors.push([String(err), item]),
    });
    while (calls < 3) await new Promise((r) => setTimeout(r, 2));
    await loop.stop();
    expect(errors).toEqual([['Error: db down', null]]);
  });
});
