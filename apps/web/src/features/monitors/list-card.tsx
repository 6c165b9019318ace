import type { ReactNode } from 'react';
import { Button } from '../../components/button.tsx';
import { errorText } from '../common/errors.ts';

/**
 * A card of the status pages screen listing one kind of item (incidents, maintenance windows):
 * heading, the create action for writers, the items, or an empty state that says what to do
 * (or why the list could not be read).
 */
export function ListCard<T extends { id: string }>(props: {
  id: string;
  title: string;
  /** The create button, shown to writers only. */
  action?: { label: string; onClick(): void } | null;
  items: T[];
  error: unknown;
  empty: string;
  renderItem(item: T): ReactNode;
  children?: ReactNode;
}) {
  const { id, title, action, items, error, empty, renderItem, children } = props;
  return (
    <section className="mon-card" aria-labelledby={id}>
      <div className="mon-card-head">
        <h2 id={id}>{title}</h2>
        {action && (
          <Button size="sm" onClick={action.onClick}>
            {action.label}
          </Button>
        )}
      </div>
      {items.length === 0 ? (
        <p className="muted">{error ? errorText(error) : empty}</p>
      ) : (
        <ul className="mon-list">
          {items.map((item) => (
            <li key={item.id}>{renderItem(item)}</li>
          ))}
        </ul>
      )}
      {children}
    </section>
  );
}
