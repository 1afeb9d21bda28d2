// The browser session: read once and kept in the query cache, its CSRF token handed to the
// API client; login and logout; and what the signed-in user may do.
import { queryOptions, useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { api, setCsrfToken } from '../../api/client.js';
import type { Session, SignedIn } from './types.js';

export const sessionQuery = queryOptions({
  queryKey: ['session'],
  queryFn: async () => {
    const session = await api<Session>('/api/session', { allowUnauthorized: true });
    setCsrfToken(session.authenticated ? session.csrf_token : null);
    return session;
  },
  staleTime: 60_000,
});

/** The signed-in session; only used below the routes that require one. */
export function useSignedIn(): SignedIn {
  const { data } = useSuspenseQuery(sessionQuery);
  if (!data.authenticated) throw new Error('not signed in');
  return data;
}

export function useCan(): (permission: string) => boolean {
  const session = useSignedIn();
  return (permission) => session.permissions.includes(permission);
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { username: string; password: string }) => api<Session>('/api/session/login', { method: 'POST', body: input, allowUnauthorized: true }),
    onSuccess: (session) => {
      setCsrfToken(session.authenticated ? session.csrf_token : null);
      client.setQueryData(sessionQuery.queryKey, session);
    },
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/api/session/logout', { method: 'POST', allowUnauthorized: true }),
    onSettled: () => {
      setCsrfToken(null);
      client.clear();
      window.location.assign('/login');
    },
  });
}
