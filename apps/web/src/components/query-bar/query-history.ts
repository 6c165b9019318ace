/** Recent queries per page, newest first, in localStorage (storage injected for tests). */

export const MAX_HISTORY = 20;

export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

export function readHistory(storage: KeyValueStorage | null, key: string): string[] {
  if (!storage) return [];
  try {
    const parsed: unknown = JSON.parse(storage.getItem(key) ?? '[]');
    return Array.isArray(parsed)
      ? parsed.filter((q): q is string => typeof q === 'string').slice(0, MAX_HISTORY)
      : [];
  } catch {
    return []; // a corrupt entry must not break the page
  }
}

/** Puts `query` first, drops its older copy and blank queries, keeps MAX_HISTORY entries. */
export function addToHistory(history: readonly string[], query: string): string[] {
  const q = query.trim();
  if (q === '') return [...history];
  return [q, ...history.filter((h) => h !== q)].slice(0, MAX_HISTORY);
}

export function writeHistory(
  storage: KeyValueStorage | null,
  key: string,
  history: readonly string[],
): void {
  try {
    storage?.setItem(key, JSON.stringify(history));
  } catch {
    // Quota exceeded or storage disabled: history is a convenience, not worth an error.
  }
}

/**
 * The token the caret is in (text after the last whitespace before the caret) and where it
 * starts; suggestions replace exactly this token.
 */
export function currentToken(text: string, caret: number): { token: string; start: number } {
  const before = text.slice(0, caret);
  const start = Math.max(before.lastIndexOf(' '), before.lastIndexOf('\t')) + 1;
  return { token: before.slice(start), start };
}

/** Replaces the token at the caret with `suggestion`; returns the new text and caret. */
export function applySuggestion(
  text: string,
  caret: number,
  suggestion: string,
): { text: string; caret: number } {
  const { start } = currentToken(text, caret);
  const after = text.slice(caret);
  const next = text.slice(0, start) + suggestion + after;
  return { text: next, caret: start + suggestion.length };
}

/** Whether a global `/` press should focus the query bar (not while typing somewhere else). */
export function isTypingTarget(
  target: { tagName?: string; isContentEditable?: boolean } | null,
): boolean {
  if (!target) return false;
  const tag = (target.tagName ?? '').toUpperCase();
  return (
    tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable === true
  );
}
