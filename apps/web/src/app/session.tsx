import { roleAllows, type Permission } from '@pharos/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { TimeZoneProvider } from '../components/time-zone.tsx';
import { fetchMe, meKey, type Me } from '../features/auth/api.ts';
import { ApiError, onAuthError, signInUrl } from '../lib/api.ts';
import { applyTheme, storedTheme } from '../lib/theme.ts';
import { FullPageMessage } from './full-page.tsx';

const MeContext = createContext<Me | null>(null);

/** The signed-in user; only valid below <RequireAuth>. */
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe() outside <RequireAuth>');
  return me;
}

export function changePasswordUrl(next: string): string {
  return `/change-password?next=${encodeURIComponent(next)}`;
}

/**
 * Reacts to the API client's auth failures anywhere in the app: a 401 (session expired or
 * revoked) drops cached data and goes to sign-in with a `next` back to where the user was; a
 * 403 password-change-required goes to the forced password change.
 */
export function AuthEvents() {
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const here = location.pathname + location.search;
  useEffect(
    () =>
      onAuthError((err) => {
        if (err.type === 'password-change-required') {
          if (!location.pathname.startsWith('/change-password'))
            void navigate(changePasswordUrl(here), { replace: true });
          return;
        }
        if (location.pathname.startsWith('/sign-in')) return;
        queryClient.clear();
        void navigate(signInUrl(here), { replace: true, state: { expired: true } });
      }),
    [navigate, queryClient, here, location.pathname],
  );
  return <Outlet />;
}

/** Renders its children only for a signed-in user who needs no password change. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const location = useLocation();
  const here = location.pathname + location.search + location.hash;
  const me = useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 5 * 60_000 });

  const theme = me.data?.preferences.theme;
  useEffect(() => {
    if (theme && theme !== storedTheme()) applyTheme(theme);
  }, [theme]);

  if (me.isPending) return <FullPageMessage busy>Loading Pharos…</FullPageMessage>;
  if (me.isError) {
    const err = me.error;
    if (err instanceof ApiError && err.status === 401)
      return <Navigate to={signInUrl(here)} replace />;
    if (err instanceof ApiError && err.type === 'password-change-required')
      return <Navigate to={changePasswordUrl(here)} replace />;
    return (
      <FullPageMessage>
        Pharos could not load your session: {err.message}{' '}
        <button type="button" className="link-button" onClick={() => void me.refetch()}>
          Try again
        </button>
      </FullPageMessage>
    );
  }
  if (me.data.must_change_password) return <Navigate to={changePasswordUrl(here)} replace />;
  return (
    <MeContext.Provider value={me.data}>
      <TimeZoneProvider timeZone={me.data.preferences.timezone}>{children}</TimeZoneProvider>
    </MeContext.Provider>
  );
}

/** Whether the signed-in user's role grants `permission` (the server checks again). */
export function useCan(permission: Permission): boolean {
  return roleAllows(useMe().role, permission);
}
