// The console's entry: theme, query cache, router; a 401 from the API anywhere sends the
// analyst to /login and back to the same view afterwards.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { ApiError, setUnauthorizedHandler } from '../api/client.js';
import { ToastProvider } from '../components/Toasts.js';
import { sessionQuery } from '../features/session/useSession.js';
import { createAppRouter } from './router.js';
import { applyTheme, storedTheme } from './theme.js';
import './styles.css';

applyTheme(storedTheme());

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      refetchOnWindowFocus: true,
      // A 4xx will not get better by asking again.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    },
  },
});
const router = createAppRouter(queryClient);

setUnauthorizedHandler(() => {
  queryClient.setQueryData(sessionQuery.queryKey, { authenticated: false });
  const here = router.state.location;
  if (here.pathname !== '/login') void router.navigate({ to: '/login', search: { next: here.href } } as never);
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <RouterProvider router={router} />
      </ToastProvider>
    </QueryClientProvider>
  </StrictMode>,
);
