import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useMe } from '../../app/session.tsx';
import { Button } from '../../components/button.tsx';
import { browserTimeZone } from '../../lib/format.ts';
import { applyTheme, type ThemePreference } from '../../lib/theme.ts';
import { meKey, updateMe } from '../auth/api.ts';
import { useToast } from '../../components/toast.tsx';
import { errorText } from '../common/errors.ts';
import { TextField } from '../../components/form-field.tsx';
import '../../components/form-field.css';

function timeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: string) => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? [];
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

export function ProfilePage() {
  const me = useMe();
  const queryClient = useQueryClient();
  const toast = useToast();
  const zones = useMemo(() => timeZones(), []);
  const [name, setName] = useState(me.name);
  const [timezone, setTimezone] = useState(me.preferences.timezone ?? '');
  const [theme, setTheme] = useState<ThemePreference>(me.preferences.theme ?? 'system');
  const save = useMutation({
    mutationFn: () =>
      updateMe({
        name,
        // The API merges preferences and cannot unset one: "browser default" is only offered
        // while no zone has been chosen (see the disabled option below).
        preferences: { theme, ...(timezone ? { timezone } : {}) },
      }),
    onSuccess: (updated) => {
      queryClient.setQueryData(meKey, updated);
      applyTheme(theme);
      toast.success('Profile saved');
    },
    onError: (err) => toast.error(`Could not save the profile: ${errorText(err)}`),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };

  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Profile</h1>
      </header>
      <form className="settings-section form-stack" onSubmit={submit}>
        <dl className="muted">
          <dt className="visually-hidden">Email</dt>
          <dd style={{ margin: 0 }}>
            {me.email} · {me.role} in {me.organization.name}
          </dd>
        </dl>
        <TextField
          label="Name"
          value={name}
          onChange={setName}
          autoComplete="name"
          maxLength={255}
        />
        <div className="form-field">
          <label className="form-label" htmlFor="tz">
            Time zone
          </label>
          <select
            id="tz"
            className="px-select"
            value={timezone}
            onChange={(e) => setTimezone(e.target.value)}
            aria-describedby="tz-hint"
          >
            <option value="" disabled={Boolean(me.preferences.timezone)}>
              Browser default ({browserTimeZone()})
            </option>
            {zones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
          <div id="tz-hint" className="form-hint">
            Every time in Pharos is shown in this zone.
          </div>
        </div>
        <div className="form-field">
          <label className="form-label" htmlFor="theme">
            Theme
          </label>
          <select
            id="theme"
            className="px-select"
            value={theme}
            onChange={(e) => setTheme(e.target.value as ThemePreference)}
          >
            <option value="system">Same as the system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </div>
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={save.isPending}>
            Save profile
          </Button>
        </div>
      </form>
    </section>
  );
}
