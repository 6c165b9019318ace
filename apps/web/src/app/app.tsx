import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router-dom';
import { ToastProvider } from '../components/toast.tsx';
import { fetchMe, meKey } from '../features/auth/api.ts';
import { ApiError } from '../lib/api.ts';
import { router } from './router.tsx';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // Client errors (4xx) will not change on retry; network and 5xx errors get one more try.
      retry: (count, err) =>
        !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 1,
    },
  },
});

// The session is needed by every signed-in page: ask for it while the route's code downloads
// instead of after it (the sign-in pages need no session).
if (!window.location.pathname.startsWith('/sign-in')) {
  void queryClient.prefetchQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 5 * 60_000 });
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <RouterProvider router={router} />
      </ToastProvider>
    </QueryClientProvider>
  );
}
