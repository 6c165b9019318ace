import { describe, expect, it } from 'vitest';
import {
  MAX_HISTORY,
  addToHistory,
  applySuggestion,
  currentToken,
  isTypingTarget,
  readHistory,
  writeHistory,
} from './query-history.ts';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
  };
}

describe('query history', () => {
  it('adds newest first, dedupes, trims and caps', () => {
    let h: string[] = [];
    h = addToHistory(h, 'level:error');
    h = addToHistory(h, '  service:api  ');
    h = addToHistory(h, 'level:error');
    h = addToHistory(h, '   ');
    expect(h).toEqual(['level:error', 'service:api']);
    for (let i = 0; i < 30; i++) h = addToHistory(h, `q${i}`);
    expect(h).toHaveLength(MAX_HISTORY);
    expect(h[0]).toBe('q29');
  });
  it('round-trips through storage and survives corrupt entries', () => {
    const storage = memoryStorage({ bad: '{not json', wrong: '{"a":1}', mixed: '["a",2,"b"]' });
    writeHistory(storage, 'k', ['x', 'y']);
    expect(readHistory(storage, 'k')).toEqual(['x', 'y']);
    expect(readHistory(storage, 'bad')).toEqual([]);
    expect(readHistory(storage, 'wrong')).toEqual([]);
    expect(readHistory(storage, 'mixed')).toEqual(['a', 'b']);
    expect(readHistory(null, 'k')).toEqual([]);
    const full = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(() => writeHistory(full, 'k', ['x'])).not.toThrow();
  });
});

describe('suggestions', () => {
  it('finds the token at the caret', () => {
    expect(currentToken('level:error serv', 16)).toEqual({ token: 'serv', start: 12 });
    expect(currentToken('level:error serv', 5)).toEqual({ token: 'level', start: 0 });
    expect(currentToken('', 0)).toEqual({ token: '', start: 0 });
  });
  it('replaces only the token at the caret', () => {
    expect(applySuggestion('level:error serv', 16, 'service:')).toEqual({
      text: 'level:error service:',
      caret: 20,
    });
    expect(applySuggestion('lev timeout', 3, 'level:')).toEqual({
      text: 'level: timeout',
      caret: 6,
    });
  });
  it('knows when a slash is being typed into a field', () => {
    expect(isTypingTarget({ tagName: 'input' })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTypingTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});
