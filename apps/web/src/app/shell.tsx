import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, NavLink, Outlet, useNavigate } from 'react-router-dom';
import { IconButton } from '../components/button.tsx';
import { Popover } from '../components/popover.tsx';
import { listOrgs, signOut, switchOrg, updateMe } from '../features/auth/api.ts';
import { applyTheme, resolveTheme, storedTheme } from '../lib/theme.ts';
import { AREAS, type Area } from './areas.ts';
import { useMe } from './session.tsx';
import './shell.css';

const GROUPS: Array<{ id: Area['group']; label: string }> = [
  { id: 'observe', label: 'Observe' },
  { id: 'respond', label: 'Respond' },
  { id: 'manage', label: 'Manage' },
];

/** The layout every signed-in page renders in: navigation, organization switcher, user menu. */
export function Shell() {
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav className="shell-nav" aria-label="Main">
        <Link to="/" className="shell-brand">
          <img src="/favicon.svg" alt="" width={22} height={22} />
          <span className="shell-nav-text">Pharos</span>
        </Link>
        {GROUPS.map((g) => (
          <div key={g.id} className="shell-nav-group">
            <div className="shell-nav-heading shell-nav-text" aria-hidden="true">
              {g.label}
            </div>
            <ul>
              {AREAS.filter((a) => a.group === g.id).map((a) => (
                <li key={a.path}>
                  <NavLink
                    to={a.path}
                    className="shell-nav-link"
                    title={a.label}
                    aria-label={a.label}
                  >
                    <span className="shell-nav-icon" aria-hidden="true">
                      {a.icon}
                    </span>
                    <span className="shell-nav-text">{a.label}</span>
                  </NavLink>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      <header className="shell-top">
        <OrgSwitcher />
        <div className="shell-top-spacer" />
        <ThemeToggle />
        <UserMenu />
      </header>
      <main id="main" className="shell-main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}

function OrgSwitcher() {
  const me = useMe();
  const queryClient = useQueryClient();
  const orgs = useQuery({ queryKey: ['orgs'], queryFn: listOrgs, staleTime: 5 * 60_000 });
  const sw = useMutation({
    mutationFn: switchOrg,
    // Everything cached belongs to the previous organization.
    onSuccess: () => queryClient.resetQueries(),
  });
  const items = orgs.data?.items ?? [];
  if (items.length <= 1) {
    return (
      <div className="shell-org" title="Organization">
        <span className="visually-hidden">Organization: </span>
        {me.organization.name}
      </div>
    );
  }
  return (
    <label className="shell-org">
      <span className="visually-hidden">Organization</span>
      <select
        className="px-select"
        value={me.organization.id}
        disabled={sw.isPending}
        onChange={(e) => sw.mutate(e.target.value)}
      >
        {items.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name} ({o.role})
          </option>
        ))}
      </select>
    </label>
  );
}

/** Flips between light and dark; the choice is kept in this browser and in the profile. */
export function ThemeToggle() {
  const queryClient = useQueryClient();
  const [theme, setTheme] = useState(() => resolveTheme(storedTheme()));
  const nextTheme = theme === 'dark' ? 'light' : 'dark';
  return (
    <IconButton
      label={`Switch to ${nextTheme} theme`}
      icon={theme === 'dark' ? '☀' : '☾'}
      onClick={() => {
        applyTheme(nextTheme);
        setTheme(nextTheme);
        void updateMe({ preferences: { theme: nextTheme } }).then(
          (me) => queryClient.setQueryData(['me'], me),
          () => undefined,
        );
      }}
    />
  );
}

function UserMenu() {
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const doSignOut = async () => {
    try {
      await signOut();
    } finally {
      queryClient.clear();
      void navigate('/sign-in', { replace: true });
    }
  };
  const initials = (me.name || me.email)
    .split(/[\s@.]+/)
    .slice(0, 2)
    .map((s) => s[0]?.toUpperCase() ?? '')
    .join('');
  return (
    <Popover
      label="User menu"
      triggerClassName="shell-user-trigger"
      align="end"
      // Named by its content, so the visible initials are part of the name (WCAG 2.5.3).
      trigger={
        <>
          <span className="visually-hidden">User menu for {me.name || me.email}, </span>
          <span className="shell-avatar">{initials}</span>
        </>
      }
    >
      {(close) => (
        <div className="user-menu">
          <div className="user-menu-who">
            <strong>{me.name || me.email}</strong>
            <span>{me.email}</span>
            <span>
              {me.role} in {me.organization.name}
            </span>
          </div>
          <ul>
            <li>
              <Link to="/settings/profile" onClick={close}>
                Profile and preferences
              </Link>
            </li>
            <li>
              <Link to="/settings/security" onClick={close}>
                Two-factor authentication
              </Link>
            </li>
            <li>
              <button type="button" onClick={() => void doSignOut()}>
                Sign out
              </button>
            </li>
          </ul>
        </div>
      )}
    </Popover>
  );
}
