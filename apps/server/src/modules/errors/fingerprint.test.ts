import { describe, expect, it } from 'vitest';
import {
  computeGrouping,
  frameComponent,
  normalizeFunction,
  normalizePath,
} from './fingerprint.ts';
import { normalizeEvent } from './normalize-event.ts';
import { parameterize } from './parameterize.ts';
import { groupIdOf } from './rows.ts';

const frame = (file: string, fn: string, line = 10, inApp = true) => ({
  filename: file,
  function: fn,
  lineno: line,
  colno: 3,
  in_app: inApp,
});

const exceptionEvent = (type: string, value: string, frames: object[]) => ({
  exception: { values: [{ type, value, stacktrace: { frames } }] },
});

describe('parameterize', () => {
  it.each([
    ['User 42 not found', 'User <int> not found'],
    ['order ORD-12345 failed', 'order ORD-<int> failed'],
    ['took 12.5 ms', 'took <float> ms'],
    ['id 3f2b1c9e-8a7d-4e6f-9b0a-1c2d3e4f5a6b missing', 'id <uuid> missing'],
    ['id 3f2b1c9e8a7d4e6f9b0a1c2d3e4f5a6b missing', 'id <uuid> missing'],
    ['mail alice@example.com bounced', 'mail <email> bounced'],
    ['GET https://api.example.com/v1/items?id=7 failed', 'GET <url> failed'],
    ['connect 10.0.0.12:5432 refused', 'connect <ip> refused'],
    ['from 2001:db8::1 denied', 'from <ip> denied'],
    ['from fe80:0:0:0:0:0:0:1 denied', 'from <ip> denied'],
    ['commit 9fceb02d0ae598e95dc970b74767f19372d61af8 broke', 'commit <hash> broke'],
    ['short sha a1b2c3d here', 'short sha <hash> here'],
    ['at 2026-11-21T20:08:52.460Z timeout', 'at <date> timeout'],
    ['on 2026-11-21 closed', 'on <date> closed'],
    ['Fri, 21 Nov 2026 20:08:52 GMT expired', '<date> expired'],
    ['at 20:08:52 stalled', 'at <time> stalled'],
    ['pointer 0xdeadbeef bad', 'pointer <hex> bad'],
    ['token 01HZX3K9QW8E7R6T5Y4U3I2O1P used', 'token <id> used'],
  ])('%s', (input, expected) => {
    expect(parameterize(input)).toBe(expected);
  });

  it('leaves words alone', () => {
    expect(parameterize("Cannot read properties of undefined (reading 'map')")).toBe(
      "Cannot read properties of undefined (reading 'map')",
    );
  });
});

describe('frame normalization', () => {
  it('strips origins, queries, release hashes, versions and deploy directories', () => {
    expect(normalizePath('https://cdn.example.com/static/js/main.3f9a2c1b.js?v=2')).toBe(
      'static/js/main.js',
    );
    expect(normalizePath('/srv/releases/20261121093000/src/api/orders.ts')).toBe(
      'src/api/orders.ts',
    );
    expect(normalizePath('/srv/app/v1.4.2/src/api/orders.ts')).toBe('src/api/orders.ts');
    expect(normalizePath('/app/node_modules/.pnpm/pg@8.11.3/node_modules/pg/lib/client.js')).toBe(
      'pg/lib/client.js',
    );
    expect(normalizePath('app:///assets/chunk-4CQZ7LTM.js')).toBe('assets/chunk.js');
    expect(normalizePath('C:\\app\\src\\x.js')).toBe('app/src/x.js');
  });

  it('normalizes function names', () => {
    expect(normalizeFunction('Object.handler')).toBe('handler');
    expect(normalizeFunction('async Server.listen')).toBe('Server.listen');
    expect(normalizeFunction('Function.executeUserEntryPoint [as runMain]')).toBe(
      'Function.executeUserEntryPoint',
    );
    expect(normalizeFunction('?')).toBeNull();
    expect(normalizeFunction('<anonymous>')).toBeNull();
  });

  it('uses the module when present and the source line for anonymous functions', () => {
    expect(
      frameComponent({ module: 'app.views', function: 'index', filename: '/x/app/views.py' }),
    ).toBe('app.views|index');
    expect(
      frameComponent({ filename: '/a/b/c.js', function: '?', context_line: '  doIt(x);  ' }),
    ).toBe('a/b/c.js|doIt(x);');
  });
});

