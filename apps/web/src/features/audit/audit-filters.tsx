import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Button } from '../../components/button.tsx';
import { TextField } from '../../components/form-field.tsx';
import { TEXT_FILTERS, type AuditView } from './url-state.ts';

/**
 * The text and outcome filters; they apply on submit (Enter or the button) so typing does not fire
 * queries. The time range has its own picker (TimeRangePicker) and applies at once.
 */
export function AuditFiltersForm({ view }: { view: AuditView }) {
  // Remount when the URL changes (back/forward, a shared link) so the fields show the URL.
  const key = TEXT_FILTERS.map((k) => view[k]).join('|') + view.outcome;
  return <Form key={key} view={view} />;
}

function Form({ view }: { view: AuditView }) {
  const [, setParams] = useSearchParams();
  const [values, setValues] = useState(view);
  const set = (k: keyof AuditView) => (v: string) => setValues((s) => ({ ...s, [k]: v }));

  // Time range, sort and columns stay; the open event closes because the list changes.
  const write = (fields: Pick<AuditView, (typeof TEXT_FILTERS)[number] | 'outcome'>) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const k of TEXT_FILTERS) {
        const v = fields[k].trim();
        if (v) next.set(k, v);
        else next.delete(k);
      }
      if (fields.outcome) next.set('outcome', fields.outcome);
      else next.delete('outcome');
      next.delete('event');
      return next;
    });
  const apply = (e?: FormEvent) => {
    e?.preventDefault();
    write(values);
  };
  const clear = () =>
    write({ user: '', action: '', resource_type: '', resource_id: '', outcome: '' });

  return (
    <form className="audit-filters" onSubmit={apply} aria-label="Filter audit events">
      <TextField
        label="User (email or id)"
        value={values.user}
        onChange={set('user')}
        placeholder="alice@example.com"
      />
      <TextField
        label="Action"
        value={values.action}
        onChange={set('action')}
        placeholder="api_key.* or user.create"
      />
      <TextField
        label="Resource type"
        value={values.resource_type}
        onChange={set('resource_type')}
        placeholder="api_key"
      />
      <TextField label="Resource id" value={values.resource_id} onChange={set('resource_id')} />
      <div className="form-field">
        <label className="form-label" htmlFor="audit-outcome">
          Outcome
        </label>
        <select
          id="audit-outcome"
          className="px-select"
          value={values.outcome}
          onChange={(e) => set('outcome')(e.target.value)}
        >
          <option value="">Any</option>
          <option value="success">Success</option>
          <option value="failure">Failure</option>
        </select>
      </div>
      <div className="audit-filter-actions">
        <Button type="submit" variant="primary">
          Apply
        </Button>
        <Button variant="ghost" onClick={clear}>
          Clear
        </Button>
      </div>
    </form>
  );
}
