import { describe, expect, it } from 'vitest';
import { diffJson, flatten } from './diff.ts';

describe('audit diff', () => {
  it('flattens nested objects to dotted paths, arrays as leaves', () => {
    expect([...flatten({ a: 1, b: { c: [1, 2], d: null } })]).toEqual([
      ['a', 1],
      ['b.c', [1, 2]],
      ['b.d', null],
    ]);
    expect([...flatten(null)]).toEqual([]);
  });

  it('classifies added, removed, changed and same leaves', () => {
    const rows = diffJson(
      { role: 'viewer', name: 'A', prefs: { theme: 'dark' }, gone: 1 },
      { role: 'admin', name: 'A', prefs: { theme: 'dark', tz: 'UTC' } },
    );
    expect(rows).toEqual([
      { path: 'gone', kind: 'removed', before: 1 },
      { path: 'name', kind: 'same', before: 'A', after: 'A' },
      { path: 'prefs.theme', kind: 'same', before: 'dark', after: 'dark' },
      { path: 'prefs.tz', kind: 'added', after: 'UTC' },
      { path: 'role', kind: 'changed', before: 'viewer', after: 'admin' },
    ]);
  });

  it('treats a creation (no before) as all added', () => {
    expect(diffJson(null, { id: 'k1' })).toEqual([{ path: 'id', kind: 'added', after: 'k1' }]);
  });
});
