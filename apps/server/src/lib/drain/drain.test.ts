import { describe, expect, it } from 'vitest';
import { Drain, maskMessage, templateOf, tokenizeMessage } from './drain.ts';
import { findPatterns } from './patterns.ts';

describe('maskMessage', () => {
  it('masks uuids, ips, hex ids, times and numbers', () => {
    expect(maskMessage('req 3f2b8c1e-9a4d-4e7f-8b6a-1c2d3e4f5a6b done')).toBe('req <UUID> done');
    expect(maskMessage('from 10.0.0.12:5432 and 192.168.1.1')).toBe('from <IP> and <IP>');
    expect(maskMessage('ptr 0xdeadBEEF trace 4bf92f3577b34da6a3ce929d0e0e4736')).toBe(
      'ptr <HEX> trace <HEX>',
    );
    expect(maskMessage('at 2024-05-01T10:00:00.123Z took 12.5 ms, 3 retries')).toBe(
      'at <TIME> took <NUM> ms, <NUM> retries',
    );
    expect(maskMessage('took 250ms')).toBe('took 250ms');
    expect(maskMessage('café ☕ 42')).toBe('café ☕ <NUM>');
  });

  it('tokenizes on whitespace and caps the token count', () => {
    expect(tokenizeMessage('  a  b\tc\n')).toEqual(['a', 'b', 'c']);
    expect(tokenizeMessage('x '.repeat(100), 10)).toHaveLength(10);
  });
});

describe('Drain', () => {
  it('clusters messages of one template and generalizes the varying tokens', () => {
    const d = new Drain();
    d.add('user alice logged in from 10.0.0.1');
    d.add('user bob logged in from 10.0.0.2');
    d.add('user carol logged in from 10.0.0.3');
    d.add('payment 123 failed: card declined');
    d.add('payment 456 failed: card declined');
    const cs = d.clusters().sort((a, b) => b.count - a.count);
    expect(cs.map(templateOf)).toEqual([
      'user <*> logged in from <IP>',
      'payment <NUM> failed: card declined',
    ]);
    expect(cs.map((c) => c.count)).toEqual([3, 2]);
  });

  it('keeps different lengths and dissimilar messages apart', () => {
    const d = new Drain();
    d.add('connection reset by peer');
    d.add('cache miss for key session');
    d.add('connection reset by peer again');
    expect(d.clusters()).toHaveLength(3);
  });

  it('matches without changing clusters', () => {
    const d = new Drain();
    d.add('GET /a 200 in 5 ms');
    expect(d.match('GET /a 200 in 9 ms')?.count).toBe(1);
    expect(d.match('totally different message here now')).toBeNull();
  });

  it('routes tokens with digits to the wildcard branch and caps children', () => {
    const d = new Drain({ maxChildren: 3 });
    for (let k = 0; k < 20; k++) d.add(`w${k}x job finished`);
    for (let k = 0; k < 20; k++) d.add(`name${String.fromCharCode(97 + k)} task done`);
    expect(d.clusters().length).toBeLessThan(10);
  });

  it('handles empty and huge messages', () => {
    const d = new Drain();
    d.add('');
    d.add('');
    d.add('a'.repeat(100_000));
    expect(d.clusters()[0]!.count).toBe(2);
  });
});

describe('findPatterns', () => {
  it('counts templates and flags the ones absent from the previous window', () => {
    const previous = ['user a logged in', 'user b logged in', 'disk 80% full on sda'];
    const current = [
      'user c logged in',
      'user d logged in',
      'user e logged in',
      'database connection lost to 10.1.1.1',
      'database connection lost to 10.1.1.2',
    ];
    const ps = findPatterns(current, previous);
    expect(ps).toEqual([
      expect.objectContaining({ template: 'user <*> logged in', count: 3, isNew: false }),
      expect.objectContaining({
        template: 'database connection lost to <IP>',
        count: 2,
        isNew: true,
        share: 0.4,
      }),
    ]);
  });
});