describe('computeGrouping precedence', () => {
  const frames = [
    frame('/srv/app/src/handler.ts', 'handle', 10),
    frame('/srv/app/src/db.ts', 'query', 20),
  ];

  it('1. an explicit fingerprint wins, with {{ default }} expanded', () => {
    const base = exceptionEvent('TypeError', 'x is undefined', frames);
    const a = computeGrouping({ ...base, fingerprint: ['checkout', 'payment-failed'] });
    expect(a.kind).toBe('fingerprint');
    expect(a.components).toEqual(['checkout', 'payment-failed']);
    const b = computeGrouping({
      ...exceptionEvent('RangeError', 'other', []),
      fingerprint: ['checkout', 'payment-failed'],
    });
    expect(b.hash).toBe(a.hash);

    const withDefault = computeGrouping({ ...base, fingerprint: ['{{ default }}', 'tenant-a'] });
    expect(withDefault.components).toEqual([...computeGrouping(base).components, 'tenant-a']);
    expect(withDefault.hash).not.toBe(computeGrouping(base).hash);
    // Only {{default}} is the default grouping itself.
    expect(computeGrouping({ ...base, fingerprint: ['{{default}}'] }).hash).toBe(
      computeGrouping(base).hash,
    );
    expect(computeGrouping({ ...base, fingerprint: ['{{ error.type }}'] }).components).toEqual([
      'TypeError',
    ]);
  });

  it('2. in-app frames: line numbers, values and system frames do not matter', () => {
    const a = computeGrouping(exceptionEvent('TypeError', 'user 1 failed', frames));
    const b = computeGrouping(
      exceptionEvent('TypeError', 'totally different text', [
        frame('node:internal/process', 'run', 1, false),
        frame('/srv/app/src/handler.ts', 'handle', 99),
        frame('/srv/app/src/db.ts', 'query', 77),
      ]),
    );
    expect(a.kind).toBe('stacktrace');
    expect(a.components).toEqual([
      'type:TypeError',
      'app/src/handler.ts|handle',
      'app/src/db.ts|query',
    ]);
    expect(b.hash).toBe(a.hash);
    const c = computeGrouping(
      exceptionEvent('TypeError', 'x', [frame('/srv/app/src/other.ts', 'handle')]),
    );
    expect(c.hash).not.toBe(a.hash);
    const d = computeGrouping(exceptionEvent('RangeError', 'x', frames));
    expect(d.hash).not.toBe(a.hash);
  });

  it('2. without in_app flags, frames outside node_modules and node internals count', () => {
    const g = computeGrouping(
      exceptionEvent('Error', 'e', [
        { filename: '/app/node_modules/express/lib/router.js', function: 'next' },
        { filename: '/app/src/routes.js', function: 'getUser' },
      ]),
    );
    expect(g.components).toEqual(['type:Error', 'app/src/routes.js|getUser']);
  });

  it('2. chained exceptions contribute every exception', () => {
    const g = computeGrouping({
      exception: {
        values: [
          { type: 'DbError', value: 'a', stacktrace: { frames: [frame('/s/src/db.ts', 'q')] } },
          { type: 'ApiError', value: 'b', stacktrace: { frames: [frame('/s/src/api.ts', 'h')] } },
        ],
      },
    });
    expect(g.components).toEqual([
      'type:DbError',
      's/src/db.ts|q',
      'type:ApiError',
      's/src/api.ts|h',
    ]);
  });

  it('3. exception type and parameterized value without in-app frames', () => {
    const a = computeGrouping(
      exceptionEvent('SyntaxError', 'Unexpected token at position 12', [
        frame('node:internal/x', 'f', 1, false),
      ]),
    );
    const b = computeGrouping(exceptionEvent('SyntaxError', 'Unexpected token at position 97', []));
    expect(a.kind).toBe('exception');
    expect(a.components).toEqual(['SyntaxError: Unexpected token at position <int>']);
    expect(b.hash).toBe(a.hash);
  });

  it('4. the message template with parameters replaced', () => {
    const a = computeGrouping({ message: 'Payment 8812 for bob@example.com failed at 10.1.2.3' });
    const b = computeGrouping({
      logentry: {
        message: 'Payment %s for %s failed at %s',
        formatted: 'Payment 1 for x@y.io failed at 1.1.1.1',
      },
    });
    const c = computeGrouping({
      logentry: {
        message: 'Payment %s for %s failed at %s',
        formatted: 'Payment 2 for z@y.io failed at 2.2.2.2',
      },
    });
    expect(a.kind).toBe('message');
    expect(a.components).toEqual(['Payment <int> for <email> failed at <ip>']);
    expect(computeGrouping({ message: 'Payment 1 for a@b.co failed at 9.9.9.9' }).hash).toBe(
      a.hash,
    );
    expect(b.hash).toBe(c.hash);
  });

  it('falls back to logger and level when an event has nothing to group by', () => {
    const g = computeGrouping({ level: 'warning' });
    expect(g.kind).toBe('fallback');
    expect(g.hash).toMatch(/^[0-9a-f]{32}$/);
  });

  it('uses the event stack trace of a message event when it has in-app frames', () => {
    const g = computeGrouping({ message: 'hello 1', stacktrace: { frames } });
    expect(g.kind).toBe('stacktrace');
  });
});

