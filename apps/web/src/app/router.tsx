import { createBrowserRouter, Navigate, type RouteObject } from 'react-router-dom';
import { ChangePasswordPage } from '../features/auth/change-password-page.tsx';
import { SignInPage } from '../features/auth/sign-in-page.tsx';
import { ComingSoonPage, NotFoundPage } from '../features/placeholders/coming-soon-page.tsx';
import { AREAS } from './areas.ts';
import { FullPageMessage } from './full-page.tsx';
import { RouteError } from './route-error.tsx';
import { AuthEvents, RequireAuth } from './session.tsx';
import { Shell } from './shell.tsx';

// Sign-in and the shell are in the first bundle; every screen behind them loads on demand, so the
// page people open at the start of an incident stays small.
const BUILT = new Set(['/explore', '/errors', '/traces', '/metric-explorer']);
const placeholderRoutes: RouteObject[] = AREAS.filter((a) => a.coming && !BUILT.has(a.path)).map(
  (a) => ({
    path: `${a.path.slice(1)}/*`,
    element: <ComingSoonPage area={a} />,
  }),
);

export const routes: RouteObject[] = [
  {
    element: <AuthEvents />,
    errorElement: <RouteError />,
    // Shown while a lazy route's code loads on the first page view.
    hydrateFallbackElement: <FullPageMessage busy>Loading Pharos…</FullPageMessage>,
    children: [
      { path: 'sign-in', element: <SignInPage /> },
      { path: 'change-password', element: <ChangePasswordPage /> },
      {
        // The public status page, for anonymous visitors. Not /status/:slug: the server answers
        // that with the page's JSON for every client, browsers included.
        path: 's/:slug',
        lazy: async () => ({
          Component: (await import('../features/monitors/public-status-page.tsx')).PublicStatusPage,
        }),
      },
      {
        element: (
          <RequireAuth>
            <Shell />
          </RequireAuth>
        ),
        errorElement: <RouteError />,
        children: [
          { index: true, element: <Navigate to="/explore" replace /> },
          ...placeholderRoutes,
          {
            path: 'explore',
            lazy: async () => ({
              Component: (await import('../features/logs/explore-page.tsx')).ExplorePage,
            }),
          },
          {
            path: 'explore/pivot',
            lazy: async () => ({
              Component: (await import('../features/logs/pivot-page.tsx')).PivotPage,
            }),
          },
          {
            path: 'errors',
            lazy: async () => ({
              Component: (await import('../features/errors/issues-page.tsx')).IssuesPage,
            }),
          },
          {
            path: 'errors/:id',
            lazy: async () => ({
              Component: (await import('../features/errors/issue-page.tsx')).IssuePage,
            }),
          },
          {
            path: 'monitors',
            lazy: async () => ({
              Component: (await import('../features/monitors/monitors-page.tsx')).MonitorsPage,
            }),
          },
          {
            path: 'monitors/status-pages',
            lazy: async () => ({
              Component: (await import('../features/monitors/status-pages-page.tsx'))
                .StatusPagesPage,
            }),
          },
          {
            path: 'monitors/:id',
            lazy: async () => ({
              Component: (await import('../features/monitors/monitor-page.tsx')).MonitorPage,
            }),
          },
          {
            path: 'traces',
            lazy: async () => ({
              Component: (await import('../features/traces/traces-page.tsx')).TracesPage,
            }),
          },
          {
            path: 'traces/:traceId',
            lazy: async () => ({
              Component: (await import('../features/traces/trace-page.tsx')).TracePage,
            }),
          },
          {
            path: 'metric-explorer',
            lazy: async () => ({
              Component: (await import('../features/metrics/metrics-page.tsx')).MetricsPage,
            }),
          },
          {
            path: 'performance',
            lazy: async () => ({
              Component: (await import('../features/performance/services-page.tsx')).ServicesPage,
            }),
          },
          {
            path: 'performance/:service',
            lazy: async () => ({
              Component: (await import('../features/performance/service-page.tsx')).ServicePage,
            }),
          },
          {
            // Every shared component with demo data (a living reference for screen builders).
            path: 'kit',
            lazy: async () => ({
              Component: (await import('../features/kit/kit-page.tsx')).KitPage,
            }),
          },
          {
            path: 'audit',
            lazy: async () => ({
              Component: (await import('../features/audit/audit-page.tsx')).AuditPage,
            }),
          },
          {
            path: 'settings',
            lazy: async () => ({
              Component: (await import('../features/settings/settings-layout.tsx')).SettingsLayout,
            }),
            children: [
              { index: true, element: <Navigate to="profile" replace /> },
              {
                path: 'profile',
                lazy: async () => ({
                  Component: (await import('../features/settings/profile-page.tsx')).ProfilePage,
                }),
              },
              {
                path: 'security',
                lazy: async () => ({
                  Component: (await import('../features/settings/security-page.tsx')).SecurityPage,
                }),
              },
              {
                path: 'users',
                lazy: async () => ({
                  Component: (await import('../features/settings/users-page.tsx')).UsersPage,
                }),
              },
              {
                path: 'teams',
                lazy: async () => ({
                  Component: (await import('../features/settings/teams-page.tsx')).TeamsPage,
                }),
              },
              {
                path: 'api-keys',
                lazy: async () => ({
                  Component: (await import('../features/settings/api-keys-page.tsx')).ApiKeysPage,
                }),
              },
              {
                path: 'projects',
                lazy: async () => ({
                  Component: (await import('../features/settings/projects-page.tsx')).ProjectsPage,
                }),
              },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];

export const router = createBrowserRouter(routes);
