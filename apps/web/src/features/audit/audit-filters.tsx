import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Button } from '../../components/button.tsx';
import { useTimeZone } from '../../components/time-zone.tsx';
import {
  fromDateTimeLocalValue,
  parseTimePoint,
  RELATIVE_PRESETS,
  toDateTimeLocalValue,
  writeTimeRangeParams,
} from '../../lib/time-range.ts';
import { TextField } from '../common/form-field.tsx';
import { AUDIT_DEFAULT_RANGE, TEXT_FILTERS, type AuditView } from './url-state.ts';

const CUSTOM = 'custom';

/** The filter bar; applies on submit (Enter or the button) so typing does not fire queries. */
export function AuditFiltersForm({ view }: { view: AuditView }) {
  const [params] = useSearchParams();
  // Remount when the URL changes (back/forward, a shared link) so the fields show the URL.
  const key =
    TEXT_FILTERS.map((k) => view[k]).join('|') + view.outcome + view.range.from + view.range.to;
  return <Form key={key} view={view} params={params} />;
}

function Form({ view, params }: { view: AuditView; params: URLSearchParams }) {
  const [, setParams] = useSearchParams();
  const tz = useTimeZone();
  const [values, setValues] = useState(view);
  const isPreset =
    view.range.to === 'now' && RELATIVE_PRESETS.some((p) => p.from === view.range.from);
  const [preset, setPreset] = useState(isPreset ? view.range.from : CUSTOM);
  const local = (expr: string) => {
    const p = parseTimePoint(expr);
    const ms = p?.kind === 'absolute' ? p.ms : Date.now() + (p?.offsetMs ?? 0);
    return toDateTimeLocalValue(ms, tz).slice(0, 16);
  };
  const [from, setFrom] = useState(() => local(view.range.from));
  const [to, setTo] = useState(() => local(view.range.to));
  const set = (k: keyof AuditView) => (v: string) => setValues((s) => ({ ...s, [k]: v }));

  const apply = (e?: FormEvent) => {
    e?.preventDefault();
    let next = new URLSearchParams(params);
    for (const k of TEXT_FILTERS) {
      const v = values[k].trim();
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (values.outcome) next.set('outcome', values.outcome);
    else next.delete('outcome');
    if (preset === CUSTOM) {
      const f = fromDateTimeLocalValue(from, tz);
      const t = fromDateTimeLocalValue(to, tz);
      if (f !== null && t !== null && f < t) {
        next = writeTimeRangeParams(
          { from: new Date(f).toISOString(), to: new Date(t).toISOString(), refresh: 'off' },
          next,
        );
      }
    } else {
      next = writeTimeRangeParams({ from: preset, to: 'now', refresh: 'off' }, next);
    }
    next.delete('event');
    setParams(next);
  };
  const clear = () => {
    const next = new URLSearchParams();
    setParams(writeTimeRangeParams(AUDIT_DEFAULT_RANGE, next));
  };

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
      <div className="form-field">
        <label className="form-label" htmlFor="audit-range">
          Time range ({tz})
        </label>
        <select
          id="audit-range"
          className="px-select"
          value={preset}
          onChange={(e) => setPreset(e.target.value)}
        >
          {RELATIVE_PRESETS.map((p) => (
            <option key={p.from} value={p.from}>
              {p.label}
            </option>
          ))}
          <option value={CUSTOM}>Between…</option>
        </select>
      </div>
      {preset === CUSTOM && (
        <>
          <TextField label="From" type="datetime-local" value={from} onChange={setFrom} />
          <TextField label="To" type="datetime-local" value={to} onChange={setTo} />
        </>
      )}
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