describe('synthetic exceptions (captureMessage with a stack trace)', () => {
  const frames = [frame('/srv/app/src/log.ts', 'report')];
  const msg = (text: string) => ({
    message: text,
    exception: {
      values: [
        { value: text, stacktrace: { frames }, mechanism: { type: 'generic', synthetic: true } },
      ],
    },
  });

  it('keep the parameterized message in the group, so one call site does not merge all messages', () => {
    const a = computeGrouping(msg('slow checkout 1234 ms'));
    expect(a.kind).toBe('stacktrace');
    expect(a.components[0]).toBe('message:slow checkout <int> ms');
    expect(computeGrouping(msg('slow checkout 99 ms')).hash).toBe(a.hash);
    expect(computeGrouping(msg('cache miss for 7')).hash).not.toBe(a.hash);
  });
});

describe('stored identities', () => {
  it('stay the same across versions: group hash and id, user hash (stored groups keep matching)', () => {
    const orgId = '00000000-0000-4000-8000-000000000001';
    const ev = {
      event_id: 'f0471b74b8fa423c8999a9c0b061f4d8',
      exception: {
        values: [
          {
            type: 'TypeError',
            value: 'x is undefined é',
            stacktrace: { frames: [frame('/srv/app/a.js', 'placeOrder')] },
          },
        ],
      },
      user: { id: 'u-42' },
    };
    const { hash } = computeGrouping(ev);
    expect(hash).toBe('61bfd0b16c8835bd3f8a697a3cfba2a0');
    expect(groupIdOf(orgId, 1, hash)).toBe('1398a915-6d4c-592f-b2f9-c3ec87626413');
    const src = {
      orgId,
      projectId: 1,
      clientIp: null,
      receivedAt: new Date(),
      oldestAccepted: new Date(0),
    };
    expect(normalizeEvent(ev, src).user_hash).toBe('16ec525b74b75626eb93ecad8acc7498');
  });
});
